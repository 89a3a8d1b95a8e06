"""What every symbol on the day's map means: one list of entries for the app and the exports.

Each entry carries the same style options the map uses (from :mod:`map_layers.style`),
so the legend draws the very dash and colour that the map shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import geopandas as gpd
import pandas as pd

from map_layers import style
from map_layers.i18n import direction, label, t
from map_layers.timeslice import FADE_DAYS, DaySlice


def carried_by_sea(row: Any) -> bool:
    """An army (not a fleet) with legs carried by sea: those legs are drawn as sea transport."""
    modes = getattr(row, "modes", None)
    return getattr(row, "kind", None) != "fleet" and isinstance(modes, (list, tuple)) and "sea" in modes


def sea_travelled(row: Any) -> bool:
    """A track row of a day's slice whose travelled part includes a sea-transport leg."""
    if not carried_by_sea(row) or row.geometry is None:
        return False
    legs = len(row.geometry.coords) - 1
    return "sea" in list(row.modes)[:legs]


def _side_label(side: str, lang: str) -> str:
    return label("side", side or "other", lang)


def shown_events(day_slice: DaySlice) -> gpd.GeoDataFrame:
    """The slice's events plus any uploaded ones (``user_events``), drawn alike."""
    extra = day_slice.user_events
    if extra is None or not len(extra):
        return day_slice.events
    if not len(day_slice.events):
        return extra
    return pd.concat([day_slice.events, extra], ignore_index=True)


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: how to draw its symbol (``kind`` + options) and its text."""

    kind: str  # territory | front | railway | track | sea | head | event | event_state | side
    text: str
    options: dict[str, Any]


def legend_entries(day_slice: DaySlice, lang: str) -> list[LegendEntry]:
    """A row for every kind of symbol visible in the slice, with the style the map draws it in."""
    entries: list[LegendEntry] = []
    territories = day_slice.territories
    for holder, status in sorted(set(zip(territories["holder"], territories["status"], strict=True))):
        text = f"{label('holder', holder, lang)} — {label('status', status, lang)}"
        entries.append(LegendEntry("territory", text, style.territory_style(holder, status)))
    for state in ("open", "building"):
        if state in set(day_slice.railways.get("state", [])):
            entries.append(LegendEntry("railway", label("railway", state, lang), style.RAILWAY_STYLES[state]))
    if len(day_slice.front_lines):
        entries.append(LegendEntry("front", t("legend_front_line", lang), style.FRONT_LINE_STYLE))
    for side in sorted(set(day_slice.heads.get("side", []))):
        side_text = _side_label(side, lang)
        if side in set(day_slice.movements.get("side", [])):
            entries.append(
                LegendEntry("track", t("export_track", lang, side=side_text), style.movement_style(side, False))
            )
        entries.append(LegendEntry("head", t("export_head", lang, side=side_text), {"side": side}))
    if any(sea_travelled(row) for row in day_slice.movements.itertuples(index=False)):
        entries.append(LegendEntry("sea", t("legend_sea_transport", lang), style.sea_leg_style("other", False)))
    events = shown_events(day_slice)
    for kind in sorted(set(events.get("kind", []))):
        glyph = style.KIND_GLYPHS.get(kind, style.KIND_GLYPHS["other"])
        entries.append(LegendEntry("event", label("kind", kind, lang), {"glyph": glyph}))
    if len(events):
        if events["current"].any():
            entries.append(LegendEntry("event_state", t("export_event_current", lang), {"current": True}))
        if (~events["current"]).any():
            entries.append(
                LegendEntry("event_state", t("export_event_fading", lang, days=FADE_DAYS), {"current": False})
            )
    for side in sorted({side or "other" for side in events.get("side", [])}):
        # The marker's shape is the side, in colour and without it (no letters of one script).
        text = t("legend_side_shape", lang, side=_side_label(side, lang))
        entries.append(LegendEntry("side", text, {"side": side, "shape": style.side_shape(side)}))
    return entries


def _swatch(entry: LegendEntry) -> str:
    options = entry.options
    if entry.kind == "territory":
        border = "dashed" if options.get("dashArray") else "solid"
        look = f"background:{options['fillColor']}80;border-color:{options['color']};border-style:{border}"
        return f"<span class='sw' style='{look}'></span>"
    if entry.kind == "front":
        look = f"border-top-style:dashed;border-top-width:3px;border-color:{options['color']}"
        return f"<span class='ln' style='{look}'></span>"
    if entry.kind in ("railway", "track", "sea"):
        dash = str(options.get("dashArray") or "")
        border = "dotted" if dash.startswith("1 ") else "dashed" if dash else "solid"
        return f"<span class='ln' style='border-top-style:{border};border-color:{options['color']}'></span>"
    if entry.kind == "head":
        return f"<span class='gl' style='color:{style.side_colour(options['side'])}'>➤</span>"
    if entry.kind == "event":
        return f"<span class='gl'>{escape(options['glyph'])}</span>"
    if entry.kind == "side":
        path = style.SHAPE_PATHS[options["shape"]]
        fill = style.side_colour(options["side"])
        return (
            "<span class='gl'><svg viewBox='0 0 32 32' width='16' height='16' aria-hidden='true' focusable='false'>"
            f"<path d='{path}' fill='{fill}' stroke='#111' stroke-width='2'/></svg></span>"
        )
    if entry.kind == "event_state":
        weight = "3px solid #111" if options["current"] else "1px solid #999"
        return f"<span class='gl'><span class='dot' style='border:{weight}'></span></span>"
    return "<span class='gl'></span>"


def legend_html(day_slice: DaySlice, lang: str) -> str:
    """The legend as escaped HTML for the app's side panel."""
    rows = [f"<div>{_swatch(entry)}{escape(entry.text)}</div>" for entry in legend_entries(day_slice, lang)]
    return (
        f"<div class='rjw-legend' dir='{direction(lang)}' lang='{lang}' data-testid='rjw-legend'>"
        f"<b>{escape(t('legend', lang))}</b>{''.join(rows)}</div>"
    )
