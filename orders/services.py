"""Writes of the orders app: the cart, placing an order group, stock, statuses and refunds.

Prices and totals always come from the database: nothing the browser sends about money is read.
Placing a group reserves stock with one conditional ``UPDATE ... WHERE stock >= n`` per product, in
product-id order (so two checkouts never wait on each other in opposite orders), under the
database's ``stock >= 0`` check: whoever comes second sees the stock that is really left.

Payment is per shop. A shop paid directly (VietQR transfer, payOS link, cash on delivery) has its
own payment state, moved only here: ``order_payment_received`` (a monitor, payOS or the sandbox
saw money), ``order_payment_confirm_manual`` ("Đã nhận tiền"), ``order_payment_review_decide``,
``order_cod_delivered`` and ``order_expire``. Shops paid by card share the group's one charge: the
payments app (above) calls ``order_group_set_payment_session``, ``order_group_mark_paid``,
``order_group_cancel`` and ``order_record_transfer``, and fills ``register_refund_gateway`` from
``PaymentsConfig.ready()`` so that a vendor's refund reaches the provider.

Every status change goes through ``_set_status`` and a ``save()`` of the one row, followed by
``_announce`` (``core.events.OrderChanged``: the programme's facts follow the order once the
write commits): no bulk ``update(status=...)``. Locks are taken group first, then order.
"""

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, Ward
from accounts.selectors import businesses_for_user
from core.errors import Conflict, DomainError, NotFound
from core.events import OrderChanged, publish
from marketplace.cache import catalogue_changed
from marketplace.models import Product, ProductStatus
from marketplace.selectors import visible_q
from orders import delivery, emails
from orders.models import (
    MAX_LINE_QUANTITY,
    PAID_STATUSES,
    Carrier,
    Cart,
    CartLine,
    DeliveryKind,
    DeliveryOption,
    DeliveryPricing,
    DeliveryZone,
    GroupStatus,
    Order,
    OrderGroup,
    OrderLine,
    OrderPaymentEvent,
    OrderStatus,
    PaymentMethod,
    PaymentSource,
    PaymentState,
    Refund,
    ReservationStatus,
    ReviewReason,
    StockReservation,
)
from orders.selectors import (
    SESSION_CART_KEY,
    CartView,
    cart_view,
    delivery_options_for,
    former_district_names,
    is_buyable,
)

logger = logging.getLogger(__name__)

# Stripe wants a Checkout Session to stay open at least 30 minutes; the hold lasts a bit longer.
RESERVATION_MINUTES = 35
# A provider may still report a payment made in the last seconds of a session.
EXPIRY_GRACE = timedelta(minutes=5)
# How long a shop's direct payment (VietQR transfer, payOS link) stays open, its stock held.
TRANSFER_MINUTES = 30
PAYMENT_CODE_PREFIX = "CS"
PAYMENT_CODE_ALPHABET = "ABCDEFGHIJKLMNPQRSTUVWXYZ23456789"  # base32-like, no O/0 or I/1 mix-ups


class OutOfStock(Conflict):
    code = "out_of_stock"


def _announce(order: Order) -> None:
    publish(OrderChanged(business_id=order.business_id))


def platform_fee(*, subtotal: int, fee_bps: int) -> int:
    """The platform's share, rounded half up to a whole unit."""
    return (subtotal * fee_bps + 5000) // 10000


def _not_enough(product: Product, left: int) -> OutOfStock:
    name = product.display_name
    if left <= 0:
        return OutOfStock(_("Sorry, “%(name)s” is sold out.") % {"name": name}, field="quantity")
    return OutOfStock(
        _("Only %(left)s of “%(name)s” left: lower the quantity.") % {"left": left, "name": name},
        field="quantity",
    )


def _quantity(value) -> int:
    try:
        quantity = int(value)
    except (TypeError, ValueError):
        quantity = 0
    if quantity < 1:
        raise DomainError(_("Enter a quantity of at least 1."), field="quantity")
    if quantity > MAX_LINE_QUANTITY:
        raise DomainError(
            _("You can buy at most %(max)s of one product in one order.")
            % {"max": MAX_LINE_QUANTITY},
            field="quantity",
        )
    return quantity


def _check_stock(product: Product, quantity: int) -> None:
    if not product.made_to_order and quantity > product.stock:
        raise _not_enough(product, product.stock)


# Cart ------------------------------------------------------------------------------------------


@transaction.atomic
def cart_get_or_create(*, user: User | None, session: SessionBase) -> Cart:
    """The user's cart, or the anonymous session's (its id kept in the session)."""
    if user is not None and user.is_authenticated:
        cart, _created = Cart.objects.get_or_create(user=user)
        return cart
    cart_id = session.get(SESSION_CART_KEY)
    cart = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None
    if cart is None:
        cart = Cart.objects.create()
        session[SESSION_CART_KEY] = cart.pk
    return cart


@transaction.atomic
def cart_add(*, cart: Cart, product_id, quantity) -> CartLine:
    """Adds ``quantity`` of a product shoppers may buy; refuses more than stock or the line cap."""
    quantity = _quantity(quantity)
    try:
        product_id = int(product_id)
    except (TypeError, ValueError):
        raise NotFound(_("This product is not available.")) from None
    product = Product.objects.filter(visible_q(), pk=product_id).first()
    if product is None:
        raise NotFound(_("This product is not available."))
    line = CartLine.objects.select_for_update().filter(cart=cart, product=product).first()
    total = quantity + (line.quantity if line else 0)
    if total > MAX_LINE_QUANTITY:
        _quantity(total)
    _check_stock(product, total)
    if line is None:
        line = CartLine.objects.create(cart=cart, product=product, quantity=total)
    else:
        line.quantity = total
        line.save(update_fields=["quantity"])
    cart.save(update_fields=["updated_at"])
    return line


def _cart_line(cart: Cart, line_id) -> CartLine:
    try:
        line_id = int(line_id)
    except (TypeError, ValueError):
        line_id = 0
    line = CartLine.objects.select_related("product").filter(cart=cart, pk=line_id).first()
    if line is None:
        raise NotFound(_("This line is no longer in your cart."))
    return line


