#!/usr/bin/env bash
# The project's checks, in order, stopping at the first failure:
#   lint (ruff check), formatting (ruff format --check), types (mypy, configured in
#   pyproject.toml) and the tests (pytest; arguments are passed on, e.g. -m "not browser").
# pytest runs on two workers (pytest-xdist): the browser tier on one, in order (tests/conftest.py
# groups it), the CPU-bound unit and data tiers on the other; "-n 0" runs everything in one process.
# Uses the venv that tools/setup.sh --test made. The README's test command and .ci/run run it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}

echo "check: ruff check" && "$PY" -m ruff check .
echo "check: ruff format --check" && "$PY" -m ruff format --check .
echo "check: mypy" && "$PY" -m mypy
echo "check: pytest" && "$PY" -m pytest -n 2 --dist loadgroup "$@"
