"""Text folding for search that behaves the same on SQLite and PostgreSQL.

Vietnamese search must match with or without diacritics ("ca phe" finds "cà phê", "d" finds "đ").
Folding is done in Python into a stored column, so both databases compare the same plain text.
"""

import unicodedata


def fold(text: str) -> str:
    """'Phường Bến Thành' -> 'phuong ben thanh'."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
