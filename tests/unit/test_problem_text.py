"""Validator problems in Arabic, keeping their line and field; none left in English."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from map_layers.events import COLUMNS, Problem, has_arabic, read_events
from map_layers.problem_text import MESSAGES, message_text, problem_text
from tests.conftest import event_row, events_csv

# Every kind of bad row the validator reports (one or more problems each).
BAD_ROWS = [
    {"title_en": ""},
    {"title_en": "x" * 500},
    {"id": "Bad Id"},
    {"start": "1904-05-02", "end": "1904-05-01"},
    {"kind": "skirmish"},
    {"side": "france"},
    {"date_precision": "week"},
    {"key": "yes"},
    {"strength_japan": "many"},
    {"source": "javascript:alert(1)"},
    {"start": "1904-02-30"},
    {"start": "4 May 1904"},
    {"start": "1850-01-01"},
    {"lat": "north"},
    {"lat": "123"},
    {"julian_start": "someday"},
    {"julian_start": "1904-05-01"},
]


def _problems(text: str | bytes) -> list[Problem]:
    return list(read_events(text).problems)


def _all_problems() -> list[Problem]:
    problems = []
    for fields in BAD_ROWS:
        problems += _problems(events_csv(event_row(**fields)))
    problems += _problems(events_csv(event_row(), event_row()))  # duplicate id
    header = ",".join(COLUMNS)
    problems += _problems(header + "\n" + "a,b\n")  # wrong number of fields
    problems += _problems(b"id,start\x00\n")  # NUL bytes
    problems += _problems(b"\xff\xfe\xfa not utf-8")
    problems += _problems("")
    problems += _problems(header + "\n")  # no rows
    problems += _problems("id;start;end\n1;2;3\n")  # one column
    problems += _problems("id,start\nx,1904-01-01\n")  # missing columns
    problems += _problems(header + ",id\n")  # duplicated column
    problems += _problems(header + '\n"unclosed,\n')
    return problems


def test_the_fixture_reaches_every_kind_of_problem():
    problems = _all_problems()
    assert len(problems) >= len(BAD_ROWS) + 8
    assert {p.field for p in problems} >= {"id", "end", "kind", "side", "key", "source", "lat", "julian_start"}


def test_every_validator_problem_is_said_in_arabic():
    left = [p.message for p in _all_problems() if message_text(p.message, "ar") == p.message]
    assert left == []
    for problem in _all_problems():
        assert has_arabic(problem_text(problem, "ar"))


def test_line_and_field_are_kept():
    (problem,) = _problems(events_csv(event_row(kind="skirmish")))
    arabic = problem_text(problem, "ar").replace("\u2068", "").replace("\u2069", "")
    assert arabic.startswith("السطر 2، الحقل kind: ")
    assert "'skirmish'" in arabic  # the value as the user wrote it
    assert "battle" in arabic  # the allowed values stay as they must be written
    assert problem_text(problem, "en") == str(problem)


def test_values_and_fields_are_isolated_in_arabic():
    (problem,) = _problems(events_csv(event_row(kind="skirmish")))
    assert "\u2068kind\u2069" in problem_text(problem, "ar") and "\u2068'skirmish'\u2069" in problem_text(problem, "ar")
    assert "\u2068" not in problem_text(problem, "en")


def test_file_problems_name_the_file():
    assert problem_text(Problem(None, None, "no event rows after the header"), "ar") == (
        "الملف: لا صفوف أحداث بعد سطر العناوين"
    )


def test_refusals_of_a_whole_file_are_said_too():
    from map_layers.limits import Budget

    tiny = Budget(bytes=50, rows=1, columns=30, field_chars=100, reported=10)
    for text in (events_csv(event_row()) * 2, events_csv(event_row(), event_row(id="b"))):
        table = read_events(text, tiny)
        assert table.refusal is not None
        assert has_arabic(message_text(table.refusal.message, "ar")), table.refusal.message


def test_unknown_messages_stay_as_they_are():
    assert message_text("something new", "ar") == "something new"


@pytest.mark.parametrize("english", sorted(MESSAGES))
def test_templates_keep_their_placeholders(english):
    assert sorted(re.findall(r"{(\w+)}", english)) == sorted(re.findall(r"{(\w+)}", MESSAGES[english]))
    assert has_arabic(MESSAGES[english])


def test_a_coded_problem_is_said_from_the_catalogue():
    # The robustness branch's Problem carries ``code`` and ``values`` (refusals of a whole file).
    problem = SimpleNamespace(line=None, field=None, message="English words", code="upload_section", values=())
    assert problem_text(problem, "ar") == "الملف: أحداثك"
