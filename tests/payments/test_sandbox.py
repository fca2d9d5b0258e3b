"""Opening an account with the sandbox provider, through the services and the same webhook path."""

import json

import pytest
from django.urls import reverse

from core.errors import Conflict
from payments import services
from payments.models import AccountState, PaymentAccount, SandboxAccount, WebhookEvent
from payments.providers import get_provider
from payments.providers.base import WebhookSignatureInvalid
from payments.sandbox.provider import SandboxProvider, sign
from payments.sandbox.services import Decision, sandbox_account_decide
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.SITE_URL = "https://choso.example.vn"
    return BusinessFactory(
        trading_name="Cà Phê Sáng",
        legal_name="Hộ kinh doanh Cà Phê Sáng",
        business_type="household",
        email="lienhe@caphesang.vn",
        sector="I",
    )


def test_open_sends_the_profile_as_prefill(business):
    account = services.payment_account_open(business=business)

    sandbox = SandboxAccount.objects.get()
    assert sandbox.business_id == business.pk
    assert sandbox.prefill == {
        "email": "lienhe@caphesang.vn",
        "business_name": "Cà Phê Sáng",
        "legal_name": "Hộ kinh doanh Cà Phê Sáng",
        "business_type": "individual",
        "product_description": "Cà Phê Sáng: Accommodation and food service",
        "url": "https://choso.example.vn/",
        "country": "SG",
    }
    assert account.provider == "sandbox"
    assert account.provider_account_id == sandbox.account_id
    assert account.state == AccountState.INFORMATION_NEEDED
    assert account.requirements_due == [
        "external_account",
        "representative.id_number",
        "tos_acceptance.date",
    ]


def test_local_site_url_is_not_sent_as_the_business_website(business, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert services.account_prefill(business=business).url == ""


def test_open_twice_keeps_one_account(business):
    first = services.payment_account_open(business=business)
    second = services.payment_account_open(business=business)
    assert first.pk == second.pk
    assert SandboxAccount.objects.count() == PaymentAccount.objects.count() == 1


def test_approve_goes_through_the_webhook_path_and_makes_the_account_ready(business):
    account = services.payment_account_open(business=business)

    result = sandbox_account_decide(
        account_id=account.provider_account_id, decision=Decision.APPROVE
    )

    assert result.failed is False
    event = WebhookEvent.objects.get()
    assert (event.provider, event.endpoint, event.type, event.outcome) == (
        "sandbox",
        "connect",
        "account.updated",
        "applied",
    )
    assert json.loads(event.payload)["data"]["object"]["charges_enabled"] is True
    account.refresh_from_db()
    business.refresh_from_db()
    assert account.state == AccountState.READY
    assert business.can_take_payments is True


def test_more_information_then_approve(business):
    account = services.payment_account_open(business=business)
    sandbox_account_decide(
        account_id=account.provider_account_id, decision=Decision.MORE_INFORMATION
    )
    account.refresh_from_db()
    assert account.state == AccountState.INFORMATION_NEEDED
    assert account.requirements_due == ["individual.verification.document"]

    sandbox_account_decide(account_id=account.provider_account_id, decision=Decision.APPROVE)
    account.refresh_from_db()
    assert account.state == AccountState.READY


def test_rejected_account_cannot_be_reopened(business):
    account = services.payment_account_open(business=business)
    sandbox_account_decide(account_id=account.provider_account_id, decision=Decision.REJECT)
    account.refresh_from_db()
    assert account.state == AccountState.REJECTED

    with pytest.raises(Conflict):
        services.payment_account_open(business=business)


def test_refresh_reads_the_sandbox_status(business):
    account = services.payment_account_open(business=business)
    SandboxAccount.objects.update(
        charges_enabled=True, payouts_enabled=True, details_submitted=True, currently_due=[]
    )

    refreshed = services.payment_account_refresh(account=account)

    assert refreshed.state == AccountState.READY
    business.refresh_from_db()
    assert business.can_take_payments is True


def test_sandbox_signature_is_checked():
    provider = SandboxProvider()
    body = b'{"id":"evt_1","type":"account.updated","created":1,"data":{"object":{}}}'
    with pytest.raises(WebhookSignatureInvalid):
        provider.parse_webhook(body=body, signature="t=1,v1=00", endpoint="connect")
    with pytest.raises(WebhookSignatureInvalid):
        provider.parse_webhook(body=body + b" ", signature=sign(body), endpoint="connect")
    with pytest.raises(WebhookSignatureInvalid):
        provider.parse_webhook(body=body, signature=sign(body, timestamp=1), endpoint="connect")
    event = provider.parse_webhook(body=body, signature=sign(body), endpoint="connect")
    assert (event.id, event.type, event.account_status) == ("evt_1", "account.updated", None)


def test_registry_picks_the_configured_provider(settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    assert get_provider().name == "sandbox"
    assert get_provider("stripe").name == "stripe"


def test_onboarding_link_is_on_this_site(business):
    account = services.payment_account_open(business=business)
    url = services.payment_account_onboarding_url(
        account=account, return_url="https://x/return", refresh_url="https://x/refresh"
    )
    assert url.startswith(
        reverse("payments:sandbox_onboarding", kwargs={"account_id": account.provider_account_id})
    )
