"""The programme's demo step spreads the seeded businesses over 18 months, before their first
assessment or order, so the trends have shapes; running it again changes nothing."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Business
from payments.models import AccountState
from programme import demo, selectors
from programme.filters import Filters
from programme.models import BusinessFacts
from tests.factories import BusinessFactory
from tests.payments.factories import PaymentAccountFactory
from tests.programme.factories import assessment

pytestmark = pytest.mark.django_db


def test_demo_businesses_join_over_eighteen_months_before_their_first_assessment(db):
    now = timezone.now()
    assessed = BusinessFactory.create_batch(6)
    for business in assessed:
        assessment(business, overall=40, taken_at=now - timedelta(days=300))
        PaymentAccountFactory(business=business, state=AccountState.READY)
    BusinessFactory.create_batch(6)
    demo.seed(stdout=io.StringIO(), style=None, password="")

    earliest = now - demo.SPAN - timedelta(minutes=1)
    for business in Business.objects.all():
        assert earliest <= business.created_at < now - timedelta(days=2)
    for business in Business.objects.filter(pk__in=[b.pk for b in assessed]):
        assert business.created_at < now - timedelta(days=300)
    for facts in BusinessFacts.objects.filter(payment_ready=True):
        assert facts.joined_at < facts.payment_ready_at < now
    months = {row["month"] for row in selectors.trends(Filters()) if row["joined"]}
    assert len(months) >= 3

    joined = dict(Business.objects.values_list("pk", "created_at"))
    ready = dict(BusinessFacts.objects.values_list("business_id", "payment_ready_at"))
    demo.seed(stdout=io.StringIO(), style=None, password="")
    assert dict(Business.objects.values_list("pk", "created_at")) == joined
    assert dict(BusinessFacts.objects.values_list("business_id", "payment_ready_at")) == ready
