"""Writes of the payments app: opening e-payment accounts and applying provider events.

Opening an account creates it at the provider, prefilled from the business profile, and stores its
id; the owner then finishes on the provider's onboarding page. The state follows the provider's
status (``payments.states``), from webhooks and from a re-fetch when the owner comes back, and the
business's "can take payments" flag follows the state. Webhooks are verified before anything is
written, stored once by event id and applied in the same transaction; a failure is stored with its
error and left for the provider to retry.
"""

import hashlib
import json
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Business, BusinessType, User
from accounts.selectors import is_owner
from accounts.services import business_set_payments_ready
from core.errors import Conflict, DomainError, Forbidden
from core.events import PaymentAccountChanged, publish
from orders import selectors as order_selectors
from orders import services as order_services
from orders.models import Order, PaymentMethod, PaymentSource, PaymentState
from payments import selectors
from payments.models import (
    AccountState,
    BankAccount,
    BankAccountState,
    ConfirmedVia,
    IncomingTransfer,
    PaymentAccount,
    SePayMonitor,
    ShopPaymentOptions,
    TransferState,
    WebhookEvent,
    new_self_test_code,
    new_webhook_token,
)
from payments.providers import get_provider
from payments.providers.base import (
    AccountPrefill,
    AccountStatus,
    PaymentProvider,
    ProviderEvent,
)
from payments.states import can_move, state_for
from payments.vietqr import banks
from payments.vietqr import payload as qr_payload
from payments.vietqr.payload import fold

logger = logging.getLogger(__name__)

_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "testserver"}


def account_prefill(*, business: Business) -> AccountPrefill:
    """Everything the provider may take from the profile, so the owner never types it again."""
    with translation.override("en"):
        sector = str(business.get_sector_display())
    site = settings.SITE_URL.rstrip("/")
    # Providers refuse local addresses as a business website; leave it for the owner then.
    url = "" if urlsplit(site).hostname in _LOCAL_HOSTS else f"{site}/"
    return AccountPrefill(
        business_id=business.pk,
        email=business.email,
        business_name=business.trading_name,
        legal_name=business.legal_name,
        business_type="individual"
        if business.business_type == BusinessType.HOUSEHOLD
        else "company",
        product_description=f"{business.trading_name}: {sector}",
        url=url,
        country=settings.STRIPE_ACCOUNT_COUNTRY,
    )


def _idempotency_key(business: Business, prefill: AccountPrefill) -> str:
    # The same profile gives the same key (a double click opens one account); a corrected profile
    # gives a new one, so a declined attempt can be retried.
    digest = hashlib.sha256(json.dumps(asdict(prefill), sort_keys=True).encode()).hexdigest()
    return f"choso-account-{business.pk}-{digest[:16]}"


def shop_payments_ready_sync(*, business: Business) -> bool:
    """Writes ``Business.can_take_payments`` from the shop's rails: on when any rail is ready
    (card account, VietQR confirmed, payOS verified, or cash on delivery). Call it inside the
    transaction that made a rail ready or unready; returns the flag. Publishes
    ``PaymentAccountChanged`` (the programme counts the shops with an electronic rail ready)."""
    ready = selectors.shop_rails(business=business).any
    if business.can_take_payments != ready:
        business_set_payments_ready(business=business, ready=ready)
    publish(PaymentAccountChanged(business_id=business.pk))
    return ready


def _locked_account(business: Business) -> PaymentAccount:
    PaymentAccount.objects.get_or_create(
        business=business, defaults={"provider": settings.PAYMENT_PROVIDER}
    )
    return (
        PaymentAccount.objects.select_for_update().select_related("business").get(business=business)
    )


