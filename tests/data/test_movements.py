"""Checks on the committed army and fleet movements (geodata/movements.geojson).

Reads only committed files. Land is Natural Earth as committed by the land
build: geodata/land_theatre.geojson (50m, used inside its 95-165E, 0-62N box)
and geodata/land_world.geojson (110m, used everywhere else).

Fleets must follow the sea. A fleet segment fails if it meets land eroded by
EROSION_DEG (about 5 km), which leaves room for the first/last few km at a
port and for islets that vanish at these scales. The only other exception is
listed in SEA_EXCEPTIONS: the Suez Canal, Port Said to Suez, together with the
head of the Gulf of Suez, which the 110m land closes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Point, box, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[2]
MOVEMENTS = ROOT / "geodata" / "movements.geojson"
LAND_WORLD = ROOT / "geodata" / "land_world.geojson"
LAND_THEATRE = ROOT / "geodata" / "land_theatre.geojson"
THEATRE_BOX = box(95.0, 0.0, 165.0, 62.0)
EROSION_DEG = 0.05
ARMY_MAX_OFFSHORE_DEG = 0.2

# (name, lon_min, lat_min, lon_max, lat_max): a fleet segment whose two ends both
# lie inside one of these boxes is not checked against land.
SEA_EXCEPTIONS = [
    ("Suez Canal (Port Said-Suez) and the head of the Gulf of Suez", 32.2, 28.5, 33.1, 31.5),
]


@pytest.fixture(scope="module")
def features():
    return json.loads(MOVEMENTS.read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def land():
    assert LAND_WORLD.exists() and LAND_THEATRE.exists(), "land geodata not committed"
    world = gpd.read_file(LAND_WORLD).geometry.union_all()
    theatre = gpd.read_file(LAND_THEATRE).geometry.union_all()
    raw = unary_union([world.difference(THEATRE_BOX), theatre])
    eroded = raw.buffer(-EROSION_DEG)
    shapely.prepare(raw)
    shapely.prepare(eroded)
    return raw, eroded


def _exempt(a, b) -> bool:
    return any(all(x0 <= p[0] <= x1 and y0 <= p[1] <= y1 for p in (a, b)) for _name, x0, y0, x1, y1 in SEA_EXCEPTIONS)


def test_at_least_twelve_movements(features):
    assert len(features) >= 12
    ids = [f["properties"]["id"] for f in features]
    assert len(ids) == len(set(ids))
    kinds = {f["properties"]["kind"] for f in features}
    sides = {f["properties"]["side"] for f in features}
    assert kinds == {"army", "fleet"} and sides == {"japan", "russia"}


def test_properties(features):
    for f in features:
        p = f["properties"]
        assert p["side"] in {"japan", "russia"}, p["id"]
        assert p["kind"] in {"army", "fleet"}, p["id"]
        for key in ("id", "unit_en", "unit_ar", "source"):
            assert p.get(key), (p["id"], key)
        assert "commander_en" in p and "commander_ar" in p and "note" in p
        geom = shape(f["geometry"])
        assert geom.geom_type == "LineString" and geom.is_valid, p["id"]
        for lon, lat in f["geometry"]["coordinates"]:
            assert round(lon, 4) == lon and round(lat, 4) == lat


def test_times_one_per_vertex_non_decreasing(features):
    for f in features:
        times = f["properties"]["times"]
        coords = f["geometry"]["coordinates"]
        assert len(times) == len(coords), f["properties"]["id"]
        days = [dt.date.fromisoformat(t) for t in times]
        assert days == sorted(days), f["properties"]["id"]
        assert dt.date(1904, 1, 1) <= days[0] and days[-1] <= dt.date(1905, 12, 31)


def test_fleets_follow_the_sea(features, land):
    _raw, eroded = land
    bad = []
    for f in features:
        if f["properties"]["kind"] != "fleet":
            continue
        c = f["geometry"]["coordinates"]
        for i, (a, b) in enumerate(itertools.pairwise(c), start=1):
            if a == b or _exempt(a, b):
                continue
            if eroded.intersects(LineString([a, b])):
                bad.append((f["properties"]["id"], i, a, b))
    assert not bad, f"fleet segments crossing land: {bad}"


def test_exceptions_are_used_only_at_suez(features):
    used = []
    for f in features:
        c = f["geometry"]["coordinates"]
        used += [(f["properties"]["id"], a, b) for a, b in itertools.pairwise(c) if _exempt(a, b)]
    assert {u[0] for u in used} <= {"ru_folkersam_detachment", "ru_third_pacific_squadron"}


def test_armies_stay_on_land(features, land):
    raw, _eroded = land
    for f in features:
        if f["properties"]["kind"] != "army":
            continue
        for lon, lat in f["geometry"]["coordinates"]:
            d = raw.distance(Point(lon, lat))
            assert d <= ARMY_MAX_OFFSHORE_DEG, (f["properties"]["id"], lon, lat, d)


def test_baltic_fleet_from_libau_to_tsushima(features):
    f = {x["properties"]["id"]: x for x in features}["ru_second_pacific_squadron"]
    c, t = f["geometry"]["coordinates"], f["properties"]["times"]
    lon0, lat0 = c[0]
    assert abs(lat0 - 56.5) < 0.2 and abs(lon0 - 21.0) < 0.2  # Libau
    assert t[0] == "1904-10-15"
    lon1, lat1 = c[-1]
    assert 33.5 <= lat1 <= 35.5 and 128.5 <= lon1 <= 131.0  # Korea Strait
    assert t[-1] == "1905-05-27"
    # it went round Africa: south of the Cape of Good Hope
    assert min(lat for _lon, lat in c) < -34.0


def test_key_dates(features):
    by = {x["properties"]["id"]: x["properties"] for x in features}
    assert by["ru_port_arthur_squadron_sortie"]["times"][0] == "1904-08-10"
    assert "1904-08-14" in by["ru_vladivostok_cruisers_ulsan"]["times"]
    assert "1905-05-27" in by["jp_combined_fleet_tsushima"]["times"]
    assert "1905-07-07" in by["jp_sakhalin_south_landing"]["times"]
    assert by["jp_first_army"]["times"][-1] == "1905-03-10"
