"""Exports for analysts: static maps (PNG/SVG/PDF), animations (GIF/MP4), standalone HTML, GIS files.

Every export draws from :func:`map_layers.timeslice.slice_day`, so it shows what
the live map shows on the same day. Submodules load on first use, so building
the standalone HTML never imports matplotlib.
"""

from __future__ import annotations

from datetime import date, timedelta
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from map_layers.export.animate import render_animation
    from map_layers.export.gis import gis_layers, render_gis
    from map_layers.export.standalone import standalone_html
    from map_layers.export.static import FontMissingError, MapFigure, render_snapshot

# Formats and frame limits live here, away from matplotlib, so the CLI can check its
# arguments without importing a renderer.
STATIC_FORMATS = ("png", "svg", "pdf")
ANIMATION_FORMATS = ("gif", "mp4")
# For GIS (map_layers.export.gis): the whole period without a day, or one day's slice.
GIS_FORMATS = ("gpkg", "parquet")
MAX_FRAMES = 2000


def frame_days(start: date, end: date, step_days: int) -> list[date]:
    """The days of the frames: ``start``, ``start + step``, … up to and including ``end``."""
    if step_days < 1:
        raise ValueError(f"step_days must be at least 1, got {step_days}")
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    count = (end - start).days // step_days + 1
    if count > MAX_FRAMES:
        raise ValueError(f"{count} frames requested; at most {MAX_FRAMES}: use a larger step")
    return [start + timedelta(days=index * step_days) for index in range(count)]


_WHERE = {
    "render_snapshot": "static",
    "MapFigure": "static",
    "FontMissingError": "static",
    "render_animation": "animate",
    "standalone_html": "standalone",
    "gis_layers": "gis",
    "render_gis": "gis",
}

__all__ = [
    "FontMissingError",
    "MapFigure",
    "gis_layers",
    "render_animation",
    "render_gis",
    "render_snapshot",
    "standalone_html",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"map_layers.export.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'map_layers.export' has no attribute {name!r}")
