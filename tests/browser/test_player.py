"""The time player (standalone HTML export) in headless Chromium with every network request blocked.

Parity: what the page paints on a day equals :func:`map_layers.timeslice.slice_day`, on every
change point of the data and on hundreds of random days. Then the contract the app's bridge
relies on: data-map-date / data-map-frame, the time control, keys, play, settle, tour, RTL.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from map_layers.caption import date_lines
from map_layers.events import FIRST_DAY, LAST_DAY, read_events
from map_layers.export.standalone import standalone_html
from map_layers.geodata import load_geodata
from map_layers.navigation import next_event_day, tour_stops
from map_layers.paths import EVENTS_CSV, GEODATA_DIR
from map_layers.timeline import compile_user_events
from map_layers.timeslice import FADE_DAYS, MOVEMENT_LINGER_DAYS, slice_day
from tests.browser.conftest import wait_for_map_date
from tests.browser.harness import files_only, serve_static
from tests.conftest import event_row, events_csv, tiny_event_rows

pytestmark = pytest.mark.browser

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
MAP = ".leaflet-container"


@pytest.fixture
def events():
    table = read_events(
        events_csv(
            *tiny_event_rows(),
            event_row(id="hostile", start="1904-05-05", title_en=HOSTILE, summary_en=HOSTILE, source=HOSTILE),
            event_row(id="key_one", start="1904-06-01", key="1", title_en="First key moment", lat="39.0"),
            event_row(id="key_two", start="1904-08-10", key="1", title_en="Second key moment", lat="38.0"),
        )
    )
    assert table.ok, table.problems
    return table.events


class Offline:
    """A page that may load file:// and data: URLs only; everything else is aborted and recorded."""

    def __init__(self, browser, width: int = 1200, height: int = 800) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", files_only(self.requests))
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def offline(browser) -> Iterator[Offline]:
    session = Offline(browser)
    yield session
    session.context.close()


def open_html(offline: Offline, html: str, tmp_path: Path, name: str = "map.html", fragment: str = ""):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    offline.page.goto(path.as_uri() + fragment)
    offline.page.wait_for_selector(f"{MAP}[data-map-date]")
    return offline.page


def tiny_page(offline, geo, events, tmp_path, day=date(1904, 5, 5), lang="en", **kwargs):
    html = standalone_html(geo, events, lang=lang, layers=None, day=day, **kwargs)
    return open_html(offline, html, tmp_path)


def map_date(page) -> str:
    return page.evaluate(f"document.querySelector('{MAP}').dataset.mapDate")


def ids_of(piece) -> dict[str, list[str]]:
    """What a day's slice shows, by layer, as the player's ``visibleIds()`` reports it."""
    return {
        "territories": sorted(piece.territories["id"]),
        "front_lines": sorted(piece.front_lines["id"]),
        "railways": sorted(piece.railways["id"]),
        "building": sorted(piece.railways.loc[piece.railways["state"] == "building", "id"]),
        "movements": sorted(piece.movements["id"]),
        "heads": sorted(piece.heads["id"]),
        "events": sorted(piece.events["id"]),
        "current": sorted(piece.events.loc[piece.events["current"], "id"]),
        "user_events": [] if piece.user_events is None else sorted(piece.user_events["id"]),
    }


def heads_of(piece) -> dict[str, tuple[float, float, float]]:
    return {row.id: (row.geometry.x, row.geometry.y, row.bearing) for row in piece.heads.itertuples()}


def expected_ids(geo, events, day: date, user_events=None) -> dict[str, list[str]]:
    return ids_of(slice_day(geo, events, day, user_events=user_events))


def expected_heads(geo, events, day: date) -> dict[str, tuple[float, float, float]]:
    return heads_of(slice_day(geo, events, day))


# Paint each day in turn and read back what is drawn: one round trip for a batch of days.
PAINT_AND_READ = """(isos) => isos.map((iso) => { window.RJWPlayer.setDay(iso);
    return {date: document.querySelector('.leaflet-container').dataset.mapDate,
            ids: window.RJWPlayer.visibleIds(), model: window.RJWPlayer.visibleIds(iso),
            heads: window.RJWPlayer.heads()}; })"""


