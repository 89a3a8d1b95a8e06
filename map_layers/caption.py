"""The story of one day in words: the date in three calendars, what is under way, who holds what.

Pure text from a :class:`~map_layers.timeslice.DaySlice`, shared by the app's
caption, the static exports' margin and the screen-reader text version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

import geopandas as gpd
import numpy as np
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


def _holders_of(territories: gpd.GeoDataFrame) -> list[tuple[str, str, str] | None]:
    """(place key, holder, status) of each watched place, or None where no territory covers it."""
    if territories.empty:
        return [None] * len(WATCHED_PLACES)
    # Plain arrays: boolean-indexing the frame five times per day was most of a caption's cost.
    shapes = np.asarray(territories.geometry.array)
    holder = territories["holder"].to_numpy()
    status = territories["status"].to_numpy()
    found: list[tuple[str, str, str] | None] = []
    for key, lon, lat in WATCHED_PLACES:
        hits = np.flatnonzero(shapely.contains_xy(shapes, lon, lat))
        if hits.size:
            index = int(hits[0])
        else:
            # A coastal place can fall just outside simplified shapes: take the nearest within 0.3°.
            nearest = shapely.distance(shapes, Point(lon, lat))
            index = int(nearest.argmin())
            if nearest[index] > 0.3:
                found.append(None)
                continue
        found.append((key, str(holder[index]), str(status[index])))
    return found


def day_caption(day_slice: DaySlice, lang: str) -> DayCaption:
    """Describe ``day_slice`` in ``lang``."""
    events = day_slice.events
    titles = [str(v) for v in events[f"title_{lang}"].tolist()] if not events.empty else []
    current = events["current"].to_numpy(dtype=bool) if not events.empty else []
    unit = f"unit_{lang}"
    heads = day_slice.heads
    moving = []
    if not heads.empty:
        finished = heads["finished"].to_numpy(dtype=bool)
        for name, fallback, done in zip(heads[unit].tolist(), heads["unit_en"].tolist(), finished, strict=True):
            if not done:
                moving.append(name or fallback)
    holders = [
        t(
            "holder_line",
            lang,
            place=t(key, lang),
            holder=label("holder", holder, lang),
            status=label("status", status, lang),
        )
        for key, holder, status in filter(None, _holders_of(day_slice.territories))
    ]
    return DayCaption(
        headline=date_line(day_slice.day, lang),
        under_way=[text for text, now in zip(titles, current, strict=True) if now],
        recent=[text for text, now in zip(titles, current, strict=True) if not now],
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
