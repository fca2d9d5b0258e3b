"""Cart, placing an order group, stock holds, statuses and refunds through the services."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from core.errors import Conflict, DomainError, NotFound
from marketplace.models import ProductStatus
from orders import selectors, services
from orders.models import (
    MAX_LINE_QUANTITY,
    Cart,
    CartLine,
    GroupStatus,
    Order,
    OrderGroup,
    OrderStatus,
    ReservationStatus,
)
from tests.factories import UserFactory
from tests.orders.factories import cart_with, contact, placed_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_cart_groups_lines_by_shop_with_subtotals_and_total(coffee, tea, bowl):
    cart = cart_with((coffee, 2), (bowl, 1), (tea, 1))

    view = selectors.cart_view(cart=cart)

    assert [shop.business.trading_name for shop in view.shops] == [
        "Cà Phê Sáng",
        "Gốm Sứ Minh Long",
    ]
    assert [shop.subtotal for shop in view.shops] == [120_000, 120_000]
    assert view.total == 240_000
    assert view.count == 4
    assert not view.has_problems


def test_adding_again_adds_up(coffee):
    cart = cart_with((coffee, 2))
    services.cart_add(cart=cart, product_id=coffee.pk, quantity="3")
    assert CartLine.objects.get(cart=cart).quantity == 5


@pytest.mark.parametrize("quantity", [0, -1, "abc", "", None, "2.5"])
def test_bad_quantities_are_refused(coffee, quantity):
    cart = Cart.objects.create()
    with pytest.raises(DomainError) as exc:
        services.cart_add(cart=cart, product_id=coffee.pk, quantity=quantity)
    assert exc.value.message == "Enter a quantity of at least 1."
    assert not CartLine.objects.exists()


def test_more_than_stock_or_cap_is_refused(coffee, settings):
    cart = Cart.objects.create()
    with pytest.raises(Conflict) as exc:
        services.cart_add(cart=cart, product_id=coffee.pk, quantity=11)
    assert exc.value.message == "Only 10 of “Cà phê phin” left: lower the quantity."
    coffee.stock = 1000
    coffee.save()
    with pytest.raises(DomainError) as exc:
        services.cart_add(cart=cart, product_id=coffee.pk, quantity=MAX_LINE_QUANTITY + 1)
    assert exc.value.message == "You can buy at most 50 of one product in one order."
    services.cart_add(cart=cart, product_id=coffee.pk, quantity=MAX_LINE_QUANTITY)
    with pytest.raises(DomainError):
        services.cart_add(cart=cart, product_id=coffee.pk, quantity=1)
    assert CartLine.objects.get().quantity == MAX_LINE_QUANTITY


@pytest.mark.parametrize("product_id", ["999999", "x", None])
def test_unknown_products_are_not_found(db, product_id):
    with pytest.raises(NotFound):
        services.cart_add(cart=Cart.objects.create(), product_id=product_id, quantity=1)


def test_draft_product_cannot_be_added(coffee):
    coffee.status = ProductStatus.DRAFT
    coffee.save()
    with pytest.raises(NotFound):
        services.cart_add(cart=Cart.objects.create(), product_id=coffee.pk, quantity=1)


def test_product_gone_inactive_or_sold_out_blocks_checkout(coffee, tea, bowl):
    cart = cart_with((coffee, 1), (tea, 2), (bowl, 1))
    coffee.status = ProductStatus.ARCHIVED
    coffee.save()
    tea.stock = 1
    tea.save()
    bowl.stock = 0
    bowl.save()

    view = selectors.cart_view(cart=cart)

    problems = {line.product.name: line.problem for line in view.lines}
    assert problems == {
        "Cà phê phin": "No longer available: remove it to check out.",
        "Trà sen": "Only 1 left: lower the quantity.",
        "Bát gốm men lam": "Sold out: remove it to check out.",
    }
    with pytest.raises(DomainError) as exc:
        services.order_group_place(cart=cart, user=None, contact=contact())
    assert "cannot be bought" in exc.value.message
    assert not Order.objects.exists()


def test_place_makes_one_order_per_shop_with_snapshots_and_holds_stock(coffee, tea, bowl):
    group = placed_group((coffee, 2), (tea, 1), (bowl, 1))

    assert group.status == GroupStatus.PENDING_PAYMENT
    assert group.total == 45_000 * 2 + 30_000 + 120_000
    orders = {o.business.trading_name: o for o in group.orders.all()}
    assert orders["Cà Phê Sáng"].subtotal == 120_000
    assert orders["Cà Phê Sáng"].platform_fee == 6_000
    assert orders["Gốm Sứ Minh Long"].platform_fee == 6_000
    assert [
        (line.name, line.unit_price, line.quantity) for line in orders["Cà Phê Sáng"].lines.all()
    ] == [
        ("Cà phê phin", 45_000, 2),
        ("Trà sen", 30_000, 1),
    ]
    coffee.refresh_from_db()
    tea.refresh_from_db()
    bowl.refresh_from_db()
    assert (coffee.stock, tea.stock, bowl.stock) == (8, 2, 4)
    assert group.reservations.filter(status=ReservationStatus.HELD).count() == 3
    # A later price change does not touch the snapshot.
    coffee.price = 99_000
    coffee.save()
    assert orders["Cà Phê Sáng"].lines.first().unit_price == 45_000


def test_personal_fields_are_encrypted_at_rest(coffee):
    from django.db import connection

    group = placed_group((coffee, 1))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, street_address, email FROM orders_ordergroup WHERE id = %s", [group.pk]
        )
        row = cursor.fetchone()
    assert "+84903555111" not in row[0]
    assert "Lê Thánh Tôn" not in row[1]
    assert "an.dang" not in row[2]


def test_below_minimum_is_refused(tea):
    cart = cart_with((tea, 1))
    from django.test import override_settings

    with override_settings(MIN_PAYABLE_VND=50_000), pytest.raises(DomainError) as exc:
        services.order_group_place(cart=cart, user=None, contact=contact())
    assert exc.value.message == "The minimum order is 50.000 ₫; your cart comes to 30.000 ₫."
    tea.refresh_from_db()
    assert tea.stock == 3


def test_placing_again_releases_the_previous_hold(coffee):
    cart = cart_with((coffee, 2))
    first = services.order_group_place(cart=cart, user=None, contact=contact())
    second = services.order_group_place(cart=cart, user=None, contact=contact())
    first.refresh_from_db()
    coffee.refresh_from_db()
    assert first.status == GroupStatus.CANCELLED
    assert second.status == GroupStatus.PENDING_PAYMENT
    assert coffee.stock == 8


def test_paid_commits_stock_empties_cart_and_mails(
    coffee, bowl, django_capture_on_commit_callbacks
):
    group = placed_group((coffee, 1), (bowl, 2))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        outcome, paid = services.order_group_mark_paid(
            reference=group.reference,
            provider="sandbox",
            amount=group.total,
            currency="vnd",
            payment_id="pi_1",
        )

    assert outcome == services.PaidOutcome.PAID
    assert paid.status == GroupStatus.PAID
    assert set(paid.orders.values_list("status", flat=True)) == {OrderStatus.PAID}
    assert set(paid.reservations.values_list("status", flat=True)) == {ReservationStatus.COMMITTED}
    assert not CartLine.objects.filter(cart=group.cart).exists()
    coffee.refresh_from_db()
    assert coffee.stock == 9
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["an.dang@example.vn", coffee.business.email, bowl.business.email]
    )
    confirmation = next(m for m in mail.outbox if m.to == ["an.dang@example.vn"])
    # In the shopper's language, Vietnamese by default.
    assert confirmation.subject == f"Chợ Số: đơn hàng {group.short_reference} đã được xác nhận"
    assert "1 × Cà phê phin — 45.000 ₫" in confirmation.body
    vendor_mail = next(m for m in mail.outbox if m.to == [bowl.business.email])
    assert "2 × Bát gốm men lam — 240.000 ₫" in vendor_mail.body
    assert "an.dang@example.vn" not in vendor_mail.body
    assert "+84903555111" in vendor_mail.body
    # Repeating is harmless.
    again, _ = services.order_group_mark_paid(
        reference=group.reference, provider="sandbox", amount=group.total, currency="vnd"
    )
    assert again == services.PaidOutcome.ALREADY_PAID


def test_amount_mismatch_is_flagged_and_fulfils_nothing(coffee):
    group = placed_group((coffee, 1))

    outcome, flagged = services.order_group_mark_paid(
        reference=group.reference, provider="sandbox", amount=1_000, currency="VND"
    )

    assert outcome == services.PaidOutcome.FLAGGED
    assert flagged.status == GroupStatus.NEEDS_REVIEW
    assert flagged.review_reason == "The provider reported 1000 VND for a group of 45000 VND."
    assert set(flagged.orders.values_list("status", flat=True)) == {OrderStatus.PENDING_PAYMENT}


def test_currency_mismatch_is_flagged(coffee):
    group = placed_group((coffee, 1))
    outcome, _ = services.order_group_mark_paid(
        reference=group.reference, provider="sandbox", amount=45_000, currency="usd"
    )
    assert outcome == services.PaidOutcome.FLAGGED


def test_cancel_releases_stock_once(coffee):
    group = placed_group((coffee, 4))
    services.order_group_cancel(reference=group.reference)
    services.order_group_cancel(reference=group.reference)
    coffee.refresh_from_db()
    group.refresh_from_db()
    assert coffee.stock == 10
    assert group.status == GroupStatus.CANCELLED
    assert set(group.orders.values_list("status", flat=True)) == {OrderStatus.CANCELLED}


def test_expired_holds_are_released_after_the_grace_period(coffee):
    group = placed_group((coffee, 4))
    later = group.expires_at + timedelta(minutes=1)
    assert services.order_groups_release_expired(now=later) == 0
    assert services.order_groups_release_expired(now=later + services.EXPIRY_GRACE) == 1
    coffee.refresh_from_db()
    assert coffee.stock == 10


def test_late_payment_after_release_retakes_stock_or_is_flagged(coffee):
    group = placed_group((coffee, 4))
    services.order_group_cancel(reference=group.reference)
    outcome, paid = services.order_group_mark_paid(
        reference=group.reference, provider="sandbox", amount=group.total, currency="VND"
    )
    assert outcome == services.PaidOutcome.PAID
    coffee.refresh_from_db()
    assert coffee.stock == 6

    other = placed_group((coffee, 6))
    services.order_group_cancel(reference=other.reference)
    coffee.stock = 2
    coffee.save()
    outcome, flagged = services.order_group_mark_paid(
        reference=other.reference, provider="sandbox", amount=other.total, currency="VND"
    )
    assert outcome == services.PaidOutcome.FLAGGED
    assert flagged.status == GroupStatus.NEEDS_REVIEW
    coffee.refresh_from_db()
    assert coffee.stock == 2


def _paid(*items):
    group = placed_group(*items)
    services.order_group_mark_paid(
        reference=group.reference,
        provider="sandbox",
        amount=group.total,
        currency="VND",
        payment_id="sbx_pi_1",
    )
    return group


def test_status_only_moves_forward(coffee):
    group = _paid((coffee, 1))
    order = group.orders.get()
    order = services.order_mark_fulfilled(order=order)
    assert order.status == OrderStatus.FULFILLED
    with pytest.raises(Conflict):
        services.order_mark_fulfilled(order=order)
    order = services.order_mark_completed(order=order)
    assert order.status == OrderStatus.COMPLETED
    with pytest.raises(Conflict):
        services.order_mark_fulfilled(order=order)


def test_pending_order_cannot_be_fulfilled(coffee):
    order = placed_group((coffee, 1)).orders.get()
    with pytest.raises(Conflict):
        services.order_mark_fulfilled(order=order)


def test_merge_on_login_adds_up_within_stock(tea, coffee):
    user = UserFactory()
    mine = cart_with((tea, 2), user=user)
    anonymous = cart_with((tea, 2), (coffee, 1))
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[selectors.SESSION_CART_KEY] = anonymous.pk

    services.cart_merge_on_login(user=user, session=session)

    lines = {line.product_id: line.quantity for line in mine.lines.all()}
    assert lines == {tea.pk: 3, coffee.pk: 1}
    assert not Cart.objects.filter(pk=anonymous.pk).exists()
    assert selectors.SESSION_CART_KEY not in session


def test_refund_some_lines_then_the_rest(coffee, tea, django_capture_on_commit_callbacks):
    group = _paid((coffee, 2), (tea, 1))
    order = group.orders.get()
    lines = {line.name: line for line in order.lines.all()}
    mail.outbox.clear()
    key = uuid.uuid4()

    with django_capture_on_commit_callbacks(execute=True):
        refund = services.order_refund(
            order=order, quantities={lines["Cà phê phin"].pk: 1}, key=key
        )

    order.refresh_from_db()
    assert refund.amount == 45_000
    assert refund.provider_refund_id.startswith("sbx_re_")
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert order.refunded_amount == 45_000
    # The same key again: the same refund, nothing more refunded.
    assert (
        services.order_refund(order=order, quantities={lines["Cà phê phin"].pk: 1}, key=key)
        == refund
    )
    order.refresh_from_db()
    assert order.refunded_amount == 45_000
    assert len(mail.outbox) == 1

    services.order_refund(
        order=order,
        quantities={lines["Cà phê phin"].pk: 1, lines["Trà sen"].pk: 1},
        key=uuid.uuid4(),
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert order.refunded_amount == order.subtotal == 120_000


@pytest.mark.parametrize("quantity", [-1, 3, "x"])
def test_refund_bad_quantities(coffee, quantity):
    order = _paid((coffee, 2)).orders.get()
    line = order.lines.get()
    with pytest.raises(DomainError):
        services.order_refund(order=order, quantities={line.pk: quantity}, key=uuid.uuid4())
    order.refresh_from_db()
    assert order.refunded_amount == 0


def test_refund_of_nothing_or_of_unpaid_order_is_refused(coffee, bowl):
    order = _paid((coffee, 2)).orders.get()
    with pytest.raises(DomainError):
        services.order_refund(order=order, quantities={order.lines.get().pk: 0}, key=uuid.uuid4())
    other = placed_group((bowl, 1)).orders.get()
    with pytest.raises(NotFound):
        services.order_refund(order=order, quantities={other.lines.get().pk: 1}, key=uuid.uuid4())
    with pytest.raises(Conflict):
        services.order_refund(order=other, quantities={other.lines.get().pk: 1}, key=uuid.uuid4())


def test_group_is_visible_only_to_its_shopper(coffee):
    user = UserFactory()
    group = placed_group((coffee, 1), user=user)
    assert selectors.order_group_for_shopper(
        reference=group.reference, user=user, session_references=[]
    )
    stranger = UserFactory()
    assert not selectors.order_group_for_shopper(
        reference=group.reference, user=stranger, session_references=[]
    )
    assert selectors.order_group_for_shopper(
        reference=group.reference, user=stranger, session_references=[str(group.reference)]
    )
    assert timezone.now() < group.expires_at


def test_release_command_sweeps_expired_groups(coffee):
    import io

    from django.core.management import call_command

    group = placed_group((coffee, 4))
    OrderGroup.objects.filter(pk=group.pk).update(
        expires_at=timezone.now() - services.EXPIRY_GRACE - timedelta(minutes=1)
    )
    out = io.StringIO()
    call_command("orders_release_expired", stdout=out)
    assert out.getvalue() == "1 unpaid order groups released\n"
    coffee.refresh_from_db()
    assert coffee.stock == 10


def test_expired_group_cannot_start_a_payment(coffee):
    group = placed_group((coffee, 1))
    group.expires_at = timezone.now() - timedelta(seconds=1)
    with pytest.raises(Conflict) as exc:
        services.order_group_check_payable(group=group)
    assert "payment window has closed" in exc.value.message
