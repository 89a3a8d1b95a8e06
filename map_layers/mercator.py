"""Web Mercator (EPSG:3857), the projection of the live map, in one place (pyproj).

The static exports draw in it, so a bbox taken from the screen shows the same picture,
and permalinks turn a Leaflet view (centre, zoom, pixels) into a bbox with it. Map units
are "Mercator degrees": EPSG:3857 metres divided by the metres of one degree of the
equator, so x is the longitude and a distance along the equator reads in degrees.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from pyproj import CRS, Transformer

MAX_LAT = 85.0  # what the maps show; Web Mercator itself stops at 85.0511°
TILE = 256  # Leaflet's pixels for the whole world at zoom 0


def _web_mercator_radius() -> float:
    """The sphere's radius of EPSG:3857 (6,378,137 m), as pyproj defines it."""
    ellipsoid = CRS.from_epsg(3857).ellipsoid
    if ellipsoid is None:  # pyproj types it optional; EPSG:3857 always has one
        raise RuntimeError("pyproj's EPSG:3857 has no ellipsoid")
    return float(ellipsoid.semi_major_metre)


_RADIUS = _web_mercator_radius()
_DEGREE = _RADIUS * math.pi / 180  # metres of one degree of longitude on the equator


@lru_cache(maxsize=1)
def _transformer() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


def project(coords: np.ndarray) -> np.ndarray:
    """(n, 2) lon/lat degrees -> Mercator degrees; latitudes clipped to ±:data:`MAX_LAT`."""
    lonlat = np.array(coords, dtype=float, copy=True)
    if not len(lonlat):
        return lonlat
    x, y = _transformer().transform(lonlat[:, 0], np.clip(lonlat[:, 1], -MAX_LAT, MAX_LAT))
    lonlat[:, 0], lonlat[:, 1] = np.asarray(x) / _DEGREE, np.asarray(y) / _DEGREE
    return lonlat


def unproject(coords: np.ndarray) -> np.ndarray:
    """Mercator degrees -> (n, 2) lon/lat degrees."""
    xy = np.asarray(coords, dtype=float) * _DEGREE
    lon, lat = _transformer().transform(xy[:, 0], xy[:, 1], direction="INVERSE")
    return np.column_stack([lon, lat])


def world_y(lat: float) -> float:
    """Latitude -> Leaflet's world y in [0, 1] (0 = north edge, 1 = south edge)."""
    y = project(np.array([[0.0, lat]]))[0, 1]
    return 0.5 - y / 360


def lat_of_world_y(y: float) -> float:
    """Leaflet's world y in [0, 1] -> latitude (the inverse of :func:`world_y`, unclipped)."""
    return float(unproject(np.array([[0.0, (0.5 - y) * 360]]))[0, 1])


def view_bbox(lat: float, lon: float, zoom: float, width_px: int, height_px: int) -> tuple[float, ...]:
    """The (west, south, east, north) a Leaflet map of that many pixels shows around (lat, lon)."""
    scale = TILE * 2**zoom  # world width in pixels at this zoom
    half_w = width_px / 2 / scale * 360
    centre_y, half_h = world_y(lat), height_px / 2 / scale
    west, east = max(-180.0, lon - half_w), min(180.0, lon + half_w)
    north, south = lat_of_world_y(max(0.0, centre_y - half_h)), lat_of_world_y(min(1.0, centre_y + half_h))
    return round(west, 4), round(max(south, -MAX_LAT), 4), round(east, 4), round(min(north, MAX_LAT), 4)


def zoom_for(width_px: float, west: float, east: float) -> float:
    """The Leaflet zoom at which ``west``..``east`` spans ``width_px`` pixels."""
    return math.log2(width_px * 360 / (TILE * max(east - west, 1e-9)))
