"""The whole period compiled once per language into a compact timeline for the JS player.

Python decides what is true; the browser (``map_layers/js/player.js``) only evaluates
intervals and interpolations. Every date is a *day number*: days since 1970-01-01
(negative in our period), so ``1904-02-08`` is ``-24069``. Intervals are inclusive
on both ends, as in :mod:`map_layers.timeslice`.

Schema (version 1; every text that reaches HTML is already escaped, plain texts are
set with ``textContent``)::

    v           1
    lang, dir   "en" | "ar", "ltr" | "rtl"
    first, last day numbers of the period (1891-01-01, 1905-12-31)
    fade        FADE_DAYS: an ended event stays this many days, fading
    linger      MOVEMENT_LINGER_DAYS: a finished track stays this many days
    months      12 templates of a long date with {d} and {y} holes (format_day)
    land        [geometry]                       GeoJSON geometries, rounded to 1e-4°
    styles      land: path options;
                territory: [path options]        indexed by a territory's ``st``
                railway: {open, building}        path options
                movement: {side: {moving, finished}}; sea: the same for sea-transport legs
                front: front line path options
                head: {side: html}               movement head (an arrow pointing north)
                icon: [html]                     event marker html, by an event's ``ic``
    territories [{id, s, e, st, tip, g}]         s/e inclusive; tip = tooltip html; g = geometry
    front_lines [{id, s, e, tip, g}]             dated front lines, drawn with the territories
    railways    [{id, b, o, tip: [open, building], g}]  b = construction start, o = opened (null: never)
    movements   [{id, xy: [[lon, lat]], t: [day], sd: side, u: unit name, tip, sea?: [0|1]}]
                t: the (fractional) day each vertex is passed (movement.vertex_days); sea: one
                flag per leg, only for an army with legs carried by sea (styles.sea)
    events      [{id, ll: [lat, lon], s, e, k: kind, sd: side, ic, pop, tip, ti: title,
                  st: story sentence, key: 0|1}] sorted by (s, id); ic indexes styles.icon
    user_events the same, each with its own marker html ``icon`` instead of ``ic``
    tour        [{i: index into events, dates, sum}]   key moments in order, plain text
    watched     [{k: place key, spans: [[s, e, sentence]]}]  who holds each watched place
    legend      [{layer, k, html}]               one row per symbol kind; k matched per day (see _legend)
    density     [[first day of a month, number of events starting in it]]
    ui          {name: text}                     every string the player shows, in ``lang``
    places      places.places_payload(lang)      place labels for labels.js (plain text)

The Old Style date is the Julian calendar date of the same day (12 days behind the
Gregorian before Gregorian 1900-03-13, 13 days from 14 March 1900); the player computes it
by day-number arithmetic. The Meiji year is the year − 1867.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from types import SimpleNamespace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from map_layers import style
from map_layers.caption import WATCHED_PLACES, _holders_of
from map_layers.events import FIRST_DAY, LAST_DAY
from map_layers.geodata import GeoData
from map_layers.i18n import direction, format_day, label, t, ui_text
from map_layers.layers import event_icon_html, head_icon_html
from map_layers.legend import _swatch, carried_by_sea, legend_entries
from map_layers.movement import vertex_days
from map_layers.places import places_payload
from map_layers.popups import (
    _localised,
    date_range_text,
    event_popup,
    event_tooltip,
    movement_tooltip,
    railway_tooltip,
    territory_tooltip,
)
from map_layers.rows import is_missing, records
from map_layers.timeslice import FADE_DAYS, LAYERS, MOVEMENT_LINGER_DAYS, DaySlice

JSONValue = Any
EPOCH = date(1970, 1, 1)
DIGITS = 4  # ~11 m: finer than the simplified geodata
SIDES = ("japan", "russia", "china", "korea", "other")
# Speeds of the player, in days per second (1 day, 1 week, 1 month, 1 year per second).
SPEEDS = (1, 7, 30, 365)
# Catalogue keys the player shows (see map_layers/i18n.py), sent in the page's language.
UI_KEYS = (
    "app_title",
    "play",
    "pause",
    "play_help",
    "speed",
    "speed_day",
    "speed_week",
    "speed_month",
    "speed_year",
    "loop",
    "prev_day_help",
    "next_day_help",
    "prev_event_help",
    "next_event_help",
    "tour_start",
    "tour_help",
    "tour_prev",
    "tour_next",
    "tour_end",
    "tour_position",
    "legend",
    "layers",
    "layer_territories",
    "layer_railways",
    "layer_movements",
    "layer_events",
    "under_way",
    "moving",
    "and_more",
    "and_more_events",
    "export_quiet_day",
    "export_old_style",
    "meiji",
    "date",
    "player_fullscreen",
    "player_range",
    "player_from",
    "player_to",
    "player_story",
    "player_recent",
    "player_moving_sentence",
    "player_no_tour",
    "list_comma",
    "map_zoom_in",
    "map_zoom_out",
    "map_scale_km",
    "map_scale_m",
    "map_leaflet_credit",
    "map_close_popup",
    "map_region",
    "tour_card",
)
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
MAX_STORY = 240


def day_number(value: Any) -> int | None:
    """Days since 1970-01-01 of a date-like ``value`` (None for a missing date)."""
    if is_missing(value):
        return None
    stamp = pd.Timestamp(value)
    return None if is_missing(stamp) else (stamp.date() - EPOCH).days


def _period_days() -> tuple[int, int]:
    """The day numbers of the first and last day of the period (never missing)."""
    return (FIRST_DAY - EPOCH).days, (LAST_DAY - EPOCH).days


def _round(coordinates: Any) -> Any:
    if isinstance(coordinates, (list, tuple)):
        if coordinates and isinstance(coordinates[0], (int, float)):
            return [round(float(c), DIGITS) for c in coordinates]
        return [_round(part) for part in coordinates]
    return coordinates


def _geometry(geometry: Any) -> dict[str, Any]:
    shape = geometry.__geo_interface__
    return {"type": shape["type"], "coordinates": _round(shape["coordinates"])}


def month_templates(lang: str) -> list[str]:
    """``format_day`` of the 27th of each month with ``{d}``/``{y}`` holes, so the page writes
    dates exactly as the app does without a date library of its own."""
    return [
        format_day(date(1905, month, 27), lang).replace("1905", "{y}").replace("27", "{d}") for month in range(1, 13)
    ]


def story_sentence(summary: str, limit: int = MAX_STORY) -> str:
    """The first sentence of ``summary`` (cut at ``limit`` characters with an ellipsis)."""
    text = " ".join(str(summary or "").split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _territories(frame: gpd.GeoDataFrame, lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Territory states with inclusive s/e day numbers and a style index; and the style table."""
    items: list[dict[str, Any]] = []
    styles: list[dict[str, Any]] = []
    index: dict[tuple[str, str], int] = {}
    for row in records(frame):
        key = (row["holder"], row["status"])
        if key not in index:
            index[key] = len(styles)
            styles.append(style.territory_style(*key))
        items.append(
            {
                "id": row["id"],
                "s": day_number(row["start"]),
                "e": day_number(row["end"]),
                "st": index[key],
                "tip": territory_tooltip(row, lang),
                "g": _geometry(row["geometry"]),
            }
        )
    return items, styles


