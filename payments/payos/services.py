"""Writes of the payOS rail: connecting a shop's channel, and receiving its webhooks.

Connecting (``payos_channel_connect``) calls payOS twice, each time with no transaction open:
first a read that payOS answers only for a valid client id and API key (refused → nothing saved),
then confirm-webhook, for which payOS posts a test webhook signed with the checksum key to the
shop's webhook URL. That URL names the channel, so the channel is saved (unverified, never offered
to shoppers) between the two calls; if confirm-webhook fails it is deleted again, so a refusal or
an unreachable payOS leaves nothing saved. Once confirmed the channel is verified and the shop can
take payOS payments.

A webhook (``payos_webhook_receive``) is verified on the raw body with the channel's checksum key
before anything is written, then stored once and applied in one transaction through
``payments.services.webhook_event_store_and_apply``: the order with that payOS order code, of
that shop, gets ``orders.services.order_payment_received`` (exact → paid; short, over or late →
needs review; the same transaction twice → applied once).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Business, User
from accounts.selectors import is_owner
from core.errors import Conflict, Forbidden, NotFound
from orders import services as order_services
from orders.models import Order, OrderStatus, PaymentMethod, PaymentSource, PaymentState
from payments.models import PayOSChannel, PayOSChannelState, WebhookEvent
from payments.payos import webhooks
from payments.payos.client import Credentials, PayOSClient, WebhookAccount
from payments.providers.base import ProviderError, ProviderEvent
from payments.services import (
    WebhookResult,
    register_event_handler,
    shop_payments_ready_sync,
    webhook_event_store_and_apply,
)

logger = logging.getLogger(__name__)

PROVIDER = "payos"
ENDPOINT = "payos"
EVENT_PAYMENT = "payos.payment"


def webhook_url(*, channel: PayOSChannel) -> str:
    """The address payOS posts this shop's payments to (``SITE_URL`` must be public, https)."""
    path = reverse("payments_webhooks:payos", kwargs={"webhook_token": channel.webhook_token})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def client_for(channel) -> PayOSClient:
    """The payOS client of a channel (a ``PayOSChannel`` or a rail with the same three keys)."""
    return PayOSClient(
        Credentials(
            client_id=channel.client_id,
            api_key=channel.api_key,
            checksum_key=channel.checksum_key,
        )
    )


def _check_owner(business: Business, actor: User) -> None:
    if actor is None or not actor.is_authenticated or not is_owner(user=actor, business=business):
        raise Forbidden(_("Only the owner of the business can change how it is paid."))


def _locked_business(business: Business) -> Business:
    # The same lock order as the other payment settings: the business row first.
    return Business.objects.select_for_update().get(pk=business.pk)


@transaction.atomic
def _channel_save_unverified(*, business: Business, credentials: Credentials) -> PayOSChannel:
    _locked_business(business)
    channel = PayOSChannel.objects.select_for_update().filter(business=business).first()
    if channel is not None and channel.is_verified:
        raise Conflict(
            _("This shop already has a payOS channel. Disconnect it first to use other keys.")
        )
    if channel is None:
        channel = PayOSChannel(business=business)
    channel.client_id = credentials.client_id
    channel.api_key = credentials.api_key
    channel.checksum_key = credentials.checksum_key
    channel.state = PayOSChannelState.UNVERIFIED
    channel.verified_at = None
    channel.save()
    return channel


@transaction.atomic
def _channel_discard(*, channel: PayOSChannel) -> None:
    _locked_business(channel.business)
    PayOSChannel.objects.filter(pk=channel.pk).exclude(state=PayOSChannelState.VERIFIED).delete()


@transaction.atomic
def _channel_mark_verified(*, channel: PayOSChannel) -> PayOSChannel:
    business = _locked_business(channel.business)
    current = PayOSChannel.objects.select_for_update().filter(pk=channel.pk).first()
    if current is None or current.checksum_key != channel.checksum_key:
        raise Conflict(_("The payOS keys were changed meanwhile. Please enter them again."))
    current.state = PayOSChannelState.VERIFIED
    current.verified_at = timezone.now()
    current.save(update_fields=["state", "verified_at", "updated_at"])
    shop_payments_ready_sync(business=business)
    return current


