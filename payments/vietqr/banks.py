"""The NAPAS member banks a VietQR code can pay into, and the few bank apps with a deep link.

The list is ``data/banks.csv`` (its origin and date in ``data/SOURCE.md``). BINs are reused when a
bank is renamed or taken over (Ocean Bank -> MBV, DongA Bank -> Vikki, LienVietPostBank -> LPBank),
so a bank is keyed on code + BIN and a former name is kept only as a search alias of the bank that
holds the BIN now. Banks without a BIN (not in VietQR) are left out: nobody can be paid there by QR.

``search`` matches codes and names with or without Vietnamese diacritics ("ngoai thuong" finds
"Ngân hàng TMCP Ngoại Thương Việt Nam"). ``deeplink`` builds the VietQR deep link
(``dl.vietqr.io/pay``, documented by VietQR) that opens a payer's bank app with the transfer filled
in, for the apps VietQR documents as filling it in; for the others a phone user scans the QR.
"""

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from payments.vietqr.payload import PayloadError, fold, parse

SOURCE_DATE = "2026-12-04"
_CSV = Path(__file__).parent / "data" / "banks.csv"

# The payer's bank app (our code) -> VietQR's ``app`` id, for the apps that pre-fill the transfer
# (VietQR deeplink changelog: OCB 2.12, ACB 2.15, BIDV 2.16, VietinBank 2.17, MB Bank 2.18).
_DEEPLINK_APPS = {"OCB": "ocb", "ACB": "acb", "BID": "bidv", "CTG": "icb", "MBB": "mb"}
_DEEPLINK_BASE = "https://dl.vietqr.io/pay"


@dataclass(frozen=True)
class Bank:
    """A NAPAS member: ``vietqr`` is True when its app can pay VietQR codes (all can receive)."""

    code: str
    bin: str
    short_name: str
    name: str
    swift: str
    vietqr: bool
    former_names: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.short_name} ({self.code})"


def _key(text: str) -> str:
    """Folded, lower-case, letters and digits only: the form every search compares."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text).lower()).strip()


@functools.cache
def all_banks() -> list[Bank]:
    """Every current bank with a BIN, sorted by short name (loaded once per process)."""
    with _CSV.open(encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["bin"]]
    former: dict[str, list[str]] = {}
    for row in rows:
        if row["deprecated"] == "1":
            former.setdefault(row["bin"], []).extend([row["short_name"], row["name"]])
    banks = [
        Bank(
            code=row["code"],
            bin=row["bin"],
            short_name=row["short_name"],
            name=row["name"],
            swift=row["swift"],
            vietqr=row["vietqr"] == "1",
            former_names=tuple(former.get(row["bin"], ())),
        )
        for row in rows
        if row["deprecated"] != "1"
    ]
    return sorted(banks, key=lambda b: _key(b.short_name))


@functools.cache
def _by_code() -> dict[str, Bank]:
    return {bank.code: bank for bank in all_banks()}


@functools.cache
def _by_bin() -> dict[str, Bank]:
    return {bank.bin: bank for bank in all_banks()}


def get(code: str) -> Bank | None:
    """The current bank with this code (case-insensitive), or None."""
    return _by_code().get((code or "").strip().upper())


def by_bin(bin: str) -> Bank | None:
    """The bank that holds this BIN now, or None."""
    return _by_bin().get((bin or "").strip())


def search(q: str) -> list[Bank]:
    """Banks whose code, names or former names match ``q``, best first; all banks for an empty ``q``.

    Case, diacritics, spaces and punctuation do not matter. Order: exact code or BIN, then a code or
    short name starting with ``q``, then a name with words starting with ``q``'s words, then ``q``
    anywhere (spaces ignored: "vietcom" finds Vietcombank).
    """
    query = _key(q or "")
    if not query:
        return all_banks()
    compact = query.replace(" ", "")
    words = query.split()
    ranked: list[tuple[int, Bank]] = []
    for bank in all_banks():
        code, short = _key(bank.code), _key(bank.short_name)
        names = [short, _key(bank.name), *(_key(n) for n in bank.former_names)]
        if compact in (code.replace(" ", ""), bank.bin):
            rank = 0
        elif code.startswith(compact) or short.replace(" ", "").startswith(compact):
            rank = 1
        elif any(_words_start(name.split(), words) for name in names):
            rank = 2
        elif any(compact in name.replace(" ", "") for name in [code, *names]):
            rank = 3
        else:
            continue
        ranked.append((rank, bank))
    return [bank for _, bank in sorted(ranked, key=lambda pair: pair[0])]


def _words_start(name_words: list[str], query_words: list[str]) -> bool:
    """True when ``query_words`` appear in order as consecutive word prefixes of ``name_words``."""
    n = len(query_words)
    for i in range(len(name_words) - n + 1):
        if all(name_words[i + j].startswith(w) for j, w in enumerate(query_words)):
            return True
    return False


def deeplink_apps() -> list[Bank]:
    """The banks whose app a deep link opens with the transfer filled in."""
    return [bank for bank in all_banks() if bank.code in _DEEPLINK_APPS]


def deeplink(bank: Bank, payload: str) -> str | None:
    """A link opening ``bank``'s app (the payer's) to pay the VietQR ``payload``; None if it has none.

    Follows VietQR's deep-link format ``?app=<app id>&ba=<account>@<receiving bank>&am=<amount>
    &tn=<memo>``; the receiving bank is named by its BIN, which VietQR accepts wherever it takes a
    bank id. Raises ``PayloadError`` when ``payload`` is not a VietQR code.
    """
    app = _DEEPLINK_APPS.get(bank.code)
    if app is None or not bank.vietqr:
        return None
    data = parse(payload)
    if by_bin(data.bin) is None:
        raise PayloadError("the code pays into a bank that is not in the NAPAS list")
    query = f"app={app}&ba={quote(data.account, safe='')}@{data.bin}"
    if data.amount is not None:
        query += f"&am={data.amount}"
    if data.memo:
        query += f"&tn={quote(data.memo, safe='')}"
    return f"{_DEEPLINK_BASE}?{query}"
