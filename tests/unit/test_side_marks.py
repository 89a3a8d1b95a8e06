"""Event markers say their side by shape as well as colour, in no script: readable in both languages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from map_layers import style
from map_layers.events import SIDES
from map_layers.layers import event_icon_html
from map_layers.legend import legend_entries, legend_html
from map_layers.timeslice import slice_day

LATIN = re.compile(r">[^<]*[A-Za-z][^<]*<")  # Latin letters in text content (tags and attributes aside)


@pytest.fixture
def day_slice(tiny_geodata, tiny_events):
    return slice_day(tiny_geodata, tiny_events, date(1904, 5, 5))


def test_every_side_has_its_own_shape():
    shapes = [style.side_shape(side) for side in SIDES if side != "other"] + [style.side_shape("other")]
    assert len(set(shapes)) == len(shapes)
    assert style.side_shape("") == style.side_shape(None) == style.side_shape("other")
    for shape in shapes:
        assert shape in style.SHAPE_PATHS and shape in style.SHAPE_MARKERS


@pytest.mark.parametrize("side", [*SIDES, ""])
def test_marker_draws_the_side_shape_and_no_letters(side):
    html = event_icon_html({"side": side, "kind": "battle"})
    assert style.SHAPE_PATHS[style.side_shape(side)] in html
    assert f"fill='{style.side_colour(side)}'" in html
    assert not LATIN.search(html), html
    assert "aria-hidden='true'" in html  # the marker's name comes from its title, not from symbols


@pytest.mark.parametrize("side", [*SIDES, ""])
def test_marker_glyph_reads_on_its_colour(side):
    fill = style.side_colour(side)
    html = event_icon_html({"side": side, "kind": "siege"})
    ink = style.glyph_colour(fill)
    assert f"color:{ink}" in html
    assert style.contrast_ratio(ink, fill) >= 3.0  # WCAG 1.4.11, graphical objects


def test_current_state_is_a_class_the_player_toggles():
    assert "rjw-current" in event_icon_html({"side": "japan", "kind": "battle", "current": True})
    assert "rjw-current" not in event_icon_html({"side": "japan", "kind": "battle"})


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_legend_explains_each_side_shape_in_the_page_language(day_slice, lang):
    entries = [entry for entry in legend_entries(day_slice, lang) if entry.kind == "side"]
    sides = {side or "other" for side in day_slice.events["side"]}
    assert {entry.options["side"] for entry in entries} == sides
    html = legend_html(day_slice, lang)
    for entry in entries:
        assert style.SHAPE_PATHS[entry.options["shape"]] in html
    if lang == "ar":
        text = re.sub(r"<[^>]+>", " ", html)
        assert not re.search(r"\b[JRCK]\b", text)
