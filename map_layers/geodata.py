"""Load the committed GeoJSON layers (territories, railways, movements, front lines, land) once.

Dates become ``datetime64`` columns so that time slicing is a vectorised mask.
A missing or broken file raises :class:`DataFileError` naming the file and the
problem, which the app shows instead of a traceback.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

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


def no_front_lines() -> gpd.GeoDataFrame:
    """An empty front-line layer with the dated columns, for data directories without one."""
    frame = gpd.GeoDataFrame({name: pd.Series(dtype="object") for name in FRONT_FIELDS}, geometry=[], crs="EPSG:4326")
    frame["start"] = pd.Series(dtype="datetime64[s]")
    frame["end"] = pd.Series(dtype="datetime64[s]")
    return frame


def read_layer(path: Path, required: tuple[str, ...] = ()) -> gpd.GeoDataFrame:
    """Read one GeoJSON FeatureCollection, checking that ``required`` properties exist."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(path, "file not found; rebuild it with the scripts in tools/") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataFileError(path, f"not readable GeoJSON ({error})") from None
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise DataFileError(path, "not a GeoJSON FeatureCollection (no 'features' list)")
    try:
        frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    except Exception as error:  # shapely/geopandas raise many types for bad geometry
        raise DataFileError(path, f"invalid feature geometry ({error})") from None
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


def _dated_layer(path: Path, required: tuple[str, ...], *columns: str) -> gpd.GeoDataFrame:
    """:func:`read_layer`, with ``columns`` parsed as YYYY-MM-DD dates (empty: no date)."""
    frame = read_layer(path, required)
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.NaT
        values = frame[column].replace("", None)
        try:
            frame[column] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[s]")
        except (ValueError, TypeError) as error:
            raise DataFileError(path, f"property {column!r} holds a value that is not YYYY-MM-DD ({error})") from None
    return frame


def load_geodata(directory: Path = GEODATA_DIR) -> GeoData:
    """Load every layer under ``directory`` (the committed ``geodata/`` by default)."""
    territories = _dated_layer(directory / "territories.geojson", TERRITORY_FIELDS, "start", "end")
    railways = _dated_layer(directory / "railways.geojson", RAILWAY_FIELDS, "construction_start", "opened")
    movements_path = directory / "movements.geojson"
    movements = read_layer(movements_path, MOVEMENT_FIELDS)
    for row in movements.itertuples():
        if len(row.times) != len(row.geometry.coords):
            raise DataFileError(
                movements_path,
                f"movement {row.id!r} has {len(row.times)} times for {len(row.geometry.coords)} vertices",
            )
    movements["times"] = [pd.to_datetime(list(t)).values.astype("datetime64[D]") for t in movements["times"]]
    fronts_path = directory / "front_lines.geojson"
    front_lines = _dated_layer(fronts_path, FRONT_FIELDS, "start", "end") if fronts_path.exists() else no_front_lines()
    return GeoData(
        territories=territories,
        railways=railways,
        movements=movements,
        land_world=read_layer(directory / "land_world.geojson"),
        land_theatre=read_layer(directory / "land_theatre.geojson"),
        front_lines=front_lines,
    )
