"""Small building blocks for folium elements of our own (the player, the place labels).

Shaped like folium's plugins: Python normalises arguments, a Jinja template
emits the JS, data goes through ``tojson`` or
:func:`~map_layers.jsonsafe.script_json` (never string concatenation).
"""

from __future__ import annotations

from typing import Any, cast

from branca.element import Element, Figure, MacroElement


class _Text(Element):
    """Text that goes into the document as it is.

    branca's ``MacroElement.render`` wraps each rendered macro in ``Element(text)``, which
    compiles that text as a new Jinja template: slow for large code or data (the player,
    the labels), and it would run any ``{{ }}`` in the data. This element skips the compile.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _ScriptElement(MacroElement):
    """A macro element whose ``header``/``html``/``script`` macros go into the figure as plain text.

    Like branca's ``MacroElement.render``, but each macro's output is placed without the
    re-compile (see :class:`_Text`).
    """

    def render(self, **kwargs: Any) -> str:
        """Place the macros' text in the figure's parts; the element itself renders as nothing."""
        figure = cast(Figure, self.get_root())
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            if part in macros:
                getattr(figure, part).add_child(_Text(macros[part](self, kwargs)), name=f"{self.get_name()}_{part}")
        for child in self._children.values():
            child.render(**kwargs)
        return ""


def stylesheet(css: str) -> Element:
    """A ``<style>`` element for the map document's header."""
    return _Text(f"<style>{css}</style>")
