"""The app as a person uses it: a real server, headless Chromium, the network blocked."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from map_layers.events import read_events
from map_layers.navigation import events_around, next_event_day, tour_stops
from map_layers.paths import EVENTS_CSV
from map_layers.timeslice import visible_events
from tests.browser.conftest import map_frame, wait_for_map_date

pytestmark = pytest.mark.browser

EVENTS = read_events(EVENTS_CSV).events

VISIBLE_TERRITORIES = """() => Object.values(window.RJW.layers.territory)
    .filter(l => window.RJW.map.hasLayer(l)).map(l => l.feature.properties.id).sort()"""
VIEW = "() => [window.RJW.map.getZoom(), window.RJW.map.getCenter().lat, window.RJW.map.getCenter().lng]"


def folium(page):
    """The st_folium iframe as a Frame, for evaluating JS inside the map document."""
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    raise AssertionError("no map frame")


def open_app(offline_page, app_server, query: str):
    page = offline_page.page
    page.goto(f"{app_server.url}/{query}")
    frame = map_frame(page)
    return page, frame


def test_map_renders_offline_with_the_days_territories(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-10-01")
    wait_for_map_date(frame, "1904-10-01")
    ids = folium(page).evaluate(VISIBLE_TERRITORIES)
    assert "port_arthur_1904-08-01" in ids  # under siege that day
    assert len(ids) >= 10
    assert frame.locator("path.leaflet-interactive").count() > 10
    assert offline_page.blocked == []  # nothing even tried to leave the machine


def test_downloads_hold_the_day_on_screen(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-08-10")
    wait_for_map_date(frame, "1904-08-10")
    sidebar = page.locator("[data-testid='stSidebar']")
    with page.expect_download() as download:
        sidebar.get_by_role("button", name="GEOJSON").click()
    assert download.value.suggested_filename == "russo-japanese-war-1904-08-10-en.geojson"
    features = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["features"]
    shown = {f["properties"]["id"] for f in features if f["properties"]["layer"] == "events"}
    assert shown == set(visible_events(EVENTS, date(1904, 8, 10))["id"]) != set()
    with page.expect_download() as download:
        sidebar.get_by_role("button", name="PNG").click()
    assert Path(download.value.path()).read_bytes().startswith(b"\x89PNG")


def test_slider_changes_territories_and_keeps_zoom_and_pan(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1892-06-01")
    wait_for_map_date(frame, "1892-06-01")
    before = folium(page).evaluate(VISIBLE_TERRITORIES)
    zoom = folium(page).evaluate("() => window.RJW.map.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()
    folium(page).wait_for_function(f"() => window.RJW.map.getZoom() === {zoom + 1}")
    frame.locator(".leaflet-container").hover()
    page.mouse.wheel(0, 0)
    box = frame.locator(".leaflet-container").bounding_box()
    folium(page).evaluate("() => { window.__settled = new Promise(r => window.RJW.map.once('moveend', r)); }")
    page.mouse.move(box["x"] + 300, box["y"] + 300)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 250, steps=5)
    page.mouse.up()  # a drag: the user pans
    folium(page).evaluate("() => window.__settled")  # after Leaflet's inertia has run out
    view = folium(page).evaluate(VIEW)

    page.get_by_role("slider").focus()
    page.keyboard.press("End")  # the slider's own keyboard: jump to 31 Dec 1905
    wait_for_map_date(frame, "1905-12-31")
    after = folium(page).evaluate(VISIBLE_TERRITORIES)
    assert after != before
    assert "korea_south_1905-11-17" in after and "korea_south_1891-01-01" in before
    assert folium(page).evaluate(VIEW) == view
    page.wait_for_url(re.compile(r"date=1905-12-31"))


def test_bad_url_parameters_give_a_notice_and_defaults(offline_page, app_server):
    long_value = "9" * 5000
    query = f"?lang=xx&view=999,1,1&layers=rails,events&other=1&date={long_value}"
    page, frame = open_app(offline_page, app_server, query)
    wait_for_map_date(frame, "1904-02-09")  # the default day
    notices = page.locator("[data-testid='stAlertContentWarning']")
    notices.first.wait_for()
    text = " ".join(notices.all_inner_texts())
    assert "lang" in text and "view" in text and "'rails'" in text and "5000 characters long" in text
    assert len(text) < 1000  # short notices, not the value echoed back
    assert "Traceback" not in page.content()
    page, frame = open_app(offline_page, app_server, "?date=1905-02-30&layers=events")
    wait_for_map_date(frame, "1904-02-09")
    notices.first.wait_for()
    assert "1905-02-30" in notices.first.inner_text()
    assert frame.locator("path.leaflet-interactive").count() == 0  # territories and railways off, as asked


def test_url_values_in_notices_show_as_text(offline_page, app_server):
    payload = "![i](/i.png)[a](/a)"  # Markdown in a URL value: no image, no link
    page, frame = open_app(offline_page, app_server, f"?lang={quote(payload)}&date=%3Cb%3Ex")
    wait_for_map_date(frame, "1904-02-09")
    notices = page.locator("[data-testid='stAlertContentWarning']")
    notices.first.wait_for()
    text = " ".join(notices.all_inner_texts())
    assert payload in text and "<b>x" in text
    assert notices.locator("img, a, b").count() == 0


def test_next_event_key_jumps_to_the_next_event(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-02-01")
    wait_for_map_date(frame, "1904-02-01")
    expected = next_event_day(EVENTS, date(1904, 2, 1))
    page.locator("h1").click()  # focus the page, not a widget
    page.keyboard.press("Shift+ArrowRight")
    wait_for_map_date(frame, expected.isoformat())
    page.keyboard.press("ArrowRight")
    wait_for_map_date(frame, date.fromordinal(expected.toordinal() + 1).isoformat())


def test_play_advances_the_map_without_rewriting_the_url(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-02-08")
    wait_for_map_date(frame, "1904-02-08")
    page.get_by_role("button", name=re.compile("Play")).click()
    seen: set[str] = set()
    container = frame.locator(".leaflet-container")
    url_while_playing = None
    while len(seen) < 4:
        current = container.get_attribute("data-map-date")
        seen.add(current)
        url_while_playing = url_while_playing or page.url
        page.wait_for_function(
            "(d) => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
            ".contentDocument.querySelector('.leaflet-container').getAttribute('data-map-date') !== d",
            arg=current,
        )
    assert page.url == url_while_playing
    page.get_by_role("button", name=re.compile("Pause")).click()
    page.wait_for_url(lambda url: "date=1904-02-08" not in url)
    assert max(seen) > "1904-02-08"


def test_guided_tour_flies_to_each_key_moment(offline_page, app_server):
    stops = tour_stops(EVENTS)
    page, frame = open_app(offline_page, app_server, "?date=1891-01-01")
    page.locator("h1").click()
    page.keyboard.press("t")
    first, second = stops.iloc[0], stops.iloc[1]
    wait_for_map_date(frame, first["start"].date().isoformat())
    card = page.get_by_test_id("rjw-tour")
    card.wait_for()
    assert first["title_en"] in card.inner_text()
    page.keyboard.press("PageDown")
    wait_for_map_date(frame, second["start"].date().isoformat())
    folium(page).wait_for_function(
        "([lat, lng]) => { const c = window.RJW.map.getCenter();"
        " return Math.abs(c.lat - lat) < 0.5 && Math.abs(c.lng - lng) < 0.5; }",
        arg=[second.geometry.y, second.geometry.x],
    )
    assert second["title_en"] in page.get_by_test_id("rjw-tour").inner_text()


def test_arabic_page_is_right_to_left_with_arabic_popups(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1905-05-27&lang=ar")
    wait_for_map_date(frame, "1905-05-27")
    assert page.locator(".stApp").evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "الحرب الروسية اليابانية" in page.locator("h1").inner_text()
    frame.get_by_role("button", name="معركة تسوشيما").click()
    popup = frame.locator(".leaflet-popup-content .rjw-popup")
    popup.wait_for()
    assert popup.get_attribute("dir") == "rtl"
    assert "تسوشيما" in popup.inner_text()


def test_event_list_click_jumps_to_the_event(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-08-01")
    wait_for_map_date(frame, "1904-08-01")
    upcoming = events_around(EVENTS, date(1904, 8, 1)).iloc[-1]  # the last one listed, still ahead
    page.get_by_role("button", name=re.compile(re.escape(upcoming["title_en"]))).first.click()
    wait_for_map_date(frame, upcoming["start"].date().isoformat())
    caption = page.get_by_test_id("rjw-caption")
    assert upcoming["title_en"] in caption.inner_text()
    assert "Old Style" in caption.inner_text() and "Meiji 37" in caption.inner_text()


def test_presenter_view_hides_editing_and_enlarges_text(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1905-03-10")
    wait_for_map_date(frame, "1905-03-10")
    size_before = page.get_by_test_id("rjw-caption").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert page.locator("[data-testid='stFileUploader']").count() == 1
    page.get_by_text("Presenter view").click()
    page.locator("[data-testid='stFileUploader']").wait_for(state="detached")
    page.wait_for_function(
        "(before) => parseFloat(getComputedStyle(document.querySelector('[data-testid=rjw-caption]')).fontSize)"
        " > before",
        arg=size_before,
    )
    assert page.get_by_role("button", name=re.compile("Play")).is_visible()
    assert frame.locator(".leaflet-container[data-map-date='1905-03-10']").count() == 1


def test_fullscreen_control_works_offline(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1905-03-10")
    control = frame.locator(".leaflet-control-zoom-fullscreen")
    control.click()
    folium(page).wait_for_function(
        "() => Boolean(document.fullscreenElement) || document.querySelector('.leaflet-pseudo-fullscreen') !== null"
    )
    assert offline_page.blocked == []


def test_permalink_reopens_the_view(offline_page, app_server, browser):
    page, frame = open_app(offline_page, app_server, "?date=1905-05-27&lang=en")
    wait_for_map_date(frame, "1905-05-27")
    folium(page).evaluate("() => window.RJW.map.setView([34.4, 130.0], 6)")
    page.wait_for_url(re.compile(r"view=34\.4,130(\.0+)?,6"))
    permalink = page.url
    other = browser.new_page()
    try:
        other.goto(permalink)
        wait_for_map_date(map_frame(other), "1905-05-27")
        folium(other).wait_for_function(
            "() => window.RJW.map.getZoom() === 6 && Math.abs(window.RJW.map.getCenter().lat - 34.4) < 0.01"
        )
    finally:
        other.close()


def test_clicking_an_event_on_the_timeline_jumps_there(offline_page, app_server):
    page, frame = open_app(offline_page, app_server, "?date=1904-08-01")
    wait_for_map_date(frame, "1904-08-01")
    mark = page.locator("[class*='st-key-timeline'] path[aria-label*='Battle of Tsushima']").first
    mark.wait_for()
    mark.click(force=True)  # the rule and other marks may overlap it; the click reaches Vega either way
    wait_for_map_date(frame, "1905-05-27")
    page.wait_for_url(re.compile(r"date=1905-05-27"))