def _apply_status(account: PaymentAccount, status: AccountStatus, *, as_of: datetime) -> bool:
    """Applies a provider status unless an older one; True when it was applied."""
    # Providers date events to the second: compare at that resolution, later-or-equal wins.
    as_of = as_of.replace(microsecond=0)
    if account.status_as_of and as_of < account.status_as_of:
        return False
    new_state = state_for(status)
    if not can_move(account.state, new_state):
        return False
    now = timezone.now()
    was_ready = account.state == AccountState.READY
    if new_state != account.state:
        account.state = new_state
        account.state_changed_at = now
    if new_state == AccountState.READY and account.ready_at is None:
        account.ready_at = now
    account.charges_enabled = status.charges_enabled
    account.payouts_enabled = status.payouts_enabled
    account.details_submitted = status.details_submitted
    account.requirements_due = sorted(set(status.currently_due) | set(status.past_due))
    account.disabled_reason = status.disabled_reason
    account.status_as_of = as_of
    account.save()
    is_ready = new_state == AccountState.READY
    if is_ready != was_ready or account.business.can_take_payments != is_ready:
        # Another rail (VietQR, payOS, cash on delivery) may still let the shop sell.
        shop_payments_ready_sync(business=account.business)
    return True


@transaction.atomic
def payment_account_open(
    *, business: Business, provider: PaymentProvider | None = None
) -> PaymentAccount:
    """Creates the business's account at the provider (once); later calls return it as it is.

    A provider error propagates as a ``ProviderError`` and the transaction rolls back: the state is
    unchanged and the owner can try again.
    """
    account = _locked_account(business)
    if account.state == AccountState.REJECTED:
        raise Conflict(_("The payment provider rejected this account; it cannot be reopened."))
    if account.provider_account_id:
        return account
    provider = provider or get_provider()
    prefill = account_prefill(business=business)
    status = provider.create_account(
        prefill=prefill, idempotency_key=_idempotency_key(business, prefill)
    )
    account.provider = provider.name
    account.provider_account_id = status.account_id
    _apply_status(account, status, as_of=timezone.now())
    return account


def payment_account_onboarding_url(
    *, account: PaymentAccount, return_url: str, refresh_url: str
) -> str:
    """A fresh onboarding link (links are single-use and expire within minutes)."""
    return get_provider(account.provider).onboarding_link(
        account_id=account.provider_account_id, return_url=return_url, refresh_url=refresh_url
    )


def payment_account_dashboard_url(*, account: PaymentAccount) -> str:
    return get_provider(account.provider).dashboard_link(account_id=account.provider_account_id)


def payment_account_refresh(*, account: PaymentAccount) -> PaymentAccount:
    """Re-fetches the account from the provider (the owner is back from onboarding)."""
    if not account.provider_account_id:
        return account
    status = get_provider(account.provider).retrieve_account(account_id=account.provider_account_id)
    fetched_at = timezone.now()
    with transaction.atomic():
        locked = _locked_account(account.business)
        _apply_status(locked, status, as_of=fetched_at)
    return locked


# Webhooks -----------------------------------------------------------------------------------

EventHandler = Callable[[WebhookEvent, ProviderEvent], tuple[str, str]]
EVENT_HANDLERS: dict[str, EventHandler] = {}


def register_event_handler(event_type: str, handler: EventHandler) -> None:
    """Lets a module of this app (checkout, payouts) handle one more event type.

    A handler runs inside the event's transaction and returns ``(outcome, error)``; raising makes
    the event fail visibly and be retried by the provider.
    """
    EVENT_HANDLERS[event_type] = handler


def _handle_account_updated(stored: WebhookEvent, event: ProviderEvent) -> tuple[str, str]:
    if event.account_status is None:
        return WebhookEvent.Outcome.FAILED, "The event carries no account object."
    account = (
        PaymentAccount.objects.select_for_update()
        .select_related("business")
        .filter(provider=stored.provider, provider_account_id=event.account_status.account_id)
        .first()
    )
    if account is None:
        return WebhookEvent.Outcome.FAILED, "No e-payment account has this provider account id."
    if _apply_status(account, event.account_status, as_of=event.created):
        return WebhookEvent.Outcome.APPLIED, ""
    return WebhookEvent.Outcome.STALE, ""


def register() -> None:
    """Called once by ``PaymentsConfig.ready()``: the account events this module applies."""
    register_event_handler("account.updated", _handle_account_updated)


