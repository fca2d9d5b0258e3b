"""Per-shop payment: the state machine of ``orders.services`` for direct payments to a shop."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.errors import Conflict, DomainError, NotFound
from orders import selectors, services
from orders.links import group_reference_from_token
from orders.models import (
    GroupStatus,
    Order,
    OrderPaymentEvent,
    OrderStatus,
    PaymentMethod,
    PaymentSource,
    PaymentState,
    ReservationStatus,
    ReviewReason,
)
from tests.factories import UserFactory
from tests.orders.factories import cart_with, contact

ALL = {"vietqr": ["vietqr", "payos", "cod"]}


def _allowed(*shops, methods=("vietqr", "payos", "cod")):
    return {shop.pk: list(methods) for shop in shops}


def place(*items, methods: dict, user=None):
    cart = cart_with(*items, user=user)
    shops = {product.business for product, _q in items}
    return services.order_group_place(
        cart=cart,
        user=user,
        contact=contact(),
        methods={shop.pk: methods[shop.pk] for shop in shops},
        allowed=_allowed(*shops),
    )


def _order(group, shop) -> Order:
    return group.orders.get(business=shop)


def _receive(order, amount, reference="txn-1", source=PaymentSource.MONITOR):
    return services.order_payment_received(
        order=order, amount=amount, source=source, reference=reference, received_at=timezone.now()
    )


def test_each_order_gets_its_method_code_and_expiry(coffee, bowl, shop_a, shop_b):
    group = place((coffee, 1), (bowl, 1), methods={shop_a.pk: "vietqr", shop_b.pk: "cod"})
    qr, cod = _order(group, shop_a), _order(group, shop_b)
    assert qr.payment_method == PaymentMethod.VIETQR
    assert qr.payment_code.startswith("CS") and len(qr.payment_code) == 10
    assert qr.payment_code.isascii() and qr.payment_code.isalnum()
    assert qr.payment_code != cod.payment_code
    assert qr.payment_expires_at > timezone.now()
    # Cash on delivery stands at once: stock committed, no expiry, the shop can deliver.
    assert cod.status == OrderStatus.PLACED
    assert cod.payment_expires_at is None
    assert set(cod.reservations.values_list("status", flat=True)) == {ReservationStatus.COMMITTED}
    assert set(qr.reservations.values_list("status", flat=True)) == {ReservationStatus.HELD}
    assert group.status == GroupStatus.PENDING_PAYMENT
    assert selectors.order_by_payment_code(f" {qr.payment_code.lower()} ") == qr
    assert selectors.order_by_payment_code("CS") is None
    assert selectors.order_by_payment_code("") is None


def test_a_method_the_shop_does_not_accept_is_a_form_error(coffee, shop_a):
    cart = cart_with((coffee, 1))
    with pytest.raises(DomainError) as caught:
        services.order_group_place(
            cart=cart,
            user=None,
            contact=contact(),
            methods={shop_a.pk: "payos"},
            allowed={shop_a.pk: ["vietqr", "cod"]},
        )
    assert caught.value.field == f"method_{shop_a.pk}"
    assert not Order.objects.exists()
    coffee.refresh_from_db()
    assert coffee.stock == 10


def test_exact_amount_pays_the_shops_order_alone(
    coffee, bowl, shop_a, shop_b, django_capture_on_commit_callbacks
):
    group = place((coffee, 2), (bowl, 1), methods={shop_a.pk: "vietqr", shop_b.pk: "vietqr"})
    order = _order(group, shop_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = _receive(order, 90_000)
    assert outcome == services.PaymentOutcome(state=PaymentState.PAID)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.payment_state == PaymentState.PAID
    assert order.payment_source == PaymentSource.MONITOR
    assert order.amount_received == 90_000
    assert set(order.reservations.values_list("status", flat=True)) == {ReservationStatus.COMMITTED}
    # The other shop still waits; the group is not complete.
    group.refresh_from_db()
    assert group.status == GroupStatus.PENDING_PAYMENT
    assert _order(group, shop_b).payment_state == PaymentState.PENDING
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted(["an.dang@example.vn", shop_a.email])
    shopper = next(m for m in mail.outbox if m.to == ["an.dang@example.vn"])
    # The signed link to the order (orders.links): it opens on any device.
    token = re.search(r"/vi/tra-cuu-don-hang/([^/\s]+)/", shopper.body)[1]
    assert group_reference_from_token(token) == str(group.reference)

    _receive(_order(group, shop_b), 120_000, reference="txn-2")
    group.refresh_from_db()
    assert group.status == GroupStatus.PAID


@pytest.mark.parametrize(("amount", "reason"), [(44_999, "short"), (50_000, "over")])
def test_short_or_over_needs_review_with_the_reason(coffee, shop_a, amount, reason):
    group = place((coffee, 1), methods={shop_a.pk: "vietqr"})
    order = group.orders.get()
    outcome = _receive(order, amount)
    assert outcome.state == PaymentState.NEEDS_REVIEW
    assert outcome.reason == reason
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.payment_review_reason == reason
    assert order.amount_received == amount
    # Stock stays held while the shop decides; the sweep leaves it alone.
    services.order_groups_release_expired(now=timezone.now() + timedelta(hours=2))
    order.refresh_from_db()
    assert order.payment_state == PaymentState.NEEDS_REVIEW
    coffee.refresh_from_db()
    assert coffee.stock == 9


def test_rest_of_a_short_payment_makes_it_paid(coffee, shop_a):
    order = place((coffee, 1), methods={shop_a.pk: "vietqr"}).orders.get()
    _receive(order, 40_000, reference="a")
    assert _receive(order, 5_000, reference="b").state == PaymentState.PAID


def test_the_same_transfer_twice_is_applied_once(coffee, shop_a):
    order = place((coffee, 1), methods={shop_a.pk: "vietqr"}).orders.get()
    assert _receive(order, 45_000).state == PaymentState.PAID
    again = _receive(order, 45_000)
    assert again.repeated
    assert again.state == PaymentState.PAID
    order.refresh_from_db()
    assert order.amount_received == 45_000
    assert order.payment_events.filter(kind=OrderPaymentEvent.Kind.RECEIVED).count() == 1


def test_a_second_payment_of_a_paid_order_needs_review_duplicate(coffee, shop_a):
    order = place((coffee, 1), methods={shop_a.pk: "vietqr"}).orders.get()
    _receive(order, 45_000, reference="one")
    outcome = _receive(order, 45_000, reference="two")
    assert outcome == services.PaymentOutcome(
        state=PaymentState.NEEDS_REVIEW, reason=ReviewReason.DUPLICATE
    )
    order.refresh_from_db()
    # Still paid and on its way: only the extra money needs a decision.
    assert order.status == OrderStatus.PAID
    assert order.amount_received == 90_000


def test_late_payment_after_expiry_needs_review_and_takes_no_stock(coffee, bowl, shop_a, shop_b):
    group = place((coffee, 4), (bowl, 1), methods={shop_a.pk: "vietqr", shop_b.pk: "cod"})
    order = _order(group, shop_a)
    later = order.payment_expires_at + services.EXPIRY_GRACE + timedelta(minutes=1)
    assert services.order_groups_release_expired(now=later) == 1
    order.refresh_from_db()
    coffee.refresh_from_db()
    bowl.refresh_from_db()
    assert order.payment_state == PaymentState.EXPIRED
    assert order.status == OrderStatus.CANCELLED
    assert coffee.stock == 10  # this shop's stock alone came back
    assert bowl.stock == 4  # the COD shop's order stands
    group.refresh_from_db()
    assert group.status == GroupStatus.PAID  # nothing left waiting: the COD part stands

    outcome = _receive(order, 180_000)
    assert outcome == services.PaymentOutcome(
        state=PaymentState.NEEDS_REVIEW, reason=ReviewReason.LATE
    )
    order.refresh_from_db()
    coffee.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert coffee.stock == 10


def test_owner_accepts_a_late_payment_when_the_stock_is_there(coffee, shop_a, owner_a):
    order = place((coffee, 4), methods={shop_a.pk: "vietqr"}).orders.get()
    services.order_expire(order_id=order.pk)
    _receive(order, 180_000)
    outcome = services.order_payment_review_decide(order=order, actor=owner_a, accept=True)
    assert outcome.state == PaymentState.PAID
    order.refresh_from_db()
    coffee.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert coffee.stock == 6
    event = order.payment_events.get(kind=OrderPaymentEvent.Kind.REVIEW_ACCEPTED)
    assert event.actor == owner_a and event.reason == ReviewReason.LATE


def test_late_payment_with_the_stock_gone_must_be_refunded(coffee, shop_a, owner_a):
    order = place((coffee, 4), methods={shop_a.pk: "vietqr"}).orders.get()
    services.order_expire(order_id=order.pk)
    _receive(order, 180_000)
    coffee.stock = 1
    coffee.save()
    with pytest.raises(Conflict):
        services.order_payment_review_decide(order=order, actor=owner_a, accept=True)
    outcome = services.order_payment_review_decide(order=order, actor=owner_a, accept=False)
    assert outcome.state == PaymentState.CANCELLED
    event = order.payment_events.get(kind=OrderPaymentEvent.Kind.REVIEW_REFUNDED)
    assert event.amount == 180_000
    coffee.refresh_from_db()
    assert coffee.stock == 1


def test_refusing_a_short_payment_releases_the_stock(coffee, shop_a, owner_a):
    order = place((coffee, 2), methods={shop_a.pk: "vietqr"}).orders.get()
    _receive(order, 10_000)
    services.order_payment_review_decide(order=order, actor=owner_a, accept=False)
    order.refresh_from_db()
    coffee.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.payment_state == PaymentState.CANCELLED
    assert coffee.stock == 10


def test_manual_confirmation_is_audited_and_only_by_the_shop(coffee, shop_a, owner_a, owner_b):
    order = place((coffee, 1), methods={shop_a.pk: "vietqr"}).orders.get()
    with pytest.raises(NotFound):
        services.order_payment_confirm_manual(order=order, actor=owner_b)
    with pytest.raises(NotFound):
        services.order_payment_confirm_manual(order=order, actor=UserFactory())
    outcome = services.order_payment_confirm_manual(order=order, actor=owner_a)
    assert outcome.state == PaymentState.PAID
    order.refresh_from_db()
    assert order.payment_source == PaymentSource.MANUAL
    assert order.payment_confirmed_by == owner_a
    assert order.payment_confirmed_at is not None
    event = order.payment_events.get(kind=OrderPaymentEvent.Kind.CONFIRMED_MANUALLY)
    assert event.actor == owner_a
    with pytest.raises(Conflict):
        services.order_payment_confirm_manual(order=order, actor=owner_a)


def test_cod_delivered_with_cash_collected(coffee, shop_a, owner_a):
    order = place((coffee, 1), methods={shop_a.pk: "cod"}).orders.get()
    assert order.status == OrderStatus.PLACED
    order = services.order_cod_delivered(order=order, actor=owner_a)
    assert order.status == OrderStatus.COMPLETED
    assert order.payment_state == PaymentState.PAID
    assert order.payment_source == PaymentSource.COD
    assert order.payment_confirmed_by == owner_a
    with pytest.raises(Conflict):
        services.order_cod_delivered(order=order, actor=owner_a)


def test_partial_refund_of_a_sent_order_keeps_it_sent_and_sends_no_second_shipped_email(
    coffee, tea, shop_a, owner_a, django_capture_on_commit_callbacks
):
    import uuid

    order = place((coffee, 2), (tea, 1), methods={shop_a.pk: "vietqr"}).orders.get()
    services.order_payment_confirm_manual(order=order, actor=owner_a)
    order = services.order_mark_fulfilled(order=order)
    mail.outbox.clear()
    line = order.lines.get(name="Cà phê phin")
    with django_capture_on_commit_callbacks(execute=True):
        refund = services.order_refund(
            order=order, quantities={line.pk: 1}, key=uuid.uuid4(), actor=owner_a
        )
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert order.refunded_amount == 45_000
    assert refund.channel == refund.Channel.SHOP_TRANSFER
    assert [m.subject for m in mail.outbox] == [f"Chợ Số: hoàn tiền đơn hàng {order.number}"]
    assert order.payment_events.filter(kind=OrderPaymentEvent.Kind.REFUNDED).count() == 1
    # Marking it sent again is refused; the shipped email never goes twice.
    with pytest.raises(Conflict):
        services.order_mark_fulfilled(order=order)


def test_refund_account_is_asked_once(coffee, shop_a):
    group = place((coffee, 1), methods={shop_a.pk: "vietqr"})
    group = services.order_group_set_refund_account(
        group=group, bank_code="VCB", account_number="0011001932418", holder_name="DANG VAN AN"
    )
    group.refresh_from_db()
    assert group.refund_account_number == "0011001932418"
    with pytest.raises(Conflict):
        services.order_group_set_refund_account(
            group=group, bank_code="VCB", account_number="1", holder_name="X"
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT refund_account_number FROM orders_ordergroup WHERE id = %s", [group.pk]
        )
        assert "0011001932418" not in cursor.fetchone()[0]
