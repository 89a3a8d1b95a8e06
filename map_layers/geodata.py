"""Load the committed GeoJSON layers (territories, railways, movements, front lines, land, places) once.

Dates become ``datetime64`` columns so that time slicing is a vectorised mask.
A missing or broken file raises :class:`DataFileError` naming the file and the
problem, which the app shows instead of a traceback: not found, not GeoJSON, a feature
without geometry or with an invalid one, another coordinate system, a property missing,
a date that is not YYYY-MM-DD, an end before its start, movement times out of order.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from map_layers.paths import GEODATA_DIR
from map_layers.rows import python_strings

TERRITORY_FIELDS = ("id", "name_en", "name_ar", "holder", "status", "start", "end")
RAILWAY_FIELDS = ("id", "line_en", "line_ar", "name_en", "name_ar", "opened")
MOVEMENT_FIELDS = ("id", "side", "kind", "unit_en", "unit_ar", "times")
FRONT_FIELDS = ("id", "name_en", "name_ar", "start", "end", "source")


class DataFileError(Exception):
    """A shipped data file is missing or does not hold what the map needs."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path.name}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class GeoData:
    """Every geometry layer of the map, typed and ready to slice."""

    territories: gpd.GeoDataFrame
    railways: gpd.GeoDataFrame
    movements: gpd.GeoDataFrame
    land_world: gpd.GeoDataFrame
    land_theatre: gpd.GeoDataFrame
    # Dated front lines of the land war (optional layer: empty where a directory has no file).
    front_lines: gpd.GeoDataFrame = dataclasses.field(default_factory=lambda: no_front_lines())
    places: gpd.GeoDataFrame = dataclasses.field(default_factory=lambda: _no_places())
    rivers: gpd.GeoDataFrame = dataclasses.field(default_factory=lambda: _no_places())


def no_front_lines() -> gpd.GeoDataFrame:
    """An empty front-line layer with the dated columns, for data directories without one."""
    frame = gpd.GeoDataFrame({name: pd.Series(dtype="object") for name in FRONT_FIELDS}, geometry=[], crs="EPSG:4326")
    frame["start"] = pd.Series(dtype="datetime64[s]")
    frame["end"] = pd.Series(dtype="datetime64[s]")
    return frame


def _no_places() -> gpd.GeoDataFrame:
    from map_layers.places import empty_places

    return empty_places()


# GeoJSON is WGS84 longitude/latitude (RFC 7946); the old "crs" member may only name that.
_WGS84_NAMES = frozenset({"EPSG:4326", "URN:OGC:DEF:CRS:OGC:1.3:CRS84", "URN:OGC:DEF:CRS:EPSG::4326", "CRS84"})
# Geometry kinds each layer's drawing code knows.
POLYGONS = ("Polygon", "MultiPolygon")
LINES = ("LineString", "MultiLineString")


def read_layer(
    path: Path, required: tuple[str, ...] = (), geometry_types: tuple[str, ...] = POLYGONS + LINES
) -> gpd.GeoDataFrame:
    """Read one GeoJSON FeatureCollection, checking properties, geometry and coordinate system.

    Every feature needs each ``required`` property and a valid, non-empty geometry of one of
    ``geometry_types``, in longitude/latitude degrees (EPSG:4326). A projected file (metres)
    is named as such: its coordinates leave the degree ranges.
    """
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(path, "file not found; rebuild it with the scripts in tools/") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a folder, expected a GeoJSON file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataFileError(path, f"not readable GeoJSON ({error})") from None
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise DataFileError(path, "not a GeoJSON FeatureCollection (no 'features' list)")
    _check_crs(path, collection.get("crs"))
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or not feature.get("geometry"):
            raise DataFileError(path, f"feature {index}{_named(feature)} has no geometry (null)")
    try:
        frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    except Exception as error:  # shapely/geopandas raise many types for bad geometry
        raise DataFileError(path, f"invalid feature geometry ({error})") from None
    _check_geometry(path, frame, geometry_types)
    missing = [field for field in required if field not in frame.columns]
    if missing:
        raise DataFileError(path, f"features lack the properties {', '.join(missing)}")
    for field in required:  # present in the file is not enough: every feature needs it
        empty = frame[field].isna().to_numpy()
        if empty.any():
            index = int(empty.argmax())
            raise DataFileError(path, f"feature {index} lacks the property {field}")
    for index, value in enumerate(frame.get("id", [])):
        if not isinstance(value, str) or not value:
            raise DataFileError(path, f"feature {index} has no id")
    return python_strings(frame)


def _named(feature: object) -> str:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    ident = properties.get("id") if isinstance(properties, dict) else None
    return f" ({ident!r})" if isinstance(ident, str) and ident else ""


def _check_crs(path: Path, crs: object) -> None:
    if crs is None:
        return
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not isinstance(name, str) or name.upper() not in _WGS84_NAMES:
        raise DataFileError(path, f"coordinate system {name or crs!r}; expected EPSG:4326 (longitude/latitude)")


