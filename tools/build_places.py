"""Build geodata/places.geojson and geodata/rivers.geojson from the gazetteer tables.

    tools/data/places.csv          one row per place (rivers too): id, kind, rank, lat, lon
                                   (the label anchor), era and modern names in English and
                                   Arabic, name_start/name_end, tolerance_km, source, note
    tools/data/river_vertices.csv  river_id, seq, lat, lon, source: each river's course

Every problem is reported as "line N, field F: ..." (map_layers.places.check_place_rows)
and nothing is written while any remains. Output is deterministic (table order,
coordinates rounded to 1e-4 degrees, one feature per line).

Usage:  python tools/build_places.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from geojson_out import dump, line_feature  # tools/ is on sys.path when a script there runs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from map_layers.places import check_place_rows, check_vertex_rows  # noqa: E402

PLACES_CSV = ROOT / "tools" / "data" / "places.csv"
VERTICES_CSV = ROOT / "tools" / "data" / "river_vertices.csv"
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


def build() -> tuple[list[dict], list[dict], list[str]]:
    """(point features, river features, problems)."""
    places, problems = check_place_rows(PLACES_CSV.read_text(encoding="utf-8"))
    rivers = [row for row in places if row["kind"] == "river"]
    lines, vertex_problems = check_vertex_rows(VERTICES_CSV.read_text(encoding="utf-8"), [r["id"] for r in rivers])
    messages = [f"places.csv {p}" for p in problems] + [f"river_vertices.csv {p}" for p in vertex_problems]
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
            {**_properties(row), "label_lon": round(row["lon"], 4), "label_lat": round(row["lat"], 4)},
            lines[row["id"]],
        )
        for row in rivers
        if row["id"] in lines
    ]
    return points, river_features, messages


def main(argv: list[str]) -> int:
    points, rivers, problems = build()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    summary = f"{len(points)} places, {len(rivers)} rivers"
    if "--check" in argv:
        print(f"ok: {summary}")
        return 0
    (OUT_DIR / "places.geojson").write_text(dump(points), encoding="utf-8")
    (OUT_DIR / "rivers.geojson").write_text(dump(rivers), encoding="utf-8")
    print(f"wrote places.geojson and rivers.geojson: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
