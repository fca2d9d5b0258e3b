"""A stateful fake of payOS's merchant API, for integration tests through the real ``payos`` SDK.

It listens on 127.0.0.1 on a free port (a thread), checks ``x-client-id``/``x-api-key`` and the
request signatures, and answers in payOS's envelope ``{"code", "desc", "data", "signature"}`` with
``data`` signed by the channel's checksum key, so the SDK verifies every answer as it does with
payos.vn. Its signing is written here from payOS's documentation, independently of the SDK, so a
test also checks that both agree.

Endpoints: ``POST /v2/payment-requests``, ``GET /v2/payment-requests/{id}``,
``POST /v2/payment-requests/{id}/cancel``, ``POST /confirm-webhook`` (which first posts payOS's
signed sample webhook to the URL and refuses it unless answered 2xx), and ``/web/{id}``, the
checkout page: a "Pay" button marks the link paid, posts the signed webhook and returns to the
shop. Errors: HTTP 401 for unknown keys, code "20" for a bad request, "101" for an unknown link,
"231" for an order code used before; ``fail_next`` makes the next request fail as told.
"""

import hashlib
import hmac
import html
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

VIETNAM = timezone(timedelta(hours=7))


def _text(value) -> str:
    if value is None or value in ("undefined", "null"):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        items = [dict(sorted(item.items())) if isinstance(item, dict) else item for item in value]
        return json.dumps(items, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def signature(data: dict, checksum_key: str) -> str:
    """payOS: HMAC-SHA256 over ``data``'s keys in order, ``key=value`` joined by ``&``."""
    message = "&".join(f"{key}={_text(data[key])}" for key in sorted(data))
    return hmac.new(checksum_key.encode(), message.encode(), hashlib.sha256).hexdigest()


def request_signature(body: dict, checksum_key: str) -> str:
    """The signature payOS expects on a payment request (five fields, alphabetical)."""
    fields = ("amount", "cancelUrl", "description", "orderCode", "returnUrl")
    message = "&".join(f"{key}={_text(body.get(key))}" for key in fields)
    return hmac.new(checksum_key.encode(), message.encode(), hashlib.sha256).hexdigest()


# payOS's sample data, sent to a webhook URL when it is confirmed.
SAMPLE_WEBHOOK_DATA = {
    "orderCode": 123,
    "amount": 3000,
    "description": "VQRIO123",
    "accountNumber": "12345678",
    "reference": "TF230204212323",
    "transactionDateTime": "2023-02-04 18:25:00",
    "currency": "VND",
    "paymentLinkId": "124c33293c43417ab7879e14c8d9eb18",
    "code": "00",
    "desc": "Thành công",
    "counterAccountBankId": "",
    "counterAccountBankName": "",
    "counterAccountName": "",
    "counterAccountNumber": "",
    "virtualAccountName": "",
    "virtualAccountNumber": "",
}


def webhook_body(data: dict, checksum_key: str, *, sign_with: str | None = None) -> bytes:
    """A webhook as payOS posts it (``sign_with`` another key to forge one)."""
    body = {
        "code": "00",
        "desc": "success",
        "success": True,
        "data": data,
        "signature": signature(data, sign_with or checksum_key),
    }
    return json.dumps(body, ensure_ascii=False).encode()


class FakePayOS:
    """One payOS channel (its keys) and the HTTP server serving it."""

    def __init__(
        self,
        *,
        client_id: str = "fake-client-id",
        api_key: str = "fake-api-key",
        checksum_key: str = "fake-checksum-key",
    ):
        self.client_id = client_id
        self.api_key = api_key
        self.checksum_key = checksum_key
        self.links: dict[int, dict] = {}
        self.requests: list[dict] = []
        self.failures: list[tuple[int, dict]] = []
        self.webhook_url = ""
        self.deliveries: list[tuple[int, str]] = []
        self.account_name = "NGUYEN VAN A"
        self.account_number = "0011001932418"
        self._refs = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "FakePayOS":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # Test controls ------------------------------------------------------------------------
    def fail_next(self, status: int, code: str, desc: str) -> None:
        self.failures.append((status, {"code": code, "desc": desc, "data": None}))

    def requests_to(self, method: str, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == method and r["path"] == path]

    def payment_data(self, order_code: int, *, amount: int | None = None, **overrides) -> dict:
        """The signed data of a webhook for a payment of the link ``order_code``."""
        link = self.links[order_code]
        now = datetime.now(VIETNAM)
        data = dict(SAMPLE_WEBHOOK_DATA)
        data.update(
            {
                "orderCode": order_code,
                "amount": link["amount"] if amount is None else amount,
                "description": link["description"],
                "accountNumber": self.account_number,
                "reference": f"FT{now:%y%m%d}{next(self._refs):06d}",
                "transactionDateTime": now.strftime("%Y-%m-%d %H:%M:%S"),
                "paymentLinkId": link["id"],
                "desc": "success",
            }
        )
        data.update(overrides)
        return data

    def pay(self, order_code: int, *, amount: int | None = None, **overrides) -> tuple[int, str]:
        """The shopper pays the link: it becomes PAID and the signed webhook is posted."""
        data = self.payment_data(order_code, amount=amount, **overrides)
        with self._lock:
            link = self.links[order_code]
            link["amountPaid"] += data["amount"]
            link["amountRemaining"] = max(link["amount"] - link["amountPaid"], 0)
            link["status"] = "PAID" if link["amountRemaining"] == 0 else "UNDERPAID"
            link["transactions"].append(
                {
                    "reference": data["reference"],
                    "amount": data["amount"],
                    "accountNumber": data["accountNumber"],
                    "description": data["description"],
                    "transactionDateTime": data["transactionDateTime"],
                    "virtualAccountName": None,
                    "virtualAccountNumber": None,
                    "counterAccountBankId": None,
                    "counterAccountBankName": None,
                    "counterAccountName": None,
                    "counterAccountNumber": None,
                }
            )
        return self.deliver(webhook_body(data, self.checksum_key))

    def deliver(self, body: bytes, url: str | None = None) -> tuple[int, str]:
        """Posts a webhook body to the confirmed URL (or ``url``) as payOS does."""
        request = urllib.request.Request(
            url or self.webhook_url,
            data=body,
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                result = (response.status, response.read().decode())
        except urllib.error.HTTPError as exc:
            result = (exc.code, exc.read().decode())
        except OSError as exc:
            result = (0, str(exc))
        self.deliveries.append(result)
        return result

    # Answers ------------------------------------------------------------------------------
    def _ok(self, data: dict) -> tuple[int, dict]:
        return 200, {
            "code": "00",
            "desc": "success",
            "data": data,
            "signature": signature(data, self.checksum_key),
        }

    @staticmethod
    def _error(code: str, desc: str, status: int = 200) -> tuple[int, dict]:
        return status, {"code": code, "desc": desc, "data": None}

    def handle(self, method: str, path: str, body: dict, headers) -> tuple[int, dict]:
        if self.failures:
            return self.failures.pop(0)
        if headers.get("x-client-id") != self.client_id or headers.get("x-api-key") != self.api_key:
            return self._error("401", "Unauthorized", status=401)
        parts = path.strip("/").split("/")
        if method == "POST" and path == "/v2/payment-requests":
            return self._create(body)
        if parts[:2] == ["v2", "payment-requests"] and len(parts) == 3 and method == "GET":
            link = self._find(parts[2])
            return self._ok(self._info(link)) if link else self._missing()
        if parts[:2] == ["v2", "payment-requests"] and parts[3:] == ["cancel"] and method == "POST":
            return self._cancel(parts[2], body)
        if method == "POST" and path == "/confirm-webhook":
            return self._confirm_webhook(body)
        return self._error("404", "Not found", status=404)

    def _missing(self) -> tuple[int, dict]:
        return self._error("101", "Đơn thanh toán không tồn tại")

    def _find(self, ident: str) -> dict | None:
        if ident.isdigit():
            return self.links.get(int(ident))
        return next((link for link in self.links.values() if link["id"] == ident), None)

    @staticmethod
    def _info(link: dict) -> dict:
        return {
            key: link[key]
            for key in (
                "id",
                "orderCode",
                "amount",
                "amountPaid",
                "amountRemaining",
                "status",
                "createdAt",
                "transactions",
                "cancellationReason",
                "canceledAt",
            )
        }

    def _create(self, body: dict) -> tuple[int, dict]:
        required = ("orderCode", "amount", "description", "returnUrl", "cancelUrl", "signature")
        missing = [key for key in required if body.get(key) in (None, "")]
        if missing:
            return self._error("20", f"Thiếu trường: {', '.join(missing)}")
        if body["signature"] != request_signature(body, self.checksum_key):
            return self._error("20", "Chữ ký không hợp lệ")
        if not isinstance(body["amount"], int) or body["amount"] <= 0:
            return self._error("20", "Số tiền không hợp lệ")
        if len(body["description"]) > 25:
            return self._error("20", "Mô tả tối đa 25 kí tự")
        code = int(body["orderCode"])
        if code in self.links:
            return self._error("231", "Đơn thanh toán đã tồn tại")
        link_id = hashlib.sha256(f"{self.client_id}-{code}".encode()).hexdigest()[:32]
        self.links[code] = {
            "id": link_id,
            "orderCode": code,
            "amount": body["amount"],
            "amountPaid": 0,
            "amountRemaining": body["amount"],
            "status": "PENDING",
            "createdAt": datetime.now(UTC).isoformat(),
            "transactions": [],
            "cancellationReason": None,
            "canceledAt": None,
            "description": body["description"],
            "returnUrl": body["returnUrl"],
            "cancelUrl": body["cancelUrl"],
            "expiredAt": body.get("expiredAt"),
            "items": body.get("items") or [],
        }
        return self._ok(
            {
                "bin": "970436",
                "accountNumber": self.account_number,
                "accountName": self.account_name,
                "amount": body["amount"],
                "description": body["description"],
                "orderCode": code,
                "currency": "VND",
                "paymentLinkId": link_id,
                "status": "PENDING",
                "expiredAt": body.get("expiredAt"),
                "checkoutUrl": f"{self.url}/web/{link_id}",
                "qrCode": "00020101021238570010A000000727",
            }
        )

    def _cancel(self, ident: str, body: dict) -> tuple[int, dict]:
        link = self._find(ident)
        if link is None:
            return self._missing()
        if body and body.get("signature") != signature(
            {k: v for k, v in body.items() if k != "signature"}, self.checksum_key
        ):
            return self._error("20", "Chữ ký không hợp lệ")
        if link["status"] != "PENDING":
            return self._error("20", "Đơn thanh toán không thể hủy")
        link["status"] = "CANCELLED"
        link["cancellationReason"] = body.get("cancellationReason")
        link["canceledAt"] = datetime.now(UTC).isoformat()
        return self._ok(self._info(link))

    def _confirm_webhook(self, body: dict) -> tuple[int, dict]:
        url = body.get("webhookUrl") or ""
        if not url.startswith(("http://", "https://")):
            return self._error("20", "Webhook url invalid", status=400)
        status, _answer = self.deliver(webhook_body(SAMPLE_WEBHOOK_DATA, self.checksum_key), url)
        if not 200 <= status < 300:
            return self._error("20", "Webhook url invalid", status=400)
        self.webhook_url = url
        return 200, {
            "code": "00",
            "desc": "success",
            "data": {
                "webhookUrl": url,
                "accountName": self.account_name,
                "accountNumber": self.account_number,
                "name": "Ngân hàng TMCP Ngoại thương Việt Nam",
                "shortName": "Vietcombank",
            },
        }

    # The checkout page --------------------------------------------------------------------
    def _page(self, link_id: str) -> tuple[int, str]:
        link = self._find(link_id)
        if link is None:
            return 404, "<p>Not found</p>"
        form = (
            f'<form method="post" action="/web/{link_id}/pay"><button type="submit">'
            "Thanh toán</button></form>"
            if link["status"] == "PENDING"
            else f"<p>{link['status']}</p>"
        )
        page = (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>payOS</title>'
            f"</head><body><main><h1>payOS</h1><p>{link['amount']} VND — "
            f"{html.escape(link['description'])}</p>{form}</main></body></html>"
        )
        return 200, page

    # HTTP ---------------------------------------------------------------------------------
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status, content: bytes, content_type: str, location: str = ""):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(content)))
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                self.wfile.write(content)

            def _serve(self, method):
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                parts = split.path.strip("/").split("/")
                if parts[0] == "web" and len(parts) >= 2:
                    return self._web(method, parts)
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError:
                    body = {}
                with fake._lock:
                    fake.requests.append(
                        {
                            "method": method,
                            "path": split.path,
                            "body": body,
                            "query": dict(parse_qsl(split.query)),
                            "client_id": self.headers.get("x-client-id"),
                        }
                    )
                    # confirm-webhook posts to the site, which may call back: not under the lock.
                    deferred = split.path == "/confirm-webhook"
                    if not deferred:
                        status, payload = fake.handle(method, split.path, body, self.headers)
                if deferred:
                    status, payload = fake.handle(method, split.path, body, self.headers)
                self._send(status, json.dumps(payload).encode(), "application/json")

            def _web(self, method, parts):
                link = fake._find(parts[1])
                if method == "POST" and parts[2:] == ["pay"] and link is not None:
                    fake.pay(link["orderCode"])
                    return self._send(303, b"", "text/html", location=link["returnUrl"])
                status, page = fake._page(parts[1])
                self._send(status, page.encode(), "text/html; charset=utf-8")

            def do_GET(self):  # noqa: N802
                self._serve("GET")

            def do_POST(self):  # noqa: N802
                self._serve("POST")

            def log_message(self, format, *args):
                pass

        return Handler


def wait_for(condition, timeout: float = 10.0) -> bool:
    """Polls ``condition`` (a webhook crosses threads) until true or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
