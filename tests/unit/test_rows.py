"""Fast rows: the same dicts as ``to_dict("records")``, missing integers as None."""

from __future__ import annotations

import math
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from map_layers.rows import is_missing, records
from map_layers.timeslice import slice_day


def test_records_match_pandas_row_for_row(tiny_geodata, tiny_events):
    day_slice = slice_day(tiny_geodata, tiny_events, date(1904, 5, 6))
    for frame in (tiny_events, day_slice.territories, day_slice.railways, day_slice.heads, day_slice.events):
        expected, got = frame.to_dict("records"), records(frame)
        assert len(got) == len(frame) > 0
        for want, row in zip(expected, got, strict=True):
            assert list(row) == list(want)
            for key, value in want.items():
                if value is pd.NaT:
                    assert row[key] is pd.NaT
                elif isinstance(value, float) and math.isnan(value):
                    assert math.isnan(row[key])
                else:
                    assert row[key] == value and type(row[key]) is type(value), key


def test_missing_integers_are_none_and_empty_frames_have_no_rows():
    frame = gpd.GeoDataFrame(
        {"id": ["a", "b"], "count": pd.array([3, None], dtype="Int64")}, geometry=[Point(0, 0), Point(1, 1)]
    )
    rows = records(frame)
    assert [row["count"] for row in rows] == [3, None]
    assert rows[1]["geometry"] == Point(1, 1)
    assert records(frame.iloc[0:0]) == []


def test_loaded_frames_hold_text_as_python_strings(tiny_geodata, tiny_events):
    """Arrow-backed text makes every filter wait for the GIL under load: loaders convert it."""
    frames = [tiny_events, tiny_geodata.territories, tiny_geodata.railways, tiny_geodata.movements]
    for frame in frames:
        assert not any(isinstance(dtype, pd.StringDtype) for dtype in frame.dtypes)
        assert isinstance(frame["id"].iloc[0], str)


@pytest.mark.parametrize(
    "value",
    [
        None,
        float("nan"),
        np.float64("nan"),
        np.float32("nan"),
        pd.NA,
        pd.NaT,
        np.datetime64("NaT"),
        np.timedelta64("NaT"),
    ],
)
def test_is_missing_knows_every_empty_cell(value):
    assert is_missing(value)


@pytest.mark.parametrize(
    "value",
    ["", "NaT", 0, 0.0, False, [], [float("nan")], np.datetime64("1904-02-08"), pd.Timestamp("1904-02-08"), 71_000],
)
def test_is_missing_leaves_values_alone(value):
    assert not is_missing(value)  # never an array, never a raise: a list cell is a value
