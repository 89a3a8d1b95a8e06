"""An animated historical map of the Russo-Japanese War (1891-1905): data, slices, layers, exports.

The public API, for scripts and notebooks::

    import map_layers as rjw

    geo, events = rjw.load_geodata(), rjw.load_events()
    day = rjw.slice_day(geo, events, date(1905, 5, 27))  # GeoDataFrames per layer
    rjw.day_map("1905-05-27", lang="ar")  # a folium.Map, offline
    rjw.gis_layers(geo, events)  # every layer of the period, with start/end dates

Nothing is read at import: the data loads when a function asks for it. Pure code: nothing in
this package imports Streamlit except the app's own modules (:mod:`map_layers.ui`).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from map_layers.events import FIRST_DAY, LAST_DAY, EventTable, Problem, read_events
from map_layers.geodata import DataFileError, GeoData, load_geodata
from map_layers.permalink import View
from map_layers.timeslice import LAYERS, DaySlice, slice_day

if TYPE_CHECKING:
    from map_layers.export.gis import gis_layers
    from map_layers.notebook import day_map, load_events

# Loaded on first use: folium (the notebook map) and the exporters are slow to import.
_LAZY = {"day_map": "map_layers.notebook", "load_events": "map_layers.notebook", "gis_layers": "map_layers.export.gis"}

__all__ = [
    "FIRST_DAY",
    "LAST_DAY",
    "LAYERS",
    "DataFileError",
    "DaySlice",
    "EventTable",
    "GeoData",
    "Problem",
    "View",
    "day_map",
    "gis_layers",
    "load_events",
    "load_geodata",
    "read_events",
    "slice_day",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'map_layers' has no attribute {name!r}")
