"""The slice of one day as GeoJSON and CSV: the same features the map shows.

Every feature carries ``layer`` (events, territories, railways, movements,
positions) and ``id``, so a GIS user can filter by layer after import.
"""

from __future__ import annotations

import json
import re
from typing import Any

import geopandas as gpd
import pandas as pd

from map_layers.rows import is_missing
from map_layers.timeslice import DaySlice

# The CSV line a row came from means nothing outside the app.
_DROP = ("line",)
# OWASP "CSV injection": cells starting with these are formulas in Excel and LibreOffice.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number (-33.5, +7, -1e3) is data, not a formula: spreadsheets read it as the number.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def _layer_frames(day_slice: DaySlice) -> list[tuple[str, gpd.GeoDataFrame]]:
    return [
        ("territories", day_slice.territories),
        ("railways", day_slice.railways),
        ("movements", day_slice.movements),
        ("positions", day_slice.heads),
        ("events", day_slice.events),
    ] + ([("user_events", day_slice.user_events)] if day_slice.user_events is not None else [])


def _plain(value: Any) -> Any:
    """A JSON-friendly scalar: dates as ISO strings, NaN/NaT as None."""
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return value


def slice_features(day_slice: DaySlice) -> list[dict[str, Any]]:
    """Every visible feature of the day as a GeoJSON Feature dict (geopandas' ``iterfeatures``)."""
    features = []
    for layer, frame in _layer_frames(day_slice):
        if frame.empty:
            continue
        labelled = frame.drop(columns=[c for c in _DROP if c in frame.columns])
        labelled.insert(0, "layer", layer)
        for feature in labelled.iterfeatures(na="keep", show_bbox=False, drop_id=True):
            feature["properties"] = {k: _plain(v) for k, v in feature["properties"].items()}
            features.append(feature)
    return features


def slice_geojson(day_slice: DaySlice) -> str:
    """The day's slice as a GeoJSON FeatureCollection (EPSG:4326)."""
    collection = {
        "type": "FeatureCollection",
        "name": f"russo-japanese-war-{day_slice.day.isoformat()}",
        "date": day_slice.day.isoformat(),
        "features": slice_features(day_slice),
    }
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))


def slice_csv(day_slice: DaySlice) -> str:
    """The day's slice as CSV: one row per feature, geometry as WKT, UTF-8 with BOM-free header."""
    rows = []
    for feature in slice_features(day_slice):
        row = dict(feature["properties"])
        row["date"] = day_slice.day.isoformat()
        rows.append(row)
    frame = pd.DataFrame(rows)
    geometries = [
        frame_geometry.wkt for _, layer_frame in _layer_frames(day_slice) for frame_geometry in layer_frame.geometry
    ]
    if rows:
        frame["wkt"] = geometries
        leading = ["date", "layer", "id"]
        frame = frame[leading + [c for c in frame.columns if c not in leading]]
    else:
        frame = pd.DataFrame(columns=["date", "layer", "id", "wkt"])
    for column in frame.columns:
        frame[column] = frame[column].map(_cell)
    return frame.to_csv(index=False, lineterminator="\n")


def _cell(value: Any) -> Any:
    """Lists as JSON; text that a spreadsheet would run as a formula is defused with a quote.

    Numbers stay numbers, also when they are text (the events' ``lat``/``lon`` are kept as
    written): ``-33.5`` is not a formula, while ``-2+3`` or ``=HYPERLINK(…)`` are.
    """
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in _FORMULA_STARTS and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
