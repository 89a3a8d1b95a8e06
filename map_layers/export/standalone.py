"""One self-contained, offline HTML map with its own date slider and player.

Python prepares everything once — geometry (rounded), per-feature date ranges
as day numbers, styles from :mod:`map_layers.style`, escaped popups and
tooltips from :mod:`map_layers.popups` — and embeds it as JSON; the page's
script (``map_layers/js/standalone.js``) then only toggles visibility and
styles and moves movement heads, mirroring :mod:`map_layers.timeslice` rule
for rule, so a day in the browser shows what ``slice_day`` returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from jinja2 import Template

from map_layers import style
from map_layers.assets import LEAFLET_CSS, LEAFLET_JS, vendored_text
from map_layers.events import FIRST_DAY, LAST_DAY
from map_layers.geodata import GeoData
from map_layers.i18n import direction, format_day, t
from map_layers.jsonsafe import script_json
from map_layers.layers import MAP_CSS, START_VIEW, event_icon_html, head_icon_html
from map_layers.paths import JS_DIR
from map_layers.permalink import View
from map_layers.popups import event_popup, event_tooltip, movement_tooltip, railway_tooltip, territory_tooltip
from map_layers.rows import records
from map_layers.timeslice import FADE_DAYS, MOVEMENT_LINGER_DAYS, chosen_layers

_EPOCH = date(1970, 1, 1)
_DIGITS = 4  # ~11 m: finer than the simplified geodata
_SPEEDS = (1, 2, 7, 30)  # days per frame
FPS = 30

PAGE_CSS = """
html, body { margin: 0; height: 100%; font: 15px/1.4 'Noto Sans', 'Noto Sans Arabic', sans-serif; }
body { display: flex; flex-direction: column; }
#rjw-controls { display: flex; align-items: center; gap: 10px; padding: 8px 12px; background: #fff;
  border-bottom: 1px solid #ccc; flex-wrap: wrap; }
#rjw-controls h1 { font-size: 17px; margin: 0; flex-basis: 100%; }
#rjw-slider { flex: 1 1 300px; }
#rjw-date { min-width: 12em; font-weight: bold; }
#rjw-play { min-width: 6em; }
#rjw-map { flex: 1 1 auto; }
[dir=rtl] #rjw-controls { text-align: right; }
"""

_TEMPLATE = Template(
    """<!DOCTYPE html>
<html lang="{{ lang }}" dir="{{ dir }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ leaflet_css }}</style>
<style>{{ map_css }}{{ page_css }}</style>
</head>
<body>
<div id="rjw-controls">
<h1>{{ title }}</h1>
<button id="rjw-play" type="button" data-play="{{ play }}" data-pause="{{ pause }}">{{ play }}</button>
<input id="rjw-slider" type="range" min="0" max="{{ max_index }}" step="1" value="{{ index }}"
 aria-label="{{ date_label }}" dir="ltr">
<span id="rjw-date" aria-live="polite"></span>
<label>{{ speed_label }} <select id="rjw-speed">
{%- for s in speeds %}<option value="{{ s }}">{{ s }}</option>{% endfor -%}
</select></label>
</div>
<div id="rjw-map"></div>
<script>{{ leaflet_js }}</script>
<script id="rjw-data" type="application/json">{{ data }}</script>
<script>{{ standalone_js }}</script>
</body>
</html>
"""
)


def _day_number(value: Any) -> int | None:
    """Days since 1970-01-01 (negative for our period), or None for a missing date."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        return None
    return (stamp.date() - _EPOCH).days


def _round(coordinates: Any) -> Any:
    if isinstance(coordinates, (list, tuple)):
        if coordinates and isinstance(coordinates[0], (int, float)):
            return [round(float(c), _DIGITS) for c in coordinates]
        return [_round(part) for part in coordinates]
    return coordinates


def _geometry(geometry: Any) -> dict[str, Any]:
    shape = geometry.__geo_interface__
    return {"type": shape["type"], "coordinates": _round(shape["coordinates"])}


