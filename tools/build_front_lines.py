"""Build geodata/front_lines.geojson from the human-editable table tools/data/front_lines.csv.

    tools/data/front_lines.csv   id,start,end,name_en,name_ar,coords,event_id,source,note

Each row is one front line of the land war valid from ``start`` to ``end`` (ISO Gregorian
dates, both inclusive): ``coords`` lists its vertices as ``lon lat`` pairs separated by ';'.
``event_id`` names the row of events.csv (usually the battle) after which the line holds;
tests/data/test_front_lines.py checks that the two dates agree. Lines are approximate, drawn
from the places named in the cited sources. Output is deterministic (table order,
coordinates rounded to 1e-4 degrees, one feature per line).

Usage:  python tools/build_front_lines.py [--check]
        --check: validate only, write nothing (exit 1 on any problem).
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from geojson_out import line_feature, read_csv, write_or_check  # tools/ is on sys.path when a script there runs

ROOT = Path(__file__).resolve().parent.parent
FRONTS_CSV = ROOT / "tools" / "data" / "front_lines.csv"
EVENTS_CSV = ROOT / "events.csv"
OUT = ROOT / "geodata" / "front_lines.geojson"

FIELDS = ["id", "start", "end", "name_en", "name_ar", "coords", "event_id", "source", "note"]
PROPERTIES = ["id", "start", "end", "name_en", "name_ar", "event_id", "source", "note"]
PERIOD = (dt.date(1891, 1, 1), dt.date(1905, 12, 31))


def parse_coords(text: str) -> list[tuple[float, float]]:
    """``"lon lat; lon lat; ..."`` -> [(lon, lat), ...]; raises ValueError with the bad pair."""
    points = []
    for pair in text.split(";"):
        parts = pair.split()
        if len(parts) != 2:
            raise ValueError(f"{pair.strip()!r} is not 'lon lat'")
        lon, lat = float(parts[0]), float(parts[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"{pair.strip()!r} is out of range")
        points.append((lon, lat))
    return points


def load() -> list[tuple[dict, list[tuple[float, float]]]]:
    with EVENTS_CSV.open(encoding="utf-8", newline="") as f:
        events = {row["id"] for row in csv.DictReader(f)}
    problems: list[str] = []
    rows = []
    seen: set[str] = set()
    for i, row in read_csv(FRONTS_CSV, FIELDS):
        where = f"front_lines.csv row {i}"
        if not row["id"] or row["id"] in seen:
            problems.append(f"{where} id: empty or duplicate {row['id']!r}")
        seen.add(row["id"])
        for field in ("name_en", "name_ar", "source"):
            if not row[field]:
                problems.append(f"{where} {field}: empty")
        try:
            start, end = dt.date.fromisoformat(row["start"]), dt.date.fromisoformat(row["end"])
            if not PERIOD[0] <= start <= end <= PERIOD[1]:
                problems.append(f"{where} start/end: {start}..{end} not an ordered span within the map's period")
        except ValueError:
            problems.append(f"{where} start/end: not ISO dates YYYY-MM-DD")
        if row["event_id"] and row["event_id"] not in events:
            problems.append(f"{where} event_id: no event {row['event_id']!r} in events.csv")
        try:
            points = parse_coords(row["coords"])
            if len(points) < 2:
                problems.append(f"{where} coords: fewer than two points")
        except ValueError as exc:
            problems.append(f"{where} coords: {exc}")
            points = []
        rows.append((row, points))
    if problems:
        raise ValueError("\n".join(problems))
    return rows


def main(argv: list[str]) -> int:
    try:
        rows = load()
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    features = [line_feature({k: row[k] for k in PROPERTIES}, points) for row, points in rows]
    return write_or_check(OUT, features, f"{len(features)} front lines", "--check" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
