"""Old Style (Julian) and Japanese era dates for a Gregorian day.

Russian documents of the period print Julian dates; Japanese ones count Meiji
years. We store Gregorian dates and derive the others here, with ``convertdate``
doing the calendar arithmetic.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from convertdate import julian

# Meiji 1 began in 1868; Japan adopted the Gregorian calendar in 1873, so from
# then on Meiji N is simply Gregorian year - 1867.
MEIJI_FIRST_YEAR = 1868


class JulianDate(NamedTuple):
    """A Julian calendar date. Not a ``datetime.date``: 29 Feb 1900 exists only here."""

    year: int
    month: int
    day: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def fromisoformat(cls, text: str) -> JulianDate:
        """Parse ``YYYY-MM-DD``; raise ``ValueError`` unless it is a real Julian date."""
        parts = text.split("-")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"not a YYYY-MM-DD date: {text!r}")
        year, month, dom = (int(p) for p in parts)
        if not (1 <= month <= 12 and dom >= 1 and julian.legal_date(year, month, dom)):
            raise ValueError(f"no such Julian date: {text!r}")
        return cls(year, month, dom)


def to_julian(day: date) -> JulianDate:
    """The Old Style (Julian calendar) date of a Gregorian ``day``."""
    return JulianDate(*julian.from_gregorian(day.year, day.month, day.day))


def from_julian(day: JulianDate) -> date:
    """The Gregorian date of an Old Style (Julian) ``day``."""
    return date(*julian.to_gregorian(day.year, day.month, day.day))


def meiji_year(day: date) -> int:
    """The Meiji era year of a Gregorian ``day`` (valid for 1873-1912)."""
    return day.year - MEIJI_FIRST_YEAR + 1
