"""Place labels on a folium map: the label engine (``js/labels.js``) and its data, as one element.

The engine places labels in the browser, in screen pixels, after every zoom, pan and
resize (not per animation frame): ranked, greedy, no two labels overlapping, clear of
the event markers. Python only decides what each label says and how it ranks
(:func:`map_layers.places.places_payload`).
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any, cast

import folium
from branca.element import Figure
from jinja2 import Template

from map_layers.elements import _ScriptElement, stylesheet
from map_layers.geodata import GeoData
from map_layers.jsonsafe import script_json
from map_layers.paths import JS_DIR
from map_layers.places import places_payload

# What labels must not cover on our maps: event markers and unit heads.
OBSTACLES = ".rjw-event, .rjw-head"


@functools.cache
def labels_js() -> str:
    """The label engine's source (installs ``window.RJWLabels``)."""
    return (JS_DIR / "labels.js").read_text(encoding="utf-8")


@functools.cache
def labels_css() -> str:
    """The labels' stylesheet (water italic blue, regions in small caps, a halo on every name)."""
    return (JS_DIR / "labels.css").read_text(encoding="utf-8")


class PlaceLabels(_ScriptElement):
    """Installs the label engine on its parent map as ``window.RJW_LABELS``.

    Parameters
    ----------
    places : list of dict
        :func:`~map_layers.places.places_payload` for one language.
    lang : str
        ``en`` or ``ar`` (Arabic labels get ``dir="rtl"`` and an Arabic font).
    day : date, optional
        Show only the names in use on that day; ``None`` shows every name. A player
        changes it later with ``window.RJW_LABELS.setDay('YYYY-MM-DD')``.
    obstacle_selector : str
        Elements inside the map that labels keep clear of.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        window.RJW_LABELS = window.RJWLabels({{ this._parent.get_name() }}, {{ this.places_json }},
            {{ this.options_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        places: list[dict[str, Any]],
        lang: str,
        day: date | None = None,
        obstacle_selector: str = OBSTACLES,
    ) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self.code = labels_js()
        self.places_json = script_json(places)
        options = {"lang": lang, "day": day.isoformat() if day else None, "obstacleSelector": obstacle_selector}
        self.options_json = script_json(options)


def add_place_labels(fmap: folium.Map, geo: GeoData, lang: str, day: date | None = None) -> PlaceLabels:
    """Add the stylesheet and a :class:`PlaceLabels` of ``geo``'s gazetteer to ``fmap``."""
    cast(Figure, fmap.get_root()).header.add_child(stylesheet(labels_css()))
    element = PlaceLabels(places_payload(geo.places, geo.rivers, lang), lang, day)
    element.add_to(fmap)
    return element
