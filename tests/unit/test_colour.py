"""Colours that every reader can tell apart, and text that every reader can read.

The territory and side palettes are compared after simulating the common colour-vision
deficiencies (colorspacious, Machado et al. 2009, severity 100: deuteranopia, protanopia,
tritanopia) in CAM02-UCS, where a distance of about 1 is just noticeable. We ask at least
MIN_DISTANCE between any two colours a map may show side by side: clearly different patches,
not merely a noticeable difference. Text colours meet WCAG 2 AA contrast.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from map_layers import style
from map_layers.layers import MAP_CSS

MIN_DISTANCE = 10.0  # CAM02-UCS ΔE'; the palette's worst pair (Russia/Korea, tritanopia) is 11.7
VISIONS = (None, "deuteranomaly", "protanomaly", "tritanomaly")
APP_CSS = Path(__file__).resolve().parents[2] / "map_layers" / "app" / "app.css"


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


def _seen(colour: str, vision: str | None) -> np.ndarray:
    if vision is None:
        return _rgb(colour)
    simulated = cspace_convert(_rgb(colour), {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}, "sRGB1")
    return np.clip(simulated, 0, 1)


def _closest_pair(colours: dict[str, str], vision: str | None) -> tuple[float, str, str]:
    seen = {name: _seen(colour, vision) for name, colour in colours.items()}
    return min((float(deltaE(seen[a], seen[b], input_space="sRGB1")), a, b) for a, b in itertools.combinations(seen, 2))


@pytest.mark.parametrize("vision", VISIONS)
def test_territory_holders_stay_apart_for_every_eye(vision):
    holders = {**style.HOLDER_COLOURS, "other": style.OTHER_COLOUR}
    distance, first, second = _closest_pair(holders, vision)
    assert distance >= MIN_DISTANCE, f"{first}/{second} under {vision}: {distance:.1f}"


@pytest.mark.parametrize("vision", VISIONS)
def test_sides_stay_apart_for_every_eye(vision):
    sides = {side: colour for side, colour in style.SIDE_COLOURS.items() if side}
    distance, first, second = _closest_pair(sides, vision)
    assert distance >= MIN_DISTANCE, f"{first}/{second} under {vision}: {distance:.1f}"


def test_simulation_does_change_what_is_seen():
    # Guard against a no-op simulation: red and green collapse for a deuteranope.
    assert _closest_pair({"red": "#D00000", "green": "#00A000"}, "deuteranomaly")[0] < 20
    assert _closest_pair({"red": "#D00000", "green": "#00A000"}, None)[0] > 40


def test_contrast_ratio_matches_the_wcag_examples():
    assert style.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert style.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        (style.TEXT_COLOUR, style.MARGIN_BACKGROUND),
        (style.MUTED_TEXT_COLOUR, style.MARGIN_BACKGROUND),
        (style.TEXT_COLOUR, style.HALO_COLOUR),
        (style.TEXT_COLOUR, style.LAND_FILL),
        (style.TEXT_COLOUR, style.SEA_COLOUR),
    ],
)
def test_export_text_meets_aa(text, background):
    assert style.contrast_ratio(text, background) >= 4.5


def _css_colours(css: str) -> list[str]:
    found = re.findall(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{3,6})\b", css)
    return ["#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value for value in found]


@pytest.mark.parametrize("css", [MAP_CSS, APP_CSS.read_text(encoding="utf-8")], ids=["map", "app"])
def test_css_text_colours_meet_aa_on_white(css):
    # Popups, tooltips, the legend and the page are white; glyph colours are checked per marker.
    for colour in _css_colours(css):
        assert style.contrast_ratio(colour, "#FFFFFF") >= 4.5, colour
