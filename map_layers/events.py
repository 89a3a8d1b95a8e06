"""Read and validate an events CSV against the data contract, row by row.

Every problem is reported at once as ``line N, field F: what is wrong, what is
expected`` (the header is line 1), and the valid rows are still returned, so one
bad row never costs the others. Nothing here raises on bad input: the reader's
only output for a broken file is its list of problems.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from map_layers.calendars import JulianDate, to_julian
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
MAX_BYTES = 5_000_000
MAX_TEXT = {"title_en": 200, "title_ar": 200, "summary_en": 2000, "summary_ar": 2000}
MAX_FIELD = 4000

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
    """One thing wrong with one row (or the whole file when ``line`` is None)."""

    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where) or 'file'}: {self.message}"


@dataclass(frozen=True)
class EventTable:
    """The valid rows as a GeoDataFrame, and every problem found on the way."""

    events: gpd.GeoDataFrame
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def empty_events() -> gpd.GeoDataFrame:
    """An event frame with the contract's columns and no rows."""
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    frame["start"] = pd.Series(dtype="datetime64[s]")
    frame["end"] = pd.Series(dtype="datetime64[s]")
    frame["line"] = pd.Series(dtype="int64")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def read_events(source: str | bytes | Path) -> EventTable:
    """Read an events CSV (a path, raw bytes or decoded text) and validate every row."""
    problems: list[Problem] = []
    text = _decode(source, problems)
    if text is None:
        return EventTable(empty_events(), tuple(problems))
    rows, header = _split_rows(text, problems)
    if header is None:
        return EventTable(empty_events(), tuple(problems))

    records: list[dict] = []
    seen_ids: dict[str, int] = {}
    for line, values in rows:
        record = _check_row(line, header, values, problems)
        if record is None:
            continue
        first = seen_ids.setdefault(record["id"], line)
        if first != line:
            problems.append(
                Problem(line, "id", f"duplicate id {record['id']!r}, first used on line {first}; ids must be unique")
            )
            continue
        records.append(record)

    if not records:
        return EventTable(empty_events(), tuple(problems))
    frame = pd.DataFrame.from_records(records)
    for column in ("start", "end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    for column in FIGURE_COLUMNS:
        frame[column] = frame[column].astype("Int64")  # integers with gaps, not floats
    geometry = gpd.points_from_xy(frame.pop("lon_f"), frame.pop("lat_f"), crs="EPSG:4326")
    events = gpd.GeoDataFrame(python_strings(frame), geometry=geometry, crs="EPSG:4326")
    return EventTable(events.reset_index(drop=True), tuple(problems))


def _decode(source: str | bytes | Path, problems: list[Problem]) -> str | None:
    if isinstance(source, Path):
        path = source
        try:
            source = path.read_bytes()
        except OSError as error:
            problems.append(Problem(None, None, f"cannot read {path}: {error.strerror or error}"))
            return None
    if isinstance(source, bytes):
        if len(source) > MAX_BYTES:
            problems.append(
                Problem(None, None, f"file is {len(source):,} bytes; at most {MAX_BYTES:,} bytes are accepted")
            )
            return None
        if b"\x00" in source:
            problems.append(Problem(None, None, "file holds NUL bytes: expected a UTF-8 text CSV, not a binary file"))
            return None
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            problems.append(
                Problem(None, None, f"not UTF-8 (byte {error.start}): save the file as UTF-8 CSV and try again")
            )
            return None
    if not source.strip():
        problems.append(Problem(None, None, "file is empty: expected a header row and at least one event"))
        return None
    return source


def _split_rows(text: str, problems: list[Problem]) -> tuple[list[tuple[int, list[str]]], list[str] | None]:
    """Split CSV text into (first physical line, values) pairs, checking the header."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start_line = 1
    try:
        for values in reader:
            rows.append((start_line, values))
            start_line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(start_line, None, f"cannot parse CSV ({error}); rows from here on were not read"))
    if not rows:
        problems.append(Problem(None, None, "file is empty: expected a header row and at least one event"))
        return [], None

    header = [name.strip() for name in rows[0][1]]
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        problems.append(
            Problem(1, None, "header has a single column: the file looks ';'/tab separated, expected commas")
        )
        return [], None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(Problem(1, ", ".join(missing), f"missing required column(s); expected {', '.join(COLUMNS)}"))
        return [], None
    duplicated = sorted({c for c in header if header.count(c) > 1 and c})
    if duplicated:
        problems.append(Problem(1, ", ".join(duplicated), "column appears more than once in the header"))
        return [], None
    body = [(line, values) for line, values in rows[1:] if any(v.strip() for v in values)]
    if not body:
        problems.append(Problem(None, None, "no event rows after the header"))
    return body, header


def _check_row(line: int, header: list[str], values: list[str], problems: list[Problem]) -> dict | None:
    """Return the typed record of one row, or None (with problems added) if it is invalid."""
    if len(values) != len(header):
        problems.append(
            Problem(line, None, f"has {len(values)} fields, the header has {len(header)}: check commas and quotes")
        )
        return None
    raw = {name: value.strip() for name, value in zip(header, values, strict=True) if name in COLUMNS}
    record: dict[str, Any] = {c: raw.get(c, "") for c in COLUMNS}
    before = len(problems)

    def bad(field: str, message: str) -> None:
        problems.append(Problem(line, field, message))

    for field in NON_EMPTY:
        if not record[field]:
            bad(field, "is empty; it is required")
    for field, value in record.items():
        if len(value) > MAX_TEXT.get(field, MAX_FIELD):
            bad(field, f"is {len(value)} characters long; at most {MAX_TEXT.get(field, MAX_FIELD)} allowed")

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
    if len(problems) > before:
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
