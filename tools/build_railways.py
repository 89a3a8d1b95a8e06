"""Build geodata/railways.geojson from the two human-editable tables.

    tools/data/railway_stations.csv   station_id,name_en,name_ar,lat,lon,source
    tools/data/railway_sections.csv   id,line_en,line_ar,name_en,name_ar,stations,
                                      construction_start,opened,start_event,opened_event,
                                      source,note

Each section becomes one LineString through its stations (';'-separated ids, in
order). Dates are ISO Gregorian; construction_start may be empty when no source
read gives it. One fact, one place: where an event row of events.csv dates the
start or the opening (start_event / opened_event), the date column stays empty and
the build takes the event's start date, so the map and the chronology cannot
disagree. Output is deterministic (table order, coordinates rounded to 1e-4
degrees, one feature per line) so that diffs stay readable.

Usage:  python tools/build_railways.py [--check]
        --check: validate only, write nothing (exit 1 on any problem).
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path

from geojson_out import line_feature, read_csv, write_or_check  # tools/ is on sys.path when a script there runs

ROOT = Path(__file__).resolve().parent.parent
STATIONS_CSV = ROOT / "tools" / "data" / "railway_stations.csv"
SECTIONS_CSV = ROOT / "tools" / "data" / "railway_sections.csv"
OUT = ROOT / "geodata" / "railways.geojson"

STATION_FIELDS = ["station_id", "name_en", "name_ar", "lat", "lon", "source"]
SECTION_FIELDS = [
    "id",
    "line_en",
    "line_ar",
    "name_en",
    "name_ar",
    "stations",
    "construction_start",
    "opened",
    "start_event",
    "opened_event",
    "source",
    "note",
]
PROPERTIES = [
    "id",
    "line_en",
    "line_ar",
    "name_en",
    "name_ar",
    "construction_start",
    "opened",
    "start_event",
    "opened_event",
    "source",
    "note",
]
EVENTS_CSV = ROOT / "events.csv"
DATED_BY = {"construction_start": "start_event", "opened": "opened_event"}


def event_starts() -> dict[str, str]:
    """id -> start date of every row of events.csv (the chronology the sections refer to)."""
    with EVENTS_CSV.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row["start"] for row in csv.DictReader(f)}


def parse_date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{where}: not an ISO date: {value!r}") from exc


def load() -> tuple[dict[str, dict], list[dict]]:
    problems: list[str] = []
    stations: dict[str, dict] = {}
    for i, row in read_csv(STATIONS_CSV, STATION_FIELDS):
        where = f"railway_stations.csv row {i}"
        sid = row["station_id"]
        if not sid or sid in stations:
            problems.append(f"{where} station_id: empty or duplicate {sid!r}")
            continue
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            problems.append(f"{where} lat/lon: not numbers")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(f"{where} lat/lon: out of range")
        for field in ("name_en", "name_ar", "source"):
            if not row[field]:
                problems.append(f"{where} {field}: empty")
        stations[sid] = {**row, "lat": lat, "lon": lon}

    sections = []
    seen: set[str] = set()
    events = event_starts()
    for i, row in read_csv(SECTIONS_CSV, SECTION_FIELDS):
        where = f"railway_sections.csv row {i}"
        if not row["id"] or row["id"] in seen:
            problems.append(f"{where} id: empty or duplicate {row['id']!r}")
        seen.add(row["id"])
        for field, event_field in DATED_BY.items():
            event_id = row[event_field]
            if not event_id:
                continue
            if event_id not in events:
                problems.append(f"{where} {event_field}: no event {event_id!r} in events.csv")
            elif row[field]:
                problems.append(f"{where} {field}: leave it empty, {event_field} {event_id!r} dates it")
            else:
                row[field] = events[event_id]
        for field in ("line_en", "line_ar", "name_en", "name_ar", "opened", "source"):
            if not row[field]:
                problems.append(f"{where} {field}: empty")
        ids = [s.strip() for s in row["stations"].split(";") if s.strip()]
        if len(ids) < 2:
            problems.append(f"{where} stations: fewer than two")
        for sid in ids:
            if sid not in stations:
                problems.append(f"{where} stations: unknown station {sid!r}")
        try:
            opened = parse_date(row["opened"], f"{where} opened")
            if row["construction_start"]:
                start = parse_date(row["construction_start"], f"{where} construction_start")
                if start > opened:
                    problems.append(f"{where} construction_start: after opened")
        except ValueError as exc:
            problems.append(str(exc))
        sections.append({**row, "station_ids": ids})
    if problems:
        raise ValueError("\n".join(problems))
    return stations, sections


def build_features(stations: dict[str, dict], sections: list[dict]) -> list[dict]:
    features = []
    for sec in sections:
        props = {k: sec[k] for k in PROPERTIES}
        props["stations"] = sec["station_ids"]
        features.append(line_feature(props, [(stations[s]["lon"], stations[s]["lat"]) for s in sec["station_ids"]]))
    return features


def main(argv: list[str]) -> int:
    try:
        stations, sections = load()
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    summary = f"{len(sections)} sections, {len(stations)} stations"
    return write_or_check(OUT, build_features(stations, sections), summary, "--check" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
