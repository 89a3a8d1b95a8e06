"""Render the folium layers to HTML and check what reaches the browser."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from map_layers.assets import restore_cdn_assets, use_local_assets
from map_layers.events import read_events
from map_layers.layers import base_map, day_layers, day_state
from map_layers.paths import ROOT
from map_layers.timeslice import slice_day
from tests.conftest import event_row, events_csv

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


@pytest.fixture(autouse=True)
def local_assets():
    use_local_assets()
    yield
    restore_cdn_assets()


def render(geo, events, day: date, lang: str = "en") -> str:
    fmap = base_map(geo, lang)
    day_layers(slice_day(geo, events, day), lang).add_to(fmap)
    return fmap.get_root().render()


def test_no_request_leaves_the_machine(tiny_geodata, tiny_events):
    html = render(tiny_geodata, tiny_events, date(1904, 5, 6))
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html)
    assert external == []
    assert "/app/static/vendor/leaflet/leaflet.js" in html


def test_day_state_lists_the_days_territories_and_railway_states(tiny_geodata, tiny_events):
    state = day_state(slice_day(tiny_geodata, tiny_events, date(1899, 1, 1)))
    assert state["date"] == "1899-01-01"
    assert set(state["territory"]) == {"west_lease", "east_korea"}
    assert state["territory"]["west_lease"]["fillColor"] != state["territory"]["east_korea"]["fillColor"]
    assert state["railway"]["rail_a"]["dashArray"] == "6 6"  # under construction
    assert state["railway"]["rail_b"]["dashArray"] is None  # open


def popups_of(group) -> list[str]:
    """The popup, tooltip and marker HTML of every item of a day group, as the browser will get it."""
    (state,) = [child.state for child in group._children.values() if hasattr(child, "state")]
    return [item.get(key, "") for item in state["items"] for key in ("popup", "tooltip", "html")]


def test_hostile_event_text_reaches_the_page_escaped(tiny_geodata):
    table = read_events(events_csv(event_row(title_en=HOSTILE, summary_en=HOSTILE, source="see " + HOSTILE)))
    assert table.ok
    texts = "".join(popups_of(day_layers(slice_day(tiny_geodata, table.events, date(1904, 5, 1)), "en")))
    assert "<script>" not in texts and "<img" not in texts
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in texts
    # The marker's name is plain text that the controller sets as an attribute, never as HTML.
    (state,) = [
        c.state for c in day_layers(slice_day(tiny_geodata, table.events, date(1904, 5, 1)), "en")._children.values()
    ]
    assert [item["label"] for item in state["items"] if "label" in item] == [HOSTILE]
    assert 'setAttribute("aria-label", label)' in (ROOT / "map_layers/js/day_controller.js").read_text()
    # The JSON that carries it to the browser escapes '<' again, so no closing tag can end the script.
    assert "</script><img" not in render(tiny_geodata, table.events, date(1904, 5, 1))


def test_arabic_popups_are_right_to_left(tiny_geodata, tiny_events):
    texts = popups_of(day_layers(slice_day(tiny_geodata, tiny_events, date(1904, 5, 1)), "ar"))
    assert any("dir='rtl'" in text and "معركة إكس" in text for text in texts)


def test_geometry_stays_in_the_base_map_and_days_send_only_state(tiny_geodata, tiny_events):
    group = day_layers(slice_day(tiny_geodata, tiny_events, date(1899, 1, 1)), "en")
    fmap = base_map(tiny_geodata, "en")
    group.add_to(fmap)
    html = fmap.get_root().render()
    # Territory polygons are in the base map once; the day carries only their ids and styles.
    assert html.count("[120.0, 38.0]") + html.count("[120, 38]") >= 1
    state_json = re.search(r"window\.RJW\.apply\((\{.*?\})\);", html).group(1)
    state = json.loads(state_json)
    assert state["date"] == "1899-01-01"
    assert set(state["territory"]) == {"west_lease", "east_korea"}  # by id
    assert set(state["railway"]) == {"rail_a", "rail_b"}
    assert "coordinates" not in state_json and "120" not in state_json  # no geometry in the day


def test_base_layers_are_written_once_under_a_content_hash(tiny_geodata, tmp_path):
    from map_layers.layers import write_base_layers

    first = write_base_layers(tmp_path, tiny_geodata, "en")
    assert set(first) == {"land", "territory", "railway"}
    mtimes = {name: path.stat().st_mtime_ns for name, path in first.items()}
    again = write_base_layers(tmp_path, tiny_geodata, "en")
    assert again == first and {n: p.stat().st_mtime_ns for n, p in again.items()} == mtimes
    arabic = write_base_layers(tmp_path, tiny_geodata, "ar")
    assert arabic["territory"] != first["territory"]  # tooltips differ by language
    assert json.loads(first["territory"].read_text())["features"][0]["properties"]["id"] == "west_qing"
    assert not list(tmp_path.glob("*.tmp"))


def test_remote_base_map_keeps_the_script_small(tiny_geodata):
    urls = {"land": "/a.json", "territory": "/b.json", "railway": "/c.json"}
    remote = base_map(tiny_geodata, "en", layer_urls=urls).get_root().render()
    embedded = base_map(tiny_geodata, "en").get_root().render()
    assert "/b.json" in remote and "[120.0, 38.0]" not in remote
    assert len(remote) < len(embedded)


TEMPLATE_INJECTION = "{{ 'INJ' ~ 'ECTED' }} {% for x in 'ab' %}LOOP{{ x }}{% endfor %} {# gone #} {{ this }}"


def test_template_syntax_in_event_text_is_shown_never_run(tiny_geodata):
    """Branca re-compiles rendered output as Jinja: data must not be able to open a tag there."""
    table = read_events(
        events_csv(event_row(title_en=TEMPLATE_INJECTION, summary_en=TEMPLATE_INJECTION, note="{%raw%}{{1}}"))
    )
    assert table.ok
    html = render(tiny_geodata, table.events, date(1904, 5, 1))
    assert "INJECTED" not in html and "LOOPa" not in html and "<branca" not in html
    (call,) = re.findall(r"window\.RJW\.apply\((\{.*\})\);", html)
    items = json.loads(call)["items"]
    assert [item["label"] for item in items if "label" in item] == [TEMPLATE_INJECTION]
    (popup,) = [item["popup"] for item in items if "popup" in item]
    assert "{{ &#x27;INJ&#x27; ~ &#x27;ECTED&#x27; }}" in popup and "{%raw%}{{1}}" in popup
