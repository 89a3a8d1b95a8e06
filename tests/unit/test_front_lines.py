"""Front lines: an optional dated layer, validated on load, sliced by day, drawn on static maps."""

from __future__ import annotations

import json
import re
from datetime import date

import numpy as np
import pytest
from matplotlib.figure import Figure
from shapely.geometry import LineString

from map_layers.export.front import draw_front_lines
from map_layers.export.static import render_snapshot
from map_layers.geodata import DataFileError, load_geodata
from map_layers.style import FRONT_LINE_STYLE
from map_layers.timeslice import front_lines_on, slice_day


def _write_front(directory, **properties):
    props = {
        "id": "front_a",
        "name_en": "Front A",
        "name_ar": "الجبهة أ",
        "start": "1904-05-01",
        "end": "1904-05-20",
        "source": "https://example.org/front",
    }
    props.update(properties)
    feature = {
        "type": "Feature",
        "properties": props,
        "geometry": LineString([(120.5, 38.5), (121.5, 39.5)]).__geo_interface__,
    }
    (directory / "front_lines.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8"
    )


def test_a_directory_without_front_lines_loads_an_empty_layer(tiny_geodata):
    assert tiny_geodata.front_lines.empty
    assert front_lines_on(tiny_geodata.front_lines, date(1904, 5, 5)).empty


def test_front_lines_are_sliced_by_day_inclusive(tiny_geodata_dir):
    _write_front(tiny_geodata_dir)
    fronts = load_geodata(tiny_geodata_dir).front_lines
    on = [
        d
        for d in (date(1904, 4, 30), date(1904, 5, 1), date(1904, 5, 20), date(1904, 5, 21))
        if len(front_lines_on(fronts, d))
    ]
    assert on == [date(1904, 5, 1), date(1904, 5, 20)]


def test_a_broken_front_line_file_is_named_with_the_problem(tiny_geodata_dir):
    _write_front(tiny_geodata_dir, source=None)
    with pytest.raises(DataFileError, match=re.escape("front_lines.geojson: feature 0 lacks the property source")):
        load_geodata(tiny_geodata_dir)
    _write_front(tiny_geodata_dir, end="5 May 1904")
    with pytest.raises(
        DataFileError, match=re.escape("front_lines.geojson: property 'end' holds a value that is not YYYY-MM-DD")
    ):
        load_geodata(tiny_geodata_dir)


def test_the_slice_carries_the_front_only_with_the_territories(tiny_geodata_dir, tiny_events):
    _write_front(tiny_geodata_dir)
    geo = load_geodata(tiny_geodata_dir)
    assert list(slice_day(geo, tiny_events, date(1904, 5, 5)).front_lines["id"]) == ["front_a"]
    assert slice_day(geo, tiny_events, date(1904, 5, 5), layers=frozenset({"railways"})).front_lines.empty


def test_static_maps_draw_the_front_in_its_style(tiny_geodata_dir, tiny_events):
    axes = Figure().add_axes((0, 0, 1, 1))
    _write_front(tiny_geodata_dir)
    geo = load_geodata(tiny_geodata_dir)
    fronts = slice_day(geo, tiny_events, date(1904, 5, 5)).front_lines
    (lines,) = draw_front_lines(axes, fronts, lambda g: [np.asarray(g.coords)], 2.5)
    assert lines.get_zorder() == 2.5 and len(lines.get_segments()) == 1
    assert lines.get_linewidths()[0] == pytest.approx(float(FRONT_LINE_STYLE["weight"]) * 72 / 96)
    assert draw_front_lines(axes, fronts.iloc[0:0], lambda g: [], 2.5) == []
    # and through the real exporter: the SVG carries the front's colour
    day_slice = slice_day(geo, tiny_events, date(1904, 5, 5))
    with_front = render_snapshot(day_slice, geo, lang="en", bbox=(118.0, 36.0, 126.0, 42.0), fmt="svg")
    colour = str(FRONT_LINE_STYLE["color"]).lower()
    assert colour in with_front.decode().lower()
