"""Moving through time from Python: the next event, the guided tour, the events around a day. Pure functions.

Playing and stepping happen in the browser (map_layers/js/player.js); these serve the app's
event list and the tests."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import numpy as np

from map_layers.events import FIRST_DAY, LAST_DAY


def clamp(day: date) -> date:
    return min(max(day, FIRST_DAY), LAST_DAY)


def next_event_day(events: gpd.GeoDataFrame, day: date) -> date | None:
    """The first day after ``day`` on which an event starts."""
    starts = np.unique(events["start"].to_numpy().astype("datetime64[D]"))
    later = starts[starts > np.datetime64(day, "D")]
    return later[0].astype(date) if len(later) else None


def tour_stops(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The key moments (``key`` = 1) in date order: the guided tour."""
    if events.empty:
        return events
    return events[events["key"].astype(bool)].sort_values(["start", "id"]).reset_index(drop=True)


def events_around(events: gpd.GeoDataFrame, day: date, before: int = 3, after: int = 5) -> gpd.GeoDataFrame:
    """A window of events around ``day``: the last ``before`` that ended, those under way, the next ``after``."""
    if events.empty:
        return events
    stamp = np.datetime64(day, "s")
    ordered = events.sort_values(["start", "id"])
    start, end = ordered["start"].to_numpy(), ordered["end"].to_numpy()
    past = np.flatnonzero(end < stamp)[-before:] if before else np.empty(0, dtype=int)
    now = np.flatnonzero((start <= stamp) & (stamp <= end))
    future = np.flatnonzero(start > stamp)[:after]
    return ordered.iloc[np.concatenate([past, now, future])]
