"""The data for GIS users: one layer per kind, dated, as a GeoPackage or a GeoParquet file.

Without a day, each layer holds the whole period 1891-1905 and every feature carries
``start`` and ``end`` dates, so QGIS's Temporal Controller animates it as is ("Separate
fields for start and end date/time"). With a day, the layers are that day's
:func:`~map_layers.timeslice.slice_day`, with the same ``start``/``end`` fields and a ``date``.

Layers are found generically: every GeoDataFrame field of :class:`~map_layers.geodata.GeoData`
(or of :class:`~map_layers.timeslice.DaySlice`) except the basemap becomes a layer, so a new
kind of feature in ``geodata/`` (places, rivers, front lines…) is exported with no change here.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Iterable
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from map_layers.events import FIRST_DAY, LAST_DAY
from map_layers.geodata import GeoData
from map_layers.timeslice import LAYERS, slice_day

CRS = "EPSG:4326"
# The fixed background of the map, not history: left out of GIS exports.
BASEMAP = frozenset({"land_world", "land_theatre"})
# DaySlice field -> layer name, as in the GeoJSON/CSV slice (map_layers.tabular).
_RENAMED = {"heads": "positions"}
# Layers that belong to a LAYERS choice under another name.
_CHOICE = {"positions": "movements", "user_events": "events"}
# Columns that mean nothing outside the app (the CSV line an event came from).
_DROP = ("line",)
_PERIOD = (np.datetime64(FIRST_DAY, "s"), np.datetime64(LAST_DAY, "s"))


def _chosen(name: str, layers: frozenset[str] | None) -> bool:
    """Whether layer ``name`` is exported: kinds outside :data:`LAYERS` (places…) always are."""
    kind = _CHOICE.get(name, name)
    return layers is None or kind not in LAYERS or kind in layers


def _frames(container: Any) -> dict[str, gpd.GeoDataFrame]:
    """Every GeoDataFrame field of a dataclass (GeoData or DaySlice), by layer name, basemap left out."""
    frames = {}
    for field in dataclasses.fields(container):
        value = getattr(container, field.name)
        if isinstance(value, gpd.GeoDataFrame) and field.name not in BASEMAP:
            frames[_RENAMED.get(field.name, field.name)] = value
    return frames


def _movement_spans(movements: gpd.GeoDataFrame) -> dict[str, tuple[np.datetime64, np.datetime64]]:
    """Movement id -> (first waypoint's day, last waypoint's day)."""
    return {
        str(ident): (np.datetime64(times[0], "s"), np.datetime64(times[-1], "s"))
        for ident, times in zip(movements["id"], movements["times"], strict=True)
    }


def _dates(name: str, frame: gpd.GeoDataFrame, spans: dict[str, tuple[np.datetime64, np.datetime64]]) -> pd.DataFrame:
    """``start`` and ``end`` of every feature; a missing bound is the period's (never null)."""
    if name in ("movements", "positions"):
        pairs = [spans.get(str(ident), (np.datetime64("NaT"), np.datetime64("NaT"))) for ident in frame["id"]]
        start = pd.Series([p[0] for p in pairs], index=frame.index, dtype="datetime64[s]")
        end = pd.Series([p[1] for p in pairs], index=frame.index, dtype="datetime64[s]")
    elif "start" in frame.columns:
        start, end = frame["start"], frame.get("end", pd.Series(pd.NaT, index=frame.index))
    else:  # railways: from the first sod (or the opening, where that is unknown)
        first = [frame[c] for c in ("construction_start", "opened", "date") if c in frame.columns]
        start = first[0] if first else pd.Series(pd.NaT, index=frame.index)
        for later in first[1:]:
            start = start.fillna(later)
        end = frame.get("end", pd.Series(pd.NaT, index=frame.index))
    return pd.DataFrame(
        {
            "start": pd.to_datetime(start).astype("datetime64[s]").fillna(_PERIOD[0]),
            "end": pd.to_datetime(end).astype("datetime64[s]").fillna(_PERIOD[1]),
        },
        index=frame.index,
    )


