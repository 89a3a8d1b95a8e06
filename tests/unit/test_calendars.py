from datetime import date

from map_layers.calendars import JulianDate, from_julian, meiji_year, to_julian


def test_julian_offset_is_12_days_then_13_after_the_1900_leap_day():
    assert to_julian(date(1891, 5, 31)) == JulianDate(1891, 5, 19)
    assert to_julian(date(1900, 3, 13)) == JulianDate(1900, 2, 29)
    assert to_julian(date(1900, 3, 14)) == JulianDate(1900, 3, 1)
    assert to_julian(date(1904, 2, 8)).isoformat() == "1904-01-26"


def test_round_trip_and_meiji():
    assert from_julian(JulianDate(1905, 1, 9)) == date(1905, 1, 22)  # Bloody Sunday
    assert meiji_year(date(1904, 2, 10)) == 37
    assert meiji_year(date(1905, 9, 5)) == 38