def _territories(frame: gpd.GeoDataFrame, lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Features with start/end day numbers and an index into a style table; and that table."""
    features = []
    style_index: dict[tuple[str, str], int] = {}  # (holder, status) -> position in the table
    styles: list[dict[str, Any]] = []
    for row in records(frame):
        key = (row["holder"], row["status"])
        if key not in style_index:
            style_index[key] = len(styles)
            styles.append(style.territory_style(*key))
        properties = {
            "id": row["id"],
            "s": _day_number(row["start"]),
            "e": _day_number(row["end"]),
            "st": style_index[key],
            "tip": territory_tooltip(row, lang),
        }
        features.append({"type": "Feature", "properties": properties, "geometry": _geometry(row["geometry"])})
    return features, styles


def _railways(frame: gpd.GeoDataFrame, lang: str) -> list[dict[str, Any]]:
    """Sections with construction start (``b``) and opening (``o``) day numbers, a tooltip per state."""
    features = []
    for row in records(frame):
        properties = {
            "id": row["id"],
            "b": _day_number(row.get("construction_start")),
            "o": _day_number(row.get("opened")),
            "tip": {state: railway_tooltip(row, lang, state) for state in ("open", "building")},
        }
        features.append({"type": "Feature", "properties": properties, "geometry": _geometry(row["geometry"])})
    return features


def _movements(frame: gpd.GeoDataFrame, lang: str) -> list[dict[str, Any]]:
    """Paths as lon/lat vertices with one day number per vertex, styles and head icons."""
    items = []
    for row in records(frame):
        side = row.get("side") or ""
        items.append(
            {
                "id": row["id"],
                "xy": _round([list(c) for c in row["geometry"].coords]),
                "t": [int((np.datetime64(d, "D") - np.datetime64(_EPOCH, "D")).astype(int)) for d in row["times"]],  # type: ignore[attr-defined]  # numpy's stubs: a timedelta64
                "style": {
                    "moving": style.movement_style(side, False),
                    "finished": style.movement_style(side, True),
                },
                "head": head_icon_html({"side": side, "bearing": 0.0}),
                "tip": movement_tooltip(row, lang),
            }
        )
    return items


def _events(frame: gpd.GeoDataFrame, lang: str, user: bool = False) -> list[dict[str, Any]]:
    """Point events with start/end day numbers, marker HTML and the escaped popup/tooltip."""
    items = []
    for row in records(frame):
        geometry = row["geometry"]
        items.append(
            {
                "id": row["id"],
                "ll": [round(geometry.y, _DIGITS), round(geometry.x, _DIGITS)],
                "s": _day_number(row["start"]),
                "e": _day_number(row["end"]),
                "icon": event_icon_html({**row, "current": False, "opacity": 1.0}),
                "popup": event_popup(row, lang),
                "tip": event_tooltip(row, lang),
                "user": user,
            }
        )
    return items


def month_templates(lang: str) -> list[str]:
    """``format_day`` of the 27th of each month with ``{d}``/``{y}`` holes, so the page writes
    dates exactly as the app does without a date library of its own."""
    return [
        format_day(date(1905, month, 27), lang).replace("1905", "{y}").replace("27", "{d}") for month in range(1, 13)
    ]


def _view(view: View | None) -> dict[str, Any]:
    if view is None:
        return {"center": list(START_VIEW["location"]), "zoom": START_VIEW["zoom_start"]}
    return {"center": [view.lat, view.lon], "zoom": view.zoom}


def standalone_payload(
    geo: GeoData,
    events: gpd.GeoDataFrame,
    *,
    lang: str,
    layers: Iterable[str] | None,
    day: date,
    view: View | None = None,
    user_events: gpd.GeoDataFrame | None = None,
) -> dict[str, Any]:
    """The data the page embeds, as one JSON-able dict."""
    chosen = chosen_layers(layers)
    payload: dict[str, Any] = {
        "lang": lang,
        "first": _day_number(FIRST_DAY),
        "last": _day_number(LAST_DAY),
        "day": _day_number(day),
        "fade": FADE_DAYS,
        "linger": MOVEMENT_LINGER_DAYS,
        "fps": FPS,
        "view": _view(view),
        "months": month_templates(lang),
        "land": [{"type": "Feature", "properties": {}, "geometry": _geometry(g)} for g in geo.land_world.geometry],
        "styles": {"land": style.LAND_STYLE, "territory": [], "railway": style.RAILWAY_STYLES},
        "layers": sorted(chosen),
    }
    if "territories" in chosen:
        payload["territories"], payload["styles"]["territory"] = _territories(geo.territories, lang)
    if "railways" in chosen:
        payload["railways"] = _railways(geo.railways, lang)
    if "movements" in chosen:
        payload["movements"] = _movements(geo.movements, lang)
    if "events" in chosen:
        payload["events"] = _events(events, lang)
    if user_events is not None and len(user_events):
        payload["user_events"] = _events(user_events, lang, user=True)
    return payload


def standalone_html(
    geo: GeoData,
    events: gpd.GeoDataFrame,
    *,
    lang: str,
    layers: Iterable[str] | None,
    day: date,
    view: View | None = None,
    title: str | None = None,
    user_events: gpd.GeoDataFrame | None = None,
) -> str:
    """One HTML file that shows the map for any day from 1891 to 1905, offline.

    Parameters
    ----------
    geo, events : GeoData, GeoDataFrame
        All the data; the page slices it in the browser with the rules of
        :mod:`map_layers.timeslice` (date ranges, fade window, movement interpolation).
    lang : str
        ``en`` or ``ar`` (``dir=rtl`` page; the time slider runs left to right in both, as in the app).
    layers : iterable of str or None
        Layers to embed (None: all four).
    day : date
        The day shown when the page opens.
    view : View, optional
        The opening view (default: the app's start view).
    title : str, optional
        Page heading (default: the app title); escaped.
    user_events : GeoDataFrame, optional
        An uploaded events CSV: embedded apart, shown like the shipped events.

    Returns
    -------
    str
        The HTML document: Leaflet inlined from ``static/vendor``, no external resource.
        ``window.RJWStandalone`` offers ``setDay(iso)``, ``visibleIds()``, ``openPopup(id)``,
        ``play()`` and ``pause()``; the map container carries ``data-map-date``.

    Examples
    --------
    >>> html = standalone_html(geo, events, lang="ar", layers=None, day=date(1905, 5, 27))  # doctest: +SKIP
    >>> Path("rjw-1905-05-27.html").write_text(html, encoding="utf-8")  # doctest: +SKIP
    """
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"day {day} is outside {FIRST_DAY} to {LAST_DAY}")
    payload = standalone_payload(geo, events, lang=lang, layers=layers, day=day, view=view, user_events=user_events)
    heading = title if title is not None else t("app_title", lang)
    return _TEMPLATE.render(
        lang=escape(lang, quote=True),
        dir=direction(lang),
        title=escape(heading),
        play=escape(t("standalone_play", lang), quote=True),
        pause=escape(t("standalone_pause", lang), quote=True),
        date_label=escape(t("date", lang), quote=True),
        speed_label=escape(t("standalone_speed", lang)),
        speeds=_SPEEDS,
        max_index=payload["last"] - payload["first"],
        index=payload["day"] - payload["first"],
        leaflet_css=_no_style_close(vendored_text(LEAFLET_CSS)),
        map_css=MAP_CSS,
        page_css=PAGE_CSS,
        leaflet_js=_no_script_close(vendored_text(LEAFLET_JS)),
        data=script_json(payload),
        standalone_js=_no_script_close((JS_DIR / "standalone.js").read_text(encoding="utf-8")),
    )


def _no_script_close(code: str) -> str:
    """Inlined code must not end its ``<script>`` early (vendored files never should)."""
    if "</script" in code.lower():
        raise ValueError("inlined script contains '</script'")
    return code


def _no_style_close(css: str) -> str:
    if "</style" in css.lower():
        raise ValueError("inlined stylesheet contains '</style'")
    return css
