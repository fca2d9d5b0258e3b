"""The assessment's life: start, save as you go, submit once, retake prefilled; who may take it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from accounts.roles import Role
from core.errors import Conflict, DomainError, NotFound
from onboarding import selectors, services
from onboarding.models import Assessment, AssessmentStatus
from tests.factories import BusinessFactory, UserFactory, vendor
from tests.onboarding.factories import take_assessment
from tests.onboarding.test_scoring import FORMING, STARTING

pytestmark = pytest.mark.django_db


@pytest.fixture
def business():
    return BusinessFactory()


@pytest.fixture
def owner(business):
    return vendor(business=business)


def test_start_save_and_submit(business, owner):
    draft = services.assessment_start(business=business, user=owner)
    assert (draft.status, draft.version, draft.answers, draft.assisted) == (
        AssessmentStatus.DRAFT,
        "2026.1",
        {},
        False,
    )
    assert services.assessment_start(business=business, user=owner) == draft  # resumed
    half = {code: STARTING[code] for code in ("S1", "S2", "P5")}
    services.assessment_save_answers(assessment=draft, user=owner, answers=half)
    draft.refresh_from_db()
    assert draft.answers == {"S1": 1, "S2": 1, "P5": None}
    services.assessment_save_answers(assessment=draft, user=owner, answers=STARTING)
    submitted = services.assessment_submit(assessment=draft, user=owner)
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.SUBMITTED
    assert submitted.overall == Decimal("22.3")
    assert submitted.unweighted_mean == Decimal("22.8")
    assert submitted.level == "L1" and submitted.gate_capped is False
    assert submitted.dimension_scores == {
        "S": 37.5,
        "E": 20.0,
        "P": 25.0,
        "O": 12.5,
        "C": 16.7,
        "H": 25.0,
    }
    assert submitted.plan[0] == "publish_storefront" and len(submitted.plan) == 5
    assert submitted.taken_by == owner and submitted.taken_at is not None


def test_submitted_assessment_is_immutable(business, owner):
    done = take_assessment(business=business, user=owner, answers=STARTING)
    with pytest.raises(Conflict) as caught:
        services.assessment_submit(assessment=done, user=owner)
    assert caught.value.code == "already_submitted"
    with pytest.raises(Conflict):
        services.assessment_save_answers(assessment=done, user=owner, answers={"S1": 4})
    done.refresh_from_db()
    assert done.answers["S1"] == 1 and done.overall == Decimal("22.3")


def test_missing_answers_block_submission_and_name_the_questions(business, owner):
    draft = services.assessment_start(business=business, user=owner)
    partial = {k: v for k, v in STARTING.items() if k not in ("E4", "H2")}
    services.assessment_save_answers(assessment=draft, user=owner, answers=partial)
    with pytest.raises(DomainError) as caught:
        services.assessment_submit(assessment=draft, user=owner)
    assert set(caught.value.errors) == {"E4", "H2"}
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_bad_answers_change_nothing(business, owner):
    draft = services.assessment_start(business=business, user=owner)
    with pytest.raises(DomainError) as caught:
        services.assessment_save_answers(
            assessment=draft, user=owner, answers={"S1": 1, "S3": 3, "Z1": 0}
        )
    assert set(caught.value.errors) == {"S3", "Z1"}
    draft.refresh_from_db()
    assert draft.answers == {}


def test_only_members_or_programme_managers(business, owner):
    stranger = UserFactory()
    with pytest.raises(NotFound):
        services.assessment_start(business=business, user=stranger)
    draft = services.assessment_start(business=business, user=owner)
    with pytest.raises(NotFound):
        services.assessment_save_answers(assessment=draft, user=stranger, answers={"S1": 0})
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    services.assessment_save_answers(assessment=draft, user=manager, answers=STARTING)
    done = services.assessment_submit(assessment=draft, user=owner)
    assert done.assisted is True  # a programme officer helped with it


def test_programme_manager_alone_marks_assisted(business):
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    done = take_assessment(business=business, user=manager, answers=STARTING)
    assert done.assisted is True and done.taken_by == manager
    assert selectors.business_for_assessor(user=manager, slug=business.slug) == (business, True)


def test_staff_member_takes_it_unassisted(business):
    staff = vendor(business=business, role="staff")
    assert take_assessment(business=business, user=staff).assisted is False


def test_retake_is_prefilled_and_history_keeps_both(business, owner):
    first = take_assessment(
        business=business,
        user=owner,
        answers=STARTING,
        taken_at=timezone.now() - timedelta(days=200),
    )
    draft = services.assessment_start(business=business, user=owner)
    assert draft.answers == STARTING and draft.pk != first.pk
    services.assessment_save_answers(assessment=draft, user=owner, answers=FORMING)
    second = services.assessment_submit(assessment=draft, user=owner)
    assert list(selectors.submitted_assessments(business=business)) == [second, first]
    assert selectors.previous_assessment(assessment=second) == first
    assert selectors.previous_assessment(assessment=first) is None
    rows = {row.code: row for row in selectors.dimension_rows(assessment=second, previous=first)}
    assert rows["E"].change == Decimal("40.0")  # 20.0 -> 60.0
    assert rows["C"].change == Decimal("33.3")  # 16.7 -> 50.0


def test_prefill_drops_answers_that_no_longer_fit(business, owner):
    old = take_assessment(business=business, user=owner, answers=STARTING)
    # An answer stored under an older version that the current one does not know.
    Assessment.objects.filter(pk=old.pk).update(answers={**STARTING, "S1": 2, "Q9": 1})
    draft = services.assessment_start(business=business, user=owner)
    assert "S1" not in draft.answers and "Q9" not in draft.answers
    assert draft.answers["S2"] == 1


def test_taken_at_cannot_be_in_the_future(business, owner):
    draft = services.assessment_start(business=business, user=owner)
    services.assessment_save_answers(assessment=draft, user=owner, answers=STARTING)
    with pytest.raises(DomainError) as caught:
        services.assessment_submit(
            assessment=draft, user=owner, taken_at=timezone.now() + timedelta(days=1)
        )
    assert caught.value.field == "taken_at"
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_one_draft_per_business_in_the_database(business, owner):
    services.assessment_start(business=business, user=owner)

    with pytest.raises(IntegrityError):
        Assessment.objects.create(business=business, version="2026.1")
