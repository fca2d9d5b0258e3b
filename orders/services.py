"""Writes of the orders app: the cart, placing an order group, stock, statuses and refunds.

Prices and totals always come from the database: nothing the browser sends about money is read.
Placing a group reserves stock with one conditional ``UPDATE ... WHERE stock >= n`` per product, in
product-id order (so two checkouts never wait on each other in opposite orders), under the
database's ``stock >= 0`` check: whoever comes second sees the stock that is really left.

The payment itself is the payments app's business (it sits above this one): it calls
``order_group_set_payment_session``, ``order_group_mark_paid``, ``order_group_cancel`` and
``order_record_transfer`` when the provider says so, and fills ``register_refund_gateway`` so that
a vendor's refund here reaches the provider.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, Ward
from marketplace.cache import catalogue_changed
from marketplace.models import Product, ProductStatus
from marketplace.selectors import visible_q
from orders import emails
from orders.models import (
    MAX_LINE_QUANTITY,
    Cart,
    CartLine,
    GroupStatus,
    Order,
    OrderGroup,
    OrderLine,
    OrderStatus,
    Refund,
    ReservationStatus,
    StockReservation,
)
from orders.selectors import SESSION_CART_KEY, CartView, cart_view, is_buyable
from privacy.errors import Conflict, DomainError, NotFound

logger = logging.getLogger(__name__)

# Stripe wants a Checkout Session to stay open at least 30 minutes; the hold lasts a bit longer.
RESERVATION_MINUTES = 35
# A provider may still report a payment made in the last seconds of a session.
EXPIRY_GRACE = timedelta(minutes=5)


class OutOfStock(Conflict):
    code = "out_of_stock"


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


def _reserve(group: OrderGroup, quantities: dict[int, int]) -> None:
    """Takes the units off stock, product by product in id order, or raises OutOfStock."""
    for product_id in sorted(quantities):
        quantity = quantities[product_id]
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
            group=group, product_id=product_id, quantity=quantity, expires_at=group.expires_at
        )
    catalogue_changed()


def _release(group: OrderGroup) -> None:
    held = list(
        group.reservations.select_for_update()
        .filter(status=ReservationStatus.HELD)
        .order_by("product_id")
    )
    for reservation in held:
        Product.objects.filter(pk=reservation.product_id).update(
            stock=F("stock") + reservation.quantity
        )
    group.reservations.filter(pk__in=[r.pk for r in held]).update(
        status=ReservationStatus.RELEASED, updated_at=timezone.now()
    )
    if held:
        catalogue_changed()


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


@transaction.atomic
def order_group_place(
    *, cart: Cart, user: User | None, contact: Contact, language: str = "vi"
) -> OrderGroup:
    """Turns the cart into an order group (one order per shop) and reserves its stock.

    Amounts are computed here from the products' current prices. A pending group placed earlier
    from the same cart is cancelled first, so a shopper who comes back never holds stock twice.
    """
    for pending in OrderGroup.objects.select_for_update().filter(
        cart=cart, status=GroupStatus.PENDING_PAYMENT
    ):
        _cancel(pending, notify=False)
    view = cart_view(cart=cart)
    _check_placeable(view)
    fee_bps = settings.PLATFORM_FEE_BPS
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
        total=view.total,
        cart=cart,
        expires_at=timezone.now() + timedelta(minutes=RESERVATION_MINUTES),
    )
    for shop in view.shops:
        order = Order.objects.create(
            group=group,
            business=shop.business,
            currency=view.currency,
            subtotal=shop.subtotal,
            fee_bps=fee_bps,
            platform_fee=platform_fee(subtotal=shop.subtotal, fee_bps=fee_bps),
        )
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
    _reserve(group, {line.product.pk: line.quantity for line in view.lines})
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


def order_group_check_payable(*, group: OrderGroup) -> None:
    """Raises unless the group may be paid now: never twice, never after its window closed."""
    if group.status == GroupStatus.PAID:
        raise Conflict(_("This order has already been paid. Nothing more will be charged."))
    if group.status != GroupStatus.PENDING_PAYMENT or group.expires_at <= timezone.now():
        raise Conflict(
            _(
                "This order can no longer be paid: its payment window has closed. "
                "Check out again from your cart."
            )
        )
    if group.total < settings.MIN_PAYABLE_VND:
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
    """The provider took the payment: check it, then the orders are paid and the stock committed.

    A payment whose amount or currency differs from the group is flagged for review and fulfils
    nothing. A payment that arrives after the hold was released takes the stock again if it is
    still there, and is flagged (to be refunded) if not.
    """
    group = _locked_group(reference)
    if group is None:
        return PaidOutcome.UNKNOWN, None
    if group.status == GroupStatus.PAID:
        return PaidOutcome.ALREADY_PAID, group
    if group.status == GroupStatus.NEEDS_REVIEW:
        return PaidOutcome.FLAGGED, group
    group.provider = provider
    group.provider_payment_id = payment_id or group.provider_payment_id
    group.provider_charge_id = charge_id or group.provider_charge_id
    group.save(update_fields=["provider", "provider_payment_id", "provider_charge_id"])
    if amount != group.total or currency.upper() != group.currency.upper():
        _flag(
            group,
            f"The provider reported {amount} {currency.upper()} for a group of "
            f"{group.total} {group.currency}.",
        )
        return PaidOutcome.FLAGGED, group
    if group.status == GroupStatus.CANCELLED:
        quantities = {
            line.product_id: line.quantity
            for line in OrderLine.objects.filter(order__group=group, product__isnull=False)
        }
        group.reservations.all().delete()
        try:
            with transaction.atomic():
                _reserve(group, quantities)
        except OutOfStock:
            _flag(group, "Paid after the stock hold had been released, and the stock is gone.")
            return PaidOutcome.FLAGGED, group
    now = timezone.now()
    group.reservations.filter(status=ReservationStatus.HELD).update(
        status=ReservationStatus.COMMITTED, updated_at=now
    )
    group.orders.update(status=OrderStatus.PAID, paid_at=now, updated_at=now)
    group.status = GroupStatus.PAID
    group.paid_at = now
    group.cancelled_at = None
    group.save(update_fields=["status", "paid_at", "cancelled_at", "updated_at"])
    if group.cart_id:
        products = OrderLine.objects.filter(order__group=group).values("product_id")
        CartLine.objects.filter(cart_id=group.cart_id, product_id__in=products).delete()
    emails.send_group_paid(group=group)
    return PaidOutcome.PAID, group


def _cancel(group: OrderGroup, *, notify: bool) -> None:
    _release(group)
    now = timezone.now()
    group.orders.filter(status=OrderStatus.PENDING_PAYMENT).update(
        status=OrderStatus.CANCELLED, updated_at=now
    )
    group.status = GroupStatus.CANCELLED
    group.cancelled_at = now
    group.save(update_fields=["status", "cancelled_at", "updated_at"])
    if notify:
        emails.send_group_cancelled(group=group)


@transaction.atomic
def order_group_cancel(*, reference, notify: bool = True) -> OrderGroup | None:
    """The payment expired or failed: release the stock and cancel the orders (once)."""
    group = _locked_group(reference)
    if group is None or group.status != GroupStatus.PENDING_PAYMENT:
        return group
    _cancel(group, notify=notify)
    return group


def order_groups_release_expired(*, now: datetime | None = None) -> int:
    """Cancels groups whose payment window (plus a grace period) has passed; returns how many."""
    cutoff = (now or timezone.now()) - EXPIRY_GRACE
    references = list(
        OrderGroup.objects.filter(
            status=GroupStatus.PENDING_PAYMENT, expires_at__lt=cutoff
        ).values_list("reference", flat=True)
    )
    for reference in references:
        order_group_cancel(reference=reference)
    return len(references)


@transaction.atomic
def order_record_transfer(*, order: Order, transfer_id: str, amount: int) -> Order:
    order.transfer_id = transfer_id
    order.transfer_amount = amount
    order.save(update_fields=["transfer_id", "transfer_amount", "updated_at"])
    return order


# Vendors: fulfil and refund ---------------------------------------------------------------------


def _move(order: Order, status: str) -> None:
    if not order.can_move_to(status):
        raise Conflict(
            _("An order that is “%(current)s” cannot become “%(new)s”.")
            % {"current": order.get_status_display(), "new": OrderStatus(status).label}
        )
    order.status = status


def _locked_order(order: Order) -> Order:
    return (
        Order.objects.select_for_update().select_related("group__ward", "business").get(pk=order.pk)
    )


@transaction.atomic
def order_mark_fulfilled(*, order: Order) -> Order:
    order = _locked_order(order)
    _move(order, OrderStatus.FULFILLED)
    order.fulfilled_at = timezone.now()
    order.save(update_fields=["status", "fulfilled_at", "updated_at"])
    emails.send_order_status(order=order)
    return order


@transaction.atomic
def order_mark_completed(*, order: Order) -> Order:
    order = _locked_order(order)
    _move(order, OrderStatus.COMPLETED)
    order.completed_at = timezone.now()
    order.save(update_fields=["status", "completed_at", "updated_at"])
    emails.send_order_status(order=order)
    return order


@dataclass(frozen=True)
class RefundMade:
    refund_id: str
    reversal_id: str = ""


RefundGateway = Callable[[Refund], RefundMade]
_refund_gateway: list[RefundGateway] = []


def register_refund_gateway(gateway: RefundGateway) -> None:
    """The payments app tells this one how a refund reaches the provider (it sits above)."""
    _refund_gateway[:] = [gateway]


def _reverse_amount(order: Order, amount: int, *, whole: bool) -> int:
    if not order.transfer_id:
        return 0
    remaining = order.transfer_amount - order.reversed_amount
    if whole:
        return remaining
    return min(remaining, amount - platform_fee(subtotal=amount, fee_bps=order.fee_bps))


@transaction.atomic
def order_refund(*, order: Order, quantities: dict, key, actor: User | None = None) -> Refund:
    """Refunds some lines (``{line id: quantity}``) of a paid order, or all of them.

    ``key`` (from the form) makes a double submit or a retry one refund: the provider refund and
    the vendor's transfer reversal carry idempotency keys derived from it.
    """
    done = Refund.objects.filter(key=key).first()
    if done is not None:
        if done.order_id != order.pk:
            raise Conflict(_("This refund was already made for another order."))
        return done
    order = _locked_order(order)
    if order.status not in (
        OrderStatus.PAID,
        OrderStatus.FULFILLED,
        OrderStatus.COMPLETED,
        OrderStatus.PARTIALLY_REFUNDED,
    ):
        raise Conflict(
            _("An order that is “%(status)s” cannot be refunded.")
            % {"status": order.get_status_display()}
        )
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
        if quantity < 0 or quantity > line.refundable_quantity:
            raise DomainError(
                _("You can refund between 0 and %(max)s of “%(name)s”.")
                % {"max": line.refundable_quantity, "name": line.name}
            )
        if quantity:
            chosen[line_id] = quantity
    if not chosen:
        raise DomainError(_("Choose at least one item to refund."))
    amount = sum(lines[line_id].unit_price * quantity for line_id, quantity in chosen.items())
    whole = all(chosen.get(line.pk, 0) == line.refundable_quantity for line in lines.values())
    refund = Refund.objects.create(
        key=key,
        order=order,
        amount=amount,
        reverse_amount=_reverse_amount(order, amount, whole=whole),
        quantities={str(line_id): quantity for line_id, quantity in chosen.items()},
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    if not _refund_gateway or not order.group.provider_payment_id:
        raise DomainError(_("This order has no payment to refund."))
    made = _refund_gateway[0](refund)
    refund.provider_refund_id = made.refund_id
    refund.provider_reversal_id = made.reversal_id
    refund.status = Refund.Status.SUCCEEDED
    refund.save(update_fields=["provider_refund_id", "provider_reversal_id", "status"])
    for line_id, quantity in chosen.items():
        OrderLine.objects.filter(pk=line_id).update(
            refunded_quantity=F("refunded_quantity") + quantity
        )
    order.refunded_amount += amount
    order.reversed_amount += refund.reverse_amount
    _move(order, OrderStatus.REFUNDED if whole else OrderStatus.PARTIALLY_REFUNDED)
    order.save(update_fields=["status", "refunded_amount", "reversed_amount", "updated_at"])
    emails.send_order_status(order=order)
    return refund
