"""The one home of colours, line styles and symbols, shared by Leaflet and matplotlib.

Colours come from the Okabe-Ito palette, which readers with the common forms of
colour blindness can tell apart; each holder and side also has a letter symbol
and each territory status a line pattern, so colour is never the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass

# Okabe & Ito (2008), "Color Universal Design".
HOLDER_COLOURS: dict[str, str] = {
    "japan": "#D55E00",  # vermillion
    "russia": "#0072B2",  # blue
    "qing": "#E69F00",  # orange
    "korea": "#009E73",  # bluish green
    "britain": "#CC79A7",  # reddish purple
    "france": "#F0E442",  # yellow
    "germany": "#56B4E9",  # sky blue
}
OTHER_COLOUR = "#999999"
SIDE_COLOURS: dict[str, str] = {
    "japan": HOLDER_COLOURS["japan"],
    "russia": HOLDER_COLOURS["russia"],
    "china": HOLDER_COLOURS["qing"],
    "korea": HOLDER_COLOURS["korea"],
    "other": "#555555",
    "": "#555555",
}
# A letter in every event symbol and movement head: the side without colour.
SIDE_LETTERS: dict[str, str] = {"japan": "J", "russia": "R", "china": "C", "korea": "K", "other": "·", "": "·"}

LAND_FILL = "#F2EFE6"
LAND_EDGE = "#8C8C8C"
# Leaflet path style of land, on the live map and in the standalone export.
LAND_STYLE = {"color": LAND_EDGE, "weight": 0.5, "fillColor": LAND_FILL, "fillOpacity": 1}
SEA_COLOUR = "#EEF3F6"
RAILWAY_COLOUR = "#222222"
# Alarm red: the outline of a besieged territory and the "today" rule of the timeline.
SIEGE_EDGE = TODAY_COLOUR = "#B00020"


@dataclass(frozen=True)
class StatusStyle:
    """How a territory status is drawn: fill strength and outline pattern."""

    fill_opacity: float
    dash: str | None  # Leaflet/SVG dash array; None = solid
    weight: float


STATUS_STYLES: dict[str, StatusStyle] = {
    "sovereign": StatusStyle(0.35, None, 1.0),
    "lease": StatusStyle(0.55, "2 4", 2.0),
    "occupation": StatusStyle(0.25, "8 4", 1.5),
    "protectorate": StatusStyle(0.30, "8 3 2 3", 2.0),
    "siege": StatusStyle(0.60, "4 2", 3.0),
}
DEFAULT_STATUS = StatusStyle(0.3, None, 1.0)

# Railway sections: solid when open, dashed while under construction.
# Front lines of the land war: a dark red line with short dashes, above the territories.
FRONT_LINE_STYLE: dict[str, object] = {"color": "#7A0019", "weight": 3, "opacity": 0.9, "dashArray": "2 4"}
RAILWAY_STYLES: dict[str, dict[str, object]] = {
    "open": {"color": RAILWAY_COLOUR, "weight": 3, "opacity": 0.9, "dashArray": None},
    "building": {"color": RAILWAY_COLOUR, "weight": 2, "opacity": 0.7, "dashArray": "6 6"},
}

# Event symbols by kind: a glyph drawn inside the marker (text, so it needs no icon font).
KIND_GLYPHS: dict[str, str] = {
    "battle": "⚔",
    "naval_battle": "⚓",
    "siege": "◎",
    "landing": "▲",
    "occupation": "■",
    "treaty": "✎",
    "diplomacy": "✉",
    "lease": "◆",
    "railway": "═",
    "other": "●",
}


def holder_colour(holder: str) -> str:
    return HOLDER_COLOURS.get(holder, OTHER_COLOUR)


def side_colour(side: str | None) -> str:
    return SIDE_COLOURS.get(side or "", SIDE_COLOURS["other"])


def territory_style(holder: str, status: str) -> dict[str, object]:
    """Leaflet path options for a territory (also read by the matplotlib renderer)."""
    look = STATUS_STYLES.get(status, DEFAULT_STATUS)
    colour = holder_colour(holder)
    return {
        "color": SIEGE_EDGE if status == "siege" else colour,
        "weight": look.weight,
        "dashArray": look.dash,
        "fillColor": colour,
        "fillOpacity": look.fill_opacity,
        "opacity": 0.9,
    }


def movement_style(side: str, finished: bool) -> dict[str, object]:
    return {
        "color": side_colour(side),
        "weight": 3,
        "opacity": 0.45 if finished else 0.9,
        "dashArray": None if side == "japan" else "10 5",
    }


def sea_leg_style(side: str, finished: bool) -> dict[str, object]:
    """An army's legs carried by sea: the side's colour, dotted and lighter than its marches."""
    return {
        "color": side_colour(side),
        "weight": 3,
        "opacity": 0.3 if finished else 0.6,
        "dashArray": "1 6",
        "lineCap": "round",
    }


def dash_to_matplotlib(dash: str | None, weight: float) -> tuple[float, tuple[float, ...]] | str:
    """Translate a Leaflet dash array (in pixels) into a matplotlib linestyle."""
    if not dash:
        return "solid"
    pattern = tuple(float(x) / max(weight, 1.0) for x in dash.split())
    return (0.0, pattern)


# --- Export renderers (map_layers/export): marks drawn outside Leaflet's CSS. ---
EVENT_EDGE = "#FFFFFF"  # ring of a fading event marker
EVENT_EDGE_CURRENT = "#111111"  # ring of an event under way
EVENT_GLYPH_COLOUR = "#FFFFFF"
EVENT_SIZE_PX = 26  # marker diameter, as in the live map's CSS
EVENT_SIZE_CURRENT_PX = 32
HEAD_EDGE = "#111111"
HEAD_SIZE_PX = 26
# The movement head arrow, pointing north, in a 24x24 box (as head_icon_html draws it).
HEAD_ARROW: tuple[tuple[float, float], ...] = ((12, 2), (20, 21), (12, 16), (4, 21))
TEXT_COLOUR = "#222222"
MUTED_TEXT_COLOUR = "#555555"
HALO_COLOUR = "#FFFFFF"
MARGIN_BACKGROUND = "#FFFFFF"
SCALEBAR_COLOURS = ("#222222", "#FFFFFF")
