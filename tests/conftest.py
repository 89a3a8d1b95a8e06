"""Tiny synthetic data shared by the unit tests (the real data has its own tier)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon, box

from map_layers.events import COLUMNS
from map_layers.geodata import GeoData, load_geodata


def event_row(**overrides: str) -> dict[str, str]:
    """One valid event row; override any field."""
    row = {column: "" for column in COLUMNS}
    row.update(
        id="battle_x",
        start="1904-05-01",
        end="",
        kind="battle",
        side="japan",
        lat="40.1",
        lon="124.4",
        title_en="Battle X",
        title_ar="معركة إكس",
        summary_en="Something happened.",
        summary_ar="حدث شيء ما.",
        source="https://example.org/x",
    )
    row.update(overrides)
    return row


def events_csv(*rows: dict[str, str], header: tuple[str, ...] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(header), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def _collection(features: list[tuple[dict, object]]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": geom.__geo_interface__} for props, geom in features
        ],
    }


def write_tiny_geodata(directory: Path) -> Path:
    """Two territory cells with a change of holder, two railway sections, two movements, two places, a river."""
    west, east = box(120, 38, 122, 40), box(122, 38, 124, 40)
    territories = [
        (
            {
                "id": "west_qing",
                "name_en": "West",
                "name_ar": "الغرب",
                "holder": "qing",
                "status": "sovereign",
                "start": "1891-01-01",
                "end": "1898-03-26",
            },
            west,
        ),
        (
            {
                "id": "west_lease",
                "name_en": "West",
                "name_ar": "الغرب",
                "holder": "russia",
                "status": "lease",
                "start": "1898-03-27",
                "end": "1905-12-31",
            },
            west,
        ),
        (
            {
                "id": "east_korea",
                "name_en": "East",
                "name_ar": "الشرق",
                "holder": "korea",
                "status": "sovereign",
                "start": "1891-01-01",
                "end": "1905-12-31",
            },
            east,
        ),
    ]
    railways = [
        (
            {
                "id": "rail_a",
                "line_en": "Line A",
                "line_ar": "الخط أ",
                "name_en": "A1",
                "name_ar": "أ1",
                "construction_start": "1897-08-28",
                "opened": "1903-07-14",
            },
            LineString([(120.5, 39), (121.5, 39.5)]),
        ),
        (
            {
                "id": "rail_b",
                "line_en": "Line B",
                "line_ar": "الخط ب",
                "name_en": "B1",
                "name_ar": "ب1",
                "construction_start": "",
                "opened": "1895-01-01",
            },
            LineString([(122.5, 39), (123.5, 39.5)]),
        ),
    ]
    movements = [
        (
            {
                "id": "army_1",
                "side": "japan",
                "kind": "army",
                "unit_en": "First Army",
                "unit_ar": "الجيش الأول",
                "times": ["1904-05-01", "1904-05-11", "1904-05-31"],
            },
            LineString([(120, 38), (121, 38), (121, 40)]),
        ),
        (
            {
                "id": "fleet_1",
                "side": "russia",
                "kind": "fleet",
                "unit_en": "Squadron",
                "unit_ar": "السرب",
                "times": ["1904-08-10", "1904-08-10"],
            },
            LineString([(122, 37), (123, 37)]),
        ),
    ]
    land = [({}, Polygon([(100, 20), (140, 20), (140, 55), (100, 55)]))]
    place = {"modern_en": "", "modern_ar": "", "start": "", "end": "", "source": "https://example.org/p", "note": ""}
    places = [
        (
            {**place, "id": "town_a", "kind": "city", "rank": 1, "name_en": "Town A", "name_ar": "البلدة أ"},
            Point(121, 39),
        ),
        ({**place, "id": "sea_a", "kind": "sea", "rank": 2, "name_en": "Sea A", "name_ar": "البحر أ"}, Point(123, 37)),
    ]
    rivers = [
        (
            {**place, "id": "river_a", "kind": "river", "rank": 3, "name_en": "River A", "name_ar": "النهر أ",
             "label_lon": 122.5, "label_lat": 39.5},
            LineString([(122, 39), (123, 40)]),
        )
    ]  # fmt: skip
    directory.mkdir(parents=True, exist_ok=True)
    for name, features in {
        "territories": territories,
        "railways": railways,
        "movements": movements,
        "land_world": land,
        "land_theatre": land,
        "places": places,
        "rivers": rivers,
    }.items():
        (directory / f"{name}.geojson").write_text(json.dumps(_collection(features)), encoding="utf-8")
    return directory


@pytest.fixture
def tiny_geodata_dir(tmp_path: Path) -> Path:
    return write_tiny_geodata(tmp_path / "geodata")


@pytest.fixture
def tiny_geodata(tiny_geodata_dir: Path) -> GeoData:
    return load_geodata(tiny_geodata_dir)


def tiny_event_rows() -> list[dict[str, str]]:
    """A one-day battle, a siege spanning it, and an 1895 treaty: the rows of ``tiny_events``."""
    return [
        event_row(id="one_day", start="1904-05-01"),
        event_row(id="span", start="1904-05-01", end="1904-05-20", kind="siege", side="russia"),
        event_row(id="early", start="1895-04-17", kind="treaty", side=""),
    ]


@pytest.fixture
def tiny_events() -> gpd.GeoDataFrame:
    from map_layers.events import read_events

    table = read_events(events_csv(*tiny_event_rows()))
    assert table.ok, table.problems
    return table.events


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests share one worker when pytest-xdist runs the suite (``-n 2 --dist loadgroup``).

    They drive one Streamlit server and Chromium and wait on them; side by side they would only
    slow each other down. The unit and data tiers, CPU-bound, run on the other worker meanwhile.
    """
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
