"""Checks on the committed army and fleet movements (geodata/movements.geojson).

Reads only committed files. Land is Natural Earth 1:50m, never shrunk:
geodata/land_theatre.geojson inside its 95-165E, 0-62N box, and outside it
tools/data/movement_land_50m.geojson, the 50m land cut to a corridor round the
voyages (the app's geodata/land_world.geojson is 1:110m: it closes the head of
the Gulf of Suez and drops the Danish islands, so it cannot judge a track).

- A **sea** leg (``modes[i] == "sea"``: a fleet, or an army carried by sea) may meet
  land only within HARBOUR_KM of a named waypoint (a port or a landing beach that
  the 50m coastline runs through) or inside a box of SEA_EXCEPTIONS (the Suez
  Canal). A route vertex without a place gets no harbour allowance.
- A **land** leg may run off land for at most COAST_KM in one stretch (a road along
  a coast or over a river mouth that the 50m line cuts off).
- A unit's waypoint at a battle falls within the dates of the events.csv row of the
  same battle (BATTLE_WAYPOINTS) and near its place.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import math
import re
from pathlib import Path

import pytest
import shapely
from shapely.geometry import LineString, Point, box, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[2]
MOVEMENTS = ROOT / "geodata" / "movements.geojson"
LAND_THEATRE = ROOT / "geodata" / "land_theatre.geojson"
LAND_CORRIDOR = ROOT / "tools" / "data" / "movement_land_50m.geojson"
EVENTS = ROOT / "events.csv"
THEATRE_BOX = box(95.0, 0.0, 165.0, 62.0)
KM_PER_DEG = 111.195
HARBOUR_KM = 4.0
COAST_KM = 5.0
EVENT_RADIUS_KM = 60.0  # a battle waypoint lies this close to the event row's place
ARABIC = re.compile("[\u0600-\u06ff]")

# (name, reason, lon_min, lat_min, lon_max, lat_max): land met by a sea leg inside a box is allowed.
SEA_EXCEPTIONS = [
    ("Suez Canal", "a sea route through land since 1869; Port Said to Suez", 32.25, 29.9, 32.62, 31.3),
]
EXCEPTION_USERS = {"ru_folkersam_detachment", "ru_third_pacific_squadron"}

# (movement id, start of the waypoint's place_en, events.csv id of the same happening)
BATTLE_WAYPOINTS = [
    ("jp_first_army", "Chemulpo", "japanese_advance_guard_lands_chemulpo"),
    ("jp_first_army", "Yalu crossing", "battle_of_yalu_river"),
    ("jp_first_army", "Fenghuangcheng", "occupation_of_fenghuangcheng"),
    ("jp_first_army", "Motienling", "japanese_take_motien_pass"),
    ("jp_first_army", "Liaoyang", "battle_of_liaoyang"),
    ("jp_first_army", "Shaho", "battle_of_shaho"),
    ("jp_first_army", "Mukden", "battle_of_mukden"),
    ("jp_first_army_chinampo", "Chinampo", "chinampo_landings"),
    ("jp_second_army", "Pitzuwo", "second_army_landing_pitzuwo"),
    ("jp_second_army", "Nanshan", "battle_of_nanshan"),
    ("jp_second_army", "Telissu", "battle_of_telissu"),
    ("jp_second_army", "Kaiping", "battle_of_kaiping"),
    ("jp_second_army", "Tashihchiao", "battle_of_tashihchiao"),
    ("jp_second_army", "Liaoyang", "battle_of_liaoyang"),
    ("jp_second_army", "Shaho", "battle_of_shaho"),
    ("jp_second_army", "Mukden", "battle_of_mukden"),
    ("jp_third_army", "Port Arthur: first general assault", "first_general_assault_port_arthur"),
    ("jp_third_army", "Port Arthur capitulates", "surrender_of_port_arthur"),
    ("jp_third_army", "Mukden", "battle_of_mukden"),
    ("jp_fourth_army", "Takushan", "takushan_landing"),
    ("jp_fourth_army", "Simucheng", "battle_of_hsimucheng"),
    ("jp_fourth_army", "Liaoyang", "battle_of_liaoyang"),
    ("jp_fourth_army", "Shaho", "battle_of_shaho"),
    ("jp_fourth_army", "Mukden", "battle_of_mukden"),
    ("jp_fifth_army", "Fushun", "battle_of_mukden"),
    ("ru_manchurian_army", "Telissu", "battle_of_telissu"),
    ("ru_manchurian_army", "Kaiping (battle", "battle_of_kaiping"),
    ("ru_manchurian_army", "Tashihchiao", "battle_of_tashihchiao"),
    ("ru_manchurian_army", "Liaoyang outer", "battle_of_liaoyang"),
    ("ru_manchurian_army", "Liaoyang abandoned", "battle_of_liaoyang"),
    ("ru_manchurian_army", "Shaho offensive", "battle_of_shaho"),
    ("ru_manchurian_army", "Shaho line", "battle_of_shaho"),
    ("ru_manchurian_army", "Mukden lost", "battle_of_mukden"),
    ("ru_eastern_detachment", "Yalu line", "battle_of_yalu_river"),
    ("ru_eastern_detachment", "Fenghuangcheng", "occupation_of_fenghuangcheng"),
    ("ru_eastern_detachment", "Motienling", "battle_of_motien_pass"),
    ("ru_eastern_detachment", "Liaoyang", "battle_of_liaoyang"),
    ("jp_combined_fleet_port_arthur_1904", "Port Arthur roadstead", "attack_on_port_arthur"),
    ("jp_combined_fleet_port_arthur_1904", "Off Port Arthur", "attack_on_port_arthur"),
    ("jp_uryu_chemulpo_1904", "Battle off Chemulpo", "battle_of_chemulpo_bay"),
    ("jp_combined_fleet_tsushima", "Battle of Tsushima", "battle_of_tsushima"),
    ("jp_combined_fleet_tsushima", "Near the Liancourt", "battle_of_tsushima"),
    ("jp_sakhalin_south_landing", "Aniva Bay", "invasion_of_sakhalin"),
    ("jp_sakhalin_north_landing", "Off Alexandrovsk", "landing_northern_sakhalin"),
    ("jp_13th_division_sakhalin", "Merei", "invasion_of_sakhalin"),
    ("jp_13th_division_sakhalin", "Korsakov", "japanese_occupy_korsakov"),
    ("ru_second_pacific_squadron", "Libau", "baltic_fleet_departs_libau"),
    ("ru_second_pacific_squadron", "Dogger Bank", "dogger_bank_incident"),
    ("ru_second_pacific_squadron", "Tangier (arrival)", "baltic_fleet_at_tangier"),
    ("ru_second_pacific_squadron", "Nosy Be (arrival", "baltic_fleet_at_nosy_be"),
    ("ru_second_pacific_squadron", "Nosy Be (departure)", "baltic_fleet_at_nosy_be"),
    ("ru_second_pacific_squadron", "Cam Ranh", "baltic_fleet_in_indochina"),
    ("ru_second_pacific_squadron", "Van Phong Bay (departure)", "baltic_fleet_in_indochina"),
    ("ru_second_pacific_squadron", "Korea Strait", "battle_of_tsushima"),
    ("ru_folkersam_detachment", "Suez", "folkersam_detachment_suez"),
    ("ru_third_pacific_squadron", "Van Phong Bay", "nebogatov_joins_rozhestvensky"),
    ("ru_port_arthur_squadron_sortie", "Battle of the Yellow Sea", "battle_of_yellow_sea"),
    ("ru_novik_to_korsakov", "Korsakov", "battle_of_korsakov"),
    ("ru_vladivostok_cruisers_june_1904", "Off Okinoshima", "hitachi_maru_incident"),
    ("ru_vladivostok_cruisers_july_1904", "Off Izu", "vladivostok_cruisers_pacific_raid"),
    ("ru_vladivostok_cruisers_july_1904", "Steamer Calchas", "vladivostok_cruisers_pacific_raid"),
    ("ru_vladivostok_cruisers_ulsan", "Battle off Ulsan", "battle_of_ulsan"),
    ("jp_mixed_brigade_korea_1894", "Seonghwan", "battle_of_seonghwan"),
    ("jp_mixed_brigade_korea_1894", "Pyongyang", "battle_of_pyongyang_1894"),
    ("jp_first_army_1894", "Pyongyang", "battle_of_pyongyang_1894"),
    ("jp_second_army_1894", "Port Arthur", "capture_of_port_arthur_1894"),
    ("jp_second_army_1894", "Rongcheng", "battle_of_weihaiwei"),
    ("jp_second_army_1894", "Weihaiwei: the Beiyang", "battle_of_weihaiwei"),
    ("jp_combined_fleet_1894", "Battle of the Yalu", "battle_of_the_yalu_1894"),
    ("cn_beiyang_fleet_1894", "Battle of the Yalu", "battle_of_the_yalu_1894"),
    ("jp_combined_fleet_weihaiwei_1895", "Off Weihaiwei: Ding", "battle_of_weihaiwei"),
    ("cn_beiyang_fleet_1894", "Weihaiwei: the fleet surrenders", "battle_of_weihaiwei"),
]


# Waypoints of a battle that are rightly far from the event row's one place (dates still checked).
FAR_FROM_EVENT_PLACE = {
    ("jp_combined_fleet_tsushima", "Near the Liancourt"): "28 May: Nebogatov surrendered ~300 km north-east",
    ("ru_second_pacific_squadron", "Van Phong Bay (departure)"): "the Indochina stay's row is placed at Cam Ranh",
    ("ru_vladivostok_cruisers_july_1904", "Off Izu"): "a raid along ~400 km of coast, one point in the row",
    ("ru_vladivostok_cruisers_july_1904", "Steamer Calchas"): "a raid along ~400 km of coast, one point in the row",
}


def _km(a, b) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _read(path: Path, feature_id: str | None = None):
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return unary_union([shape(f["geometry"]) for f in features if feature_id in (None, f["properties"]["id"])])


@pytest.fixture(scope="module")
def features():
    return json.loads(MOVEMENTS.read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def land():
    """50m land, un-shrunk, and where it is known (theatre box + corridor)."""
    theatre = _read(LAND_THEATRE)
    corridor_land, coverage = _read(LAND_CORRIDOR, "land_50m"), _read(LAND_CORRIDOR, "coverage")
    raw = unary_union([theatre, corridor_land.difference(THEATRE_BOX)])
    known = unary_union([THEATRE_BOX, coverage])
    shapely.prepare(raw)
    shapely.prepare(known)
    return raw, known


@pytest.fixture(scope="module")
def events():
    with EVENTS.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def _legs(feature, mode: str):
    """(index, a, b, a named?, b named?) for each leg of ``feature`` travelled in ``mode``."""
    p = feature["properties"]
    c = feature["geometry"]["coordinates"]
    for i, ((a, b), m) in enumerate(zip(itertools.pairwise(c), p["modes"], strict=True)):
        if m == mode and a != b:
            yield i, a, b, bool(p["places_en"][i]), bool(p["places_en"][i + 1])


def _exceptions():
    return unary_union([box(x0, y0, x1, y1) for _n, _r, x0, y0, x1, y1 in SEA_EXCEPTIONS])


def test_movements_and_sides(features):
    assert len(features) >= 30
    ids = [f["properties"]["id"] for f in features]
    assert len(ids) == len(set(ids))
    assert {f["properties"]["kind"] for f in features} == {"army", "fleet"}
    assert {f["properties"]["side"] for f in features} == {"japan", "russia", "china"}


def test_properties_sources_and_both_languages(features):
    for f in features:
        p = f["properties"]
        assert p["side"] in {"japan", "russia", "china"}, p["id"]
        assert p["kind"] in {"army", "fleet"}, p["id"]
        for key in ("id", "unit_en", "unit_ar", "source", "commander_en", "commander_ar"):
            assert p.get(key), (p["id"], key)
        assert ARABIC.search(p["unit_ar"]) and ARABIC.search(p["commander_ar"]), p["id"]
        assert not ARABIC.search(p["unit_en"]), p["id"]
        assert all(s.strip().startswith("http") for s in p["source"].split(" ; ")), p["id"]
        assert "note" in p
        for en, ar in zip(p["places_en"], p["places_ar"], strict=True):
            assert bool(en) == bool(ar), (p["id"], en)
            assert not ar or ARABIC.search(ar), (p["id"], ar)
        assert p["places_en"][0] and p["places_en"][-1], p["id"]
        geom = shape(f["geometry"])
        assert geom.geom_type == "LineString" and geom.is_valid, p["id"]
        for lon, lat in f["geometry"]["coordinates"]:
            assert round(lon, 4) == lon and round(lat, 4) == lat


def test_times_one_per_vertex_sorted_and_modes_one_per_leg(features):
    for f in features:
        p = f["properties"]
        coords = f["geometry"]["coordinates"]
        assert len(p["times"]) == len(coords) == len(p["modes"]) + 1, p["id"]
        days = [dt.date.fromisoformat(t) for t in p["times"]]
        assert days == sorted(days), p["id"]
        assert dt.date(1891, 1, 1) <= days[0] and days[-1] <= dt.date(1905, 12, 31), p["id"]
        assert set(p["modes"]) <= {"land", "sea"}, p["id"]
        if p["kind"] == "fleet":
            assert set(p["modes"]) == {"sea"}, p["id"]


def test_fleet_and_sea_legs_never_cross_unshrunk_land(features, land):
    raw, known = land
    exempt = _exceptions()
    bad = []
    for f in features:
        for i, a, b, a_port, b_port in _legs(f, "sea"):
            line = LineString([a, b])
            assert known.contains(line), (f["properties"]["id"], i, "outside the 50m land's reach")
            if not raw.intersects(line):
                continue
            ends = [Point(p).buffer(HARBOUR_KM / KM_PER_DEG) for p, port in ((a, a_port), (b, b_port)) if port]
            wet = line.intersection(raw).difference(unary_union([exempt, *ends]))
            if not wet.is_empty:
                bad.append((f["properties"]["id"], i, a, b))
    assert not bad, f"sea legs crossing land: {bad}"


def test_exceptions_are_used_only_by_the_suez_voyages(features, land):
    raw, _known = land
    exempt = _exceptions()
    users = set()
    for f in features:
        for _i, a, b, _ap, _bp in _legs(f, "sea"):
            line = LineString([a, b])
            if not line.intersection(raw).intersection(exempt).is_empty:
                users.add(f["properties"]["id"])
    assert users <= EXCEPTION_USERS


def test_land_legs_stay_on_land(features, land):
    raw, _known = land
    worst = {}
    for f in features:
        for _i, a, b, _ap, _bp in _legs(f, "land"):
            wet = LineString([a, b]).difference(raw)
            for part in shapely.get_parts(wet):
                km = sum(_km(p, q) for p, q in itertools.pairwise(part.coords))
                worst[f["properties"]["id"]] = max(worst.get(f["properties"]["id"], 0.0), km)
    over = {k: round(v, 1) for k, v in worst.items() if v > COAST_KM}
    assert not over, f"land legs running over water (km): {over}"


def test_third_army_goes_north_by_land(features):
    f = {x["properties"]["id"]: x for x in features}["jp_third_army"]
    p, c = f["properties"], f["geometry"]["coordinates"]
    assert set(p["modes"]) == {"land"}
    # Liaodong Bay lies west of the railway: the march never goes west of Jinzhou's meridian north of 39.2N
    assert all(lon >= 121.7 for lon, lat in c if lat > 39.2)


def test_sea_transport_is_drawn_for_armies_carried_by_sea(features):
    by = {f["properties"]["id"]: f["properties"] for f in features}
    assert "sea" in by["jp_second_army_1894"]["modes"]
    assert "sea" in by["jp_mixed_brigade_korea_1894"]["modes"]


def _vertex(feature, place: str):
    p = feature["properties"]
    hits = [i for i, name in enumerate(p["places_en"]) if name.startswith(place)]
    assert len(hits) == 1, (p["id"], place, hits)
    return hits[0]


@pytest.mark.parametrize(("movement", "place", "event_id"), BATTLE_WAYPOINTS)
def test_battle_waypoint_agrees_with_its_event(features, events, movement, place, event_id):
    f = {x["properties"]["id"]: x for x in features}[movement]
    i = _vertex(f, place)
    day = dt.date.fromisoformat(f["properties"]["times"][i])
    row = events[event_id]
    start = dt.date.fromisoformat(row["start"])
    end = dt.date.fromisoformat(row["end"]) if row["end"] else start
    assert start <= day <= end, (movement, place, day, event_id, start, end)
    distance = _km(f["geometry"]["coordinates"][i], (float(row["lon"]), float(row["lat"])))
    if (movement, place) in FAR_FROM_EVENT_PLACE:
        return
    assert distance <= EVENT_RADIUS_KM, (movement, place, event_id, round(distance))


def _stay(feature, arrival: str, departure: str) -> tuple[str, str]:
    p, c = feature["properties"], feature["geometry"]["coordinates"]
    i, j = _vertex(feature, arrival), _vertex(feature, departure)
    assert j == i + 1 and c[i] == c[j], (p["id"], arrival, "a fleet at anchor stands still")
    return p["times"][i], p["times"][j]


def test_second_pacific_squadron_port_stays(features):
    f = {x["properties"]["id"]: x for x in features}["ru_second_pacific_squadron"]
    assert _stay(f, "Tangier (arrival)", "Tangier (departure") == ("1904-11-03", "1904-11-05")
    assert _stay(f, "Dakar (arrival)", "Dakar (departure)") == ("1904-11-12", "1904-11-16")
    assert _stay(f, "Gabon estuary off Libreville", "Gabon estuary (departure)") == ("1904-11-26", "1904-12-01")
    assert _stay(f, "Great Fish Bay (Baía", "Great Fish Bay (departure)") == ("1904-12-06", "1904-12-07")
    assert _stay(f, "Angra Pequena (Lüderitz)", "Angra Pequena (departure)") == ("1904-12-11", "1904-12-17")
    assert _stay(f, "Off Sainte-Marie (Nosy Boraha)", "Off Sainte-Marie (departure)") == ("1904-12-29", "1905-01-03")
    assert _stay(f, "Nosy Be (arrival", "Nosy Be (departure)") == ("1905-01-09", "1905-03-16")
    assert _stay(f, "Van Phong Bay (arrival)", "Van Phong Bay (departure)") == ("1905-04-26", "1905-05-14")
    c, t = f["geometry"]["coordinates"], f["properties"]["times"]
    assert t[0] == "1904-10-15" and t[-1] == "1905-05-27"
    assert min(lat for _lon, lat in c) < -34.0  # round the Cape of Good Hope


def test_folkersam_left_tangier_before_the_main_body(features):
    by = {x["properties"]["id"]: x for x in features}
    folkersam = by["ru_folkersam_detachment"]["properties"]["times"][0]
    main = by["ru_second_pacific_squadron"]
    assert folkersam == "1904-11-03"
    assert main["properties"]["times"][_vertex(main, "Tangier (departure")] == "1904-11-05"


def test_committed_geojson_is_what_the_tables_build(capsys):
    """The tables (tools/data/movement_*.csv) and the committed GeoJSON never drift apart."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_movements
    finally:
        sys.path.pop(0)
    assert build_movements.main(["--check"]) == 0, capsys.readouterr().err
