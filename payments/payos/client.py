"""A shop's payOS channel through the official SDK (``payos.PayOS``), in our own small types.

``PayOSClient(Credentials(client_id, api_key, checksum_key))`` makes, reads and cancels payment
links and registers the webhook URL (confirm-webhook). Every SDK error becomes a ``ProviderError``
subclass with a message a person can act on; payOS's own words stay in ``detail`` for the logs.
The SDK signs requests and checks the signature of every answer with the checksum key, so a wrong
checksum key shows up as refused keys too.

Where the calls go: ``settings.PAYOS_BASE_URL`` when set (the fake server in tests, another host);
otherwise payos.vn, except on a site running the offline sandbox (``PAYMENT_PROVIDER=sandbox``),
where ``payments.payos.sandbox`` answers in-process through the same SDK and wire format.

Calls are made with no database transaction open: callers record the result afterwards.
"""

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime

import httpx
import payos
import pydantic
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from payos.types import CreatePaymentLinkRequest, ItemData

from payments.payos import sandbox
from payments.providers.base import (
    ProviderDeclined,
    ProviderError,
    ProviderRateLimited,
    ProviderUnavailable,
)

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api-merchant.payos.vn"
CHECKOUT_HOST = "https://pay.payos.vn"
# An order code no shop uses: reading it checks the client id and API key without side effects.
PROBE_ORDER_CODE = 1
# payOS answers HTTP 200 with its own codes; these are the ones we act on.
CODE_OK = "00"
CODE_NOT_FOUND = "101"
CODE_ORDER_EXISTS = "231"
AUTH_CODES = {"401", "403"}


class PayOSKeysRefused(ProviderDeclined):
    code = "payos_keys_refused"
    default_message = _("payOS did not accept these keys")


class PayOSDeclined(ProviderDeclined):
    code = "payos_declined"
    default_message = _(
        "payOS refused this request. Nothing was changed: try again, or choose another way to pay."
    )


class PayOSLinkNotFound(ProviderError):
    status_code = 404
    code = "payos_not_found"
    default_message = _("payOS has no payment link with this order code.")


class PayOSUnavailable(ProviderUnavailable):
    code = "payos_unavailable"
    default_message = _(
        "payOS cannot be reached right now. Nothing was saved: try again in a few minutes."
    )


class PayOSWebhookRejected(ProviderDeclined):
    code = "payos_webhook_rejected"
    default_message = _(
        "payOS could not confirm this site's webhook address. Check the checksum key, and that "
        "the site is reachable from the internet."
    )


@dataclass(frozen=True)
class Credentials:
    """A shop's payOS channel keys (secrets: kept out of ``repr`` and logs)."""

    client_id: str
    api_key: str = field(repr=False)
    checksum_key: str = field(repr=False)


@dataclass(frozen=True)
class PaymentLink:
    """A payOS payment link as we use it."""

    order_code: int
    amount: int
    status: str  # PENDING, PAID, CANCELLED, EXPIRED, UNDERPAID, PROCESSING, FAILED
    payment_link_id: str
    checkout_url: str = ""  # empty when the link can no longer be paid
    qr_code: str = ""  # the VietQR payload payOS made for the link
    amount_paid: int = 0
    expires_at: int | None = None


@dataclass(frozen=True)
class WebhookAccount:
    """What confirm-webhook tells about the channel: the bank account payments reach."""

    webhook_url: str
    account_name: str
    account_number: str
    bank_name: str
    bank_short_name: str


def sandbox_active() -> bool:
    """payOS calls go to the in-process sandbox: an offline site with no payOS host configured."""
    return (
        not settings.PAYOS_BASE_URL
        and settings.PAYMENT_PROVIDER == "sandbox"
        and getattr(settings, "PAYMENTS_SANDBOX_ENABLED", settings.DEBUG)
    )


_shared: dict[str, httpx.Client] = {}
_shared_lock = threading.Lock()


def _network_client() -> httpx.Client:
    # One pooled client per process (thread-safe); making one costs tens of milliseconds.
    with _shared_lock:
        if "network" not in _shared:
            _shared["network"] = httpx.Client()
        return _shared["network"]


def _map_error(exc: Exception) -> ProviderError:
    detail = f"{type(exc).__name__}: {exc}"[:500]
    if isinstance(exc, payos.WebhookError) and exc.__cause__ is not None:
        mapped = _map_error(exc.__cause__)
        if type(mapped) in (PayOSDeclined, ProviderError):
            return PayOSWebhookRejected(detail=detail)
        return mapped
    if isinstance(exc, (payos.ConnectionError, payos.ConnectionTimeoutError, httpx.TransportError)):
        return PayOSUnavailable(detail=detail)
    if isinstance(exc, payos.InvalidSignatureError):
        # payOS signed its answer with another checksum key than the one we hold.
        return PayOSKeysRefused(detail=detail)
    if isinstance(exc, (payos.UnauthorizedError, payos.ForbiddenError)):
        return PayOSKeysRefused(detail=detail)
    if isinstance(exc, payos.TooManyRequestsError):
        return ProviderRateLimited(detail=detail)
    if isinstance(exc, payos.InternalServerError):
        return PayOSUnavailable(detail=detail)
    if isinstance(exc, payos.APIError):
        if exc.error_code in AUTH_CODES:
            return PayOSKeysRefused(detail=detail)
        if exc.error_code == CODE_NOT_FOUND or exc.status_code == 404:
            return PayOSLinkNotFound(detail=detail)
        return PayOSDeclined(detail=detail)
    if isinstance(exc, payos.WebhookError):
        return PayOSWebhookRejected(detail=detail)
    return ProviderError(detail=detail)