def _check_geometry(path: Path, frame: gpd.GeoDataFrame, kinds: tuple[str, ...]) -> None:
    """Each geometry: of a kind the layer draws, not empty, valid, in degrees."""
    ids = frame["id"] if "id" in frame.columns else pd.Series([None] * len(frame))

    def where(index: int) -> str:
        ident = ids.iloc[index]
        return f"feature {index}" + (f" ({ident!r})" if isinstance(ident, str) and ident else "")

    geometry = frame.geometry
    wrong = ~geometry.geom_type.isin(kinds).to_numpy()
    if wrong.any():
        index = int(wrong.argmax())
        raise DataFileError(
            path, f"{where(index)} is a {geometry.iloc[index].geom_type}; expected {' or '.join(kinds)}"
        )
    empty = geometry.is_empty.to_numpy()
    if empty.any():
        raise DataFileError(path, f"{where(int(empty.argmax()))} has an empty geometry")
    invalid = ~geometry.is_valid.to_numpy()
    if invalid.any():
        index = int(invalid.argmax())
        reason = shapely.is_valid_reason(geometry.iloc[index])
        raise DataFileError(path, f"{where(index)} has an invalid geometry ({reason}); repair it with make_valid")
    west, south, east, north = geometry.total_bounds if len(frame) else (0.0, 0.0, 0.0, 0.0)
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise DataFileError(
            path,
            f"coordinates reach {west:.6g}, {south:.6g}, {east:.6g}, {north:.6g}: outside longitude/latitude "
            "degrees; is the file projected? expected EPSG:4326",
        )


def _dated_layer(
    path: Path, required: tuple[str, ...], geometry_types: tuple[str, ...], *columns: str
) -> gpd.GeoDataFrame:
    """:func:`read_layer`, with ``columns`` parsed as YYYY-MM-DD dates (empty: no date), in order."""
    frame = read_layer(path, required, geometry_types)
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.NaT
        values = frame[column].replace("", None)
        try:
            frame[column] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[s]")
        except (ValueError, TypeError) as error:
            raise DataFileError(path, f"property {column!r} holds a value that is not YYYY-MM-DD ({error})") from None
    first, last = columns
    backwards = (frame[last] < frame[first]).to_numpy()  # NaT compares False: open ends pass
    if backwards.any():
        row = frame.iloc[int(backwards.argmax())]
        raise DataFileError(
            path,
            f"feature {row['id']!r}: {last} {row[last].date()} is before {first} {row[first].date()}",
        )
    return frame


def _movement_times(path: Path, movements: gpd.GeoDataFrame) -> list:
    """Each movement's ``times``: one YYYY-MM-DD per vertex, in order (a pause repeats a date)."""
    parsed = []
    for row in movements.itertuples():
        times, vertices = row.times, len(row.geometry.coords)
        if not isinstance(times, list) or len(times) != vertices:
            count = len(times) if isinstance(times, list) else "no list of"
            raise DataFileError(path, f"movement {row.id!r} has {count} times for {vertices} vertices")
        try:
            days = pd.to_datetime(times, format="%Y-%m-%d").values.astype("datetime64[D]")
        except (ValueError, TypeError) as error:
            raise DataFileError(path, f"movement {row.id!r}: a time is not YYYY-MM-DD ({error})") from None
        backwards = np.flatnonzero(days[1:] < days[:-1])
        if backwards.size:
            index = int(backwards[0]) + 1
            raise DataFileError(
                path,
                f"movement {row.id!r}: times are not in order (vertex {index} is {times[index]}, "
                f"after {times[index - 1]}); expected one date per vertex, earliest first",
            )
        parsed.append(days)
    return parsed


def load_geodata(directory: Path = GEODATA_DIR) -> GeoData:
    """Load every layer under ``directory`` (the committed ``geodata/`` by default)."""
    from map_layers.places import load_places, load_rivers  # places reads files through this module

    territories = _dated_layer(directory / "territories.geojson", TERRITORY_FIELDS, POLYGONS, "start", "end")
    railways = _dated_layer(directory / "railways.geojson", RAILWAY_FIELDS, LINES, "construction_start", "opened")
    movements_path = directory / "movements.geojson"
    movements = read_layer(movements_path, MOVEMENT_FIELDS, ("LineString",))
    movements["times"] = _movement_times(movements_path, movements)
    fronts_path = directory / "front_lines.geojson"
    front_lines = (
        _dated_layer(fronts_path, FRONT_FIELDS, LINES, "start", "end") if fronts_path.exists() else no_front_lines()
    )
    return GeoData(
        territories=territories,
        railways=railways,
        movements=movements,
        land_world=read_layer(directory / "land_world.geojson", geometry_types=POLYGONS),
        land_theatre=read_layer(directory / "land_theatre.geojson", geometry_types=POLYGONS),
        front_lines=front_lines,
        places=load_places(directory / "places.geojson"),
        rivers=load_rivers(directory / "rivers.geojson"),
    )