@dataclass(frozen=True)
class WebhookResult:
    event: WebhookEvent
    duplicate: bool = False

    @property
    def failed(self) -> bool:
        return self.event.processed_at is None


@transaction.atomic
def webhook_event_store_and_apply(
    *, provider: str, endpoint: str, event: ProviderEvent
) -> WebhookResult:
    """Stores a verified event once and applies it; a repeat of an applied event changes nothing."""
    try:
        with transaction.atomic():
            stored = WebhookEvent.objects.create(
                provider=provider,
                endpoint=endpoint,
                event_id=event.id,
                type=event.type,
                provider_account_id=event.account_id,
                provider_created_at=event.created,
                payload=json.dumps(event.payload, separators=(",", ":")),
            )
    except IntegrityError:
        stored = WebhookEvent.objects.select_for_update().get(provider=provider, event_id=event.id)
        if stored.processed_at is not None:
            return WebhookResult(event=stored, duplicate=True)
        stored.attempts += 1
    handler = EVENT_HANDLERS.get(event.type)
    if handler is None:
        outcome, error = WebhookEvent.Outcome.IGNORED, ""
    else:
        try:
            with transaction.atomic():
                outcome, error = handler(stored, event)
        except Exception as exc:
            # Kept with its error and left unprocessed: the provider retries, the retry reapplies.
            logger.exception("Webhook %s %s failed", provider, event.id)
            stored.outcome = WebhookEvent.Outcome.FAILED
            stored.error = f"{type(exc).__name__}: {exc}"[:2000]
            stored.save(update_fields=["outcome", "error", "attempts"])
            return WebhookResult(event=stored)
    stored.outcome = outcome
    stored.error = error
    stored.processed_at = timezone.now()
    stored.save(update_fields=["outcome", "error", "attempts", "processed_at"])
    return WebhookResult(event=stored)


def webhook_receive(
    *, provider: PaymentProvider, endpoint: str, body: bytes, signature: str
) -> WebhookResult:
    """The one path for every provider event: verify the raw body first, then store and apply.

    Raises ``WebhookSignatureInvalid`` before anything is written.
    """
    event = provider.parse_webhook(body=body, signature=signature, endpoint=endpoint)
    return webhook_event_store_and_apply(provider=provider.name, endpoint=endpoint, event=event)


# Paying each shop directly: incoming transfers ---------------------------------------------------

# Who reported a transfer -> the payment source recorded on the order.
TRANSFER_SOURCES = {"sepay": PaymentSource.MONITOR, "sandbox": PaymentSource.SANDBOX}
_CODE_TOKEN = re.compile(r"(?<![A-Z0-9])CS[A-Z0-9]{8}(?![A-Z0-9])")
_CODE_ANYWHERE = re.compile(r"CS[A-Z0-9]{8}")
_SELF_TEST = re.compile(r"KT([A-Z0-9]{8})")


def payment_codes_in(memo: str) -> list[str]:
    """Candidate order payment codes in a transfer memo, best first.

    Bank apps add their own words and punctuation around the memo ("MBVCB.123.CSAB12CD34.CT tu
    ..."), and some drop the spaces: whole words first, then any run with punctuation removed.
    """
    text = fold(memo or "").upper()
    found = _CODE_TOKEN.findall(text)
    compact = re.sub(r"[^A-Z0-9]", "", text)
    found += [code for code in _CODE_ANYWHERE.findall(compact) if code not in found]
    return found


def _self_test_code(memo: str) -> str:
    match = _SELF_TEST.search(re.sub(r"[^A-Z0-9]", "", fold(memo or "").upper()))
    return match.group(1) if match else ""


@dataclass(frozen=True)
class TransferReceived:
    transfer: IncomingTransfer
    duplicate: bool = False
    outcome: order_services.PaymentOutcome | None = None  # when matched to an order


def _order_for_memo(business: Business, memo: str) -> Order | None:
    for code in payment_codes_in(memo):
        order = order_selectors.order_by_payment_code(code)
        if order is not None and order.business_id == business.pk:
            return order
    return None


