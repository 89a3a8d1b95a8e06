"""The one home of colours, line styles and symbols, shared by Leaflet and matplotlib.

Colours come from the Okabe-Ito palette, which readers with the common forms of
colour blindness can tell apart (tests/unit/test_colour.py checks it by simulation); each
side also has a marker shape and each territory status a line pattern, so colour is never
the only cue.
"""

from __future__ import annotations

from dataclasses import dataclass

# Okabe & Ito (2008), "Color Universal Design".
HOLDER_COLOURS: dict[str, str] = {
    "japan": "#D55E00",  # vermillion
    "russia": "#0072B2",  # blue
    "qing": "#E69F00",  # orange
    "korea": "#009E73",  # bluish green
    "britain": "#882255",  # wine (Tol): Okabe-Ito's reddish purple turned grey for deuteranopes
    "france": "#F0E442",  # yellow
    "germany": "#56B4E9",  # sky blue
}
OTHER_COLOUR = "#BBBBBB"  # light grey: apart from every hue above in lightness, for every eye
SIDE_COLOURS: dict[str, str] = {
    "japan": HOLDER_COLOURS["japan"],
    "russia": HOLDER_COLOURS["russia"],
    "china": HOLDER_COLOURS["qing"],
    "korea": HOLDER_COLOURS["korea"],
    "other": "#555555",
    "": "#555555",
}
# The outline of every event marker says its side without colour and without a script (a Latin
# letter means nothing to an Arabic reader): one shape per side, drawn in the side's colour.
SIDE_SHAPES: dict[str, str] = {
    "japan": "circle",
    "russia": "square",
    "china": "diamond",
    "korea": "triangle",
    "other": "hexagon",
    "": "hexagon",
}
# Each shape as an SVG path in a 32x32 box (live map, standalone file, HTML legend) ...
SHAPE_PATHS: dict[str, str] = {
    "circle": "M16 2.5A13.5 13.5 0 1 1 15.99 2.5Z",
    "square": "M4 4H28V28H4Z",
    "diamond": "M16 0.5L31.5 16L16 31.5L0.5 16Z",
    "triangle": "M16 1L31.5 29.5H0.5Z",
    "hexagon": "M9 2.5H23L30.5 16L23 29.5H9L1.5 16Z",
}
# ... as Vega symbol shapes (the timeline chart; a hexagon as an SVG path in Vega's unit box) ...
SHAPE_VEGA: dict[str, str] = {
    "circle": "circle",
    "square": "square",
    "diamond": "diamond",
    "triangle": "triangle-up",
    "hexagon": "M-0.5,-0.87L0.5,-0.87L1,0L0.5,0.87L-0.5,0.87L-1,0Z",
}
# ... and as the matching matplotlib marker (static exports).
SHAPE_MARKERS: dict[str, str] = {"circle": "o", "square": "s", "diamond": "D", "triangle": "^", "hexagon": "h"}

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


def side_shape(side: str | None) -> str:
    """The marker shape of a side (``circle``, ``square``…): the cue that needs neither colour nor script."""
    return SIDE_SHAPES.get(side or "", SIDE_SHAPES["other"])


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#RRGGBB`` colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21; AA asks 4.5 for text, 3 for large text and symbols)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def glyph_colour(fill: str) -> str:
    """White or near-black, whichever reads better on ``fill`` (the kind glyph inside a marker)."""
    return max((EVENT_GLYPH_COLOUR, TEXT_COLOUR), key=lambda ink: contrast_ratio(ink, fill))


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
