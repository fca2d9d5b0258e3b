"""The VietQR payload: build and parse the text inside a bank-transfer QR code.

Follows EMVCo QR Code Specification for Payment Systems, Merchant-Presented Mode, as profiled by
NAPAS "QR Switching Part IV" v1.5.2 (VietQR). Each data object is an ID (2 digits), a length
(2 digits) and a value; the code we build is::

    00 "01"                      payload format indicator
    01 "11" | "12"               point of initiation: static (no amount) | dynamic (one payment)
    38 { 00 "A000000727"         NAPAS GUID
         01 { 00 BIN, 01 account }
         02 "QRIBFTTA" | "QRIBFTTC" }   transfer to an account | to a card
    53 "704"                     currency: VND
    54 amount                    whole đồng, digits (dynamic codes only)
    58 "VN"                      country
    62 { 08 memo }               purpose of the transaction: the transfer memo
    63 CRC                       CRC-16/CCITT-FALSE over all before it, "6304" included

The builder is strict (only what a bank app will carry unchanged); the parser is lenient about tags
it does not use (merchant name, city, other additional data) so it reads codes other issuers print.
"""

import binascii
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"
SERVICE_CARD = "QRIBFTTC"
SERVICES = (SERVICE_ACCOUNT, SERVICE_CARD)
STATIC = "11"
DYNAMIC = "12"
MAX_AMOUNT = 10**13 - 1  # tag 54 holds at most 13 characters
MAX_MEMO = 25

_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(r"[0-9]{6,19}")
_MEMO = re.compile(r"[A-Za-z0-9]{1,25}")
_PARSED_ACCOUNT = re.compile(r"[A-Za-z0-9]{1,19}")
_DIGITS = re.compile(r"[0-9]{1,13}")
_HOLDER = re.compile(r"[A-Z]+( [A-Z]+)*")
MAX_HOLDER = 70


class PayloadError(ValueError):
    """The text is not a VietQR code we can read (or the fields cannot make one): says why."""


class HolderNameError(ValueError):
    """An account holder's name a bank would not print; ``message`` is translated, for the form."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class VietQRData:
    """What a VietQR code asks the payer's bank app to do."""

    bin: str
    account: str
    amount: int | None
    memo: str
    service: str
    dynamic: bool


