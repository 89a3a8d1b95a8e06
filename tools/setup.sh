#!/usr/bin/env bash
# Set up this project on a fresh Debian (12+) machine: system packages, a venv, Python packages.
#   bash tools/setup.sh          # what the app needs
#   bash tools/setup.sh --test   # plus what the tests and benchmarks need (Chromium, pytest, ...)
# Idempotent: a second run only checks. Needs root or sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--test" ] && want_tests=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: a Python 3.11+ with venv, a font with Arabic glyphs for static exports,
# and for the tests Chromium (driven by Playwright) and pdftoppm (PDF export check).
packages=(fonts-noto-core)
[ "$want_tests" = 1 ] && packages+=(chromium poppler-utils)
PY=""
for candidate in python3.11 python3.12 python3.13 python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
    PY=$(command -v "$candidate"); break
  fi
done
[ -z "$PY" ] && packages+=(python3 python3-venv)
if [ -n "$PY" ] && ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then packages+=(python3-venv); fi

missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -z "$PY" ] && PY=$(command -v python3)

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $PY"
  "$PY" -m venv .venv
fi
requirements=requirements.txt
[ "$want_tests" = 1 ] && requirements=requirements-dev.txt
if ! .venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements"; then
  echo "setup: pip install failed" >&2; exit 1
fi
echo "setup: ready ($(.venv/bin/python --version))"