@transaction.atomic
def cart_line_set_quantity(*, cart: Cart, line_id, quantity) -> CartLine:
    line = _cart_line(cart, line_id)
    quantity = _quantity(quantity)
    _check_stock(line.product, quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    return line


@transaction.atomic
def cart_line_remove(*, cart: Cart, line_id) -> None:
    _cart_line(cart, line_id).delete()


@transaction.atomic
def cart_merge(*, source: Cart, into: Cart) -> Cart:
    """Moves an anonymous cart's lines into the user's (quantities add, within stock and cap)."""
    if source.pk == into.pk:
        return into
    existing = {line.product_id: line for line in into.lines.select_for_update()}
    for line in source.lines.select_related("product"):
        product = line.product
        limit = (
            MAX_LINE_QUANTITY if product.made_to_order else min(MAX_LINE_QUANTITY, product.stock)
        )
        target = existing.get(product.pk)
        wanted = line.quantity + (target.quantity if target else 0)
        quantity = max(min(wanted, limit), target.quantity if target else 0)
        if target is not None:
            target.quantity = quantity
            target.save(update_fields=["quantity"])
        elif quantity > 0:
            CartLine.objects.create(cart=into, product=product, quantity=quantity)
    source.delete()
    return into


@transaction.atomic
def cart_merge_on_login(*, user: User, session: SessionBase) -> None:
    """Called when a user signs in: the session's anonymous cart joins the account's."""
    cart_id = session.pop(SESSION_CART_KEY, None)
    if not cart_id:
        return
    source = Cart.objects.filter(pk=cart_id, user__isnull=True).first()
    if source is None:
        return
    into, _created = Cart.objects.get_or_create(user=user)
    cart_merge(source=source, into=into)


# Placing an order group and holding its stock ---------------------------------------------------


@dataclass(frozen=True)
class Contact:
    email: str
    contact_name: str
    phone: str
    street_address: str
    ward: Ward
    note: str = ""


def new_payment_code() -> str:
    """A fresh transfer memo: ``CS`` + 8 base32 characters (ASCII letters and digits, 10 long)."""
    while True:
        code = PAYMENT_CODE_PREFIX + "".join(
            secrets.choice(PAYMENT_CODE_ALPHABET) for _i in range(8)
        )
        if not Order.objects.filter(payment_code=code).exists():
            return code


def _reserve(group: OrderGroup, items: dict[int, tuple[int | None, int]]) -> None:
    """Takes the units off stock, product by product in id order, or raises OutOfStock.

    ``items`` maps a product id to (the shop order it is for, quantity).
    """
    for product_id in sorted(items):
        order_id, quantity = items[product_id]
        # Only the product's own columns in the WHERE: a join would turn the UPDATE into
        # ``id IN (subquery)``, whose stock test PostgreSQL does not re-check after waiting for a
        # concurrent update (the ``stock >= 0`` check would then be the one to refuse).
        taken = Product.objects.filter(
            pk=product_id, status=ProductStatus.ACTIVE, made_to_order=False, stock__gte=quantity
        ).update(stock=F("stock") - quantity)
        if not taken:
            product = Product.objects.select_related("business").get(pk=product_id)
            if not is_buyable(product):
                raise Conflict(
                    _("“%(name)s” is no longer available.") % {"name": product.display_name}
                )
            if product.made_to_order:
                continue
            raise _not_enough(product, product.stock)
        StockReservation.objects.create(
            group=group,
            order_id=order_id,
            product_id=product_id,
            quantity=quantity,
            expires_at=group.expires_at,
        )
    catalogue_changed()


def _release(reservations) -> None:
    """Gives back the stock of the held reservations among ``reservations`` (a queryset)."""
    held = list(
        reservations.select_for_update()
        .filter(status=ReservationStatus.HELD)
        .order_by("product_id")
    )
    for reservation in held:
        Product.objects.filter(pk=reservation.product_id).update(
            stock=F("stock") + reservation.quantity
        )
    StockReservation.objects.filter(pk__in=[r.pk for r in held]).update(
        status=ReservationStatus.RELEASED, updated_at=timezone.now()
    )
    if held:
        catalogue_changed()


def _commit(reservations) -> None:
    reservations.filter(status=ReservationStatus.HELD).update(
        status=ReservationStatus.COMMITTED, updated_at=timezone.now()
    )


def _check_placeable(view: CartView) -> None:
    if not view.lines:
        raise DomainError(_("Your cart is empty."))
    if view.has_problems:
        raise DomainError(
            _("Some products in your cart cannot be bought as they are: see the cart and fix them.")
        )
    if view.total < settings.MIN_PAYABLE_VND:
        raise DomainError(
            _("The minimum order is %(minimum)s ₫; your cart comes to %(total)s ₫.")
            % {
                "minimum": f"{settings.MIN_PAYABLE_VND:,}".replace(",", "."),
                "total": f"{view.total:,}".replace(",", "."),
            }
        )


def _chosen_methods(
    view: CartView, methods: dict[int, str] | None, allowed: dict[int, list[str]] | None
) -> dict[int, str]:
    """The method of each shop, checked against what that shop accepts (a form error if not)."""
    chosen = {}
    for shop in view.shops:
        business_id = shop.business.pk
        accepted = (allowed or {}).get(business_id, [PaymentMethod.STRIPE])
        method = (methods or {}).get(business_id) or (accepted[0] if len(accepted) == 1 else "")
        if method not in accepted or method not in PaymentMethod.values:
            raise DomainError(
                _("Choose how to pay %(shop)s.") % {"shop": shop.business.trading_name},
                field=f"method_{business_id}",
            )
        chosen[business_id] = method
    return chosen


def _chosen_deliveries(
    view: CartView, deliveries: dict[int, str] | None, ward: Ward
) -> dict[int, delivery.Quote | None]:
    """The delivery of each shop: one of its options that reaches ``ward``, with its fee.

    A shop with options needs a choice among those that reach the ward (a form error if none is
    chosen, or the one chosen does not reach it); a shop without any arranges delivery with the
    shopper itself (no fee, ``None``).
    """
    options = delivery_options_for(businesses=[shop.business for shop in view.shops])
    chosen: dict[int, delivery.Quote | None] = {}
    for shop in view.shops:
        business = shop.business
        offered = options.get(business.pk, [])
        if not offered:
            chosen[business.pk] = None
            continue
        reaching = delivery.quotes(offered, ward=ward, subtotal=shop.subtotal)
        field = f"delivery_{business.pk}"
        if not reaching:
            raise DomainError(
                _(
                    "%(shop)s does not deliver to %(ward)s. Choose another address, or remove "
                    "its products from your cart."
                )
                % {"shop": business.trading_name, "ward": ward.display_name},
                field=field,
            )
        wanted = str((deliveries or {}).get(business.pk) or "")
        if not wanted and len(reaching) == 1:
            wanted = str(reaching[0].option.pk)
        match = next((q for q in reaching if str(q.option.pk) == wanted), None)
        if match is None:
            raise DomainError(
                _("Choose how %(shop)s gets your order to you.") % {"shop": business.trading_name},
                field=field,
            )
        chosen[business.pk] = match
    return chosen


def _delivery_fields(choice: "delivery.Quote | None") -> dict:
    if choice is None:
        return {}
    option = choice.option
    return {
        "delivery_option": option,
        "delivery_kind": option.kind,
        "delivery_label": choice.label[:200],
        "delivery_detail": choice.detail[:400],
        "delivery_days_min": option.estimate_days_min,
        "delivery_days_max": option.estimate_days_max,
        "delivery_fee": choice.fee,
    }


@transaction.atomic
def order_group_place(
    *,
    cart: Cart,
    user: User | None,
    contact: Contact,
    language: str = "vi",
    methods: dict[int, str] | None = None,
    allowed: dict[int, list[str]] | None = None,
    deliveries: dict[int, str] | None = None,
) -> OrderGroup:
    """Turns the cart into an order group (one order per shop) and reserves its stock.

    ``methods`` is the shopper's payment method per shop (business id → method), checked against
    ``allowed`` (what each shop accepts, from the payments app); a shop accepting one method only
    needs no choice, and without ``allowed`` every shop is paid by the group's one card payment.
    ``deliveries`` is the delivery option chosen per shop (business id → option id), checked
    against the shop's options that reach the contact's ward (``_chosen_deliveries``); its fee
    is copied onto the shop's order and is part of what the shopper pays that shop.
    Amounts are computed here from the products' current prices. A pending group placed earlier
    from the same cart is cancelled first, so a shopper who comes back never holds stock twice.
    A cash-on-delivery order stands at once: its stock is committed and its shop told.
    """
    for pending in OrderGroup.objects.select_for_update().filter(
        cart=cart, status=GroupStatus.PENDING_PAYMENT
    ):
        _cancel_group(pending, notify=False, only_card=False)
    view = cart_view(cart=cart)
    _check_placeable(view)
    chosen = _chosen_methods(view, methods, allowed)
    shipping = _chosen_deliveries(view, deliveries, contact.ward)
    fees = {business_id: q.fee if q else 0 for business_id, q in shipping.items()}
    fee_bps = settings.PLATFORM_FEE_BPS
    now = timezone.now()
    group = OrderGroup.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        email=contact.email,
        contact_name=contact.contact_name,
        phone=contact.phone,
        street_address=contact.street_address,
        ward=contact.ward,
        note=contact.note,
        language=language,
        currency=view.currency,
        total=view.total + sum(fees.values()),
        cart=cart,
        expires_at=now + timedelta(minutes=RESERVATION_MINUTES),
    )
    items: dict[int, tuple[int, int]] = {}
    orders = []
    for shop in view.shops:
        method = chosen[shop.business.pk]
        order = Order.objects.create(
            group=group,
            business=shop.business,
            currency=view.currency,
            subtotal=shop.subtotal,
            fee_bps=fee_bps,
            platform_fee=platform_fee(subtotal=shop.subtotal, fee_bps=fee_bps),
            payment_method=method,
            payment_code=new_payment_code(),
            **_delivery_fields(shipping[shop.business.pk]),
            payment_expires_at=(
                now + timedelta(minutes=TRANSFER_MINUTES)
                if method in (PaymentMethod.VIETQR, PaymentMethod.PAYOS)
                else None
            ),
        )
        _announce(order)
        orders.append(order)
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                product=line.product,
                name=line.product.name,
                unit_price=line.unit_price,
                quantity=line.quantity,
            )
            for line in shop.lines
        )
        for line in shop.lines:
            items[line.product.pk] = (order.pk, line.quantity)
    _reserve(group, items)
    for order in orders:
        if order.payment_method == PaymentMethod.COD:
            _set_status(order, OrderStatus.PLACED)
            order.save(update_fields=["status", "updated_at"])
            _announce(order)
            _commit(order.reservations.all())
            _remove_from_cart(order)
            emails.send_order_confirmed(order=order)
    _group_refresh(group)
    return group


