"""The offline payOS of ``make run``: payOS's API answered in-process, and its signed webhooks.

Used only when no payOS host is configured and the site runs the sandbox payment provider
(``client.sandbox_active``). The real SDK talks to it through an ``httpx.MockTransport``, so
requests are signed and answers checked exactly as with payos.vn. It keeps no state of its own:
a link is the order that carries its order code. A link's checkout page is this site's sandbox
page (``payments:payos_sandbox_pay``), whose "Pay" builds the webhook payOS would send, signed with
the shop's checksum key, and hands it to the same code that receives real payOS webhooks. No money
moves.
"""

import hashlib
import json
from zoneinfo import ZoneInfo

import httpx
from django.urls import reverse
from django.utils import timezone
from payos._crypto import CryptoProvider

from orders.models import Order, OrderStatus, PaymentState
from payments.vietqr import payload as vietqr

BASE_URL = "http://payos-sandbox.invalid"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The sandbox's pretend receiving account (Vietcombank's BIN).
BANK_BIN = "970436"
ACCOUNT_NUMBER = "0000000000"
ACCOUNT_NAME = "CHO SO SANDBOX"

_crypto = CryptoProvider()


def sign(data: dict, checksum_key: str) -> str:
    """payOS's signature of ``data``: HMAC-SHA256 over its keys sorted, ``k=v`` joined by ``&``."""
    return _crypto.create_signature_from_object(data, checksum_key)


def payment_link_id(order_code: int) -> str:
    return hashlib.sha256(f"choso-sandbox-{order_code}".encode()).hexdigest()[:32]


def checkout_url(order_code: int) -> str:
    return reverse("payments:payos_sandbox_pay", kwargs={"order_code": order_code})


def _answer(data: dict | None, checksum_key: str, *, code: str = "00", desc: str = "success"):
    body = {
        "code": code,
        "desc": desc,
        "data": data,
        "signature": sign(data, checksum_key) if data is not None else None,
    }
    return httpx.Response(200, json=body)


def _not_found(checksum_key: str) -> httpx.Response:
    return _answer(None, checksum_key, code="101", desc="Không tìm thấy đơn thanh toán")


def _order(ident: str) -> Order | None:
    orders = Order.objects.only(
        "pk",
        "subtotal",
        "delivery_fee",
        "status",
        "payment_state",
        "payos_order_code",
        "payos_payment_link_id",
        "created_at",
    )
    if ident.isdigit():
        return orders.filter(payos_order_code=int(ident)).first()
    return orders.filter(payos_payment_link_id=ident).first()


def _status(order: Order) -> str:
    if order.payment_state == PaymentState.PAID:
        return "PAID"
    if order.payment_state == PaymentState.EXPIRED:
        return "EXPIRED"
    if order.payment_state == PaymentState.CANCELLED or order.status == OrderStatus.CANCELLED:
        return "CANCELLED"
    return "PENDING"


def _link_info(order: Order, *, cancelled: bool = False) -> dict:
    status = "CANCELLED" if cancelled else _status(order)
    paid = order.total if status == "PAID" else 0
    return {
        "id": order.payos_payment_link_id or payment_link_id(order.payos_order_code),
        "orderCode": order.payos_order_code,
        "amount": order.total,
        "amountPaid": paid,
        "amountRemaining": order.total - paid,
        "status": status,
        "createdAt": order.created_at.isoformat(),
        "transactions": [],
        "cancellationReason": "sandbox" if cancelled else None,
        "canceledAt": timezone.now().isoformat() if cancelled else None,
    }


def _create(body: dict, checksum_key: str) -> httpx.Response:
    expected = _crypto.create_signature_of_payment_request(body, checksum_key)
    if body.get("signature") != expected:
        return _answer(None, checksum_key, code="20", desc="Chữ ký không hợp lệ")
    code = int(body["orderCode"])
    data = {
        "bin": BANK_BIN,
        "accountNumber": ACCOUNT_NUMBER,
        "accountName": ACCOUNT_NAME,
        "amount": body["amount"],
        "description": body["description"],
        "orderCode": code,
        "currency": "VND",
        "paymentLinkId": payment_link_id(code),
        "status": "PENDING",
        "expiredAt": body.get("expiredAt"),
        "checkoutUrl": checkout_url(code),
        "qrCode": vietqr.build(
            bin=BANK_BIN, account=ACCOUNT_NUMBER, amount=body["amount"], memo=body["description"]
        ),
    }
    return _answer(data, checksum_key)


def _handler(checksum_key: str):
    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path.rstrip("/")
        parts = path.strip("/").split("/")
        if request.method == "POST" and path == "/v2/payment-requests":
            return _create(json.loads(request.content), checksum_key)
        if parts[:2] == ["v2", "payment-requests"] and len(parts) in (3, 4):
            order = _order(parts[2])
            if order is None:
                return _not_found(checksum_key)
            cancelling = len(parts) == 4 and parts[3] == "cancel" and request.method == "POST"
            return _answer(_link_info(order, cancelled=cancelling), checksum_key)
        if request.method == "POST" and path == "/confirm-webhook":
            url = json.loads(request.content)["webhookUrl"]
            data = {
                "webhookUrl": url,
                "accountName": ACCOUNT_NAME,
                "accountNumber": ACCOUNT_NUMBER,
                "name": "Ngân hàng TMCP Ngoại thương Việt Nam",
                "shortName": "Vietcombank",
            }
            return _answer(data, checksum_key)
        return httpx.Response(404, json={"code": "404", "desc": "Not found", "data": None})

    return handle


def http_client(*, checksum_key: str) -> httpx.Client:
    """The SDK's HTTP client for the sandbox: every request is answered here, none leaves."""
    return httpx.Client(transport=httpx.MockTransport(_handler(checksum_key)))


def payment_webhook(
    *, order: Order, checksum_key: str, amount: int | None = None, reference: str = ""
) -> bytes:
    """The raw body payOS posts when the link of ``order`` is paid, signed with the shop's key."""
    now = timezone.localtime(timezone.now(), VIETNAM)
    code = order.payos_order_code
    data = {
        "orderCode": code,
        "amount": order.total if amount is None else amount,
        "description": order.payment_code or "",
        "accountNumber": ACCOUNT_NUMBER,
        "reference": reference or f"SBX{now:%Y%m%d%H%M%S%f}",
        "transactionDateTime": now.strftime("%Y-%m-%d %H:%M:%S"),
        "currency": "VND",
        "paymentLinkId": order.payos_payment_link_id or payment_link_id(code),
        "code": "00",
        "desc": "success",
        "counterAccountBankId": "",
        "counterAccountBankName": "",
        "counterAccountName": "",
        "counterAccountNumber": "",
        "virtualAccountName": "",
        "virtualAccountNumber": "",
    }
    body = {
        "code": "00",
        "desc": "success",
        "success": True,
        "data": data,
        "signature": sign(data, checksum_key),
    }
    return json.dumps(body, ensure_ascii=False).encode()
