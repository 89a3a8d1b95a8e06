"""The player's place labels, front lines and sea-transport legs in headless Chromium, offline.

Labels: in the standalone file and in the app's player document (Leaflet from static/, as
Streamlit serves it), at the opening view the seven places of issue #15 and Tokyo are named in
both languages on every day of the war, and at zooms 4-8 on busy days no two labels overlap
and none covers an event marker. Front lines and sea legs: drawn, toggled and named as slice_day has them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from map_layers.events import read_events
from map_layers.export.standalone import standalone_html
from map_layers.geodata import load_geodata
from map_layers.i18n import t
from map_layers.paths import EVENTS_CSV
from map_layers.player import player_document
from map_layers.timeslice import slice_day
from tests.browser.harness import LABEL_SWEEP, serve_static
from tests.browser.test_player import Offline, expected_heads, expected_ids, open_html
from tests.conftest import events_csv, tiny_event_rows, write_tiny_geodata

pytestmark = pytest.mark.browser

MAP = ".leaflet-container"
SEVEN = ("port_arthur", "mukden", "vladivostok", "seoul", "yellow_sea", "sea_of_japan", "yalu")
KEY_PLACES = (*SEVEN, "tokyo")
WAR = (date(1904, 2, 1), date(1905, 9, 10))  # the war's days, from the break in relations to the treaty
OPENING = date(1904, 2, 9)  # the app's opening day (?date=1904-02-09)
BUSY_DAYS = (date(1904, 8, 10), date(1905, 3, 10), date(1905, 5, 27))
# Where those days crowd: the Liaodong peninsula and Mukden, Korea, the Tsushima strait.
BUSY_CENTRES = ((40.0, 122.5), (37.5, 127.0), (34.5, 129.5))

BOXES = """() => {
  const shown = e => getComputedStyle(e).display !== 'none' && e.offsetParent !== null;
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    labels: Object.fromEntries([...document.querySelectorAll('[data-place]')].filter(shown).map(e => [e.dataset.place, box(e)])),
    markers: [...document.querySelectorAll('.rjw-event')].filter(shown).map(box)
  };
}"""


def _hit(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


def clashes(found: dict) -> list[tuple[str, str]]:
    """Pairs of overlapping labels, and labels over event markers (sub-pixel rounding is not overlap)."""
    items = list(found["labels"].items())
    pairs = [(a, b) for i, (a, abox) in enumerate(items) for b, bbox in items[i + 1 :] if _hit(abox, bbox)]
    return pairs + [(name, "marker") for name, box in items for marker in found["markers"] if _hit(box, marker)]


@pytest.fixture(scope="module")
def real():
    return load_geodata(), read_events(EVENTS_CSV).events


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A loopback server on a free port: the repo's static/ at /app/static, as Streamlit serves it."""
    root = tmp_path_factory.mktemp("served")
    with serve_static(root) as url:
        yield url, root


class Host:
    """One player page of the real data: the standalone file or the app's document."""

    def __init__(self, browser, kind: str, lang: str, html: str, server, tmp_path: Path) -> None:
        # The app's iframe is ~1335x690 on a 1366x768 screen; the standalone file fills the window.
        width, height = (1335, 690) if kind == "app" else (1366, 768)
        self.offline = Offline(browser, width, height)
        self.offline.context.unroute("**/*")
        self.offline.context.route("**/*", self._route)
        if kind == "app":
            url, root = server
            (root / f"doc-{lang}.html").write_text(html, encoding="utf-8")
            self.page = self.offline.page
            self.page.goto(f"{url}/doc-{lang}.html")
            self.page.wait_for_selector(f"{MAP}[data-map-date]")
        else:
            self.page = open_html(self.offline, html, tmp_path, name=f"sa-{lang}.html")
        self.page.wait_for_selector(f"{MAP}[data-labels-date='{OPENING.isoformat()}']", state="attached")
        assert self.page.evaluate("window.RJWPlayer.labels().length") > 0
        self.page.evaluate("document.fonts.ready")

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:", "http://127.0.0.1")):
            route.continue_()
        else:
            self.offline.requests.append(url)
            route.abort()

    def show(self, day: date, lat: float, lon: float, zoom: int) -> dict:
        """Paint ``day`` at a view and wait until the labels were placed for that day."""
        self.page.evaluate(
            "([iso, lat, lon, z]) => { const api = window.RJWPlayer; api.setDay(iso);"
            " api.map.setView([lat, lon], z, {animate: false}); }",
            [day.isoformat(), lat, lon, zoom],
        )
        self.page.wait_for_selector(f"{MAP}[data-labels-date='{day.isoformat()}']", state="attached")
        return self.page.evaluate(BOXES)


