"""The map's time player as a folium element, and the one player document both hosts use.

:class:`TimePlayer` is shaped like folium's plugins (``JSCSSMixin`` + ``MacroElement``, a
class-level template, options normalised in ``__init__``, local assets): added to a
``folium.Map`` it puts the compiled timeline (:mod:`map_layers.timeline`) and
``map_layers/js/player.js`` into the page, and ``Map.save()`` is a working player. Its macros
go into the figure as plain text (no branca re-compile of data or of Leaflet's code).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from html import escape
from typing import Any

import folium
import geopandas as gpd
from branca.element import Figure
from folium.elements import JSCSSMixin
from jinja2 import Template

from map_layers.assets import LEAFLET_CSS, LEAFLET_JS, vendored_text
from map_layers.elements import _ScriptElement
from map_layers.events import FIRST_DAY, LAST_DAY
from map_layers.geodata import GeoData
from map_layers.i18n import direction, t
from map_layers.jsonsafe import script_json
from map_layers.labels import labels_css, labels_js
from map_layers.layers import MAP_CSS, PANES, START_VIEW
from map_layers.paths import JS_DIR
from map_layers.permalink import View
from map_layers.timeline import compile_timeline
from map_layers.timeslice import chosen_layers


@functools.cache
def player_js() -> str:
    """``map_layers/js/player.js``, read once."""
    return _no_close((JS_DIR / "player.js").read_text(encoding="utf-8"), "script")


@functools.cache
def player_css() -> str:
    return _no_close((JS_DIR / "player.css").read_text(encoding="utf-8"), "style")


@functools.cache
def _leaflet_inline() -> tuple[str, str]:
    return _no_close(vendored_text(LEAFLET_JS), "script"), _no_close(vendored_text(LEAFLET_CSS), "style")


def _no_close(code: str, tag: str) -> str:
    """Inlined code must not end its element early (vendored files never should)."""
    if f"</{tag}" in code.lower():
        raise ValueError(f"inlined {tag} contains '</{tag}'")
    return code


class PlayerFigure(Figure):
    """branca's Figure with ``lang``/``dir`` on ``<html>`` and an escaped title."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang }}" dir="{{ this.dir }}">\n'
        "<head>\n"
        "<title>{{ this.page_title }}</title>\n"
        "    {{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "    {{ this.html.render(**kwargs) }}\n"
        "</body>\n"
        "<script>\n"
        "    {{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</html>\n"
    )

    def __init__(self, lang: str, title: str) -> None:
        super().__init__()
        self.lang = escape(lang, quote=True)
        self.dir = direction(lang)
        self.set_title(title)

    def set_title(self, title: str) -> None:
        """The document's ``<title>`` (escaped here)."""
        self.page_title = escape(title)