def _confirm_by_transfer(transfer: IncomingTransfer, bank: BankAccount | None) -> bool:
    """A self-test transfer (memo ``KT<code>``) confirms the shop's bank account; True if it was one."""
    code = _self_test_code(transfer.memo)
    if not code or bank is None or code != bank.self_test_code:
        return False
    transfer.state = TransferState.SELF_TEST
    # Locks in the order the owner's settings take them: the business row, then the account.
    _locked_business(transfer.business)
    bank = BankAccount.objects.select_for_update().get(pk=bank.pk)
    if bank.state != BankAccountState.CONFIRMED:
        bank.state = BankAccountState.CONFIRMED
        bank.confirmed_at = timezone.now()
        bank.confirmed_by = None
        bank.confirmed_via = ConfirmedVia.TRANSFER
        bank.save(
            update_fields=["state", "confirmed_at", "confirmed_by", "confirmed_via", "updated_at"]
        )
        shop_payments_ready_sync(business=transfer.business)
    return True


@transaction.atomic
def incoming_transfer_receive(
    *,
    business: Business,
    provider: str,
    provider_txn_id: str,
    amount: int,
    memo: str,
    received_at: datetime,
    payload: dict,
    account_number: str = "",
) -> TransferReceived:
    """A transfer into ``business``'s account, reported by its monitor (or the sandbox).

    Stored once per ``(provider, provider_txn_id)``: a repeat applies nothing. A self-test memo
    (``KT<code>``) confirms the shop's bank account; a memo with one of the shop's order payment
    codes goes to ``orders.services.order_payment_received`` (exact → paid, short/over/late →
    needs review); anything else is stored unmatched for the owner to match by hand, as is a
    transfer into another account than the shop's (``account_number``, when the monitor says).
    """
    if provider not in TRANSFER_SOURCES:
        raise ValueError(f"unknown transfer provider {provider!r}")
    if not provider_txn_id or len(provider_txn_id) > 100:
        raise DomainError(_("The transfer has no usable transaction id."), field="id")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError(_("The transfer amount must be a whole number of đồng."), field="amount")
    try:
        with transaction.atomic():
            transfer = IncomingTransfer.objects.create(
                business=business,
                provider=provider,
                provider_txn_id=provider_txn_id,
                amount=amount,
                memo=(memo or "")[:1000],
                received_at=received_at,
                payload=json.dumps(payload, separators=(",", ":"), ensure_ascii=False),
            )
    except IntegrityError:
        existing = IncomingTransfer.objects.get(provider=provider, provider_txn_id=provider_txn_id)
        return TransferReceived(transfer=existing, duplicate=True)
    outcome = None
    bank = BankAccount.objects.filter(business=business).first()
    if account_number and (bank is None or account_number != bank.account_number):
        # Into another account of the owner's than the one the shop takes payments on: the owner
        # may still match it by hand, but it pays nothing by itself.
        transfer.reason = "other_account"
    elif not _confirm_by_transfer(transfer, bank):
        order = _order_for_memo(business, transfer.memo)
        if order is None:
            transfer.reason = "no_code" if not payment_codes_in(transfer.memo) else "unknown_code"
        else:
            outcome = order_services.order_payment_received(
                order=order,
                amount=amount,
                source=TRANSFER_SOURCES[provider],
                reference=f"{provider}:{provider_txn_id}",
                received_at=received_at,
            )
            transfer.order = order
            transfer.state = TransferState.MATCHED
            transfer.outcome = outcome.state
            transfer.reason = outcome.reason
            transfer.matched_at = timezone.now()
    transfer.save()
    return TransferReceived(transfer=transfer, outcome=outcome)


# Paying each shop directly: the owner's settings -------------------------------------------------


def _check_owner(business: Business, actor: User) -> None:
    if actor is None or not actor.is_authenticated or not is_owner(user=actor, business=business):
        raise Forbidden(_("Only the owner of the business can change how it is paid."))


