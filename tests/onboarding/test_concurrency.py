"""Races on PostgreSQL: two submissions of one draft, two starts at once."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from accounts.models import Ward
from accounts.roles import Role
from core.errors import Conflict
from onboarding import services
from onboarding.models import Assessment, AssessmentStatus
from tests.factories import BusinessFactory, vendor
from tests.onboarding.test_scoring import STARTING

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _migration_rows():
    """The ward and role groups that migrations load: a flush by an earlier transactional test
    (the browser test) may have dropped them, whatever the order the tests run in."""
    Ward.objects.get_or_create(
        code="26743",
        defaults={
            "name": "Bến Thành",
            "name_en": "Ben Thanh",
            "type": "ward",
            "full_name": "Phường Bến Thành",
            "full_name_en": "Ben Thanh Ward",
            "former_district": "Quận 1",
            "former_province": "Thành phố Hồ Chí Minh",
        },
    )
    for role in Role:
        Group.objects.get_or_create(name=role.value)


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
