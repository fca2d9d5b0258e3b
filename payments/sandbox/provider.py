"""The sandbox provider: an offline stand-in for Stripe, for laptops and demos.

It keeps its accounts in ``SandboxAccount`` (what a real provider keeps on its side) and hosts its
onboarding, dashboard and checkout pages on this site. Its decisions become Stripe-shaped events,
signed like Stripe's with a key derived from SECRET_KEY, and go through the same webhook code as
the real provider's (``payments.sandbox.services``). No money moves: transfers and refunds answer
with ids derived from our own references, so repeating one gives the same answer.
"""

import hashlib
import hmac
import json
import secrets
import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse

from payments.models import SandboxAccount
from payments.providers.base import (
    AccountPrefill,
    AccountStatus,
    MoneyMovement,
    PaymentProvider,
    PaymentRequest,
    PaymentSession,
    ProviderEvent,
    RefundRequest,
    RefundResult,
    TransferRequest,
    WebhookSignatureInvalid,
)

WEBHOOK_TOLERANCE_SECONDS = 300
LINK_SALT = "payments.sandbox.link"
CHECKOUT_SALT = "payments.sandbox.checkout"
# What the sandbox "asks" during onboarding: nothing the business profile already holds.
ONBOARDING_REQUIREMENTS = ["external_account", "representative.id_number", "tos_acceptance.date"]


def webhook_secret() -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), b"payments.sandbox.webhook", hashlib.sha256
    ).hexdigest()


def sign(body: bytes, *, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature``-style header for ``body``: ``t=<ts>,v1=<hmac>``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(webhook_secret().encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def account_object(account: SandboxAccount) -> dict:
    """The account in Stripe's shape, as the sandbox's events carry it."""
    return {
        "id": account.account_id,
        "object": "account",
        "charges_enabled": account.charges_enabled,
        "payouts_enabled": account.payouts_enabled,
        "details_submitted": account.details_submitted,
        "metadata": {"business_id": str(account.business_id)},
        "requirements": {
            "currently_due": list(account.currently_due),
            "past_due": [],
            "pending_verification": [],
            "disabled_reason": account.disabled_reason or None,
        },
    }


def status_of(account: SandboxAccount) -> AccountStatus:
    return AccountStatus(
        account_id=account.account_id,
        charges_enabled=account.charges_enabled,
        payouts_enabled=account.payouts_enabled,
        details_submitted=account.details_submitted,
        currently_due=tuple(account.currently_due),
        disabled_reason=account.disabled_reason,
    )


def stable_id(prefix: str, reference: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), reference.encode(), hashlib.sha256)
    return f"{prefix}_{digest.hexdigest()[:24]}"


class SandboxProvider(PaymentProvider):
    name = "sandbox"
    hosted_here = True

    # Accounts
    def create_account(self, *, prefill: AccountPrefill, idempotency_key: str) -> AccountStatus:
        account, _created = SandboxAccount.objects.get_or_create(
            business_id=prefill.business_id,
            defaults={
                "account_id": f"sbx_acct_{secrets.token_hex(8)}",
                "prefill": {
                    "email": prefill.email,
                    "business_name": prefill.business_name,
                    "legal_name": prefill.legal_name,
                    "business_type": prefill.business_type,
                    "product_description": prefill.product_description,
                    "url": prefill.url,
                    "country": prefill.country,
                },
                "currently_due": ONBOARDING_REQUIREMENTS,
            },
        )
        return status_of(account)

    def onboarding_link(self, *, account_id: str, return_url: str, refresh_url: str) -> str:
        token = signing.dumps({"a": account_id, "r": return_url}, salt=LINK_SALT)
        url = reverse("payments:sandbox_onboarding", kwargs={"account_id": account_id})
        return f"{url}?{urlencode({'link': token})}"

    def retrieve_account(self, *, account_id: str) -> AccountStatus:
        return status_of(SandboxAccount.objects.get(account_id=account_id))

    def dashboard_link(self, *, account_id: str) -> str:
        return reverse("payments:sandbox_dashboard", kwargs={"account_id": account_id})

    # Webhooks
    def parse_webhook(self, *, body: bytes, signature: str, endpoint: str) -> ProviderEvent:
        try:
            parts = dict(item.split("=", 1) for item in signature.split(","))
            timestamp = int(parts["t"])
            given = parts["v1"]
        except (ValueError, KeyError) as exc:
            raise WebhookSignatureInvalid("malformed signature") from exc
        expected = sign(body, timestamp=timestamp).split("v1=", 1)[1]
        if not hmac.compare_digest(given, expected):
            raise WebhookSignatureInvalid("signature mismatch")
        if abs(time.time() - timestamp) > WEBHOOK_TOLERANCE_SECONDS:
            raise WebhookSignatureInvalid("timestamp outside the tolerance")
        try:
            payload = json.loads(body)
            obj = payload["data"]["object"]
            created = datetime.fromtimestamp(int(payload["created"]), tz=UTC)
            event_id, event_type = payload["id"], payload["type"]
        except (ValueError, KeyError, TypeError) as exc:
            raise WebhookSignatureInvalid(f"not an event: {exc}") from exc
        is_account = obj.get("object") == "account"
        return ProviderEvent(
            id=event_id,
            type=event_type,
            created=created,
            payload=payload,
            account_id=payload.get("account") or (obj["id"] if is_account else ""),
            account_status=(
                AccountStatus(
                    account_id=obj["id"],
                    charges_enabled=obj["charges_enabled"],
                    payouts_enabled=obj["payouts_enabled"],
                    details_submitted=obj["details_submitted"],
                    currently_due=tuple(obj["requirements"]["currently_due"]),
                    past_due=tuple(obj["requirements"]["past_due"]),
                    disabled_reason=obj["requirements"]["disabled_reason"] or "",
                )
                if is_account
                else None
            ),
        )

    # Money
    def start_payment(self, *, request: PaymentRequest) -> PaymentSession:
        session_id = stable_id("sbx_cs", f"checkout-{request.reference}")
        token = signing.dumps(
            {
                "id": session_id,
                "reference": request.reference,
                "currency": request.currency,
                "amount": request.amount,
                "success_url": request.success_url,
                "cancel_url": request.cancel_url,
                "expires_at": int(request.expires_at.timestamp()),
                "lines": [[line.name, line.quantity, line.unit_amount] for line in request.lines],
            },
            salt=CHECKOUT_SALT,
        )
        url = reverse("payments:sandbox_checkout")
        return PaymentSession(
            id=session_id,
            url=f"{url}?{urlencode({'session': token})}",
            expires_at=request.expires_at,
        )

    def transfer(self, *, request: TransferRequest) -> MoneyMovement:
        return MoneyMovement(
            id=stable_id("sbx_tr", request.reference),
            amount=request.amount,
            currency=request.currency,
        )

    def refund(self, *, request: RefundRequest) -> RefundResult:
        reversal = None
        if request.transfer_id and request.reverse_amount:
            reversal = MoneyMovement(
                id=stable_id("sbx_trr", request.reference),
                amount=request.reverse_amount,
                currency=request.currency,
            )
        return RefundResult(
            refund=MoneyMovement(
                id=stable_id("sbx_re", request.reference),
                amount=request.amount,
                currency=request.currency,
            ),
            reversal=reversal,
        )
