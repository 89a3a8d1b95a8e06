"""Checks on the committed gazetteer (geodata/places.geojson, geodata/rivers.geojson).

The CSV coordinate is the cited source's; the built GeoJSON must keep it within the
row's ``tolerance_km``. Sanity checks against Natural Earth land (50m in the theatre,
110m elsewhere): towns and land areas lie on or near land, seas at sea; rivers are
plausible lines inside the theatre. A few key places are also checked against
coordinates read independently of the table (the brief's Port Arthur is Lüshun, not Texas).
The river courses (traced on GSHHG by tools/build_rivers.py) must pass the sourced towns,
bridges and confluences of tools/data/river_checkpoints.csv, which the build never reads.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point, box
from shapely.ops import unary_union

from map_layers.events import has_arabic
from map_layers.geodata import load_geodata
from map_layers.places import AREA_KINDS, POINT_KINDS, check_place_rows, check_vertex_rows, places_on

ROOT = Path(__file__).resolve().parents[2]
PLACES_CSV = ROOT / "tools" / "data" / "places.csv"
VERTICES_CSV = ROOT / "tools" / "data" / "river_guides.csv"
CHECKPOINTS_CSV = ROOT / "tools" / "data" / "river_checkpoints.csv"
RIVERS_GEOJSON = ROOT / "geodata" / "rivers.geojson"
CHECKPOINT_KM = 3.0
# Where each river ends: the sea (its last point near the coast of the map's land), or its parent.
MOUTHS = {"amur": "sea", "sungari": "amur", "ussuri": "amur", "liao": "sea", "hun": "liao", "taizi": "hun",
          "yalu": "sea", "tumen": "sea", "taedong": "sea", "han": "sea"}  # fmt: skip
THEATRE = box(95.0, 0.0, 165.0, 62.0)
GEOD = Geod(ellps="WGS84")
# Independent checks (lat, lon, km): GeoNames / Wikipedia infobox coordinates of the key places.
KEY_PLACES = {
    "port_arthur": (38.80, 121.27, 5),  # Lüshun, GeoNames 1801722
    "mukden": (41.79, 123.43, 5),  # Shenyang
    "vladivostok": (43.11, 131.87, 5),
    "seoul": (37.57, 126.98, 5),
    "tokyo": (35.69, 139.69, 5),
    "peking": (39.91, 116.40, 5),
    "st_petersburg": (59.94, 30.31, 5),
    "portsmouth_nh": (43.07, -70.76, 5),
    "harbin": (45.75, 126.65, 5),
    "dalny": (38.91, 121.60, 5),
}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


@pytest.fixture(scope="module")
def geo():
    return load_geodata()


@pytest.fixture(scope="module")
def rows():
    places, problems = check_place_rows(PLACES_CSV.read_text(encoding="utf-8"))
    assert not problems, [str(p) for p in problems]
    return {row["id"]: row for row in places}


@pytest.fixture(scope="module")
def land(geo):
    return unary_union(list(geo.land_theatre.geometry)), unary_union(list(geo.land_world.geometry))


def land_for(point: Point, land) -> object:
    theatre, world = land
    return theatre if THEATRE.contains(point) else world


def test_at_least_120_places_and_the_issue_list(rows):
    assert len([r for r in rows.values() if r["kind"] != "river"]) >= 120
    for ident in [
        "st_petersburg",
        "tokyo",
        "peking",
        "seoul",
        "portsmouth_nh",
        "london",
        "berlin",
        "paris",
        "washington",
        "port_arthur",
        "dalny",
        "chemulpo",
        "vladivostok",
        "mukden",
        "liaoyang",
        "harbin",
        "wiju",
        "nanshan",
        "telissu",
        "sandepu",
        "korsakov",
        "jiuliancheng",
        "motienling",
        "shaho",
        "sasebo",
        "kure",
        "weihaiwei",
        "pyongyang",
        "chinampo",
        "newchwang",
        "haicheng",
        "tieling",
        "changchun",
        "tsitsihar",
        "blagoveshchensk",
        "khabarovsk",
        "nikolsk",
        "gensan",
        "fusan",
        "masampo",
        "tsushima",
        "shimonoseki",
        "yellow_sea",
        "sea_of_japan",
        "korea_bay",
        "gulf_of_pechili",
        "liaotung_bay",
        "korea_strait",
        "tsushima_strait",
        "tatar_strait",
        "sea_of_okhotsk",
        "east_china_sea",
        "pacific",
        "la_perouse_strait",
        "manchuria",
        "liaotung_peninsula",
        "kwantung",
        "sakhalin",
        "hokkaido",
        "kamchatka",
        "korea",
        "mongolia",
        "primorye",
        "yalu",
        "liao",
        "taizi",
        "hun",
        "sungari",
        "amur",
        "ussuri",
        "tumen",
        "taedong",
        "han",
    ]:
        assert ident in rows, ident


def test_every_row_has_both_languages_and_a_source(rows):
    for row in rows.values():
        assert row["name_en"] and row["modern_en"] and not has_arabic(row["name_en"]), row["id"]
        assert has_arabic(row["name_ar"]) and has_arabic(row["modern_ar"]), row["id"]
        assert row["source"].startswith("http") or "GeoNames" in row["source"], row["id"]


def test_built_points_keep_the_sourced_coordinate(geo, rows):
    built = {row.id: row.geometry for row in geo.places.itertuples()}
    assert set(built) == {i for i, r in rows.items() if r["kind"] != "river"}
    for ident, point in built.items():
        row = rows[ident]
        assert km(row["lat"], row["lon"], point.y, point.x) <= row["tolerance_km"], ident


def test_key_places_match_an_independent_coordinate(geo):
    built = {row.id: row.geometry for row in geo.places.itertuples()}
    for ident, (lat, lon, tolerance) in KEY_PLACES.items():
        assert km(lat, lon, built[ident].y, built[ident].x) <= tolerance, ident


def test_towns_are_on_land_and_seas_at_sea(geo, land):
    for row in geo.places.itertuples():
        point = row.geometry
        ground = land_for(point, land)
        tolerance_deg = min(row.tolerance_km, 30) / 111
        if row.kind in POINT_KINDS or row.kind in ("region", "peninsula"):
            assert shapely.distance(ground, point) <= tolerance_deg, f"{row.id} is not on or near land"
        elif row.kind in AREA_KINDS - {"lake", "island", "region", "peninsula"}:
            assert not ground.contains(point), f"{row.id} ({row.kind}) lies on land"


def test_rivers_are_plausible_lines_inside_the_theatre(geo, rows):
    lengths = {}
    for row in geo.rivers.itertuples():
        assert THEATRE.contains(row.geometry), row.id
        lengths[row.id] = sum(
            km(a[1], a[0], b[1], b[0]) for a, b in zip(row.geometry.coords, list(row.geometry.coords)[1:], strict=False)
        )
        anchor = Point(row.label_lon, row.label_lat)
        assert shapely.distance(row.geometry, anchor) <= rows[row.id]["tolerance_km"] / 111, (
            f"{row.id} label off its course"
        )
    # Published whole lengths (km, Wikipedia). A digitised course has fewer bends, so it is shorter,
    # but never shorter than the straight line between its ends, nor (with its bends) under 40 % of the whole
    # (the Liao is digitised below the confluence of its East and West branches only).
    published = {"yalu": 795, "amur": 2824, "sungari": 1927, "liao": 1345, "ussuri": 897, "tumen": 521,
                 "taedong": 450, "han": 494, "taizi": 413, "hun": 415}  # fmt: skip
    assert set(lengths) == set(published)
    for ident, length in lengths.items():
        coords = list(geo.rivers.set_index("id").loc[ident].geometry.coords)
        straight = km(coords[0][1], coords[0][0], coords[-1][1], coords[-1][0])
        floor = straight if ident == "liao" else max(straight, 0.4 * published[ident])
        assert floor <= length <= 1.05 * published[ident], (ident, round(length))


def test_rivers_cross_no_open_sea(geo, land):
    theatre, _ = land
    for row in geo.rivers.itertuples():
        wet = row.geometry.difference(theatre.buffer(0.15))
        assert wet.length <= 0.25, f"{row.id} runs {wet.length:.2f} degrees over sea"


def test_vertex_table_is_valid(rows):
    lines, problems = check_vertex_rows(
        VERTICES_CSV.read_text(encoding="utf-8"), [i for i, r in rows.items() if r["kind"] == "river"]
    )
    assert not problems, [str(p) for p in problems]
    assert all(len(line) >= 7 for line in lines.values())


def test_names_change_on_their_dates(geo):
    from datetime import date

    def names(day):
        return set(places_on(geo.places, day)["id"])

    assert {"korea", "talienwan", "taipeh"} <= names(date(1891, 1, 1))
    assert not {"dalny", "harbin", "taihoku", "kwantung"} & names(date(1891, 1, 1))
    assert {"korea", "dalny", "harbin", "taihoku", "kwantung"} <= names(date(1904, 2, 8))
    assert not {"talienwan", "taipeh"} & names(date(1904, 2, 8))
    assert all(math.isfinite(p.x) for p in geo.places.geometry)


def _distance_km(line, lat: float, lon: float) -> float:
    """Geodesic distance from a point to the nearest point of a lon/lat line."""
    from shapely.ops import nearest_points

    near = nearest_points(line, Point(lon, lat))[0]
    return km(lat, lon, near.y, near.x)


def test_rivers_pass_their_sourced_checkpoints(geo):
    with CHECKPOINTS_CSV.open(encoding="utf-8", newline="") as f:
        checkpoints = list(csv.DictReader(f))
    courses = {row.id: row.geometry for row in geo.rivers.itertuples()}
    per_river: dict[str, int] = {}
    far = []
    for point in checkpoints:
        assert point["source"].startswith("http") or point["source"].startswith("GeoNames "), point
        per_river[point["river_id"]] = per_river.get(point["river_id"], 0) + 1
        off = _distance_km(courses[point["river_id"]], float(point["lat"]), float(point["lon"]))
        if off > CHECKPOINT_KM:
            far.append(f"{point['river_id']}: {point['name']} {off:.1f} km")
    assert not far, far
    assert set(per_river) == set(courses)
    assert all(count >= 3 for count in per_river.values()), per_river


def test_rivers_end_at_the_sea_or_on_their_parent(geo, land):
    theatre, _ = land
    courses = {row.id: row.geometry for row in geo.rivers.itertuples()}
    assert set(courses) == set(MOUTHS)
    for river, mouth in MOUTHS.items():
        lon, lat = courses[river].coords[-1]
        if mouth == "sea":  # within 10 km of the 50m coast the map draws (an estuary may cut far into it)
            assert shapely.distance(theatre.boundary, Point(lon, lat)) <= 10 / 111, river
        else:
            assert _distance_km(courses[mouth], lat, lon) <= 0.5, f"{river} does not reach the {mouth}"


def test_river_courses_name_their_source_and_stay_small(geo):
    raw = json.loads(RIVERS_GEOJSON.read_text(encoding="utf-8"))
    for feature in raw["features"]:
        course = feature["properties"]["course"]
        river = feature["properties"]["id"]
        if river == "taizi":  # not in GSHHG's WDBII at any level
            assert course.startswith("hand-digitised"), course
        else:
            assert "GSHHG" in course and "LGPL" in course, (river, course)
    assert RIVERS_GEOJSON.stat().st_size < 80_000  # every river path ships in the page
