"""Receiving SePay notifications: verify, read, then store and apply (in that order).

The monitor is found by the token in the URL; the ``Authorization`` header is checked against its
key before the body is read, so a forged or unsigned request writes nothing. An outgoing transfer
is acknowledged and dropped. An incoming one goes to ``incoming_transfer_receive`` (stored once by
SePay's id, matched by payment code or self-test memo) in the same transaction as the monitor's
"last seen" time.
"""

import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Business, User
from accounts.selectors import is_owner
from core.errors import Conflict, Forbidden
from payments.models import BankAccount, IncomingTransfer, SePayMonitor
from payments.sepay.notification import (
    DATE_FORMAT,
    VIETNAM,
    NotificationInvalid,  # noqa: F401 (raised by parse; the view catches it from here)
    authorized,
    parse,
    sign_header,
)
from payments.services import TransferReceived, incoming_transfer_receive
from payments.vietqr import banks

PROVIDER = "sepay"
SELF_TEST_AMOUNT = 2_000


class MonitorUnknown(Exception):
    """No active monitor has this token (never connected, or disconnected)."""


class NotAuthorized(Exception):
    """The ``Authorization`` header is missing or does not carry the monitor's key."""


@dataclass(frozen=True)
class SePayResult:
    transfer: IncomingTransfer | None  # None for an outgoing transfer (not stored)
    duplicate: bool = False

    @property
    def stored(self) -> bool:
        return self.transfer is not None


def sepay_notification_receive(*, token: str, body: bytes, authorization: str) -> SePayResult:
    """One notification posted to ``/payments/sepay/<token>/``.

    Raises ``MonitorUnknown``, ``NotAuthorized`` or ``NotificationInvalid`` before anything is
    written.
    """
    monitor = (
        SePayMonitor.objects.select_related("business")
        .filter(webhook_token=token or "", active=True)
        .first()
    )
    if monitor is None:
        raise MonitorUnknown(token)
    if not authorized(header=authorization, api_key=monitor.api_key):
        raise NotAuthorized()
    note = parse(body)
    if note.transfer_type != "in":
        return SePayResult(transfer=None)
    with transaction.atomic():
        received: TransferReceived = incoming_transfer_receive(
            business=monitor.business,
            provider=PROVIDER,
            provider_txn_id=note.id,
            amount=note.amount,
            memo=note.memo,
            received_at=note.transaction_date,
            payload=note.raw,
            account_number=note.account_number,
        )
        SePayMonitor.objects.filter(pk=monitor.pk).update(last_seen_at=timezone.now())
    return SePayResult(transfer=received.transfer, duplicate=received.duplicate)


def sandbox_notification(*, bank: BankAccount, amount: int, memo: str) -> bytes:
    """A notification shaped like SePay's for a transfer into ``bank`` (sandbox and tests)."""
    bank_entry = banks.get(bank.bank_code)
    return json.dumps(
        {
            "id": int(f"9{secrets.randbelow(10**9):09d}"),
            "gateway": bank_entry.short_name if bank_entry else bank.bank_code,
            "transactionDate": timezone.now().astimezone(VIETNAM).strftime(DATE_FORMAT),
            "accountNumber": bank.account_number,
            "code": None,
            "content": memo,
            "transferType": "in",
            "transferAmount": amount,
            "accumulated": amount,
            "subAccount": None,
            "referenceCode": f"SANDBOX.{secrets.randbelow(10**10):010d}",
            "description": f"BankAPINotify {memo}",
        },
        ensure_ascii=False,
    ).encode()


def sandbox_allowed() -> bool:
    """The site runs the offline sandbox and allows its pages (a development or demo site)."""
    return settings.PAYMENT_PROVIDER == "sandbox" and getattr(
        settings, "PAYMENTS_SANDBOX_ENABLED", settings.DEBUG
    )


def sepay_sandbox_self_test(*, business: Business, actor: User) -> SePayResult:
    """The sandbox's "simulate a SePay notification": a 2.000 ₫ test transfer with the shop's
    self-test memo, posted through the same path as SePay's (offline, no money moves)."""
    if not sandbox_allowed():
        raise Conflict(_("Simulated notifications exist only in the sandbox."))
    if not actor.is_authenticated or not is_owner(user=actor, business=business):
        raise Forbidden(_("Only the owner of the business can change how it is paid."))
    monitor = SePayMonitor.objects.filter(business=business, active=True).first()
    bank = BankAccount.objects.filter(business=business).first()
    if monitor is None or bank is None:
        raise Conflict(_("Connect a SePay monitor to a linked bank account first."))
    return sepay_notification_receive(
        token=monitor.webhook_token,
        body=sandbox_notification(bank=bank, amount=SELF_TEST_AMOUNT, memo=bank.self_test_memo),
        authorization=sign_header(monitor.api_key),
    )