def _locked_business(business: Business) -> Business:
    # One writer at a time per shop's payment settings; the flag is written on this row.
    return Business.objects.select_for_update().get(pk=business.pk)


@dataclass(frozen=True)
class BankDetails:
    """A receiving account as entered, checked: the bank from the NAPAS list, the number, the name."""

    bank_code: str
    bank_bin: str
    account_number: str
    holder_name: str


def bank_details_clean(*, bank_code: str, account_number: str, holder_name: str) -> BankDetails:
    """Checks what an owner typed; raises ``DomainError`` naming the field at fault."""
    bank = banks.get(bank_code or "")
    if bank is None:
        raise DomainError(_("Choose your bank from the list."), field="bank_code")
    number = re.sub(r"[\s.\-]", "", account_number or "")
    if not qr_payload.valid_account_number(number):
        raise DomainError(
            _("An account number has 6 to 19 digits, without letters."), field="account_number"
        )
    try:
        name = qr_payload.clean_holder_name(holder_name)
    except qr_payload.HolderNameError as exc:
        raise DomainError(exc.message, field="holder_name") from None
    return BankDetails(
        bank_code=bank.code, bank_bin=bank.bin, account_number=number, holder_name=name
    )


def holder_name_suggestion(*, business: Business) -> str:
    """The owner's name from the business profile as a bank prints it ("" if it cannot be)."""
    try:
        return qr_payload.clean_holder_name(business.owner_name)
    except qr_payload.HolderNameError:
        return ""


@transaction.atomic
def bank_account_link(
    *, business: Business, actor: User, bank_code: str, account_number: str, holder_name: str
) -> BankAccount:
    """Links (or changes) the account the shop receives transfers into.

    New or changed details wait for the self-test again (a fresh test code): VietQR is offered to
    shoppers only once the owner has checked the name a bank app shows. Saving the same details
    again changes nothing.
    """
    _check_owner(business, actor)
    details = bank_details_clean(
        bank_code=bank_code, account_number=account_number, holder_name=holder_name
    )
    business = _locked_business(business)
    bank = BankAccount.objects.filter(business=business).first()
    if bank is None:
        bank = BankAccount(business=business)
    elif (bank.bank_code, bank.bank_bin, bank.account_number, bank.holder_name) == (
        details.bank_code,
        details.bank_bin,
        details.account_number,
        details.holder_name,
    ):
        return bank
    else:
        bank.self_test_code = new_self_test_code()
    bank.bank_code = details.bank_code
    bank.bank_bin = details.bank_bin
    bank.account_number = details.account_number
    bank.holder_name = details.holder_name
    bank.state = BankAccountState.UNCONFIRMED
    bank.confirmed_at = None
    bank.confirmed_by = None
    bank.confirmed_via = ""
    bank.save()
    shop_payments_ready_sync(business=business)
    return bank


@transaction.atomic
def bank_account_confirm(*, business: Business, actor: User) -> BankAccount:
    """The owner scanned the test QR and the name the bank app shows matches (who and when kept)."""
    _check_owner(business, actor)
    business = _locked_business(business)
    bank = BankAccount.objects.filter(business=business).first()
    if bank is None:
        raise Conflict(_("Link a bank account first."))
    if bank.state == BankAccountState.CONFIRMED:
        return bank
    bank.state = BankAccountState.CONFIRMED
    bank.confirmed_at = timezone.now()
    bank.confirmed_by = actor
    bank.confirmed_via = ConfirmedVia.OWNER
    bank.save(
        update_fields=["state", "confirmed_at", "confirmed_by", "confirmed_via", "updated_at"]
    )
    shop_payments_ready_sync(business=business)
    return bank


@transaction.atomic
def bank_account_unlink(*, business: Business, actor: User) -> None:
    """Stops taking VietQR transfers: the account and its monitor are removed."""
    _check_owner(business, actor)
    business = _locked_business(business)
    BankAccount.objects.filter(business=business).delete()
    SePayMonitor.objects.filter(business=business).update(active=False)
    shop_payments_ready_sync(business=business)


