"""Classroom robustness in a real browser: hostile uploads, broken data, a server restart."""

from __future__ import annotations

import re
import shutil

import pytest

from map_layers.paths import GEODATA_DIR
from tests.browser.conftest import MAP_FRAME, StreamlitServer, map_frame, player, wait_for_map_date
from tests.conftest import event_row, events_csv

pytestmark = pytest.mark.browser

MAP_DATE_IS = f"""(day) => {{
    const frame = document.querySelector("{MAP_FRAME}");
    const map = frame && frame.contentDocument && frame.contentDocument.querySelector("[data-map-date]");
    return Boolean(map) && map.getAttribute("data-map-date") === day;
}}"""
UPLOAD_PANEL = "[data-testid='stPopoverBody']"
SCRIPT = "<script>alert('script')</script>"
IMG = "<img src=x onerror=alert('img')>"
# Run by Jinja if it ever reached a template as code (branca re-compiles rendered output).
TEMPLATE = "{{ 'INJ' ~ 'ECTED' }}{% for x in 'ab' %}LOOP{{ x }}{% endfor %}"
# Streamlit shows file names in Markdown: this one must not become an image, a link or bold.
MARKDOWN_NAME = "![i](i.png)[a](a)<b>b.csv"


def open_and_upload(page, url: str, csv_path) -> tuple[object, int]:
    """Open the app at 1904-08-10, note how many of our events show, then upload ``csv_path``."""
    page.goto(url)
    frame = map_frame(page)
    wait_for_map_date(frame, "1904-08-10")
    shipped = frame.locator(".rjw-event:not(.rjw-user)").count()
    page.get_by_role("button", name=re.compile("Your events|أحداثك")).click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(csv_path))
    return frame, shipped


def test_hostile_upload_shows_as_text_and_bad_rows_are_named(offline_page, app_server, tmp_path):
    csv_path = tmp_path / MARKDOWN_NAME
    csv_path.write_text(
        events_csv(
            event_row(
                id="hostile", start="1904-08-10", title_en=SCRIPT, summary_en=f"{IMG} {TEMPLATE}", lat="45", lon="128"
            ),
            event_row(id="bad_link", start="1904-08-10", source="javascript:alert('link')"),
            event_row(id="bad_date", start="1904-02-30"),
        ),
        encoding="utf-8",
    )
    dialogs: list[str] = []
    page = offline_page.page
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    frame, shipped = open_and_upload(page, f"{app_server.url}/?date=1904-08-10", csv_path)
    report = page.locator("[data-testid='stCode']")
    report.wait_for()
    text = report.inner_text()
    assert "line 3, field source" in text and "only http(s)" in text
    assert "line 4, field start" in text
    notices = page.locator(f"{UPLOAD_PANEL} [data-testid='stAlertContainer']")
    assert MARKDOWN_NAME in " ".join(notices.all_inner_texts())
    assert page.locator(f"{UPLOAD_PANEL} :is(img, a[href='a'], b)").count() == 0

    marker = frame.locator(".rjw-user")
    marker.wait_for()
    assert frame.locator(".rjw-event:not(.rjw-user)").count() == shipped  # ours untouched
    page.keyboard.press("Escape")  # close the pop-over, back to the map
    page.locator("[data-testid='stPopoverBody']").wait_for(state="hidden")
    marker.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert SCRIPT in popup.inner_text() and IMG in popup.inner_text() and TEMPLATE in popup.inner_text()
    assert popup.locator("script, img").count() == 0
    assert dialogs == []


@pytest.mark.parametrize(("lang", "expected"), [("en", "more than the 5 MB"), ("ar", "أكثر من 5 ميغابايت")])
def test_too_big_upload_is_refused_with_a_message_and_nothing_lost(offline_page, app_server, tmp_path, lang, expected):
    row = events_csv(event_row(id="e0", start="1904-08-10", lat="45", lon="128"))
    header, first = row.splitlines()
    lines = [header] + [first.replace("e0", f"e{i}", 1) for i in range(45_000)]  # about 6 MB of valid rows
    csv_path = tmp_path / "whole-war.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert 5 * 1024 * 1024 < csv_path.stat().st_size < 20 * 1024 * 1024

    page = offline_page.page
    frame, shipped = open_and_upload(page, f"{app_server.url}/?date=1904-08-10&lang={lang}", csv_path)
    panel = page.locator(UPLOAD_PANEL)
    assert "5" in panel.get_by_text(re.compile("CSV, up to|حتى")).inner_text()  # the limit, as enforced
    assert not page.locator("[data-testid='stFileUploaderDropzoneInstructions']").is_visible()  # not the cap
    error = panel.locator("[data-testid='stAlertContentError']")
    error.wait_for(timeout=60_000)
    assert expected in error.inner_text() and "whole-war.csv" in error.inner_text()
    page.keyboard.press("Escape")  # close the pop-over
    page.locator(".rjw-title").click()
    page.keyboard.press("ArrowRight")  # the app goes on as before, with our events only
    wait_for_map_date(frame, "1904-08-11")
    assert frame.locator(".rjw-user").count() == 0 and frame.locator(".rjw-event").count() >= 1
    assert shipped >= 1


