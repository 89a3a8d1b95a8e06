"""Build geodata/places.geojson and geodata/rivers.geojson from the gazetteer tables.

    tools/data/places.csv        one row per place (rivers too): id, kind, rank, lat, lon
                                 (the label anchor), era and modern names in English and
                                 Arabic, name_start/name_end, tolerance_km, source, note
    tools/data/river_guides.csv  river_id, seq, lat, lon, source: each river's hand-drawn
                                 guide through the towns on it; tools/build_rivers.py traces
                                 the course along it on GSHHG's rivers (needs GMT)

Every problem is reported as "line N, field F: ..." (map_layers.places.check_place_rows)
and nothing is written while any remains. Output is deterministic (table order,
coordinates rounded to 1e-4 degrees, one feature per line).

Without GMT and gmt-gshhg-full (apt-get install gmt gmt-gshhg-full) the river courses
cannot be traced: the build says so and keeps the courses of the committed rivers.geojson
(the places and the rivers' names are rebuilt all the same).

Usage:  python tools/build_places.py [--check]
        --check: validate only, write nothing; with GMT, also fail if the committed
        rivers.geojson is not what the tables and GSHHG build.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import build_rivers  # tools/ is on sys.path when a script there runs
from geojson_out import dump, line_feature

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from map_layers.places import check_place_rows, check_vertex_rows  # noqa: E402

PLACES_CSV = ROOT / "tools" / "data" / "places.csv"
GUIDES_CSV = ROOT / "tools" / "data" / "river_guides.csv"
OUT_DIR = ROOT / "geodata"


def _properties(row: dict) -> dict:
    return {
        "id": row["id"],
        "kind": row["kind"],
        "rank": row["rank"],
        "name_en": row["name_en"],
        "name_ar": row["name_ar"],
        "modern_en": row["modern_en"],
        "modern_ar": row["modern_ar"],
        "start": row["name_start"],
        "end": row["name_end"],
        "tolerance_km": row["tolerance_km"],
        "source": row["source"],
        "note": row["note"],
    }


def committed_courses() -> dict[str, build_rivers.Course]:
    """The river courses of the committed rivers.geojson (what the build keeps without GMT)."""
    path = OUT_DIR / "rivers.geojson"
    if not path.exists():
        return {}
    out = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        props = feature["properties"]
        coords = [(lon, lat) for lon, lat in feature["geometry"]["coordinates"]]
        out[props["id"]] = build_rivers.Course(props["id"], coords, props.get("course", ""))
    return out


def river_courses(guides: dict[str, list[tuple[float, float]]]) -> tuple[dict[str, build_rivers.Course], bool]:
    """(courses, traced now): traced on GSHHG, or, without GMT, the committed ones (said on stderr)."""
    try:
        return build_rivers.courses(guides), True
    except build_rivers.GmtMissing as error:
        print(f"build_places: cannot trace the rivers: {error}", file=sys.stderr)
        print("build_places: keeping the river courses of the committed geodata/rivers.geojson", file=sys.stderr)
        return committed_courses(), False


def build(courses: dict[str, build_rivers.Course] | None = None) -> tuple[list[dict], list[dict], list[str]]:
    """(point features, river features, problems); ``courses`` traced by build_rivers (None: the guides)."""
    places, problems = check_place_rows(PLACES_CSV.read_text(encoding="utf-8"))
    rivers = [row for row in places if row["kind"] == "river"]
    lines, vertex_problems = check_vertex_rows(GUIDES_CSV.read_text(encoding="utf-8"), [r["id"] for r in rivers])
    messages = [f"places.csv {p}" for p in problems] + [f"river_guides.csv {p}" for p in vertex_problems]
    if courses is not None:
        missing = sorted(set(lines) - set(courses))
        messages += [f"rivers.geojson has no course for {river!r}; rebuild with GMT installed" for river in missing]
    points = [
        {
            "type": "Feature",
            "properties": _properties(row),
            "geometry": {"type": "Point", "coordinates": [round(row["lon"], 4), round(row["lat"], 4)]},
        }
        for row in places
        if row["kind"] != "river"
    ]
    river_features = [
        line_feature(
            {
                **_properties(row),
                "label_lon": round(row["lon"], 4),
                "label_lat": round(row["lat"], 4),
                "course": courses[row["id"]].source if courses else "hand-digitised guide",
            },
            courses[row["id"]].lonlats if courses else lines[row["id"]],
        )
        for row in rivers
        if row["id"] in lines and (courses is None or row["id"] in courses)
    ]
    return points, river_features, messages


def main(argv: list[str]) -> int:
    places, problems = check_place_rows(PLACES_CSV.read_text(encoding="utf-8"))
    river_ids = [row["id"] for row in places if row["kind"] == "river"]
    guides, vertex_problems = check_vertex_rows(GUIDES_CSV.read_text(encoding="utf-8"), river_ids)
    courses, traced = river_courses(guides) if not problems and not vertex_problems else ({}, False)
    points, rivers, problems = build(courses)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    summary = f"{len(points)} places, {len(rivers)} rivers" + ("" if traced else " (river courses kept)")
    if "--check" in argv:
        if traced and (OUT_DIR / "rivers.geojson").read_text(encoding="utf-8") != dump(rivers):
            print("geodata/rivers.geojson is not what the tables and GSHHG build: rerun the build", file=sys.stderr)
            return 1
        print(f"ok: {summary}")
        return 0
    (OUT_DIR / "places.geojson").write_text(dump(points), encoding="utf-8")
    (OUT_DIR / "rivers.geojson").write_text(dump(rivers), encoding="utf-8")
    print(f"wrote places.geojson and rivers.geojson: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