def assert_parity(page, geo, events, days, batch: int = 100) -> None:
    """On each day: the painted map, the model and the heads equal slice_day's."""
    for first in range(0, len(days), batch):
        chunk = days[first : first + batch]
        for day, got in zip(chunk, page.evaluate(PAINT_AND_READ, [d.isoformat() for d in chunk]), strict=True):
            assert got["date"] == day.isoformat()
            piece = slice_day(geo, events, day)
            want = ids_of(piece)
            painted = {key: sorted(value) for key, value in got["ids"].items()}
            assert painted == want, day
            assert {key: sorted(value) for key, value in got["model"].items()} == want, day
            heads = heads_of(piece)
            assert got["heads"].keys() == heads.keys(), day
            for ident, (lon, lat, bearing) in heads.items():
                assert got["heads"][ident] == pytest.approx([lon, lat, bearing], abs=1e-4), (day, ident)


def _days(values) -> list[date]:
    stamps = np.asarray(values).astype("datetime64[D]")
    return [stamp.astype(date) for stamp in stamps if not np.isnat(stamp)]


def change_points(geo, events) -> list[date]:
    """Every day on which something may appear, change or go, with its neighbours."""
    raw = _days(geo.territories["start"]) + [d + timedelta(days=1) for d in _days(geo.territories["end"])]
    raw += _days(geo.front_lines["start"]) + [d + timedelta(days=1) for d in _days(geo.front_lines["end"])]
    raw += _days(geo.railways["construction_start"]) + _days(geo.railways["opened"])
    for times in geo.movements["times"]:
        waypoints = _days(times)
        raw += [*waypoints, waypoints[-1] + timedelta(days=MOVEMENT_LINGER_DAYS)]
    raw += _days(events["start"]) + [d + timedelta(days=FADE_DAYS) for d in _days(events["end"])]
    days = {d + timedelta(days=shift) for d in raw for shift in (-1, 0, 1)}
    return sorted(d for d in days if FIRST_DAY <= d <= LAST_DAY)


def random_days(count: int, seed: int) -> list[date]:
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    return [FIRST_DAY + timedelta(days=rng.randrange(span + 1)) for _ in range(count)]


def test_renders_offline_on_the_requested_day(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    wait_for_map_date(page, "1904-05-05")
    assert page.locator(f"{MAP} path.leaflet-interactive").count() >= 2  # territories drawn as SVG paths
    big, sub = date_lines(date(1904, 5, 5), "en")
    assert page.locator(".rjw-date-big").inner_text() == big
    assert page.locator(".rjw-date-sub").inner_text() == sub
    assert page.locator("[data-time-control]").count() == 1
    assert offline.requests == [] and offline.errors == []


def test_parity_with_slice_day_on_every_change_point_and_random_days(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path, day=date(1891, 1, 1))
    days = change_points(tiny_geodata, events) + random_days(300, seed=14)
    assert len(days) > 350
    assert_parity(page, tiny_geodata, events, days)
    assert offline.errors == []


def test_real_data_parity_and_size(offline, tmp_path):
    """The shipped data: < 2 MB, and the page equals slice_day on every change point and 300 random days."""
    if not (GEODATA_DIR / "movements.geojson").exists() or not EVENTS_CSV.exists():
        pytest.skip("the real geodata/ and events.csv are not built yet")
    geo, shipped = load_geodata(), read_events(EVENTS_CSV).events
    html = standalone_html(geo, shipped, lang="en", layers=None, day=date(1905, 5, 27))
    assert len(html.encode("utf-8")) <= 2_000_000
    page = open_html(offline, html, tmp_path)
    wait_for_map_date(page, "1905-05-27")
    assert_parity(page, geo, shipped, change_points(geo, shipped) + random_days(300, seed=1904))
    assert offline.requests == [] and offline.errors == []


def test_old_style_and_meiji_lines_match_the_caption(offline, tiny_geodata, events, tmp_path):
    """Around the Julian leap day of 1900 (Gregorian 1900-03-13 is Old Style 29 February)."""
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    days = [date(1900, 2, 27) + timedelta(days=n) for n in range(20)] + [date(1891, 1, 1), date(1905, 12, 31)]
    for day in days:
        page.evaluate("(iso) => window.RJWPlayer.setDay(iso)", day.isoformat())
        assert page.locator(".rjw-date-sub").inner_text() == date_lines(day, "en")[1], day


def test_drag_repaints_on_every_input_event(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path, day=date(1891, 1, 1))
    page.evaluate(
        """() => { window.seen = []; const m = document.querySelector('.leaflet-container');
        new MutationObserver(() => window.seen.push(m.dataset.mapDate))
            .observe(m, {attributes: true, attributeFilter: ['data-map-date']}); }"""
    )
    box = page.locator("[data-time-control]").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 8, y)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(box["x"] + 8 + step * box["width"] / 50, y)
    during = page.evaluate("window.seen.slice()")
    page.mouse.up()
    assert len(set(during)) >= 10  # the map followed the thumb before the release
    assert during == sorted(during)


