"""The open-account journey against the fake Stripe server, through the real ``stripe`` library.

The site's code talks to ``tests.fakes.stripe_server`` with ``StripeClient(base_addresses=...)``;
the fake posts signed ``account.updated`` webhooks to a live test server, as Stripe does.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from payments.models import AccountState, PaymentAccount, WebhookEvent
from payments.providers.base import (
    PaymentLine,
    PaymentRequest,
    ProviderDeclined,
    ProviderError,
    ProviderNotConfigured,
    ProviderRateLimited,
    ProviderUnavailable,
    RefundRequest,
    TransferRequest,
)
from payments.services import account_prefill
from payments.stripe.provider import StripeProvider
from tests.factories import BusinessFactory, vendor

live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def url(name, business):
    return reverse(f"payments:{name}", kwargs={"slug": business.slug})


@pytest.fixture
def business(db, reference_rows, settings):
    settings.SITE_URL = "https://choso.example.vn"
    return BusinessFactory(
        trading_name="Gốm Sứ Sài Gòn",
        legal_name="Công ty TNHH Gốm Sứ Sài Gòn Xanh",
        business_type="company",
        email="ban@gomsu.vn",
        sector="C",
    )


@pytest.fixture
def owner_client(client, business):
    client.force_login(vendor(business=business))
    return client


@live
def test_full_open_account_journey(fake_stripe, live_server, owner_client, business):
    fake_stripe.webhook_url = live_server.url + "/payments/stripe/connect-webhook/"

    # 1. The owner presses "Open e-payment account": a prefilled Express-style account.
    response = owner_client.post(url("account_open", business))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{fake_stripe.url}/setup/s/acct_fake")
    (create,) = fake_stripe.requests_to("POST", "/v1/accounts")
    assert create["params"] == {
        "country": "SG",
        "email": "ban@gomsu.vn",
        "business_type": "company",
        "controller": {
            "fees": {"payer": "application"},
            "losses": {"payments": "application"},
            "requirement_collection": "stripe",
            "stripe_dashboard": {"type": "express"},
        },
        "capabilities": {
            "card_payments": {"requested": "true"},
            "transfers": {"requested": "true"},
        },
        "business_profile": {
            "name": "Gốm Sứ Sài Gòn",
            "product_description": "Gốm Sứ Sài Gòn: Manufacturing",
            "url": "https://choso.example.vn/",
            "support_email": "ban@gomsu.vn",
        },
        "metadata": {"business_id": str(business.pk)},
        "company": {"name": "Công ty TNHH Gốm Sứ Sài Gòn Xanh"},
    }
    assert create["idempotency_key"].startswith(f"choso-account-{business.pk}-")
    (link,) = fake_stripe.requests_to("POST", "/v1/account_links")
    account = PaymentAccount.objects.get(business=business)
    assert link["params"] == {
        "account": account.provider_account_id,
        "type": "account_onboarding",
        "return_url": "http://testserver" + url("account_return", business),
        "refresh_url": "http://testserver" + url("account_refresh", business),
        "collection_options": {"fields": "currently_due"},
    }
    assert (account.provider, account.state) == ("stripe", AccountState.INFORMATION_NEEDED)

    # 2. The link expired: Stripe sends the owner to refresh_url, which makes a fresh one.
    refreshed = owner_client.get(url("account_refresh", business))
    assert refreshed["Location"].startswith(
        f"{fake_stripe.url}/setup/s/{account.provider_account_id}"
    )
    assert len(fake_stripe.requests_to("POST", "/v1/account_links")) == 2

    # 3. Back on return_url before finishing: the re-fetch shows what is still due.
    owner_client.get(url("account_return", business))
    assert len(fake_stripe.requests_to("GET", f"/v1/accounts/{account.provider_account_id}")) == 1
    account.refresh_from_db()
    assert account.state == AccountState.INFORMATION_NEEDED
    assert account.requirements_due == [
        "external_account",
        "representative.id_number",
        "tos_acceptance.date",
    ]

    # 4. Stripe finishes onboarding and sends account.updated to the Connect endpoint.
    status, body = fake_stripe.complete_onboarding(account.provider_account_id)
    assert status == 200, body
    account.refresh_from_db()
    business.refresh_from_db()
    assert account.state == AccountState.READY
    assert business.can_take_payments is True
    event = WebhookEvent.objects.get()
    assert (event.provider, event.endpoint, event.outcome) == ("stripe", "connect", "applied")

    # 5. The page says ready and opens the Express dashboard through a login link.
    page = owner_client.get(url("account", business))
    assert page.context["state"] == AccountState.READY
    dashboard = owner_client.post(url("account_dashboard", business))
    assert dashboard["Location"] == f"{fake_stripe.url}/express/{account.provider_account_id}"

    # 6. Opening again does not create a second account.
    owner_client.post(url("account_open", business))
    assert len(fake_stripe.requests_to("POST", "/v1/accounts")) == 1


@live
def test_restriction_and_fix_arrive_by_webhook(fake_stripe, live_server, owner_client, business):
    fake_stripe.webhook_url = live_server.url + "/payments/stripe/connect-webhook/"
    owner_client.post(url("account_open", business))
    account = PaymentAccount.objects.get()
    fake_stripe.complete_onboarding(account.provider_account_id)

    fake_stripe.update_account(
        account.provider_account_id,
        charges_enabled=False,
        requirements={"past_due": ["company.tax_id"], "disabled_reason": "requirements.past_due"},
    )
    account.refresh_from_db()
    business.refresh_from_db()
    assert (account.state, business.can_take_payments) == (AccountState.RESTRICTED, False)
    # The page offers to continue on Stripe again.
    assert (
        url("account_open", business) in owner_client.get(url("account", business)).content.decode()
    )


def _messages(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    ("status", "type_", "code", "error"),
    [
        (429, "invalid_request_error", "rate_limit", ProviderRateLimited),
        (400, "invalid_request_error", "account_country_invalid_address", ProviderDeclined),
        (402, "card_error", "card_declined", ProviderDeclined),
        (500, "api_error", "", ProviderError),
        (401, "invalid_request_error", "", ProviderNotConfigured),
    ],
)
def test_provider_errors_are_told_plainly_and_change_nothing(
    fake_stripe, owner_client, business, status, type_, code, error
):
    # A 500 is retried by the library; fail every attempt.
    for _ in range(3 if status == 500 else 1):
        fake_stripe.fail_next(status, type_, "Stripe says no", code)

    response = owner_client.post(url("account_open", business), follow=True)

    assert response.redirect_chain == [(url("account", business), 302)]
    with translation.override("vi"):
        assert _messages(response) == [str(error.default_message)]
    assert response.context["state"] == AccountState.NOT_STARTED
    assert not PaymentAccount.objects.exclude(provider_account_id="").exists()

    # Nothing was remembered: the owner can simply try again.
    retry = owner_client.post(url("account_open", business))
    assert retry["Location"].startswith(f"{fake_stripe.url}/setup/s/")


def test_network_down_is_told_plainly(fake_stripe, owner_client, business, settings):
    fake_stripe.stop()
    response = owner_client.post(url("account_open", business), follow=True)
    with translation.override("vi"):
        assert _messages(response) == [str(ProviderUnavailable.default_message)]
    assert not PaymentAccount.objects.exclude(provider_account_id="").exists()


def test_missing_key_is_told_plainly(settings, owner_client, business):
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = ""
    response = owner_client.post(url("account_open", business), follow=True)
    with translation.override("vi"):
        assert _messages(response) == [str(ProviderNotConfigured.default_message)]


def test_return_when_stripe_is_down_keeps_the_state(fake_stripe, owner_client, business):
    owner_client.post(url("account_open", business))
    fake_stripe.fail_next(429, "invalid_request_error", "Too many requests", "rate_limit")
    response = owner_client.get(url("account_return", business), follow=True)
    with translation.override("vi"):
        assert _messages(response) == [str(ProviderRateLimited.default_message)]
    assert PaymentAccount.objects.get().state == AccountState.INFORMATION_NEEDED


def test_same_idempotency_key_gives_the_same_account(fake_stripe, business):
    provider = StripeProvider()
    prefill = account_prefill(business=business)
    first = provider.create_account(prefill=prefill, idempotency_key="choso-account-1-abc")
    second = provider.create_account(prefill=prefill, idempotency_key="choso-account-1-abc")
    assert first == second
    assert len(fake_stripe.accounts) == 1


def test_checkout_transfer_and_refund_in_stripe_shapes(fake_stripe, business):
    provider = StripeProvider()
    destination = provider.create_account(
        prefill=account_prefill(business=business),
        idempotency_key="k1",
    ).account_id
    expires = timezone.now() + timedelta(minutes=30)

    session = provider.start_payment(
        request=PaymentRequest(
            reference="og-42",
            currency="VND",
            amount=250_000,
            lines=(
                PaymentLine(name="Bình gốm", quantity=2, unit_amount=100_000),
                PaymentLine(name="Chén trà", quantity=1, unit_amount=50_000),
            ),
            success_url="https://choso.example.vn/vi/shop/done/",
            cancel_url="https://choso.example.vn/vi/shop/cart/",
            expires_at=expires,
        )
    )
    (create,) = fake_stripe.requests_to("POST", "/v1/checkout/sessions")
    assert create["idempotency_key"] == "checkout-og-42"
    assert create["params"]["currency"] == "vnd"
    assert create["params"]["line_items"][0]["price_data"]["unit_amount"] == "100000"
    assert create["params"]["payment_intent_data"] == {
        "transfer_group": "og-42",
        "metadata": {"order_group": "og-42"},
    }
    assert create["params"]["client_reference_id"] == "og-42"
    assert create["params"]["expires_at"] == str(int(expires.timestamp()))
    assert fake_stripe.objects[session.id]["session"]["amount_total"] == 250_000
    assert session.url.endswith(session.id)

    transfer_request = TransferRequest(
        reference="order-7",
        destination_account_id=destination,
        currency="VND",
        amount=95_000,
        source_transaction="ch_1",
        transfer_group="og-42",
    )
    transfer = provider.transfer(request=transfer_request)
    assert provider.transfer(request=transfer_request) == transfer  # replayed, not repeated
    assert (transfer.amount, transfer.currency) == (95_000, "VND")
    assert fake_stripe.requests_to("POST", "/v1/transfers")[0]["idempotency_key"] == (
        "transfer-order-7"
    )

    result = provider.refund(
        request=RefundRequest(
            reference="refund-3",
            payment_id="pi_1",
            amount=50_000,
            currency="VND",
            transfer_id=transfer.id,
            reverse_amount=47_500,
        )
    )
    assert (result.refund.amount, result.refund.currency) == (50_000, "VND")
    assert (result.reversal.amount, result.reversal.currency) == (47_500, "VND")
    assert fake_stripe.objects[transfer.id]["amount_reversed"] == 47_500

    with pytest.raises(ProviderDeclined):
        provider.refund(
            request=RefundRequest(
                reference="refund-4",
                payment_id="pi_1",
                amount=60_000,
                currency="VND",
                transfer_id=transfer.id,
                reverse_amount=60_000,
            )
        )
