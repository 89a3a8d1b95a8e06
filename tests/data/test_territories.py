"""Checks of the committed territory and land GeoJSON (geodata/), built by tools/build_geodata.py.

Reads only committed files. The territories file must be a partition: on any day the valid
features neither overlap nor leave holes inside the covered area.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely import STRtree
from shapely.geometry import Point

GEODATA = Path(__file__).resolve().parents[2] / "geodata"
TERRITORIES = GEODATA / "territories.geojson"

PERIOD_START, PERIOD_END = "1891-01-01", "1905-12-31"
HOLDERS = {"qing", "russia", "japan", "korea", "britain", "germany", "france"}
STATUSES = {"sovereign", "lease", "occupation", "protectorate", "siege"}
REQUIRED = ["id", "name_en", "name_ar", "holder", "status", "start", "end", "sovereign_en", "sovereign_ar", "source"]
AREA_EPS = 1e-6  # deg^2


def _iso(col):
    """GDAL reads ISO dates in GeoJSON as dates; compare them as ISO strings."""
    if hasattr(col, "dt"):
        return col.dt.strftime("%Y-%m-%d")
    return col.astype(str)


@pytest.fixture(scope="module")
def terr() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(TERRITORIES)
    gdf["start"], gdf["end"] = _iso(gdf["start"]), _iso(gdf["end"])
    return gdf


def sample_days() -> list[str]:
    return [dt.date(y, m, d).isoformat() for y in range(1891, 1906) for m in range(1, 13) for d in (1, 15)]


def valid_on(gdf: gpd.GeoDataFrame, day: str) -> gpd.GeoDataFrame:
    return gdf[(gdf["start"] <= day) & (gdf["end"] >= day)]


def test_crs_is_wgs84(terr):
    assert terr.crs is not None and terr.crs.to_epsg() == 4326


def test_geometries_valid_polygons(terr):
    assert len(terr) > 0
    assert terr.geometry.notna().all()
    assert not terr.geometry.is_empty.any()
    assert terr.geometry.is_valid.all()
    assert set(terr.geom_type) <= {"Polygon", "MultiPolygon"}


def test_properties(terr):
    for col in REQUIRED:
        assert col in terr.columns, col
        assert terr[col].notna().all(), col
    assert terr["id"].is_unique
    for col in ("id", "name_en", "name_ar", "source"):
        assert (terr[col].str.strip() != "").all(), col
    assert set(terr["holder"]) <= HOLDERS
    assert set(terr["status"]) <= STATUSES
    for s, e in zip(terr["start"], terr["end"], strict=True):
        dt.date.fromisoformat(s), dt.date.fromisoformat(e)
        assert PERIOD_START <= s <= e <= PERIOD_END, (s, e)
    # the nominal sovereign is named in both languages, or in neither
    assert ((terr["sovereign_en"] == "") == (terr["sovereign_ar"] == "")).all()
    # the sovereign is only named where it differs from the holder
    assert (terr.loc[terr["status"] == "sovereign", "sovereign_en"] == "").all()
    assert terr["source"].str.contains("http").all()
    # Arabic names contain Arabic script
    assert terr["name_ar"].str.contains("[\u0600-\u06ff]", regex=True).all()


def test_partition_on_sample_days(terr):
    """No overlaps and no holes on any sampled day (1st and 15th of every month)."""
    geoms = terr.geometry.values
    total = shapely.union_all(geoms).area
    checked: dict[frozenset, str] = {}
    for day in sample_days():
        idx = frozenset(valid_on(terr, day).index)
        assert idx, f"no feature valid on {day}"
        if idx in checked:
            continue
        checked[idx] = day
        sub = [geoms[i] for i in sorted(idx)]
        tree = STRtree(sub)
        left, right = tree.query(sub, predicate="intersects")
        for a, b in zip(left, right, strict=True):
            if a < b:
                inter = shapely.intersection(sub[a], sub[b]).area
                assert inter < AREA_EPS, (day, terr.loc[sorted(idx)[a], "id"], terr.loc[sorted(idx)[b], "id"], inter)
        covered = shapely.union_all(sub).area
        assert abs(covered - total) <= AREA_EPS * total, (day, covered, total)
    assert len(checked) > 10  # the map does change over time


def holder_at(terr, day: str, lon: float, lat: float) -> tuple[str, str]:
    """(holder, status) of the feature valid on `day` that contains (or, on a simplified
    coast, lies within 0.1 deg of) the point."""
    sub = valid_on(terr, day)
    pt = Point(lon, lat)
    hit = sub[sub.geometry.contains(pt)]
    if hit.empty:
        dist = sub.geometry.apply(pt.distance)  # in degrees, on purpose: a tolerance for simplified coasts
        hit = sub[dist == dist.min()]
        assert dist.min() < 0.1, (day, lon, lat, dist.min())
    assert len(hit) == 1, (day, lon, lat, list(hit["id"]))
    row = hit.iloc[0]
    return row["holder"], row["status"]


PORT_ARTHUR = (121.26, 38.81)
MUKDEN = (123.43, 41.80)
SEOUL = (126.98, 37.57)
TAIPEI = (121.56, 25.04)
KORSAKOV = (142.78, 46.64)
ALEXANDROVSK = (142.16, 50.90)


@pytest.mark.parametrize(
    "day,place,holder,statuses",
    [
        ("1892-06-01", PORT_ARTHUR, "qing", {"sovereign"}),
        ("1899-06-01", PORT_ARTHUR, "russia", {"lease"}),
        ("1904-10-01", PORT_ARTHUR, "russia", {"siege"}),
        ("1905-02-01", PORT_ARTHUR, "japan", {"occupation"}),
        ("1905-10-01", PORT_ARTHUR, "japan", {"lease", "occupation"}),
        ("1905-12-31", PORT_ARTHUR, "japan", {"lease"}),
        ("1899-06-01", MUKDEN, "qing", {"sovereign"}),
        ("1901-06-01", MUKDEN, "russia", {"occupation"}),
        ("1904-10-01", MUKDEN, "russia", {"occupation"}),
        ("1905-04-01", MUKDEN, "japan", {"occupation"}),
        ("1894-07-22", SEOUL, "korea", {"sovereign"}),
        ("1894-08-01", SEOUL, "japan", {"occupation"}),
        ("1895-06-01", SEOUL, "korea", {"sovereign"}),
        ("1903-06-01", SEOUL, "korea", {"sovereign"}),
        ("1904-06-01", SEOUL, "japan", {"occupation"}),
        ("1905-12-01", SEOUL, "japan", {"protectorate"}),
        ("1893-06-01", TAIPEI, "qing", {"sovereign"}),
        ("1900-06-01", TAIPEI, "japan", {"sovereign"}),
        ("1904-06-01", KORSAKOV, "russia", {"sovereign"}),
        ("1905-08-01", KORSAKOV, "japan", {"occupation"}),
        ("1905-12-01", KORSAKOV, "japan", {"sovereign"}),
        ("1905-08-01", ALEXANDROVSK, "japan", {"occupation"}),
        ("1905-12-01", ALEXANDROVSK, "russia", {"sovereign"}),
    ],
)
def test_story(terr, day, place, holder, statuses):
    h, s = holder_at(terr, day, *place)
    assert h == holder and s in statuses, (day, place, h, s)


def test_sovereign_named_under_occupation(terr):
    occ = terr[terr["status"].isin({"lease", "occupation", "protectorate", "siege"})]
    assert (occ["sovereign_en"] != "").all()
    korea_occ = occ[occ["id"].str.startswith("korea")]
    assert set(korea_occ["sovereign_en"]) == {"Korean Empire", "Kingdom of Joseon (Korea)"}
    # the kingdom before 13 Oct 1897, the empire after
    assert (korea_occ.loc[korea_occ["start"] < "1897-10-13", "sovereign_en"] == "Kingdom of Joseon (Korea)").all()


@pytest.mark.parametrize("name,max_kb", [("land_world", 400), ("land_theatre", 500), ("territories", 700)])
def test_land_and_sizes(name, max_kb):
    path = GEODATA / f"{name}.geojson"
    assert path.stat().st_size < max_kb * 1024
    gdf = gpd.read_file(path)
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.is_valid.all() and not gdf.geometry.is_empty.any()
    minx, miny, maxx, maxy = gdf.total_bounds
    assert minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90


def test_theatre_land_has_the_ports():
    land = gpd.read_file(GEODATA / "land_theatre.geojson").geometry.union_all()
    for lon, lat in (PORT_ARTHUR, (129.04, 35.10), (131.89, 43.12)):  # Busan, Vladivostok
        assert land.distance(Point(lon, lat)) < 0.1
    assert not land.contains(Point(124.0, 37.0))  # Yellow Sea


def test_dates_are_iso_strings_in_the_file():
    import json
    import re

    doc = json.loads(TERRITORIES.read_text(encoding="utf-8"))
    for f in doc["features"]:
        for key in ("start", "end"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", f["properties"][key]), f["properties"]["id"]


def test_every_cell_covers_every_day(terr):
    """Day-exact check behind the sampled one: each cell's states chain without gaps or
    overlaps from 1891-01-01 to 1905-12-31 and share one geometry."""
    for cell, states in terr.sort_values("start").groupby("cell", sort=False):
        starts, ends = list(states["start"]), list(states["end"])
        assert starts[0] == PERIOD_START and ends[-1] == PERIOD_END, cell
        for end, nxt in zip(ends[:-1], starts[1:], strict=True):
            day_after = dt.date.fromisoformat(end) + dt.timedelta(days=1)
            assert day_after.isoformat() == nxt, (cell, end, nxt)
        first = states.geometry.iloc[0]
        assert all(g.equals_exact(first, 1e-9) for g in states.geometry), cell


HAICHENG = (122.75, 40.85)
LIAOYANG = (123.17, 41.27)
HARBIN = (126.64, 45.76)
QIQIHAR = (123.92, 47.35)
FORT_BAYARD = (110.40, 21.20)
NEW_TERRITORIES = (114.10, 22.45)
HONG_KONG_ISLAND = (114.17, 22.27)


@pytest.mark.parametrize(
    "day,place,holder,status",
    [
        # Liaodong 1894-95: occupation, then Japanese by cession from the ratification (8 May 1895),
        # occupation again after the retrocession convention (8 Nov), Qing from 1896.
        ("1895-03-01", PORT_ARTHUR, "japan", "occupation"),
        ("1895-05-07", PORT_ARTHUR, "japan", "occupation"),
        ("1895-05-08", PORT_ARTHUR, "japan", "sovereign"),
        ("1895-11-07", PORT_ARTHUR, "japan", "sovereign"),
        ("1895-11-20", PORT_ARTHUR, "japan", "occupation"),
        ("1896-06-01", PORT_ARTHUR, "qing", "sovereign"),
        ("1898-01-01", PORT_ARTHUR, "qing", "sovereign"),  # the Russian squadron was a guest
        ("1894-12-01", HAICHENG, "qing", "sovereign"),
        ("1894-12-13", HAICHENG, "japan", "occupation"),
        ("1895-06-01", HAICHENG, "japan", "sovereign"),
        ("1895-06-01", LIAOYANG, "qing", "sovereign"),
        ("1895-06-01", TAIPEI, "japan", "sovereign"),
        # Manchuria 1900: the occupation spreads.
        ("1900-08-02", HARBIN, "qing", "sovereign"),
        ("1900-08-03", HARBIN, "russia", "occupation"),
        ("1900-08-15", QIQIHAR, "qing", "sovereign"),
        ("1900-08-28", QIQIHAR, "russia", "occupation"),
        ("1900-09-15", MUKDEN, "qing", "sovereign"),
        ("1900-10-01", MUKDEN, "russia", "occupation"),
        # Leases of 1898-99.
        ("1898-04-01", FORT_BAYARD, "qing", "sovereign"),
        ("1898-06-01", FORT_BAYARD, "france", "occupation"),
        ("1900-01-01", FORT_BAYARD, "france", "lease"),
        ("1898-06-30", NEW_TERRITORIES, "qing", "sovereign"),
        ("1898-07-01", NEW_TERRITORIES, "britain", "lease"),
        ("1892-01-01", HONG_KONG_ISLAND, "britain", "sovereign"),
    ],
)
def test_second_edition_story(terr, day, place, holder, status):
    assert holder_at(terr, day, *place) == (holder, status), (day, place)


def test_russian_squadron_named_at_port_arthur_before_the_lease(terr):
    state = valid_on(terr, "1898-01-01")
    names = state.loc[state["cell"] == "port_arthur", "name_en"].tolist()
    assert len(names) == 1 and "Russian squadron" in names[0]


def test_territory_changes_match_their_sourced_events():
    """A state that names the event behind it starts on that event's first or last day, or the day after."""
    import csv

    from map_layers.events import read_events
    from map_layers.paths import EVENTS_CSV

    events = read_events(EVENTS_CSV).events.set_index("id")
    with open(Path(__file__).resolve().parents[2] / "tools/data/territory_timelines.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    linked = [r for r in rows if r["event_id"]]
    assert len(linked) >= 40
    for r in linked:
        assert r["event_id"] in events.index, r
        start, end = events.loc[r["event_id"], "start"].date(), events.loc[r["event_id"], "end"].date()
        one = dt.timedelta(days=1)
        allowed = {start, start + one, end, end + one}
        assert dt.date.fromisoformat(r["start"]) in allowed, (r["cell"], r["start"], r["event_id"])
    # the changes the second edition added are all tied to an event
    for cell, start in (
        ("haicheng", "1894-12-13"),
        ("manchuria_central", "1900-08-03"),
        ("guangzhouwan", "1899-11-16"),
    ):
        assert any(r["cell"] == cell and r["start"] == start and r["event_id"] for r in rows), (cell, start)
