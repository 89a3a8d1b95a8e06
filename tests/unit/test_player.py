"""The TimePlayer element and the player documents, rendered and read as text."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from map_layers.assets import restore_cdn_assets, use_local_assets
from map_layers.events import read_events
from map_layers.export.standalone import standalone_html, standalone_map
from map_layers.geodata import load_geodata
from map_layers.paths import EVENTS_CSV, GEODATA_DIR
from map_layers.permalink import View
from map_layers.player import TimePlayer, player_document, player_map
from map_layers.timeline import compile_timeline
from tests.conftest import event_row, events_csv

HOSTILE = "</script><script>alert(1)</script>{{7*7}}"
ASSET = re.compile(r"""<(?:script|link)\b[^>]*(?:src|href)=["']?(https?:)?//""", re.IGNORECASE)


@pytest.fixture
def hostile_events():
    table = read_events(events_csv(event_row(title_en=HOSTILE, summary_en=HOSTILE, source=HOSTILE, key="1")))
    assert table.ok, table.problems
    return table.events


def embedded_timeline(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="rjw-timeline">(.*?)</script>', html, re.DOTALL)
    assert match, "no inline timeline"
    return json.loads(match.group(1))


def test_standalone_inlines_everything_and_loads_nothing(tiny_geodata, hostile_events):
    html = standalone_html(tiny_geodata, hostile_events, lang="en", layers=None, day=date(1904, 5, 1))
    assert ASSET.search(html) is None
    assert "<script src" not in html and "<link" not in html
    assert "L.map(" in html and "window.RJWPlayerStart(" in html
    assert html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')


def test_standalone_ignores_cdn_or_streamlit_asset_settings(tiny_geodata, hostile_events):
    """Whatever folium's class attributes say (CDN, or the app's /app/static), the file inlines."""
    for setup in (restore_cdn_assets, use_local_assets):
        setup()
        try:
            html = standalone_html(tiny_geodata, hostile_events, lang="en", layers=None, day=date(1904, 5, 1))
        finally:
            restore_cdn_assets()
        assert "<script src" not in html and "<link" not in html


def test_hostile_text_cannot_end_the_script_or_run_a_template(tiny_geodata, hostile_events):
    html = standalone_html(tiny_geodata, hostile_events, lang="en", layers=None, day=date(1904, 5, 1), title=HOSTILE)
    assert "<script>alert(1)" not in html
    assert "49" not in re.findall(r"<title>(.*?)</title>", html)[0]
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;{{7*7}}</title>" in html
    (event,) = embedded_timeline(html)["events"]
    assert event["ti"] == HOSTILE  # arrives intact, as text
    assert "<script>" not in event["pop"]


def test_start_options_and_arabic_document(tiny_geodata, hostile_events):
    view = View(39.5, 121.5, 6)
    html = standalone_html(
        tiny_geodata, hostile_events, lang="ar", layers=["railways"], day=date(1899, 1, 1), view=view
    )
    assert '<html lang="ar" dir="rtl">' in html
    options = re.search(r"window.RJWPlayerStart\(map_\w+, .*?, (\{.*?\})\);", html, re.DOTALL).group(1)
    assert json.loads(options) == {
        "day": "1899-01-01",
        "layers": ["railways"],
        "view": {"lat": 39.5, "lon": 121.5, "zoom": 6},
        "presenter": False,
        "hash": True,
    }
    assert embedded_timeline(html)["lang"] == "ar"


def test_a_day_outside_the_period_is_refused(tiny_geodata, hostile_events):
    with pytest.raises(ValueError, match="outside"):
        standalone_map(tiny_geodata, hostile_events, lang="en", layers=None, day=date(1890, 1, 1))


def test_the_app_document_links_leaflet_from_static(tiny_geodata, hostile_events):
    html = player_document(
        tiny_geodata, hostile_events, lang="en", day=date(1904, 5, 1), layers=None, asset_base="/app/static"
    )
    assert '<script src="/app/static/vendor/leaflet/leaflet.js"></script>' in html
    assert 'href="/app/static/vendor/leaflet/leaflet.css"' in html
    assert ASSET.search(html) is None
    assert "window.RJWPlayerStart(" in html


def test_timeline_by_url_or_inline_but_not_both(tiny_geodata, hostile_events):
    fmap = player_map(lang="en")
    TimePlayer(timeline_url="/app/static/timeline-en.json", asset_base="/app/static").add_to(fmap)
    html = fmap.get_root().render()
    assert "window.RJWPlayerStart(map_" in html and '"/app/static/timeline-en.json"' in html
    assert 'id="rjw-timeline"' not in html
    with pytest.raises(ValueError):
        TimePlayer()
    with pytest.raises(ValueError):
        TimePlayer({"v": 1}, timeline_url="/x.json")


def test_a_cached_timeline_text_is_used_as_given(tiny_geodata, hostile_events):
    from map_layers.jsonsafe import script_json

    text = script_json(compile_timeline(tiny_geodata, hostile_events, lang="en"))
    html = player_document(tiny_geodata, hostile_events, lang="en", day=date(1904, 5, 1), layers=None, timeline=text)
    assert text in html


def test_real_standalone_stays_under_two_megabytes():
    if not (GEODATA_DIR / "movements.geojson").exists() or not EVENTS_CSV.exists():
        pytest.skip("the real geodata/ and events.csv are not built yet")
    geo, events = load_geodata(), read_events(EVENTS_CSV).events
    for lang in ("en", "ar"):
        html = standalone_html(geo, events, lang=lang, layers=None, day=date(1904, 2, 8))
        assert len(html.encode("utf-8")) <= 2_000_000
