"""The compiled timeline: day numbers, intervals, styles and texts the player evaluates."""

from __future__ import annotations

from datetime import date

import pytest

from map_layers import style
from map_layers.events import read_events
from map_layers.export.standalone import standalone_html
from map_layers.i18n import t
from map_layers.jsonsafe import script_json
from map_layers.paths import JS_DIR
from map_layers.timeline import (
    compile_timeline,
    compile_user_events,
    day_number,
    month_templates,
    story_sentence,
)
from map_layers.timeslice import FADE_DAYS, MOVEMENT_LINGER_DAYS
from tests.conftest import event_row, events_csv, tiny_event_rows


@pytest.fixture
def events():
    table = read_events(
        events_csv(
            *tiny_event_rows(),
            event_row(id="key_one", start="1904-06-01", key="1", summary_en="First. Second sentence."),
        )
    )
    assert table.ok, table.problems
    return table.events


def test_day_numbers_count_from_1970():
    assert day_number(date(1970, 1, 1)) == 0
    assert day_number(date(1904, 2, 8)) == -24069
    assert day_number(None) is None


def test_period_constants_and_languages(tiny_geodata, events):
    timeline = compile_timeline(tiny_geodata, events, lang="ar")
    assert (timeline["first"], timeline["last"]) == (day_number(date(1891, 1, 1)), day_number(date(1905, 12, 31)))
    assert (timeline["fade"], timeline["linger"]) == (FADE_DAYS, MOVEMENT_LINGER_DAYS)
    assert timeline["dir"] == "rtl"
    assert timeline["ui"]["play"] == t("play", "ar")
    assert timeline["months"] == month_templates("ar")
    assert len(timeline["months"]) == 12


def test_territories_carry_inclusive_intervals_and_a_style_index(tiny_geodata, events):
    timeline = compile_timeline(tiny_geodata, events, lang="en")
    by_id = {item["id"]: item for item in timeline["territories"]}
    lease = by_id["west_lease"]
    assert (lease["s"], lease["e"]) == (day_number(date(1898, 3, 27)), day_number(date(1905, 12, 31)))
    assert timeline["styles"]["territory"][lease["st"]] == style.territory_style("russia", "lease")
    assert lease["g"]["type"] == "Polygon"


def test_railways_movements_and_events(tiny_geodata, events):
    timeline = compile_timeline(tiny_geodata, events, lang="en")
    rails = {item["id"]: item for item in timeline["railways"]}
    assert rails["rail_a"]["b"] == day_number(date(1897, 8, 28))
    assert rails["rail_b"]["b"] is None
    army = {item["id"]: item for item in timeline["movements"]}["army_1"]
    assert army["t"] == [day_number(date(1904, 5, d)) for d in (1, 11, 31)]
    assert army["xy"][0] == [120.0, 38.0]
    assert army["u"] == "First Army"
    ids = [item["id"] for item in timeline["events"]]
    assert ids == ["early", "one_day", "span", "key_one"]  # by start, then id
    key = timeline["events"][3]
    assert key["key"] == 1 and key["st"] == "First."
    assert timeline["styles"]["icon"][key["ic"]].startswith("<div class='rjw-mark")
    assert timeline["tour"] == [{"i": 3, "dates": "1 June 1904", "sum": "First. Second sentence."}]


def test_watched_places_are_day_spans_computed_in_python(tiny_geodata, events):
    """Port Arthur lies in the tiny 'west' cell: Qing until the lease of 27 March 1898, then Russia."""
    timeline = compile_timeline(tiny_geodata, events, lang="en")
    (port_arthur,) = [place for place in timeline["watched"] if place["k"] == "place_port_arthur"]
    lease = day_number(date(1898, 3, 27))
    assert port_arthur["spans"] == [
        [timeline["first"], lease - 1, "Port Arthur is held by Qing China (sovereign territory)."],
        [lease, timeline["last"], "Port Arthur is held by Russia (leased territory)."],
    ]


def test_legend_rows_name_their_layer_and_day_key(tiny_geodata, events):
    rows = compile_timeline(tiny_geodata, events, lang="en")["legend"]
    keys = {row["k"] for row in rows}
    assert {"r:open", "r:building", "m:japan", "h:russia", "e:battle", "e:siege", "s:1", "s:0", "d:japan"} <= keys
    assert {row["layer"] for row in rows} == {"territories", "railways", "movements", "events"}


def test_density_counts_events_by_month(tiny_geodata, events):
    density = dict(map(tuple, compile_timeline(tiny_geodata, events, lang="en")["density"]))
    assert density[day_number(date(1904, 5, 1))] == 2
    assert density[day_number(date(1895, 4, 1))] == 1


def test_story_sentence_is_the_first_sentence():
    assert story_sentence("One thing. Another thing.") == "One thing."
    assert story_sentence("حدث شيء. ثم آخر.") == "حدث شيء."
    assert story_sentence("x" * 500).endswith("…")
    assert story_sentence("") == ""


def test_user_events_carry_their_own_marker(tiny_geodata, events):
    compiled = compile_user_events(events, "en")
    assert all("icon" in item and "ic" not in item for item in compiled)
    timeline = compile_timeline(tiny_geodata, events, lang="en", user_events=events)
    assert [item["id"] for item in timeline["user_events"]] == [item["id"] for item in compiled]


