"""The standalone HTML export in headless Chromium with every network request blocked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from map_layers.events import read_events
from map_layers.export.standalone import standalone_html
from map_layers.geodata import load_geodata
from map_layers.i18n import format_day
from map_layers.paths import EVENTS_CSV, GEODATA_DIR
from map_layers.timeslice import slice_day
from tests.browser.conftest import wait_for_map_date
from tests.conftest import event_row, events_csv, tiny_event_rows

pytestmark = pytest.mark.browser

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
SAMPLE_DAYS = ("1891-01-01", "1895-04-17", "1898-03-27", "1904-05-01", "1904-05-06", "1904-05-11", "1904-05-15")
SAMPLE_DAYS += ("1904-05-25", "1904-06-09", "1904-08-10", "1904-09-09", "1905-12-31")


@pytest.fixture
def events():
    table = read_events(
        events_csv(
            *tiny_event_rows(),
            event_row(id="hostile", start="1904-05-05", title_en=HOSTILE, summary_en=HOSTILE, source=HOSTILE),
        )
    )
    assert table.ok, table.problems
    return table.events


class Offline:
    """A page that may load file:// and data: URLs only; everything else is aborted and recorded."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1200, "height": 800})
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def offline(browser) -> Iterator[Offline]:
    session = Offline(browser)
    yield session
    session.context.close()


