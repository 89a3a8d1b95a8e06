"""Where a unit was on a given day, from a path with one date per vertex.

A movement is a LineString whose vertices carry dates (folium's
TimestampedGeoJson convention). Between two distinct dates the unit moves at a
steady pace along the path: the vertices that share a date (a sea route's many
turning points) are passed in proportion to the distance along the path, so a
head glides instead of jumping from the first to the last of them.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from shapely.geometry import LineString, Point

EPOCH = np.datetime64("1970-01-01", "D")


@dataclass(frozen=True)
class Progress:
    """A unit's state on one day: the path travelled so far and its head."""

    travelled: LineString | None  # None before the first waypoint or with one point
    head: Point | None  # None before the first waypoint
    bearing: float  # degrees clockwise from north, of the last leg
    fraction: float  # 0..1 of the time span elapsed


def _leg_lengths(coords: np.ndarray) -> np.ndarray:
    """Length of each leg in degrees of latitude (longitude shrunk by cos(latitude))."""
    lon, lat = coords[:, 0], coords[:, 1]
    east = np.diff(lon) * np.cos(np.radians((lat[:-1] + lat[1:]) / 2))
    return np.hypot(east, np.diff(lat))


def vertex_days(coords: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Fractional day numbers (days since 1970-01-01) at which the unit passes each vertex.

    A vertex with a date of its own is passed on that day (at its start). The vertices
    between the last vertex of one date and the last vertex of the next date are passed
    at times proportional to the path length from the former, so the unit keeps a steady
    pace over the whole stretch. Whole-day positions are unchanged: on a dated day the
    unit stands at the last vertex of that date, as before.

    Parameters
    ----------
    coords : ndarray, shape (n, 2)
        lon/lat vertices.
    times : ndarray of datetime64[D]
        One non-decreasing date per vertex.

    Returns
    -------
    ndarray of float
        Non-decreasing, equal to the dates where the dates are distinct.
    """
    days = (np.asarray(times).astype("datetime64[D]") - EPOCH).astype(int).astype(float)
    out = days.copy()
    n = len(days)
    if n < 3:
        return out
    legs = _leg_lengths(np.asarray(coords, dtype=float)[:, :2])
    # The last vertex of each run of equal dates: the unit is there on that date.
    anchors = [i for i in range(n) if i == n - 1 or days[i + 1] != days[i]]
    for a, b in itertools.pairwise(anchors):
        if b - a < 2:
            continue
        along = np.cumsum(legs[a:b])
        total = along[-1]
        span = days[b] - days[a]
        if total > 0:
            out[a + 1 : b] = days[a] + span * along[:-1] / total
        else:  # standing still: the vertices are one place, reached at the later date
            out[a + 1 : b] = days[b]
    return out


def progress_on(path: LineString, times: np.ndarray, day: np.datetime64) -> Progress:
    """Interpolate ``path`` (vertices dated by ``times``, datetime64[D]) at ``day``.

    Before the first date the unit is nowhere; after the last it stays at the
    final waypoint. Between distinct dates the unit moves along the path at a
    steady pace (:func:`vertex_days`); the waypoints of its first date are passed
    at once.
    """
    coords = np.asarray(path.coords)
    if day < times[0]:
        return Progress(None, None, 0.0, 0.0)
    span = (times[-1] - times[0]).astype(int)
    fraction = 1.0 if span == 0 else min(1.0, float((day - times[0]).astype(int)) / span)
    passed = vertex_days(coords, times)
    now = float((day.astype("datetime64[D]") - EPOCH).astype(int))
    # Index of the last vertex reached (passed is non-decreasing).
    reached = int(np.searchsorted(passed, now, side="right")) - 1
    if reached >= len(coords) - 1:
        head = coords[-1]
        done = coords
    else:
        t0, t1 = passed[reached], passed[reached + 1]
        share = (now - t0) / (t1 - t0)
        head = coords[reached] + share * (coords[reached + 1] - coords[reached])
        done = np.vstack([coords[: reached + 1], head])
    bearing = _bearing(done)
    travelled = LineString(done) if len(done) >= 2 and not np.allclose(done[0], done[-1]) else None
    return Progress(travelled, Point(head), bearing, fraction)


def mode_parts(coords: np.ndarray, modes: list[str] | tuple[str, ...] | None) -> list[tuple[str, np.ndarray]]:
    """Split a (travelled) path into runs of legs of one mode: ``[(mode, coords), ...]``.

    ``modes`` has one ``land``/``sea`` per leg of the full path; a travelled path's leg
    *i* is the full path's leg *i* (its last leg may be cut short). No modes: one land run.
    """
    coords = np.asarray(coords)
    legs = len(coords) - 1
    if legs < 1:
        return []
    if not modes:
        return [("land", coords)]
    kinds = [str(modes[min(i, len(modes) - 1)]) for i in range(legs)]
    parts, start = [], 0
    for i in range(1, legs + 1):
        if i == legs or kinds[i] != kinds[start]:
            parts.append((kinds[start], coords[start : i + 1]))
            start = i
    return parts


def _bearing(done: np.ndarray) -> float:
    """Compass bearing of the last non-zero leg of ``done`` (lon/lat pairs)."""
    for i in range(len(done) - 1, 0, -1):
        (lon0, lat0), (lon1, lat1) = done[i - 1], done[i]
        if lon0 != lon1 or lat0 != lat1:
            east = (lon1 - lon0) * math.cos(math.radians((lat0 + lat1) / 2))
            north = lat1 - lat0
            return math.degrees(math.atan2(east, north)) % 360
    return 0.0
