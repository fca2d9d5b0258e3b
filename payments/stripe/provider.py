"""Stripe Connect behind the provider interface: the only module that imports ``stripe``.

Accounts are Express-style (Stripe hosts onboarding and a light dashboard; the platform pays fees
and bears losses) with the ``card_payments`` and ``transfers`` capabilities, prefilled from the
business profile. Every write carries an idempotency key derived from our own ids. Payments use
separate charges and transfers: one Checkout Session per order group, one transfer per vendor.
``STRIPE_API_BASE`` points the library at another host (the fake Stripe server in tests).
"""

import json
import logging
from datetime import UTC, datetime

import stripe
from django.conf import settings

from payments.providers.base import (
    AccountPrefill,
    AccountStatus,
    MoneyMovement,
    PaymentProvider,
    PaymentRequest,
    PaymentSession,
    ProviderDeclined,
    ProviderError,
    ProviderEvent,
    ProviderNotConfigured,
    ProviderRateLimited,
    ProviderUnavailable,
    RefundRequest,
    RefundResult,
    TransferRequest,
    WebhookSignatureInvalid,
)

logger = logging.getLogger(__name__)

WEBHOOK_TOLERANCE_SECONDS = 300


def _translate_errors(call):
    """Runs ``call``; answers plain dicts and turns Stripe's exceptions into ProviderErrors."""
    try:
        return call().to_dict()
    except stripe.RateLimitError as exc:
        raise ProviderRateLimited(detail=str(exc.user_message or exc)) from exc
    except stripe.APIConnectionError as exc:
        raise ProviderUnavailable(detail=str(exc)) from exc
    except stripe.AuthenticationError as exc:
        logger.error("Stripe rejected the API key: %s", exc.user_message)
        raise ProviderNotConfigured(detail=str(exc.user_message or exc)) from exc
    except (stripe.CardError, stripe.InvalidRequestError, stripe.PermissionError) as exc:
        raise ProviderDeclined(detail=f"{exc.code or ''} {exc.user_message or exc}") from exc
    except stripe.StripeError as exc:
        raise ProviderError(detail=str(exc.user_message or exc)) from exc


def _status(account) -> AccountStatus:
    requirements = account.get("requirements") or {}
    return AccountStatus(
        account_id=account["id"],
        charges_enabled=bool(account.get("charges_enabled")),
        payouts_enabled=bool(account.get("payouts_enabled")),
        details_submitted=bool(account.get("details_submitted")),
        currently_due=tuple(requirements.get("currently_due") or ()),
        past_due=tuple(requirements.get("past_due") or ()),
        pending_verification=tuple(requirements.get("pending_verification") or ()),
        disabled_reason=requirements.get("disabled_reason") or "",
    )


