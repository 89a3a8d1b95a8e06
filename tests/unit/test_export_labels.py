"""Place names on static exports: ranked like the live map, never overlapping, searchable text.

Uses the committed gazetteer (the names are what is tested) with a few real events as
obstacles; renders at the export's default size.
"""

from __future__ import annotations

import subprocess
from datetime import date
from itertools import combinations

import pytest

from map_layers.events import read_events
from map_layers.export.figure import MapFigure
from map_layers.export.static import render_snapshot
from map_layers.geodata import load_geodata
from map_layers.paths import EVENTS_CSV
from map_layers.timeslice import slice_day

THEATRE = (115.0, 30.0, 145.0, 46.0)
LIAODONG = (119.0, 37.0, 126.0, 42.0)


@pytest.fixture(scope="module")
def geo():
    return load_geodata()


@pytest.fixture(scope="module")
def events():
    return read_events(EVENTS_CSV).events


def place_boxes(figure: MapFigure) -> dict[str, tuple[float, float, float, float]]:
    """The drawn names' extents in display pixels, from the figure's own renderer."""
    renderer = figure.figure.canvas.get_renderer()
    boxes = {}
    for text in figure.map_ax.texts:
        gid = text.get_gid() or ""
        if gid.startswith("place-"):
            extent = text.get_window_extent(renderer)
            boxes[gid.removeprefix("place-")] = (extent.x0, extent.y0, extent.x1, extent.y1)
    return boxes


def overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize(("day", "bbox"), [(date(1904, 2, 9), THEATRE), (date(1904, 8, 30), LIAODONG)])
def test_names_do_not_overlap_each_other_or_event_titles(geo, events, lang, day, bbox):
    figure = MapFigure(geo, lang=lang, bbox=bbox)
    figure.draw(slice_day(geo, events, day))
    figure.to_rgb()
    boxes = place_boxes(figure)
    assert len(boxes) >= 15
    assert not [(a, b) for (a, abox), (b, bbox_) in combinations(boxes.items(), 2) if overlap(abox, bbox_)]
    renderer = figure.figure.canvas.get_renderer()
    titles = {
        t.get_gid(): t.get_window_extent(renderer)
        for t in figure.map_ax.texts
        if (t.get_gid() or "").startswith("event-title-")
    }
    titles = {gid: (e.x0, e.y0, e.x1, e.y1) for gid, e in titles.items()}
    assert not [(a, b) for (a, abox), (b, bbox_) in combinations(titles.items(), 2) if overlap(abox, bbox_)]
    frame = figure.map_ax.get_window_extent()
    for name, box in boxes.items():
        assert frame.x0 <= box[0] and box[2] <= frame.x1 and frame.y0 <= box[1] and box[3] <= frame.y1, name
        assert not [title for title, tbox in titles.items() if overlap(box, tbox)], name
    figure.close()


def test_ranks_follow_the_live_map_rule(geo, events):
    figure = MapFigure(geo, lang="en", bbox=THEATRE)
    figure.draw(slice_day(geo, events, date(1904, 2, 9)))
    shown = set(place_boxes(figure))
    assert 5 <= figure.labeller.zoom < 6  # the theatre at 1600 px wide is about Leaflet zoom 5.7
    assert {"mukden", "vladivostok", "yellow_sea", "sea_of_japan", "harbin"} <= shown
    assert not {"nanshan", "kure", "hill_203"} & shown  # ranks 4-5 wait for zoom 6-7
    figure.close()


def test_names_follow_their_dates(geo, events):
    figure = MapFigure(geo, lang="en", bbox=(120.5, 38.3, 122.5, 39.6))
    figure.draw(slice_day(geo, events, date(1895, 6, 1)))
    early = set(place_boxes(figure))
    figure.draw(slice_day(geo, events, date(1904, 6, 1)))
    late = set(place_boxes(figure))
    assert "talienwan" in early and "dalny" not in early and "kwantung" not in early
    assert "dalny" in late and "talienwan" not in late
    figure.close()


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _as_extracted(arabic: str) -> str:
    """pdftotext writes matplotlib's lam-alef ligature glyphs as alef-lam: compare in that form."""
    return arabic.replace("لأ", "أل").replace("لا", "ال").replace("لآ", "آل")


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("en", ["Port Arthur", "Mukden", "Yellow Sea", "Sea of Japan", "Vladivostok", "Seoul"]),
        ("ar", ["بورت آرثر", "موكدين", "البحر الأصفر", "بحر اليابان", "فلاديفوستوك", "سيول"]),
    ],
)
def test_pdf_text_holds_the_place_names(geo, events, tmp_path, lang, names):
    pdf = render_snapshot(slice_day(geo, events, date(1904, 2, 9)), geo, lang=lang, bbox=THEATRE, fmt="pdf")
    text = _pdf_text(pdf, tmp_path)
    for name in names:
        assert name in text or _as_extracted(name) in text, name


def test_svg_keeps_names_as_text(geo, events):
    svg = render_snapshot(slice_day(geo, events, date(1904, 2, 9)), geo, lang="en", bbox=THEATRE, fmt="svg")
    assert b'id="place-mukden"' in svg and b">Mukden<" in svg


def test_labels_off_draws_no_names(geo, events):
    figure = MapFigure(geo, lang="en", bbox=THEATRE, labels=False)
    figure.draw(slice_day(geo, events, date(1904, 2, 9)))
    assert not place_boxes(figure)
    figure.close()