def test_hostile_text_is_escaped_html_or_plain_text(tiny_geodata):
    hostile = "</script><script>alert(1)</script>{{7*7}}"
    table = read_events(events_csv(event_row(title_en=hostile, summary_en=hostile)))
    assert table.ok, table.problems
    timeline = compile_timeline(tiny_geodata, table.events, lang="en")
    (item,) = timeline["events"]
    assert "<script>" not in item["pop"] and "<script>" not in item["tip"]
    assert item["ti"] == hostile  # plain text: the player sets it with textContent
    text = script_json(timeline)
    assert "</script" not in text and "{{" not in text


def test_front_lines_places_and_sea_legs_go_into_the_timeline(tiny_geodata_dir, events):
    import json

    from map_layers.geodata import load_geodata
    from map_layers.legend import legend_entries
    from map_layers.timeslice import slice_day

    fronts = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"id": "front_a", "name_en": "Front <A>", "name_ar": "الجبهة أ",
                               "start": "1904-05-03", "end": "1904-05-09", "source": "https://example.org/f"},
                "geometry": {"type": "LineString", "coordinates": [[121.2, 38.5], [121.8, 39.5]]},
            }
        ],
    }  # fmt: skip
    (tiny_geodata_dir / "front_lines.geojson").write_text(json.dumps(fronts), encoding="utf-8")
    path = tiny_geodata_dir / "movements.geojson"
    movements = json.loads(path.read_text(encoding="utf-8"))
    movements["features"][0]["properties"]["modes"] = ["sea", "land"]
    path.write_text(json.dumps(movements), encoding="utf-8")
    geo = load_geodata(tiny_geodata_dir)
    timeline = compile_timeline(geo, events, lang="ar")
    assert timeline["front_lines"] == [
        {"id": "front_a", "s": day_number(date(1904, 5, 3)), "e": day_number(date(1904, 5, 9)),
         "tip": "الجبهة أ", "g": {"type": "LineString", "coordinates": [[121.2, 38.5], [121.8, 39.5]]}}
    ]  # fmt: skip
    assert compile_timeline(geo, events, lang="en")["front_lines"][0]["tip"] == "Front &lt;A&gt;"
    army = next(m for m in timeline["movements"] if m["id"] == "army_1")
    fleet = next(m for m in timeline["movements"] if m["id"] == "fleet_1")
    assert army["sea"] == [1, 0] and "sea" not in fleet  # a fleet's legs are all at sea: not marked
    assert timeline["styles"]["sea"]["japan"]["moving"] == style.sea_leg_style("japan", False)
    assert {place["id"] for place in timeline["places"]} == {"town_a", "sea_a", "river_a"}
    keys = {row["k"] for row in timeline["legend"]}
    assert {"f", "m:sea"} <= keys
    kinds = [entry.kind for entry in legend_entries(slice_day(geo, events, date(1904, 5, 15)), "ar")]
    assert "front" not in kinds and "sea" in kinds  # the front ended on 9 May; the army left by sea
    kinds = [entry.kind for entry in legend_entries(slice_day(geo, events, date(1904, 5, 5)), "en")]
    assert "front" in kinds and "sea" in kinds


# Moved from the old per-day map's tests (test_layers.py): the same promises, on what the player gets.
TEMPLATE_INJECTION = "{{ 'INJ' ~ 'ECTED' }} {% for x in 'ab' %}LOOP{{ x }}{% endfor %} {# gone #} {{ this }}"


def test_arabic_popups_are_right_to_left(tiny_geodata, events):
    compiled = compile_timeline(tiny_geodata, events, lang="ar")["events"]
    assert any("dir='rtl'" in item["pop"] and "معركة إكس" in item["pop"] for item in compiled)


def test_template_syntax_in_event_text_is_shown_never_run(tiny_geodata):
    """branca compiles some rendered output as Jinja: data must never open a tag there."""
    table = read_events(
        events_csv(event_row(title_en=TEMPLATE_INJECTION, summary_en=TEMPLATE_INJECTION, note="{%raw%}{{1}}"))
    )
    assert table.ok, table.problems
    html = standalone_html(tiny_geodata, table.events, lang="en", layers=None, day=date(1904, 5, 1))
    assert "INJECTED" not in html and "LOOPa" not in html and "<branca" not in html
    (item,) = compile_timeline(tiny_geodata, table.events, lang="en")["events"]
    assert item["ti"] == TEMPLATE_INJECTION
    assert "{{ &#x27;INJ&#x27; ~ &#x27;ECTED&#x27; }}" in item["pop"] and "{%raw%}{{1}}" in item["pop"]


def test_event_names_reach_the_page_as_text_never_as_html():
    """The compiled ``ti`` is plain text: player.js puts it in the page with textContent only."""
    code = (JS_DIR / "player.js").read_text(encoding="utf-8")
    assert "if (text !== undefined) { node.textContent = text; }" in code  # el(tag, attrs, text)
    assert 'el("h2", {}, ev.ti)' in code and "innerHTML = r.ti" not in code and "innerHTML = ev.ti" not in code
