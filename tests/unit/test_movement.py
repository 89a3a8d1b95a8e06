import numpy as np
import pytest
from shapely.geometry import LineString

from map_layers.movement import mode_parts, progress_on, vertex_days

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


def test_waypoints_sharing_a_date_are_passed_by_distance_not_at_once():
    # (0,0) on 1 May; (10,0) and (10,10) both dated 11 May: 20 units of path over 10 days.
    times = np.array(["1904-05-01", "1904-05-11", "1904-05-11"], dtype="datetime64[D]")
    days = vertex_days(np.asarray(PATH.coords), times)
    start = (np.datetime64("1904-05-01", "D") - np.datetime64("1970-01-01", "D")).astype(int)
    assert days == pytest.approx([start, start + 5, start + 10])
    halfway = progress_on(PATH, times, np.datetime64("1904-05-06", "D"))
    assert (halfway.head.x, halfway.head.y) == pytest.approx((10, 0))
    later = progress_on(PATH, times, np.datetime64("1904-05-08", "D"))
    assert (later.head.x, later.head.y) == pytest.approx((10, 4))
    # On the shared date itself the unit stands at the last of its waypoints, as before.
    arrived = progress_on(PATH, times, np.datetime64("1904-05-11", "D"))
    assert (arrived.head.x, arrived.head.y) == (10, 10)


def test_distinct_dates_keep_their_days_and_a_standstill_waits_for_its_date():
    assert vertex_days(np.asarray(PATH.coords), TIMES) == pytest.approx(
        (TIMES - np.datetime64("1970-01-01", "D")).astype(int)
    )
    # At anchor from 2 to 9 May (three vertices on one spot): the head stays there between.
    still = np.array([(0, 0), (1, 0), (1, 0), (1, 0)], dtype=float)
    times = np.array(["1904-05-01", "1904-05-02", "1904-05-09", "1904-05-09"], dtype="datetime64[D]")
    days = vertex_days(still, times)
    assert days[2] == days[3] > days[1]
    progress = progress_on(LineString(still), times, np.datetime64("1904-05-05", "D"))
    assert (progress.head.x, progress.head.y) == pytest.approx((1, 0))


def test_mode_parts_split_a_path_into_land_and_sea_runs():
    coords = np.array([(0, 0), (1, 0), (2, 0), (3, 0), (3.5, 0)])
    parts = mode_parts(coords, ["land", "sea", "sea", "land", "land"])
    assert [(mode, len(run)) for mode, run in parts] == [("land", 2), ("sea", 3), ("land", 2)]
    assert parts[1][1][0].tolist() == [1, 0] and parts[2][1][-1].tolist() == [3.5, 0]
    assert [mode for mode, _ in mode_parts(coords, None)] == ["land"]
