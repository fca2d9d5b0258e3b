"""Phone numbers shown the way people in Vietnam write them: "+84903555123" -> "0903 555 123"."""

import re

import phonenumbers

# Only a whole number is reformatted; a masked one ("0903 *** 123") is shown as it is.
_WHOLE_NUMBER = re.compile(r"\+?[\d .()-]+")


def format_phone(number) -> str:
    """The national form of a stored (E.164) number; what cannot be parsed is shown as it is."""
    if not number:
        return ""
    if not _WHOLE_NUMBER.fullmatch(str(number)):
        return str(number)
    try:
        parsed = phonenumbers.parse(str(number), "VN")
    except phonenumbers.NumberParseException:
        return str(number)
    if not phonenumbers.is_possible_number(parsed):
        return str(number)
    if parsed.country_code != 84:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
