import numpy as np
import pytest
from shapely.geometry import LineString

from map_layers.movement import progress_on

PATH = LineString([(0, 0), (10, 0), (10, 10)])
TIMES = np.array(["1904-05-01", "1904-05-11", "1904-05-31"], dtype="datetime64[D]")


def at(day: str):
    return progress_on(PATH, TIMES, np.datetime64(day, "D"))


def test_before_the_first_waypoint_the_unit_is_nowhere():
    progress = at("1904-04-30")
    assert progress.head is None and progress.travelled is None


def test_on_the_first_day_it_stands_at_the_start():
    progress = at("1904-05-01")
    assert (progress.head.x, progress.head.y) == (0, 0) and progress.travelled is None


def test_between_two_waypoints_it_is_interpolated_by_time():
    progress = at("1904-05-06")
    assert (progress.head.x, progress.head.y) == pytest.approx((5, 0))
    assert progress.bearing == pytest.approx(90)  # heading east
    progress = at("1904-05-21")
    assert (progress.head.x, progress.head.y) == pytest.approx((10, 5))
    assert list(progress.travelled.coords) == [(0, 0), (10, 0), (10, 5)]
    assert progress.bearing == pytest.approx(0)  # heading north
    assert progress.fraction == pytest.approx(20 / 30)


def test_after_the_last_waypoint_it_stays_at_the_end():
    progress = at("1904-07-01")
    assert (progress.head.x, progress.head.y) == (10, 10)
    assert progress.fraction == 1.0 and len(progress.travelled.coords) == 3


def test_same_day_waypoints_are_passed_at_once():
    times = np.array(["1904-05-01", "1904-05-01", "1904-05-11"], dtype="datetime64[D]")
    progress = progress_on(PATH, times, np.datetime64("1904-05-01", "D"))
    assert (progress.head.x, progress.head.y) == (10, 0)
