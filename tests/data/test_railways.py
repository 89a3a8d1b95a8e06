"""Checks on the committed railway geodata (geodata/railways.geojson) and its tables.

Reads only committed files: the GeoJSON built by tools/build_railways.py and the
two CSV tables under tools/data/ it is built from.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import math
from pathlib import Path

import pytest
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[2]
GEOJSON = ROOT / "geodata" / "railways.geojson"
STATIONS = ROOT / "tools" / "data" / "railway_stations.csv"
SECTIONS = ROOT / "tools" / "data" / "railway_sections.csv"

# Plausible bounds for 1891-1905 lines in this project: Urals to the Pacific.
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 55.0, 142.0, 33.0, 60.0


def _features():
    return json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]


def _rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def _km(coords) -> float:
    total = 0.0
    for (lo1, la1), (lo2, la2) in itertools.pairwise(coords):
        p1, p2 = math.radians(la1), math.radians(la2)
        h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
        total += 2 * 6371.0 * math.asin(math.sqrt(h))
    return total


def _open_km(day: str) -> float:
    when = _d(day)
    return sum(_km(f["geometry"]["coordinates"]) for f in _features() if _d(f["properties"]["opened"]) <= when)


def _by_id():
    return {f["properties"]["id"]: f for f in _features()}


def _is_open(section_id: str, day: str) -> bool:
    return _d(_by_id()[section_id]["properties"]["opened"]) <= _d(day)


def test_features_are_valid_linestrings_in_bounds():
    feats = _features()
    assert len(feats) >= 15
    ids = [f["properties"]["id"] for f in feats]
    assert len(ids) == len(set(ids))
    for f in feats:
        geom = shape(f["geometry"])
        assert geom.geom_type == "LineString", f["properties"]["id"]
        assert geom.is_valid and geom.length > 0, f["properties"]["id"]
        for lon, lat in f["geometry"]["coordinates"]:
            assert LON_MIN <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_MAX, f["properties"]["id"]
            assert round(lon, 4) == lon and round(lat, 4) == lat


def test_properties_and_dates():
    for f in _features():
        p = f["properties"]
        for key in ("id", "line_en", "line_ar", "name_en", "name_ar", "opened", "source"):
            assert p.get(key), (p.get("id"), key)
        assert "note" in p and "construction_start" in p
        opened = _d(p["opened"])
        assert dt.date(1880, 1, 1) <= opened <= dt.date(1910, 12, 31), p["id"]
        if p["construction_start"]:
            assert _d(p["construction_start"]) <= opened, p["id"]


def test_tables_consistent_with_geojson():
    stations = {r["station_id"]: r for r in _rows(STATIONS)}
    assert len(stations) == len(_rows(STATIONS)), "duplicate station_id"
    for sid, r in stations.items():
        assert r["source"].strip(), sid
        assert r["name_en"].strip() and r["name_ar"].strip(), sid
    sections = _rows(SECTIONS)
    assert [s["id"] for s in sections] == [f["properties"]["id"] for f in _features()]
    for s in sections:
        ids = s["stations"].split(";")
        assert len(ids) >= 2, s["id"]
        for sid in ids:
            assert sid in stations, (s["id"], sid)


def test_port_arthur_is_the_chinese_one():
    st = {r["station_id"]: r for r in _rows(STATIONS)}
    lat, lon = float(st["port_arthur"]["lat"]), float(st["port_arthur"]["lon"])
    assert abs(lat - 38.81) < 0.1 and abs(lon - 121.26) < 0.1


def test_network_grows():
    assert _open_km("1900-01-01") > _open_km("1895-01-01") > 0
    assert _open_km("1904-06-01") > _open_km("1900-01-01")


@pytest.mark.parametrize("section_id", ["cer_western", "cer_eastern"])
def test_cer_main_line_dates(section_id):
    assert not _is_open(section_id, "1899-01-01")
    assert _is_open(section_id, "1903-12-01")


def test_ussuri_line_open_to_khabarovsk_by_1898():
    ussuri = [i for i in _by_id() if i.startswith("ussuri_") and "grodekovo" not in i]
    assert ussuri
    for sid in ussuri:
        assert _is_open(sid, "1898-01-01"), sid
    coords = [tuple(c) for i in ussuri for c in _by_id()[i]["geometry"]["coordinates"]]
    # the Ussuri chain reaches both Vladivostok (43.1N) and Khabarovsk (48.5N)
    assert min(c[1] for c in coords) < 43.2 and max(c[1] for c in coords) > 48.4


def test_circum_baikal_not_open_mid_1903():
    assert not _is_open("circum_baikal", "1903-06-01")
    assert _is_open("baikal_ferry", "1903-06-01")


def test_korean_lines():
    assert _is_open("gyeongin_chemulpo_noryangjin", "1900-01-01")
    assert not _is_open("gyeongbu", "1904-12-31")
    assert _is_open("gyeongbu", "1905-01-01")
    # the Seoul-Sinuiju military line is under construction during the war
    for sid in ("gyeongui_seoul_pyongyang", "gyeongui_pyongyang_sinuiju"):
        gy = _by_id()[sid]["properties"]
        assert _d(gy["construction_start"]) <= _d("1904-12-31") < _d(gy["opened"]), sid
    assert not _is_open("gyeongui_pyongyang_sinuiju", "1905-09-05")  # Treaty of Portsmouth


def _event_starts() -> dict[str, str]:
    with (ROOT / "events.csv").open(encoding="utf-8", newline="") as f:
        return {row["id"]: row["start"] for row in csv.DictReader(f)}


def test_a_section_and_the_event_row_about_it_agree():
    """One fact, one place: a section dated by an event row carries that event's date, not its own."""
    events = _event_starts()
    linked = 0
    for f in _features():
        p = f["properties"]
        for field, event_field in (("construction_start", "start_event"), ("opened", "opened_event")):
            if p[event_field]:
                linked += 1
                assert p[field] == events[p[event_field]], (p["id"], field, p[event_field])
    assert linked >= 15
    table = {row["id"]: row for row in _rows(SECTIONS)}
    for row in table.values():  # the table leaves the date to the event
        assert not (row["opened_event"] and row["opened"]), row["id"]
        assert not (row["start_event"] and row["construction_start"]), row["id"]


@pytest.mark.parametrize(
    ("section_id", "event_id"),
    [
        ("zlatoust_chelyabinsk", "zlatoust_chelyabinsk_railway_opened"),
        ("ws_omsk_ob", "west_siberian_railway_completed"),
        ("ms_krasnoyarsk_irkutsk", "mid_siberian_railway_irkutsk"),
        ("baikal_ferry", "lake_baikal_ferry"),
        ("ussuri_iman_khabarovsk", "ussuri_railway_completed"),
        ("cer_western", "cer_opened_to_traffic"),
        ("circum_baikal", "circum_baikal_regular_traffic"),
        ("gyeongin_chemulpo_noryangjin", "gyeongin_railway_opened"),
    ],
)
def test_openings_named_in_the_audit_are_dated_by_their_event(section_id, event_id):
    assert _by_id()[section_id]["properties"]["opened_event"] == event_id


def test_cer_construction_dates_follow_their_events():
    events = _event_starts()
    for sid in ("cer_western", "cer_eastern"):
        assert _by_id()[sid]["properties"]["construction_start"] == events["cer_construction_start"]
    # the southern branch was granted with the Port Arthur lease and cannot start before it
    lease = _d(events["port_arthur_lease"])
    for sid in ("cer_southern", "cer_dalny"):
        p = _by_id()[sid]["properties"]
        assert p["start_event"] == "cer_southern_branch" and _d(p["construction_start"]) > lease
