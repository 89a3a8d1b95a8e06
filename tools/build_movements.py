"""Build geodata/movements.geojson from the two human-editable tables.

    tools/data/movement_units.csv      id,side,kind,unit_en,unit_ar,commander_en,
                                       commander_ar,source,note
    tools/data/movement_waypoints.csv  movement_id,seq,date,lat,lon,place_en,place_ar

One LineString per movement through its waypoints in `seq` order. `times` is a
list of ISO dates, exactly one per vertex and non-decreasing (the convention of
folium's TimestampedGeoJson), so a position can be interpolated on any day.
Waypoints with an empty place are sea-routing vertices (fleets follow the sea);
their dates were interpolated by distance between the dated waypoints around
them and are written out in the table so that editors see them.

Output is deterministic (table order, coordinates rounded to 1e-4 degrees, one
feature per line).

Usage:  python tools/build_movements.py [--check]
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections import defaultdict
from pathlib import Path

from geojson_out import line_feature, read_csv, write_or_check  # tools/ is on sys.path when a script there runs

ROOT = Path(__file__).resolve().parent.parent
UNITS_CSV = ROOT / "tools" / "data" / "movement_units.csv"
WAYPOINTS_CSV = ROOT / "tools" / "data" / "movement_waypoints.csv"
OUT = ROOT / "geodata" / "movements.geojson"

UNIT_FIELDS = [
    "id",
    "side",
    "kind",
    "unit_en",
    "unit_ar",
    "commander_en",
    "commander_ar",
    "source",
    "note",
]
WAYPOINT_FIELDS = ["movement_id", "seq", "date", "lat", "lon", "place_en", "place_ar"]
SIDES = {"japan", "russia"}
KINDS = {"army", "fleet"}


def load() -> tuple[list[dict], dict[str, list[dict]]]:
    problems: list[str] = []
    units: list[dict] = []
    ids: set[str] = set()
    for i, row in read_csv(UNITS_CSV, UNIT_FIELDS):
        where = f"movement_units.csv row {i}"
        if not row["id"] or row["id"] in ids:
            problems.append(f"{where} id: empty or duplicate {row['id']!r}")
        ids.add(row["id"])
        if row["side"] not in SIDES:
            problems.append(f"{where} side: {row['side']!r} not in {sorted(SIDES)}")
        if row["kind"] not in KINDS:
            problems.append(f"{where} kind: {row['kind']!r} not in {sorted(KINDS)}")
        for field in ("unit_en", "unit_ar", "source"):
            if not row[field]:
                problems.append(f"{where} {field}: empty")
        units.append(row)

    waypoints: dict[str, list[dict]] = defaultdict(list)
    for i, row in read_csv(WAYPOINTS_CSV, WAYPOINT_FIELDS):
        where = f"movement_waypoints.csv row {i}"
        if row["movement_id"] not in ids:
            problems.append(f"{where} movement_id: unknown {row['movement_id']!r}")
            continue
        try:
            seq = int(row["seq"])
            date = dt.date.fromisoformat(row["date"])
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(f"{where} lat/lon: out of range")
        if bool(row["place_en"]) != bool(row["place_ar"]):
            problems.append(f"{where} place_en/place_ar: give both or neither")
        waypoints[row["movement_id"]].append(
            {
                "row": i,
                "seq": seq,
                "date": date,
                "lat": lat,
                "lon": lon,
                "place_en": row["place_en"],
                "place_ar": row["place_ar"],
            }
        )

    for unit in units:
        wps = sorted(waypoints.get(unit["id"], []), key=lambda w: w["seq"])
        waypoints[unit["id"]] = wps
        if len(wps) < 2:
            problems.append(f"movement {unit['id']}: fewer than two waypoints")
            continue
        seqs = [w["seq"] for w in wps]
        if len(set(seqs)) != len(seqs):
            problems.append(f"movement {unit['id']}: duplicate seq")
        for a, b in itertools.pairwise(wps):
            if b["date"] < a["date"]:
                problems.append(
                    f"movement_waypoints.csv row {b['row']} date: {b['date']} is before "
                    f"the previous waypoint's {a['date']} ({unit['id']})"
                )
        if not wps[0]["place_en"] or not wps[-1]["place_en"]:
            problems.append(f"movement {unit['id']}: first and last waypoints need a place")
    if problems:
        raise ValueError("\n".join(problems))
    return units, waypoints


def build_features(units: list[dict], waypoints: dict[str, list[dict]]) -> list[dict]:
    features = []
    for unit in units:
        wps = waypoints[unit["id"]]
        props = {k: unit[k] for k in UNIT_FIELDS if k not in ("source", "note")}
        props["times"] = [w["date"].isoformat() for w in wps]
        props["places_en"] = [w["place_en"] for w in wps]
        props["places_ar"] = [w["place_ar"] for w in wps]
        props["source"] = unit["source"]
        props["note"] = unit["note"]
        features.append(line_feature(props, [(w["lon"], w["lat"]) for w in wps]))
    return features


def main(argv: list[str]) -> int:
    try:
        units, waypoints = load()
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    n = sum(len(v) for v in waypoints.values())
    summary = f"{len(units)} movements, {n} waypoints"
    return write_or_check(OUT, build_features(units, waypoints), summary, "--check" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
