"""Finds English words a Vietnamese workspace page shows: text, labels read aloud (aria-label,
title, placeholder, alt, button values) and the menus Wagtail renders from JSON.

English is recognised by vocabulary: the words of the English msgids of Wagtail, Django and the
project (what a page could show untranslated), minus Vietnamese syllables spelt without marks
("cho", "con", "hay"...). User data and proper names are dropped first (``IGNORED``).
"""

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import available_timezones

import allauth
import django
import polib
import wagtail
from django.conf.locale import LANG_INFO

# Proper names, brands and abbreviations a Vietnamese page legitimately shows.
IGNORED = {
    "wagtail",
    "chợ",
    "số",
    "csv",
    "xlsx",
    "url",
    "urls",
    "api",
    "json",
    "email",
    "id",
    "pdf",
    "jpeg",
    "jpg",
    "png",
    "webp",
    "gif",
    "svg",
    "avif",
    "heic",
    "qr",
    "vnd",
    "vietqr",
    "payos",
    "sepay",
    "napas",
    "cod",
    "stripe",
    "javascript",
    "html",
    "meta",
    "seo",
    "ascii_snake_case",
    "utc",
    "totp",
    "xml",
    # Python's None, which Wagtail prints where a value is missing (a page published by a
    # script has no publisher in the aging-pages report).
    "none",
    # Loanwords Vietnamese uses as they are.
    "web",
    "online",
    "menu",
    "byte",
    "spa",
    "ocop",
    "excel",
    "utf",
    "mb",
    "kb",
    # Key names in the keyboard shortcuts list.
    "ctrl",
    "alt",
    "shift",
    "cmd",
    # Literal column names and values of the product import file (its format, not prose).
    "slug",
    "category",
    "draft",
    "active",
    "archived",
    "yes",
    "no",
    "true",
    "false",
}
# Vietnamese syllables written without marks that are also English words.
VIETNAMESE_ASCII = set(
    "an anh ba ban bang bay cho con dan do dung gan hai hang hay in lam lan lo long mai may me "
    "mot muon nay no quan sao tam ten thu tim tin to ton tong van nam thanh so ho vi ca phi minh "
    "chi hoa khi ma mo".split()
)
ATTRIBUTES = {
    "aria-label",
    "title",
    "placeholder",
    "alt",
    "aria-description",
    "data-w-tooltip-content-value",
}
VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SKIPPED_TAGS = {"script", "style", "svg", "code", "pre"}
# A word is a run of letters (any script); only words spelt wholly in ASCII can be English.
WORD = re.compile(r"[^\W\d_]+")
ASCII_WORD = re.compile(r"[A-Za-z]+")
CODE = re.compile(r"\b(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_])[^\W_]+\b")
# Proper names in the account page's lists: time zones (America/New_York) and languages, each
# named in its own language (English, Mongolian...).
PROPER_NAMES = available_timezones() | {
    name for info in LANG_INFO.values() for name in (info.get("name"), info.get("name_local"))
}


def _msgid_words(path: Path) -> set[str]:
    words = set()
    for entry in polib.pofile(str(path)):
        for text in (entry.msgid, entry.msgid_plural):
            text = re.sub(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>", " ", text or "")
            words.update(w.lower() for w in WORD.findall(text) if ASCII_WORD.fullmatch(w))
    return words


@cache
def english_words() -> frozenset[str]:
    # Third-party English only: the project's msgids hold Vietnamese place and people names.
    roots = [Path(module.__file__).parent for module in (wagtail, django, allauth)]
    sources = [p for root in roots for p in root.glob("**/locale/en/LC_MESSAGES/django.po")]
    words = set()
    for source in sources:
        words |= _msgid_words(source)
    return frozenset(words - VIETNAMESE_ASCII - IGNORED)


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skipping = 0
        self._json = False
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._hidden or "hidden" in attrs:
            # Not shown (Wagtail's empty side-panel counters print Python's "None" in one).
            self._hidden += tag not in VOID_TAGS
            return
        if tag == "script" and attrs.get("type") == "application/json":
            self._json = True
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_startendtag(self, tag, attrs):
        if self._hidden or "hidden" in dict(attrs):
            return
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self._hidden:
            self._hidden -= 1
            return
        if tag in SKIPPED_TAGS and self._skipping:
            self._skipping -= 1
        if tag == "script":
            self._json = False

    def handle_data(self, data):
        if self._hidden:
            return
        if self._json:
            self.texts.extend(_json_labels(data))
        elif not self._skipping and data.strip():
            self.texts.append(data)


def _json_labels(data: str) -> list[str]:
    try:
        value = json.loads(data)
    except ValueError:
        return []
    found = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in {"label", "title", "text", "help_text"}:
            found.append(node)

    walk(value)
    return found


def english_in(html: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The texts of ``html`` that hold an English word (with the word), user data aside."""
    parser = _Texts()
    parser.feed(html)
    vocabulary = english_words()
    found = []
    for text in parser.texts:
        cleaned = " ".join(text.split())
        if cleaned in PROPER_NAMES:
            continue
        for data in allowed:
            cleaned = cleaned.replace(data, " ")
        # Codes mixing letters and digits (order numbers "BE64D0A4-603", SKUs) are data: their
        # letters are not words ("BE" read as English made the scan fail on a random reference).
        cleaned = CODE.sub(" ", cleaned)
        words = [w.lower() for w in WORD.findall(cleaned) if ASCII_WORD.fullmatch(w) and len(w) > 1]
        hits = [w for w in words if w in vocabulary]
        if hits:
            found.append(f"{cleaned!r} ({', '.join(hits)})")
    return sorted(set(found))