def payos_channel_connect(
    *, business: Business, actor: User, client_id: str, api_key: str, checksum_key: str
) -> tuple[PayOSChannel, WebhookAccount]:
    """Verifies the shop's payOS keys and registers its webhook; the channel is then verified.

    Not one transaction on purpose: payOS is called with no transaction open. Raises
    ``PayOSKeysRefused`` ("payOS did not accept these keys"), ``PayOSUnavailable``,
    ``PayOSWebhookRejected`` or ``Conflict``; in each case no channel is left saved.
    """
    _check_owner(business, actor)
    existing = PayOSChannel.objects.filter(business=business).only("state").first()
    if existing is not None and existing.is_verified:
        raise Conflict(
            _("This shop already has a payOS channel. Disconnect it first to use other keys.")
        )
    credentials = Credentials(
        client_id=client_id.strip(), api_key=api_key.strip(), checksum_key=checksum_key.strip()
    )
    api = PayOSClient(credentials)
    api.verify_credentials()
    channel = _channel_save_unverified(business=business, credentials=credentials)
    try:
        account = api.confirm_webhook(webhook_url(channel=channel))
    except ProviderError:
        _channel_discard(channel=channel)
        raise
    return _channel_mark_verified(channel=channel), account


@transaction.atomic
def payos_channel_disconnect(*, business: Business, actor: User) -> None:
    """Removes the shop's payOS channel, unless a shopper may still be paying one of its links."""
    _check_owner(business, actor)
    business = _locked_business(business)
    waiting = Order.objects.filter(
        business=business,
        payment_method=PaymentMethod.PAYOS,
        payment_state=PaymentState.PENDING,
        status=OrderStatus.PENDING_PAYMENT,
        payos_order_code__isnull=False,
    ).count()
    if waiting:
        raise Conflict(
            ngettext(
                "%(count)s payOS payment link of this shop can still be paid. Disconnect once "
                "that order is paid or its payment window has closed.",
                "%(count)s payOS payment links of this shop can still be paid. Disconnect once "
                "those orders are paid or their payment window has closed.",
                waiting,
            )
            % {"count": waiting}
        )
    PayOSChannel.objects.filter(business=business).delete()
    shop_payments_ready_sync(business=business)


# Webhooks -----------------------------------------------------------------------------------


def payos_webhook_receive(*, webhook_token: str, body: bytes) -> WebhookResult:
    """payOS's notification for one shop: verified first, then stored once and applied.

    Raises ``NotFound`` for an unknown token and ``WebhookSignatureInvalid`` for a bad or missing
    signature, both before anything is written.
    """
    channel = (
        PayOSChannel.objects.filter(webhook_token=webhook_token)
        .only("pk", "business_id", "checksum_key")
        .first()
    )
    if channel is None:
        raise NotFound(_("No payOS channel has this address."))
    payment = webhooks.verify(body=body, checksum_key=channel.checksum_key)
    event = ProviderEvent(
        # Scoped to the shop: another shop's keys can never mark this one's event as seen.
        id=(
            f"b{channel.business_id}:{payment.payment_link_id}:{payment.order_code}:"
            f"{payment.reference}"
        )[:255],
        type=EVENT_PAYMENT,
        created=payment.transaction_at or timezone.now(),
        payload={"business_id": channel.business_id, "data": payment.data},
        account_id=f"business-{channel.business_id}",
    )
    return webhook_event_store_and_apply(provider=PROVIDER, endpoint=ENDPOINT, event=event)


NO_ORDER = "No order of this shop has this payOS order code (payOS's test webhook is one)."


def _apply_payment(stored: WebhookEvent, event: ProviderEvent) -> tuple[str, str]:
    data = event.payload["data"]
    if data.get("code") != "00":
        return WebhookEvent.Outcome.IGNORED, f"payOS reports no payment (code {data.get('code')})."
    if data.get("currency", "VND") != "VND":
        return WebhookEvent.Outcome.IGNORED, f"Not in VND: {data.get('currency')}."
    order = (
        Order.objects.filter(
            business_id=event.payload["business_id"], payos_order_code=data["orderCode"]
        )
        .only("pk", "group_id")
        .first()
    )
    if order is None:
        return WebhookEvent.Outcome.IGNORED, NO_ORDER
    outcome = order_services.order_payment_received(
        order=order,
        amount=int(data["amount"]),
        source=PaymentSource.PAYOS,
        reference=str(data["reference"]),
        received_at=webhooks.parse_transaction_time(data.get("transactionDateTime")),
    )
    if outcome.repeated:
        return WebhookEvent.Outcome.STALE, ""
    if outcome.state == PaymentState.NEEDS_REVIEW:
        return WebhookEvent.Outcome.APPLIED, f"Needs review: {outcome.reason}"
    return WebhookEvent.Outcome.APPLIED, ""


def register() -> None:
    """Called once by ``PaymentsConfig.ready()``."""
    register_event_handler(EVENT_PAYMENT, _apply_payment)
