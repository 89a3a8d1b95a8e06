"""Upload budgets: abusive files (generated here, never committed) are refused fast with one message.

No timing asserts (those are in benchmarks/); the tests check that the reader stops at the
limit: one problem, no events, the number stated, in both languages.
"""

from __future__ import annotations

import pytest

from map_layers.events import COLUMNS, read_events
from map_layers.limits import DATA_FILE, UPLOAD, Budget
from map_layers.upload import problem_report, read_upload, upload_notices
from tests.conftest import event_row, events_csv

HEADER = ",".join(COLUMNS) + "\n"


def _short_row(index: int) -> str:
    required = f"e{index},1904-05-01,,battle,japan,40.1,124.4,T,ت,S,س,https://e.org/{index}"
    return required + "," * (len(COLUMNS) - 12) + "\n"  # the optional columns, empty


def test_one_byte_limit_everywhere():
    """5,221,515 bytes passed the UI's 5 MiB check and failed the reader's: now one number refuses it."""
    data = HEADER.encode() + b"x" * (5_221_515 - len(HEADER))
    table = read_upload(data)
    assert table.refusal is not None and table.refusal.code == "upload_refused_bytes"
    assert [str(p) for p in table.problems] == ["file: file is 5,221,515 bytes; at most 5,000,000 bytes are accepted"]
    (notice,) = upload_notices(table, "big.csv", "en")
    assert notice.level == "error"
    assert "big.csv is 5.2 MB (5,221,515 bytes), more than the 5 MB (5,000,000 bytes) allowed" in notice.text
    assert UPLOAD.megabytes == 5


@pytest.mark.parametrize("extra", [10_000, 100_000])
def test_thousands_of_columns_are_refused_at_the_header(extra):
    data = (HEADER.strip() + "," + ",".join(f"c{i}" for i in range(extra)) + "\n").encode()
    table = read_upload(data)
    assert table.events.empty and table.problem_count == 1
    assert table.refusal.code == "upload_refused_columns"
    assert dict(table.refusal.values) == {"columns": len(COLUMNS) + extra, "limit": UPLOAD.columns}
    (notice,) = upload_notices(table, "wide.csv", "ar")
    assert notice.level == "error" and f"{len(COLUMNS) + extra:,}" in notice.text and "لم يُحمَّل" in notice.text


def test_many_duplicate_columns_within_the_column_budget_are_named_once():
    header = [*COLUMNS, "note2", "note2", "x", "x"]
    table = read_events(
        ",".join(header) + "\n", Budget(bytes=10**6, rows=10, columns=len(header), field_chars=99, reported=9)
    )
    assert [str(p) for p in table.problems] == ["line 1, field note2, x: column appears more than once in the header"]


def test_duplicate_column_check_is_linear():
    """100,000 columns on a file's own disk budget: the Counter finds the duplicates in one pass."""
    names = [*COLUMNS, *(f"c{i}" for i in range(100_000)), "c7"]
    budget = Budget(bytes=10**7, rows=10, columns=200_000, field_chars=10, reported=5)
    table = read_events(",".join(names) + "\n", budget)
    assert [p.field for p in table.problems] == ["c7"]