def _railways(frame: gpd.GeoDataFrame, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": row["id"],
            "b": day_number(row.get("construction_start")),
            "o": day_number(row.get("opened")),
            "tip": [railway_tooltip(row, lang, state) for state in ("open", "building")],
            "g": _geometry(row["geometry"]),
        }
        for row in records(frame)
    ]


def _movements(frame: gpd.GeoDataFrame, lang: str) -> list[dict[str, Any]]:
    """Units' paths with the (fractional) day each vertex is passed (movement.vertex_days)."""
    items = []
    for row in records(frame):
        times = np.asarray(row["times"]).astype("datetime64[D]")
        coords = np.asarray(row["geometry"].coords)
        item = {
            "id": row["id"],
            "xy": _round([list(c) for c in coords]),
            "t": [_whole(d) for d in vertex_days(coords, times).tolist()],
            "sd": row.get("side") or "",
            "u": str(row.get(f"unit_{lang}") or row.get("unit_en") or row["id"]),
            "tip": movement_tooltip(row, lang),
        }
        if carried_by_sea(SimpleNamespace(**row)):
            item["sea"] = [1 if mode == "sea" else 0 for mode in row["modes"]]
        items.append(item)
    return items


def _whole(day: float) -> int | float:
    """A day number as an int when whole (most are), else rounded to ~1 s."""
    return int(day) if float(day).is_integer() else round(day, 5)


