"""The app as a person uses it: a real server, headless Chromium, the network blocked.

The map is the player document in one iframe (``iframe.rjw-map-frame``); its contract: the map
container carries ``data-map-date`` and ``data-map-frame``, the time control ``data-time-control``,
and ``window.RJWPlayer`` answers what is on the map.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from map_layers.events import read_events
from map_layers.navigation import events_around, next_event_day, tour_stops
from map_layers.paths import EVENTS_CSV
from map_layers.timeslice import visible_events
from tests.browser.conftest import MAP_FRAME, map_frame, player, wait_for_map_date
from tests.browser.harness import SCRIPT_IDLE

pytestmark = pytest.mark.browser

EVENTS = read_events(EVENTS_CSV).events


def same_view(view: dict, lat: float, lon: float, zoom: int) -> bool:
    """The view, to within a pixel at that zoom (Leaflet pans by whole pixels when a frame resizes)."""
    pixel = 360 / (256 * 2**zoom)
    return view["zoom"] == zoom and abs(view["lat"] - lat) <= 2 * pixel and abs(view["lon"] - lon) <= 2 * pixel


def open_app(offline_page, app_server, query: str):
    page = offline_page.page
    page.goto(f"{app_server.url}/{query}")
    return page, map_frame(page)


def test_map_renders_offline_with_the_days_territories(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-10-01")
    wait_for_map_date(frame, "1904-10-01")
    ids = player(page).evaluate("() => RJWPlayer.visibleIds()")
    assert "port_arthur_1904-08-01" in ids["territories"]  # under siege that day
    assert len(ids["territories"]) >= 10 and ids["events"]
    assert offline_page.blocked == []  # nothing even tried to leave the machine


def test_keys_on_the_page_step_days_and_keep_the_view_and_the_url_follows(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-02-01&view=39.5,124.0,6")
    wait_for_map_date(frame, "1904-02-01")
    assert same_view(player(page).evaluate("() => RJWPlayer.view()"), 39.5, 124.0, 6)
    expected = next_event_day(EVENTS, date(1904, 2, 1))
    page.locator(".rjw-title").click()  # focus on the page, not in the map
    page.keyboard.press("Shift+ArrowRight")
    wait_for_map_date(frame, expected.isoformat())
    page.keyboard.press("ArrowRight")
    day_after = date.fromordinal(expected.toordinal() + 1).isoformat()
    wait_for_map_date(frame, day_after)
    page.wait_for_url(re.compile(f"date={day_after}"))  # once settled, Streamlit hears it
    assert same_view(player(page).evaluate("() => RJWPlayer.view()"), 39.5, 124.0, 6)


def test_zooming_twice_then_stepping_keeps_the_view_in_the_url(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1905-05-27")
    wait_for_map_date(frame, "1905-05-27")
    page.wait_for_function(SCRIPT_IDLE)
    zoom = player(page).evaluate("() => RJWPlayer.view().zoom")
    for step in (1, 2):  # as a person clicks: each zoom has settled (and reached the URL) before the next
        frame.locator(".leaflet-control-zoom-in").click()
        page.wait_for_url(re.compile(rf"view=[^&]*(%2C|,){zoom + step}(&|$)"))
    frame.locator("[data-time-control]").focus()
    page.keyboard.press("ArrowRight")  # on the time control itself
    wait_for_map_date(frame, "1905-05-28")
    page.wait_for_url(re.compile(rf"date=1905-05-28.*view=[^&]*(%2C|,){zoom + 2}$"))


def test_dragging_the_time_control_repaints_while_dragging(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-02-09")
    wait_for_map_date(frame, "1904-02-09")
    player(page).evaluate(
        "() => { window.__days = new Set(); RJWPlayer.on('frame', (f) => window.__days.add(f.date)); }"
    )
    control = frame.locator("[data-time-control]")
    box = control.bounding_box()
    low, high, value = control.evaluate("(e) => [Number(e.min), Number(e.max), Number(e.value)]")
    x = box["x"] + box["width"] * (value - low) / (high - low)
    y = box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 21):
        page.mouse.move(x + i * box["width"] / 100, y)
    # Still holding the thumb: the map has already shown many days.
    assert player(page).evaluate("() => window.__days.size") >= 10
    page.mouse.up()
    page.wait_for_url(lambda url: "date=1904-02-09" not in url)


def test_play_paints_frames_and_asks_the_server_nothing(offline_page, app_server):
    sent: list[object] = []
    offline_page.page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page, frame = open_app(offline_page, app_server, "?date=1904-02-08")
    wait_for_map_date(frame, "1904-02-08")
    page.wait_for_function(SCRIPT_IDLE)
    frame.get_by_test_id("rjw-play").click()
    before = len(sent)
    start = int(frame.locator("[data-map-frame]").first.get_attribute("data-map-frame"))
    player(page).wait_for_function(
        "(n) => Number(document.querySelector('[data-map-frame]').getAttribute('data-map-frame')) > n + 30", arg=start
    )
    assert player(page).evaluate("() => RJWPlayer.playing()") is True
    assert len(sent) - before <= 1  # thirty frames painted, the server asked nothing (one click message at most)
    assert "date=1904-02-08" in page.url  # Streamlit hears the day only once it settles
    frame.get_by_test_id("rjw-play").click()
    page.wait_for_url(lambda u: "date=1904-02-08" not in u)
    assert player(page).evaluate("() => RJWPlayer.day()") > "1904-02-08"


def test_downloads_hold_the_day_on_screen(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-08-10")
    wait_for_map_date(frame, "1904-08-10")
    page.get_by_role("button", name="Export").click()
    panel = page.get_by_test_id("stPopoverBody")
    with page.expect_download() as download:
        panel.get_by_role("button", name="GEOJSON", exact=True).click()
    assert download.value.suggested_filename == "russo-japanese-war-1904-08-10-en.geojson"
    features = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["features"]
    shown = {f["properties"]["id"] for f in features if f["properties"]["layer"] == "events"}
    assert shown == set(visible_events(EVENTS, date(1904, 8, 10))["id"]) != set()
    with page.expect_download() as download:
        panel.get_by_role("button", name="PNG", exact=True).click()
    assert Path(download.value.path()).read_bytes().startswith(b"\x89PNG")


def test_the_map_is_made_before_the_page_below_it(offline_page, app_server):
    """The event list and charts wait for the map's first frame, then come without any click."""
    page = offline_page.page
    page.add_init_script(
        """
        if (window.top === window) {
          window.__order = [];
          new MutationObserver(() => {
            const seen = (name, selector) => {
              if (!window.__order.includes(name) && document.querySelector(selector)) window.__order.push(name);
            };
            seen('map', 'iframe.rjw-map-frame');
            seen('below', '[data-testid=stVegaLiteChart]');
          }).observe(document, {childList: true, subtree: true});
        }
        """
    )
    page, frame = open_app(offline_page, app_server, "?date=1904-08-10")
    wait_for_map_date(frame, "1904-08-10")
    page.get_by_test_id("stVegaLiteChart").first.wait_for()  # the timeline, with no input from the user
    order = page.evaluate("() => window.__order")
    assert order.index("map") < order.index("below")
    assert page.locator(".st-key-rjw-toolbar").bounding_box()["y"] < page.locator(MAP_FRAME).bounding_box()["y"]


