"""Build geodata/movements.geojson from the two human-editable tables.

    tools/data/movement_units.csv      id,side,kind,unit_en,unit_ar,commander_en,
                                       commander_ar,source,note
    tools/data/movement_waypoints.csv  movement_id,seq,date,lat,lon,place_en,place_ar,mode

One LineString per movement through its waypoints in `seq` order. A waypoint with
a place has a date (a sourced position); a *via* row has neither and only steers a
route (round a cape, east of Formosa). `mode` says how the leg that ends at that
row was travelled: `land` (marching, the straight line between the two rows) or
`sea` (sailing, or an army carried by sea: routed round the land, see
tools/movement_routes.py); empty = `land` for an army and `sea` for a fleet.

Output properties: `times` (one ISO date per vertex, non-decreasing: folium's
TimestampedGeoJson convention) and `modes` (one `land`/`sea` per leg, i.e. one
fewer than the vertices), `places_en`/`places_ar` (empty for route vertices).
Between two dated waypoints a unit moves at an even pace along the routed path;
a vertex is added at each day boundary so that day-by-day interpolation is exact.
A fleet at anchor is two waypoints at one place with the arrival and departure dates.

The build fails, naming the row, if a sea leg meets land (outside its ports and
the listed canal) or a land leg strays off land. Output is deterministic (table
order, coordinates rounded to 1e-4 degrees, one feature per line).

Usage:  python tools/build_movements.py [--check] [--land50m DIR]

`--check` validates the tables and fails if the committed GeoJSON is not what they build.

`--land50m DIR` (DIR = an unpacked world-atlas@2.0.2 package, see geodata/SOURCES.md)
checks against the whole 1:50m land and rewrites the committed 50m corridor
(tools/data/movement_land_50m.geojson) round the voyages outside the theatre.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

import movement_routes as mr  # tools/ is on sys.path when a script there runs
import shapely
from geojson_out import dump, line_feature, read_csv, write_or_check
from shapely.geometry import LineString, mapping
from shapely.ops import unary_union

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
WAYPOINT_FIELDS = ["movement_id", "seq", "date", "lat", "lon", "place_en", "place_ar", "mode"]
MODES = {"", "land", "sea"}
SIDES = {"japan", "russia", "china"}
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
            date = dt.date.fromisoformat(row["date"]) if row["date"] else None
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(f"{where} lat/lon: out of range")
        if bool(row["place_en"]) != bool(row["place_ar"]):
            problems.append(f"{where} place_en/place_ar: give both or neither")
        if bool(row["place_en"]) != (date is not None):
            problems.append(f"{where} date: a waypoint with a place needs a date; a via row has neither")
        if row["mode"] not in MODES:
            problems.append(f"{where} mode: {row['mode']!r} not in {sorted(MODES - {''})} or empty")
        kind = next((u["kind"] for u in units if u["id"] == row["movement_id"]), "")
        if kind == "fleet" and row["mode"] == "land":
            problems.append(f"{where} mode: a fleet does not march")
        waypoints[row["movement_id"]].append(
            {
                "row": i,
                "seq": seq,
                "date": date,
                "lat": lat,
                "lon": lon,
                "place_en": row["place_en"],
                "place_ar": row["place_ar"],
                "mode": row["mode"],
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
        dated = [w for w in wps if w["date"] is not None]
        for a, b in itertools.pairwise(dated):
            if b["date"] < a["date"]:
                problems.append(
                    f"movement_waypoints.csv row {b['row']} date: {b['date']} is before "
                    f"the previous waypoint's {a['date']} ({unit['id']})"
                )
        if not wps[0]["place_en"] or not wps[-1]["place_en"]:
            problems.append(f"movement {unit['id']}: first and last waypoints need a place")
        if wps[0]["mode"]:
            problems.append(f"movement_waypoints.csv row {wps[0]['row']} mode: the first waypoint ends no leg")
    if problems:
        raise ValueError("\n".join(problems))
    return units, waypoints


def _path(
    unit: dict, wps: list[dict], land: mr.Land, problems: list[str]
) -> tuple[list, list[str], list[dt.date], list[int]]:
    """Routed coordinates, leg modes, vertex dates and, per vertex, the index of its named waypoint (or -1)."""
    default = "sea" if unit["kind"] == "fleet" else "land"
    coords: list[tuple[float, float]] = [(wps[0]["lon"], wps[0]["lat"])]
    modes: list[str] = []
    dates: list[dt.date] = [wps[0]["date"]]
    named: list[int] = [0]
    span: list[tuple[float, float]] = [coords[0]]
    span_modes: list[str] = []
    span_start = wps[0]["date"]
    for i, (a, b) in enumerate(itertools.pairwise(wps), start=1):
        mode = b["mode"] or default
        pa, pb = (a["lon"], a["lat"]), (b["lon"], b["lat"])
        where = f"movement_waypoints.csv row {b['row']} ({unit['id']} seq {b['seq']})"
        if mode == "sea":
            try:
                leg = mr.route_sea_leg(land, pa, pb, (bool(a["place_en"]), bool(b["place_en"])))
            except ValueError as exc:
                problems.append(f"{where}: {exc}")
                leg = [pa, pb]
        else:
            leg = [pa, pb]
            wet = mr.longest_at_sea_km(land, leg)
            if wet > mr.COAST_KM:
                problems.append(f"{where}: land leg runs {wet:.1f} km over water (limit {mr.COAST_KM} km)")
        span += leg[1:]
        span_modes += [mode] * (len(leg) - 1)
        if b["date"] is None:
            continue
        span_coords, span_leg_modes, span_dates = mr.date_vertices(span, span_modes, span_start, b["date"])
        coords += span_coords[1:]
        modes += span_leg_modes
        dates += span_dates[1:]
        named += [-1] * (len(span_coords) - 2) + [i]
        span, span_modes, span_start = [pb], [], b["date"]
    return coords, modes, dates, named


def build_features(units: list[dict], waypoints: dict[str, list[dict]], land: mr.Land) -> list[dict]:
    """One LineString feature per unit, its sea legs routed and every vertex dated."""
    features, problems = [], []
    for unit in units:
        wps = waypoints[unit["id"]]
        coords, modes, dates, named = _path(unit, wps, land, problems)
        rounded = [(round(lon, 4), round(lat, 4)) for lon, lat in coords]
        # Rounding may merge a route vertex into its neighbour: keep named waypoints, drop the other.
        keep = [
            j
            for j in range(len(rounded))
            if named[j] >= 0 or j == 0 or rounded[j] != rounded[j - 1] or dates[j] != dates[j - 1]
        ]
        props = {k: unit[k] for k in UNIT_FIELDS if k not in ("source", "note")}
        props["times"] = [dates[j].isoformat() for j in keep]
        props["modes"] = [modes[j - 1] for j in keep[1:]]
        props["places_en"] = [wps[named[j]]["place_en"] if named[j] >= 0 else "" for j in keep]
        props["places_ar"] = [wps[named[j]]["place_ar"] if named[j] >= 0 else "" for j in keep]
        props["source"] = unit["source"]
        props["note"] = unit["note"]
        features.append(line_feature(props, [rounded[j] for j in keep]))
    if problems:
        raise ValueError("\n".join(problems))
    return features


def write_corridor(features: list[dict], world_50m) -> str:
    """Cut the 50m land to a band round every sea leg outside the theatre; write it; a summary."""
    legs = []
    for f in features:
        c = f["geometry"]["coordinates"]
        legs += [
            LineString([a, b])
            for (a, b), m in zip(itertools.pairwise(c), f["properties"]["modes"], strict=True)
            if m == "sea" and a != b
        ]
    coverage = unary_union(legs).buffer(mr.CORRIDOR_DEG, quad_segs=4).difference(mr.THEATRE_BOX)
    coverage = shapely.set_precision(coverage.simplify(0.05), 1e-4)
    land = shapely.set_precision(shapely.make_valid(world_50m.intersection(coverage)), 1e-4)
    out = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"id": "coverage"}, "geometry": mapping(coverage)},
            {"type": "Feature", "properties": {"id": "land_50m"}, "geometry": mapping(land)},
        ],
    }
    text = json.dumps(out, separators=(",", ":")).replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    mr.LAND_50M_CORRIDOR.write_text(text + "\n", encoding="utf-8")
    return f"wrote {mr.LAND_50M_CORRIDOR.name}: {len(text) // 1024} KB"


def read_world_50m(package_dir: Path):
    """The whole Natural Earth 1:50m land from an unpacked world-atlas package, repaired."""
    import geopandas as gpd
    from build_geodata import clean, fix_antimeridian

    gdf = gpd.read_file(package_dir / "land-50m.json", layer="land")
    return clean(fix_antimeridian(gdf.geometry.iloc[0]))


def main(argv: list[str]) -> int:
    world_50m = read_world_50m(Path(argv[argv.index("--land50m") + 1])) if "--land50m" in argv else None
    try:
        units, waypoints = load()
        features = build_features(units, waypoints, mr.load_land(world_50m))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    if world_50m is not None and "--check" not in argv:
        print(write_corridor(features, world_50m))
    n = sum(len(v) for v in waypoints.values())
    vertices = sum(len(f["geometry"]["coordinates"]) for f in features)
    summary = f"{len(units)} movements, {n} waypoint rows, {vertices} vertices"
    if "--check" in argv and (not OUT.exists() or OUT.read_text(encoding="utf-8") != dump(features)):
        print(f"{OUT.name} is not what the tables build: run tools/build_movements.py", file=sys.stderr)
        return 1
    return write_or_check(OUT, features, summary, "--check" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