@pytest.fixture(scope="module")
def documents(real) -> dict[tuple[str, str], str]:
    """Each host's document on the opening day, built once: the tests only read them."""
    geo, events = real
    built = {}
    for lang in ("en", "ar"):
        built["standalone", lang] = standalone_html(geo, events, lang=lang, layers=None, day=OPENING)
        built["app", lang] = player_document(geo, events, lang=lang, day=OPENING, layers=None, asset_base="/app/static")
    return built


@pytest.fixture(params=[("standalone", "en"), ("standalone", "ar"), ("app", "en"), ("app", "ar")], ids=str)
def host(request, browser, documents, server, tmp_path) -> Iterator[Host]:
    kind, lang = request.param
    session = Host(browser, kind, lang, documents[kind, lang], server, tmp_path)
    yield session
    assert session.offline.errors == [] and session.offline.requests == []
    session.offline.context.close()


def test_opening_view_names_the_seven_places_and_busy_days_never_overlap(host):
    opening = host.page.evaluate(BOXES)
    assert set(SEVEN) <= set(opening["labels"]), sorted(set(SEVEN) - set(opening["labels"]))
    assert host.page.evaluate("window.RJWPlayer.view().zoom") == 4
    assert clashes(opening) == []
    # The labels sit in the visible map, not under the date or story panels.
    panels = host.page.evaluate(
        "() => [...document.querySelectorAll('.rjw-panel')].filter(e => e.offsetParent !== null)"
        ".map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
    )
    assert [name for name, box in opening["labels"].items() for p in panels if _hit(box, p)] == []
    checked = 0
    for day in BUSY_DAYS:
        for lat, lon in BUSY_CENTRES:
            for zoom in range(4, 9):
                found = host.show(day, lat, lon, zoom)
                assert clashes(found) == [], (day, lat, lon, zoom)
                checked += len(found["labels"])
    assert checked > 300  # the views did hold labels


def test_key_places_are_named_at_the_opening_view_on_every_day_of_the_war(host):
    """Every day of the war, placed as a pause places them: the story's places keep their names
    (a callout when markers and unit heads crowd one, e.g. Port Arthur in late August 1904),
    and no name overlaps another, a marker, a unit head or a panel; no leader crosses one."""
    assert host.page.evaluate("window.RJWPlayer.view().zoom") == 4
    first, last = WAR
    found = host.page.evaluate(LABEL_SWEEP, [first.isoformat(), last.isoformat(), list(KEY_PLACES), 1])
    assert found["days"] == (last - first).days + 1
    assert {place: days for place, days in found["missing"].items() if days} == {}
    assert found["clashes"] == []
    assert host.page.evaluate("window.RJWPlayer.view().zoom") == 4


def test_labels_wait_for_the_pause_and_then_clear_the_new_markers(browser, documents, server, tmp_path):
    """No label moves during play (placement costs layout; play must keep its frame rate)."""
    session = Host(browser, "standalone", "en", documents["standalone", "en"], server, tmp_path)
    try:
        page = session.page
        got = page.evaluate(
            """() => new Promise(done => {
                 const api = window.RJWPlayer, box = api.map.getContainer(), start = +box.dataset.mapFrame;
                 let moves = 0;
                 const seen = new MutationObserver(records => { moves += records.length; });
                 document.querySelectorAll('[data-place]').forEach(e =>
                   seen.observe(e, {attributes: true, attributeFilter: ['style', 'class']}));
                 api.setSpeed(30); api.play();
                 setTimeout(() => {
                   moves += seen.takeRecords().length; const during = moves, days = api.day();
                   api.pause(); seen.disconnect();
                   done({during, frames: +box.dataset.mapFrame - start, day: days});
                 }, 1500);
               })"""
        )
        assert got["frames"] > 5 and got["day"] > "1904-02-20"
        assert got["during"] == 0
        page.wait_for_selector(f"{MAP}[data-labels-date='{got['day']}']", state="attached")
        assert clashes(page.evaluate(BOXES)) == []
    finally:
        session.offline.context.close()


# ---------- front lines and sea legs on tiny data ----------


def _feature(props: dict, coords: list) -> dict:
    return {"type": "Feature", "properties": props, "geometry": {"type": "LineString", "coordinates": coords}}