def test_broken_data_file_names_the_file(browser, tmp_path):
    broken = tmp_path / "geodata"
    shutil.copytree(GEODATA_DIR, broken)
    (broken / "territories.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    server = StreamlitServer({"RJW_GEODATA": str(broken)}).start()
    try:
        page = browser.new_page()
        page.goto(server.url)
        error = page.locator("[data-testid='stAlertContentError']")
        error.wait_for()
        assert "territories.geojson" in error.inner_text() and "not readable GeoJSON" in error.inner_text()
        assert "Traceback" not in page.content()
        page.close()
    finally:
        server.stop()


def test_missing_events_file_is_named_and_the_map_still_works(browser, tmp_path):
    server = StreamlitServer({"RJW_EVENTS": str(tmp_path / "events.csv")}).start()
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/?date=1904-10-01")
        error = page.locator("[data-testid='stAlertContentError']")
        error.wait_for()
        assert "events.csv" in error.inner_text() and "No such file" in error.inner_text()
        frame = map_frame(page)
        wait_for_map_date(frame, "1904-10-01")  # territories, railways and movements still drawn
        assert len(player(page).evaluate("() => RJWPlayer.visibleIds().territories")) > 10
        assert frame.locator(".rjw-event").count() == 0
        page.locator(".rjw-title").click()
        page.keyboard.press("t")  # no key moments: nothing happens, nothing breaks
        page.keyboard.press("Shift+ArrowRight")  # no next event either
        page.keyboard.press("ArrowRight")
        wait_for_map_date(frame, "1904-10-02")  # every rerun before this one has finished
        assert page.get_by_test_id("stException").count() == 0 and "Traceback" not in page.content()
        page.close()
    finally:
        server.stop()


def test_text_of_the_events_file_shows_as_text_in_lists_and_tour(browser, tmp_path):
    """events.csv is edited by people: Markdown or HTML in it must not format, link or load."""
    title = "**Bold** [link](/x) ![img](/i.png) <b>tag</b> $x$"
    events = tmp_path / "events.csv"
    events.write_text(
        events_csv(event_row(id="edited", start="1904-08-10", title_en=title, summary_en=title, key="1")),
        encoding="utf-8",
    )
    server = StreamlitServer({"RJW_EVENTS": str(events)}).start()
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/?date=1904-08-10")
        wait_for_map_date(map_frame(page), "1904-08-10")
        item = page.locator(".st-key-jump-edited")  # the event list's button for it
        item.wait_for()
        assert title in item.locator("button").first.inner_text()
        assert item.locator("strong, a, img, b, .katex").count() == 0
        page.locator(".rjw-title").click()
        page.keyboard.press("t")  # the tour card shows the same title
        card = map_frame(page).get_by_test_id("rjw-tour")
        card.wait_for()
        assert title in card.inner_text() and card.locator("a[href='/x'], img").count() == 0
        assert card.locator("b, strong", has_text="tag").count() == card.locator("strong", has_text="Bold").count() == 0
        page.close()
    finally:
        server.stop()


def test_page_comes_back_after_a_server_restart(browser):
    server = StreamlitServer().start()
    page = browser.new_page()
    try:
        page.goto(f"{server.url}/?date=1904-08-10&lang=ar")
        wait_for_map_date(map_frame(page), "1904-08-10")
        server.stop()
        dialog = page.get_by_test_id("stDialog")
        dialog.wait_for()  # "Connection error": the page noticed, and says so in the page's language
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stDialog]').innerText.includes('خطأ في الاتصال')"
        )
        assert "Connection error" not in dialog.inner_text()
        server = StreamlitServer(port=server.port).start()
        dialog.wait_for(state="hidden", timeout=90_000)  # reconnected by itself
        # The new server session has not run the script yet: the first key press must still count.
        page.locator(".rjw-title").click()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(MAP_DATE_IS, arg="1904-08-11")
        page.wait_for_url(re.compile("date=1904-08-11"))  # the new session heard the settled day
        assert "الحرب الروسية اليابانية" in page.locator(".rjw-title").inner_text()
        page.reload()  # and the permalink alone reopens the same state
        wait_for_map_date(map_frame(page), "1904-08-11")
    finally:
        page.close()
        server.stop()


def test_events_lost_in_a_restart_are_named(browser, tmp_path):
    """Uploaded events live in the server's session: after a restart the page says which file to upload again."""
    csv_path = tmp_path / "my <b>class<b>.csv"
    csv_path.write_text(events_csv(event_row(id="ours", start="1904-08-10", lat="45", lon="128")), encoding="utf-8")
    server = StreamlitServer().start()
    page = browser.new_page()
    try:
        frame, _ = open_and_upload(page, f"{server.url}/?date=1904-08-10", csv_path)
        frame.locator(".rjw-user").wait_for()
        page.keyboard.press("Escape")
        server.stop()
        page.get_by_test_id("stDialog").wait_for()
        server = StreamlitServer(port=server.port).start()
        page.get_by_test_id("stDialog").wait_for(state="hidden", timeout=90_000)
        page.locator(".rjw-title").click()
        page.keyboard.press("ArrowRight")  # the new session's first run
        warning = page.get_by_test_id("stAlertContainer").filter(has_text="no longer on the map")
        warning.wait_for()
        assert "my <b>class<b>.csv" in warning.inner_text()  # the name as text, not markup
        assert warning.locator("b").count() == 0
        frame.locator(".rjw-user").first.wait_for(state="detached")  # the map no longer draws them
        page.keyboard.press("ArrowRight")  # and the notice stays until a file is uploaded again
        page.wait_for_function(MAP_DATE_IS, arg="1904-08-12")
        page.wait_for_url(re.compile("date=1904-08-12"))
        assert warning.is_visible()
    finally:
        page.close()
        server.stop()
