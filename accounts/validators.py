"""Vietnamese identifiers, checked with the libraries that know the rules.

Tax codes (mã số thuế) go through ``stdnum.vn.mst`` (check digit, branch suffix). Since 1 July 2025
(Circular 86/2024/TT-BTC) a household business may use the owner's 12-digit personal ID number as its
tax code; it has no public check digit, so we accept 12 digits starting with a province code.
Phones go through ``phonenumbers`` (region VN) and are stored in E.164.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

from accounts.models import TaxCodeKind

# Province codes at the head of a personal ID number (Circular 07/2016/TT-BCA, 63 provinces).
PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 "
    "035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 "
    "070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)


def normalise_tax_code(raw: str) -> tuple[str, str]:
    """Returns (canonical value, TaxCodeKind) or raises ValidationError with a message to act on."""
    compact = re.sub(r"[\s.]", "", raw or "")
    if re.fullmatch(r"\d{12}", compact):
        if compact[:3] not in PROVINCE_CODES:
            raise ValidationError(
                _("A 12-digit personal ID number must start with a province code (e.g. 079)."),
                code="invalid_personal_id",
            )
        return compact, TaxCodeKind.PERSONAL_ID
    try:
        valid = mst.validate(compact)
    except StdnumError as exc:
        raise ValidationError(
            _(
                "Enter a valid tax code: 10 digits (e.g. 0314409058), 10-3 digits for a branch "
                "(e.g. 0314409058-002), or the owner's 12-digit personal ID number."
            ),
            code="invalid_tax_code",
        ) from exc
    if len(valid) == 13:
        return mst.format(valid), TaxCodeKind.BRANCH
    return valid, TaxCodeKind.TAX_CODE


def normalise_phone(raw: str) -> str:
    """Returns the number in E.164 (+849...) or raises ValidationError."""
    try:
        number = phonenumbers.parse(raw or "", "VN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Enter a Vietnamese phone number, e.g. 0903 123 456."), code="invalid_phone"
        ) from exc
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a Vietnamese phone number, e.g. 0903 123 456."), code="invalid_phone"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone_national(e164: str) -> str:
    if not e164:
        return ""
    number = phonenumbers.parse(e164, "VN")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