def key_on(page, target: str, key: str) -> None:
    if target == "body":
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.keyboard.press(key)
    elif target == "map":
        page.locator(MAP).click(position={"x": 600, "y": 500})
        page.keyboard.press(key)
    else:
        page.locator("[data-time-control]").focus()
        page.keyboard.press(key)


@pytest.mark.parametrize("target", ["body", "map", "control"])
def test_keys_step_jump_and_play_wherever_the_focus_is(offline, tiny_geodata, events, tmp_path, target):
    page = tiny_page(offline, tiny_geodata, events, tmp_path, day=date(1904, 5, 5))
    key_on(page, target, "ArrowRight")
    assert map_date(page) == "1904-05-06"
    key_on(page, target, "ArrowLeft")
    assert map_date(page) == "1904-05-05"
    key_on(page, target, "Shift+ArrowRight")
    assert map_date(page) == next_event_day(events, date(1904, 5, 5)).isoformat()
    key_on(page, target, "End")
    assert map_date(page) == "1905-12-31"
    key_on(page, target, "Home")
    assert map_date(page) == "1891-01-01"
    key_on(page, target, "p")
    assert page.evaluate("window.RJWPlayer.playing()") is True
    key_on(page, target, "p")
    assert page.evaluate("window.RJWPlayer.playing()") is False
    assert page.evaluate("window.RJWPlayer.key({key: 'ArrowRight'})") is True
    assert map_date(page) == page.evaluate("window.RJWPlayer.day()")
    assert offline.errors == []


def test_play_advances_frames_and_days_and_pause_stops(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path, day=date(1904, 5, 1))
    frame = int(page.evaluate(f"document.querySelector('{MAP}').dataset.mapFrame"))
    page.evaluate("window.RJWPlayer.setSpeed(30)")
    page.click("[data-testid=rjw-play]")
    page.wait_for_function(f"+document.querySelector('{MAP}').dataset.mapFrame > {frame + 20}")
    page.wait_for_function(f"document.querySelector('{MAP}').dataset.mapDate > '1904-05-10'")
    page.click("[data-testid=rjw-play]")
    stopped = page.evaluate("window.RJWPlayer.day()")
    # Let ten animation frames pass (a condition on the page, not a sleep): the day must not move.
    after = page.evaluate(
        """() => new Promise((done) => { let n = 0;
        const step = () => (++n >= 10 ? done(window.RJWPlayer.day()) : requestAnimationFrame(step));
        requestAnimationFrame(step); })"""
    )
    assert after == stopped == map_date(page)


