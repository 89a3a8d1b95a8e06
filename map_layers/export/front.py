"""Front lines on the static map exports (kept apart from static.py, which draws the other layers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import LineCollection

from map_layers import style

_PX = 72 / 96  # one CSS pixel (the style's unit) in points


def draw_front_lines(
    ax: Any, front_lines: Any, parts_of: Callable[[Any], list[np.ndarray]], zorder: float
) -> list[Artist]:
    """Draw the day's front lines on ``ax`` and return the artists (so the caller can remove them).

    Parameters
    ----------
    ax : matplotlib Axes
        The map axes.
    front_lines : GeoDataFrame
        ``DaySlice.front_lines``.
    parts_of : callable
        Turns a geometry into projected line parts (the map's own projection).
    zorder : float
        Drawing depth: above the territories, below railways and tracks.
    """
    parts = [part for geometry in front_lines.geometry for part in parts_of(geometry)]
    if not parts:
        return []
    look = style.FRONT_LINE_STYLE
    dash = tuple(float(v) for v in str(look["dashArray"]).split())
    lines = LineCollection(
        parts,
        colors=[look["color"]],
        alpha=float(look["opacity"]),  # type: ignore[arg-type]
        linewidths=float(look["weight"]) * _PX,  # type: ignore[arg-type]
        linestyles=[(0.0, dash)],
        zorder=zorder,
    )
    return [ax.add_collection(lines)]
