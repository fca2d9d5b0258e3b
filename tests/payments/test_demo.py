"""The demo data of the payments app: most businesses ready through the sandbox, idempotent."""

import io

import pytest
from django.core.management.color import no_style

from accounts import demo as accounts_demo
from accounts.models import Business
from payments import demo
from payments.models import AccountState, PaymentAccount, WebhookEvent


@pytest.mark.django_db
def test_seed_gives_most_businesses_a_ready_account_and_is_idempotent():
    out = io.StringIO()
    accounts_demo.seed(stdout=out, style=no_style(), password="pw-Demo-2026!")
    demo.seed(stdout=out, style=no_style(), password="pw-Demo-2026!")

    states = dict(PaymentAccount.objects.values_list("business__trading_name", "state"))
    assert len(states) == 11
    assert states["Sửa Xe Máy Thành Công"] == AccountState.INFORMATION_NEEDED
    assert "Spa Hoa Sen" not in states
    assert sum(state == AccountState.READY for state in states.values()) == 10
    assert Business.objects.filter(can_take_payments=True).count() == 10
    assert WebhookEvent.objects.filter(provider="sandbox", outcome="applied").count() == 11

    demo.seed(stdout=out, style=no_style(), password="pw-Demo-2026!")
    assert PaymentAccount.objects.count() == 11
    assert WebhookEvent.objects.count() == 11