@transaction.atomic
def order_group_set_payment_session(
    *, group: OrderGroup, provider: str, session_id: str, expires_at: datetime
) -> OrderGroup:
    """Records the provider's session; the stock is held as long as the session stays open."""
    group = _locked_group(group.reference)
    group.provider = provider
    group.provider_session_id = session_id
    if expires_at > group.expires_at:
        group.expires_at = expires_at
        group.reservations.filter(status=ReservationStatus.HELD).update(expires_at=expires_at)
    group.save(update_fields=["provider", "provider_session_id", "expires_at", "updated_at"])
    return group


def card_orders(group: OrderGroup) -> list[Order]:
    """The group's orders paid together by one card payment (Stripe or the sandbox)."""
    return [o for o in group.orders.all() if o.payment_method == PaymentMethod.STRIPE]


def card_total(group: OrderGroup) -> int:
    """What the one card payment comes to: the card orders' goods and delivery fees."""
    return sum(order.total for order in card_orders(group))


def order_group_check_payable(*, group: OrderGroup) -> None:
    """Raises unless the group's card part may be paid now: never twice, never after its window."""
    orders = card_orders(group)
    if group.status == GroupStatus.PAID or (
        orders
        and all(o.status != OrderStatus.PENDING_PAYMENT for o in orders)
        and any(o.is_paid for o in orders)
    ):
        raise Conflict(_("This order has already been paid. Nothing more will be charged."))
    if (
        group.status != GroupStatus.PENDING_PAYMENT
        or group.expires_at <= timezone.now()
        or not any(o.status == OrderStatus.PENDING_PAYMENT for o in orders)
    ):
        raise Conflict(
            _(
                "This order can no longer be paid: its payment window has closed. "
                "Check out again from your cart."
            )
        )
    if card_total(group) < settings.MIN_PAYABLE_VND:
        raise DomainError(_("The amount is below the minimum that can be paid electronically."))


def _locked_group(reference) -> OrderGroup | None:
    return OrderGroup.objects.select_for_update().filter(reference=reference).first()


@transaction.atomic
def order_group_set_charge(*, group: OrderGroup, charge_id: str) -> OrderGroup:
    """The provider's charge behind the payment: what vendor transfers are funded from."""
    group = _locked_group(group.reference)
    group.provider_charge_id = charge_id
    group.save(update_fields=["provider_charge_id", "updated_at"])
    return group


class PaidOutcome:
    PAID = "paid"
    ALREADY_PAID = "already_paid"
    FLAGGED = "flagged"
    UNKNOWN = "unknown"


def _flag(group: OrderGroup, reason: str) -> None:
    logger.error("Order group %s needs review: %s", group.reference, reason)
    group.status = GroupStatus.NEEDS_REVIEW
    group.review_reason = reason
    group.save(update_fields=["status", "review_reason", "updated_at"])


# The state machine ------------------------------------------------------------------------------


def _set_status(order: Order, status: str) -> None:
    """The one place an order's status changes (the caller saves the row)."""
    if not order.can_move_to(status):
        raise Conflict(
            _("An order that is “%(current)s” cannot become “%(new)s”.")
            % {"current": order.get_status_display(), "new": OrderStatus(status).label}
        )
    order.status = status


_move = _set_status


def _remove_from_cart(order: Order) -> None:
    if order.group.cart_id:
        products = OrderLine.objects.filter(order=order).values("product_id")
        CartLine.objects.filter(cart_id=order.group.cart_id, product_id__in=products).delete()


def _group_refresh(group: OrderGroup) -> None:
    """The group follows its shops' orders: complete when none is waiting any more."""
    orders = list(Order.objects.filter(group=group).only("status", "payment_state"))
    waiting = [
        o
        for o in orders
        if o.status == OrderStatus.PENDING_PAYMENT and o.payment_state == PaymentState.PENDING
    ]
    if waiting:
        return
    now = timezone.now()
    if any(o.payment_state == PaymentState.NEEDS_REVIEW for o in orders):
        status = GroupStatus.NEEDS_REVIEW
    elif all(o.status == OrderStatus.CANCELLED for o in orders):
        status = GroupStatus.CANCELLED
    else:
        status = GroupStatus.PAID
    if status == group.status:
        return
    group.status = status
    fields = ["status", "updated_at"]
    if status == GroupStatus.PAID and group.paid_at is None:
        group.paid_at = now
        fields.append("paid_at")
    if status == GroupStatus.CANCELLED:
        group.cancelled_at = now
        fields.append("cancelled_at")
    group.save(update_fields=fields)