def open_html(offline: Offline, html: str, tmp_path: Path, name: str = "map.html"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    offline.page.goto(path.as_uri())
    offline.page.wait_for_selector(".leaflet-container[data-map-date]")
    return offline.page


def set_slider(page, day: date) -> None:
    index = (day - date(1891, 1, 1)).days
    page.evaluate(
        """(value) => { const s = document.getElementById('rjw-slider');
        s.value = String(value); s.dispatchEvent(new Event('input', {bubbles: true})); }""",
        index,
    )


def expected_ids(tiny_geodata, events, day: date) -> dict[str, list[str]]:
    piece = slice_day(tiny_geodata, events, day)
    return {
        "territories": sorted(piece.territories["id"]),
        "railways": sorted(piece.railways["id"]),
        "building": sorted(piece.railways.loc[piece.railways["state"] == "building", "id"]),
        "movements": sorted(piece.movements["id"]),
        "heads": sorted(piece.heads["id"]),
        "events": sorted(piece.events["id"]),
        "current": sorted(piece.events.loc[piece.events["current"], "id"]),
        "user_events": [],
    }


def shown_ids(page) -> dict[str, list[str]]:
    return {key: sorted(value) for key, value in page.evaluate("window.RJWStandalone.visibleIds()").items()}


def test_renders_offline_on_the_requested_day(offline, tiny_geodata, events, tmp_path):
    html = standalone_html(tiny_geodata, events, lang="en", layers=None, day=date(1904, 5, 5))
    page = open_html(offline, html, tmp_path)
    wait_for_map_date(page, "1904-05-05")
    assert page.locator(".leaflet-container path.leaflet-interactive").count() >= 2  # territories drawn as SVG paths
    assert page.locator("#rjw-date").inner_text() == format_day(date(1904, 5, 5), "en")
    assert offline.requests == [] and offline.errors == []


def test_slider_changes_date_and_territories(offline, tiny_geodata, events, tmp_path):
    page = open_html(
        offline, standalone_html(tiny_geodata, events, lang="en", layers=None, day=date(1895, 1, 1)), tmp_path
    )
    wait_for_map_date(page, "1895-01-01")
    before = shown_ids(page)["territories"]
    set_slider(page, date(1904, 5, 5))
    wait_for_map_date(page, "1904-05-05")
    after = shown_ids(page)["territories"]
    assert before == ["east_korea", "west_qing"]
    assert after == ["east_korea", "west_lease"]


def expected_heads(geo, events, day: date) -> dict[str, tuple[float, float, float]]:
    heads = slice_day(geo, events, day).heads
    return {row.id: (row.geometry.x, row.geometry.y, row.bearing) for row in heads.itertuples()}


def assert_same_heads(page, geo, events, day: date) -> None:
    shown = page.evaluate("window.RJWStandalone.heads()")
    expected = expected_heads(geo, events, day)
    assert shown.keys() == expected.keys()
    for ident, (lon, lat, bearing) in expected.items():
        assert shown[ident] == pytest.approx([lon, lat, bearing], abs=1e-4), ident


@pytest.mark.parametrize("day", SAMPLE_DAYS)
def test_browser_slice_equals_python_slice(offline, tiny_geodata, events, tmp_path, day):
    page = open_html(
        offline, standalone_html(tiny_geodata, events, lang="en", layers=None, day=date(1891, 1, 1)), tmp_path
    )
    set_slider(page, date.fromisoformat(day))
    wait_for_map_date(page, day)
    assert shown_ids(page) == expected_ids(tiny_geodata, events, date.fromisoformat(day))
    assert_same_heads(page, tiny_geodata, events, date.fromisoformat(day))


def test_real_data_slices_match_and_size_is_small(offline, tmp_path):
    """The shipped data: < 2 MB, and the browser's slice equals slice_day on many days."""
    if not (GEODATA_DIR / "movements.geojson").exists() or not EVENTS_CSV.exists():
        pytest.skip("the real geodata/ and events.csv are not built yet")
    geo, shipped = load_geodata(), read_events(EVENTS_CSV).events
    html = standalone_html(geo, shipped, lang="ar", layers=None, day=date(1905, 5, 27))
    assert len(html.encode("utf-8")) < 2_000_000
    page = open_html(offline, html, tmp_path)
    wait_for_map_date(page, "1905-05-27")
    days = [date(1891, 1, 1) + timedelta(days=step) for step in range(0, 5479, 173)]
    days += [date(1904, 2, 8) + timedelta(days=step) for step in range(0, 600, 29)]
    for day in days:
        page.evaluate("(iso) => window.RJWStandalone.setDay(iso)", day.isoformat())
        wait_for_map_date(page, day.isoformat())
        assert shown_ids(page) == expected_ids(geo, shipped, day), day
        assert_same_heads(page, geo, shipped, day)
    assert offline.requests == [] and offline.errors == []


def test_hostile_text_stays_text(offline, tiny_geodata, events, tmp_path):
    page = open_html(
        offline, standalone_html(tiny_geodata, events, lang="en", layers=None, day=date(1904, 5, 5)), tmp_path
    )
    page.evaluate("window.RJWStandalone.openPopup('hostile')")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<script>alert(1)</script>" in popup.inner_text()
    assert page.locator(".leaflet-popup-content script, .leaflet-popup-content img").count() == 0
    assert offline.dialogs == []
    assert offline.errors == []


def test_arabic_page_is_right_to_left(offline, tiny_geodata, events, tmp_path):
    html = standalone_html(tiny_geodata, events, lang="ar", layers=None, day=date(1904, 5, 5))
    page = open_html(offline, html, tmp_path)
    wait_for_map_date(page, "1904-05-05")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("#rjw-date").inner_text() == format_day(date(1904, 5, 5), "ar")
    assert offline.requests == []


def test_play_advances_and_pause_stops(offline, tiny_geodata, events, tmp_path):
    page = open_html(
        offline, standalone_html(tiny_geodata, events, lang="en", layers=None, day=date(1904, 5, 1)), tmp_path
    )
    page.click("#rjw-play")
    page.wait_for_function("document.querySelector('.leaflet-container').dataset.mapDate > '1904-05-10'")
    page.click("#rjw-play")
    stopped = page.evaluate("window.RJWStandalone.day()")
    # Let ten animation frames pass (a condition on the page, not a sleep): the day must not move.
    after = page.evaluate(
        """() => new Promise((done) => { let n = 0;
        const step = () => (++n >= 10 ? done(window.RJWStandalone.day()) : requestAnimationFrame(step));
        requestAnimationFrame(step); })"""
    )
    assert after == stopped
    assert page.evaluate("document.querySelector('.leaflet-container').dataset.mapDate") == stopped


def test_uploaded_events_are_their_own_layer(offline, tiny_geodata, events, tmp_path):
    upload = read_events(events_csv(event_row(id="one_day", start="1904-05-03", title_en="Mine")))
    assert upload.ok, upload.problems
    html = standalone_html(
        tiny_geodata, events, lang="en", layers=None, day=date(1904, 5, 5), user_events=upload.events
    )
    page = open_html(offline, html, tmp_path)
    wait_for_map_date(page, "1904-05-05")
    assert shown_ids(page)["user_events"] == ["one_day"]
    assert shown_ids(page)["events"] == expected_ids(tiny_geodata, events, date(1904, 5, 5))["events"]
