"""Read and validate an events CSV against the data contract, row by row.

Every problem is reported at once as ``line N, field F: what is wrong, what is
expected`` (the header is line 1), and the valid rows are still returned, so one
bad row never costs the others. Nothing here raises on bad input: the reader's
only output for a broken file is its list of problems.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from map_layers.calendars import JulianDate, to_julian
from map_layers.limits import DATA_FILE, UPLOAD, Budget
from map_layers.rows import python_strings

KINDS = (
    "battle",
    "naval_battle",
    "siege",
    "landing",
    "occupation",
    "treaty",
    "diplomacy",
    "lease",
    "railway",
    "other",
)
SIDES = ("japan", "russia", "china", "korea", "other")
PRECISIONS = ("day", "month", "year")
REQUIRED_COLUMNS = (
    "id",
    "start",
    "end",
    "kind",
    "side",
    "lat",
    "lon",
    "title_en",
    "title_ar",
    "summary_en",
    "summary_ar",
    "source",
)
FIGURE_COLUMNS = ("strength_japan", "strength_russia", "casualties_japan", "casualties_russia")
# What the figures measure (see the data contract in README): strength_* counts the men engaged in
# the action, or committed over a whole siege or campaign; casualties_* counts the losses named by
# casualties_basis. Ration (supply) strengths are never stored.
STRENGTH_BASES = ("combatants", "committed")
CASUALTY_BASES = ("killed_wounded_missing", "killed_wounded", "killed_captured", "killed")
BASIS_COLUMNS = {"strength_basis": STRENGTH_BASES, "casualties_basis": CASUALTY_BASES}
OPTIONAL_COLUMNS = (
    "date_precision",
    "julian_start",
    "place_en",
    "place_ar",
    "key",
    *FIGURE_COLUMNS,
    *BASIS_COLUMNS,
    "note",
    "note_ar",
)
COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
# Columns that must hold text, not just exist in the header.
NON_EMPTY = ("id", "start", "kind", "lat", "lon", "title_en", "title_ar", "summary_en", "summary_ar", "source")

FIRST_DAY = date(1891, 1, 1)
LAST_DAY = date(1905, 12, 31)
MAX_BYTES = UPLOAD.bytes  # kept for callers; the budgets live in map_layers.limits
MAX_TEXT = {"title_en": 200, "title_ar": 200, "summary_en": 2000, "summary_ar": 2000}
MAX_FIELD = UPLOAD.field_chars

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
# Links other than http(s): "scheme://..." anywhere, or a script-capable scheme at a word start.
_SCHEME = re.compile(
    r"(?<![\w.+-])([a-zA-Z][a-zA-Z0-9+.-]*)://|(?<![\w/.])(javascript|vbscript|data|file):", re.ASCII | re.IGNORECASE
)
# Reports one problem of the row being checked: (field, message).
_Bad = Callable[[str, str], None]
_ARABIC = re.compile(r"[\u0600-\u06FF]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one row (or the whole file when ``line`` is None).

    A refusal of the whole file by a :class:`~map_layers.limits.Budget` also carries
    ``code`` (an i18n catalogue key, ``upload_refused_*``) and the ``values`` that fill it,
    so the app can say it in the page's language; ``message`` is the English text.
    """

    line: int | None
    field: str | None
    message: str
    code: str | None = None
    values: tuple[tuple[str, int | float], ...] = ()

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where) or 'file'}: {self.message}"


@dataclass(frozen=True)
class EventTable:
    """The valid rows as a GeoDataFrame, and the problems found on the way.

    ``problems`` holds the first ``budget.reported`` problems in file order; ``problem_count``
    counts all of them and ``skipped_rows`` the rows left out (a row with three problems is
    one skipped row). ``refusal`` is set when a budget refused the whole file (no events).
    """

    events: gpd.GeoDataFrame
    problems: tuple[Problem, ...]
    problem_count: int | None = None
    skipped_rows: int = 0
    refusal: Problem | None = None

    def __post_init__(self) -> None:
        if self.problem_count is None:
            object.__setattr__(self, "problem_count", len(self.problems))

    @property
    def ok(self) -> bool:
        return not self.problem_count

    @property
    def unreported(self) -> int:
        """Problems counted but not kept (the "… and N more" of a report)."""
        return int(self.problem_count or 0) - len(self.problems)

    @property
    def file_problems(self) -> tuple[Problem, ...]:
        """Problems of the file as a whole (no line): unreadable, empty, refused, bad header."""
        return tuple(p for p in self.problems if p.line is None or p.line == 1)