def crc(text: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) of ``text`` as 4 upper-case hex digits."""
    return f"{binascii.crc_hqx(text.encode(), 0xFFFF):04X}"


def valid_account_number(value: str) -> bool:
    """A bank account number as VietQR carries it: 6 to 19 digits."""
    return isinstance(value, str) and _ACCOUNT.fullmatch(value) is not None


def valid_memo(value: str) -> bool:
    """A transfer memo every bank app passes through unchanged: 1–25 ASCII letters or digits."""
    return isinstance(value, str) and _MEMO.fullmatch(value) is not None


def fold(text: str) -> str:
    """``text`` without Vietnamese diacritics: "Đặng Thị Ánh" -> "Dang Thi Anh" (NFD, marks dropped)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_holder_name(value: str) -> str:
    """The holder's name as banks print it: upper case, no diacritics, letters A–Z and single spaces.

    "  Nguyễn  văn An " -> "NGUYEN VAN AN". Raises ``HolderNameError`` when empty, too long or with
    anything but letters and spaces (digits, punctuation, other scripts).
    """
    name = " ".join(fold(value or "").upper().split())
    if not name:
        raise HolderNameError(_("Enter the account holder's name as the bank shows it."))
    if len(name) > MAX_HOLDER:
        raise HolderNameError(_("The account holder's name is too long for a bank account."))
    if not _HOLDER.fullmatch(name):
        raise HolderNameError(
            _(
                "Use only letters and spaces, as the bank prints the name (for example NGUYEN VAN AN)."
            )
        )
    return name


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def build(
    *,
    bin: str,
    account: str,
    amount: int | None = None,
    memo: str = "",
    service: str = SERVICE_ACCOUNT,
) -> str:
    """The payload for a transfer to ``account`` at the bank ``bin``.

    ``amount`` None gives a static code (point of initiation 11, the payer types the amount);
    an amount in whole đồng gives a dynamic one (12). Raises ``PayloadError`` on bad fields.
    """
    if not isinstance(bin, str) or not _BIN.fullmatch(bin):
        raise PayloadError("bank BIN must be 6 digits")
    if not valid_account_number(account):
        raise PayloadError("account number must be 6 to 19 digits")
    if amount is not None and (
        isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT
    ):
        raise PayloadError("amount must be a whole number of đồng from 1 to 13 digits")
    if memo and not valid_memo(memo):
        raise PayloadError("memo must be at most 25 ASCII letters or digits")
    if service not in SERVICES:
        raise PayloadError(f"service must be one of {', '.join(SERVICES)}")
    beneficiary = _tlv("00", bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", service)
    text = (
        _tlv("00", "01")
        + _tlv("01", STATIC if amount is None else DYNAMIC)
        + _tlv("38", merchant)
        + _tlv("53", "704")
        + (_tlv("54", str(amount)) if amount is not None else "")
        + _tlv("58", "VN")
        + (_tlv("62", _tlv("08", memo)) if memo else "")
        + "6304"
    )
    return text + crc(text)


def _objects(text: str, where: str) -> dict[str, str]:
    """Splits tag-length-value text into {tag: value}; a repeated tag or a short value is an error."""
    objects: dict[str, str] = {}
    i = 0
    while i < len(text):
        head = text[i : i + 4]
        if len(head) < 4 or not head.isdigit() or not head.isascii():
            raise PayloadError(f"{where}: malformed data object at position {i}")
        tag, length = head[:2], int(head[2:])
        value = text[i + 4 : i + 4 + length]
        if len(value) != length:
            raise PayloadError(f"{where}: data object {tag} is cut short")
        if tag in objects:
            raise PayloadError(f"{where}: data object {tag} appears twice")
        objects[tag] = value
        i += 4 + length
    return objects


def _required(objects: dict[str, str], tag: str, where: str) -> str:
    try:
        return objects[tag]
    except KeyError:
        raise PayloadError(f"{where}: data object {tag} is missing") from None


def parse(payload: str) -> VietQRData:
    """Reads a VietQR payload; raises ``PayloadError`` on a bad CRC, a bad format or another scheme."""
    if not isinstance(payload, str) or len(payload) < 8:
        raise PayloadError("too short to be a VietQR code")
    body, checksum = payload[:-4], payload[-4:]
    if not body.endswith("6304"):
        raise PayloadError("the CRC (data object 63) must come last")
    if crc(body) != checksum.upper():
        raise PayloadError("the CRC does not match: the code is damaged or altered")
    root = _objects(body[:-4], "payload")
    if _required(root, "00", "payload") != "01":
        raise PayloadError("unknown payload format indicator")
    initiation = root.get("01", STATIC)
    if initiation not in (STATIC, DYNAMIC):
        raise PayloadError("point of initiation must be 11 or 12")
    merchant = _objects(_required(root, "38", "payload"), "38")
    if _required(merchant, "00", "38") != NAPAS_GUID:
        raise PayloadError("not a NAPAS VietQR code (GUID A000000727 missing)")
    beneficiary = _objects(_required(merchant, "01", "38"), "38.01")
    bank_bin = _required(beneficiary, "00", "38.01")
    account = _required(beneficiary, "01", "38.01")
    if not _BIN.fullmatch(bank_bin):
        raise PayloadError("bank BIN must be 6 digits")
    if not _PARSED_ACCOUNT.fullmatch(account):
        raise PayloadError("account number must be 1 to 19 letters or digits")
    service = merchant.get("02", SERVICE_ACCOUNT)
    if service not in SERVICES:
        raise PayloadError("unknown VietQR service")
    if _required(root, "53", "payload") != "704":
        raise PayloadError("currency must be VND (704)")
    if _required(root, "58", "payload") != "VN":
        raise PayloadError("country must be VN")
    amount: int | None = None
    if "54" in root:
        if not _DIGITS.fullmatch(root["54"]) or int(root["54"]) == 0:
            raise PayloadError("amount must be a whole number of đồng")
        amount = int(root["54"])
    memo = _objects(root["62"], "62").get("08", "") if "62" in root else ""
    return VietQRData(
        bin=bank_bin,
        account=account,
        amount=amount,
        memo=memo,
        service=service,
        dynamic=initiation == DYNAMIC,
    )
