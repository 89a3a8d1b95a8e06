"""The label engine (map_layers/js/labels.js) in headless Chromium, on a small folium page.

The page has the theatre's land, every place label of one language and two event markers
(obstacles). At zooms 4-8 over the busiest parts of the map no two visible labels may
overlap, and none may cover a marker; the opening view must name the places a student is
asked to find.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import folium
import pytest

from map_layers import style
from map_layers.assets import LEAFLET_CSS, LEAFLET_JS, vendored_text
from map_layers.elements import stylesheet
from map_layers.geodata import load_geodata
from map_layers.labels import add_place_labels
from map_layers.layers import START_VIEW
from tests.browser.harness import files_only

pytestmark = pytest.mark.browser

OPENING_MUST_SHOW = ("port_arthur", "mukden", "vladivostok", "seoul", "yellow_sea", "sea_of_japan", "yalu")
BUSY = {"liaodong": (39.6, 122.3), "korea": (37.8, 127.0), "tsushima": (34.4, 129.4)}
# The opening day's event markers (the attacks at Port Arthur and Chemulpo), as the live map draws them.
MARKERS = ((38.81, 121.26), (37.46, 126.62))
DAY = date(1904, 2, 9)  # the app's opening day


@pytest.fixture(scope="module")
def geo():
    return load_geodata()


def label_page(geo, lang: str, day: date | None = DAY) -> str:
    """A folium map with land, markers and labels; Leaflet inlined, nothing fetched."""
    fmap = folium.Map(location=START_VIEW["location"], zoom_start=START_VIEW["zoom_start"], tiles=None)
    fmap.default_js, fmap.default_css = [], []
    root = fmap.get_root()
    root.header.add_child(folium.Element(f"<style>{vendored_text(LEAFLET_CSS)}</style>"))
    root.header.add_child(folium.Element(f"<script>{vendored_text(LEAFLET_JS)}</script>"))
    root.header.add_child(stylesheet(f".leaflet-container {{ background: {style.SEA_COLOUR}; }}"))
    folium.GeoJson(geo.land_theatre.geometry.__geo_interface__, style_function=lambda _: style.LAND_STYLE).add_to(fmap)
    for lat, lon in MARKERS:
        folium.Marker(
            (lat, lon), icon=folium.DivIcon(html="<div></div>", class_name="rjw-event", icon_size=(26, 26))
        ).add_to(fmap)
    add_place_labels(fmap, geo, lang, day)
    html = fmap.get_root().render()
    assert "cdn" not in html.lower() or "cdn.jsdelivr" not in html
    return html


class Page:
    def __init__(self, browser, html: str, tmp_path: Path, width: int, height: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", files_only(self.requests))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        path = tmp_path / "labels.html"
        path.write_text(html, encoding="utf-8")
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.RJW_LABELS && window.RJW_LABELS.visibleIds().length > 0")
        self.map = self.page.evaluate("Object.keys(window).find(k => k.startsWith('map_'))")

    def view(self, lat: float, lon: float, zoom: int) -> None:
        self.page.evaluate(
            "([m, lat, lon, z]) => { window.__placed = false; window[m].once('moveend', () => "
            "setTimeout(() => { window.__placed = true; }, 0)); window[m].setView([lat, lon], z, {animate: false}); }",
            [self.map, lat, lon, zoom],
        )
        self.page.wait_for_function("window.__placed === true")

    def boxes(self) -> dict[str, list[float]]:
        return self.page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('[data-place]')]
                 .filter(e => getComputedStyle(e).display !== 'none')
                 .map(e => { const r = e.getBoundingClientRect(); return [e.dataset.place, [r.left, r.top, r.right, r.bottom]]; }))"""
        )

    def markers(self) -> list[list[float]]:
        return self.page.evaluate(
            "() => [...document.querySelectorAll('.rjw-event')].map(e => { const r = e.getBoundingClientRect(); "
            "return [r.left, r.top, r.right, r.bottom]; })"
        )


@pytest.fixture(scope="module")
def label_pages(geo) -> dict[str, str]:
    """The page in each language, built once: the tests only read it."""
    return {lang: label_page(geo, lang) for lang in ("en", "ar")}


@pytest.fixture(params=["en", "ar"])
def page(request, browser, label_pages, tmp_path) -> Iterator[Page]:
    session = Page(browser, label_pages[request.param], tmp_path, 960, 600)
    yield session
    assert not session.errors, session.errors
    assert not session.requests, session.requests
    session.context.close()


def overlapping(boxes: dict[str, list[float]], others: list[list[float]] | None = None) -> list[tuple[str, str]]:
    """Pairs whose rectangles overlap by more than half a pixel (sub-pixel rounding is not overlap)."""

    def hit(a, b):
        return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5

    items = list(boxes.items())
    if others is not None:
        return [(name, "marker") for name, box in items for other in others if hit(box, other)]
    return [(a, b) for i, (a, abox) in enumerate(items) for b, bbox in items[i + 1 :] if hit(abox, bbox)]


def test_opening_view_names_the_places_of_the_story(page):
    page.view(*START_VIEW["location"], START_VIEW["zoom_start"])
    boxes = page.boxes()
    assert set(OPENING_MUST_SHOW) <= set(boxes), sorted(set(OPENING_MUST_SHOW) - set(boxes))
    assert not overlapping(boxes)


