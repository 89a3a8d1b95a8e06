"""Geometry to matplotlib: projection to the map's Web Mercator, paths, line styles, markers."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import matplotlib
import numpy as np
import shapely
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D

from map_layers import style
from map_layers.mercator import MAX_LAT, project

BBox = tuple[float, float, float, float]  # west, south, east, north (degrees)
PX = 72 / 96  # one CSS pixel (Leaflet style units) in points


def project_clipped(geometries: Iterable[Any], bbox: BBox) -> list[Any]:
    """Clip to a little more than ``bbox`` (speed) and project to Web Mercator."""
    west, south, east, north = bbox
    pad_x, pad_y = (east - west) * 0.05 + 0.5, (north - south) * 0.05 + 0.5
    window = (west - pad_x, max(south - pad_y, -MAX_LAT), east + pad_x, min(north + pad_y, MAX_LAT))
    clipped = shapely.clip_by_rect(np.asarray(list(geometries), dtype=object), *window)
    return list(shapely.transform(clipped, project))


def polygon_path(geometry: Any) -> MplPath | None:
    """One compound path (holes included) for a Polygon/MultiPolygon."""
    vertices, codes = [], []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            ring_xy = np.asarray(ring.coords)
            if len(ring_xy) < 3:
                continue
            vertices.append(ring_xy)
            ring_codes = np.full(len(ring_xy), MplPath.LINETO, dtype=np.uint8)
            ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            codes.append(ring_codes)
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def line_parts(geometry: Any) -> list[np.ndarray]:
    """The vertex arrays of a (Multi)LineString, empty parts dropped."""
    if geometry is None or geometry.is_empty:
        return []
    parts = getattr(geometry, "geoms", [geometry])
    return [np.asarray(part.coords) for part in parts if part.geom_type == "LineString" and len(part.coords) >= 2]


def rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    red, green, blue = matplotlib.colors.to_rgb(colour)
    return (red, green, blue, float(alpha))


def linestyle(options: dict[str, Any]) -> Any:
    return style.dash_to_matplotlib(options.get("dashArray"), float(options.get("weight", 1)))


@lru_cache(maxsize=1)
def arrow_path() -> MplPath:
    """The movement head arrow (north-up) as a marker path centred on the origin."""
    points = np.asarray(style.HEAD_ARROW, dtype=float)
    points = (points - 12.0) * np.array([1.0, -1.0])  # SVG y runs down
    return MplPath(np.vstack([points, points[:1]]), closed=True)


def head_marker(bearing: float) -> MarkerStyle:
    """Arrow rotated to a compass bearing (clockwise from north)."""
    return MarkerStyle(arrow_path(), transform=Affine2D().rotate_deg(-float(bearing)))
