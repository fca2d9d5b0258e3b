"""Demo data of the programme: spreads the demo businesses over the past 18 months, then brings
every business's facts up to date so the dashboard and the open data show the records the lower
apps seeded (the city's targets come from a migration).

The lower apps' seeders make every business at the moment they run, while their assessments and
orders lie up to a year back: the trends would start with every business joining today. Here each
business seeded in the last day joins between 18 months ago and shortly before its first
assessment or order, and the month its e-payment account was first seen ready is set between its
joining and now; a generator seeded per business keeps every run the same. Businesses that joined
earlier are left alone (idempotent).
"""

import random
from datetime import timedelta

from django.db.models import Min, Q
from django.utils import timezone

from accounts.models import Business
from onboarding.models import AssessmentStatus
from programme.cache import invalidate
from programme.models import BusinessFacts
from programme.services import business_facts_refresh, month_of

MONTHS = 18
SPAN = timedelta(days=30 * MONTHS)


def _spread_joining(now) -> int:
    earliest = now - SPAN
    recent = Business.objects.filter(created_at__gte=now - timedelta(days=1)).annotate(
        first_assessed=Min(
            "assessments__taken_at", filter=Q(assessments__status=AssessmentStatus.SUBMITTED)
        ),
        first_order=Min("orders__created_at"),
    )
    moved = 0
    for business in recent.order_by("pk"):
        rng = random.Random(business.pk)
        latest = min(
            (when for when in (business.first_assessed, business.first_order) if when),
            default=now,
        ) - timedelta(days=rng.randint(3, 45))
        latest = max(latest, earliest)
        joined = latest - (latest - earliest) * rng.random() ** 2
        # A queryset update: the demo rewrites history, it is not a change to announce.
        Business.objects.filter(pk=business.pk).update(created_at=joined)
        moved += 1
    return moved


def _spread_readiness(now) -> None:
    """Facts first see every demo account ready today; spread that between joining and now."""
    for facts in BusinessFacts.objects.filter(payment_ready=True).order_by("business_id"):
        if facts.payment_ready_at < now - timedelta(days=1):
            continue
        rng = random.Random(facts.business_id * 7)
        when = facts.joined_at + (now - facts.joined_at) * rng.uniform(0.05, 0.9)
        BusinessFacts.objects.filter(pk=facts.pk).update(
            payment_ready_at=when, payment_ready_month=month_of(when)
        )


def seed(*, stdout, style, password):
    now = timezone.now()
    moved = _spread_joining(now)
    count = business_facts_refresh()
    _spread_readiness(now)
    invalidate()
    stdout.write(
        f"programme: {moved} businesses spread over {MONTHS} months, facts of {count} refreshed"
    )