def test_animation_choices_outlive_the_closed_export_panel(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-08-10")
    wait_for_map_date(frame, "1904-08-10")
    export = page.get_by_role("button", name="Export")
    export.click()
    panel = page.get_by_test_id("stPopoverBody")
    step = panel.get_by_label("Days between frames")
    step.fill("30")
    step.press("Enter")
    panel.get_by_text("21 frames").wait_for()  # 1 Feb 1904 – 30 Sep 1905 every 30 days
    page.keyboard.press("Escape")
    panel.wait_for(state="detached")
    export.click()
    expect(page.get_by_test_id("stPopoverBody").get_by_label("Days between frames")).to_have_value("30")
    page.get_by_test_id("stPopoverBody").get_by_text("21 frames").wait_for()


def test_bad_url_parameters_give_a_notice_and_defaults(offline_page, app_server):
    long_value = "9" * 5000
    query = f"?lang=xx&view=999,1,1&layers=rails,events&other=1&presenter=yes&date={long_value}"
    page, frame = open_app(offline_page, app_server, query)
    wait_for_map_date(frame, "1904-02-09")  # the default day
    notices = page.locator("[data-testid='stAlertContentWarning']")
    notices.first.wait_for()
    text = " ".join(notices.all_inner_texts())
    assert "lang" in text and "view" in text and "'rails'" in text and "5000 characters long" in text
    assert "presenter" in text
    assert len(text) < 1000  # short notices, not the value echoed back
    assert "Traceback" not in page.content()
    page, frame = open_app(offline_page, app_server, "?date=1905-02-30&layers=events")
    wait_for_map_date(frame, "1904-02-09")
    notices.first.wait_for()
    assert "1905-02-30" in notices.first.inner_text()
    ids = player(page).evaluate("() => RJWPlayer.visibleIds()")
    assert ids["territories"] == [] and ids["railways"] == []  # off, as asked
    assert ids["events"]


def test_url_values_in_notices_show_as_text(offline_page, app_server):
    payload = "![i](/i.png)[a](/a)"  # Markdown in a URL value: no image, no link
    page, frame = open_app(offline_page, app_server, f"?lang={quote(payload)}&date=%3Cb%3Ex")
    wait_for_map_date(frame, "1904-02-09")
    notices = page.locator("[data-testid='stAlertContentWarning']")
    notices.first.wait_for()
    text = " ".join(notices.all_inner_texts())
    assert payload in text and "<b>x" in text
    assert notices.locator("img, a, b").count() == 0


def test_guided_tour_flies_to_each_key_moment(offline_page, app_server):
    stops = tour_stops(EVENTS)
    page, frame = open_app(offline_page, app_server, "?date=1891-01-01")
    wait_for_map_date(frame, "1891-01-01")
    page.locator(".rjw-title").click()
    page.keyboard.press("t")  # on the page: forwarded to the map
    first, second = stops.iloc[0], stops.iloc[1]
    wait_for_map_date(frame, first["start"].date().isoformat())
    card = frame.get_by_test_id("rjw-tour")
    card.wait_for()
    assert first["title_en"] in card.inner_text()
    page.keyboard.press("PageDown")
    wait_for_map_date(frame, second["start"].date().isoformat())
    player(page).wait_for_function(  # the camera has flown there: the stop is on screen, zoomed in
        "([lat, lng]) => RJWPlayer.view().zoom >= 5 && RJWPlayer.map.getBounds().contains([lat, lng])",
        arg=[second.geometry.y, second.geometry.x],
    )
    assert second["title_en"] in card.inner_text()


def test_arabic_page_is_right_to_left_with_arabic_popups(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1905-05-27&lang=ar")
    wait_for_map_date(frame, "1905-05-27")
    assert page.locator(".stApp").evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "الحرب الروسية اليابانية" in page.locator(".rjw-title").inner_text()
    assert player(page).evaluate("() => document.documentElement.lang") == "ar"
    assert "مايو" in frame.get_by_test_id("rjw-date").inner_text()
    player(page).evaluate("() => RJWPlayer.openPopup('battle_of_tsushima')")
    popup = frame.locator(".leaflet-popup-content .rjw-popup")
    popup.wait_for()
    assert popup.get_attribute("dir") == "rtl"
    assert "تسوشيما" in popup.inner_text()


def test_language_switch_keeps_the_day_and_view(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-08-25&view=41.2,123.2,6")
    wait_for_map_date(frame, "1904-08-25")
    page.get_by_text("العربية").click()
    page.wait_for_url(re.compile("lang=ar"))
    player(page).wait_for_function("() => document.documentElement.lang === 'ar'")
    wait_for_map_date(map_frame(page), "1904-08-25")
    assert same_view(player(page).evaluate("() => RJWPlayer.view()"), 41.2, 123.2, 6)


def test_event_list_click_jumps_to_the_event_and_tells_its_story(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-08-01")
    wait_for_map_date(frame, "1904-08-01")
    upcoming = events_around(EVENTS, date(1904, 8, 1)).iloc[-1]  # the last one listed, still ahead
    page.get_by_role("button", name=re.compile(re.escape(upcoming["title_en"]))).first.click()
    wait_for_map_date(frame, upcoming["start"].date().isoformat())
    story = frame.get_by_test_id("rjw-story")
    assert upcoming["title_en"] in story.inner_text()
    date_panel = frame.get_by_test_id("rjw-date").inner_text()
    assert "Old Style" in date_panel and "Meiji 37" in date_panel


def test_presenter_view_is_in_the_url_hides_editing_and_fills_the_screen(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1905-03-10&presenter=1")
    wait_for_map_date(frame, "1905-03-10")
    assert page.get_by_role("button", name="Export").count() == 0
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    page.wait_for_function(  # the frame takes the height the page leaves it, once the bar is laid out
        "(s) => document.querySelector(s).getBoundingClientRect().height >= 0.85 * innerHeight", arg=MAP_FRAME
    )
    page.get_by_text("Presenter view").click()  # and off again: the URL follows
    page.wait_for_url(lambda url: "presenter" not in url)
    page.get_by_role("button", name="Export").wait_for()


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080), (390, 844)])
def test_the_map_comes_first_on_every_screen(browser, app_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/?date=1905-05-27")
        frame = map_frame(page)
        wait_for_map_date(frame, "1905-05-27")
        page.wait_for_function(  # laid out: the frame ends at the window's bottom edge
            "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
            " return r.bottom <= innerHeight + 1 && r.bottom >= innerHeight - 20; }",
            arg=MAP_FRAME,
        )
        box = page.locator(MAP_FRAME).bounding_box()
        assert box["width"] >= 0.9 * width
        assert box["y"] + box["height"] <= height + 1  # the whole map on the first screen
        assert box["height"] >= 0.6 * height
        control = frame.locator("[data-time-control]").bounding_box()
        assert control["y"] + control["height"] <= height  # and its time control
    finally:
        context.close()


def test_fullscreen_keeps_the_date_and_the_time_control(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1905-03-10")
    wait_for_map_date(frame, "1905-03-10")
    frame.locator(".rjw-full").click()
    player(page).wait_for_function("() => Boolean(document.fullscreenElement)")
    assert frame.get_by_test_id("rjw-date").is_visible()
    assert frame.locator("[data-time-control]").is_visible()
    frame.locator("[data-time-control]").focus()
    page.keyboard.press("ArrowRight")
    wait_for_map_date(frame, "1905-03-11")
    assert offline_page.blocked == []


def test_permalink_reopens_the_view(offline_page, app_server, browser):
    page, frame = open_app(offline_page, app_server, "?date=1905-05-27&lang=en")
    wait_for_map_date(frame, "1905-05-27")
    player(page).evaluate("() => RJWPlayer.flyTo(34.4, 130.0, 6)")
    page.wait_for_url(re.compile(r"view=34\.[34][\d.]*(%2C|,)(129\.9|130)[\d.]*(%2C|,)6$"))  # where the flight ended
    permalink = page.url
    other = browser.new_page()
    try:
        other.goto(permalink)
        wait_for_map_date(map_frame(other), "1905-05-27")
        player(other).wait_for_function(
            "() => RJWPlayer.view().zoom === 6 && Math.abs(RJWPlayer.view().lat - 34.4) < 0.01"
        )
    finally:
        other.close()


def test_clicking_an_event_on_the_timeline_jumps_there(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-08-01")
    wait_for_map_date(frame, "1904-08-01")
    chart = page.locator("[class*='st-key-timeline'] svg.marks").first
    chart.wait_for()
    chart.scroll_into_view_if_needed()
    # The chart is one image to assistive technology (its marks carry no labels; the event list is
    # the text equivalent): aim where Tsushima is, from the axis labels, as a sighted user would.
    x, y = chart.evaluate(
        """(svg) => {
        const texts = [...svg.querySelectorAll('text')];
        const centre = (t) => { const r = t.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; };
        const [x04] = centre(texts.find((t) => t.textContent.trim() === '1904'));
        const [x05] = centre(texts.find((t) => t.textContent.trim() === '1905'));
        const [, yNaval] = centre(texts.find((t) => t.textContent.trim() === 'Naval battle'));
        return [x05 + (x05 - x04) * 146 / 365, yNaval];  // 27 May 1905 is day 146 of 1905
    }"""
    )
    page.mouse.click(x, y)
    wait_for_map_date(frame, "1905-05-27")
    page.wait_for_url(re.compile(r"date=1905-05-27"))


def test_animation_is_made_by_a_worker_and_offered_as_a_file(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-08-10")
    wait_for_map_date(frame, "1904-08-10")
    page.get_by_role("button", name="Export").click()
    panel = page.get_by_test_id("stPopoverBody")
    step = panel.get_by_label("Days between frames")
    step.fill("120")
    step.press("Enter")
    panel.get_by_text(re.compile(r"\b6 frames\b")).wait_for()  # 1 Feb 1904 to 30 Sep 1905, every 120 days
    panel.get_by_role("button", name="Make the animation").click()
    link = page.locator("a.rjw-animation-download")
    link.wait_for(timeout=120_000)  # the page polls the worker, then offers the file
    response = page.request.get(app_server.url + link.get_attribute("href"))
    assert response.ok and response.body().startswith(b"GIF8")
    assert link.get_attribute("download").endswith(".gif")
