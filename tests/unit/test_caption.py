"""The story of a day in words: dates in three calendars, who holds what, escaped HTML."""

from __future__ import annotations

from datetime import date

from map_layers.caption import caption_html, caption_lines, date_line, day_caption, tour_card_html
from map_layers.events import read_events
from map_layers.timeslice import slice_day
from tests.conftest import event_row, events_csv

HOSTILE = "<img src=x onerror=alert(1)>"


def test_date_line_gives_old_style_and_meiji():
    assert date_line(date(1904, 2, 8), "en") == "8 February 1904 · Old Style (Julian): 26 January 1904 · Meiji 37"
    assert "29" in date_line(date(1900, 3, 13), "en")  # Julian 29 February 1900


def test_caption_names_what_is_under_way_and_moving(tiny_geodata, tiny_events):
    caption = day_caption(slice_day(tiny_geodata, tiny_events, date(1904, 5, 6)), "en")
    assert caption.under_way == ["Battle X"]  # the siege (the one-day battle is fading)
    assert caption.moving == ["First Army"]
    lines = caption_lines(slice_day(tiny_geodata, tiny_events, date(1893, 1, 1)), "en")
    assert lines[0] == "No event under way on this day"


def test_caption_and_tour_card_escape_data(tiny_geodata):
    events = read_events(events_csv(event_row(title_en=HOSTILE, summary_en=HOSTILE))).events
    html = caption_html(slice_day(tiny_geodata, events, date(1904, 5, 1)), "en")
    assert "<img" not in html and "&lt;img src=x" in html
    card = tour_card_html(events.iloc[0], 0, 17, "ar")
    assert "<img" not in card and "dir='rtl'" in card and "اللحظة الحاسمة 1 من 17" in card


def test_caption_reports_who_holds_each_watched_place(tiny_geodata, tiny_events):
    holders = day_caption(slice_day(tiny_geodata, tiny_events, date(1904, 5, 6)), "en").holders
    empty = day_caption(slice_day(tiny_geodata, tiny_events, date(1904, 5, 6), layers=frozenset()), "en").holders
    assert len(holders) == 1 and holders[0].startswith("Port Arthur: Russia")  # the only watched place covered
    before = day_caption(slice_day(tiny_geodata, tiny_events, date(1897, 1, 1)), "en").holders
    assert len(before) == 1 and before[0].startswith("Port Arthur: Qing")
    assert empty == []  # no territory layer, no claim about who holds what
