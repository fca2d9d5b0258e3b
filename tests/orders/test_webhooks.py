"""Checkout events posted, signed like Stripe's, to the platform webhook endpoint."""

import time
import uuid

import pytest
from django.core import mail

from orders import services
from orders.models import GroupStatus, OrderStatus
from payments.models import WebhookEvent
from tests.orders.factories import placed_group
from tests.payments.conftest import (  # noqa: F401 - fixtures
    PLATFORM_SECRET,
    PLATFORM_URL,
    fake_stripe,
    post_event,
    stripe_object,
    webhook_secrets,
)

pytestmark = pytest.mark.django_db


def event(type_, obj, event_id=None):
    payload = stripe_object("event")
    payload.update(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex[:20]}",
            "type": type_,
            "created": int(time.time()),
            "data": {"object": obj},
        }
    )
    payload.pop("account", None)
    return payload


def session_object(group, **changes):
    session = stripe_object("checkout.session")
    session.update(
        {
            "id": "cs_test_abc",
            "amount_total": group.total,
            "currency": "vnd",
            "payment_status": "paid",
            "status": "complete",
            "client_reference_id": str(group.reference),
            "metadata": {"order_group": str(group.reference)},
            "payment_intent": "pi_test_1",
        }
    )
    session.update(changes)
    return session


def opened(group, session_id="cs_test_abc"):
    """The group as checkout leaves it: its Stripe session recorded (only that session pays)."""
    return services.order_group_set_payment_session(
        group=group, provider="stripe", session_id=session_id, expires_at=group.expires_at
    )


def post(post_event, payload):  # noqa: F811
    return post_event(payload, url=PLATFORM_URL, secret=PLATFORM_SECRET)


def test_payment_failed_releases_the_stock(post_event, coffee):  # noqa: F811
    group = placed_group((coffee, 3))
    intent = stripe_object("payment_intent")
    intent.update({"id": "pi_failed", "metadata": {"order_group": str(group.reference)}})

    response = post(post_event, event("payment_intent.payment_failed", intent))

    assert response.status_code == 200
    group.refresh_from_db()
    coffee.refresh_from_db()
    assert group.status == GroupStatus.CANCELLED
    assert coffee.stock == 10


def test_unpaid_completion_changes_nothing(post_event, coffee):  # noqa: F811
    group = placed_group((coffee, 1))
    response = post(
        post_event,
        event("checkout.session.completed", session_object(group, payment_status="unpaid")),
    )
    assert response.json()["outcome"] == WebhookEvent.Outcome.IGNORED
    group.refresh_from_db()
    assert group.status == GroupStatus.PENDING_PAYMENT


def test_completion_of_an_unknown_group_is_stored_not_failed(post_event, coffee):  # noqa: F811
    group = placed_group((coffee, 1))
    group.reference = uuid.uuid4()
    response = post(post_event, event("checkout.session.completed", session_object(group)))
    assert response.status_code == 200
    assert WebhookEvent.objects.get().error.startswith("No order group has this reference")


def test_amount_mismatch_webhook_is_flagged(post_event, coffee):  # noqa: F811
    group = opened(placed_group((coffee, 1)))
    response = post(
        post_event, event("checkout.session.completed", session_object(group, amount_total=450))
    )
    assert response.status_code == 200
    group.refresh_from_db()
    assert group.status == GroupStatus.NEEDS_REVIEW
    assert set(group.orders.values_list("status", flat=True)) == {OrderStatus.PENDING_PAYMENT}


def test_expired_after_completed_changes_nothing(
    post_event,  # noqa: F811
    fake_stripe,  # noqa: F811
    coffee,
    django_capture_on_commit_callbacks,
):
    fake_stripe.objects["pi_test_1"] = {
        **stripe_object("payment_intent"),
        "id": "pi_test_1",
        "latest_charge": "ch_test_1",
    }
    group = opened(placed_group((coffee, 2)))
    paid = event("checkout.session.completed", session_object(group))
    with django_capture_on_commit_callbacks(execute=True):
        assert post(post_event, paid).status_code == 200
    group.refresh_from_db()
    assert group.status == GroupStatus.PAID
    assert group.provider_charge_id == "ch_test_1"
    assert any(m.to == ["an.dang@example.vn"] for m in mail.outbox)

    expired = event("checkout.session.expired", session_object(group, status="expired"))
    response = post(post_event, expired)

    assert response.json()["outcome"] == WebhookEvent.Outcome.STALE
    group.refresh_from_db()
    coffee.refresh_from_db()
    assert group.status == GroupStatus.PAID
    assert coffee.stock == 8


def test_emails_follow_the_shoppers_language(coffee, django_capture_on_commit_callbacks):
    group = placed_group((coffee, 1))
    group.language = "vi"
    group.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_group_mark_paid(
            reference=group.reference, provider="sandbox", amount=group.total, currency="VND"
        )
    shopper = next(m for m in mail.outbox if m.to == ["an.dang@example.vn"])
    assert shopper.subject == f"Chợ Số: đơn hàng {group.short_reference} đã được xác nhận"
    assert "Cảm ơn bạn: chúng tôi đã nhận được thanh toán" in shopper.body
    assert "1 × Cà phê phin — 45.000 ₫" in shopper.body


def test_refund_made_elsewhere_is_stored_for_review(post_event, coffee):  # noqa: F811
    charge = stripe_object("charge")
    charge.update({"id": "ch_1", "refunds": {"object": "list", "data": [{"id": "re_unknown"}]}})
    response = post(post_event, event("charge.refunded", charge))
    assert response.status_code == 200
    stored = WebhookEvent.objects.get()
    assert stored.outcome == WebhookEvent.Outcome.IGNORED
    assert stored.error == "Refunds not made through Chợ Số, to review: re_unknown"
