"""Everything visible on one day, as one :class:`DaySlice`.

This is the single source of truth for "what does the map show on day D": the
live Leaflet map, the static exports and the GeoJSON/CSV downloads all draw
from the same slice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd

from map_layers.geodata import GeoData, no_front_lines
from map_layers.movement import progress_on
from map_layers.rows import records

LAYERS = ("territories", "railways", "movements", "events")
# A one-day event stays on the map this many days after it ends, fading out.
FADE_DAYS = 10
# A finished movement's track stays this many days after its last waypoint.
MOVEMENT_LINGER_DAYS = 30


@dataclass(frozen=True)
class DaySlice:
    """The map of one day: each layer's visible features with day-specific columns."""

    day: date
    territories: gpd.GeoDataFrame
    railways: gpd.GeoDataFrame  # + state: "open" | "building"
    movements: gpd.GeoDataFrame  # travelled part + fraction, finished
    heads: gpd.GeoDataFrame  # one point per moving unit + bearing
    events: gpd.GeoDataFrame  # + age (days since end, <= 0 while under way), opacity, current
    layers: frozenset[str] = field(default_factory=lambda: frozenset(LAYERS))
    user_events: gpd.GeoDataFrame | None = None  # a teacher's uploaded CSV: its own layer
    # Front lines of the land war on the day; drawn with the territories (not a layer of LAYERS).
    front_lines: gpd.GeoDataFrame = field(default_factory=lambda: no_front_lines())

    def counts(self) -> dict[str, int]:
        """Number of features per layer, for captions, logs and tests."""
        return {
            "territories": len(self.territories),
            "railways": len(self.railways),
            "movements": len(self.movements),
            "events": len(self.events),
            "user_events": 0 if self.user_events is None else len(self.user_events),
        }


def _stamp(day: date) -> np.datetime64:
    return np.datetime64(day, "s")


def visible_events(events: gpd.GeoDataFrame, day: date) -> gpd.GeoDataFrame:
    """Events under way on ``day`` plus those ended less than FADE_DAYS ago."""
    if events.empty:
        return events.assign(age=pd.Series(dtype="int64"), opacity=pd.Series(dtype="float64"))
    stamp = _stamp(day)
    start = events["start"].to_numpy()
    end = events["end"].to_numpy()
    mask = (start <= stamp) & (stamp <= end + np.timedelta64(FADE_DAYS, "D"))
    shown = events.loc[mask].copy()
    age = ((stamp - shown["end"].to_numpy()) // np.timedelta64(1, "D")).astype("int64")
    shown["age"] = age
    shown["current"] = age <= 0
    shown["opacity"] = np.where(age <= 0, 1.0, 1.0 - np.clip(age, 0, FADE_DAYS) / (FADE_DAYS + 1))
    return shown.sort_values(["start", "id"])


def territories_on(territories: gpd.GeoDataFrame, day: date) -> gpd.GeoDataFrame:
    """Territory states valid on ``day`` (start and end inclusive)."""
    stamp = _stamp(day)
    mask = (territories["start"].to_numpy() <= stamp) & (stamp <= territories["end"].to_numpy())
    return territories.loc[mask]


def front_lines_on(front_lines: gpd.GeoDataFrame, day: date) -> gpd.GeoDataFrame:
    """Front lines that hold on ``day`` (start and end inclusive).

    Parameters
    ----------
    front_lines : GeoDataFrame
        ``GeoData.front_lines``: LineStrings with ``start``/``end`` as datetime64 columns.
    day : date
        The day shown.

    Returns
    -------
    GeoDataFrame
        The rows valid that day (none between the dated lines, e.g. in mid-battle).
    """
    stamp = _stamp(day)
    mask = (front_lines["start"].to_numpy() <= stamp) & (stamp <= front_lines["end"].to_numpy())
    return front_lines.loc[mask]


def railways_on(railways: gpd.GeoDataFrame, day: date) -> gpd.GeoDataFrame:
    """Open sections and those under construction on ``day``, with a ``state`` column."""
    stamp = _stamp(day)
    opened = railways["opened"].to_numpy()
    started = railways["construction_start"].to_numpy()
    is_open = opened <= stamp
    building = ~is_open & (started <= stamp)  # NaT compares False: never "building"
    shown = railways.loc[is_open | building].copy()
    shown["state"] = np.where(is_open[is_open | building], "open", "building")
    return shown


def movements_on(movements: gpd.GeoDataFrame, day: date) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Travelled paths and head positions of units on the move (or recently arrived)."""
    stamp = np.datetime64(day, "D")
    linger = np.timedelta64(MOVEMENT_LINGER_DAYS, "D")
    tracks, heads = [], []
    # Pick the units on the move first: most days have few or none, and rows are costly.
    active = [
        index for index, times in enumerate(movements["times"].tolist()) if times[0] <= stamp <= times[-1] + linger
    ]
    for row in records(movements.iloc[active]):
        times = row.pop("times")
        geometry = row.pop("geometry")
        progress = progress_on(geometry, times, stamp)
        attributes = {**row, "fraction": progress.fraction, "finished": bool(stamp >= times[-1])}
        if progress.travelled is not None:
            tracks.append({**attributes, "geometry": progress.travelled})
        heads.append({**attributes, "bearing": progress.bearing, "geometry": progress.head})
    columns = [c for c in movements.columns if c != "times"] + ["fraction", "finished"]
    track_frame = gpd.GeoDataFrame(tracks, columns=columns, geometry="geometry", crs="EPSG:4326")
    head_frame = gpd.GeoDataFrame(heads, columns=[*columns, "bearing"], geometry="geometry", crs="EPSG:4326")
    return track_frame, head_frame


def chosen_layers(layers: Iterable[str] | None) -> frozenset[str]:
    """The known layers among ``layers`` (None: all of them); unknown names are dropped."""
    return frozenset(LAYERS) if layers is None else frozenset(layers) & frozenset(LAYERS)


def slice_day(
    geo: GeoData,
    events: gpd.GeoDataFrame,
    day: date,
    layers: frozenset[str] | None = None,
    user_events: gpd.GeoDataFrame | None = None,
) -> DaySlice:
    """Everything visible on ``day``; layers not in ``layers`` come back empty.

    ``user_events`` (an uploaded CSV) is sliced like ``events`` but kept apart,
    so the shipped data is never mixed with or changed by an upload.
    """
    layers = chosen_layers(layers)
    tracks, heads = movements_on(geo.movements if "movements" in layers else geo.movements.iloc[0:0], day)

    def keep(name: str, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        return frame if name in layers else frame.iloc[0:0]

    return DaySlice(
        day=day,
        territories=keep("territories", territories_on(geo.territories, day)),
        railways=keep("railways", railways_on(geo.railways, day)),
        movements=keep("movements", tracks),
        heads=keep("movements", heads),
        events=keep("events", visible_events(events, day)),
        layers=layers,
        user_events=None if user_events is None else visible_events(user_events, day),
        front_lines=keep("territories", front_lines_on(geo.front_lines, day)),
    )
