"""Writes of the onboarding app: start or resume an assessment, save answers, submit it.

Who may take a business's assessment: its members, or a programme manager (the assessment is then
marked "assisted"). Anyone else gets ``NotFound``, the same as for a business that does not exist.
Submitted assessments never change: saving into or submitting one again raises ``Conflict``.
Each write publishes ``core.events.AssessmentChanged`` (the programme's facts follow).
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Business, Membership, User
from accounts.roles import Role
from accounts.selectors import user_has_role
from core.errors import Conflict, DomainError, NotFound
from core.events import AssessmentChanged, publish
from onboarding import questionnaire as registry
from onboarding import scoring
from onboarding.models import Assessment, AssessmentStatus


def _assisted(*, user: User, business: Business) -> bool:
    """False for a member, True for a programme manager who is not one; NotFound otherwise."""
    if user.is_authenticated and Membership.objects.filter(user=user, business=business).exists():
        return False
    if user_has_role(user=user, role=Role.PROGRAMME_MANAGER):
        return True
    raise NotFound(_("No such business."))


def _prefill(answers: dict, version: str) -> dict:
    """The previous answers that still fit ``version`` (codes and points may change between them)."""
    questionnaire = registry.get(version)
    return {
        code: value
        for code, value in answers.items()
        if (question := questionnaire.question(code)) is not None
        and (question.option(value) is not None if value is not None else question.not_applicable)
    }


@transaction.atomic
def assessment_start(*, business: Business, user: User) -> Assessment:
    """The business's draft, or a new one on the current version prefilled with the last answers."""
    assisted = _assisted(user=user, business=business)
    draft = Assessment.objects.filter(business=business, status=AssessmentStatus.DRAFT).first()
    if draft is not None:
        return draft
    last = (
        Assessment.objects.filter(business=business, status=AssessmentStatus.SUBMITTED)
        .order_by("-taken_at")
        .first()
    )
    version = registry.current().version
    try:
        with transaction.atomic():
            draft = Assessment.objects.create(
                business=business,
                version=version,
                answers=_prefill(last.answers, version) if last else {},
                assisted=assisted,
                started_by=user,
            )
            publish(AssessmentChanged(business_id=business.pk))
            return draft
    except IntegrityError:
        # Two tabs started at once: the unique draft constraint decided, use the winner.
        return Assessment.objects.get(business=business, status=AssessmentStatus.DRAFT)


def _locked_draft(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != AssessmentStatus.DRAFT:
        raise Conflict(
            _("This assessment was already submitted on %(date)s and cannot be changed.")
            % {"date": date_format(timezone.localtime(locked.taken_at), "DATE_FORMAT")},
            code="already_submitted",
        )
    return locked


@transaction.atomic
def assessment_save_answers(
    *, assessment: Assessment, user: User, answers: dict[str, int | None]
) -> Assessment:
    """Merges answers into the draft (some or all questions; ``None`` = not applicable)."""
    assisted = _assisted(user=user, business=assessment.business)
    locked = _locked_draft(assessment)
    questionnaire = scoring.questionnaire_for(locked.version)
    errors = scoring.check_answers(questionnaire, answers, complete=False)
    if errors:
        raise scoring.InvalidAnswers(errors)
    locked.answers = {**locked.answers, **answers}
    locked.assisted = locked.assisted or assisted
    locked.save(update_fields=["answers", "assisted", "updated_at"])
    publish(AssessmentChanged(business_id=locked.business_id))
    return locked


@transaction.atomic
def assessment_submit(
    *, assessment: Assessment, user: User, taken_at: datetime | None = None
) -> Assessment:
    """Scores the draft and freezes it. ``taken_at`` records a paper form entered later."""
    assisted = _assisted(user=user, business=assessment.business)
    locked = _locked_draft(assessment)
    now = timezone.now()
    if taken_at is not None and taken_at > now:
        raise DomainError(_("The date taken cannot be in the future."), field="taken_at")
    result = scoring.score(version=locked.version, answers=locked.answers)
    locked.status = AssessmentStatus.SUBMITTED
    locked.dimension_scores = {
        code: float(value) for code, value in result.dimension_scores.items()
    }
    locked.overall = result.overall
    locked.unweighted_mean = result.unweighted_mean
    locked.level = result.level
    locked.gate_capped = result.gate_capped
    locked.plan = result.plan_codes
    locked.advice = list(result.advice)
    locked.assisted = locked.assisted or assisted
    locked.taken_by = user
    locked.taken_at = taken_at or now
    locked.save()
    publish(AssessmentChanged(business_id=locked.business_id))
    return locked