def _mark_order_paid(
    order: Order, *, source: str, reference: str = "", actor: User | None = None, email=True
) -> None:
    now = timezone.now()
    _set_status(order, OrderStatus.PAID)
    order.paid_at = now
    order.payment_state = PaymentState.PAID
    order.payment_review_reason = ""
    order.payment_source = source
    order.payment_reference = reference or order.payment_reference
    if actor is not None and actor.is_authenticated:
        order.payment_confirmed_by = actor
    order.payment_confirmed_at = now
    order.save()
    _announce(order)
    _commit(order.reservations.all())
    _remove_from_cart(order)
    if email:
        emails.send_order_confirmed(order=order)


@transaction.atomic
def order_group_mark_paid(
    *,
    reference,
    provider: str,
    amount: int,
    currency: str,
    payment_id: str = "",
    charge_id: str = "",
) -> tuple[str, OrderGroup | None]:
    """The card provider took the group's one payment: check it, then its orders are paid.

    The payment covers the group's card orders (every order, unless some shops are paid directly).
    A payment whose amount or currency differs is flagged for review and fulfils nothing. A payment
    that arrives after the hold was released takes the stock again if it is still there, and is
    flagged (to be refunded) if not.
    """
    group = _locked_group(reference)
    if group is None:
        return PaidOutcome.UNKNOWN, None
    orders = list(
        group.orders.select_for_update().filter(payment_method=PaymentMethod.STRIPE).order_by("pk")
    )
    if group.status == GroupStatus.PAID or (orders and all(o.is_paid for o in orders)):
        return PaidOutcome.ALREADY_PAID, group
    if group.status == GroupStatus.NEEDS_REVIEW:
        return PaidOutcome.FLAGGED, group
    group.provider = provider
    group.provider_payment_id = payment_id or group.provider_payment_id
    group.provider_charge_id = charge_id or group.provider_charge_id
    group.save(update_fields=["provider", "provider_payment_id", "provider_charge_id"])
    expected = sum(order.total for order in orders)
    if amount != expected or currency.upper() != group.currency.upper():
        _flag(
            group,
            f"The provider reported {amount} {currency.upper()} for a group of "
            f"{expected} {group.currency}.",
        )
        return PaidOutcome.FLAGGED, group
    cancelled = [o for o in orders if o.status == OrderStatus.CANCELLED]
    if cancelled:
        StockReservation.objects.filter(order__in=cancelled).delete()
        StockReservation.objects.filter(group=group, order__isnull=True).delete()
        items = {
            line.product_id: (line.order_id, line.quantity)
            for line in OrderLine.objects.filter(order__in=cancelled, product__isnull=False)
        }
        try:
            with transaction.atomic():
                _reserve(group, items)
        except OutOfStock:
            _flag(group, "Paid after the stock hold had been released, and the stock is gone.")
            return PaidOutcome.FLAGGED, group
    for order in orders:
        _mark_order_paid(order, source=PaymentSource.STRIPE, reference=payment_id, email=False)
    group.refresh_from_db()
    group.cancelled_at = None
    group.save(update_fields=["cancelled_at", "updated_at"])
    _group_refresh(group)
    group.refresh_from_db()
    emails.send_group_paid(group=group, orders=orders)
    return PaidOutcome.PAID, group


def _cancel_order(order: Order, *, state: str = PaymentState.CANCELLED) -> None:
    _release(order.reservations.all())
    _set_status(order, OrderStatus.CANCELLED)
    order.payment_state = state
    order.save(update_fields=["status", "payment_state", "updated_at"])
    _announce(order)


def _cancel_group(group: OrderGroup, *, notify: bool, only_card: bool) -> None:
    """Cancels the group's orders still waiting for payment (its card ones, or all of them)."""
    orders = group.orders.select_for_update().filter(
        status=OrderStatus.PENDING_PAYMENT, payment_state=PaymentState.PENDING
    )
    if only_card:
        orders = orders.filter(payment_method=PaymentMethod.STRIPE)
    for order in orders.order_by("pk"):
        _cancel_order(order)
    _release(group.reservations.filter(order__isnull=True))
    _group_refresh(group)
    if not only_card and group.status == GroupStatus.PENDING_PAYMENT:
        group.status = GroupStatus.CANCELLED
        group.cancelled_at = timezone.now()
        group.save(update_fields=["status", "cancelled_at", "updated_at"])
    if notify:
        emails.send_group_cancelled(group=group)


@transaction.atomic
def order_group_cancel(*, reference, notify: bool = True) -> OrderGroup | None:
    """The card payment expired or failed: release its stock and cancel its orders (once)."""
    group = _locked_group(reference)
    if group is None or group.status != GroupStatus.PENDING_PAYMENT:
        return group
    _cancel_group(group, notify=notify, only_card=True)
    return group


def order_groups_release_expired(*, now: datetime | None = None) -> int:
    """Cancels card payments whose window (plus a grace period) has passed, and each shop's
    direct payment past its own window; returns how many groups and orders gave stock back."""
    cutoff = (now or timezone.now()) - EXPIRY_GRACE
    references = list(
        OrderGroup.objects.filter(
            status=GroupStatus.PENDING_PAYMENT,
            expires_at__lt=cutoff,
            orders__payment_method=PaymentMethod.STRIPE,
            orders__status=OrderStatus.PENDING_PAYMENT,
        )
        .distinct()
        .values_list("reference", flat=True)
    )
    for reference in references:
        order_group_cancel(reference=reference)
    order_ids = list(
        Order.objects.filter(
            payment_state=PaymentState.PENDING,
            status=OrderStatus.PENDING_PAYMENT,
            payment_expires_at__lt=cutoff,
        )
        .exclude(payment_method=PaymentMethod.STRIPE)
        .values_list("pk", flat=True)
    )
    expired = sum(1 for order_id in order_ids if order_expire(order_id=order_id))
    return len(references) + expired


@transaction.atomic
def order_expire(*, order_id: int) -> bool:
    """One shop's direct payment window closed: its stock alone goes back. True if it expired."""
    order = Order.objects.select_for_update().select_related("group").filter(pk=order_id).first()
    if (
        order is None
        or order.payment_state != PaymentState.PENDING
        or order.status != OrderStatus.PENDING_PAYMENT
        or order.payment_method == PaymentMethod.STRIPE
    ):
        return False
    _lock_group_of(order)
    _cancel_order(order, state=PaymentState.EXPIRED)
    OrderPaymentEvent.objects.create(order=order, kind=OrderPaymentEvent.Kind.EXPIRED)
    _group_refresh(order.group)
    return True


