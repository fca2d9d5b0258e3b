"""Masks for personal values shown to people who may not see them whole."""

import re


def mask_middle(value: str, *, keep_start: int = 2, keep_end: int = 2, char: str = "*") -> str:
    """'031234567812' -> '03********12'; short values are masked whole."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return char * len(value)
    return value[:keep_start] + char * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_phone(e164: str) -> str:
    """'+84903123789' -> '0903 *** 789' (national format, middle hidden)."""
    if not e164:
        return ""
    digits = re.sub(r"\D", "", e164)
    if e164.startswith("+84") or digits.startswith("84"):
        digits = "0" + digits[2:]
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:4]} *** {digits[-3:]}"


def mask_email(email: str) -> str:
    """'lan.nguyen@example.vn' -> 'l***@example.vn'."""
    if not email or "@" not in email:
        return mask_middle(email or "")
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_name(name: str) -> str:
    """'Nguyễn Thị Lan' -> 'Nguyễn T. L.': the family name and initials."""
    parts = (name or "").split()
    if len(parts) <= 1:
        return mask_middle(name or "", keep_start=1, keep_end=0)
    return " ".join([parts[0], *(f"{part[0]}." for part in parts[1:])])


def mask_address(address: str) -> str:
    """Hides the house number and street: keeps only what follows the first comma."""
    if not address:
        return ""
    _, _, rest = address.partition(",")
    return f"***, {rest.strip()}" if rest else "***"