class _Report:
    """Collects problems: keeps the first ``keep``, counts all, counts skipped rows."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.kept: list[Problem] = []
        self.count = 0
        self.skipped_rows = 0

    def append(self, problem: Problem) -> None:
        self.count += 1
        if len(self.kept) < self.keep:
            self.kept.append(problem)

    def table(self, events: gpd.GeoDataFrame | None = None, refusal: Problem | None = None) -> EventTable:
        return EventTable(
            empty_events() if events is None else events,
            tuple(self.kept),
            problem_count=self.count,
            skipped_rows=self.skipped_rows,
            refusal=refusal,
        )


class _Refused(Exception):
    """A budget refused the whole file: stop reading at once."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def empty_events() -> gpd.GeoDataFrame:
    """An event frame with the contract's columns and no rows."""
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    frame["start"] = pd.Series(dtype="datetime64[s]")
    frame["end"] = pd.Series(dtype="datetime64[s]")
    frame["line"] = pd.Series(dtype="int64")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def read_events(source: str | bytes | Path, budget: Budget | None = None) -> EventTable:
    """Read an events CSV (a path, raw bytes or decoded text) and validate every row.

    Parameters
    ----------
    source : str, bytes or Path
        Bytes or text come from a user (an upload); a path is a file on this machine.
    budget : Budget, optional
        Limits on bytes, rows, columns, field length and kept problems. Default:
        :data:`~map_layers.limits.DATA_FILE` for a path, :data:`~map_layers.limits.UPLOAD` otherwise.
        A file over a limit is refused as a whole, fast, with one problem (``refusal``).

    Returns
    -------
    EventTable
        The valid rows and the problems; never raises on bad input. The work is linear in
        the file's size and stops at the first limit exceeded.
    """
    if budget is None:
        budget = DATA_FILE if isinstance(source, Path) else UPLOAD
    report = _Report(budget.reported)
    try:
        text = _decode(source, budget, report)
        if text is None:
            return report.table()
        records = _valid_records(text, budget, report)
    except _Refused as refused:  # one message only: the problems found before it would bury it
        return EventTable(empty_events(), (refused.problem,), problem_count=1, refusal=refused.problem)
    if not records:
        return report.table()
    frame = pd.DataFrame.from_records(records)
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    for column in FIGURE_COLUMNS:
        frame[column] = frame[column].astype("Int64")  # integers with gaps, not floats
    geometry = gpd.points_from_xy(frame.pop("lon_f"), frame.pop("lat_f"), crs="EPSG:4326")
    events = gpd.GeoDataFrame(python_strings(frame), geometry=geometry, crs="EPSG:4326")
    return report.table(events.reset_index(drop=True))


def _refuse(code: str, message: str, line: int | None = None, **values: int | float) -> _Refused:
    return _Refused(Problem(line, None, message, code=code, values=tuple(values.items())))


