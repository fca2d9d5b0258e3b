"""Working days in Viet Nam: Monday to Friday, except public holidays (the ``holidays`` package's
calendar for VN, lunar new year and substituted days included).

A request received on day D is acknowledged "within 2 working days": by the 2nd working day after
D (D itself does not count, whatever the hour), and completed by the 15th.
"""

import datetime
from functools import lru_cache

import holidays

ACKNOWLEDGE_DAYS = 2
COMPLETE_DAYS = 15


@lru_cache(maxsize=16)
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``start``."""
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def due_dates(received: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(acknowledge by, complete by) for a request received on ``received`` (a city date)."""
    return add_working_days(received, ACKNOWLEDGE_DAYS), add_working_days(received, COMPLETE_DAYS)
