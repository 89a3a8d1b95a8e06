"""The committed front-line layer (geodata/front_lines.geojson, built by tools/build_front_lines.py)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import shape

from map_layers.events import read_events
from map_layers.geodata import load_geodata
from map_layers.paths import EVENTS_CSV
from map_layers.timeslice import front_lines_on, slice_day

ROOT = Path(__file__).resolve().parents[2]
GEOJSON = ROOT / "geodata" / "front_lines.geojson"
TABLE = ROOT / "tools" / "data" / "front_lines.csv"
FEATURES = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
GEO = load_geodata()
EVENTS = read_events(EVENTS_CSV).events.set_index("id")


def test_features_are_valid_dated_linestrings_with_sources():
    assert len(FEATURES) >= 8
    ids = [f["properties"]["id"] for f in FEATURES]
    assert len(set(ids)) == len(ids)
    with TABLE.open(encoding="utf-8", newline="") as fh:
        assert [row["id"] for row in csv.DictReader(fh)] == ids  # built from the table, in order
    for f in FEATURES:
        p, geom = f["properties"], shape(f["geometry"])
        assert geom.geom_type == "LineString" and geom.is_valid and geom.length > 0, p["id"]
        for key in ("name_en", "name_ar", "source", "note"):
            assert p[key].strip(), (p["id"], key)
        assert any("\u0600" <= ch <= "\u06ff" for ch in p["name_ar"]), p["id"]
        assert "http" in p["source"], p["id"]
        start, end = dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"])
        assert dt.date(1904, 2, 8) <= start <= end <= dt.date(1905, 9, 5), p["id"]


def test_the_loader_reads_the_layer_with_typed_dates():
    assert len(GEO.front_lines) == len(FEATURES)
    assert str(GEO.front_lines["start"].dtype).startswith("datetime64")


def test_front_lines_are_on_land():
    land = gpd.read_file(ROOT / "geodata" / "land_theatre.geojson").geometry.union_all()
    for f in FEATURES:
        geom = shape(f["geometry"])
        assert geom.intersection(land).length / geom.length > 0.99, f["properties"]["id"]


def test_each_line_starts_with_the_event_after_which_it_holds():
    linked = [f["properties"] for f in FEATURES if f["properties"]["event_id"]]
    assert len(linked) >= 8
    one = dt.timedelta(days=1)
    for p in linked:
        event = EVENTS.loc[p["event_id"]]
        start, end = event["start"].date(), event["end"].date()
        assert dt.date.fromisoformat(p["start"]) in {start, start + one, end, end + one}, p["id"]
    last = max(FEATURES, key=lambda f: f["properties"]["end"])["properties"]
    assert last["end"] == EVENTS.loc["treaty_of_portsmouth", "start"].date().isoformat()  # to the peace


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("1904-05-15", {"front_after_yalu"}),
        ("1904-06-01", {"front_after_yalu", "front_kwantung_after_nanshan"}),
        ("1904-07-01", {"front_after_telissu", "front_kwantung_after_nanshan"}),
        ("1904-08-15", {"front_after_tashihchiao"}),
        ("1904-09-20", {"front_after_liaoyang"}),
        ("1904-12-01", {"front_shaho"}),
        ("1905-02-10", {"front_after_sandepu"}),
        ("1905-03-20", {"front_after_mukden"}),
        ("1905-06-01", {"front_siping"}),
        ("1905-09-05", {"front_siping"}),
        ("1904-02-08", set()),
        ("1905-10-01", set()),
    ],
)
def test_the_front_on_key_days(day, expected):
    shown = front_lines_on(GEO.front_lines, dt.date.fromisoformat(day))
    assert set(shown["id"]) == expected


def test_fronts_move_north_from_liaoyang_to_siping():
    lat = {f["properties"]["id"]: shape(f["geometry"]).centroid.y for f in FEATURES}
    mukden, liaoyang = 41.80, 41.27
    assert liaoyang < lat["front_shaho"] < mukden  # the Shaho line lies between the two cities
    assert lat["front_after_tashihchiao"] < lat["front_after_liaoyang"] < lat["front_shaho"]
    assert mukden < lat["front_after_mukden"] < lat["front_siping"]


def test_slice_day_carries_the_front_with_the_territories():
    day = dt.date(1904, 12, 1)
    events = read_events(EVENTS_CSV).events
    assert list(slice_day(GEO, events, day).front_lines["id"]) == ["front_shaho"]
    assert slice_day(GEO, events, day, layers=frozenset({"events"})).front_lines.empty