@transaction.atomic
def order_record_transfer(*, order: Order, transfer_id: str, amount: int) -> Order:
    order.transfer_id = transfer_id
    order.transfer_amount = amount
    order.save(update_fields=["transfer_id", "transfer_amount", "updated_at"])
    _announce(order)
    return order


# Direct payments to a shop: VietQR transfers, payOS, cash on delivery ---------------------------


@dataclass(frozen=True)
class PaymentOutcome:
    state: str  # a PaymentState value
    reason: str = ""  # a ReviewReason value when state is needs_review
    # True when this very payment (source + reference) had been applied before: nothing changed.
    repeated: bool = False


def _lock_group_of(order: Order) -> OrderGroup:
    # Orders of one group are always locked after their group, so two shops' payments of the
    # same group arriving at once never wait on each other in opposite orders.
    return OrderGroup.objects.select_for_update().get(pk=order.group_id)


def _locked_order(order: Order) -> Order:
    return (
        Order.objects.select_for_update().select_related("group__ward", "business").get(pk=order.pk)
    )


def _locked_for_payment(order: Order) -> Order:
    _lock_group_of(order)
    return _locked_order(order)


def _review(order: Order, reason: str) -> None:
    logger.warning("Order %s needs review: %s", order.pk, reason)
    order.payment_state = PaymentState.NEEDS_REVIEW
    order.payment_review_reason = reason
    order.save(
        update_fields=["payment_state", "payment_review_reason", "amount_received", "updated_at"]
    )
    _announce(order)


@transaction.atomic
def order_payment_received(
    *,
    order: Order,
    amount: int,
    source: str,
    reference: str,
    received_at: datetime | None = None,
    actor: User | None = None,
) -> PaymentOutcome:
    """Money for one shop's order was seen (a monitor, payOS, the sandbox, or matched by hand).

    Pending and the exact amount → paid (stock committed, shopper and shop emailed). Short or over
    → ``needs_review`` with the reason (the shop decides). A second payment of a paid order →
    ``needs_review`` "duplicate". After the order expired or was cancelled → ``needs_review``
    "late", and its released stock is not silently taken again. The same ``(source, reference)``
    delivered again changes nothing.
    """
    if source not in PaymentSource.values:
        raise ValueError(f"unknown payment source {source!r}")
    order = _locked_for_payment(order)
    if (
        reference
        and OrderPaymentEvent.objects.filter(
            order=order, kind=OrderPaymentEvent.Kind.RECEIVED, source=source, reference=reference
        ).exists()
    ):
        return PaymentOutcome(
            state=order.payment_state, reason=order.payment_review_reason, repeated=True
        )
    event = OrderPaymentEvent.objects.create(
        order=order,
        kind=OrderPaymentEvent.Kind.RECEIVED,
        amount=amount,
        source=source,
        reference=reference,
        received_at=received_at or timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
    )
    order.amount_received += amount
    outcome = _apply_received(order, amount=amount, source=source, reference=reference, actor=actor)
    event.outcome = outcome.state
    event.reason = outcome.reason
    event.save(update_fields=["outcome", "reason"])
    _group_refresh(order.group)
    return outcome


def _apply_received(order: Order, *, amount, source, reference, actor) -> PaymentOutcome:
    if (
        order.payment_state == PaymentState.PAID
        or order.is_paid
        or order.status in (OrderStatus.REFUNDED,)
    ):
        _review(order, ReviewReason.DUPLICATE)
        # A paid order stays paid and on its way: only the extra money needs a decision.
        return PaymentOutcome(state=PaymentState.NEEDS_REVIEW, reason=ReviewReason.DUPLICATE)
    if order.payment_state in (PaymentState.EXPIRED, PaymentState.CANCELLED) or (
        order.status == OrderStatus.CANCELLED
    ):
        reason = (
            ReviewReason.LATE
            if order.payment_state == PaymentState.EXPIRED
            else ReviewReason.CANCELLED
        )
        _review(order, reason)
        return PaymentOutcome(state=PaymentState.NEEDS_REVIEW, reason=reason)
    if order.payment_state == PaymentState.NEEDS_REVIEW:
        if (
            order.payment_review_reason == ReviewReason.SHORT
            and order.amount_received == order.total
        ):
            # The rest of a short payment arrived: the order is paid in full.
            _mark_order_paid(order, source=source, reference=reference, actor=actor)
            return PaymentOutcome(state=PaymentState.PAID)
        reason = ReviewReason.SHORT if order.amount_received < order.total else ReviewReason.OVER
        _review(order, reason)
        return PaymentOutcome(state=PaymentState.NEEDS_REVIEW, reason=reason)
    # Pending (a direct payment, or a COD order the shopper chose to transfer instead).
    if order.amount_received == order.total:
        if order.status == OrderStatus.PLACED:
            order.status = OrderStatus.PENDING_PAYMENT  # COD paid ahead: it becomes a paid order
        _mark_order_paid(order, source=source, reference=reference, actor=actor)
        return PaymentOutcome(state=PaymentState.PAID)
    reason = ReviewReason.SHORT if order.amount_received < order.total else ReviewReason.OVER
    _review(order, reason)
    return PaymentOutcome(state=PaymentState.NEEDS_REVIEW, reason=reason)


def _check_member(order: Order, actor: User) -> None:
    if actor is None or not actor.is_authenticated:
        raise NotFound(_("This order is not one of your shop's."))
    if not businesses_for_user(user=actor).filter(pk=order.business_id).exists():
        raise NotFound(_("This order is not one of your shop's."))


@transaction.atomic
def order_payment_confirm_manual(*, order: Order, actor: User) -> PaymentOutcome:
    """The shop owner saw the transfer in their bank app and pressed "Đã nhận tiền" (audited)."""
    _check_member(order, actor)
    order = _locked_for_payment(order)
    if order.payment_method != PaymentMethod.VIETQR:
        raise Conflict(_("Only a bank transfer order is confirmed by hand."))
    if order.payment_state != PaymentState.PENDING or order.status != OrderStatus.PENDING_PAYMENT:
        raise Conflict(
            _("This order is “%(state)s”: there is no payment to confirm.")
            % {"state": order.get_payment_state_display()}
        )
    OrderPaymentEvent.objects.create(
        order=order,
        kind=OrderPaymentEvent.Kind.CONFIRMED_MANUALLY,
        amount=order.total,
        source=PaymentSource.MANUAL,
        actor=actor,
    )
    order.amount_received += order.total
    _mark_order_paid(order, source=PaymentSource.MANUAL, actor=actor)
    _group_refresh(order.group)
    return PaymentOutcome(state=PaymentState.PAID)