def test_five_megabytes_of_empty_fields_are_refused_fast():
    """The audit's file: 4.99 MB of 'x,,,,,,,,,,,' lines made 3.45 million problems and 1.4 GB."""
    data = b"x,,,,,,,,,,,\n" * (4_990_000 // 13)
    table = read_upload(data)
    assert (
        table.problem_count == 1 and table.problems[0].line == 1 and "missing required column" in str(table.problems[0])
    )
    # Same lines under a valid header: refused at the row budget, one message.
    table = read_upload(HEADER.encode() + data[: UPLOAD.bytes - len(HEADER) - 10])
    assert table.problem_count == 1 and table.refusal.code == "upload_refused_rows"
    assert dict(table.refusal.values) == {"limit": UPLOAD.rows, "at_line": UPLOAD.rows + 2}


def test_blank_lines_are_bounded_too():
    table = read_upload(HEADER.encode() + b"\n" * 4_000_000)
    assert table.refusal is not None and table.refusal.code == "upload_refused_rows"


def test_forty_thousand_valid_events_are_refused_not_truncated():
    data = (HEADER + "".join(_short_row(i) for i in range(40_000))).encode()
    assert len(data) < UPLOAD.bytes
    table = read_upload(data)
    assert table.events.empty and table.refusal.code == "upload_refused_rows"
    en = upload_notices(table, "all.csv", "en")[0].text
    assert "more than 2,000 events (reading stopped at line 2,002)" in en and "Nothing of it was loaded" in en
    # The shipped file's own budget (a path on the server's disk) allows it.
    assert len(read_events(data, DATA_FILE).events) == 40_000


def test_exactly_the_row_budget_loads():
    data = (HEADER + "".join(_short_row(i) for i in range(UPLOAD.rows))).encode()
    table = read_upload(data)
    assert table.ok and len(table.events) == UPLOAD.rows


def test_problem_report_is_capped_and_counts_are_right():
    rows = [event_row(id=f"r{i}", lat="99", lon="999") for i in range(300)] + [event_row(id="fine")]
    table = read_upload(events_csv(*rows).encode())
    assert table.skipped_rows == 300 and table.problem_count == 600 and len(table.problems) == UPLOAD.reported
    assert list(table.events["id"]) == ["fine"]
    report = problem_report(table, "en").splitlines()
    assert report[0] == "line 2, field lat: 99 is out of range; expected -90 to 90 decimal degrees"
    assert report[-1] == "… and 500 more" and len(report) == UPLOAD.reported + 1
    warning, loaded = upload_notices(table, "mine.csv", "en")
    assert warning.level == "warning" and warning.text.startswith(
        "300 rows of mine.csv were skipped (problems found: 600)"
    )
    assert loaded.level == "success" and loaded.text == "1 event from mine.csv on the map"
    arabic = problem_report(table, "ar")
    assert "… و500 مشكلة أخرى" in arabic  # Arabic's plural form for 500
    assert arabic.splitlines()[0].startswith("السطر 2، الحقل \u2068lat\u2069")  # said in Arabic, line and field kept


def test_one_bad_row_is_reported_as_one_row():
    table = read_upload(events_csv(event_row(id="a", lat="99", lon="999", kind="x"), event_row(id="b")).encode())
    assert table.skipped_rows == 1 and table.problem_count == 3
    assert upload_notices(table, "f.csv", "en")[0].text.startswith("1 row of f.csv was skipped (problems found: 3)")
    assert upload_notices(table, "f.csv", "ar")[0].text.startswith("تم تخطي صف واحد من f.csv")


def test_file_level_problems_are_not_called_rows():
    (notice,) = upload_notices(read_upload(b"id,start\nx,1904-01-01\n"), "f.csv", "en")
    assert notice.level == "error" and notice.text.startswith("f.csv could not be read: missing required column")
    assert "row" not in notice.text.split(":")[0]


def test_a_huge_field_is_a_problem_with_line_and_field_not_a_hang():
    table = read_upload(events_csv(event_row(id="a", note="n" * 100_000), event_row(id="b")).encode())
    assert [str(p) for p in table.problems] == ["line 2, field note: is 100,000 characters long; at most 4,000 allowed"]
    assert list(table.events["id"]) == ["b"]


def test_a_field_beyond_the_csv_parser_limit_is_named_by_line():
    table = read_upload(events_csv(event_row(id="a"), event_row(id="b", note="n" * 200_000)).encode())
    assert list(table.events["id"]) == ["a"]
    assert str(table.problems[0]).startswith("line 3: cannot parse CSV (a field is longer than 131,072 characters)")


def test_validator_messages_keep_line_and_field():
    table = read_upload(events_csv(event_row(id="ok"), event_row(id="bad", start="1904-02-30")).encode())
    assert [str(p) for p in table.problems] == [
        "line 3, field start: '1904-02-30' is not a date; expected a real Gregorian date YYYY-MM-DD"
    ]


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "missing"])
def test_paths_that_are_not_regular_files_are_refused_without_reading(tmp_path, kind):
    import os

    path = {"folder": tmp_path, "device": "/dev/zero", "missing": tmp_path / "nope.csv"}.get(kind)
    if kind == "fifo":
        path = tmp_path / "pipe.csv"
        os.mkfifo(path)
    from pathlib import Path

    table = read_events(Path(path))
    assert table.events.empty and table.problem_count == 1 and "cannot read" in str(table.problems[0])


def test_lost_upload_notice_names_the_file_in_both_languages():
    from map_layers.upload import lost_notice

    assert lost_notice("mine.csv", "en").text.startswith("Your events from mine.csv are no longer on the map")
    assert "mine.csv" in lost_notice("mine.csv", "ar").text and lost_notice("x", "ar").level == "warning"
