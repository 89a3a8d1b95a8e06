"""An animated historical map of the Russo-Japanese War (1891-1905): data, slices, layers, exports.

Pure code: nothing in this package imports Streamlit except :mod:`map_layers.ui`.
"""

from map_layers.events import EventTable, Problem, read_events
from map_layers.geodata import DataFileError, GeoData, load_geodata
from map_layers.timeslice import LAYERS, DaySlice, slice_day

__all__ = [
    "LAYERS",
    "DataFileError",
    "DaySlice",
    "EventTable",
    "GeoData",
    "Problem",
    "load_geodata",
    "read_events",
    "slice_day",
]
