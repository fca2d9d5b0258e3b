"""Reads of the onboarding app: who may take a business's assessment, drafts, history, changes.

The programme dashboard reads submitted assessments through ``submitted_assessments``.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from accounts.models import Business, User
from accounts.roles import Role
from accounts.selectors import business_for_member, businesses_for_user, user_has_role
from onboarding import questionnaire as registry
from onboarding.models import Assessment, AssessmentStatus

BUSINESS_SEARCH_LIMIT = 20


def is_programme_manager(*, user: User) -> bool:
    return user_has_role(user=user, role=Role.PROGRAMME_MANAGER)


def business_for_assessor(*, user: User, slug: str) -> tuple[Business, bool] | None:
    """(business, assisted) if ``user`` may take its assessment: a member (assisted False) or a
    programme manager (assisted True); None otherwise (callers answer 404)."""
    business = business_for_member(user=user, slug=slug)
    if business is not None:
        return business, False
    if is_programme_manager(user=user):
        business = Business.objects.select_related("ward").filter(slug=slug).first()
        if business is not None:
            return business, True
    return None


def businesses_for_assessor(*, user: User, query: str = "") -> QuerySet[Business]:
    """The user's own businesses; for a programme manager, businesses found by ``query``."""
    if query and is_programme_manager(user=user):
        return Business.objects.filter(trading_name__icontains=query.strip()).order_by(
            "trading_name"
        )[:BUSINESS_SEARCH_LIMIT]
    return businesses_for_user(user=user).order_by("trading_name")


def submitted_assessments(*, business: Business | None = None) -> QuerySet[Assessment]:
    """Submitted assessments, newest first (of one business, or of all)."""
    assessments = Assessment.objects.filter(status=AssessmentStatus.SUBMITTED)
    if business is not None:
        assessments = assessments.filter(business=business)
    return assessments.select_related("taken_by").order_by("-taken_at", "-pk")


def draft_for(*, business: Business) -> Assessment | None:
    return Assessment.objects.filter(business=business, status=AssessmentStatus.DRAFT).first()


def assessment_of(*, business: Business, pk: int) -> Assessment | None:
    return Assessment.objects.select_related("taken_by").filter(business=business, pk=pk).first()


def previous_assessment(*, assessment: Assessment) -> Assessment | None:
    """The submission before ``assessment`` (None for the first, T0)."""
    return (
        submitted_assessments(business=assessment.business)
        .filter(taken_at__lt=assessment.taken_at)
        .first()
    )


def latest_by_business(*, businesses) -> dict[int, Assessment]:
    """The latest submitted assessment per business id, in one query."""
    latest = {}
    for assessment in submitted_assessments().filter(business__in=list(businesses)):
        latest.setdefault(assessment.business_id, assessment)
    return latest


def draft_business_ids(*, businesses) -> set[int]:
    return set(
        Assessment.objects.filter(
            business__in=list(businesses), status=AssessmentStatus.DRAFT
        ).values_list("business_id", flat=True)
    )


@dataclass(frozen=True)
class DimensionRow:
    code: str
    name: str
    short: str
    weight: int
    score: Decimal
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.score - self.previous


def dimension_rows(
    *, assessment: Assessment, previous: Assessment | None = None
) -> list[DimensionRow]:
    """One row per dimension of the assessment's version, with the change since ``previous``."""
    questionnaire = registry.get(assessment.version)
    before = previous.dimension_scores if previous else {}
    return [
        DimensionRow(
            code=d.code,
            name=str(d.name),
            short=str(d.short),
            weight=d.weight,
            score=Decimal(str(assessment.dimension_scores[d.code])),
            previous=Decimal(str(before[d.code])) if d.code in before else None,
        )
        for d in questionnaire.dimensions
    ]
