from datetime import date

import pytest

from map_layers.permalink import DEFAULT_DAY, MapState, View, parse_params, to_params


def test_round_trip():
    state = MapState(
        day=date(1905, 5, 27), lang="ar", layers=frozenset({"events", "movements"}), view=View(34.3, 130.0, 6)
    )
    assert parse_params(to_params(state)) == (state, [])


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"date": "1905-02-30"}, "date"),
        ({"date": "1950-01-01"}, "date"),
        ({"lang": "fr"}, "lang"),
        ({"layers": "events,bombs"}, "layers"),
        ({"view": "91,0,5"}, "view"),
        ({"view": "40,120,99"}, "view"),
        ({"view": "nan,120,5"}, "view"),
        ({"view": "a,b"}, "view"),
        ({"date": "1" * 5000}, "date"),
    ],
)
def test_bad_parameters_fall_back_with_a_named_problem(params, name):
    state, problems = parse_params(params)
    assert state == MapState()
    assert [p.name for p in problems] == [name]


def test_good_parameters_survive_a_bad_neighbour():
    state, problems = parse_params({"date": "1904-08-10", "lang": "xx"})
    assert state.day == date(1904, 8, 10) and state.lang == "en"
    assert len(problems) == 1 and state.day != DEFAULT_DAY


def test_permalink_url_and_view_extent():
    state = MapState(day=date(1905, 5, 27), lang="ar", view=View(34.4, 130.0, 6))
    from map_layers.permalink import permalink_url

    assert permalink_url("http://host/", state) == "http://host/?date=1905-05-27&lang=ar&view=34.4,130.0,6"
    west, south, east, north = View(40.0, 125.0, 4).bbox(960, 600)
    assert west < 125 < east and south < 40 < north
    assert round(east - west, 1) == round(960 / (256 * 2**4) * 360, 1)