def test_heads_glide_at_fractional_times(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    page.evaluate("window.RJWPlayer.setDay(RJWPlayerInternals.dayOfIso('1904-05-06') + 0.5)")
    lon = page.evaluate("window.RJWPlayer.heads().army_1[0]")
    # army_1 goes from lon 120 to 121 between 1 and 11 May: half a day after 6 May is at 120.55.
    assert lon == pytest.approx(120.55, abs=1e-6)
    assert map_date(page) == "1904-05-06"


def test_settle_fires_once_after_steps_and_never_while_playing(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    page.evaluate("() => { window.settled = []; window.RJWPlayer.on('settle', (s) => window.settled.push(s)); }")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("window.settled.length >= 1")
    page.evaluate("window.RJWPlayer.play()")
    page.wait_for_function(f"document.querySelector('{MAP}').dataset.mapDate > '1904-05-20'")
    assert page.evaluate("window.settled.length") == 1
    page.evaluate("window.RJWPlayer.pause()")
    page.wait_for_function("window.settled.length >= 2")
    settled = page.evaluate("window.settled")
    assert settled[0]["date"] == "1904-05-10"
    assert settled[0]["playing"] is False
    assert set(settled[0]["view"]) == {"lat", "lon", "zoom"}
    assert settled[0]["layers"] == ["territories", "railways", "movements", "events"]
    assert settled[1]["date"] == page.evaluate("window.RJWPlayer.day()")


def test_hash_sets_the_start_state_and_bad_values_are_ignored(offline, tiny_geodata, events, tmp_path):
    html = standalone_html(tiny_geodata, events, lang="en", layers=None, day=date(1904, 5, 5))
    page = open_html(offline, html, tmp_path, fragment="#date=1899-01-01&view=39.5,121.5,6&layers=railways")
    assert map_date(page) == "1899-01-01"
    assert page.evaluate("window.RJWPlayer.view()") == {"lat": 39.5, "lon": 121.5, "zoom": 6}
    assert page.evaluate("window.RJWPlayer.visibleIds().territories") == []
    assert page.evaluate("window.RJWPlayer.visibleIds().railways") == ["rail_a", "rail_b"]
    page.goto("about:blank")
    page.goto((tmp_path / "map.html").as_uri() + "#date=1999-99-99&view=x,1,2&layers=<b>&presenter=1")
    page.wait_for_selector(f"{MAP}[data-map-date]")
    assert map_date(page) == "1904-05-05"
    assert page.evaluate("document.documentElement.classList.contains('rjw-presenter')")
    assert offline.errors == []


def test_hostile_text_stays_text(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    page.evaluate("window.RJWPlayer.openPopup('hostile')")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<script>alert(1)</script>" in popup.inner_text()
    assert page.locator(".leaflet-popup-content script, .leaflet-popup-content img").count() == 0
    assert HOSTILE in page.locator(".rjw-story").inner_text()
    assert page.locator(".rjw-story script, .rjw-story img").count() == 0
    assert offline.dialogs == [] and offline.errors == []


def test_arabic_page_is_right_to_left_with_a_left_to_right_time_bar(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path, lang="ar")
    wait_for_map_date(page, "1904-05-05")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator(".rjw-overlay").get_attribute("dir") == "rtl"
    assert page.locator(".rjw-bar").get_attribute("dir") == "ltr"
    assert page.locator(".rjw-date-big").inner_text() == date_lines(date(1904, 5, 5), "ar")[0]
    assert page.locator(".rjw-date-sub").inner_text() == date_lines(date(1904, 5, 5), "ar")[1]
    # The date panel sits on the right-hand side of the map, the legend on the left.
    date_box = page.locator(".rjw-date").bounding_box()
    legend_box = page.locator(".rjw-legend").bounding_box()
    assert date_box["x"] > legend_box["x"]
    assert offline.requests == []


def test_tour_walks_the_key_moments_on_the_map(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    stops = tour_stops(events)
    page.keyboard.press("t")
    card = page.locator("[data-testid=rjw-tour]")
    card.wait_for()
    assert stops.iloc[0]["title_en"] in card.inner_text()
    assert map_date(page) == stops.iloc[0]["start"].date().isoformat()
    page.keyboard.press("PageDown")
    assert page.evaluate("window.RJWPlayer.tour.index()") == 1
    assert stops.iloc[1]["title_en"] in card.inner_text()
    page.wait_for_function("window.RJWPlayer.view().zoom === 6")
    page.keyboard.press("PageUp")
    assert page.evaluate("window.RJWPlayer.tour.index()") == 0
    page.keyboard.press("Escape")
    assert card.is_hidden()
    assert page.evaluate("window.RJWPlayer.tour.index()") == -1
    # The card overlays the map: it lies inside the map's box.
    page.keyboard.press("t")
    map_box, card_box = page.locator(MAP).bounding_box(), card.bounding_box()
    assert map_box["y"] <= card_box["y"] and card_box["y"] + card_box["height"] <= map_box["y"] + map_box["height"]


def test_uploaded_events_are_their_own_layer_and_can_be_replaced(offline, tiny_geodata, events, tmp_path):
    upload = read_events(events_csv(event_row(id="one_day", start="1904-05-03", title_en="Mine")))
    assert upload.ok, upload.problems
    page = tiny_page(offline, tiny_geodata, events, tmp_path, user_events=upload.events)
    wait_for_map_date(page, "1904-05-05")
    ids = page.evaluate("window.RJWPlayer.visibleIds()")
    assert ids == expected_ids(tiny_geodata, events, date(1904, 5, 5), user_events=upload.events)
    assert ids["user_events"] == ["one_day"]
    assert page.locator(".rjw-user").count() == 1
    page.evaluate("window.RJWPlayer.setUserEvents([])")
    assert page.evaluate("window.RJWPlayer.visibleIds().user_events") == []
    other = read_events(events_csv(event_row(id="later", start="1904-05-04", title_en="Later")))
    page.evaluate("(list) => window.RJWPlayer.setUserEvents(list)", compile_user_events(other.events, "en"))
    assert page.evaluate("window.RJWPlayer.visibleIds().user_events") == ["later"]


def test_layers_toggle_client_side(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    page.evaluate("window.RJWPlayer.setLayers(['territories'])")
    ids = page.evaluate("window.RJWPlayer.visibleIds()")
    assert ids["territories"] and not ids["railways"] and not ids["events"] and not ids["heads"]
    assert page.locator(".rjw-event").count() == 0
    legend = page.get_by_test_id("rjw-legend")
    if legend.get_attribute("open") is None:  # closed on smaller screens: open it as a reader would
        legend.locator("summary").click()
    page.locator("input[data-layer=events]").check()
    assert (
        page.evaluate("window.RJWPlayer.visibleIds().events")
        == expected_ids(tiny_geodata, events, date(1904, 5, 5))["events"]
    )


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[str, Path]]:
    """A loopback HTTP server on a free port serving tmp_path, with the repo's static/ at /app/static."""
    with serve_static(tmp_path) as url:
        yield url, tmp_path


def test_app_document_runs_on_leaflet_from_static_and_a_fetched_timeline(offline_page, served, tiny_geodata, events):
    import json as jsonlib

    from map_layers.player import TimePlayer, player_document, player_map
    from map_layers.timeline import compile_timeline

    url, root = served
    html = player_document(tiny_geodata, events, lang="ar", day=date(1904, 5, 5), layers=None, asset_base="/app/static")
    (root / "doc.html").write_text(html, encoding="utf-8")
    page = offline_page.page
    page.goto(f"{url}/doc.html#date=1904-05-06")
    page.wait_for_selector(f"{MAP}[data-map-date='1904-05-06']")
    assert page.evaluate("window.RJWPlayer.visibleIds()") == expected_ids(tiny_geodata, events, date(1904, 5, 6))
    (root / "timeline-en.json").write_text(
        jsonlib.dumps(compile_timeline(tiny_geodata, events, lang="en")), encoding="utf-8"
    )
    fmap = player_map(lang="en")
    TimePlayer(timeline_url="/timeline-en.json", day=date(1899, 1, 1), asset_base="/app/static").add_to(fmap)
    (root / "fetched.html").write_text(fmap.get_root().render(), encoding="utf-8")
    page.goto("about:blank")
    page.goto(f"{url}/fetched.html")
    page.wait_for_selector(f"{MAP}[data-map-date='1899-01-01']")
    assert page.evaluate("window.RJWPlayer.visibleIds().territories") == ["east_korea", "west_lease"]
    assert offline_page.blocked == []


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768), (1920, 1080)])
def test_map_first_layout(browser, tiny_geodata, events, tmp_path, width, height):
    session = Offline(browser, width, height)
    try:
        page = tiny_page(session, tiny_geodata, events, tmp_path)
        assert page.evaluate("document.documentElement.scrollHeight") <= height  # nothing below the fold
        map_box = page.locator(MAP).bounding_box()
        control = page.locator("[data-time-control]").bounding_box()
        assert control["y"] + control["height"] <= height and map_box["y"] + map_box["height"] <= height
        assert map_box["width"] == width
        assert map_box["height"] >= (0.7 if width < 600 else 0.88) * height
        for panel in (".rjw-date", ".rjw-story", ".rjw-legend"):  # overlays on the map, not beside it
            box = page.locator(panel).bounding_box()
            assert map_box["y"] <= box["y"] and box["y"] + box["height"] <= map_box["y"] + map_box["height"]
    finally:
        session.context.close()


def test_keys_are_left_alone_while_typing_and_frames_are_announced(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    page.locator(".rjw-range summary").click()
    page.locator(".rjw-range input[type=date]").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("p")
    assert map_date(page) == "1904-05-05"
    assert page.evaluate("window.RJWPlayer.playing()") is False
    page.evaluate("() => { window.frames_seen = []; window.RJWPlayer.on('frame', (f) => window.frames_seen.push(f)); }")
    page.evaluate("window.RJWPlayer.setDay(RJWPlayerInternals.dayOfIso('1904-05-07') + 0.25)")
    assert page.evaluate("window.frames_seen") == [
        {"date": "1904-05-07", "t": page.evaluate("RJWPlayerInternals.dayOfIso('1904-05-07') + 0.25")}
    ]


def test_full_screen_takes_the_whole_document_so_overlays_and_keys_stay(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    page.locator(".rjw-full").click()
    page.wait_for_function("document.fullscreenElement === document.documentElement")
    for part in (".rjw-date", ".rjw-story", ".rjw-legend", "[data-time-control]"):
        assert page.locator(part).is_visible()
    page.keyboard.press("ArrowRight")
    assert map_date(page) == "1904-05-06"
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null")


def test_events_fade_continuously_between_whole_days(offline, tiny_geodata, events, tmp_path):
    """one_day ends 1904-05-01: at +2.5 days its opacity is 1 - 2.5/11; at +2 it is slice_day's."""
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    opacity = """(t) => { window.RJWPlayer.setDay(RJWPlayerInternals.dayOfIso('1904-05-01') + t);
        return [...document.querySelectorAll('.leaflet-marker-icon.rjw-event')].map((m) => +m.style.opacity); }"""
    assert pytest.approx(min(page.evaluate(opacity, 2.5)), abs=1e-3) == 1 - 2.5 / (FADE_DAYS + 1)
    expected = slice_day(tiny_geodata, events, date(1904, 5, 3)).events
    assert sorted(page.evaluate(opacity, 2)) == pytest.approx(sorted(expected["opacity"]), abs=1e-3)


def test_play_stays_in_its_range_and_loops(offline, tiny_geodata, events, tmp_path):
    page = tiny_page(offline, tiny_geodata, events, tmp_path)
    page.evaluate(
        """() => { window.painted = []; window.RJWPlayer.on('frame', (f) => window.painted.push(f.date));
        window.RJWPlayer.setRange('1904-05-01', '1904-05-10'); window.RJWPlayer.setLoop(true);
        window.RJWPlayer.setSpeed(30); window.RJWPlayer.play(); }"""
    )
    # Looping: a painted day earlier than the one before it.
    page.wait_for_function("window.painted.some((d, i) => i > 0 && d < window.painted[i - 1])")
    page.evaluate("window.RJWPlayer.pause()")
    painted = page.evaluate("window.painted")
    assert min(painted) >= "1904-05-01" and max(painted) <= "1904-05-10"
    page.evaluate("() => { window.RJWPlayer.setLoop(false); window.RJWPlayer.play(); }")
    page.wait_for_function("!window.RJWPlayer.playing()")
    assert map_date(page) == "1904-05-10"