@transaction.atomic
def order_payment_review_decide(*, order: Order, actor: User, accept: bool) -> PaymentOutcome:
    """The shop decides on a payment that needs review: accept it, or refund it to the shopper.

    Accepting a short, over or late payment makes the order paid (a late one only if its stock is
    still there: it is taken again now, openly); accepting a duplicate keeps the extra money (the
    shop settles it with the shopper). Refunding leaves an unpaid order cancelled (its stock given
    back) and a paid one as it was; the shop sends the money back to the shopper's refund account.
    """
    _check_member(order, actor)
    order = _locked_for_payment(order)
    if order.payment_state != PaymentState.NEEDS_REVIEW:
        raise Conflict(_("This order's payment does not need a decision."))
    reason = order.payment_review_reason
    kind = (
        OrderPaymentEvent.Kind.REVIEW_ACCEPTED if accept else OrderPaymentEvent.Kind.REVIEW_REFUNDED
    )
    already_paid = order.is_paid or order.status in (OrderStatus.REFUNDED,)
    if accept:
        if already_paid:
            order.payment_state = PaymentState.PAID
            order.payment_review_reason = ""
            order.save(update_fields=["payment_state", "payment_review_reason", "updated_at"])
            _announce(order)
        else:
            if order.status == OrderStatus.CANCELLED:
                _retake_stock(order)
            _mark_order_paid(
                order, source=order.payment_source or PaymentSource.MANUAL, actor=actor
            )
        state = PaymentState.PAID
    else:
        if already_paid:
            order.payment_state = PaymentState.PAID
        else:
            if order.status != OrderStatus.CANCELLED:
                _release(order.reservations.all())
                _set_status(order, OrderStatus.CANCELLED)
            order.payment_state = PaymentState.CANCELLED
        order.payment_review_reason = ""
        order.save(update_fields=["status", "payment_state", "payment_review_reason", "updated_at"])
        _announce(order)
        state = order.payment_state
    extra = max(order.amount_received - order.total, 0) if already_paid else order.amount_received
    OrderPaymentEvent.objects.create(
        order=order,
        kind=kind,
        amount=0 if accept else extra,
        reason=reason,
        actor=actor,
    )
    _group_refresh(order.group)
    if not accept:
        emails.send_payment_refund_due(order=order, amount=extra)
    return PaymentOutcome(state=state)


def _retake_stock(order: Order) -> None:
    """A late payment accepted: the order's units are taken off stock again, or refused."""
    order.reservations.all().delete()
    items = {
        line.product_id: (order.pk, line.quantity)
        for line in order.lines.filter(product__isnull=False)
    }
    try:
        with transaction.atomic():
            _reserve(order.group, items)
    except OutOfStock as exc:
        raise Conflict(
            _(
                "The stock of this order was released when its payment window closed and is no "
                "longer there: refund the payment instead. (%(detail)s)"
            )
            % {"detail": exc.message}
        ) from None
    # The cancelled order is being paid after all.
    order.status = OrderStatus.PENDING_PAYMENT


@transaction.atomic
def order_cod_delivered(*, order: Order, actor: User) -> Order:
    """Cash on delivery: the shop delivered the order and collected the cash (audited)."""
    _check_member(order, actor)
    order = _locked_for_payment(order)
    if order.payment_method != PaymentMethod.COD or order.status != OrderStatus.PLACED:
        raise Conflict(_("Only a cash-on-delivery order waiting for delivery can be marked so."))
    now = timezone.now()
    _set_status(order, OrderStatus.COMPLETED)
    order.payment_state = PaymentState.PAID
    order.payment_source = PaymentSource.COD
    order.payment_confirmed_by = actor
    order.payment_confirmed_at = now
    order.amount_received += order.total
    order.paid_at = now
    order.fulfilled_at = order.fulfilled_at or now
    order.completed_at = now
    order.save()
    _announce(order)
    OrderPaymentEvent.objects.create(
        order=order,
        kind=OrderPaymentEvent.Kind.COD_COLLECTED,
        amount=order.total,
        source=PaymentSource.COD,
        actor=actor,
    )
    _group_refresh(order.group)
    emails.send_order_status(order=order)
    return order


PAYOS_MAX_ORDER_CODE = 9_007_199_254_740_991  # payOS order codes are JavaScript-safe integers


@transaction.atomic
def order_payos_code(*, order: Order) -> Order:
    """Gives the order its payOS order code once (written before payOS is called)."""
    order = _locked_order(order)
    if order.payos_order_code is None:
        while True:
            code = secrets.randbelow(10**12) + 10**12
            if not Order.objects.filter(payos_order_code=code).exists():
                break
        order.payos_order_code = code
        order.save(update_fields=["payos_order_code", "updated_at"])
        _announce(order)
    return order


@transaction.atomic
def order_set_payos_link(
    *, order: Order, order_code: int, checkout_url: str, payment_link_id: str
) -> Order:
    """Records the payOS link made for the order (the HTTP call was made before, outside)."""
    order = _locked_order(order)
    order.payos_order_code = order_code
    order.payos_checkout_url = checkout_url
    order.payos_payment_link_id = payment_link_id
    order.save(
        update_fields=[
            "payos_order_code",
            "payos_checkout_url",
            "payos_payment_link_id",
            "updated_at",
        ]
    )
    _announce(order)
    return order


@transaction.atomic
def order_payment_claimed(*, order: Order) -> Order:
    """The shopper says they transferred: the page tells them the shop is confirming."""
    order = _locked_order(order)
    if order.payment_state == PaymentState.PENDING and order.payment_claimed_at is None:
        order.payment_claimed_at = timezone.now()
        order.save(update_fields=["payment_claimed_at", "updated_at"])
        _announce(order)
    return order


@transaction.atomic
def order_group_set_refund_account(
    *, group: OrderGroup, bank_code: str, account_number: str, holder_name: str
) -> OrderGroup:
    """The shopper's account for refunds, asked once per order group (encrypted at rest)."""
    group = _locked_group(group.reference)
    if group.refund_account_given_at is not None:
        raise Conflict(_("You already gave a refund account for this order."))
    group.refund_bank_code = bank_code
    group.refund_account_number = account_number
    group.refund_holder_name = holder_name
    group.refund_account_given_at = timezone.now()
    group.save(
        update_fields=[
            "refund_bank_code",
            "refund_account_number",
            "refund_holder_name",
            "refund_account_given_at",
            "updated_at",
        ]
    )
    return group


# Vendors: fulfil and refund ---------------------------------------------------------------------


TRACKING_NUMBER_MAX = 64
_TRACKING_ALLOWED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./")
# Carriers whose parcels always have a tracking number (a shop's own delivery or another way may
# have none).
CARRIERS_WITH_TRACKING = (
    Carrier.GHN,
    Carrier.GHTK,
    Carrier.VIETTEL_POST,
    Carrier.JNT,
    Carrier.AHAMOVE,
)
# Sent, or still sendable: what carrier details may be recorded on (or corrected on).
_SHIPPED_STATUSES = (
    OrderStatus.FULFILLED,
    OrderStatus.COMPLETED,
    OrderStatus.PARTIALLY_REFUNDED,
)


def _tracking_number(carrier: str, value) -> str:
    number = "".join(str(value or "").split())
    if carrier in CARRIERS_WITH_TRACKING and not number:
        raise DomainError(
            _("Enter the tracking number %(carrier)s gave you.")
            % {"carrier": Carrier(carrier).label},
            field="tracking_number",
        )
    if len(number) > TRACKING_NUMBER_MAX or not set(number) <= _TRACKING_ALLOWED:
        raise DomainError(
            _(
                "A tracking number has at most %(max)s letters, digits, dashes, dots or "
                "slashes, without accents."
            )
            % {"max": TRACKING_NUMBER_MAX},
            field="tracking_number",
        )
    return number


