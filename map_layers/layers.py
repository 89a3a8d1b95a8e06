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
.rjw-event div {{ width: 26px; height: 26px; border-radius: 50%; border: 2px solid #fff;
  color: #fff; font-size: 15px; line-height: 22px; text-align: center; box-shadow: 0 0 3px #000; }}
.rjw-event div.rjw-current {{ width: 32px; height: 32px; line-height: 28px; font-size: 18px;
  border: 3px solid #111; }}
.rjw-event span {{ position: absolute; right: -6px; bottom: -6px; font: bold 10px sans-serif;
  background: #fff; color: #111; border-radius: 3px; padding: 0 2px; }}
.rjw-user div {{ border: 3px dashed #111; border-radius: 4px; }}
.rjw-head {{ background: none; border: none; }}
.rjw-head div {{ width: 26px; height: 26px; }}
.rjw-popup h4 {{ margin: 0 0 4px; font-size: 16px; }}
.rjw-popup .rjw-kind {{ color: #555; font-size: 12px; }}
.rjw-popup .rjw-note {{ font-size: 12px; color: #444; margin-top: 4px; }}
.rjw-popup .rjw-source {{ font-size: 12px; margin-top: 4px; overflow-wrap: anywhere; }}
"""


def event_icon_html(row: dict[str, Any]) -> str:
    """The marker of one event: kind glyph on the side's colour, side letter badge."""
    side = row.get("side") or ""
    glyph = style.KIND_GLYPHS.get(row.get("kind", ""), style.KIND_GLYPHS["other"])
    current = " rjw-current" if row.get("current") else ""
    return (
        f"<div class='rjw-ev{current}' style='background:{style.side_colour(side)};"
        f"opacity:{float(row.get('opacity', 1)):.2f};position:relative'>{escape(glyph)}"
        f"<span>{escape(style.SIDE_LETTERS.get(side, '·'))}</span></div>"
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
