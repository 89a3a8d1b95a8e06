"""Moving through time: previous/next event, the guided tour, play steps. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import geopandas as gpd
import numpy as np

from map_layers.events import FIRST_DAY, LAST_DAY


@dataclass(frozen=True)
class Speed:
    """A play speed: ``days_per_second`` at ``fps`` frames per second."""

    key: str
    days_per_second: float
    fps: float

    @property
    def interval(self) -> float:
        return 1.0 / self.fps


SPEEDS: dict[str, Speed] = {
    "day": Speed("day", 1, 1),
    "week": Speed("week", 7, 4),
    "month": Speed("month", 30, 4),
    "year": Speed("year", 365, 4),
}


def clamp(day: date) -> date:
    return min(max(day, FIRST_DAY), LAST_DAY)


def _starts(events: gpd.GeoDataFrame) -> np.ndarray:
    return np.unique(events["start"].to_numpy().astype("datetime64[D]"))


def _event_day(events: gpd.GeoDataFrame, day: date, forward: bool) -> date | None:
    starts = _starts(events)
    stamp = np.datetime64(day, "D")
    found = starts[starts > stamp] if forward else starts[starts < stamp][::-1]
    return found[0].astype(date) if len(found) else None


def next_event_day(events: gpd.GeoDataFrame, day: date) -> date | None:
    """The first day after ``day`` on which an event starts."""
    return _event_day(events, day, forward=True)


def previous_event_day(events: gpd.GeoDataFrame, day: date) -> date | None:
    """The last day before ``day`` on which an event starts."""
    return _event_day(events, day, forward=False)


def play_step(day: date, carry: float, speed: Speed, loop: bool) -> tuple[date | None, float]:
    """Advance one frame: the next day (None = stop at the end) and the fractional carry."""
    total = carry + speed.days_per_second / speed.fps
    whole = int(total)
    nxt = day + timedelta(days=whole)
    if nxt > LAST_DAY:
        return (FIRST_DAY, 0.0) if loop else (None, 0.0)
    return nxt, total - whole


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