@transaction.atomic
def ship_order(*, order: Order, carrier: str, tracking_number: str = "") -> Order:
    """The shop sent the order: the carrier (GHN, GHTK, ..., its own delivery, other) and the
    parcel's tracking number are recorded with the time, and the shopper is emailed once.

    A paid order becomes "sent"; a cash-on-delivery order keeps waiting for its cash at the door
    (``order_cod_delivered`` completes it) with the carrier recorded. Calling it again on an order
    already sent corrects the carrier and tracking number (no second email). A carrier that is
    not one of ``Carrier``, a missing tracking number for a carrier that gives one, or an order
    that cannot be sent is refused (``DomainError``) and nothing changes.
    """
    if carrier not in Carrier.values:
        raise DomainError(_("Choose the carrier that delivers this order."), field="carrier")
    number = _tracking_number(carrier, tracking_number)
    order = _locked_order(order)
    first_time = order.fulfilled_at is None
    if order.status == OrderStatus.PLACED:
        pass  # cash on delivery: the status moves when the cash is collected
    elif order.status in _SHIPPED_STATUSES and not first_time:
        pass  # a correction of the carrier details
    else:
        _set_status(order, OrderStatus.FULFILLED)
    order.carrier = carrier
    order.tracking_number = number
    order.fulfilled_at = order.fulfilled_at or timezone.now()
    order.save(update_fields=["status", "carrier", "tracking_number", "fulfilled_at", "updated_at"])
    _announce(order)
    if first_time:
        emails.send_order_status(order=order)
    return order


@transaction.atomic
def order_mark_fulfilled(*, order: Order) -> Order:
    order = _locked_order(order)
    _set_status(order, OrderStatus.FULFILLED)
    first_time = order.fulfilled_at is None
    order.fulfilled_at = order.fulfilled_at or timezone.now()
    order.save(update_fields=["status", "fulfilled_at", "updated_at"])
    _announce(order)
    if first_time:
        # The "on its way" email goes once, whatever happened to the order since.
        emails.send_order_status(order=order)
    return order


@transaction.atomic
def order_mark_completed(*, order: Order) -> Order:
    order = _locked_order(order)
    _set_status(order, OrderStatus.COMPLETED)
    order.completed_at = timezone.now()
    order.save(update_fields=["status", "completed_at", "updated_at"])
    _announce(order)
    emails.send_order_status(order=order)
    return order


@dataclass(frozen=True)
class RefundMade:
    refund_id: str
    reversal_id: str = ""


RefundGateway = Callable[[Refund], RefundMade]
_refund_gateway: list[RefundGateway] = []


def register_refund_gateway(gateway: RefundGateway) -> None:
    """The payments app tells this one how a refund reaches the provider (it sits above); called
    from ``PaymentsConfig.ready()``."""
    _refund_gateway[:] = [gateway]


def _reverse_amount(order: Order, goods: int, fee: int, *, whole: bool) -> int:
    """What to take back from the vendor's transfer: its share of the goods refunded (the
    platform keeps no fee on them) and the delivery fee it was paid."""
    if not order.transfer_id:
        return 0
    remaining = order.transfer_amount - order.reversed_amount
    if whole:
        return remaining
    return min(remaining, goods - platform_fee(subtotal=goods, fee_bps=order.fee_bps) + fee)


REFUNDABLE_STATUSES = (*PAID_STATUSES,)


def order_refund(
    *,
    order: Order,
    quantities: dict,
    key,
    actor: User | None = None,
    delivery_fee: bool = False,
) -> Refund:
    """Refunds some lines (``{line id: quantity}``) of a paid order, or all of them.

    The delivery fee is refunded with the last of the goods (a refund of everything left gives
    back all the shopper paid), or on its own or with some lines when ``delivery_fee`` is set
    (the shop gives the fee back, e.g. for a late delivery).

    ``key`` (from the form) makes a double submit or a retry one refund: the provider refund and
    the vendor's transfer reversal carry idempotency keys derived from it. An order paid by card
    is refunded through the provider: the refund is written down first (pending, its lines held),
    the provider is called with no transaction open and no row locked, then the result recorded.
    An order paid to the shop directly is refunded by the shop itself (a bank transfer to the
    shopper's refund account) and recorded here.

    A partial refund of an order already sent or completed leaves it sent or completed (it never
    moves back to "not sent", and the "on its way" email is never sent again); a refund of
    everything left makes it refunded.
    """
    refund = _refund_prepare(
        order=order, quantities=quantities, key=key, actor=actor, delivery_fee=delivery_fee
    )
    if refund.status == Refund.Status.SUCCEEDED:
        return refund
    made = None
    if refund.channel == Refund.Channel.PROVIDER:
        try:
            made = _refund_gateway[0](refund)
        except Exception:
            Refund.objects.filter(pk=refund.pk, status=Refund.Status.PENDING).delete()
            raise
    return _refund_apply(refund=refund, made=made, actor=actor)


# Key of the delivery fee held by a pending refund in ``_held_by_pending``'s answer.
_FEE = 0


def _held_by_pending(order: Order, *, besides=None) -> dict[int, int]:
    """Per line id, the quantity pending refunds hold; under ``_FEE``, the delivery fee held."""
    held: dict[int, int] = {}
    pending = Refund.objects.filter(order=order, status=Refund.Status.PENDING)
    if besides is not None:
        pending = pending.exclude(pk=besides.pk)
    for refund in pending:
        for line_id, quantity in refund.quantities.items():
            held[int(line_id)] = held.get(int(line_id), 0) + quantity
        held[_FEE] = held.get(_FEE, 0) + refund.delivery_fee
    return held


@transaction.atomic
def _refund_prepare(*, order: Order, quantities: dict, key, actor, delivery_fee: bool) -> Refund:
    done = Refund.objects.filter(key=key).first()
    if done is not None:
        if done.order_id != order.pk:
            raise Conflict(_("This refund was already made for another order."))
        return done
    order = _locked_order(order)
    if order.status not in REFUNDABLE_STATUSES:
        raise Conflict(
            _("An order that is “%(status)s” cannot be refunded.")
            % {"status": order.get_status_display()}
        )
    held = _held_by_pending(order)
    lines = {line.pk: line for line in order.lines.select_for_update()}
    chosen: dict[int, int] = {}
    for raw_id, raw_quantity in quantities.items():
        try:
            line_id, quantity = int(raw_id), int(raw_quantity)
        except (TypeError, ValueError):
            raise DomainError(_("Enter whole numbers of items to refund.")) from None
        line = lines.get(line_id)
        if line is None:
            raise NotFound(_("This line is not part of the order."))
        left = line.refundable_quantity - held.get(line_id, 0)
        if quantity < 0 or quantity > left:
            raise DomainError(
                _("You can refund between 0 and %(max)s of “%(name)s”.")
                % {"max": left, "name": line.name}
            )
        if quantity:
            chosen[line_id] = quantity
    whole = all(
        chosen.get(line.pk, 0) == line.refundable_quantity - held.get(line.pk, 0)
        for line in lines.values()
    )
    fee_left = order.refundable_delivery_fee - held.get(_FEE, 0)
    fee = fee_left if (whole or delivery_fee) and fee_left > 0 else 0
    if delivery_fee and not fee:
        raise DomainError(_("There is no delivery fee left to refund on this order."))
    if not chosen and not fee:
        raise DomainError(_("Choose at least one item to refund."))
    direct = order.is_per_shop
    if not direct and (not _refund_gateway or not order.group.provider_payment_id):
        raise DomainError(_("This order has no payment to refund."))
    goods = sum(lines[line_id].unit_price * quantity for line_id, quantity in chosen.items())
    return Refund.objects.create(
        key=key,
        order=order,
        amount=goods + fee,
        delivery_fee=fee,
        channel=Refund.Channel.SHOP_TRANSFER if direct else Refund.Channel.PROVIDER,
        reverse_amount=0 if direct else _reverse_amount(order, goods, fee, whole=whole),
        quantities={str(line_id): quantity for line_id, quantity in chosen.items()},
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )


