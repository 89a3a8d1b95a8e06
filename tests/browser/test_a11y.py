"""Accessibility of the page in both languages: axe-core (WCAG 2 A/AA), no English left in Arabic."""

from __future__ import annotations

import pytest

from tests.browser.a11y import audit, describe, english_left, english_left_once_relabelled
from tests.browser.harness import SCRIPT_IDLE

pytestmark = pytest.mark.browser

POPOVERS = ("rjw-export", "rjw-upload")
BAD_CSV = (
    "id,start,end,kind,side,lat,lon,title_en,title_ar,summary_en,summary_ar,source\n"
    "good_one,1904-05-01,,battle,japan,40.1,124.4,Good,جيد,S,م,Book p. 1\n"
    "bad_one,1904-13-01,,skirmish,japan,99,124.4,Bad,سيئ,S,م,Book p. 2\n"
)


def plain(text: str) -> str:
    """Text without the Unicode isolates that keep Latin names in order inside Arabic."""
    return text.replace("\u2068", "").replace("\u2069", "")


def open_page(offline_page, app_server, lang: str):
    page = offline_page.page
    page.goto(f"{app_server.url}/?lang={lang}&date=1904-08-10")
    page.locator(f"html[lang='{lang}']").wait_for(state="attached", timeout=60_000)
    page.get_by_test_id("rjw-map-frame").wait_for(timeout=60_000)
    page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=60_000)
    page.locator("[data-testid='stVegaLiteChart'] svg > g[aria-hidden='true']").first.wait_for(
        state="attached", timeout=10_000
    )
    return page


def player_frame(page):
    """The map's player document (inside the bridge's iframe), once its player is running."""
    page.wait_for_function(
        "() => { const f = document.querySelector('[data-testid=rjw-map-frame]');"
        " return !!(f && f.contentWindow && f.contentWindow.RJWPlayer); }",
        timeout=60_000,
    )
    return next(frame for frame in page.frames if "/generated/map-" in frame.url)


# What each pop-over shows once it is built (the export panel is built by the rerun that opening it asks for).
POPOVER_CONTENT = {"rjw-export": ".st-key-rjw-snapshots", "rjw-upload": "[data-testid=stFileUploaderDropzone]"}


def open_popover(page, key: str):
    """Open a pop-over as a reader does: click, then wait until what it holds is on screen."""
    page.locator(f".st-key-{key} button").first.click()
    popover = page.get_by_test_id("stPopoverBody")
    popover.locator(POPOVER_CONTENT[key]).first.wait_for(timeout=30_000)
    page.wait_for_function(SCRIPT_IDLE, timeout=30_000)
    return popover


def close_popover(page):
    page.keyboard.press("Escape")
    page.get_by_test_id("stPopoverBody").wait_for(state="hidden", timeout=30_000)
    page.wait_for_function(SCRIPT_IDLE, timeout=30_000)  # the rerun closing the export panel asks for


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_axe_finds_no_serious_violation(offline_page, app_server, lang):
    page = open_page(offline_page, app_server, lang)
    assert audit(page) == [], describe(audit(page))
    frame = player_frame(page)
    assert audit(frame) == [], "map frame:\n" + describe(audit(frame))
    for key in POPOVERS:
        open_popover(page, key)
        violations = audit(page)
        assert violations == [], f"{key}:\n{describe(violations)}"
        close_popover(page)


def test_presenter_view_passes_too(offline_page, app_server):
    page = offline_page.page
    page.goto(f"{app_server.url}/?lang=ar&presenter=1")
    page.locator("html[lang='ar']").wait_for(state="attached", timeout=60_000)
    frame = player_frame(page)
    frame.locator(".rjw-presenter").wait_for(state="attached")
    assert audit(page) == [], describe(audit(page))
    assert audit(frame) == [], describe(audit(frame))
    assert english_left(page) == {} and english_left(frame) == {}


def test_arabic_page_speaks_arabic(offline_page, app_server):
    page = open_page(offline_page, app_server, "ar")
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    page.wait_for_function("() => document.title === 'الحرب الروسية اليابانية، 1891–1905'")
    assert english_left(page) == {}
    assert english_left(player_frame(page)) == {}  # the map: controls, scale, legend, story, time bar
    # Streamlit's own words, relabelled.
    assert page.get_by_test_id("stSkipToContent").text_content() == "انتقل إلى المحتوى الرئيسي"
    for key in POPOVERS:
        open_popover(page, key)
        assert english_left_once_relabelled(page) == {}, key
        close_popover(page)


def test_switching_to_english_gives_streamlit_its_words_back(offline_page, app_server):
    page = open_page(offline_page, app_server, "ar")
    page.locator(".st-key-lang button", has_text="English").click()
    page.locator("html[lang='en'][dir='ltr']").wait_for(state="attached", timeout=30_000)
    skip = page.get_by_test_id("stSkipToContent")
    assert skip.text_content() == "Skip to main content"


def test_arabic_upload_report_names_line_and_field_and_wraps(offline_page, app_server, tmp_path):
    page = open_page(offline_page, app_server, "ar")
    popover = open_popover(page, "rjw-upload")
    popover.get_by_role("button", name="اختر ملفًا").wait_for(timeout=10_000)  # relabelled
    bad = tmp_path / "mine.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    popover.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad))
    report = popover.get_by_test_id("stCode")
    report.wait_for(timeout=30_000)
    text = plain(report.inner_text())
    assert "السطر 3، الحقل kind: 'skirmish' ليس نوعًا معروفًا" in text
    assert "السطر 3، الحقل lat: 99 خارج النطاق" in text
    said = plain(popover.inner_text())
    assert "تم تخطي صف واحد من mine.csv (عدد المشكلات: 3)" in said  # one row, three problems
    assert "حدث واحد من mine.csv على الخريطة" in said
    popover.get_by_role("button", name="أزل mine.csv").wait_for(timeout=10_000)  # Streamlit's chip, relabelled
    wide = report.evaluate("el => [...el.querySelectorAll('pre, code')].some(e => e.scrollWidth > e.clientWidth + 1)")
    assert not wide  # long lines wrap, no sideways scrolling
    assert english_left(page) == {}
    assert audit(page) == [], describe(audit(page))
