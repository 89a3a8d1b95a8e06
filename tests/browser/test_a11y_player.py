"""The map's player by keyboard and screen reader, in both languages (standalone document, offline).

Every control has a name in the page's language and axe-core finds no serious or critical
WCAG 2 A/AA violation; Tab reaches the controls, the time control and the day's markers but not
the territory shapes; focus shows and does not move the map; the day is announced once it
settles, never per frame; the tour works without a mouse, its arrows pointing the page's way.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.a11y import audit, describe, english_left
from tests.browser.conftest import wait_for_map_date
from tests.browser.test_player import events, offline, tiny_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

ACTIVE = """() => { const e = document.activeElement;
  return {tag: e.tagName, cls: String(e.className.baseVal ?? e.className), name: e.getAttribute('aria-label') || ''}; }"""


def tab_until(page, selector: str, limit: int = 60) -> bool:
    """Press Tab until the focused element matches ``selector`` (False after ``limit`` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return True
    return False


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_axe_finds_no_serious_violation_in_the_player(offline, tiny_geodata, events, tmp_path, lang):  # noqa: F811
    page = tiny_page(offline, tiny_geodata, events, tmp_path, lang=lang)
    assert audit(page) == [], describe(audit(page))
    page.keyboard.press("t")  # the tour card too
    page.locator("[data-testid=rjw-tour]").wait_for()
    assert audit(page) == [], describe(audit(page))


def test_arabic_player_has_no_english_left(offline, tiny_geodata, events, tmp_path):  # noqa: F811
    page = tiny_page(offline, tiny_geodata, events, tmp_path, lang="ar")
    assert english_left(page) == {}
    assert page.locator(".leaflet-control-zoom-in").get_attribute("aria-label") == "تكبير"
    assert page.locator(".leaflet-control-zoom-out").get_attribute("aria-label") == "تصغير"
    scale = page.locator(".leaflet-control-scale-line")
    assert scale.count() == 1 and scale.inner_text().endswith("كم")  # metric only, in Arabic
    page.locator(".rjw-event").first.focus()
    page.keyboard.press("Enter")  # a marker opens by keyboard
    close = page.locator(".leaflet-popup-close-button")
    close.wait_for()
    assert close.get_attribute("aria-label") == "إغلاق"
    popup_box = page.locator(".leaflet-popup-content-wrapper").bounding_box()
    assert close.bounding_box()["x"] < popup_box["x"] + popup_box["width"] / 2  # on the left in RTL
    assert english_left(page) == {}


def test_tab_reaches_markers_not_territories_and_focus_keeps_the_view(
    offline,  # noqa: F811
    tiny_geodata,
    events,  # noqa: F811
    tmp_path,
):
    page = tiny_page(offline, tiny_geodata, events, tmp_path, lang="en")
    focusable_shapes = page.evaluate(
        "() => [...document.querySelectorAll('path.leaflet-interactive')].filter(p => p.tabIndex >= 0).length"
    )
    assert focusable_shapes == 0
    view = page.evaluate("() => window.RJWPlayer.view()")
    assert tab_until(page, ".rjw-event")
    active = page.evaluate(ACTIVE)
    assert active["name"]  # the event's title and date
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert page.evaluate("() => window.RJWPlayer.view()") == view  # focus did not pan the map
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    box, frame = tooltip.bounding_box(), page.locator(".leaflet-container").bounding_box()
    assert box["x"] >= frame["x"] and box["y"] >= frame["y"]
    assert box["x"] + box["width"] <= frame["x"] + frame["width"]
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup").wait_for()
    assert tab_until(page, "[data-time-control]")
    assert page.locator("[data-time-control]").get_attribute("aria-valuetext") == "5 May 1904"  # a date, not a number
    assert tab_until(page, ".leaflet-control-zoom-in")


def test_the_day_is_announced_once_it_settles_not_per_frame(offline, tiny_geodata, events, tmp_path):  # noqa: F811
    page = tiny_page(offline, tiny_geodata, events, tmp_path, lang="en")
    announcer = page.get_by_test_id("rjw-announce")
    assert announcer.get_attribute("aria-live") == "polite"
    assert page.locator("[aria-live]").count() == 1 and page.locator("[role=status]").count() == 1
    page.evaluate("""() => { window.__said = [];
        new MutationObserver(() => window.__said.push(document.querySelector('[data-testid=rjw-announce]').textContent))
          .observe(document.querySelector('[data-testid=rjw-announce]'), {childList: true, characterData: true, subtree: true}); }""")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.__said.length === 1")
    assert "6 May 1904" in page.evaluate("() => window.__said[0]")
    frames = page.evaluate("() => +document.querySelector('.leaflet-container').dataset.mapFrame")
    page.evaluate("() => { window.RJWPlayer.setSpeed(30); window.RJWPlayer.play(); }")
    page.wait_for_function(f"() => +document.querySelector('.leaflet-container').dataset.mapFrame > {frames + 20}")
    page.evaluate("() => window.RJWPlayer.pause()")
    page.wait_for_function("() => window.__said.length === 2")  # one announcement for the day play stopped on
    assert page.evaluate("() => window.__said.length") == 2


@pytest.mark.parametrize(("lang", "back", "forward"), [("en", "◀", "▶"), ("ar", "▶", "◀")])
def test_tour_by_keyboard_with_arrows_the_page_way(offline, tiny_geodata, events, tmp_path, lang, back, forward):  # noqa: F811
    page = tiny_page(offline, tiny_geodata, events, tmp_path, lang=lang, day=date(1904, 5, 5))
    wait_for_map_date(page, "1904-05-05")
    page.keyboard.press("t")
    card = page.get_by_test_id("rjw-tour")
    card.wait_for()
    assert page.evaluate("() => document.activeElement.dataset.tour") == "next"  # focus lands in the card
    assert card.locator("[data-tour=prev] [aria-hidden=true]").inner_text() == back
    assert card.locator("[data-tour=next] [aria-hidden=true]").inner_text() == forward
    prev_box = card.locator("[data-tour=prev]").bounding_box()
    next_box = card.locator("[data-tour=next]").bounding_box()
    # Back sits where the reader comes from: left in English, right in Arabic.
    assert (prev_box["x"] < next_box["x"]) == (lang == "en")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.RJWPlayer.tour.index() === 1")
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")
    assert "rjw-tour-start" in page.evaluate(ACTIVE)["cls"]  # focus back where the tour began


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_popup_opens_clear_of_the_panels(offline, tiny_geodata, events, tmp_path, lang):  # noqa: F811
    page = tiny_page(offline, tiny_geodata, events, tmp_path, lang=lang)
    # Put the day's marker under the legend, then open it by keyboard.
    legend = page.locator("[data-testid=rjw-legend]").bounding_box()
    page.evaluate(
        """([x, y]) => { const m = window.RJWPlayer.map;
             const marker = document.querySelector('.rjw-event').getBoundingClientRect();
             const box = m.getContainer().getBoundingClientRect();
             const from = [marker.x + marker.width / 2 - box.x, marker.y + marker.height / 2 - box.y];
             m.panBy([from[0] - x, from[1] - y], {animate: false}); }""",
        [legend["x"] + legend["width"] / 2, legend["y"] + 60],
    )
    page.locator(".rjw-event").first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content-wrapper")
    popup.wait_for()
    page.wait_for_function(
        """() => { const p = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
                   const l = document.querySelector('[data-testid=rjw-legend]').getBoundingClientRect();
                   return p.right <= l.left || p.left >= l.right || p.bottom <= l.top || p.top >= l.bottom; }"""
    )