@transaction.atomic
def _refund_apply(*, refund: Refund, made: "RefundMade | None", actor) -> Refund:
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    if refund.status == Refund.Status.SUCCEEDED:
        return refund
    order = _locked_order(refund.order)
    if made is not None:
        refund.provider_refund_id = made.refund_id
        refund.provider_reversal_id = made.reversal_id
    refund.status = Refund.Status.SUCCEEDED
    refund.save(update_fields=["provider_refund_id", "provider_reversal_id", "status"])
    lines = {line.pk: line for line in order.lines.select_for_update()}
    for line_id, quantity in refund.quantities.items():
        line = lines[int(line_id)]
        line.refunded_quantity += quantity
        line.save(update_fields=["refunded_quantity"])
    order.refunded_amount += refund.amount
    order.delivery_fee_refunded += refund.delivery_fee
    order.reversed_amount += refund.reverse_amount
    if all(line.refundable_quantity == 0 for line in lines.values()):
        _set_status(order, OrderStatus.REFUNDED)
    elif order.status == OrderStatus.PAID:
        _set_status(order, OrderStatus.PARTIALLY_REFUNDED)
    order.save(
        update_fields=[
            "status",
            "refunded_amount",
            "delivery_fee_refunded",
            "reversed_amount",
            "updated_at",
        ]
    )
    _announce(order)
    if refund.channel == Refund.Channel.SHOP_TRANSFER:
        OrderPaymentEvent.objects.create(
            order=order,
            kind=OrderPaymentEvent.Kind.REFUNDED,
            amount=refund.amount,
            source=order.payment_source,
            reference=str(refund.key),
            actor=actor if actor is not None and actor.is_authenticated else None,
        )
    emails.send_order_refunded(order=order, refund=refund)
    return refund


# Delivery options (a shop's settings) ---------------------------------------------------------


@dataclass(frozen=True)
class ZoneInput:
    name: str
    fee: int
    former_districts: tuple[str, ...] = ()
    ward_codes: tuple[str, ...] = ()


def _check_member_of(business, actor: User) -> None:
    if not businesses_for_user(user=actor).filter(pk=business.pk).exists():
        raise NotFound(_("This shop is not one of yours."))


def _check_zones(zones: list[ZoneInput]) -> None:
    if not zones:
        raise DomainError(
            _("Add at least one zone with its wards or former districts, or choose one fee."),
            field="pricing",
        )
    known = set(
        Ward.objects.filter(pk__in=[c for z in zones for c in z.ward_codes]).values_list(
            "pk", flat=True
        )
    )
    districts = set(former_district_names())
    for zone in zones:
        if not zone.name.strip():
            raise DomainError(_("Give each zone a name."), field="zones")
        if zone.fee < 0:
            raise DomainError(_("A fee cannot be negative."), field="zones")
        if not zone.ward_codes and not zone.former_districts:
            raise DomainError(
                _("Zone “%(zone)s” has no wards or former districts.") % {"zone": zone.name},
                field="zones",
            )
        if set(zone.ward_codes) - known or set(zone.former_districts) - districts:
            raise DomainError(_("Choose wards and former districts from the lists."), field="zones")


@transaction.atomic
def delivery_option_save(
    *,
    business,
    actor: User,
    option: DeliveryOption | None = None,
    kind: str,
    name: str = "",
    pickup_address: str = "",
    pickup_hours: str = "",
    pricing: str = DeliveryPricing.FLAT,
    flat_fee: int = 0,
    free_above: int | None = None,
    estimate_days_min: int = 0,
    estimate_days_max: int = 1,
    is_active: bool = True,
    position: int = 0,
    zones: list[ZoneInput] | None = None,
) -> DeliveryOption:
    """Adds or changes one of a member's shop's delivery options, with its zones (replaced).

    A pickup needs the shop's address; a delivery by zones needs at least one zone reaching some
    wards. Checked in full before anything is written (``DomainError`` naming the field).
    """
    _check_member_of(business, actor)
    if option is not None and option.business_id != business.pk:
        raise NotFound(_("This delivery option is not one of your shop's."))
    if kind not in DeliveryKind.values:
        raise DomainError(_("Choose pickup or delivery."), field="kind")
    zones = list(zones or [])
    if kind == DeliveryKind.PICKUP:
        if not pickup_address.strip():
            raise DomainError(
                _("Enter the address where shoppers pick up."), field="pickup_address"
            )
        pricing, flat_fee, free_above, zones = DeliveryPricing.FLAT, 0, None, []
    elif pricing == DeliveryPricing.ZONES:
        _check_zones(zones)
        flat_fee = 0
    elif pricing == DeliveryPricing.FLAT:
        zones = []
    else:
        raise DomainError(_("Choose one fee or a fee per zone."), field="pricing")
    if estimate_days_min > estimate_days_max:
        raise DomainError(
            _("The shortest time cannot be longer than the longest."), field="estimate_days_min"
        )
    option = option or DeliveryOption(business=business)
    option.kind = kind
    option.name = name.strip()
    option.pickup_address = pickup_address.strip() if kind == DeliveryKind.PICKUP else ""
    option.pickup_hours = pickup_hours.strip() if kind == DeliveryKind.PICKUP else ""
    option.pricing = pricing
    option.flat_fee = flat_fee
    option.free_above = free_above
    option.estimate_days_min = estimate_days_min
    option.estimate_days_max = estimate_days_max
    option.is_active = is_active
    option.position = position
    try:
        option.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from None
    option.save()
    option.zones.all().delete()
    for zone in zones:
        row = DeliveryZone.objects.create(
            option=option,
            name=zone.name.strip(),
            fee=zone.fee,
            former_districts=sorted(set(zone.former_districts)),
        )
        row.wards.set(zone.ward_codes)
    return option


@transaction.atomic
def delivery_option_delete(*, option: DeliveryOption, actor: User) -> None:
    """Removes a shop's option; orders keep the copy they made of it."""
    _check_member_of(option.business, actor)
    option.delete()
