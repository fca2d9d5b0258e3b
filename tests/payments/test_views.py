"""The owner's e-payment account page, the sandbox's hosted pages and the programme overview."""

import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import MembershipRole
from accounts.roles import Role
from payments.models import AccountState, PaymentAccount, SandboxAccount, WebhookEvent
from payments.providers.base import (
    PaymentLine,
    PaymentRequest,
    ProviderDeclined,
    ProviderRateLimited,
    ProviderUnavailable,
)
from payments.sandbox.provider import SandboxProvider
from tests.factories import BusinessFactory, MembershipFactory, UserFactory, vendor
from tests.payments.factories import PaymentAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    return BusinessFactory(trading_name="Áo Dài Thu Hà")


@pytest.fixture
def owner(business):
    return vendor(business=business)


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def account_url(business, name="account"):
    return reverse(f"payments:{name}", kwargs={"slug": business.slug})


def test_owner_sees_not_started_and_the_open_button(owner_client, business):
    response = owner_client.get(account_url(business))
    assert response.status_code == 200
    assert response.context["state"] == AccountState.NOT_STARTED
    html = response.content.decode()
    assert 'data-state="not_started"' in html
    assert account_url(business, "account_open") in html


def test_staff_sees_the_state_without_the_button(client, business):
    client.force_login(vendor(business=business, role=MembershipRole.STAFF))
    response = client.get(account_url(business))
    assert response.status_code == 200
    assert account_url(business, "account_open") not in response.content.decode()
    assert client.post(account_url(business, "account_open")).status_code == 403
    assert PaymentAccount.objects.count() == 0


def test_other_vendors_get_404(client, business):
    client.force_login(vendor())
    assert client.get(account_url(business)).status_code == 404
    assert client.post(account_url(business, "account_open")).status_code == 404


def test_anonymous_is_sent_to_login(client, business):
    response = client.get(account_url(business))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_full_sandbox_journey(owner_client, business):
    response = owner_client.post(account_url(business, "account_open"))
    assert response.status_code == 302
    onboarding = response["Location"]
    account = PaymentAccount.objects.get(business=business)
    assert urlsplit(onboarding).path == reverse(
        "payments:sandbox_onboarding", kwargs={"account_id": account.provider_account_id}
    )

    page = owner_client.get(onboarding)
    assert page.status_code == 200
    assert "Áo Dài Thu Hà" in page.content.decode()

    decided = owner_client.post(onboarding, {"decision": "approve"})
    assert decided.status_code == 302
    assert decided["Location"] == "http://testserver" + account_url(business, "account_return")

    back = owner_client.get(decided["Location"], follow=True)
    assert back.redirect_chain[-1][0] == account_url(business)
    assert back.context["state"] == AccountState.READY
    business.refresh_from_db()
    assert business.can_take_payments is True
    assert WebhookEvent.objects.get().outcome == "applied"

    dashboard = owner_client.post(account_url(business, "account_dashboard"))
    assert dashboard["Location"] == reverse(
        "payments:sandbox_dashboard", kwargs={"account_id": account.provider_account_id}
    )
    assert owner_client.get(dashboard["Location"]).status_code == 200


def test_bad_decision_is_a_form_error(owner_client, business):
    onboarding = owner_client.post(account_url(business, "account_open"))["Location"]
    response = owner_client.post(onboarding, {"decision": "pay-me"})
    assert response.status_code == 200
    assert response.context["form"].errors["decision"]
    assert WebhookEvent.objects.count() == 0
    assert PaymentAccount.objects.get().state == AccountState.INFORMATION_NEEDED


def test_forged_or_expired_link_changes_nothing(owner_client, business):
    owner_client.post(account_url(business, "account_open"))
    account = PaymentAccount.objects.get()
    url = reverse("payments:sandbox_onboarding", kwargs={"account_id": account.provider_account_id})

    response = owner_client.post(f"{url}?link=forged", {"decision": "approve"})

    assert response.status_code == 302
    assert response["Location"] == account_url(business)
    assert WebhookEvent.objects.count() == 0


def test_another_owner_cannot_use_the_sandbox_page(client, owner_client, business):
    onboarding = owner_client.post(account_url(business, "account_open"))["Location"]
    client.force_login(vendor())
    assert client.post(onboarding, {"decision": "approve"}).status_code == 404
    assert WebhookEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (ProviderDeclined, "declined"),
        (ProviderRateLimited, "busy"),
        (ProviderUnavailable, "cannot be reached"),
    ],
)
def test_provider_errors_leave_the_state_unchanged(
    owner_client, business, monkeypatch, error, message
):
    def failing(self, **kwargs):
        raise error(detail="from the provider")

    monkeypatch.setattr(SandboxProvider, "create_account", failing)
    response = owner_client.post(account_url(business, "account_open"), follow=True)

    assert response.redirect_chain == [(account_url(business), 302)]
    shown = [str(m) for m in response.context["messages"]]
    with translation.override("vi"):
        assert shown == [str(error.default_message)]
    with translation.override("en"):
        assert message in str(error.default_message)
    assert not PaymentAccount.objects.filter(provider_account_id__gt="").exists()
    assert response.context["state"] == AccountState.NOT_STARTED

    monkeypatch.undo()
    retry = owner_client.post(account_url(business, "account_open"))
    assert retry.status_code == 302
    assert PaymentAccount.objects.get().provider_account_id


