"""Rows of a (Geo)DataFrame as plain dicts, fast.

``DataFrame.to_dict("records")`` costs about a millisecond per call even for a handful
of rows (pandas boxes every value through its arrow-backed strings); the live map builds
several such lists per day, so this column-wise version matters under classroom load.
Missing values come back as ``None`` (nullable integers) or ``NaN`` (floats, strings),
as ``to_dict`` gives them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def is_missing(value: Any) -> bool:
    """Whether a cell holds no value: None, NaN, NaT (pandas' or numpy's) or ``pd.NA``.

    The one test for "missing" used across the package. Unlike ``pd.isna`` it never
    returns an array (for a list cell) and never raises for a string.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    if isinstance(value, np.datetime64 | np.timedelta64):
        return bool(np.isnat(value))
    return False


def _plain(values: list[Any]) -> list[Any]:
    return [None if value is pd.NA else value for value in values]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """One dict per row, column name -> value (geometry as a shapely object)."""
    columns = list(frame.columns)
    if frame.empty:
        return []
    values = [_plain(frame[column].tolist()) for column in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def python_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its text columns as plain Python strings (object dtype), in place.

    pandas 3 stores text in Arrow arrays by default. Our frames are small and are filtered
    on every rerun of every session; each Arrow step lets go of the GIL and must wait to get
    it back, which under a classroom's load queues behind every other session's thread.
    """
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].astype(object)
    return frame
