from datetime import date

import pandas as pd

from map_layers.navigation import events_around
from map_layers.timeslice import FADE_DAYS, slice_day


def ids(frame):
    return sorted(frame["id"])


def test_territories_change_holder_on_the_lease_day(tiny_geodata, tiny_events):
    before = slice_day(tiny_geodata, tiny_events, date(1898, 3, 26))
    after = slice_day(tiny_geodata, tiny_events, date(1898, 3, 27))
    assert ids(before.territories) == ["east_korea", "west_qing"]
    assert ids(after.territories) == ["east_korea", "west_lease"]


def test_railways_absent_then_building_then_open(tiny_geodata, tiny_events):
    states = {
        day: dict(zip(s.railways["id"], s.railways["state"], strict=True))
        for day, s in (
            (d, slice_day(tiny_geodata, tiny_events, d))
            for d in (date(1894, 12, 31), date(1897, 8, 28), date(1903, 7, 14))
        )
    }
    assert states[date(1894, 12, 31)] == {}
    assert states[date(1897, 8, 28)] == {"rail_a": "building", "rail_b": "open"}
    assert states[date(1903, 7, 14)] == {"rail_a": "open", "rail_b": "open"}


def test_events_appear_last_and_fade(tiny_geodata, tiny_events):
    on_day = slice_day(tiny_geodata, tiny_events, date(1904, 5, 1)).events
    assert ids(on_day) == ["one_day", "span"]
    assert on_day["current"].all() and (on_day["opacity"] == 1).all()
    later = slice_day(tiny_geodata, tiny_events, date(1904, 5, 6)).events.set_index("id")
    assert not later.loc["one_day", "current"] and 0 < later.loc["one_day", "opacity"] < 1
    assert later.loc["span", "current"]
    gone = slice_day(tiny_geodata, tiny_events, date(1904, 5, 2 + FADE_DAYS)).events
    assert ids(gone) == ["span"]


def test_movements_have_a_head_and_a_travelled_path(tiny_geodata, tiny_events):
    day_slice = slice_day(tiny_geodata, tiny_events, date(1904, 5, 6))
    assert ids(day_slice.heads) == ["army_1"]
    head = day_slice.heads.iloc[0]
    assert (head.geometry.x, head.geometry.y) == (120.5, 38.0)
    assert list(day_slice.movements.iloc[0].geometry.coords) == [(120, 38), (120.5, 38)]


def test_disabled_layers_come_back_empty(tiny_geodata, tiny_events):
    day_slice = slice_day(tiny_geodata, tiny_events, date(1904, 5, 6), frozenset({"events"}))
    assert day_slice.counts() == {"territories": 0, "railways": 0, "movements": 0, "events": 2, "user_events": 0}


def test_uploaded_events_are_sliced_apart_from_the_shipped_ones(tiny_geodata, tiny_events):
    uploaded = tiny_events[tiny_events["id"] == "span"]
    day_slice = slice_day(tiny_geodata, tiny_events.iloc[0:0], date(1904, 5, 6), user_events=uploaded)
    assert day_slice.events.empty
    assert ids(day_slice.user_events) == ["span"]


def test_events_around_lists_past_current_and_next_in_order(tiny_events):
    ordered = tiny_events.sort_values(["start", "id"])
    for day in (date(1891, 1, 1), date(1904, 5, 6), date(1905, 12, 31)):
        around = events_around(tiny_events, day, before=1, after=1)
        stamp = pd.Timestamp(day)
        past = ordered[ordered["end"] < stamp].tail(1)
        now = ordered[(ordered["start"] <= stamp) & (stamp <= ordered["end"])]
        future = ordered[ordered["start"] > stamp].head(1)
        assert list(around["id"]) == [*past["id"], *now["id"], *future["id"]]
