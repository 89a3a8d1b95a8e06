"""The map in a Jupyter notebook: :func:`day_map` returns a ``folium.Map`` that works offline.

The map is the app's time player (:func:`map_layers.export.standalone.standalone_map`): the
whole period compiled once, any day evaluated in the page. Jupyter shows a folium map as an
iframe of the map's own HTML, so every asset it needs (Leaflet, the player, their images) is
inlined into that HTML: no CDN, no server. The shipped data is read on the first call, never
at import.
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
import warnings
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, cast

import folium
import geopandas as gpd
from branca.element import Element, Figure

from map_layers.assets import LEAFLET_CSS, LEAFLET_JS
from map_layers.events import read_events
from map_layers.export.standalone import standalone_map
from map_layers.geodata import GeoData, load_geodata
from map_layers.paths import EVENTS_CSV, VENDOR_DIR
from map_layers.permalink import View, parse_day

# The vendored copies (paths under static/) of each folium element's default_js/default_css.
_VENDORED: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {
    folium.Map: ((LEAFLET_JS,), (LEAFLET_CSS,)),
}
_CSS_URL = re.compile(r"url\((['\"]?)(?!data:|https?:|#)([^'\")]+)\1\)")


def load_events(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The valid rows of an events CSV (the shipped ``events.csv`` by default) as a GeoDataFrame.

    Rows that break the data contract are left out with a warning naming how many;
    ``map-layers validate PATH`` lists each by line and field.
    """
    source = Path(path) if path is not None else EVENTS_CSV
    table = read_events(source)
    if table.problems:
        first = table.problems[0]
        warnings.warn(f"{source}: {len(table.problems)} bad row(s) left out, first: {first}", stacklevel=2)
    return table.events


@functools.cache
def _shipped() -> tuple[GeoData, gpd.GeoDataFrame]:
    """The shipped geodata and events, read once per process."""
    return load_geodata(), read_events(EVENTS_CSV).events


def day_map(
    day: date | str,
    lang: str = "en",
    view: View | tuple[float, float, int] | None = None,
    layers: Iterable[str] | None = None,
    events: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """The time player opened on ``day``, as a ``folium.Map`` with every asset inlined (renders offline in Jupyter).

    Parameters
    ----------
    day : date or str
        The day, ``YYYY-MM-DD`` or a date, from 1891-01-01 to 1905-12-31.
    lang : str
        ``en`` or ``ar`` (tooltips, popups and the legend's language).
    view : View or (lat, lon, zoom), optional
        The opening view (default: the theatre of the war).
    layers : iterable of str, optional
        A subset of :data:`~map_layers.timeslice.LAYERS` shown at first (default: all); the
        legend's boxes toggle them.
    events : GeoDataFrame, optional
        Events to draw instead of the shipped ones (e.g. :func:`load_events` of your CSV).

    Returns
    -------
    folium.Map
        Displays itself in a notebook cell (the player: play, scrub, any day from 1891 to 1905);
        ``.save("map.html")`` writes a file that needs no network. ``window.RJWPlayer`` is its API.

    Examples
    --------
    >>> import map_layers as rjw
    >>> rjw.day_map("1904-08-10", lang="ar", view=(39.0, 122.5, 6))  # doctest: +SKIP
    """
    parsed = parse_day(day) if isinstance(day, str) else day
    if not isinstance(view, View | None):
        lat, lon, zoom = view
        view = View(float(lat), float(lon), int(zoom))
    geo, shipped = _shipped()
    fmap = standalone_map(geo, shipped if events is None else events, lang=lang, layers=layers, day=parsed, view=view)
    return inline_assets(fmap)


def _elements(element: Any) -> Iterator[Any]:
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _elements(child)


def _css_inlined(relative: str) -> str:
    """A vendored stylesheet with the images it names as data URLs (no request for them)."""
    path = VENDOR_DIR.parent / relative

    def data_url(match: re.Match[str]) -> str:
        image = path.parent / match.group(2)
        if not image.is_file():  # a selector for a control we do not use: leave it
            return match.group(0)
        kind = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
        return f"url(data:{kind};base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return _CSS_URL.sub(data_url, path.read_text(encoding="utf-8"))


class _Raw(Element):
    """Text placed as it is (``Element(text)`` would compile it as a Jinja template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _checked(text: str, closing: str) -> str:
    if closing in text.lower():
        raise ValueError(f"an inlined asset contains {closing!r}")
    return text


def inline_assets(fmap: folium.Map) -> folium.Map:
    """Replace every element's CDN ``<script src>``/``<link>`` by the vendored file's text, inlined.

    Raises ``ValueError`` for an element whose assets have no vendored copy, rather than
    let it load from a CDN that may not be reachable.
    """
    header = cast(Figure, fmap.get_root()).header
    for element in _elements(fmap):
        if not (getattr(element, "default_js", None) or getattr(element, "default_css", None)):
            continue
        kind = next((cls for cls in _VENDORED if isinstance(element, cls)), None)
        if kind is None:
            raise ValueError(f"{type(element).__name__} loads assets from the network and has no vendored copy")
        scripts, styles = _VENDORED[kind]
        element.default_js, element.default_css = [], []  # instance attributes: the class keeps its own
        for relative in styles:
            style = _checked(_css_inlined(relative), "</style")
            header.add_child(_Raw(f"<style>{style}</style>"), name=f"inline:{relative}")
        for relative in scripts:
            script = _checked((VENDOR_DIR.parent / relative).read_text(encoding="utf-8"), "</script")
            header.add_child(_Raw(f"<script>{script}</script>"), name=f"inline:{relative}")
    return fmap