def _front_lines(frame: gpd.GeoDataFrame, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": row["id"],
            "s": day_number(row["start"]),
            "e": day_number(row["end"]),
            "tip": escape(_localised(row, "name", lang)),
            "g": _geometry(row["geometry"]),
        }
        for row in records(frame)
    ]


def compile_events(frame: gpd.GeoDataFrame | None, lang: str, icons: list[str] | None = None) -> list[dict[str, Any]]:
    """Events as the player draws them, sorted by (start, id).

    With ``icons`` (the timeline's icon table) an event names its marker html by index
    ``ic`` (appended to the table when new), so thousands of events share a handful of
    marker strings. Without, each event carries its own marker html as ``icon``: that is
    the form ``RJWPlayer.setUserEvents`` takes for an uploaded CSV.
    """
    if frame is None or frame.empty:
        return []
    table: list[str] = icons if icons is not None else []
    index = {html: position for position, html in enumerate(table)}
    items = []
    for row in records(frame.sort_values(["start", "id"])):
        icon = event_icon_html({**row, "current": False, "opacity": 1.0})
        if icon not in index:
            index[icon] = len(table)
            table.append(icon)
        geometry = row["geometry"]
        marker: dict[str, Any] = {"ic": index[icon]} if icons is not None else {"icon": icon}
        items.append(
            {
                **marker,
                "id": row["id"],
                "ll": [round(geometry.y, DIGITS), round(geometry.x, DIGITS)],
                "s": day_number(row["start"]),
                "e": day_number(row["end"]),
                "k": row.get("kind") or "other",
                "sd": row.get("side") or "",
                "pop": event_popup(row, lang),
                "tip": event_tooltip(row, lang),
                "ti": _localised(row, "title", lang),
                "st": story_sentence(_localised(row, "summary", lang)),
                "key": 1 if bool(row.get("key")) else 0,
            }
        )
    return items


def compile_user_events(frame: gpd.GeoDataFrame | None, lang: str) -> list[dict[str, Any]]:
    """An uploaded CSV compiled for ``RJWPlayer.setUserEvents`` (each event with its marker html)."""
    return compile_events(frame, lang)


