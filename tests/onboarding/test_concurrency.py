"""Races on PostgreSQL: two submissions of one draft, two starts at once."""

import threading

import pytest
from django.db import connection

from onboarding import services
from onboarding.models import Assessment, AssessmentStatus
from privacy.errors import Conflict
from tests.factories import BusinessFactory, vendor
from tests.onboarding.test_scoring import STARTING

pytestmark = [
    pytest.mark.postgres,
    # The flush after each test would drop the wards and groups loaded by migrations.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _race(target, count=2):
    barrier = threading.Barrier(count)
    outcomes = []

    def run():
        barrier.wait()
        try:
            outcomes.append(target())
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_draft_is_submitted_once():
    business = BusinessFactory()
    owner = vendor(business=business)
    draft = services.assessment_start(business=business, user=owner)
    services.assessment_save_answers(assessment=draft, user=owner, answers=STARTING)
    outcomes = _race(lambda: services.assessment_submit(assessment=draft, user=owner))
    assert sorted(type(o).__name__ for o in outcomes) == ["Assessment", "Conflict"]
    assert isinstance(next(o for o in outcomes if isinstance(o, Exception)), Conflict)
    assert Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).count() == 1


def test_two_starts_share_one_draft():
    business = BusinessFactory()
    owner = vendor(business=business)
    outcomes = _race(lambda: services.assessment_start(business=business, user=owner), count=3)
    assert all(isinstance(o, Assessment) for o in outcomes)
    assert len({o.pk for o in outcomes}) == 1
    assert Assessment.objects.filter(business=business).count() == 1