class PayOSClient:
    """One shop's channel. Methods raise ``ProviderError`` subclasses, never SDK errors."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        base_url: str | None = None,
        timeout: float | None = None,
    ):
        self.credentials = credentials
        self.sandbox = base_url is None and sandbox_active()
        if self.sandbox:
            self.base_url = sandbox.BASE_URL
            http_client = sandbox.http_client(checksum_key=credentials.checksum_key)
        else:
            self.base_url = (base_url or settings.PAYOS_BASE_URL or DEFAULT_BASE_URL).rstrip("/")
            http_client = _network_client()
        try:
            self._sdk = payos.PayOS(
                client_id=credentials.client_id,
                api_key=credentials.api_key,
                checksum_key=credentials.checksum_key,
                base_url=self.base_url,
                timeout=timeout if timeout is not None else settings.PAYOS_TIMEOUT_SECONDS,
                # Our callers answer a person who can press again; no silent waits between tries.
                max_retries=0,
                http_client=http_client,
            )
        except payos.PayOSError as exc:  # an empty key
            raise PayOSKeysRefused(detail=str(exc)) from None

    def _call(self, what: str, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (payos.PayOSError, httpx.HTTPError, pydantic.ValidationError) as exc:
            error = _map_error(exc)
            logger.info("payOS %s failed: %s", what, error.detail)
            raise error from None

    def checkout_url_for(self, *, payment_link_id: str, order_code: int) -> str:
        """Where a shopper pays a link (payOS's answers to a read do not carry it)."""
        if self.sandbox:
            return sandbox.checkout_url(order_code)
        if self.base_url == DEFAULT_BASE_URL:
            return f"{CHECKOUT_HOST}/web/{payment_link_id}"
        return f"{self.base_url}/web/{payment_link_id}"

    def create_link(
        self,
        *,
        order_code: int,
        amount: int,
        description: str,
        return_url: str,
        cancel_url: str,
        expires_at: datetime | None = None,
        items: list[dict] | None = None,
    ) -> PaymentLink:
        request = CreatePaymentLinkRequest(
            order_code=order_code,
            amount=amount,
            description=description,
            return_url=return_url,
            cancel_url=cancel_url,
            expired_at=int(expires_at.timestamp()) if expires_at else None,
            items=[ItemData(**item) for item in items] if items else None,
        )
        made = self._call("create", self._sdk.payment_requests.create, request)
        return PaymentLink(
            order_code=made.order_code,
            amount=made.amount,
            status=made.status,
            payment_link_id=made.payment_link_id,
            checkout_url=made.checkout_url,
            qr_code=made.qr_code,
            expires_at=made.expired_at,
        )

    def _link(self, info) -> PaymentLink:
        return PaymentLink(
            order_code=info.order_code,
            amount=info.amount,
            status=info.status,
            payment_link_id=info.id,
            checkout_url=self.checkout_url_for(payment_link_id=info.id, order_code=info.order_code)
            if info.status == "PENDING"
            else "",
            amount_paid=info.amount_paid,
        )

    def get(self, order_code: int | str) -> PaymentLink:
        """The link of an order code (or a payment link id)."""
        return self._link(self._call("get", self._sdk.payment_requests.get, order_code))

    def cancel(self, order_code: int | str, reason: str = "") -> PaymentLink:
        return self._link(
            self._call("cancel", self._sdk.payment_requests.cancel, order_code, reason or None)
        )

    def confirm_webhook(self, url: str) -> WebhookAccount:
        """Registers ``url`` as the channel's webhook; payOS first posts a signed test to it."""
        answer = self._call("confirm-webhook", self._sdk.webhooks.confirm, url)
        return WebhookAccount(
            webhook_url=answer.webhook_url,
            account_name=answer.account_name,
            account_number=answer.account_number,
            bank_name=answer.name,
            bank_short_name=answer.short_name,
        )

    def verify_credentials(self) -> None:
        """Raises ``PayOSKeysRefused`` unless payOS accepts the client id and API key.

        Reads a payment link no shop has: "not found" means the keys were accepted. (The checksum
        key is proved by confirm-webhook: payOS signs its test webhook with it.)
        """
        try:
            self._call("verify", self._sdk.payment_requests.get, PROBE_ORDER_CODE)
        except PayOSLinkNotFound:
            return