@transaction.atomic
def shop_cod_set(*, business: Business, actor: User, enabled: bool) -> ShopPaymentOptions:
    """Turns cash on delivery on or off for the shop (orders already placed keep their method)."""
    _check_owner(business, actor)
    business = _locked_business(business)
    options, _created = ShopPaymentOptions.objects.get_or_create(business=business)
    if options.cod_enabled != enabled:
        options.cod_enabled = enabled
        options.save(update_fields=["cod_enabled", "updated_at"])
    shop_payments_ready_sync(business=business)
    return options


@dataclass(frozen=True)
class MonitorConnected:
    monitor: SePayMonitor
    api_key: str  # shown to the owner once, to paste into SePay


@transaction.atomic
def sepay_monitor_connect(*, business: Business, actor: User) -> MonitorConnected:
    """Makes (or remakes) the shop's SePay webhook: a new URL token and API key every time, so a
    key shown before stops working."""
    _check_owner(business, actor)
    business = _locked_business(business)
    if not BankAccount.objects.filter(business=business).exists():
        raise Conflict(_("Link the bank account SePay watches first."))
    api_key = secrets.token_urlsafe(32)
    monitor = SePayMonitor.objects.filter(business=business).first() or SePayMonitor(
        business=business
    )
    monitor.api_key = api_key
    monitor.webhook_token = new_webhook_token()
    monitor.active = True
    monitor.connected_at = timezone.now()
    monitor.last_seen_at = None
    monitor.save()
    return MonitorConnected(monitor=monitor, api_key=api_key)


@transaction.atomic
def sepay_monitor_disconnect(*, business: Business, actor: User) -> None:
    """Stops accepting SePay notifications for the shop (the URL answers 404 from now on)."""
    _check_owner(business, actor)
    SePayMonitor.objects.filter(business=business).update(active=False)


def _matchable(order: Order) -> bool:
    return order.payment_method in (PaymentMethod.VIETQR, PaymentMethod.COD) and (
        order.payment_state in (PaymentState.PENDING, PaymentState.NEEDS_REVIEW)
    )


@transaction.atomic
def incoming_transfer_match(
    *, transfer: IncomingTransfer, order_id: int, actor: User
) -> TransferReceived:
    """The owner says which of the shop's orders an unmatched transfer pays (audited).

    Only an order of the same shop waiting for payment or for review can be chosen; the transfer
    then goes to ``order_payment_received`` like a matched one.
    """
    _check_owner(transfer.business, actor)
    transfer = IncomingTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.state != TransferState.UNMATCHED:
        raise Conflict(_("This transfer is already matched or set aside."))
    order = (
        Order.objects.filter(pk=order_id, business_id=transfer.business_id)
        .select_related("group", "business")
        .first()
    )
    if order is None or not _matchable(order):
        raise DomainError(
            _("Choose one of your shop's orders that is waiting for payment."), field="order"
        )
    outcome = order_services.order_payment_received(
        order=order,
        amount=transfer.amount,
        source=TRANSFER_SOURCES[transfer.provider],
        reference=f"{transfer.provider}:{transfer.provider_txn_id}",
        received_at=transfer.received_at,
        actor=actor,
    )
    transfer.order = order
    transfer.state = TransferState.MATCHED
    transfer.outcome = outcome.state
    transfer.reason = outcome.reason
    transfer.matched_by = actor
    transfer.matched_at = timezone.now()
    transfer.save()
    return TransferReceived(transfer=transfer, outcome=outcome)


@transaction.atomic
def incoming_transfer_ignore(*, transfer: IncomingTransfer, actor: User) -> IncomingTransfer:
    """The owner sets aside a transfer that pays no order (a personal transfer, say)."""
    _check_owner(transfer.business, actor)
    transfer = IncomingTransfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.state != TransferState.UNMATCHED:
        raise Conflict(_("This transfer is already matched or set aside."))
    transfer.state = TransferState.IGNORED
    transfer.matched_by = actor
    transfer.matched_at = timezone.now()
    transfer.save(update_fields=["state", "matched_by", "matched_at"])
    return transfer
