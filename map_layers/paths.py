"""Where the shipped data and assets live (the only module that knows the repo layout)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# RJW_EVENTS / RJW_GEODATA let benchmarks and tests run the app on generated data.
EVENTS_CSV = Path(os.environ.get("RJW_EVENTS", ROOT / "events.csv"))
GEODATA_DIR = Path(os.environ.get("RJW_GEODATA", ROOT / "geodata"))
STATIC_DIR = ROOT / "static"
# Files bound for static/ are written here first and renamed into place (map_layers.atomic):
# outside the served tree, on the same file system.
STAGING_DIR = Path(os.environ.get("RJW_STAGING", ROOT / ".staging"))
VENDOR_DIR = STATIC_DIR / "vendor"
JS_DIR = Path(__file__).resolve().parent / "js"