@pytest.fixture
def extra_geo(tmp_path):
    """The tiny geodata plus a front line and an army landed by sea (waypoints sharing a date)."""
    directory = write_tiny_geodata(tmp_path / "geodata")
    fronts = [
        _feature(
            {"id": "front_a", "name_en": "Front after A", "name_ar": "الجبهة بعد أ", "start": "1904-05-03",
             "end": "1904-05-09", "source": "https://example.org/f"},
            [[121.2, 38.5], [121.8, 39.5]],
        )
    ]  # fmt: skip
    (directory / "front_lines.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": fronts}), encoding="utf-8"
    )
    path = directory / "movements.geojson"
    movements = json.loads(path.read_text(encoding="utf-8"))
    movements["features"].append(
        _feature(
            {"id": "army_sea", "side": "japan", "kind": "army", "unit_en": "Landed Army", "unit_ar": "الجيش المنزل",
             "times": ["1904-06-01", "1904-06-11", "1904-06-11", "1904-06-21"],
             "modes": ["sea", "sea", "land"]},
            [[125.0, 36.0], [125.0, 37.0], [124.0, 37.0], [124.0, 38.0]],
        )
    )  # fmt: skip
    path.write_text(json.dumps(movements), encoding="utf-8")
    return load_geodata(directory)


@pytest.fixture
def tiny_events():
    table = read_events(events_csv(*tiny_event_rows()))
    assert table.ok
    return table.events


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_front_lines_are_dated_follow_the_territories_box_and_are_named(
    browser, extra_geo, tiny_events, tmp_path, lang
):
    session = Offline(browser)
    try:
        html = standalone_html(extra_geo, tiny_events, lang=lang, layers=None, day=date(1904, 5, 5))
        page = open_html(session, html, tmp_path)
        for day in ("1904-05-02", "1904-05-03", "1904-05-09", "1904-05-10"):
            page.evaluate("(iso) => window.RJWPlayer.setDay(iso)", day)
            want = expected_ids(extra_geo, tiny_events, date.fromisoformat(day))
            assert page.evaluate("window.RJWPlayer.visibleIds()") == want, day
        page.evaluate("window.RJWPlayer.setDay('1904-05-05')")
        assert page.evaluate("window.RJWPlayer.visibleIds().front_lines") == ["front_a"]
        front_row = page.locator(".rjw-legend-row[data-key=f]")
        assert front_row.count() == 1 and not front_row.evaluate("e => e.hidden")
        assert front_row.text_content().strip() == t("legend_front_line", lang)
        path = page.locator(".leaflet-fronts-pane path")
        assert path.count() == 1 and path.get_attribute("stroke-dasharray") == "2 4"
        path.hover(force=True)
        name = "Front after A" if lang == "en" else "الجبهة بعد أ"
        page.wait_for_selector(f".leaflet-tooltip:has-text('{name}')")
        page.evaluate("window.RJWPlayer.setLayers(['railways', 'movements', 'events'])")
        assert page.evaluate("window.RJWPlayer.visibleIds().front_lines") == []
        assert page.locator(".leaflet-fronts-pane path").count() == 0
        assert session.errors == [] and session.requests == []
    finally:
        session.context.close()


def test_sea_legs_are_dotted_and_heads_glide_between_distinct_dates(browser, extra_geo, tiny_events, tmp_path):
    session = Offline(browser)
    try:
        html = standalone_html(extra_geo, tiny_events, lang="en", layers=None, day=date(1904, 6, 1))
        page = open_html(session, html, tmp_path)
        for offset in range(0, 24):
            day = date(1904, 6, 1) + np.timedelta64(offset, "D").astype(object)
            page.evaluate("(iso) => window.RJWPlayer.setDay(iso)", day.isoformat())
            heads = page.evaluate("window.RJWPlayer.heads()")
            for ident, (lon, lat, bearing) in expected_heads(extra_geo, tiny_events, day).items():
                assert heads[ident] == pytest.approx([lon, lat, bearing], abs=1e-4), (day, ident)
        # 1-11 June covers two sea legs (1 degree north, then 1 degree west at 37 N): the head passes
        # the corner after 10 / (1 + cos 37°) days and glides on along the second leg.
        page.evaluate("window.RJWPlayer.setDay(RJWPlayerInternals.dayOfIso('1904-06-08') + 0.5)")
        lon, lat, _ = page.evaluate("window.RJWPlayer.heads().army_sea")
        corner = 10 / (1 + np.cos(np.radians(37)))
        assert (lon, lat) == pytest.approx((125 - (7.5 - corner) / (10 - corner), 37.0), abs=1e-5)
        # Sea legs dotted and lighter, the march solid; the legend says so.
        page.evaluate("window.RJWPlayer.setDay('1904-06-16')")
        dashes = page.evaluate(
            "() => [...document.querySelectorAll('.leaflet-movements-pane path')].map(p => p.getAttribute('stroke-dasharray'))"
        )
        assert "1 6" in dashes and None in dashes
        sea_row = page.locator(".rjw-legend-row[data-key='m:sea']")
        assert not sea_row.evaluate("e => e.hidden") and sea_row.text_content().strip() == t(
            "legend_sea_transport", "en"
        )
        piece = slice_day(extra_geo, tiny_events, date(1904, 6, 16))
        assert "army_sea" in set(piece.movements["id"])
        assert session.errors == []
    finally:
        session.context.close()
