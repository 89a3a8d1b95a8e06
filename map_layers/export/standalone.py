"""One self-contained, offline HTML map with the time player: ``Map.save()`` is the file.

Built on :class:`map_layers.player.TimePlayer`: Python compiles the whole period once
(:func:`map_layers.timeline.compile_timeline`) and the page's player evaluates any day from
it, mirroring :mod:`map_layers.timeslice` rule for rule. Leaflet, the player and the data are
inlined; nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

import folium
import geopandas as gpd

from map_layers.events import FIRST_DAY, LAST_DAY
from map_layers.geodata import GeoData
from map_layers.permalink import View
from map_layers.player import PlayerFigure, TimePlayer, player_map
from map_layers.timeline import compile_timeline


def standalone_map(
    geo: GeoData,
    events: gpd.GeoDataFrame,
    *,
    lang: str,
    layers: Iterable[str] | None,
    day: date,
    view: View | None = None,
    title: str | None = None,
    user_events: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """The standalone map as a folium Map (``save()`` it, or render its root).

    Parameters are those of :func:`standalone_html`.
    """
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"day {day} is outside {FIRST_DAY} to {LAST_DAY}")
    fmap = player_map(lang=lang, view=view)
    if title is not None:
        cast(PlayerFigure, fmap.get_root()).set_title(title)
    timeline = compile_timeline(geo, events, lang=lang, user_events=user_events)
    TimePlayer(timeline, day=day, layers=layers, view=view, sync_hash=True).add_to(fmap)
    return fmap


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
        All the data; the page evaluates it in the browser with the rules of
        :mod:`map_layers.timeslice` (date ranges, fade window, movement interpolation).
    lang : str
        ``en`` or ``ar`` (``dir=rtl`` page; the time bar runs left to right in both).
    layers : iterable of str or None
        Layers shown when the page opens (None: all four); the legend's boxes toggle them.
    day : date
        The day shown when the page opens (the URL hash ``#date=`` wins).
    view : View, optional
        The opening view (default: the app's start view).
    title : str, optional
        Page title (default: the app title); escaped.
    user_events : GeoDataFrame, optional
        An uploaded events CSV: its own layer, drawn dashed above ours.

    Returns
    -------
    str
        The HTML document, no external resource. ``window.RJWPlayer`` is the API
        (docs/timeline.md); the map container carries ``data-map-date`` and ``data-map-frame``.

    Examples
    --------
    >>> html = standalone_html(geo, events, lang="ar", layers=None, day=date(1905, 5, 27))  # doctest: +SKIP
    >>> Path("rjw-1905-05-27.html").write_text(html, encoding="utf-8")  # doctest: +SKIP
    """
    fmap = standalone_map(
        geo, events, lang=lang, layers=layers, day=day, view=view, title=title, user_events=user_events
    )
    return fmap.get_root().render()
