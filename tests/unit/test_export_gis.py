"""GIS exports: a GeoPackage / GeoParquet that QGIS's Temporal Controller animates as is."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from map_layers import cli
from map_layers.export.gis import geopackage_bytes, geoparquet_bytes, gis_layers, render_gis
from map_layers.geodata import GeoData
from map_layers.timeslice import slice_day
from tests.conftest import event_row, events_csv

# Kinds of GeoData beyond the four map layers (front lines, places, rivers…): always exported.
EXTRA = {f.name for f in dataclasses.fields(GeoData)} - {
    "territories",
    "railways",
    "movements",
    "land_world",
    "land_theatre",
}


def _gpkg(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "out.gpkg"
    path.write_bytes(data)
    return path


def test_whole_period_geopackage_has_dated_layers_in_wgs84(tmp_path, tiny_geodata, tiny_events):
    path = _gpkg(tmp_path, render_gis(tiny_geodata, tiny_events, "gpkg"))
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {"territories", "railways", "movements", "events"} | EXTRA  # the basemap is left out
    assert layers["territories"] == "Polygon" and layers["events"] == "Point"
    for name in layers:
        info = pyogrio.read_info(path, layer=name)
        assert info["crs"] == "EPSG:4326"
        types = dict(zip(info["fields"], info["ogr_types"], strict=True))
        assert types["start"] == types["end"] == "OFTDateTime", name
        frame = gpd.read_file(path, layer=name)
        assert frame["start"].notna().all() and frame["end"].notna().all(), name
        assert (frame["start"] <= frame["end"]).all(), name
    assert pyogrio.read_info(path, layer="events")["features"] == len(tiny_events)


def test_railways_start_at_the_first_sod_or_the_opening(tiny_geodata, tiny_events):
    railways = gis_layers(tiny_geodata, tiny_events)["railways"].set_index("id")
    assert railways.loc["rail_a", "start"] == pd.Timestamp("1897-08-28")  # construction start
    assert railways.loc["rail_a", "opened"] == pd.Timestamp("1903-07-14")  # kept for styling
    assert railways.loc["rail_b", "start"] == pd.Timestamp("1895-01-01")  # no construction date: opening
    assert (railways["end"] == pd.Timestamp("1905-12-31")).all()


def test_movements_span_their_waypoints_and_keep_times_as_text(tiny_geodata, tiny_events):
    movements = gis_layers(tiny_geodata, tiny_events)["movements"].set_index("id")
    assert movements.loc["army_1", "start"] == pd.Timestamp("1904-05-01")
    assert movements.loc["army_1", "end"] == pd.Timestamp("1904-05-31")
    assert movements.loc["army_1", "times"] == '["1904-05-01", "1904-05-11", "1904-05-31"]'


def test_events_keep_their_dates(tiny_geodata, tiny_events):
    events = gis_layers(tiny_geodata, tiny_events)["events"].set_index("id")
    assert events.loc["span", "start"] == pd.Timestamp("1904-05-01")
    assert events.loc["span", "end"] == pd.Timestamp("1904-05-20")
    assert "line" not in events.columns  # the CSV line means nothing outside the app


def test_a_new_kind_of_geodata_is_exported_without_code_changes(tiny_geodata, tiny_events):
    @dataclasses.dataclass(frozen=True)
    class WithHarbours(GeoData):
        harbours: gpd.GeoDataFrame = dataclasses.field(default_factory=gpd.GeoDataFrame)

    harbours = gpd.GeoDataFrame({"id": ["dalny"], "name_en": ["Dalny"]}, geometry=[Point(121.6, 38.9)], crs=4326)
    fields = {f.name: getattr(tiny_geodata, f.name) for f in dataclasses.fields(tiny_geodata)}
    geo = WithHarbours(**fields, harbours=harbours)
    layer = gis_layers(geo, tiny_events)["harbours"]
    assert layer["start"].tolist() == [pd.Timestamp("1891-01-01")]  # undated: the whole period
    assert layer["end"].tolist() == [pd.Timestamp("1905-12-31")]


@pytest.mark.parametrize("day", [date(1904, 5, 6), date(1904, 8, 10), date(1891, 1, 1)])
def test_a_day_matches_slice_day(tmp_path, tiny_geodata, tiny_events, day):
    expected = slice_day(tiny_geodata, tiny_events, day)
    path = _gpkg(tmp_path, render_gis(tiny_geodata, tiny_events, "gpkg", day=day))
    counts = {name: pyogrio.read_info(path, layer=name)["features"] for name, _ in pyogrio.list_layers(path)}
    assert counts == {
        "territories": len(expected.territories),
        "railways": len(expected.railways),
        "movements": len(expected.movements),
        "positions": len(expected.heads),
        "events": len(expected.events),
        "front_lines": len(expected.front_lines),
    }  # empty layers are written too: the schema does not depend on the day
    railways = gpd.read_file(path, layer="railways")
    assert set(railways["state"]) <= {"open", "building"}
    assert (railways["date"] == pd.Timestamp(day)).all()


def test_layers_choose_what_is_written(tiny_geodata, tiny_events):
    assert set(gis_layers(tiny_geodata, tiny_events, layers={"events"})) == {"events"} | EXTRA
    day = gis_layers(tiny_geodata, tiny_events, day=date(1904, 5, 6), layers={"movements"})
    assert set(day) == {"movements", "positions", "front_lines"}


def test_geoparquet_is_one_table_with_a_layer_column(tmp_path, tiny_geodata, tiny_events):
    frames = gis_layers(tiny_geodata, tiny_events)
    path = tmp_path / "out.parquet"
    path.write_bytes(geoparquet_bytes(frames))
    table = gpd.read_parquet(path)
    assert table.crs.to_epsg() == 4326
    assert table.columns[0] == "layer"
    assert table["layer"].value_counts().to_dict() == {name: len(frame) for name, frame in frames.items() if len(frame)}
    assert table["start"].notna().all() and table["end"].notna().all()
    assert np.issubdtype(table["start"].dtype, np.datetime64)


def test_geopackage_round_trips_arabic_text(tmp_path, tiny_geodata, tiny_events):
    path = _gpkg(tmp_path, geopackage_bytes(gis_layers(tiny_geodata, tiny_events)))
    assert "الجيش الأول" in set(gpd.read_file(path, layer="movements")["unit_ar"])


def test_cli_writes_the_whole_period_without_a_date(tmp_path, monkeypatch, tiny_geodata):
    monkeypatch.setattr(cli, "load_geodata", lambda: tiny_geodata)
    events = tmp_path / "events.csv"
    events.write_text(events_csv(event_row(id="b1", start="1904-05-05")))
    out = tmp_path / "war.gpkg"
    assert cli.main(["export", "--format", "gpkg", "--events", str(events), "-o", str(out)]) == 0
    assert {name for name, _ in pyogrio.list_layers(out)} == {"territories", "railways", "movements", "events"} | EXTRA


def test_cli_data_dir_reads_a_users_data_set(tmp_path, tiny_geodata_dir):
    (tiny_geodata_dir.parent / "events.csv").write_text(events_csv(event_row(id="mine", start="1904-05-05")))
    out = tmp_path / "mine.parquet"
    argv = ["export", "--format", "parquet", "--data-dir", str(tiny_geodata_dir.parent), "-o", str(out)]
    assert cli.main(argv) == 0
    table = gpd.read_parquet(out)
    assert table.loc[table["layer"] == "events", "id"].tolist() == ["mine"]
    assert set(table.loc[table["layer"] == "railways", "id"]) == {"rail_a", "rail_b"}


def test_shipped_data_whole_period_geopackage(tmp_path):
    """The real data: every layer dated, in EPSG:4326, as the issue's done line asks."""
    from map_layers import load_geodata, read_events
    from map_layers.paths import EVENTS_CSV

    table = read_events(EVENTS_CSV)
    path = _gpkg(tmp_path, render_gis(load_geodata(), table.events, "gpkg"))
    names = [name for name, _ in pyogrio.list_layers(path)]
    assert {"territories", "railways", "movements", "events"} <= set(names)
    for name in names:
        info = pyogrio.read_info(path, layer=name)
        assert info["crs"] == "EPSG:4326" and info["features"] > 0
        assert {"start", "end"} <= set(info["fields"])