class StripeProvider(PaymentProvider):
    name = "stripe"

    def __init__(self, *, api_key: str | None = None, api_base: str | None = None):
        api_key = settings.STRIPE_SECRET_KEY if api_key is None else api_key
        api_base = settings.STRIPE_API_BASE if api_base is None else api_base
        self._api_key = api_key
        self._api_base = api_base

    @property
    def client(self) -> stripe.StripeClient:
        if not self._api_key:
            raise ProviderNotConfigured(detail="STRIPE_SECRET_KEY is not set")
        base = {"api": self._api_base, "connect": self._api_base} if self._api_base else None
        return stripe.StripeClient(self._api_key, base_addresses=base, max_network_retries=2)

    # Accounts
    def create_account(self, *, prefill: AccountPrefill, idempotency_key: str) -> AccountStatus:
        params = {
            "country": prefill.country,
            "email": prefill.email,
            "business_type": prefill.business_type,
            "controller": {
                "fees": {"payer": "application"},
                "losses": {"payments": "application"},
                "requirement_collection": "stripe",
                "stripe_dashboard": {"type": "express"},
            },
            "capabilities": {
                "card_payments": {"requested": True},
                "transfers": {"requested": True},
            },
            "business_profile": {
                "name": prefill.business_name,
                "product_description": prefill.product_description,
                **({"url": prefill.url} if prefill.url else {}),
                "support_email": prefill.email,
            },
            "metadata": {"business_id": str(prefill.business_id)},
        }
        if prefill.business_type == "company":
            params["company"] = {"name": prefill.legal_name}
        account = _translate_errors(
            lambda: self.client.v1.accounts.create(
                params=params, options={"idempotency_key": idempotency_key}
            )
        )
        return _status(account)

    def onboarding_link(self, *, account_id: str, return_url: str, refresh_url: str) -> str:
        link = _translate_errors(
            lambda: self.client.v1.account_links.create(
                params={
                    "account": account_id,
                    "type": "account_onboarding",
                    "return_url": return_url,
                    "refresh_url": refresh_url,
                    "collection_options": {"fields": "currently_due"},
                }
            )
        )
        return link["url"]

    def retrieve_account(self, *, account_id: str) -> AccountStatus:
        return _status(_translate_errors(lambda: self.client.v1.accounts.retrieve(account_id)))

    def dashboard_link(self, *, account_id: str) -> str:
        link = _translate_errors(lambda: self.client.v1.accounts.login_links.create(account_id))
        return link["url"]

    # Webhooks
    def _secret(self, endpoint: str) -> str:
        if endpoint == "connect":
            return settings.STRIPE_CONNECT_WEBHOOK_SECRET
        return settings.STRIPE_WEBHOOK_SECRET

    def parse_webhook(self, *, body: bytes, signature: str, endpoint: str) -> ProviderEvent:
        secret = self._secret(endpoint)
        if not secret:
            logger.error("A Stripe %s webhook arrived but its signing secret is not set.", endpoint)
            raise WebhookSignatureInvalid("no signing secret configured")
        if not signature:
            raise WebhookSignatureInvalid("missing signature")
        try:
            stripe.WebhookSignature.verify_header(
                body, signature, secret, tolerance=WEBHOOK_TOLERANCE_SECONDS
            )
        except (stripe.SignatureVerificationError, ValueError, IndexError) as exc:
            raise WebhookSignatureInvalid(str(exc)) from exc
        try:
            payload = json.loads(body)
            event_id, event_type = payload["id"], payload["type"]
            created = datetime.fromtimestamp(int(payload["created"]), tz=UTC)
            obj = payload["data"]["object"]
        except (ValueError, KeyError, TypeError) as exc:
            # Signed by the right secret but not an event: treat like any unreadable body.
            raise WebhookSignatureInvalid(f"not an event: {exc}") from exc
        is_account = isinstance(obj, dict) and obj.get("object") == "account"
        account_id = payload.get("account") or (obj.get("id", "") if is_account else "")
        return ProviderEvent(
            id=event_id,
            type=event_type,
            created=created,
            payload=payload,
            account_id=account_id or "",
            account_status=_status(obj) if is_account and obj.get("id") else None,
        )

    # Money
    def start_payment(self, *, request: PaymentRequest) -> PaymentSession:
        params = {
            "mode": "payment",
            "currency": request.currency.lower(),
            "line_items": [
                {
                    "quantity": line.quantity,
                    "price_data": {
                        "currency": request.currency.lower(),
                        "unit_amount": line.unit_amount,
                        "product_data": {"name": line.name},
                    },
                }
                for line in request.lines
            ],
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "client_reference_id": request.reference,
            "expires_at": int(request.expires_at.timestamp()),
            "metadata": {"order_group": request.reference, **request.metadata},
            "payment_intent_data": {
                "transfer_group": request.reference,
                "metadata": {"order_group": request.reference},
            },
        }
        if request.customer_email:
            params["customer_email"] = request.customer_email
        session = _translate_errors(
            lambda: self.client.v1.checkout.sessions.create(
                params=params,
                options={"idempotency_key": f"checkout-{request.reference}"},
            )
        )
        expires = session.get("expires_at")
        return PaymentSession(
            id=session["id"],
            url=session["url"],
            expires_at=datetime.fromtimestamp(expires, tz=UTC) if expires else None,
        )

    def transfer(self, *, request: TransferRequest) -> MoneyMovement:
        transfer = _translate_errors(
            lambda: self.client.v1.transfers.create(
                params={
                    "amount": request.amount,
                    "currency": request.currency.lower(),
                    "destination": request.destination_account_id,
                    "source_transaction": request.source_transaction,
                    "transfer_group": request.transfer_group,
                    "metadata": {"order": request.reference},
                },
                options={"idempotency_key": f"transfer-{request.reference}"},
            )
        )
        return MoneyMovement(
            id=transfer["id"], amount=transfer["amount"], currency=request.currency
        )

    def refund(self, *, request: RefundRequest) -> RefundResult:
        refund = _translate_errors(
            lambda: self.client.v1.refunds.create(
                params={
                    "payment_intent": request.payment_id,
                    "amount": request.amount,
                    "metadata": {"refund": request.reference},
                },
                options={"idempotency_key": f"refund-{request.reference}"},
            )
        )
        reversal = None
        if request.transfer_id and request.reverse_amount:
            made = _translate_errors(
                lambda: self.client.v1.transfers.reversals.create(
                    request.transfer_id,
                    params={
                        "amount": request.reverse_amount,
                        "metadata": {"refund": request.reference},
                    },
                    options={"idempotency_key": f"reversal-{request.reference}"},
                )
            )
            reversal = MoneyMovement(
                id=made["id"], amount=made["amount"], currency=made["currency"].upper()
            )
        return RefundResult(
            refund=MoneyMovement(
                id=refund["id"], amount=refund["amount"], currency=refund["currency"].upper()
            ),
            reversal=reversal,
        )
