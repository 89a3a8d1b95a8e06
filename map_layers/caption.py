"""The story of one day in words: the date in three calendars, what is under way, who holds what.

Pure text from a :class:`~map_layers.timeslice.DaySlice`, shared by the app's
caption, the static exports' margin and the screen-reader text version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point

from map_layers.calendars import meiji_year, to_julian
from map_layers.i18n import direction, format_day, label, t
from map_layers.popups import date_range_text
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

    def lines(self, lang: str, max_units: int = 4) -> list[str]:
        """The caption below the headline, one statement per line (app, exports, screen readers)."""
        out = []
        if self.under_way:
            out.append(f"{t('under_way', lang)}: {' · '.join(self.under_way)}")
        if self.moving:
            shown = self.moving[:max_units]
            more = len(self.moving) - len(shown)
            out.append(
                f"{t('moving', lang)}: {' · '.join(shown)}" + (f" · {t('and_more', lang, count=more)}" if more else "")
            )
        if not self.under_way and not self.moving:
            out.append(t("export_quiet_day", lang))
        out.extend(self.holders)
        return out


def caption_lines(day_slice: DaySlice, lang: str) -> list[str]:
    """The caption of ``day_slice`` as plain-text lines (without the date headline)."""
    return day_caption(day_slice, lang).lines(lang)


def julian_text(day: date, lang: str) -> str:
    """The Old Style date of ``day`` ("Old Style 26 January 1904"), spelled as :func:`format_day` does."""
    old = to_julian(day)
    try:
        text = format_day(date(old.year, old.month, old.day), lang)
    except ValueError:  # 29 Feb 1900 exists only in the Julian calendar: borrow a leap year's spelling
        text = format_day(date(1904, old.month, old.day), lang).replace("1904", str(old.year))
    return t("export_old_style", lang, date=text)


def date_lines(day: date, lang: str) -> tuple[str, str]:
    """The day as a heading (Gregorian) and a second line (Old Style · Meiji year)."""
    return format_day(day, lang), f"{julian_text(day, lang)} · {t('meiji', lang, year=meiji_year(day))}"


def date_line(day: date, lang: str) -> str:
    """'8 February 1904 · Old Style 26 January 1904 · Meiji 37'."""
    return " · ".join(date_lines(day, lang))


def _holder_of(territories: gpd.GeoDataFrame, lon: float, lat: float) -> tuple[str, str] | None:
    if territories.empty:
        return None
    hits = territories[shapely.contains_xy(territories.geometry.values, lon, lat)]
    if hits.empty:
        # A coastal place can fall just outside simplified shapes: take the nearest within 0.3°.
        nearest = shapely.distance(territories.geometry.values, Point(lon, lat))
        if nearest.min() > 0.3:
            return None
        hits = territories.iloc[[int(nearest.argmin())]]
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


def caption_html(day_slice: DaySlice, lang: str) -> str:
    """The caption as escaped HTML, announced to screen readers when it changes."""
    caption = day_caption(day_slice, lang)
    lines = "".join(f"<div>{escape(line)}</div>" for line in caption.lines(lang))
    return (
        f"<div class='rjw-caption' dir='{direction(lang)}' lang='{lang}' role='status' aria-live='polite'"
        f" data-testid='rjw-caption'><h3>{escape(caption.headline)}</h3>{lines}</div>"
    )


def tour_card_html(stop: pd.Series, index: int, total: int, lang: str) -> str:
    """The guided tour's large caption of one key moment, escaped."""
    return (
        f"<div class='rjw-tour' dir='{direction(lang)}' lang='{lang}' data-testid='rjw-tour'>"
        f"<small>{escape(t('tour_position', lang, index=index + 1, total=total))}</small>"
        f"<h2>{escape(str(stop[f'title_{lang}']))}</h2>"
        f"<b>{escape(date_range_text(stop['start'], stop['end'], lang))}</b>"
        f"<p>{escape(str(stop[f'summary_{lang}']))}</p></div>"
    )
