"""What the map's pages share: the opening view, the theatre's extent, Leaflet panes, the map's CSS
and the HTML of event and unit markers.

The player (:mod:`map_layers.player`, :mod:`map_layers.timeline`) and the exports read these;
the markers' HTML is compiled once per language into the timeline.
"""

from __future__ import annotations

from html import escape
from typing import Any

from map_layers import style

START_VIEW: dict[str, Any] = {"location": (40.0, 125.0), "zoom_start": 4}
# West, south, east, north of the war's theatre: the default extent of static exports.
THEATRE_BBOX = (112.0, 28.0, 146.0, 54.0)
# Leaflet panes, bottom to top; event markers stay in the marker pane (600), above unit heads.
PANES = {"land": 250, "territories": 350, "railways": 420, "movements": 440, "heads": 580}

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
