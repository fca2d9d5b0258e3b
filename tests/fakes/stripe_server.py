"""A stateful fake of the parts of the Stripe API that Chợ Số uses, for integration tests.

It listens on 127.0.0.1 on a free port and answers in Stripe's shapes (built from the official
sample objects in ``tests/payments/fixtures``) and Stripe's error format, so the real ``stripe``
library raises its own exceptions. It honours ``Idempotency-Key`` (a repeat replays the first
answer), can be told to fail the next request, and posts signed webhooks to a URL the test gives,
as Stripe does after an account changes.

Endpoints: accounts (create, retrieve), account links, login links, checkout sessions, payment
intents (retrieve), transfers, transfer reversals and refunds; a checkout session can be completed
or expired, which sends the matching signed event.
"""

import copy
import hashlib
import hmac
import itertools
import json
import re
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "payments" / "fixtures" / "stripe_fixtures3.json").read_text()
)["resources"]

ONBOARDING_DUE = ["external_account", "representative.id_number", "tos_acceptance.date"]


def fixture(name: str) -> dict:
    return copy.deepcopy(FIXTURES[name])


def decode_form(body: str) -> dict:
    """Stripe's form encoding (``a[b][0]=x``) back into nested dicts and lists."""
    root: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if node and all(key.isdigit() for key in node):
            return [_lists(node[key]) for key in sorted(node, key=int)]
        return {key: _lists(value) for key, value in node.items()}
    return node


