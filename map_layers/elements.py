"""Small folium elements of our own: the day controller and the day state.

Shaped like folium's plugins: Python normalises arguments, a Jinja template
emits the JS, data goes through ``tojson`` (never string concatenation).
"""

from __future__ import annotations

from typing import Any

from branca.element import Element, MacroElement
from jinja2 import Template

from map_layers.assets import controller_js


class DayController(MacroElement):
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


class DayState(MacroElement):
    """Applies one day's state (visible ids and their styles) and marks the date.

    Lives in the per-day feature group, so a date change re-sends only this
    small JSON object, not the geometry already held by the base map.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.RJW) { window.RJW.apply({{ this.state|tojson }}); }
        {% endmacro %}
        """
    )

    def __init__(self, state: dict[str, Any]) -> None:
        super().__init__()
        self._name = "DayState"
        self.state = state


def stylesheet(css: str) -> Element:
    """A ``<style>`` element for the map document's header."""
    return Element(f"<style>{css}</style>")


class FlyTo(MacroElement):
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
