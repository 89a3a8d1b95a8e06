"""The story of one day in words: the date in three calendars, what is under way, who holds what.

Pure text from a :class:`~map_layers.timeslice.DaySlice`, shared by the app's
caption, the static exports' margin and the screen-reader text version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import shapely
from shapely.geometry import Point

from map_layers.calendars import to_julian
from map_layers.i18n import format_day, label, t
from map_layers.timeslice import DaySlice

# Places whose holder the caption reports, in story order: (catalogue key, lon, lat).
WATCHED_PLACES: tuple[tuple[str, float, float], ...] = (
    ("place_port_arthur", 121.26, 38.81),
    ("place_mukden", 123.43, 41.80),
    ("place_seoul", 126.98, 37.57),
    ("place_south_sakhalin", 142.78, 46.64),
    ("place_taiwan", 121.0, 23.8),
)


@dataclass(frozen=True)
class DayCaption:
    """The caption of a day, in parts a layout can arrange (all plain text)."""

    headline: str  # the date, with the Old Style and Meiji dates
    under_way: list[str]  # titles of events happening today
    recent: list[str]  # titles of events of the last days (fading on the map)
    moving: list[str]  # units on the move
    holders: list[str]  # "Port Arthur: Russia (under siege)"

    def text(self) -> str:
        """One paragraph for screen readers, exports and tests."""
        parts = [self.headline]
        parts += self.under_way + self.moving + self.holders
        return " · ".join(parts)


def date_line(day: date, lang: str) -> str:
    """'8 February 1904 · Old Style 26 January 1904 · Meiji 37'."""
    julian = to_julian(day)
    # 2000 is a leap year, so even the Julian 29 February 1900 formats.
    julian_text = f"{format_day(date(2000, julian.month, julian.day), lang, 'd MMMM')} {julian.year}"
    return t(
        "date_line",
        lang,
        day=format_day(day, lang),
        julian=julian_text,
        meiji=day.year - 1867,
    )


def _holder_of(territories: gpd.GeoDataFrame, lon: float, lat: float) -> tuple[str, str] | None:
    if territories.empty:
        return None
    hits = territories[shapely.contains_xy(territories.geometry.values, lon, lat)]
    if hits.empty:
        nearest = territories.distance(Point(lon, lat))
        if nearest.min() > 0.3:  # degrees: the point is off our coverage
            return None
        hits = territories.loc[[nearest.idxmin()]]
    row = hits.iloc[0]
    return row["holder"], row["status"]


def day_caption(day_slice: DaySlice, lang: str) -> DayCaption:
    """Describe ``day_slice`` in ``lang``."""
    events = day_slice.events
    current = events[events["current"]] if not events.empty else events
    recent = events[~events["current"]] if not events.empty else events
    title = f"title_{lang}"
    unit = f"unit_{lang}"
    moving = [
        row[unit] or row["unit_en"] for _, row in day_slice.heads.iterrows() if not bool(row.get("finished", False))
    ]
    holders = []
    for key, lon, lat in WATCHED_PLACES:
        found = _holder_of(day_slice.territories, lon, lat)
        if found:
            holder, status = found
            holders.append(
                t(
                    "holder_line",
                    lang,
                    place=t(key, lang),
                    holder=label("holder", holder, lang),
                    status=label("status", status, lang),
                )
            )
    return DayCaption(
        headline=date_line(day_slice.day, lang),
        under_way=[str(v) for v in current[title]] if len(current) else [],
        recent=[str(v) for v in recent[title]] if len(recent) else [],
        moving=[str(m) for m in moving],
        holders=holders,
    )