def test_overview_lists_the_users_businesses(client, business, django_assert_num_queries):
    user = vendor(business=business)
    for _ in range(3):
        vendor(business=PaymentAccountFactory(state=AccountState.READY).business)
    second = BusinessFactory(trading_name="Bánh Mì Cô Ba")
    MembershipFactory(user=user, business=second)
    PaymentAccountFactory(business=second, state=AccountState.READY)
    client.force_login(user)
    client.get(reverse("payments:account", kwargs={"slug": business.slug}))  # warm the session
    with django_assert_num_queries(
        5
    ):  # session, user, businesses with accounts; header: sections, cart
        response = client.get(reverse("payments:overview"))
    assert response.status_code == 200
    assert {(b.trading_name, a.state if a else None) for b, a in response.context["entries"]} == {
        ("Áo Dài Thu Hà", None),
        ("Bánh Mì Cô Ba", "ready"),
    }


def test_overview_with_one_business_goes_to_its_account(owner_client, business):
    response = owner_client.get(reverse("payments:overview"))
    assert response["Location"] == account_url(business)


def test_programme_overview_for_managers_only(client, django_assert_num_queries):
    ready = PaymentAccountFactory(state=AccountState.READY, ready_at=timezone.now())
    ready.business.can_take_payments = True
    ready.business.save()
    PaymentAccountFactory(state=AccountState.UNDER_REVIEW)
    BusinessFactory()
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    client.force_login(manager)
    client.get(reverse("payments:overview"))

    with django_assert_num_queries(
        7
    ):  # session, user, role check, count, page; header: sections, cart
        response = client.get(reverse("payments:programme"))

    assert response.status_code == 200
    assert response.context["ready_on_page"] == 1
    html = response.content.decode()
    assert ready.provider_account_id not in html
    assert ready.business.tax_code not in html

    client.force_login(vendor())
    assert client.get(reverse("payments:programme")).status_code == 403


def test_programme_query_count_does_not_grow(client, django_assert_num_queries):
    for _ in range(12):
        PaymentAccountFactory(state=AccountState.READY)
    client.force_login(UserFactory(roles=[Role.PROGRAMME_MANAGER]))
    client.get(reverse("payments:overview"))
    with django_assert_num_queries(7):  # as above: the count does not grow with the accounts
        client.get(reverse("payments:programme"))


def _checkout_url(reference="og-42", expires_in=timedelta(minutes=30)):
    session = SandboxProvider().start_payment(
        request=PaymentRequest(
            reference=reference,
            currency="VND",
            amount=150_000,
            lines=(PaymentLine(name="Áo dài lụa", quantity=1, unit_amount=150_000),),
            success_url="/vi/shop/orders/done/",
            cancel_url="/vi/shop/cart/",
            expires_at=timezone.now() + expires_in,
        )
    )
    return session


def test_sandbox_checkout_pay_sends_checkout_completed(client):
    session = _checkout_url()
    page = client.get(session.url)
    assert page.status_code == 200
    assert "Áo dài lụa" in page.content.decode()
    assert page.context["session"]["amount"] == 150_000

    response = client.post(session.url, {"outcome": "pay"})

    assert response["Location"] == "/vi/shop/orders/done/"
    event = WebhookEvent.objects.get()
    assert (event.provider, event.endpoint, event.type) == (
        "sandbox",
        "platform",
        "checkout.session.completed",
    )
    body = json.loads(event.payload)["data"]["object"]
    assert (body["payment_status"], body["amount_total"], body["currency"]) == (
        "paid",
        150_000,
        "vnd",
    )
    assert body["metadata"] == {"order_group": "og-42"}


def test_sandbox_checkout_fail_and_bad_links(client):
    session = _checkout_url()
    response = client.post(session.url, {"outcome": "fail"})
    assert response["Location"] == "/vi/shop/cart/"
    assert WebhookEvent.objects.get().type == "payment_intent.payment_failed"

    assert client.get(reverse("payments:sandbox_checkout") + "?session=x").status_code == 400
    expired = _checkout_url(reference="og-43", expires_in=timedelta(minutes=-1))
    assert client.post(expired.url, {"outcome": "pay"}).status_code == 400
    assert client.post(session.url, {"outcome": "steal"}).status_code == 200
    assert WebhookEvent.objects.count() == 1


def test_sandbox_transfer_and_refund_are_stable():
    from payments.providers.base import RefundRequest, TransferRequest

    provider = SandboxProvider()
    transfer = TransferRequest(
        reference="order-7",
        destination_account_id="sbx_acct_1",
        currency="VND",
        amount=95_000,
        source_transaction="sbx_ch_1",
        transfer_group="og-42",
    )
    assert provider.transfer(request=transfer) == provider.transfer(request=transfer)
    result = provider.refund(
        request=RefundRequest(
            reference="refund-1",
            payment_id="sbx_pi_1",
            amount=50_000,
            currency="VND",
            transfer_id="sbx_tr_1",
            reverse_amount=47_500,
        )
    )
    assert (result.refund.amount, result.reversal.amount) == (50_000, 47_500)
    assert SandboxAccount.objects.count() == 0
