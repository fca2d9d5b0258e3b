"""Amounts of đồng as people type and read them.

VND has no minor unit, so an amount is a whole number. People in Vietnam group thousands with dots
(``85.000``), sometimes with spaces (``85 000``), and copy English figures with commas (``85,000``);
many add the currency (``85.000 ₫``, ``85.000đ``, ``85000 VND``). ``parse_vnd`` reads all of these
as 85000. A dot or comma followed by anything other than groups of exactly three digits (``85,5``,
``85.5``, ``1.000,50``) could be a decimal point: it is refused, never guessed, because a browser's
number input reading ``85.000`` as 85 is the mistake this module exists to prevent. Negative
amounts are refused too.

``format_vnd`` writes an amount the way the active language reads it: ``85.000`` in Vietnamese,
``85,000`` in English, with `` ₫`` when asked.
"""

import re

from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Longest input read (a quadrillion đồng with separators and a currency fits well within it).
MAX_INPUT_LENGTH = 40

# Spaces people and spreadsheets put between groups: space, no-break space, narrow no-break space,
# thin space.
_SPACES = "\u0020\u00a0\u202f\u2009"
_CURRENCY = re.compile(r"(₫|đồng|dong|vnđ|vnd|đ|d)\s*$", re.IGNORECASE)
_PLAIN = re.compile(r"\d+")
# Thousands grouped by one kind of separator, every group after the first exactly three digits.
_GROUPED = re.compile(r"\d{1,3}(?P<sep>[.,\s])\d{3}(?:(?P=sep)\d{3})*")


class AmountError(ValueError):
    """Why a text is not an amount of đồng; ``code`` names the fault, ``message`` says it."""

    def __init__(self, code: str, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


MESSAGES = {
    "invalid": _("Enter an amount in đồng, for example 85.000."),
    "negative": _("Enter an amount of zero or more."),
    "ambiguous": _(
        "Đồng have no decimals: write thousands with dots, for example 85.000 for eighty-five "
        "thousand đồng."
    ),
}


def _is_vietnamese(language: str | None) -> bool:
    return (language or translation.get_language() or "vi")[:2] == "vi"


def parse_vnd(text: str) -> int | None:
    """The whole number of đồng ``text`` means, ``None`` for a blank text; ``AmountError`` when it
    is not an amount, is negative, or is ambiguous (see the module's docstring)."""
    if text is None:
        return None
    value = str(text).strip(_SPACES + "\t\n\r")
    if not value:
        return None
    if len(value) > MAX_INPUT_LENGTH:
        raise AmountError("invalid", MESSAGES["invalid"])
    value = _CURRENCY.sub("", value).strip(_SPACES)
    for space in _SPACES[1:]:
        value = value.replace(space, " ")
    if value.startswith(("-", "\u2212")):
        if re.fullmatch(r"\d[\d., ]*", value[1:].strip()):
            raise AmountError("negative", MESSAGES["negative"])
        raise AmountError("invalid", MESSAGES["invalid"])
    if value.startswith("+"):
        value = value[1:]
    if _PLAIN.fullmatch(value):
        return int(value)
    if _GROUPED.fullmatch(value):
        return int(re.sub(r"\D", "", value))
    if re.fullmatch(r"\d[\d., ]*\d", value) and re.search(r"[.,]", value):
        raise AmountError("ambiguous", MESSAGES["ambiguous"])
    raise AmountError("invalid", MESSAGES["invalid"])


def group_thousands(amount: int, *, language: str | None = None) -> str:
    """85000 -> "85.000" in Vietnamese, "85,000" in English."""
    grouped = f"{int(amount):,}"
    return grouped.replace(",", ".") if _is_vietnamese(language) else grouped


def format_vnd(amount, *, language: str | None = None, symbol: bool = True) -> str:
    """85000 -> "85.000 ₫" (Vietnamese) or "85,000 ₫" (English); "" for what is not a number."""
    try:
        number = int(amount)
    except (TypeError, ValueError):
        return ""
    grouped = group_thousands(number, language=language)
    return f"{grouped} ₫" if symbol else grouped