def stripe_error(status: int, type_: str, message: str, code: str = "", param: str = ""):
    error = {"type": type_, "message": message}
    if code:
        error["code"] = code
    if param:
        error["param"] = param
    return status, {"error": error}


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class FakeStripe:
    """The state of the fake and the HTTP server serving it."""

    def __init__(self, *, api_key: str = "sk_test_fake"):
        self.api_key = api_key
        self.accounts: dict[str, dict] = {}
        self.objects: dict[str, dict] = {}
        self.requests: list[dict] = []
        self.idempotent: dict[str, tuple[int, dict]] = {}
        self.failures: list[tuple[int, dict]] = []
        self.webhook_url = ""
        self.webhook_secret = ""
        self.deliveries: list[tuple[int, str]] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "FakeStripe":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # Test controls ------------------------------------------------------------------------
    def fail_next(self, status: int, type_: str, message: str, code: str = "") -> None:
        self.failures.append(stripe_error(status, type_, message, code))

    def requests_to(self, method: str, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == method and r["path"] == path]

    def update_account(self, account_id: str, **changes) -> dict:
        """Changes an account as Stripe would, then sends ``account.updated`` to the webhook URL."""
        account = self.accounts[account_id]
        requirements = changes.pop("requirements", None)
        account.update(changes)
        if requirements is not None:
            account["requirements"].update(requirements)
        return self.send_event("account.updated", copy.deepcopy(account), account=account_id)

    def complete_onboarding(self, account_id: str) -> tuple[int, str]:
        return self.update_account(
            account_id,
            details_submitted=True,
            charges_enabled=True,
            payouts_enabled=True,
            requirements={
                "currently_due": [],
                "eventually_due": [],
                "past_due": [],
                "disabled_reason": None,
            },
        )

    def complete_checkout_session(self, session_id: str, **overrides) -> tuple[int, str]:
        """The shopper paid: a payment intent and its charge exist, ``checkout.session.completed``
        is sent (``overrides`` change the event's session, e.g. a wrong ``amount_total``)."""
        session = self.objects[session_id]["session"]
        params = self.objects[session_id]["params"]
        charge = fixture("charge")
        charge.update(
            {
                "id": self._new_id("ch"),
                "amount": session["amount_total"],
                "currency": session["currency"],
                "paid": True,
                "status": "succeeded",
            }
        )
        intent = fixture("payment_intent")
        intent.update(
            {
                "id": self._new_id("pi"),
                "amount": session["amount_total"],
                "currency": session["currency"],
                "status": "succeeded",
                "latest_charge": charge["id"],
                "transfer_group": params.get("payment_intent_data", {}).get("transfer_group"),
                "metadata": params.get("payment_intent_data", {}).get("metadata", {}),
            }
        )
        charge["payment_intent"] = intent["id"]
        self.objects[charge["id"]] = charge
        self.objects[intent["id"]] = intent
        session.update(
            {"status": "complete", "payment_status": "paid", "payment_intent": intent["id"]}
        )
        return self.send_event(
            "checkout.session.completed", {**copy.deepcopy(session), **overrides}
        )

    def expire_checkout_session(self, session_id: str) -> tuple[int, str]:
        session = self.objects[session_id]["session"]
        session.update({"status": "expired", "url": None})
        return self.send_event("checkout.session.expired", copy.deepcopy(session))

    def send_event(self, type_: str, obj: dict, *, account: str = "") -> tuple[int, str]:
        event = fixture("event")
        event.update(
            {
                "id": f"evt_fake{next(self._ids):08d}",
                "type": type_,
                "created": int(time.time()),
                "data": {"object": obj},
            }
        )
        if account:
            event["account"] = account
        payload = json.dumps(event)
        request = urllib.request.Request(
            self.webhook_url,
            data=payload.encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Stripe-Signature": sign(payload, self.webhook_secret),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                result = (response.status, response.read().decode())
        except urllib.error.HTTPError as exc:
            result = (exc.code, exc.read().decode())
        self.deliveries.append(result)
        return result

    # API ----------------------------------------------------------------------------------
    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self._ids):010d}"

    def handle(self, method: str, path: str, params: dict, headers) -> tuple[int, dict]:
        if headers.get("Authorization") != f"Bearer {self.api_key}":
            return stripe_error(401, "invalid_request_error", "Invalid API Key provided.")
        if self.failures:
            return self.failures.pop(0)
        key = headers.get("Idempotency-Key")
        if method == "POST" and key and key in self.idempotent:
            return self.idempotent[key]
        result = self._route(method, path, params)
        if method == "POST" and key and result[0] < 500:
            self.idempotent[key] = result
        return result

    def _route(self, method, path, params):
        routes = [
            ("POST", r"/v1/accounts", self._create_account),
            ("GET", r"/v1/accounts/(acct_\w+)", self._retrieve_account),
            ("POST", r"/v1/accounts/(acct_\w+)/login_links", self._login_link),
            ("POST", r"/v1/account_links", self._account_link),
            ("POST", r"/v1/checkout/sessions", self._checkout_session),
            ("POST", r"/v1/transfers", self._transfer),
            ("POST", r"/v1/transfers/(tr_\w+)/reversals", self._reversal),
            ("POST", r"/v1/refunds", self._refund),
            ("GET", r"/v1/payment_intents/(pi_\w+)", self._retrieve_payment_intent),
        ]
        for route_method, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                return handler(params, *match.groups())
        return stripe_error(
            404, "invalid_request_error", f"Unrecognized request URL ({method}: {path})."
        )

    def _missing(self, kind, ident, param="id"):
        return stripe_error(
            404,
            "invalid_request_error",
            f"No such {kind}: '{ident}'",
            code="resource_missing",
            param=param,
        )

    def _create_account(self, params):
        account = fixture("account")
        account_id = self._new_id("acct")
        profile = params.get("business_profile", {})
        account.update(
            {
                "id": account_id,
                "type": "express",
                "email": params.get("email"),
                "country": params.get("country", "US"),
                "business_type": params.get("business_type"),
                "controller": {**params.get("controller", {}), "type": "application"},
                "capabilities": dict.fromkeys(params.get("capabilities", {}), "inactive"),
                "metadata": params.get("metadata", {}),
                "charges_enabled": False,
                "payouts_enabled": False,
                "details_submitted": False,
            }
        )
        account["business_profile"].update(profile)
        account["requirements"].update(
            {
                "currently_due": list(ONBOARDING_DUE),
                "eventually_due": list(ONBOARDING_DUE),
                "past_due": [],
                "disabled_reason": "requirements.past_due",
            }
        )
        account["external_accounts"]["url"] = f"/v1/accounts/{account_id}/external_accounts"
        self.accounts[account_id] = account
        return 200, account

    def _retrieve_account(self, params, account_id):
        if account_id not in self.accounts:
            return self._missing("account", account_id)
        return 200, self.accounts[account_id]

    def _account_link(self, params):
        account_id = params.get("account", "")
        if account_id not in self.accounts:
            return self._missing("account", account_id, param="account")
        for required in ("refresh_url", "return_url", "type"):
            if not params.get(required):
                return stripe_error(
                    400,
                    "invalid_request_error",
                    f"Missing required param: {required}.",
                    code="parameter_missing",
                    param=required,
                )
        link = fixture("account_link")
        link.update(
            {
                "created": int(time.time()),
                "expires_at": int(time.time()) + 300,
                "url": f"{self.url}/setup/s/{account_id}/{next(self._ids)}",
            }
        )
        self.objects.setdefault("links", {})[link["url"]] = params
        return 200, link

    def _login_link(self, params, account_id):
        if account_id not in self.accounts:
            return self._missing("account", account_id)
        if not self.accounts[account_id]["details_submitted"]:
            return stripe_error(
                400,
                "invalid_request_error",
                "Cannot create a login link for an account that has not completed onboarding.",
            )
        link = fixture("login_link")
        link.update({"created": int(time.time()), "url": f"{self.url}/express/{account_id}"})
        return 200, link

    def _checkout_session(self, params):
        session = fixture("checkout.session")
        amount = sum(
            int(line["quantity"]) * int(line["price_data"]["unit_amount"])
            for line in params.get("line_items", [])
        )
        session_id = self._new_id("cs_test")
        session.update(
            {
                "id": session_id,
                "amount_subtotal": amount,
                "amount_total": amount,
                "currency": params.get("currency"),
                "client_reference_id": params.get("client_reference_id"),
                "metadata": params.get("metadata", {}),
                "expires_at": int(params.get("expires_at", 0)),
                "success_url": params.get("success_url"),
                "cancel_url": params.get("cancel_url"),
                "payment_intent": None,
                "url": f"{self.url}/c/pay/{session_id}",
            }
        )
        self.objects[session_id] = {"session": session, "params": params}
        return 200, session

    def _transfer(self, params):
        destination = params.get("destination", "")
        if destination not in self.accounts:
            return self._missing("destination", destination, param="destination")
        transfer = fixture("transfer")
        transfer.update(
            {
                "id": self._new_id("tr"),
                "amount": int(params["amount"]),
                "currency": params["currency"],
                "destination": destination,
                "source_transaction": params.get("source_transaction"),
                "transfer_group": params.get("transfer_group"),
                "metadata": params.get("metadata", {}),
            }
        )
        self.objects[transfer["id"]] = transfer
        return 200, transfer

    def _reversal(self, params, transfer_id):
        transfer = self.objects.get(transfer_id)
        if transfer is None:
            return self._missing("transfer", transfer_id)
        amount = int(params.get("amount", transfer["amount"]))
        if amount > transfer["amount"] - transfer["amount_reversed"]:
            return stripe_error(
                400,
                "invalid_request_error",
                "Reversal amount exceeds the remaining transfer amount.",
                param="amount",
            )
        transfer["amount_reversed"] += amount
        reversal = fixture("transfer_reversal")
        reversal.update(
            {
                "id": self._new_id("trr"),
                "amount": amount,
                "currency": transfer["currency"],
                "transfer": transfer_id,
                "metadata": params.get("metadata", {}),
            }
        )
        return 200, reversal

    def _retrieve_payment_intent(self, params, intent_id):
        if intent_id not in self.objects:
            return self._missing("payment_intent", intent_id)
        return 200, self.objects[intent_id]

    def _refund(self, params):
        refund = fixture("refund")
        refund.update(
            {
                "id": self._new_id("re"),
                "amount": int(params["amount"]),
                "currency": params.get("currency", "vnd"),
                "payment_intent": params.get("payment_intent"),
                "metadata": params.get("metadata", {}),
            }
        )
        return 200, refund

    # HTTP ---------------------------------------------------------------------------------
    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method):
                split = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else split.query
                params = decode_form(body)
                with fake._lock:
                    fake.requests.append(
                        {
                            "method": method,
                            "path": split.path,
                            "params": params,
                            "idempotency_key": self.headers.get("Idempotency-Key"),
                        }
                    )
                    status, payload = fake.handle(method, split.path, params, self.headers)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_fake{next(fake._ids)}")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802
                self._serve("GET")

            def do_POST(self):  # noqa: N802
                self._serve("POST")

            def log_message(self, format, *args):
                pass

        return Handler
