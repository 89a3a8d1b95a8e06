"""Folium layers from data: the fixed base map and the layers of one day.

The base map holds everything whose geometry never changes (land, every
territory state, every railway section), rendered once per language. A day is
then a small feature group: the day's events, the movements' travelled paths and
heads, and a :class:`~map_layers.elements.DayState` that tells the base map
which territories and railways to show. The live map keeps the base map and
swaps only that group, so scrubbing keeps the view and sends little data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
from folium.utilities import JsCode

from map_layers import style
from map_layers.atomic import write_atomic
from map_layers.elements import DayController, DayState, stylesheet
from map_layers.geodata import GeoData
from map_layers.jsonsafe import script_json
from map_layers.popups import event_popup, event_tooltip, movement_tooltip, railway_tooltip, territory_tooltip
from map_layers.rows import records
from map_layers.timeslice import DaySlice

START_VIEW: dict[str, Any] = {"location": (40.0, 125.0), "zoom_start": 4}
# West, south, east, north of the war's theatre: the default extent of static exports.
THEATRE_BBOX = (112.0, 28.0, 146.0, 54.0)
# Leaflet panes, bottom to top; event markers stay in the marker pane (600), above unit heads.
PANES = {"land": 250, "territories": 350, "railways": 420, "movements": 440, "heads": 580}

_REGISTER = "function (feature, layer) {{ if (window.RJW) {{ window.RJW.register('{kind}', feature, layer); }} }}"

MAP_CSS = f"""
.leaflet-container {{ background: {style.SEA_COLOUR}; font: 14px/1.4 'Noto Sans', 'Noto Sans Arabic', sans-serif; }}
.rjw-event {{ background: none; border: none; }}
.rjw-mark {{ position: relative; width: 26px; height: 26px; margin: 3px; font-size: 14px; line-height: 26px;
  text-align: center; filter: drop-shadow(0 0 1.5px #000); }}
.rjw-mark svg {{ position: absolute; inset: 0; width: 100%; height: 100%; overflow: visible; }}
.rjw-mark svg path {{ stroke: #fff; stroke-width: 2; }}
.rjw-mark span {{ position: relative; }}
.rjw-mark.rjw-shape-triangle span {{ top: 3px; }}
.rjw-mark.rjw-current {{ width: 32px; height: 32px; margin: 0; line-height: 32px; font-size: 17px; }}
.rjw-mark.rjw-current svg path {{ stroke: #111; stroke-width: 3; }}
.rjw-user .rjw-mark svg path {{ stroke: #111; stroke-width: 3; stroke-dasharray: 4 2; }}
.rjw-head {{ background: none; border: none; }}
.rjw-head div {{ width: 26px; height: 26px; }}
.rjw-popup h4 {{ margin: 0 0 4px; font-size: 16px; }}
.rjw-popup .rjw-kind {{ color: #555; font-size: 12px; }}
.rjw-popup .rjw-note {{ font-size: 12px; color: #444; margin-top: 4px; }}
.rjw-popup .rjw-source {{ font-size: 12px; margin-top: 4px; overflow-wrap: anywhere; }}
"""

_HIDDEN = {"opacity": 0, "fillOpacity": 0, "weight": 0}


def _feature(row: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": properties["id"],
        "properties": properties,
        "geometry": row["geometry"].__geo_interface__,
    }


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def registered_collection(frame: gpd.GeoDataFrame, tooltip: Callable[[dict[str, Any]], str]) -> dict[str, Any]:
    """Features that start hidden and register with the day controller, which styles them by id."""
    return _collection(
        [_feature(row, {"id": row["id"], "tooltip": tooltip(row), "style": _HIDDEN}) for row in records(frame)]
    )


def land_collection(land: gpd.GeoDataFrame) -> dict[str, Any]:
    """Land polygons with their fixed style, for the base map."""
    return _collection(
        [
            {"type": "Feature", "properties": {"style": style.LAND_STYLE}, "geometry": geometry.__geo_interface__}
            for geometry in land.geometry
        ]
    )


def base_layers(geo: GeoData, lang: str) -> dict[str, dict[str, Any]]:
    """The fixed layers of the base map as GeoJSON: land, every territory state, every railway."""
    return {
        "land": land_collection(geo.land_world),
        "territory": registered_collection(geo.territories, lambda row: territory_tooltip(row, lang)),
        "railway": registered_collection(geo.railways, lambda row: railway_tooltip(row, lang, "open")),
    }


def write_base_layers(directory: Path, geo: GeoData, lang: str) -> dict[str, Path]:
    """Write :func:`base_layers` as JSON files under ``directory``; return name -> path.

    File names carry a content hash, so a data change is a new URL and browsers may cache
    freely. Writing is atomic: concurrent sessions or replicas never read half a file.
    """
    paths = {}
    for stale in directory.glob("*.tmp"):  # partial files of older versions (written in place)
        stale.unlink(missing_ok=True)
    for name, data in base_layers(geo, lang).items():
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        path = directory / f"{name}-{lang}-{digest}.json"
        if not path.exists():
            write_atomic(path, text)  # staged outside static/: a full disk never leaves a served part
        paths[name] = path
    return paths


# Where each base layer goes and whether its features register with the day controller.
_BASE_LAYER_OPTIONS = {
    "land": {"pane": "land", "interactive": False, "register": False},
    "territory": {"pane": "territories", "interactive": True, "register": True},
    "railway": {"pane": "railways", "interactive": True, "register": True},
}


def base_map(
    geo: GeoData, lang: str, *, layer_urls: dict[str, str] | None = None, tiles: str | None = None
) -> folium.Map:
    """The map without any day: land, registered territories and railways, controls.

    With ``layer_urls`` (name -> URL of the :func:`base_layers` JSON) the browser fetches the
    geometry once, so the map's own script stays small: it is re-sent on every rerun. Without,
    the geometry is embedded (standalone use, tests, the naive benchmark baseline).
    """
    fmap = folium.Map(
        location=START_VIEW["location"],
        zoom_start=START_VIEW["zoom_start"],
        tiles=None,
        control_scale=True,
        min_zoom=2,
        max_zoom=10,
        world_copy_jump=True,
    )
    fmap.get_root().header.add_child(stylesheet(MAP_CSS))  # type: ignore[attr-defined]  # the root is a Figure
    for name, z_index in PANES.items():
        folium.map.CustomPane(name, z_index=z_index, pointer_events=name != "land").add_to(fmap)
    if tiles:
        folium.TileLayer(tiles, name="tiles", opacity=0.5).add_to(fmap)
    if layer_urls is not None:
        DayController(
            [{"kind": name, "url": layer_urls[name], **_BASE_LAYER_OPTIONS[name]} for name in _BASE_LAYER_OPTIONS]
        ).add_to(fmap)
    else:
        DayController().add_to(fmap)
        for name, data in base_layers(geo, lang).items():
            options = _BASE_LAYER_OPTIONS[name]
            folium.GeoJson(
                data,
                name=name,
                pane=options["pane"],
                interactive=options["interactive"],
                on_each_feature=JsCode(_REGISTER.format(kind=name)) if options["register"] else None,
                control=False,
            ).add_to(fmap)
    folium.plugins.Fullscreen(position="topleft").add_to(fmap)
    return fmap


def day_state(day_slice: DaySlice, lang: str = "en") -> dict[str, Any]:
    """Everything the browser needs to draw the slice's day, as data.

    Territories and railways are ids with their style (their geometry is in the base map);
    events, unit heads and travelled paths are items with an ``id``, which the day controller
    adds, moves, restyles or removes by id, so a date change re-creates nothing that stayed.
    """
    territory = {
        row["id"]: style.territory_style(row["holder"], row["status"]) for row in records(day_slice.territories)
    }
    railway = {row["id"]: style.RAILWAY_STYLES[row["state"]] for row in records(day_slice.railways)}
    return {
        "date": day_slice.day.isoformat(),
        "territory": territory,
        "railway": railway,
        "items": day_items(day_slice, lang),
    }


def _latlon(geometry: Any) -> list[list[float]]:
    return [[round(y, 4), round(x, 4)] for x, y in geometry.coords]


def day_items(day_slice: DaySlice, lang: str) -> list[dict[str, Any]]:
    """Paths, heads and event markers of the day, bottom to top, with escaped popups."""
    items: list[dict[str, Any]] = [
        {
            "id": f"track-{row['id']}",
            "path": _latlon(row["geometry"]),
            "style": style.movement_style(row["side"], bool(row["finished"])),
            "pane": "movements",
            "tooltip": movement_tooltip(row, lang),
        }
        for row in records(day_slice.movements)
    ]
    items += [
        {
            "id": f"head-{row['id']}",
            "at": _latlon(row["geometry"])[0],
            "html": head_icon_html(row),
            "cls": "rjw-head",
            "size": 26,
            "pane": "heads",
            "tooltip": movement_tooltip(row, lang),
        }
        for row in records(day_slice.heads)
    ]
    # Stacking: a teacher's own events above ours, events under way above fading ones.
    frames = [("event", "rjw-event", day_slice.events, 0)]
    if day_slice.user_events is not None:
        frames.append(("user", "rjw-event rjw-user", day_slice.user_events, 2000))
    for prefix, css_class, frame, lift in frames:
        items += [
            {
                "id": f"{prefix}-{row['id']}",
                "at": _latlon(row["geometry"])[0],
                "html": event_icon_html(row),
                "cls": css_class,
                "size": 32,
                "pane": "markerPane",
                "z": lift + (1000 if row.get("current") else 0),
                "label": str(row.get(f"title_{lang}") or row.get("title_en")),
                "popup": event_popup(row, lang),
                "tooltip": event_tooltip(row, lang),
            }
            for row in records(frame)
        ]
    return items


def event_icon_html(row: dict[str, Any]) -> str:
    """The marker of one event: its kind's glyph inside its side's shape, in the side's colour.

    The shape (:data:`~map_layers.style.SIDE_SHAPES`) tells the side apart without colour and
    without letters of any script; the glyph takes white or black, whichever reads on the colour.
    The state (under way, fading) is a class and an opacity that the player sets on this element.
    """
    side = row.get("side") or ""
    glyph = style.KIND_GLYPHS.get(row.get("kind", ""), style.KIND_GLYPHS["other"])
    current = " rjw-current" if row.get("current") else ""
    shape = style.side_shape(side)
    colour = style.side_colour(side)
    return (
        f"<div class='rjw-mark rjw-shape-{shape}{current}' style='opacity:{float(row.get('opacity', 1)):.2f};"
        f"color:{style.glyph_colour(colour)}'><svg viewBox='0 0 32 32' aria-hidden='true' focusable='false'>"
        f"<path d='{style.SHAPE_PATHS[shape]}' fill='{colour}'/></svg>"
        f"<span aria-hidden='true'>{escape(glyph)}</span></div>"
    )


def head_icon_html(row: dict[str, Any]) -> str:
    """An arrow pointing along the unit's last leg, in its side's colour."""
    colour = style.side_colour(row.get("side"))
    bearing = float(row.get("bearing", 0.0))
    return (
        f"<div style='transform:rotate({bearing:.0f}deg)'>"
        "<svg viewBox='0 0 24 24' width='26' height='26'>"
        f"<path d='M12 2 L20 21 L12 16 L4 21 Z' fill='{colour}' stroke='#111' stroke-width='1.5'/></svg></div>"
    )


def day_group(day: date, state_json: str) -> folium.FeatureGroup:
    """One feature group with everything that changes from day to day: a small JSON state."""
    group = folium.FeatureGroup(name=f"day {day.isoformat()}", control=False)
    DayState(state_json).add_to(group)
    return group


def day_layers(day_slice: DaySlice, lang: str) -> folium.FeatureGroup:
    """The day group of a slice (the app caches the state's JSON per day and calls day_group)."""
    return day_group(day_slice.day, script_json(day_state(day_slice, lang)))
