"""Assessment answers for the programme's research: the one door research reads them through.

Answers are studied only for businesses whose owner gave the purpose "using assessment answers in
the programme's research" (asked on the business profile and on My privacy, off by default) and has
not withdrawn it; the consent is read through ``privacy.selectors`` at every call, so a withdrawal
takes effect on the next read. Rows carry no name or id of the business: a keyed pseudonym
(HMAC under ``BLIND_INDEX_KEY``) lets answers over time be linked without saying whose they are.

The programme's dashboard and open data read each business's scores and level (and three answers
for the "digital platforms" indicator) to follow the programme's own targets; that is the
programme's monitoring, not this research use.
"""

from dataclasses import dataclass

from django.utils import timezone

from onboarding.models import Assessment, AssessmentStatus
from privacy.crypto import blind_index
from privacy.selectors import businesses_consenting_to_research


@dataclass(frozen=True)
class ResearchRow:
    respondent: str
    version: str
    taken_month: str
    answers: dict
    level: str


def respondent_key(business_id: int) -> str:
    return blind_index(f"research:{business_id}")[:16]


def research_answers() -> list[ResearchRow]:
    """Submitted assessments of consenting businesses, oldest first, pseudonymised."""
    rows = (
        Assessment.objects.filter(
            status=AssessmentStatus.SUBMITTED,
            business_id__in=businesses_consenting_to_research(),
        )
        .only("business_id", "version", "taken_at", "answers", "level")
        .order_by("taken_at", "pk")
    )
    return [
        ResearchRow(
            respondent=respondent_key(row.business_id),
            version=row.version,
            taken_month=timezone.localtime(row.taken_at).strftime("%Y-%m") if row.taken_at else "",
            answers=row.answers,
            level=row.level,
        )
        for row in rows
    ]
