"""Paying for an order group: one payment for the whole cart, then one transfer per vendor.

Separate charges and transfers (payments spec): ``checkout_start`` opens one provider session for
the group's total, computed by ``orders`` from the database; the provider's events come back through
``payments.services.webhook_receive`` and the handlers below:

- ``checkout.session.completed`` (``payment_status=paid``): the amount and currency are checked
  against the group (a mismatch is flagged for review and fulfils nothing), the orders become paid
  and the stock committed, then each vendor's share (goods and delivery fee minus the platform fee) is
  transferred with ``source_transaction`` = the charge and an idempotency key per order;
- ``checkout.session.expired`` and ``payment_intent.payment_failed``: the stock is released;
- ``charge.refunded``: refunds made here are already applied; others are stored for review.

Vendors' refunds from the orders app reach the provider through ``refund_through_provider``,
registered with ``orders.services.register_refund_gateway``.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core.errors import Conflict
from orders import selectors as order_selectors
from orders import services as order_services
from orders.models import (
    GroupStatus,
    Order,
    OrderGroup,
    OrderStatus,
    PaymentMethod,
    Refund,
)
from payments import selectors
from payments import services as payment_services
from payments.models import PaymentAccount, WebhookEvent
from payments.providers import get_provider
from payments.providers.base import (
    PaymentLine,
    PaymentProvider,
    PaymentRequest,
    ProviderError,
    ProviderEvent,
    RefundRequest,
    TransferRequest,
)
from payments.services import register_event_handler

logger = logging.getLogger(__name__)

# How a provider turns a payment into the charge a transfer is funded from (``source_transaction``).
# Providers not listed fund transfers from the payment id itself (the sandbox).
CHARGE_LOOKUPS = {"stripe": "payments.stripe.checkout.charge_id_for_payment"}
# Stripe needs a Checkout Session to stay open at least 30 minutes after it is created.
MIN_SESSION_MINUTES = 30


def _charge_id(provider: PaymentProvider, payment_id: str) -> str:
    path = CHARGE_LOOKUPS.get(provider.name)
    if not path or not payment_id:
        return payment_id
    return import_string(path)(provider, payment_id)


def checkout_start(
    *, group: OrderGroup, success_url: str, cancel_url: str, provider: PaymentProvider | None = None
) -> str:
    """Opens the provider's hosted payment page for the group; returns its URL.

    A paid group is refused (no second charge); an expired or cancelled one too. Repeating the
    call for an open group gives the same session: the provider call carries an idempotency key
    derived from the group.
    """
    order_services.order_group_check_payable(group=group)
    now = timezone.now()
    expires_at = max(group.expires_at, now + timedelta(minutes=MIN_SESSION_MINUTES))
    provider = provider or get_provider()
    lines: list[PaymentLine] = []
    for order in (
        group.orders.select_related("business")
        .filter(payment_method=PaymentMethod.STRIPE)
        .prefetch_related("lines")
        .order_by("business__trading_name", "pk")
    ):
        shop = order.business.trading_name
        lines.extend(
            PaymentLine(
                name=f"{shop}: {line.name}", quantity=line.quantity, unit_amount=line.unit_price
            )
            for line in order.lines.all()
        )
        if order.delivery_fee:
            # The line items add up to the amount charged: each shop's delivery fee is one.
            lines.append(
                PaymentLine(
                    name=f"{shop}: {_('Delivery')}", quantity=1, unit_amount=order.delivery_fee
                )
            )
    session = provider.start_payment(
        request=PaymentRequest(
            reference=str(group.reference),
            currency=group.currency,
            amount=order_services.card_total(group),
            lines=tuple(lines),
            success_url=success_url,
            cancel_url=cancel_url,
            expires_at=expires_at,
            customer_email=group.email,
            metadata={"order_group": str(group.reference)},
        )
    )
    order_services.order_group_set_payment_session(
        group=group,
        provider=provider.name,
        session_id=session.id,
        expires_at=session.expires_at or expires_at,
    )
    return session.url


def _destination(order: Order) -> str:
    account = PaymentAccount.objects.filter(business_id=order.business_id).first()
    return account.provider_account_id if account else ""


def checkout_transfer_to_vendors(*, group: OrderGroup, provider: PaymentProvider) -> list[Order]:
    """Sends each paid vendor order's share to its account, once (idempotent per order).

    A vendor whose transfer fails keeps an empty ``transfer_id`` (logged) and the others still get
    theirs; calling this again retries only the missing ones.
    """
    done = []
    source = group.provider_charge_id or group.provider_payment_id
    for order in group.orders.filter(status=OrderStatus.PAID, transfer_id=""):
        destination = _destination(order)
        if not destination:
            logger.error("Order %s: the vendor has no payment account to pay out to.", order.pk)
            continue
        try:
            movement = provider.transfer(
                request=TransferRequest(
                    reference=f"order-{order.pk}",
                    destination_account_id=destination,
                    currency=order.currency,
                    amount=order.vendor_share,
                    source_transaction=source,
                    transfer_group=str(group.reference),
                )
            )
        except ProviderError as exc:
            logger.error("Transfer for order %s failed: %s", order.pk, exc.detail)
            continue
        done.append(
            order_services.order_record_transfer(
                order=order, transfer_id=movement.id, amount=movement.amount
            )
        )
    return done


def _group_reference(obj: dict) -> uuid.UUID | None:
    metadata = obj.get("metadata") or {}
    raw = metadata.get("order_group") or obj.get("client_reference_id") or ""
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


NOT_OURS = "No order group has this reference: not a Chợ Số checkout."


def _handle_session_completed(stored: WebhookEvent, event: ProviderEvent) -> tuple[str, str]:
    session = event.payload["data"]["object"]
    reference = _group_reference(session)
    if session.get("payment_status") != "paid":
        # Delayed payment methods complete the session before the money arrives.
        return WebhookEvent.Outcome.IGNORED, "The session completed without a payment yet."
    provider = get_provider(stored.provider)
    payment_id = session.get("payment_intent") or ""
    group = OrderGroup.objects.filter(reference=reference).first() if reference else None
    if group is None:
        return WebhookEvent.Outcome.IGNORED, NOT_OURS
    # Signed metadata is not enough: a connected account (or another session) can carry the
    # group's reference. Only the platform's own session for this group, from its provider, pays.
    if stored.endpoint != "platform" or stored.provider_account_id:
        return WebhookEvent.Outcome.IGNORED, "A checkout completes only on the platform endpoint."
    if group.provider != stored.provider:
        return WebhookEvent.Outcome.IGNORED, "The group's payment was opened with another provider."
    if not group.provider_session_id or session.get("id") != group.provider_session_id:
        return WebhookEvent.Outcome.IGNORED, "Not the session opened for this group."
    outcome, group = order_services.order_group_mark_paid(
        reference=reference,
        provider=provider.name,
        amount=int(session.get("amount_total") or 0),
        currency=str(session.get("currency") or ""),
        payment_id=payment_id,
    )
    if outcome == order_services.PaidOutcome.FLAGGED:
        return WebhookEvent.Outcome.APPLIED, f"Flagged for review: {group.review_reason}"
    if not group.provider_charge_id:
        # Raises when the provider cannot be asked: the event fails and is delivered again.
        group = order_services.order_group_set_charge(
            group=group, charge_id=_charge_id(provider, group.provider_payment_id)
        )
    # A repeat delivery retries only the transfers still missing (none, usually).
    done = checkout_transfer_to_vendors(group=group, provider=provider)
    if outcome == order_services.PaidOutcome.ALREADY_PAID and not done:
        return WebhookEvent.Outcome.STALE, ""
    return WebhookEvent.Outcome.APPLIED, ""


def _cancel_from(obj: dict) -> tuple[str, str]:
    reference = _group_reference(obj)
    group = order_services.order_group_cancel(reference=reference) if reference else None
    if group is None:
        return WebhookEvent.Outcome.IGNORED, NOT_OURS
    if group.status != GroupStatus.CANCELLED:
        return WebhookEvent.Outcome.STALE, ""
    return WebhookEvent.Outcome.APPLIED, ""


def _handle_session_expired(stored: WebhookEvent, event: ProviderEvent) -> tuple[str, str]:
    return _cancel_from(event.payload["data"]["object"])


def _handle_payment_failed(stored: WebhookEvent, event: ProviderEvent) -> tuple[str, str]:
    return _cancel_from(event.payload["data"]["object"])


def _handle_charge_refunded(stored: WebhookEvent, event: ProviderEvent) -> tuple[str, str]:
    charge = event.payload["data"]["object"]
    refunds = (charge.get("refunds") or {}).get("data") or []
    ours = set(
        Refund.objects.filter(provider_refund_id__in=[r.get("id") for r in refunds]).values_list(
            "provider_refund_id", flat=True
        )
    )
    unknown = [r.get("id") for r in refunds if r.get("id") not in ours]
    if unknown:
        return (
            WebhookEvent.Outcome.IGNORED,
            f"Refunds not made through Chợ Số, to review: {', '.join(unknown)}",
        )
    return WebhookEvent.Outcome.APPLIED, ""


def refund_through_provider(refund: Refund) -> order_services.RefundMade:
    """Refunds on the group's payment and reverses the vendor's transfer share (idempotent)."""
    order = refund.order
    group = order.group
    result = get_provider(group.provider).refund(
        request=RefundRequest(
            reference=str(refund.key),
            payment_id=group.provider_payment_id,
            amount=refund.amount,
            currency=order.currency,
            transfer_id=order.transfer_id,
            reverse_amount=refund.reverse_amount,
        )
    )
    return order_services.RefundMade(
        refund_id=result.refund.id, reversal_id=result.reversal.id if result.reversal else ""
    )


def shop_methods(businesses) -> dict[int, list[str]]:
    """What each shop accepts at checkout (``payments.selectors.shop_rails_for``)."""
    return {
        business_id: list(rails.methods)
        for business_id, rails in selectors.shop_rails_for(businesses=businesses).items()
    }


def register() -> None:
    """Called once by ``PaymentsConfig.ready()``: the checkout's webhook handlers, the refund
    gateway of the orders app and the source of each shop's payment methods."""
    register_event_handler("checkout.session.completed", _handle_session_completed)
    register_event_handler("checkout.session.expired", _handle_session_expired)
    register_event_handler("payment_intent.payment_failed", _handle_payment_failed)
    register_event_handler("charge.refunded", _handle_charge_refunded)
    order_services.register_refund_gateway(refund_through_provider)
    order_selectors.register_payment_methods(shop_methods)