def _text(value: Any) -> Any:
    """Lists (a movement's ``times``, a railway's stations) as JSON text: GIS fields are scalars."""
    if isinstance(value, np.ndarray):
        value = [str(item) for item in value]
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _gis_frame(
    name: str, frame: gpd.GeoDataFrame, spans: dict[str, tuple[np.datetime64, np.datetime64]]
) -> gpd.GeoDataFrame:
    dates = _dates(name, frame, spans)
    out = frame.drop(columns=[c for c in (*_DROP, "start", "end") if c in frame.columns])
    for column in out.columns:
        if column != out.geometry.name and out[column].dtype == object:
            out[column] = out[column].map(_text)
    leading = [c for c in ("id",) if c in out.columns]
    rest = [c for c in out.columns if c not in leading]
    out = pd.concat([out[leading], dates, out[rest]], axis=1)
    return gpd.GeoDataFrame(out, geometry=frame.geometry.name, crs=CRS).reset_index(drop=True)


def gis_layers(
    geo: GeoData,
    events: gpd.GeoDataFrame,
    *,
    day: date | None = None,
    layers: Iterable[str] | None = None,
    user_events: gpd.GeoDataFrame | None = None,
) -> dict[str, gpd.GeoDataFrame]:
    """The layers of a GIS export, by name, each with ``start``/``end`` datetime fields.

    Parameters
    ----------
    geo, events : GeoData, GeoDataFrame
        All the data (``events`` as :func:`~map_layers.events.read_events` returns them).
    day : date, optional
        Export this day's slice (layers as :func:`~map_layers.timeslice.slice_day` returns
        them, plus a ``date`` field); None: the whole period.
    layers : iterable of str, optional
        A subset of :data:`~map_layers.timeslice.LAYERS`; kinds outside it are always kept.
    user_events : GeoDataFrame, optional
        A user's own events, as a layer of their own.

    Returns
    -------
    dict of str to GeoDataFrame
        territories, railways, movements, events (and positions for a day, user_events if
        given, and every further kind of :class:`GeoData`), in EPSG:4326. ``start``/``end``
        are never null: a feature with no known bound gets the period's (1891-01-01, 1905-12-31).
        Railways keep ``construction_start`` and ``opened``; a movement's ``times`` become JSON text.
    """
    chosen = None if layers is None else frozenset(layers)
    spans = _movement_spans(geo.movements)
    if day is None:
        frames = _frames(geo)
        frames["events"] = events
        if user_events is not None:
            frames["user_events"] = user_events
    else:
        frames = _frames(slice_day(geo, events, day, chosen, user_events=user_events))
    out = {name: _gis_frame(name, frame, spans) for name, frame in frames.items() if _chosen(name, chosen)}
    if day is not None:
        for frame in out.values():
            frame.insert(1, "date", np.datetime64(day, "s"))
    return out


def geopackage_bytes(frames: dict[str, gpd.GeoDataFrame]) -> bytes:
    """The layers as one GeoPackage (one table per layer; empty layers kept, so the schema is stable)."""
    with tempfile.TemporaryDirectory(prefix="rjw-gpkg-") as folder:
        path = Path(folder) / "rjw.gpkg"
        for name, frame in frames.items():
            frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
        return path.read_bytes()


def geoparquet_bytes(frames: dict[str, gpd.GeoDataFrame]) -> bytes:
    """The layers as ONE GeoParquet table with a leading ``layer`` column.

    Parquet holds one table per file; one file keeps ``-o`` a file like every other format.
    Columns are the union of the layers' (null where a layer has no such field); filter on
    ``layer`` after loading (``gpd.read_parquet(p).query("layer == 'railways'")``, or a QGIS filter).
    """
    parts = [frame.assign(layer=name) for name, frame in frames.items()]
    table = pd.concat(parts, ignore_index=True) if parts else gpd.GeoDataFrame(geometry=[], crs=CRS)
    table = gpd.GeoDataFrame(table, geometry="geometry", crs=CRS)
    table = table[["layer", *[c for c in table.columns if c != "layer"]]]
    buffer = BytesIO()
    table.to_parquet(buffer, index=False)
    return buffer.getvalue()


def render_gis(
    geo: GeoData,
    events: gpd.GeoDataFrame,
    fmt: str,
    *,
    day: date | None = None,
    layers: Iterable[str] | None = None,
) -> bytes:
    """The export file's bytes: ``fmt`` is ``gpkg`` or ``parquet`` (see :func:`gis_layers`)."""
    frames = gis_layers(geo, events, day=day, layers=layers)
    if fmt == "gpkg":
        return geopackage_bytes(frames)
    if fmt == "parquet":
        return geoparquet_bytes(frames)
    raise ValueError(f"unknown GIS format {fmt!r}; expected gpkg or parquet")
