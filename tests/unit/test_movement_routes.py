"""The movement build's geometry rules (tools/movement_routes.py) on tiny synthetic land."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import movement_routes as mr  # a dev-only tool module, not part of the app


@pytest.fixture
def island() -> mr.Land:
    """A 1-degree square island at 10-11E, 0-1N; everything else is sea."""
    land = box(10.0, 0.0, 11.0, 1.0)
    shapely.prepare(land)
    return mr.Land(land, box(-180, -90, 180, 90))


def test_a_sea_leg_across_the_island_crosses_land(island):
    assert not mr.sea_crossings(island, [(9.5, 0.5), (11.5, 0.5)]).is_empty


def test_a_port_on_the_coast_gets_a_harbour_disc_a_via_point_does_not(island):
    # ends 2 km inside the coast (0.018 deg): allowed at a named port, not at a bare route vertex
    leg = [(9.5, 0.5), (10.018, 0.5)]
    assert mr.sea_crossings(island, leg, (False, True)).is_empty
    assert not mr.sea_crossings(island, leg, (False, False)).is_empty


def test_a_land_leg_measures_its_longest_stretch_over_water(island):
    # from the island's east coast 1 degree out to sea at the equator: ~111 km over water
    assert mr.longest_at_sea_km(island, [(10.5, 0.5), (12.0, 0.5)]) == pytest.approx(111.2, abs=1.0)
    assert mr.longest_at_sea_km(island, [(10.2, 0.2), (10.8, 0.8)]) == 0.0


def test_vertices_dated_at_an_even_pace_with_a_vertex_at_each_day_boundary():
    start, end = dt.date(1904, 1, 1), dt.date(1904, 1, 5)
    coords = [(0.0, 0.0), (1.0, 0.0), (4.0, 0.0)]  # 4 degrees of longitude in 4 days
    out, modes, dates = mr.date_vertices(coords, ["sea", "sea"], start, end)
    assert dates[0] == start and dates[-1] == end and dates == sorted(dates)
    assert len(modes) == len(out) - 1 and set(modes) == {"sea"}
    # on each whole day the last vertex dated that day is exactly where the unit stands
    for day in range(5):
        last = max(i for i, d in enumerate(dates) if d <= start + dt.timedelta(days=day))
        assert out[last][0] == pytest.approx(float(day), abs=1e-6)


def test_a_stay_in_port_keeps_both_dates():
    out, _modes, dates = mr.date_vertices([(5.0, 5.0), (5.0, 5.0)], ["sea"], dt.date(1904, 12, 29), dt.date(1905, 1, 3))
    assert out == [(5.0, 5.0), (5.0, 5.0)] and dates == [dt.date(1904, 12, 29), dt.date(1905, 1, 3)]