def _read_file(path: Path, budget: Budget) -> bytes:
    """The bytes of a regular file, never more than ``budget.bytes`` + 1 read.

    A folder, a FIFO (which would block), a device (``/dev/zero`` never ends) is refused
    before it is opened for reading.
    """
    try:
        info = path.stat()
    except OSError as error:
        raise _refuse("upload_unreadable", f"cannot read {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise _refuse("upload_unreadable", f"cannot read {path}: it is a folder, expected a CSV file")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse("upload_unreadable", f"cannot read {path}: not a regular file (a pipe or device?)")
    if info.st_size > budget.bytes:
        raise _too_big(info.st_size, budget)
    try:
        # O_NONBLOCK: should the path become a FIFO between stat and open, opening won't hang.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as file:
            return file.read(budget.bytes + 1)
    except OSError as error:
        raise _refuse("upload_unreadable", f"cannot read {path}: {error.strerror or error}") from None


def _too_big(size: int, budget: Budget) -> _Refused:
    return _refuse(
        "upload_refused_bytes",
        f"file is {size:,} bytes; at most {budget.bytes:,} bytes are accepted",
        size=size,
        limit=budget.bytes,
    )


def _decode(source: str | bytes | Path, budget: Budget, report: _Report) -> str | None:
    if isinstance(source, Path):
        source = _read_file(source, budget)
    if isinstance(source, str) and len(source) > budget.bytes:  # a char is at least one byte
        source = source.encode("utf-8")
    if isinstance(source, bytes):
        if len(source) > budget.bytes:
            raise _too_big(len(source), budget)
        if b"\x00" in source:
            report.append(Problem(None, None, "file holds NUL bytes: expected a UTF-8 text CSV, not a binary file"))
            return None
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            report.append(
                Problem(None, None, f"not UTF-8 (byte {error.start}): save the file as UTF-8 CSV and try again")
            )
            return None
    if not source.strip():
        report.append(Problem(None, None, "file is empty: expected a header row and at least one event"))
        return None
    return source


def _valid_records(text: str, budget: Budget, report: _Report) -> list[dict]:
    """Parse and check the rows one at a time (one pass, each row's cost bounded by its size)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = _read_header(reader, budget, report)
    if header is None:
        return []
    records: list[dict] = []
    seen_ids: dict[str, int] = {}
    start_line = reader.line_num + 1
    rows = blanks = 0
    try:
        for values in reader:
            line, start_line = start_line, reader.line_num + 1
            blank = not any(v.strip() for v in values)
            rows += not blank
            blanks += blank
            # Blank lines are skipped silently, but not without bound (5 MB of newlines took 0.9 s).
            if rows > budget.rows or blanks > budget.rows:
                raise _refuse(
                    "upload_refused_rows",
                    f"more than {budget.rows:,} event rows (stopped at line {line:,}): split the file",
                    limit=budget.rows,
                    at_line=line,
                )
            if blank:
                continue
            before = report.count
            record = _check_row(line, header, values, report.append, budget)
            if record is not None:
                first = seen_ids.setdefault(record["id"], line)
                if first != line:
                    report.append(
                        Problem(
                            line, "id", f"duplicate id {record['id']!r}, first used on line {first}; ids must be unique"
                        )
                    )
                else:
                    records.append(record)
            if report.count > before:
                report.skipped_rows += 1
    except csv.Error as error:
        reason = str(error)
        if "field larger than field limit" in reason:  # csv's own bound, 131,072 characters
            reason = f"a field is longer than {csv.field_size_limit():,} characters"
        report.append(Problem(start_line, None, f"cannot parse CSV ({reason}); rows from here on were not read"))
    if rows == 0 and report.count == 0:
        report.append(Problem(None, None, "no event rows after the header"))
    return records


def _read_header(reader: Iterator[list[str]], budget: Budget, report: _Report) -> list[str] | None:
    """The header's column names, or None (with the problem reported) if the file cannot be read."""
    try:
        first = next(reader, None)
    except csv.Error as error:
        report.append(Problem(1, None, f"cannot parse the header ({error})"))
        return None
    if first is None:
        report.append(Problem(None, None, "file is empty: expected a header row and at least one event"))
        return None
    if len(first) > budget.columns:
        raise _refuse(
            "upload_refused_columns",
            f"the header has {len(first):,} columns; at most {budget.columns:,} are accepted",
            columns=len(first),
            limit=budget.columns,
        )
    header = [name.strip() for name in first]
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        report.append(Problem(1, None, "header has a single column: the file looks ';'/tab separated, expected commas"))
        return None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        report.append(Problem(1, ", ".join(missing), f"missing required column(s); expected {', '.join(COLUMNS)}"))
        return None
    counts = Counter(name for name in header if name)  # linear: one pass, not list.count per name
    duplicated = sorted(name for name, count in counts.items() if count > 1)
    if duplicated:
        report.append(Problem(1, ", ".join(duplicated), "column appears more than once in the header"))
        return None
    return header


def _check_row(
    line: int, header: list[str], values: list[str], add: Callable[[Problem], None], budget: Budget
) -> dict[str, Any] | None:
    """Return the typed record of one row, or None (with problems added) if it is invalid."""
    if len(values) != len(header):
        add(Problem(line, None, f"has {len(values)} fields, the header has {len(header)}: check commas and quotes"))
        return None
    raw = {name: value.strip() for name, value in zip(header, values, strict=True) if name in COLUMNS}
    record: dict[str, Any] = {c: raw.get(c, "") for c in COLUMNS}
    problems = 0

    def bad(field: str, message: str) -> None:
        nonlocal problems
        problems += 1
        add(Problem(line, field, message))

    for field in NON_EMPTY:
        if not record[field]:
            bad(field, "is empty; it is required")
    for field, value in record.items():
        most = min(MAX_TEXT.get(field, budget.field_chars), budget.field_chars)
        if len(value) > most:
            bad(field, f"is {len(value):,} characters long; at most {most:,} allowed")
            record[field] = ""  # checked no further: the other rules would repeat a huge value

    if record["id"] and not _ID.match(record["id"]):
        bad("id", f"{record['id'][:40]!r} is not a slug: use lowercase letters, digits, '_' or '-'")
    start = _parse_day(record["start"], "start", bad) if record["start"] else None
    end = _parse_day(record["end"], "end", bad) if record["end"] else start
    if start and end and end < start:
        bad("end", f"{record['end']} is before start {record['start']}; expected end >= start")
    if record["kind"] and record["kind"] not in KINDS:
        bad("kind", f"{record['kind'][:40]!r} is not a kind; expected one of {', '.join(KINDS)}")
    if record["side"] and record["side"] not in SIDES:
        bad("side", f"{record['side'][:40]!r} is not a side; expected one of {', '.join(SIDES)} or empty")
    lat = _parse_float(record["lat"], "lat", -90, 90, bad) if record["lat"] else None
    lon = _parse_float(record["lon"], "lon", -180, 180, bad) if record["lon"] else None
    if record["date_precision"] and record["date_precision"] not in PRECISIONS:
        bad("date_precision", f"{record['date_precision'][:20]!r}; expected one of {', '.join(PRECISIONS)}")
    if record["key"] not in ("", "0", "1"):
        bad("key", f"{record['key'][:20]!r}; expected 1 (a key moment), 0 or empty")
    for field in FIGURE_COLUMNS:
        if record[field] and not (record[field].isdigit() and len(record[field]) <= 9):
            bad(field, f"{record[field][:20]!r} is not a whole number; expected digits only, e.g. 71000")
    for field, allowed in BASIS_COLUMNS.items():
        if record[field] and record[field] not in allowed:
            bad(field, f"{record[field][:30]!r}; expected one of {', '.join(allowed)} or empty")
    if record["julian_start"] and start:
        _check_julian(record["julian_start"], start, bad)
    for scheme in (a or b for a, b in _SCHEME.findall(record["source"])):
        if scheme.lower() not in ("http", "https"):
            bad("source", f"link scheme {scheme!r}: only http(s) links are allowed")
    if problems:
        return None

    record["start"] = start
    record["end"] = end
    record["key"] = record["key"] == "1"
    record["date_precision"] = record["date_precision"] or "day"
    for field in FIGURE_COLUMNS:
        record[field] = int(record[field]) if record[field] else None
    record["lat_f"], record["lon_f"] = lat, lon
    record["line"] = line
    return record


def _parse_day(text: str, field: str, bad: _Bad) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        bad(field, f"{text[:30]!r} is not a date; expected a real Gregorian date YYYY-MM-DD")
        return None
    if len(text) != 10:
        bad(field, f"{text[:30]!r}; expected exactly YYYY-MM-DD")
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        bad(field, f"{text} is outside the map's period; expected {FIRST_DAY} to {LAST_DAY}")
        return None
    return day


def _parse_float(text: str, field: str, low: float, high: float, bad: _Bad) -> float | None:
    try:
        value = float(text)
    except ValueError:
        bad(field, f"{text[:30]!r} is not a number; expected decimal degrees like 41.79")
        return None
    if not low <= value <= high:  # also rejects nan
        bad(field, f"{text[:30]} is out of range; expected {low} to {high} decimal degrees")
        return None
    return value


def _check_julian(text: str, start: date, bad: _Bad) -> None:
    try:
        given = JulianDate.fromisoformat(text)
    except ValueError:
        bad("julian_start", f"{text[:30]!r} is not a date; expected the Old Style date as YYYY-MM-DD")
        return
    expected = to_julian(start)
    if given != expected:
        bad(
            "julian_start",
            f"{text} does not match start {start}: its Old Style date is {expected.isoformat()}",
        )


def has_arabic(text: str) -> bool:
    """True if ``text`` contains Arabic script (used by the data tests)."""
    return bool(_ARABIC.search(text))
