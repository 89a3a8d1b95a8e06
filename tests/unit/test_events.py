"""Each validation rule of the events CSV, one small case each."""

from __future__ import annotations

import pytest

from map_layers.events import COLUMNS, REQUIRED_COLUMNS, read_events
from tests.conftest import event_row, events_csv


def problems_of(text: str | bytes) -> list[str]:
    return [str(p) for p in read_events(text).problems]


def test_valid_rows_load_with_typed_columns():
    table = read_events(events_csv(event_row(), event_row(id="b", end="1904-05-03", strength_japan="1200")))
    assert table.ok
    assert list(table.events["id"]) == ["battle_x", "b"]
    first = table.events.iloc[0]
    assert str(first["end"].date()) == "1904-05-01"  # empty end = one day
    assert table.events.iloc[1]["strength_japan"] == 1200
    assert first.geometry.x == pytest.approx(124.4) and first.geometry.y == pytest.approx(40.1)


def test_bad_row_is_named_by_line_and_field_and_others_still_load():
    text = events_csv(event_row(id="good"), event_row(id="bad", lat="95"), event_row(id="good2"))
    table = read_events(text)
    assert list(table.events["id"]) == ["good", "good2"]
    assert [str(p) for p in table.problems] == [
        "line 3, field lat: 95 is out of range; expected -90 to 90 decimal degrees"
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"start": "1904-02-30"}, "start", "not a date"),
        ({"start": "04/05/1904"}, "start", "not a date"),
        ({"start": "1880-01-01"}, "start", "outside the map's period"),
        ({"end": "1904-04-01"}, "end", "before start"),
        ({"kind": "skirmish"}, "kind", "not a kind"),
        ({"side": "france"}, "side", "not a side"),
        ({"lon": "east"}, "lon", "not a number"),
        ({"lon": "200"}, "lon", "out of range"),
        ({"lat": "nan"}, "lat", "out of range"),
        ({"source": ""}, "source", "is empty"),
        ({"title_ar": ""}, "title_ar", "is empty"),
        ({"summary_en": ""}, "summary_en", "is empty"),
        ({"id": "Bad Id!"}, "id", "not a slug"),
        ({"key": "yes"}, "key", "expected 1"),
        ({"casualties_russia": "89,000"}, "casualties_russia", "whole number"),
        ({"date_precision": "week"}, "date_precision", "expected one of"),
        ({"julian_start": "1904-05-01"}, "julian_start", "Old Style date is 1904-04-18"),
        ({"julian_start": "1904-13-01"}, "julian_start", "not a date"),
        ({"source": "javascript:alert(1)"}, "source", "only http(s)"),
        ({"title_en": "x" * 300}, "title_en", "at most 200"),
    ],
)
def test_each_rule_names_line_and_field(overrides, field, fragment):
    problems = problems_of(events_csv(event_row(**overrides)))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"line 2, field {field}:")
    assert fragment in problems[0]


def test_julian_1900_leap_day_is_accepted():
    # 13 March 1900 (Gregorian) was 29 February 1900 in Russia: a date Python's calendar lacks.
    assert read_events(events_csv(event_row(start="1900-03-13", julian_start="1900-02-29"))).ok


def test_duplicate_ids_keep_the_first():
    table = read_events(events_csv(event_row(), event_row(title_en="Again")))
    assert len(table.events) == 1
    assert [str(p) for p in table.problems] == [
        "line 3, field id: duplicate id 'battle_x', first used on line 2; ids must be unique"
    ]


def test_multiline_quoted_field_reports_the_row_start_line():
    text = events_csv(event_row(id="a", summary_en="two\nlines"), event_row(id="b", kind="nope"))
    assert problems_of(text) == [
        "line 4, field kind: 'nope' is not a kind; expected one of battle, naval_battle, siege, landing, "
        "occupation, treaty, diplomacy, lease, railway, other"
    ]


def test_wrong_field_count():
    text = events_csv(event_row()) + "too,few,fields\n"
    assert problems_of(text) == [f"line 3: has 3 fields, the header has {len(COLUMNS)}: check commas and quotes"]


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b"", "file is empty"),
        (b"   \n", "file is empty"),
        (b"id;start;end\n1;2;3\n", "';'/tab separated"),
        (b"id,start\nx,1904-01-01\n", "missing required column"),
        (b"\xff\xfe\x00i\x00d", "NUL bytes"),
        ("id,start\n".encode("utf-16")[:1] + b"\xe9t\xe9", "not UTF-8"),
        (b"x" * 6_000_000, "at most 5,000,000 bytes"),
    ],
)
def test_broken_files_give_one_clear_problem(payload, fragment):
    table = read_events(payload)
    assert table.events.empty
    assert len(table.problems) == 1 and fragment in str(table.problems[0])


def test_header_only_and_missing_optional_columns():
    assert "no event rows" in problems_of(events_csv())[0]
    assert read_events(events_csv(event_row(), header=REQUIRED_COLUMNS)).ok


def test_utf8_bom_is_accepted():
    assert read_events(b"\xef\xbb\xbf" + events_csv(event_row()).encode()).ok


def test_unclosed_quote_is_reported_not_raised():
    text = events_csv(event_row()) + '"unclosed,1904-01-01\n'
    problems = problems_of(text)
    assert problems and problems[0].startswith("line 3")


def test_hostile_text_is_kept_verbatim_as_data():
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    table = read_events(events_csv(event_row(title_en=hostile)))
    assert table.ok and table.events.iloc[0]["title_en"] == hostile


@pytest.mark.parametrize(
    "source",
    ["Britannica: Russo-Japanese War", "https://en.wikisource.org/wiki/Page:Korea_(1904).djvu/256 ; Asakawa 1904"],
)
def test_plain_citations_and_http_links_are_accepted(source):
    assert read_events(events_csv(event_row(source=source))).ok


@pytest.mark.parametrize("source", ["see JavaScript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/x"])
def test_non_http_links_are_rejected(source):
    assert "only http(s)" in problems_of(events_csv(event_row(source=source)))[0]


def test_figure_basis_must_be_one_of_the_contract_values():
    good = event_row(strength_japan="40000", strength_basis="combatants", casualties_basis="killed_wounded_missing")
    assert read_events(events_csv(good)).ok
    problems = problems_of(events_csv(event_row(strength_basis="ration"), event_row(id="y", casualties_basis="dead")))
    assert problems[0].startswith("line 2, field strength_basis: 'ration'; expected one of combatants, committed")
    assert problems[1].startswith("line 3, field casualties_basis: 'dead'; expected one of killed_wounded_missing")