# Paying each shop directly: VietQR, payOS, cash on delivery -------------------------------------


@dataclass(frozen=True)
class ShopPayment:
    """What the payment page shows for one shop's order."""

    order: Order
    method: str
    bank: object | None = None  # payments.vietqr.banks.Bank
    account_number: str = ""
    holder_name: str = ""
    payload: str = ""
    qr_svg: str = ""
    deeplinks: tuple[tuple[str, str], ...] = ()
    monitored: bool = False  # a SePay monitor confirms transfers by itself
    payos_ready: bool = False
    available: bool = True  # the shop's rail is (still) there


def _rails(businesses) -> dict:
    return selectors.shop_rails_for(businesses=businesses)


def _vietqr_block(order: Order, rails) -> ShopPayment:
    from payments.vietqr import banks, payload, render  # noqa: PLC0415

    account = getattr(rails, "vietqr", None) if rails is not None else None
    if account is None:
        return ShopPayment(order=order, method=order.payment_method, available=False)
    bank = banks.get(account.bank_code) or banks.by_bin(account.bank_bin)
    code = payload.build(
        bin=account.bank_bin,
        account=account.account_number,
        amount=order.total,
        memo=order.payment_code,
    )
    links = []
    for app in banks.deeplink_apps():
        url = banks.deeplink(app, code)
        if url:
            links.append((app.short_name, url))
    return ShopPayment(
        order=order,
        method=order.payment_method,
        bank=bank,
        account_number=account.account_number,
        holder_name=account.holder_name,
        payload=code,
        qr_svg=render.svg(code, caption=order.business.trading_name),
        deeplinks=tuple(links),
        monitored=bool(getattr(rails, "sepay", False)),
    )


