"""Slugs from Vietnamese text that keep every letter: "cửa hàng nhỏ" -> "cua-hang-nho",
"Đồ gỗ Đà Lạt" -> "do-go-da-lat".

Django's ``slugify`` drops the letters Unicode does not decompose (đ is one), and Wagtail's editor
script drops every letter with a diacritic it has no table for (Vietnamese has none): both made
"cua-hang-nh" and "ca-hang-nh". ``slugify_vi`` is the one server-side function (businesses,
products, pages); ``SLUG_FORMATTERS`` give Wagtail's slug input the same folding in the browser.
"""

import unicodedata

from django.utils.text import slugify

# Vietnamese vowels with their marks, by the base letter they fold to (and đ, its own letter).
VIETNAMESE_LETTERS = {
    "a": "àáạảãâầấậẩẫăằắặẳẵ",
    "e": "èéẹẻẽêềếệểễ",
    "i": "ìíịỉĩ",
    "o": "òóọỏõôồốộổỗơờớợởỡ",
    "u": "ùúụủũưừứựửữ",
    "y": "ỳýỵỷỹ",
    "d": "đ",
}

# (regex, replacement) pairs for wagtail.admin.widgets.SlugInput(formatters=...).
SLUG_FORMATTERS = [
    (f"[{letters}{letters.upper()}]", base) for base, letters in VIETNAMESE_LETTERS.items()
]


def strip_marks(text: str) -> str:
    """The text without diacritics, đ as d: "Cửa hàng Đà Lạt" -> "Cua hang Da Lat"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    )


def slugify_vi(text: str) -> str:
    """An ASCII slug that keeps every Vietnamese letter: "cửa hàng nhỏ" -> "cua-hang-nho"."""
    return slugify(strip_marks(text))
