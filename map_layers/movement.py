"""Where a unit was on a given day, from a path with one date per vertex.

A movement is a LineString whose vertices carry dates (folium's
TimestampedGeoJson convention). Between two waypoints the unit moves at a
steady pace, so its position on any day is a linear interpolation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from shapely.geometry import LineString, Point


@dataclass(frozen=True)
class Progress:
    """A unit's state on one day: the path travelled so far and its head."""

    travelled: LineString | None  # None before the first waypoint or with one point
    head: Point | None  # None before the first waypoint
    bearing: float  # degrees clockwise from north, of the last leg
    fraction: float  # 0..1 of the time span elapsed


def progress_on(path: LineString, times: np.ndarray, day: np.datetime64) -> Progress:
    """Interpolate ``path`` (vertices dated by ``times``, datetime64[D]) at ``day``.

    Before the first date the unit is nowhere; after the last it stays at the
    final waypoint. Waypoints on the same day are passed through at once.
    """
    coords = np.asarray(path.coords)
    if day < times[0]:
        return Progress(None, None, 0.0, 0.0)
    span = (times[-1] - times[0]).astype(int)
    fraction = 1.0 if span == 0 else min(1.0, float((day - times[0]).astype(int)) / span)
    # Index of the last vertex reached (times are non-decreasing).
    reached = int(np.searchsorted(times, day, side="right")) - 1
    if reached >= len(coords) - 1:
        head = coords[-1]
        done = coords
    else:
        t0, t1 = times[reached], times[reached + 1]
        share = float((day - t0).astype(int)) / float((t1 - t0).astype(int))
        head = coords[reached] + share * (coords[reached + 1] - coords[reached])
        done = np.vstack([coords[: reached + 1], head])
    bearing = _bearing(done)
    travelled = LineString(done) if len(done) >= 2 and not np.allclose(done[0], done[-1]) else None
    return Progress(travelled, Point(head), bearing, fraction)


def _bearing(done: np.ndarray) -> float:
    """Compass bearing of the last non-zero leg of ``done`` (lon/lat pairs)."""
    for i in range(len(done) - 1, 0, -1):
        (lon0, lat0), (lon1, lat1) = done[i - 1], done[i]
        if lon0 != lon1 or lat0 != lat1:
            east = (lon1 - lon0) * math.cos(math.radians((lat0 + lat1) / 2))
            north = lat1 - lat0
            return math.degrees(math.atan2(east, north)) % 360
    return 0.0
