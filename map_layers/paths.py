"""Where the shipped data and assets live (the only module that knows the layouts).

Two layouts hold the same files:

- a checkout of the repository: ``events.csv``, ``geodata/`` and ``static/vendor/`` at its
  top, beside the ``map_layers`` package, where editors change them by hand;
- an installed wheel: the same files copied into ``map_layers/_data/`` (see
  ``[tool.hatch.build.targets.wheel.force-include]`` in ``pyproject.toml``), found through
  :mod:`importlib.resources`.

A checkout wins when it is there, so an editable install or ``python -m map_layers`` in
the repository uses the files being edited. Settings (environment variables) override both:

``RJW_DATA_DIR``
    a folder holding ``events.csv`` and ``geodata/`` (a user's own data set);
``RJW_EVENTS`` / ``RJW_GEODATA``
    the events CSV / the GeoJSON folder alone (benchmarks and tests run on generated data).

The command line's ``--events PATH`` and ``--data-dir DIR`` override these in turn.
Nothing here reads a file: only existence is checked, once, at import.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The repository checkout this package sits in; in an installed wheel, site-packages (unused).
ROOT = PACKAGE_DIR.parent


def _is_data_dir(directory: Path) -> bool:
    return (directory / "events.csv").is_file() and (directory / "geodata").is_dir()


def installed_data_dir() -> Path:
    """The data copied into the wheel: ``map_layers/_data`` (a real folder: wheels install unzipped)."""
    return Path(str(resources.files("map_layers").joinpath("_data")))


def shipped_data_dir() -> Path:
    """The folder of the data that ships with the code: the checkout's top, else the wheel's copy."""
    return ROOT if _is_data_dir(ROOT) else installed_data_dir()


def data_dir() -> Path:
    """The folder holding ``events.csv`` and ``geodata/``: ``RJW_DATA_DIR`` if set, else the shipped data."""
    configured = os.environ.get("RJW_DATA_DIR")
    return Path(configured).expanduser() if configured else shipped_data_dir()


DATA_DIR = data_dir()
EVENTS_CSV = Path(os.environ.get("RJW_EVENTS", DATA_DIR / "events.csv"))
GEODATA_DIR = Path(os.environ.get("RJW_GEODATA", DATA_DIR / "geodata"))
# Leaflet and its plugins belong to the code, not to a data set: never taken from RJW_DATA_DIR.
STATIC_DIR = shipped_data_dir() / "static"
# Files bound for static/ are written here first and renamed into place (map_layers.atomic):
# outside the served tree, on the same file system.
STAGING_DIR = Path(os.environ.get("RJW_STAGING", STATIC_DIR.parent / ".staging"))
VENDOR_DIR = STATIC_DIR / "vendor"
JS_DIR = PACKAGE_DIR / "js"
