"""One SePay webhook notification: its authentication and its fields.

SePay posts JSON (its "Tích hợp webhook" documentation)::

    {"id": 92704, "gateway": "Vietcombank", "transactionDate": "2023-03-25 14:02:37",
     "accountNumber": "0123499999", "code": null, "content": "chuyen tien", "transferType": "in",
     "transferAmount": 2277000, "accumulated": 19077000, "subAccount": null,
     "referenceCode": "MBVCB.3278907687", "description": ""}

``id`` is SePay's transaction id (deliveries are retried up to 7 times: it makes them idempotent),
``transactionDate`` is Viet Nam time without a zone, ``code`` the payment code SePay recognised in
the content (if its "payment code structure" is set), ``transferType`` ``in`` or ``out``. With
"API Key" authentication each request carries ``Authorization: Apikey <key>``; it is compared in
constant time before the body is even parsed.
"""

import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
MAX_BODY = 64 * 1024
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,100}")


class NotificationInvalid(ValueError):
    """The body is not a SePay notification we can read; says why (for the log, not the sender)."""


@dataclass(frozen=True)
class Notification:
    id: str
    gateway: str
    transaction_date: datetime
    account_number: str
    code: str
    content: str
    transfer_type: str  # "in" or "out"
    amount: int
    reference_code: str
    raw: dict

    @property
    def memo(self) -> str:
        """The memo to match: the content, with SePay's recognised code in front if it is not in it."""
        if self.code and self.code.upper() not in self.content.upper():
            return f"{self.code} {self.content}".strip()
        return self.content


def authorized(*, header: str, api_key: str) -> bool:
    """True when ``header`` is ``Apikey <api_key>`` (scheme case-insensitive, constant-time)."""
    if not api_key:
        return False
    scheme, _sep, value = (header or "").strip().partition(" ")
    if scheme.lower() != "apikey":
        return False
    return hmac.compare_digest(value.strip().encode(), api_key.encode())


def _text(data: dict, key: str, *, required: bool = False, limit: int = 1000) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise NotificationInvalid(f"{key} is missing")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise NotificationInvalid(f"{key} must be text")
    return str(value).strip()[:limit]


def _amount(value) -> int:
    if isinstance(value, bool):
        raise NotificationInvalid("transferAmount must be a whole number of đồng")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value <= 0:
        raise NotificationInvalid("transferAmount must be a whole number of đồng above zero")
    return value


def parse(body: bytes) -> Notification:
    """Reads a notification; raises ``NotificationInvalid`` for anything that is not one."""
    if len(body) > MAX_BODY:
        raise NotificationInvalid("body too large")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise NotificationInvalid("body is not JSON") from None
    if not isinstance(data, dict):
        raise NotificationInvalid("body is not a JSON object")
    txn_id = _text(data, "id", required=True)
    if not _ID.fullmatch(txn_id):
        raise NotificationInvalid("id is not a transaction id")
    transfer_type = _text(data, "transferType", required=True).lower()
    if transfer_type not in ("in", "out"):
        raise NotificationInvalid("transferType must be in or out")
    try:
        when = datetime.strptime(_text(data, "transactionDate", required=True), DATE_FORMAT)
    except ValueError:
        raise NotificationInvalid("transactionDate is not YYYY-MM-DD HH:MM:SS") from None
    return Notification(
        id=txn_id,
        gateway=_text(data, "gateway", limit=100),
        transaction_date=when.replace(tzinfo=VIETNAM),
        account_number=re.sub(r"\s", "", _text(data, "accountNumber", limit=40)),
        code=_text(data, "code", limit=50),
        content=_text(data, "content"),
        transfer_type=transfer_type,
        amount=_amount(data.get("transferAmount")),
        reference_code=_text(data, "referenceCode", limit=100),
        raw=data,
    )


def sign_header(api_key: str) -> str:
    """The ``Authorization`` header SePay sends with this key (for the sandbox and tests)."""
    return f"Apikey {api_key}"
