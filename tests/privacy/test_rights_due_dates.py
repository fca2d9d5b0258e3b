"""Due dates of data-subject requests: acknowledged within 2 and completed within 15 working days
in Viet Nam (weekends and public holidays excluded, the `holidays` package's calendar)."""

import datetime

import pytest

from privacy import services, workdays
from privacy.models import RequestKind

D = datetime.date


def test_a_friday_request_is_acknowledged_by_tuesday_across_the_weekend():
    # Friday 4 December 2026.
    assert workdays.due_dates(D(2026, 12, 4)) == (D(2026, 12, 8), D(2026, 12, 25))


def test_the_lunar_new_year_holidays_do_not_count():
    # Thursday 12 February 2026; Tết: Monday 16 to Friday 20 February are public holidays.
    acknowledge_by, complete_by = workdays.due_dates(D(2026, 2, 12))
    assert acknowledge_by == D(2026, 2, 23)  # Friday 13th, then Monday 23rd
    assert complete_by == D(2026, 3, 12)


def test_national_day_and_a_weekend_together():
    # Friday 28 August 2026: Monday 31 August (substituted day off), 1 and 2 September are holidays.
    assert workdays.add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)
    assert workdays.add_working_days(D(2026, 8, 28), 2) == D(2026, 9, 4)


def test_working_days_exclude_exactly_weekends_and_holidays():
    assert workdays.is_working_day(D(2026, 12, 7))  # a Monday
    assert not workdays.is_working_day(D(2026, 12, 5))  # a Saturday
    assert not workdays.is_working_day(D(2026, 4, 30))  # Reunification Day, a Thursday


@pytest.mark.django_db
def test_a_request_carries_its_due_dates_counted_in_the_city(user):
    # 23:30 UTC on Thursday 29 April 2026 is already Friday 30 April (a holiday) in the city.
    received = datetime.datetime(2026, 4, 29, 23, 30, tzinfo=datetime.UTC)
    row = services.rights_request_open(kind=RequestKind.CORRECTION, user=user, now=received)
    # Friday 1 May is Labour Day: Monday 4 and Tuesday 5 May are the first two working days.
    assert row.acknowledge_by == D(2026, 5, 5)