def payment_blocks(*, group: OrderGroup) -> list[ShopPayment]:
    """One block per shop's order of the group (its orders prefetched), in a fixed number of
    queries whatever the number of shops."""
    orders = list(group.orders.all())
    rails = _rails([order.business for order in orders])
    blocks = []
    for order in orders:
        shop_rails = rails.get(order.business_id)
        if order.payment_method == PaymentMethod.VIETQR and order.payment_state in (
            "pending",
            "needs_review",
        ):
            blocks.append(_vietqr_block(order, shop_rails))
        elif order.payment_method == PaymentMethod.PAYOS:
            blocks.append(
                ShopPayment(
                    order=order,
                    method=order.payment_method,
                    payos_ready=getattr(shop_rails, "payos", None) is not None,
                    available=getattr(shop_rails, "payos", None) is not None,
                )
            )
        else:
            blocks.append(ShopPayment(order=order, method=order.payment_method))
    return blocks


def payos_checkout_url(*, order: Order, return_url: str, cancel_url: str) -> str:
    """The payOS link of the shop's order, made once (a retry reuses the same order code).

    The HTTP call to payOS runs with no transaction open and no row locked; the order code is
    written down first, so a failure after payOS answered is recovered by reading the link back.
    """
    from payments.payos import client as payos  # noqa: PLC0415

    if order.payment_method != PaymentMethod.PAYOS:
        raise Conflict(_("This order is not paid through payOS."))
    if order.payment_state != "pending" or order.status != OrderStatus.PENDING_PAYMENT:
        raise Conflict(_("This order can no longer be paid: its payment window has closed."))
    if order.payos_checkout_url:
        return order.payos_checkout_url
    channel = getattr(_rails([order.business]).get(order.business_id), "payos", None)
    if channel is None:
        raise Conflict(_("This shop cannot take payOS payments right now."))
    order = order_services.order_payos_code(order=order)
    api = payos.PayOSClient(
        payos.Credentials(
            client_id=channel.client_id,
            api_key=channel.api_key,
            checksum_key=channel.checksum_key,
        )
    )
    items = [
        {"name": line.name[:100], "quantity": line.quantity, "price": line.unit_price}
        for line in order.lines.all()
    ]
    if order.delivery_fee:
        items.append({"name": _("Delivery"), "quantity": 1, "price": order.delivery_fee})
    try:
        link = api.create_link(
            order_code=order.payos_order_code,
            amount=order.total,
            description=order.payment_code,
            return_url=return_url,
            cancel_url=cancel_url,
            expires_at=order.payment_expires_at,
            items=items,
        )
    except ProviderError:
        # payOS may have made the link before the answer was lost: read it back once.
        link = api.get(order.payos_order_code)
        if not getattr(link, "checkout_url", ""):
            raise
    order_services.order_set_payos_link(
        order=order,
        order_code=order.payos_order_code,
        checkout_url=link.checkout_url,
        payment_link_id=link.payment_link_id,
    )
    return link.checkout_url


def sandbox_simulate_transfer(*, order: Order) -> order_services.PaymentOutcome:
    """The sandbox's "simulate the transfer": the shop's bank monitor saw the exact amount with
    the memo, and it goes where a real monitor webhook goes
    (``payments.services.incoming_transfer_receive``: stored as an incoming transfer, matched by
    payment code, applied)."""
    if order.payment_method != PaymentMethod.VIETQR:
        raise Conflict(_("Only a bank transfer can be simulated."))
    reference = f"sbx-{uuid.uuid4().hex[:16]}"
    received = payment_services.incoming_transfer_receive(
        business=order.business,
        provider="sandbox",
        provider_txn_id=reference,
        amount=order.total,
        memo=f"{order.payment_code} chuyen tien",
        received_at=timezone.now(),
        payload={"sandbox": True, "code": order.payment_code},
    )
    if received.outcome is not None:
        return received.outcome
    order.refresh_from_db()
    return order_services.PaymentOutcome(
        state=order.payment_state, reason=order.payment_review_reason
    )
