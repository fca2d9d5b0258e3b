"""Demo assessments: one or two per demo business over the past year, through the services.

Each business gets a first assessment (T0) 9-12 months ago; two in three take it again 1-4 months
ago with better answers, so the programme dashboard has history and progress to show. Answers are
drawn from a generator seeded per business, so every run produces the same data. Businesses that
already have an assessment are left alone (idempotent).
"""

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import Business, Membership, MembershipRole
from onboarding import questionnaire as registry
from onboarding import services
from onboarding.models import Assessment


def _answers(rng: random.Random, questionnaire, ability: float) -> dict:
    """Plausible answers around ``ability`` (0-1): each question's option near that share."""
    answers = {}
    for question in questionnaire.questions:
        if question.not_applicable and rng.random() < 0.1:
            answers[question.code] = None
            continue
        points = question.allowed_points
        wanted = ability * len(points) + rng.uniform(-1.2, 1.2)
        answers[question.code] = points[max(0, min(len(points) - 1, int(wanted)))]
    return answers


def _improved(rng: random.Random, questionnaire, answers: dict) -> dict:
    """Later answers: a third of the questions move up one option."""
    better = dict(answers)
    for question in questionnaire.questions:
        value = better[question.code]
        if value is not None and rng.random() < 0.35:
            higher = [p for p in question.allowed_points if p > value]
            if higher:
                better[question.code] = higher[0]
    return better


def _take(*, business, user, answers, taken_at):
    draft = services.assessment_start(business=business, user=user)
    draft = services.assessment_save_answers(assessment=draft, user=user, answers=answers)
    return services.assessment_submit(assessment=draft, user=user, taken_at=taken_at)


def seed(*, stdout, style, password):
    questionnaire = registry.current()
    now = timezone.now()
    created = 0
    for index, business in enumerate(Business.objects.order_by("pk")):
        if Assessment.objects.filter(business=business).exists():
            continue
        owner = (
            Membership.objects.filter(business=business, role=MembershipRole.OWNER)
            .select_related("user")
            .first()
        )
        if owner is None:
            continue
        rng = random.Random(f"choso-demo-{business.slug}")
        ability = 0.05 + 0.65 * rng.random()
        first = _answers(rng, questionnaire, ability)
        _take(
            business=business,
            user=owner.user,
            answers=first,
            taken_at=now - timedelta(days=rng.randint(270, 360)),
        )
        created += 1
        if index % 3 != 2:
            _take(
                business=business,
                user=owner.user,
                answers=_improved(rng, questionnaire, first),
                taken_at=now - timedelta(days=rng.randint(30, 120)),
            )
            created += 1
    stdout.write(f"onboarding: {created} new demo assessments")