@pytest.mark.parametrize("zoom", [4, 5, 6, 7, 8])
def test_no_two_labels_overlap_over_busy_areas(page, zoom):
    for lat, lon in BUSY.values():
        page.view(lat, lon, zoom)
        boxes = page.boxes()
        assert len(boxes) >= 3, (lat, lon, zoom)
        assert not overlapping(boxes), (lat, lon, zoom)
        assert not overlapping(boxes, page.markers()), (lat, lon, zoom)


def test_labels_are_text_in_their_language(page):
    page.view(*START_VIEW["location"], 5)
    lang, direction, text = page.page.evaluate(
        "() => { const e = document.querySelector('[data-place=mukden]'); return [e.lang, e.dir, e.textContent]; }"
    )
    assert (direction, text) == (("rtl", "موكدين") if lang == "ar" else ("ltr", "Mukden"))


def test_rank_decides_what_shows_at_each_zoom(page):
    page.view(39.6, 122.3, 4)
    assert "nanshan" not in page.boxes()  # rank 4: from zoom 6
    page.view(39.1, 121.7, 7)
    assert "nanshan" in page.boxes()


def test_set_day_swaps_dated_names(page):
    page.view(38.9, 121.6, 8)
    page.page.evaluate("() => window.RJW_LABELS.setDay('1895-01-01')")
    early = page.boxes()
    page.page.evaluate("() => window.RJW_LABELS.setDay('1904-06-01')")
    late = page.boxes()
    assert "talienwan" in early and "dalny" not in early
    assert "dalny" in late and "talienwan" not in late


def test_labels_keep_clear_of_rectangles_the_player_passes(page):
    page.view(39.6, 122.3, 6)
    before = page.boxes()
    rect = page.page.evaluate(
        """() => { const r = document.querySelector('.leaflet-container').getBoundingClientRect();
             const box = {left: r.left + r.width / 3, top: r.top + r.height / 3,
                          right: r.left + 2 * r.width / 3, bottom: r.top + 2 * r.height / 3};
             window.RJW_LABELS.update([box]); return [box.left, box.top, box.right, box.bottom]; }"""
    )
    after = page.boxes()
    assert overlapping(before, [rect])  # the middle of the map held names before
    assert not overlapping(after, [rect])
    assert not overlapping(after)


def _on(line: list[float], box: list[float]) -> bool:
    """Does the segment pass through the inside of the box (shrunk by half a pixel)? Sampled."""
    x1, y1, x2, y2 = line
    return any(
        box[0] + 0.5 < x1 + (x2 - x1) * k / 200 < box[2] - 0.5
        and box[1] + 0.5 < y1 + (y2 - y1) * k / 200 < box[3] - 0.5
        for k in range(201)
    )


def test_a_crowded_rank_1_place_keeps_its_name_in_a_callout(page):
    """Port Arthur under its marker, every usual position beside the marker taken (four bands
    just clear of it): the name moves out with a leader through a free corner, and lower-ranked
    names give way; nothing overlaps, the leader crosses no name and no band."""
    page.view(38.81, 121.26, 6)
    assert "port_arthur" in page.boxes()
    bands = page.page.evaluate(
        """() => {
          const map = document.querySelector('.leaflet-container').getBoundingClientRect();
          const m = [...document.querySelectorAll('.rjw-event')].map(e => e.getBoundingClientRect())
            .find(r => Math.abs((r.left + r.right) / 2 - (map.left + map.width / 2)) < 2);
          const g = 4, t = 90;  // gap from the marker, band thickness
          const bands = [
            {left: m.right + g, top: m.top, right: m.right + g + t, bottom: m.bottom},
            {left: m.left - g - t, top: m.top, right: m.left - g, bottom: m.bottom},
            {left: m.left, top: m.top - g - t, right: m.right, bottom: m.top - g},
            {left: m.left, top: m.bottom + g, right: m.right, bottom: m.bottom + g + t}];
          window.RJW_LABELS.update(bands);
          return bands.map(b => [b.left, b.top, b.right, b.bottom]);
        }"""
    )
    boxes, markers = page.boxes(), page.markers()
    leaders = page.page.evaluate("window.RJW_LABELS.leaders()")
    assert "port_arthur" in boxes
    assert page.page.evaluate("document.querySelector('[data-place=port_arthur]').classList.contains('rjw-callout')")
    assert [leader["id"] for leader in leaders] == ["port_arthur"]  # only rank-1 names take a callout
    line = leaders[0]["line"]
    marker = next(m for m in markers if m[0] <= line[0] <= m[2] and m[1] <= line[1] <= m[3])  # starts under it
    label = boxes["port_arthur"]
    assert label[0] - 2 <= line[2] <= label[2] + 2 and label[1] - 2 <= line[3] <= label[3] + 2  # ends at the name
    assert not overlapping(boxes)
    assert not overlapping(boxes, markers + bands)
    assert [name for name, box in boxes.items() if name != "port_arthur" and _on(line, box)] == []
    assert [box for box in [m for m in markers if m != marker] + bands if _on(line, box)] == []
