"""A popup shows a note written for its reader: the Arabic note in Arabic, the English in English."""

from __future__ import annotations

from map_layers.events import OPTIONAL_COLUMNS, read_events
from map_layers.popups import event_popup
from map_layers.rows import records
from tests.conftest import event_row, events_csv


def _row(**fields):
    table = read_events(events_csv(event_row(**fields)))
    assert table.ok, table.problems
    return records(table.events)[0]


def test_note_ar_is_an_optional_column():
    assert "note_ar" in OPTIONAL_COLUMNS


def test_each_language_gets_its_own_note():
    row = _row(note="Sources disagree on the day.", note_ar="تختلف المصادر في اليوم.")
    assert "Sources disagree" in event_popup(row, "en") and "تختلف" not in event_popup(row, "en")
    assert "تختلف المصادر" in event_popup(row, "ar") and "Sources disagree" not in event_popup(row, "ar")


def test_an_english_only_note_stays_out_of_the_arabic_popup():
    row = _row(note="Only in English.")
    assert "Only in English" in event_popup(row, "en")
    assert "Only in English" not in event_popup(row, "ar") and "rjw-note" not in event_popup(row, "ar")


def test_arabic_note_is_escaped():
    row = _row(note_ar="<img src=x onerror=alert(1)> ملاحظة")
    assert "<img" not in event_popup(row, "ar") and "&lt;img" in event_popup(row, "ar")
