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
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Business, BusinessType
from accounts.services import business_set_payments_ready
from orders import selectors as order_selectors
from orders import services as order_services
from orders.models import Order, PaymentSource
from payments import selectors
from payments.models import (
    AccountState,
    BankAccount,
    BankAccountState,
    ConfirmedVia,
    IncomingTransfer,
    PaymentAccount,
    TransferState,
    WebhookEvent,
)
from payments.providers import get_provider
from payments.providers.base import (
    AccountPrefill,
    AccountStatus,
    PaymentProvider,
    ProviderEvent,
)
from payments.states import can_move, state_for
from payments.vietqr.payload import fold
from privacy.errors import Conflict, DomainError

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
    transaction that made a rail ready or unready; returns the flag."""
    ready = selectors.shop_rails(business=business).any
    if business.can_take_payments != ready:
        business_set_payments_ready(business=business, ready=ready)
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


def _confirm_by_transfer(transfer: IncomingTransfer, account_number: str) -> bool:
    code = _self_test_code(transfer.memo)
    if not code:
        return False
    bank = (
        BankAccount.objects.select_for_update()
        .filter(business_id=transfer.business_id, self_test_code=code)
        .first()
    )
    if bank is None:
        return False
    transfer.state = TransferState.SELF_TEST
    if account_number and account_number != bank.account_number:
        # The money went to another account than the one entered: the details are wrong.
        transfer.reason = "other_account"
        return True
    if bank.state != BankAccountState.CONFIRMED:
        bank.state = BankAccountState.CONFIRMED
        bank.confirmed_at = timezone.now()
        bank.confirmed_by = None
        bank.confirmed_via = ConfirmedVia.TRANSFER
        bank.save(update_fields=["state", "confirmed_at", "confirmed_by", "confirmed_via"])
        shop_payments_ready_sync(business=bank.business)
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
    needs review); anything else is stored unmatched for the owner to match by hand.
    ``account_number``, when the monitor says which account received it, must be the shop's.
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
    if not _confirm_by_transfer(transfer, account_number):
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