def _tour(events: gpd.GeoDataFrame, compiled: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    if events.empty:
        return []
    by_id = {item["id"]: position for position, item in enumerate(compiled)}
    stops = []
    for row in records(events.sort_values(["start", "id"])):
        if bool(row.get("key")):
            stops.append(
                {
                    "i": by_id[row["id"]],
                    "dates": date_range_text(row["start"], row["end"], lang),
                    "sum": _localised(row, "summary", lang),
                }
            )
    return stops


def _change_days(territories: gpd.GeoDataFrame, first: int, last: int) -> list[int]:
    """Days on which the set of territory states may change, in [first, last]."""
    days = {first}
    for column, shift in (("start", 0), ("end", 1)):
        for value in territories[column].tolist():
            number = day_number(value)
            if number is not None and first <= number + shift <= last:
                days.add(number + shift)
    return sorted(days)


def watched_spans(territories: gpd.GeoDataFrame, lang: str) -> list[dict[str, Any]]:
    """Who holds each of caption.py's watched places, as inclusive day spans with a sentence.

    Computed with the caption's own lookup (:func:`map_layers.caption._holders_of`) on each
    interval between territory change points, so the page needs no geometry test.
    """
    first, last = _period_days()
    starts = np.array([day_number(v) for v in territories["start"].tolist()])
    ends = np.array([day_number(v) for v in territories["end"].tolist()])
    spans: list[list[list[Any]]] = [[] for _ in WATCHED_PLACES]
    days = _change_days(territories, first, last)
    for position, day in enumerate(days):
        until = days[position + 1] - 1 if position + 1 < len(days) else last
        active = territories.iloc[np.flatnonzero((starts <= day) & (day <= ends))]
        for place, found in enumerate(_holders_of(active)):
            sentence = None
            if found is not None:
                key, holder, status = found
                sentence = t(
                    "player_holds",
                    lang,
                    place=t(key, lang),
                    holder=label("holder", holder, lang),
                    status=label("status", status, lang),
                )
            own = spans[place]
            if own and own[-1][2] == sentence and own[-1][1] == day - 1:
                own[-1][1] = until
            else:
                own.append([day, until, sentence])
    return [
        {"k": key, "spans": [span for span in own if span[2] is not None]}
        for (key, _lon, _lat), own in zip(WATCHED_PLACES, spans, strict=True)
    ]


_LEGEND_LAYER = {
    "territory": "territories",
    "railway": "railways",
    "front": "territories",
    "track": "movements",
    "sea": "movements",
    "head": "movements",
    "event": "events",
    "event_state": "events",
    "side": "events",
}


def _legend(geo: GeoData, events: gpd.GeoDataFrame, styles: list[dict[str, Any]], lang: str) -> list[dict[str, str]]:
    """Every symbol kind in the data, drawn by legend.py from style.py (one home for colours).

    Each row has a ``k`` the player matches against what a day shows, so the legend lists
    only that day's symbols: ``t:<territory style index>``, ``r:open``/``r:building``,
    ``m:<side>`` (path), ``h:<side>`` (head), ``e:<kind>``, ``s:1``/``s:0`` (under way /
    fading) and ``d:<side>`` (the marker shape of a side).
    """
    railways = geo.railways.assign(state="open")
    if geo.railways["construction_start"].notna().any():
        railways = pd.concat([railways, geo.railways.assign(state="building")], ignore_index=True)
    states = [True, False] if len(events) else []
    shown = pd.concat([events.assign(current=state) for state in states]) if states else events.assign(current=True)
    every = DaySlice(
        day=FIRST_DAY,
        territories=geo.territories,
        railways=railways,
        movements=geo.movements,
        heads=geo.movements,
        events=shown,
        front_lines=geo.front_lines,
    )
    style_index = {tuple(sorted(map(str, s.items()))): i for i, s in enumerate(styles)}
    keys = {"railway": "r", "track": "m", "head": "h", "event": "e"}
    rows = []
    kinds = sorted(set(events["kind"])) if len(events) else []
    sides = sorted(set(geo.movements["side"])) if len(geo.movements) else []
    counters = {"track": 0, "head": 0, "event": 0}
    for entry in legend_entries(every, lang):
        if entry.kind == "territory":
            key = f"t:{style_index[tuple(sorted(map(str, entry.options.items())))]}"
        elif entry.kind == "railway":
            key = "r:open" if entry.options is style.RAILWAY_STYLES["open"] else "r:building"
        elif entry.kind in ("track", "head"):
            key = f"{keys[entry.kind]}:{sides[counters[entry.kind]]}"
            counters[entry.kind] += 1
        elif entry.kind == "event":
            key = f"e:{kinds[counters['event']]}"
            counters["event"] += 1
        elif entry.kind == "front":
            key = "f"
        elif entry.kind == "sea":
            key = "m:sea"
        elif entry.kind == "event_state":
            key = "s:1" if entry.options["current"] else "s:0"
        else:  # side: the marker shape of each side with events
            key = f"d:{entry.options['side']}"
        rows.append({"layer": _LEGEND_LAYER[entry.kind], "k": key, "html": _swatch(entry) + escape(entry.text)})
    return rows


def _density(events: gpd.GeoDataFrame) -> list[list[int]]:
    """Events starting in each month: [[first day of the month, count]] for months with any."""
    if events.empty:
        return []
    months = events["start"].to_numpy().astype("datetime64[M]")
    values, counts = np.unique(months, return_counts=True)
    return [
        [int((value.astype("datetime64[D]") - np.datetime64(EPOCH, "D")).astype(int)), int(count)]
        for value, count in zip(values, counts, strict=True)
    ]


def compile_timeline(
    geo: GeoData,
    events: gpd.GeoDataFrame,
    *,
    lang: str,
    user_events: gpd.GeoDataFrame | None = None,
) -> dict[str, JSONValue]:
    """The whole period, every layer, in ``lang``: the player's one input (see module docstring).

    Parameters
    ----------
    geo, events : GeoData, GeoDataFrame
        All the data. Every feature goes in, whatever the day or the layers shown:
        the player toggles layers itself.
    lang : str
        ``en`` or ``ar``: tooltips, popups, story lines and UI strings in that language.
    user_events : GeoDataFrame, optional
        An uploaded events CSV, compiled like ours into ``user_events`` (drawn dashed, on top).

    Returns
    -------
    dict
        JSON-able; put it in a page with :func:`map_layers.jsonsafe.script_json`.

    Examples
    --------
    >>> timeline = compile_timeline(load_geodata(), read_events(EVENTS_CSV).events, lang="ar")  # doctest: +SKIP
    >>> timeline["first"], timeline["last"]  # doctest: +SKIP
    (-28854, -23377)
    """
    territories, territory_styles = _territories(geo.territories, lang)
    icons: list[str] = []
    compiled_events = compile_events(events, lang, icons)
    user = compile_user_events(user_events, lang)
    return {
        "v": 1,
        "lang": lang,
        "dir": direction(lang),
        "first": day_number(FIRST_DAY),
        "last": day_number(LAST_DAY),
        "fade": FADE_DAYS,
        "linger": MOVEMENT_LINGER_DAYS,
        "layers": list(LAYERS),
        "speeds": list(SPEEDS),
        "months": month_templates(lang),
        "land": [_geometry(g) for g in geo.land_world.geometry],
        "styles": {
            "land": style.LAND_STYLE,
            "territory": territory_styles,
            "railway": style.RAILWAY_STYLES,
            "movement": {
                side: {"moving": style.movement_style(side, False), "finished": style.movement_style(side, True)}
                for side in (*SIDES, "")
            },
            "sea": {
                side: {"moving": style.sea_leg_style(side, False), "finished": style.sea_leg_style(side, True)}
                for side in (*SIDES, "")
            },
            "front": style.FRONT_LINE_STYLE,
            "head": {side: head_icon_html({"side": side, "bearing": 0.0}) for side in (*SIDES, "")},
            "icon": icons,
        },
        "territories": territories,
        "front_lines": _front_lines(geo.front_lines, lang),
        "railways": _railways(geo.railways, lang),
        "movements": _movements(geo.movements, lang),
        "events": compiled_events,
        "user_events": user,
        "tour": _tour(events, compiled_events, lang),
        "watched": watched_spans(geo.territories, lang),
        "legend": _legend(geo, events, territory_styles, lang),
        "density": _density(events),
        "places": places_payload(geo.places, geo.rivers, lang),
        "ui": {key: ui_text(key, lang) for key in UI_KEYS},
    }
