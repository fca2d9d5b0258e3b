"""Checkout completion pays a group only for the session the platform opened for it (security
issue #13, item 22): the session id stored on the group, the group's provider, and an event that
came to the platform endpoint, not a connected account's."""

import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from orders import services as order_services
from orders.models import GroupStatus
from payments.checkout import checkout_start
from payments.models import WebhookEvent
from payments.sandbox.checkout import sandbox_checkout_finish
from payments.sandbox.provider import SandboxProvider
from tests.orders.conftest import _sandbox, coffee, shop_a  # noqa: F401 - fixtures
from tests.orders.factories import placed_group
from tests.payments.conftest import (  # noqa: F401 - fixtures
    CONNECT_SECRET,
    CONNECT_URL,
    PLATFORM_SECRET,
    PLATFORM_URL,
    fake_stripe,
    post_event,
    stripe_object,
    webhook_secrets,
)

pytestmark = pytest.mark.django_db

SESSION_ID = "cs_test_opened_for_the_group"


def _event(session, *, account=None):
    payload = stripe_object("event")
    payload.update(
        {
            "id": f"evt_{uuid.uuid4().hex[:20]}",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "data": {"object": session},
        }
    )
    payload.pop("account", None)
    if account:
        payload["account"] = account
    return payload


def _session(group, session_id=SESSION_ID):
    session = stripe_object("checkout.session")
    session.update(
        {
            "id": session_id,
            "amount_total": group.total,
            "currency": "vnd",
            "payment_status": "paid",
            "status": "complete",
            "client_reference_id": str(group.reference),
            "metadata": {"order_group": str(group.reference)},
            "payment_intent": "pi_test_1",
        }
    )
    return session


def _opened(group, *, provider="stripe", session_id=SESSION_ID):
    return order_services.order_group_set_payment_session(
        group=group,
        provider=provider,
        session_id=session_id,
        expires_at=timezone.now() + timedelta(hours=1),
    )


def _status(group):
    group.refresh_from_db()
    return group.status


def test_a_connected_accounts_session_does_not_pay_the_group(post_event, coffee):  # noqa: F811
    group = _opened(placed_group((coffee, 1)))
    response = post_event(
        _event(_session(group), account="acct_vendor_of_another_shop"),
        url=CONNECT_URL,
        secret=CONNECT_SECRET,
    )
    assert response.status_code == 200
    assert _status(group) == GroupStatus.PENDING_PAYMENT
    assert WebhookEvent.objects.get().error == "A checkout completes only on the platform endpoint."


def test_another_session_naming_the_group_does_not_pay_it(post_event, coffee):  # noqa: F811
    group = _opened(placed_group((coffee, 1)))
    response = post_event(
        _event(_session(group, session_id="cs_test_someone_elses")),
        url=PLATFORM_URL,
        secret=PLATFORM_SECRET,
    )
    assert response.status_code == 200
    assert _status(group) == GroupStatus.PENDING_PAYMENT
    assert WebhookEvent.objects.get().error == "Not the session opened for this group."


def test_a_group_never_sent_to_checkout_is_not_paid(post_event, coffee):  # noqa: F811
    group = placed_group((coffee, 1))
    post_event(_event(_session(group)), url=PLATFORM_URL, secret=PLATFORM_SECRET)
    assert _status(group) == GroupStatus.PENDING_PAYMENT
    assert WebhookEvent.objects.get().error == (
        "The group's payment was opened with another provider."
    )


def test_a_group_opened_with_another_provider_is_not_paid(post_event, coffee):  # noqa: F811
    group = _opened(placed_group((coffee, 1)), provider="sandbox")
    post_event(_event(_session(group)), url=PLATFORM_URL, secret=PLATFORM_SECRET)
    assert _status(group) == GroupStatus.PENDING_PAYMENT
    assert WebhookEvent.objects.get().error == (
        "The group's payment was opened with another provider."
    )


def test_the_session_opened_for_the_group_pays_it(
    post_event,  # noqa: F811
    fake_stripe,  # noqa: F811
    coffee,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    fake_stripe.objects["pi_test_1"] = {
        **stripe_object("payment_intent"),
        "id": "pi_test_1",
        "latest_charge": "ch_test_1",
    }
    group = _opened(placed_group((coffee, 1)))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(_event(_session(group)), url=PLATFORM_URL, secret=PLATFORM_SECRET)
    assert response.json()["outcome"] == WebhookEvent.Outcome.APPLIED
    assert _status(group) == GroupStatus.PAID


def test_sandbox_checkout_pays_only_its_own_session(coffee):  # noqa: F811
    group = placed_group((coffee, 1))
    url = checkout_start(
        group=group, success_url="/ok/", cancel_url="/no/", provider=SandboxProvider()
    )
    assert url
    group.refresh_from_db()
    forged = {
        "id": "sbx_cs_forged",
        "reference": str(group.reference),
        "amount": group.total,
        "currency": group.currency,
    }
    sandbox_checkout_finish(session=forged, paid=True)
    assert _status(group) == GroupStatus.PENDING_PAYMENT

    sandbox_checkout_finish(session={**forged, "id": group.provider_session_id}, paid=True)
    assert _status(group) == GroupStatus.PAID
