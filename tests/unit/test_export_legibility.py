"""Animated exports stay legible at their frame size: nothing cut off, no text below 9 px."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pytest

from map_layers.events import read_events
from map_layers.export.animate import FRAME_DPI, FRAME_SIZE
from map_layers.export.figure import MapFigure
from map_layers.geodata import load_geodata
from map_layers.layers import THEATRE_BBOX
from map_layers.paths import EVENTS_CSV
from map_layers.timeslice import slice_day

MIN_PX = 9.0  # the smallest text a frame may carry, in pixels (the GIF had ~6 px legend text)


@pytest.fixture(scope="module")
def geo():
    return load_geodata()


@pytest.fixture(scope="module")
def events():
    return read_events(EVENTS_CSV).events


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("day", [date(1904, 8, 30), date(1905, 5, 27), date(1905, 1, 2)])
def test_frame_margin_is_whole_and_readable(geo, events, lang, day):
    figure = MapFigure(geo, lang=lang, bbox=THEATRE_BBOX, size=FRAME_SIZE, dpi=FRAME_DPI)
    figure.draw(slice_day(geo, events, day))
    figure.to_rgb()
    renderer = figure.figure.canvas.get_renderer()
    width, height = FRAME_SIZE
    texts = [text for text in figure.margin_ax.texts if text.get_text().strip()]
    assert texts
    boxes = []
    for text in texts:
        extent = text.get_window_extent(renderer)
        assert extent.x0 >= 0 and extent.x1 <= width and extent.y0 >= 0 and extent.y1 <= height, text.get_text()
        assert text.get_fontsize() * FRAME_DPI / 72 >= MIN_PX, (text.get_text(), text.get_fontsize())
        boxes.append((text.get_text(), extent))
    overlapping = [
        (a, b)
        for (a, ea), (b, eb) in combinations(boxes, 2)
        if min(ea.x1, eb.x1) - max(ea.x0, eb.x0) > 1 and min(ea.y1, eb.y1) - max(ea.y0, eb.y0) > 1
    ]
    # Arabic fonts' line boxes (ascent + descent) are taller than the line step though their
    # letters do not touch, so box overlap is only meaningful for Latin text.
    assert lang == "ar" or not overlapping
    figure.close()
