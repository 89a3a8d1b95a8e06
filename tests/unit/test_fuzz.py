"""Property-based: whatever the input, the reader, validator, URL parser, slicer and renderers never raise."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from map_layers.caption import caption_html
from map_layers.events import COLUMNS, FIRST_DAY, LAST_DAY, Problem, read_events
from map_layers.jsonsafe import script_json
from map_layers.legend import legend_html
from map_layers.permalink import MapState, parse_params
from map_layers.tabular import slice_csv, slice_geojson
from map_layers.timeline import compile_timeline, compile_user_events, day_number
from map_layers.timeslice import slice_day
from tests.conftest import event_row, events_csv

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "1904-02-30", "1904-05-01", "nan", "inf", "-0", "1e309", "<script>", '"', ",", "\n"]),
    st.from_regex(r"-?\d{1,4}(\.\d{1,6})?", fullmatch=True),
)


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_report_not_an_exception(payload):
    table = read_events(payload)
    assert all(isinstance(p, Problem) for p in table.problems)
    assert table.ok == (not table.problems)


@FAST
@given(st.dictionaries(st.sampled_from(COLUMNS), cell, max_size=len(COLUMNS)))
def test_any_row_is_either_loaded_or_named_by_line(overrides):
    text = events_csv(event_row(id="anchor"), event_row(**{"id": "fuzzed", **overrides}))
    table = read_events(text)
    assert "anchor" in set(table.events["id"])  # a bad neighbour never costs a good row
    for problem in table.problems:
        assert problem.line is not None and problem.line >= 3  # the fuzzed row, never the anchor
        assert str(problem).startswith(f"line {problem.line}")


@FAST
@given(st.text(max_size=3000))
def test_any_text_gives_a_report(text):
    table = read_events(text)
    assert len(table.events) + len(table.problems) >= 1


@FAST
@given(st.dictionaries(st.sampled_from(["date", "lang", "layers", "view", "other"]), st.text(max_size=300)))
def test_any_url_parameters_give_a_state(params):
    state, problems = parse_params(params)
    assert isinstance(state, MapState) and FIRST_DAY <= state.day <= LAST_DAY
    assert len(problems) <= len(params)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    st.sets(st.sampled_from(["territories", "railways", "movements", "events", "bogus"])),
)
def test_any_day_and_layers_slice(tiny_geodata, tiny_events, day: date, layers):
    day_slice = slice_day(tiny_geodata, tiny_events, day, frozenset(layers))
    assert day_slice.day == day
    assert set(day_slice.layers) <= {"territories", "railways", "movements", "events"}


# Rows the validator mostly accepts: any text where free text is allowed, any start day and figures.
FREE_TEXT = ("title_en", "title_ar", "summary_en", "summary_ar", "place_en", "place_ar", "note")
loadable_rows = st.fixed_dictionaries(
    {"start": st.dates(min_value=FIRST_DAY, max_value=LAST_DAY).map(date.isoformat)},
    optional={
        **{column: st.text(max_size=200) for column in FREE_TEXT},
        "strength_japan": st.integers(0, 10**7).map(str),
        "casualties_russia": st.integers(0, 10**7).map(str),
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    loadable_rows | st.dictionaries(st.sampled_from(COLUMNS), cell | st.text(max_size=200), max_size=len(COLUMNS)),
    st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    st.sampled_from(["en", "ar"]),
)
def test_any_uploaded_row_that_loads_slices_and_renders(tiny_geodata, tiny_events, overrides, day, lang):
    """What the validator lets through, every later step takes: the player's data, slice, caption, downloads."""
    table = read_events(events_csv(event_row(**{"id": "fuzzed", **overrides})))
    if table.events.empty:
        return
    (compiled,) = json.loads(script_json(compile_user_events(table.events, lang)))  # as the app publishes it
    row_id = table.events["id"].iloc[0]  # "fuzzed", unless the row's own id was fuzzed too
    own_day = table.events["start"].iloc[0].date()
    assert compiled["id"] == row_id and compiled["s"] == day_number(own_day)  # on its own day, it is on the map
    timeline = json.loads(script_json(compile_timeline(tiny_geodata, tiny_events, lang=lang, user_events=table.events)))
    assert timeline["user_events"] == [compiled]
    for shown in (day, own_day):  # any day, and the row's own day
        day_slice = slice_day(tiny_geodata, tiny_events, shown, user_events=table.events)
        assert caption_html(day_slice, lang).startswith("<div") and legend_html(day_slice, lang)
        assert json.loads(slice_geojson(day_slice))["type"] == "FeatureCollection"
        assert slice_csv(day_slice).count("\n") >= 1
    assert row_id in set(slice_day(tiny_geodata, tiny_events, own_day, user_events=table.events).user_events["id"])
