"""Small building blocks for folium elements of our own (the player, the place labels).

Shaped like folium's plugins: Python normalises arguments, a Jinja template
emits the JS, data goes through ``tojson`` or
:func:`~map_layers.jsonsafe.script_json` (never string concatenation).
"""

from __future__ import annotations

from typing import Any

from branca.element import Element, MacroElement


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
    """A macro element with only a ``script`` macro, placed in the figure without a re-compile."""

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as branca's MacroElement.render
        figure: Any = self.get_root()  # a branca Figure (typed as Element): has .script
        script = self._template.module.__dict__["script"]
        figure.script.add_child(_Text(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def stylesheet(css: str) -> Element:
    """A ``<style>`` element for the map document's header."""
    return _Text(f"<style>{css}</style>")