class TimePlayer(JSCSSMixin, _ScriptElement):
    """The time player on a folium map: date, story, legend, tour, time bar, ``window.RJWPlayer``.

    Parameters
    ----------
    timeline : dict or str, optional
        :func:`~map_layers.timeline.compile_timeline`'s dict, or that dict already through
        :func:`~map_layers.jsonsafe.script_json` (a cache of the text); embedded in the page.
    timeline_url : str, optional
        Where the page fetches the timeline JSON instead (the live app); one of the two.
    day : date
        The day shown at startup (the URL hash ``#date=`` wins).
    layers : iterable of str, optional
        Layers shown at startup (None: all four); the player toggles them client-side.
    view : View, optional
        The startup view (default: the map's own).
    presenter : bool
        Start in presenter view (large type).
    asset_base : str, optional
        None: Leaflet and the player are inlined (a standalone file). Otherwise the URL prefix
        of ``static/`` (``/app/static`` in Streamlit): Leaflet is linked from the vendored copy.
    sync_hash : bool
        Write the settled state into the page's URL hash (standalone files: a permalink).

    Examples
    --------
    >>> fmap = player_map(lang="en")  # doctest: +SKIP
    >>> TimePlayer(compile_timeline(geo, events, lang="en"), day=date(1904, 2, 8)).add_to(fmap)  # doctest: +SKIP
    >>> fmap.save("war.html")  # doctest: +SKIP
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        {%- if this.inline %}<style>{{ this.leaflet_css }}</style>
        <script>{{ this.leaflet_js }}</script>{% endif %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        {%- if this.timeline_json %}<script type="application/json" id="rjw-timeline">{{ this.timeline_json }}</script>
        {% endif %}<div id="rjw-bar" class="rjw-bar"></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.code }}
        window.RJWPlayerStart({{ this._parent.get_name() }}, {{ this.source_js }}, {{ this.options_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        timeline: dict[str, Any] | str | None = None,
        *,
        timeline_url: str | None = None,
        day: date = FIRST_DAY,
        layers: Iterable[str] | None = None,
        view: View | None = None,
        presenter: bool = False,
        asset_base: str | None = None,
        sync_hash: bool = False,
    ) -> None:
        super().__init__()
        self._name = "TimePlayer"
        if (timeline is None) == (timeline_url is None):
            raise ValueError("give the timeline inline or its URL (timeline_url), not both or neither")
        self.timeline_json = script_json(timeline) if isinstance(timeline, dict) else timeline
        self.timeline_url = timeline_url
        # The page reads the inline timeline from its JSON script element, or fetches the URL.
        self.source_js = (
            script_json(timeline_url)
            if timeline_url is not None
            else 'JSON.parse(document.getElementById("rjw-timeline").textContent)'
        )
        self.options = {
            "day": day.isoformat(),
            "layers": sorted(chosen_layers(layers)),
            "view": None if view is None else {"lat": view.lat, "lon": view.lon, "zoom": view.zoom},
            "presenter": bool(presenter),
            "hash": bool(sync_hash),
        }
        self.options_json = script_json(self.options)
        self.inline = asset_base is None
        if asset_base is None:
            self.default_js, self.default_css = [], []
            self.leaflet_js, self.leaflet_css = _leaflet_inline()
        else:
            base = asset_base.rstrip("/")
            self.default_js = [("leaflet", f"{base}/{LEAFLET_JS}")]
            self.default_css = [("leaflet_css", f"{base}/{LEAFLET_CSS}")]
        self.css = MAP_CSS + player_css() + _no_close(labels_css(), "style")
        # The label engine first: the player creates the place labels once it has painted.
        self.code = _no_close(labels_js(), "script") + "\n" + player_js()


def player_map(*, lang: str, view: View | None = None) -> folium.Map:
    """A bare folium map for the player: no tiles, no CDN asset, our panes, in a :class:`PlayerFigure`."""
    fmap = folium.Map(
        location=(view.lat, view.lon) if view else START_VIEW["location"],
        zoom_start=view.zoom if view else START_VIEW["zoom_start"],
        tiles=None,
        control_scale=False,  # the player adds a metric scale and zoom buttons in the page's language
        zoom_control=False,
        min_zoom=2,
        max_zoom=10,
        world_copy_jump=True,
        keyboard=False,
    )
    fmap.default_js, fmap.default_css = [], []  # Leaflet comes from the TimePlayer (local or inlined)
    PlayerFigure(lang, t("app_title", lang)).add_child(fmap)
    for name, z_index in PANES.items():
        folium.map.CustomPane(name, z_index=z_index, pointer_events=name != "land").add_to(fmap)
    return fmap


def player_document(
    geo: GeoData,
    events: gpd.GeoDataFrame,
    *,
    lang: str,
    day: date,
    layers: Iterable[str] | None,
    view: View | None = None,
    user_events: gpd.GeoDataFrame | None = None,
    asset_base: str | None = None,
    timeline: dict[str, Any] | str | None = None,
    presenter: bool = False,
) -> str:
    """The player page: a map of the whole period in ``lang`` that evaluates any day itself.

    Parameters
    ----------
    geo, events, lang, day, layers, view, user_events
        As for :func:`~map_layers.timeline.compile_timeline` and :class:`TimePlayer`.
    asset_base : str, optional
        None: everything inlined (a standalone, offline file). ``"/app/static"`` (or a relative
        path): Leaflet linked from the vendored files Streamlit serves; the player inlined.
    timeline : dict or str, optional
        An already compiled timeline (or its ``script_json`` text), e.g. cached per language;
        ``user_events`` is ignored then (send them with ``RJWPlayer.setUserEvents``).
    presenter : bool
        Start in presenter view.

    Returns
    -------
    str
        HTML. ``window.RJWPlayer`` is the API (see docs/timeline.md).
    """
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"day {day} is outside {FIRST_DAY} to {LAST_DAY}")
    fmap = player_map(lang=lang, view=view)
    data = timeline if timeline is not None else compile_timeline(geo, events, lang=lang, user_events=user_events)
    TimePlayer(
        data,
        day=day,
        layers=layers,
        view=view,
        presenter=presenter,
        asset_base=asset_base,
        sync_hash=asset_base is None,
    ).add_to(fmap)
    return fmap.get_root().render()
