"""payOS webhooks: the signature checked on the raw body, with the shop's checksum key, by the SDK.

payOS posts ``{"code", "desc", "success", "data": {...}, "signature"}``; the signature is
HMAC-SHA256 with the channel's checksum key over ``data``'s keys sorted and joined as ``k=v&…``.
``verify`` runs before anything is written and raises ``WebhookSignatureInvalid`` for a missing or
wrong signature, a body that is not JSON, or data that is not a payment notification.
"""

import threading
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import payos

from payments.providers.base import WebhookSignatureInvalid

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_offline: dict[str, httpx.Client] = {}
_offline_lock = threading.Lock()


def _refuse_network(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("verifying a webhook makes no request", request=request)


def _offline_client() -> httpx.Client:
    # Verifying needs the SDK's client object, not its network: one shared client that sends nothing.
    with _offline_lock:
        if "client" not in _offline:
            _offline["client"] = httpx.Client(transport=httpx.MockTransport(_refuse_network))
        return _offline["client"]


@dataclass(frozen=True)
class Payment:
    """A verified payOS payment notification."""

    order_code: int
    amount: int
    currency: str
    reference: str  # the bank transaction's reference
    payment_link_id: str
    code: str  # "00" when the payment succeeded
    description: str
    transaction_at: datetime | None
    data: dict  # the signed data, as payOS sent it

    @property
    def succeeded(self) -> bool:
        return self.code == "00"


def parse_transaction_time(value: str) -> datetime | None:
    """payOS's ``transactionDateTime`` ("2023-02-04 18:25:00", Viet Nam time) as an aware time."""
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=VIETNAM)
    except (TypeError, ValueError):
        return None


def verify(*, body: bytes, checksum_key: str) -> Payment:
    """The payment in ``body`` if payOS signed it with ``checksum_key``; else raises."""
    if not body or not checksum_key:
        raise WebhookSignatureInvalid("empty body or no checksum key")
    sdk = payos.PayOS(
        client_id="webhook",
        api_key="webhook",
        checksum_key=checksum_key,
        base_url="http://offline.invalid",
        http_client=_offline_client(),
    )
    try:
        data = sdk.webhooks.verify(bytes(body))
    except (payos.WebhookError, TypeError, ValueError) as exc:
        # TypeError: JSON that is not an object; ValueError: not UTF-8.
        raise WebhookSignatureInvalid(f"payOS webhook refused: {exc}"[:300]) from None
    return Payment(
        order_code=data.order_code,
        amount=data.amount,
        currency=data.currency,
        reference=data.reference,
        payment_link_id=data.payment_link_id,
        code=data.code,
        description=data.description,
        transaction_at=parse_transaction_time(data.transaction_date_time),
        data=data.model_dump_camel_case(),
    )
