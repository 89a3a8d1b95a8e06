"""The example notebook runs top to bottom, and its map needs no network."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import folium
import folium.plugins
import nbformat
import pyogrio
import pytest
from nbclient import NotebookClient

import map_layers
from map_layers import notebook
from map_layers.paths import ROOT
from map_layers.player import TimePlayer
from tests.conftest import event_row, events_csv

NOTEBOOK = ROOT / "docs" / "example.ipynb"
_REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", re.IGNORECASE)
_REMOTE_STYLE = re.compile(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", re.IGNORECASE)


def test_example_notebook_runs_and_its_map_is_offline(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel runs in tmp_path, outside the checkout
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    maps = [output["data"]["text/html"] for output in outputs if "text/html" in output.get("data", {})]
    frames = [html.unescape(text) for text in maps if "<iframe" in text]
    assert len(frames) == 1, "the day_map cell shows one map"
    page = frames[0]
    assert "L.map(" in page and "leaflet" in page.lower()  # Leaflet itself, inlined
    assert "window.RJWPlayer" in page and '"day":"1904-08-10"' in page  # the player, opened on the day
    assert 'id="rjw-timeline"' in page  # the whole period inlined: nothing to fetch
    assert not _REMOTE_SCRIPT.search(page) and not _REMOTE_STYLE.search(page)
    # the GeoDataFrame head is shown as a table, and the GeoPackage was written with the day's layers
    assert any("<table" in text and "title_en" in text for text in maps)
    layers = {name for name, _ in pyogrio.list_layers(tmp_path / "rjw-1904-08-10.gpkg")}
    assert {"territories", "railways", "movements", "events"} <= layers


@pytest.fixture
def tiny_shipped(monkeypatch, tiny_geodata, tiny_events):
    monkeypatch.setattr(notebook, "_shipped", lambda: (tiny_geodata, tiny_events))


def test_day_map_is_the_player_with_every_asset_inlined(tiny_shipped):
    page = map_layers.day_map("1904-05-06", lang="ar").get_root().render()
    assert not _REMOTE_SCRIPT.search(page) and not _REMOTE_STYLE.search(page)
    assert page.count("<script src") == 0 and "<link" not in page
    assert "window.RJWPlayerStart(" in page and '<html lang="ar" dir="rtl">' in page
    assert '"day":"1904-05-06"' in page


def test_day_map_opens_on_that_day_view_and_layers(tiny_shipped):
    fmap = map_layers.day_map(date(1904, 5, 6), view=(39.5, 121.0, 7), layers={"events", "movements"})
    (player,) = [e for e in notebook._elements(fmap) if isinstance(e, TimePlayer)]
    assert player.options["day"] == "1904-05-06"
    assert player.options["layers"] == ["events", "movements"]  # territories and railways start hidden
    assert player.options["view"] == {"lat": 39.5, "lon": 121.0, "zoom": 7}
    assert fmap.location == [39.5, 121.0] and fmap.options["zoom"] == 7
    timeline = json.loads(player.timeline_json)
    assert {"one_day", "span"} <= {event["id"] for event in timeline["events"]}  # every day is in the page


def test_day_map_refuses_a_day_outside_the_period(tiny_shipped):
    with pytest.raises(ValueError, match="1891"):
        map_layers.day_map("1906-01-01")


def test_inline_assets_refuses_an_element_with_no_vendored_copy():
    fmap = folium.Map(tiles=None)
    folium.plugins.MiniMap().add_to(fmap)
    with pytest.raises(ValueError, match="MiniMap"):
        notebook.inline_assets(fmap)


def test_load_events_warns_and_keeps_the_valid_rows(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(events_csv(event_row(id="good"), event_row(id="bad", lat="99")))
    with pytest.warns(UserWarning, match="1 bad row"):
        frame = map_layers.load_events(path)
    assert frame["id"].tolist() == ["good"]


def test_importing_the_package_reads_no_data(tmp_path):
    code = "import sys, map_layers; print(sorted(m for m in ('folium', 'map_layers.notebook') if m in sys.modules))"
    env = {**os.environ, "RJW_DATA_DIR": str(tmp_path / "nowhere"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stdout.strip() == "[]"  # a missing data folder is no error until data is asked for
