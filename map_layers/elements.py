"""Small folium elements of our own: the day controller and the day state.

Shaped like folium's plugins: Python normalises arguments, a Jinja template
emits the JS, data goes through ``tojson`` or
:func:`~map_layers.jsonsafe.script_json` (never string concatenation).
"""

from __future__ import annotations

import json
from typing import Any

from branca.element import Element, MacroElement
from jinja2 import Template

from map_layers.assets import controller_js


class _Text(Element):
    """Text that goes into the document as it is.

    branca's ``MacroElement.render`` wraps each rendered macro in ``Element(text)``, which
    compiles that text as a new Jinja template: on every rerun that lexed the day's ~25 KB
    state and the 6 KB controller (most of the map's server time), and would run any
    ``{{ }}`` in the data. This element skips the compile.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _ScriptElement(MacroElement):
    """A macro element with only a ``script`` macro, placed in the figure without a re-compile."""

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as branca's MacroElement.render
        figure: Any = self.get_root()  # a branca Figure (typed as Element): has .script
        script = self._template.module.__dict__["script"]
        figure.script.add_child(_Text(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class DayController(_ScriptElement):
    """Installs ``window.RJW``, which shows/hides the base map's dated features.

    Add it to the map before embedded territory and railway layers: their
    ``onEachFeature`` registers every feature with it. Given ``remote_layers``
    (kind, url, pane, interactive, register), it fetches those layers itself.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code }}
        window.RJW = new window.RJWController({{ this._parent.get_name() }});
        {% if this.remote_layers %}window.RJW.load({{ this.remote_layers|tojson }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, remote_layers: list[dict[str, Any]] | None = None) -> None:
        super().__init__()
        self._name = "DayController"
        self.code = controller_js()
        self.remote_layers = remote_layers or []


class DayState(_ScriptElement):
    """Applies one day's state (visible ids and their styles) and marks the date.

    Lives in the per-day feature group, so a date change re-sends only this
    small JSON object, not the geometry already held by the base map. The state is
    held as script-safe JSON text (what Jinja's ``tojson`` gives): a server can cache
    that text per day at a fraction of the dict's memory.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.RJW) { window.RJW.apply({{ this.state_json }}); }
        {% endmacro %}
        """
    )

    def __init__(self, state_json: str) -> None:
        """``state_json``: :func:`~map_layers.layers.day_state` through :func:`script_json`."""
        super().__init__()
        self._name = "DayState"
        self.state_json = state_json

    @property
    def state(self) -> dict[str, Any]:
        return json.loads(self.state_json)


def stylesheet(css: str) -> Element:
    """A ``<style>`` element for the map document's header."""
    return _Text(f"<style>{css}</style>")


class FlyTo(_ScriptElement):
    """Moves the camera once (the tour's "fly to this event"), then is dropped from later days."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.RJW) {
            {% if this.animate %}
            window.RJW.map.flyTo({{ this.location|tojson }}, {{ this.zoom|tojson }}, {duration: 1.5});
            {% else %}
            window.RJW.map.setView({{ this.location|tojson }}, {{ this.zoom|tojson }});
            {% endif %}
        }
        {% endmacro %}
        """
    )

    def __init__(self, lat: float, lon: float, zoom: int, animate: bool = True) -> None:
        super().__init__()
        self._name = "FlyTo"
        self.location = [float(lat), float(lon)]
        self.zoom = int(zoom)
        self.animate = bool(animate)
