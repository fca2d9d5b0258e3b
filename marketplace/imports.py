"""Bulk import and export of a business's products, as CSV or XLSX, in one column layout.

Columns (the header row is required, order is free, names are case-insensitive):

=============== ======== =================================================================
column          required meaning
=============== ======== =================================================================
slug            no       the product's slug in this shop: updates that product; empty = new
name            yes      name in Vietnamese
name_en         no       name in English
category        yes      category slug (see /api/v1/categories/) or name, in Vietnamese or
                         English, with or without diacritics ("Cà phê & trà", "ca phe & tra")
price           yes      whole đồng: 150000, 150.000, 150 000 or 150.000 ₫ (no decimals)
stock           no       whole number, 0 or more (default 0)
made_to_order   no       yes/no, có/không, true/false, 1/0 (default no)
status          no       draft, active or archived, or in Vietnamese nháp, đang bán or ngừng
                         bán (default draft)
description     no       description in Vietnamese
description_en  no       description in English
=============== ======== =================================================================

``import_products`` checks every row first. A dry run, or any bad row, writes nothing and lists
every problem with its row number; a clean file is written in one transaction. The report counts
the new and updated products among the rows without a problem. The XLSX template and export hold
price and stock as numbers (grouped thousands), not text. Exports put an
apostrophe before cells that a spreadsheet would run as a formula (CSV injection).

A small file must not cost a large amount of memory or time. An XLSX file is a zip archive whose
members may unpack to a thousand times their size, so before openpyxl sees it the archive is
checked: at most ``MAX_XLSX_MEMBERS`` members, ``MAX_XLSX_UNPACKED_BYTES`` unpacked in all (zip
reading stops at each member's declared size, so a member cannot unpack to more than it declares),
and the worksheets' and shared strings' XML read as a stream, refusing any cell over
``MAX_CELL_CHARS`` characters. CSV cells have the same cap, and rows of either kind are read only
``MAX_COLUMNS`` wide.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from itertools import islice

from defusedxml.ElementTree import ParseError, iterparse
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from accounts.models import Business
from core.money import AmountError, parse_vnd
from core.text import strip_marks
from marketplace import services
from marketplace.models import MAX_PRICE, MAX_STOCK, Category, Product, ProductStatus
from privacy.spreadsheets import escape_formula, unescape_formula

COLUMNS = (
    "slug",
    "name",
    "name_en",
    "category",
    "price",
    "stock",
    "made_to_order",
    "status",
    "description",
    "description_en",
)
REQUIRED = ("name", "category", "price")
MAX_ROWS = 5000
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_COLUMNS = 2 * len(COLUMNS)
MAX_CELL_CHARS = 10_000
MAX_XLSX_MEMBERS = 100
MAX_XLSX_UNPACKED_BYTES = 30 * 1024 * 1024
_XLSX_TEXT_TAGS = ("}t", "}v", "}f")  # shared or inline string text, cell value, formula
FORMATS = ("csv", "xlsx")
_TRUE = {"yes", "y", "true", "1", "co", "có", "x"}
_FALSE = {"no", "n", "false", "0", "khong", "không", ""}
# Statuses as a Vietnamese shop writes them, folded (no diacritics, lower case, single spaces).
_STATUS_WORDS = {
    "nhap": ProductStatus.DRAFT,
    "ban nhap": ProductStatus.DRAFT,
    "dang ban": ProductStatus.ACTIVE,
    "ngung ban": ProductStatus.ARCHIVED,
    "luu tru": ProductStatus.ARCHIVED,
}
NUMBER_COLUMNS = ("price", "stock")

EXAMPLE_ROW = {
    "slug": "",
    "name": "Cà phê Robusta rang mộc 500g",
    "name_en": "Roasted Robusta coffee 500g",
    "category": "ca-phe-tra",
    "price": "145000",
    "stock": "40",
    "made_to_order": "no",
    "status": "active",
    "description": "Hạt Robusta Buôn Ma Thuột rang mộc.",
    "description_en": "Buon Ma Thuot Robusta, roasted plain.",
}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    committed: bool = False
    errors: list[RowError] = field(default_factory=list)


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (format, size, header)."""


def _file_error(message: str) -> ImportFileError:
    return ImportFileError({"file": [message]})


def _cell_too_long() -> ImportFileError:
    return _file_error(
        _("A cell holds more than %(max)d characters: shorten it and upload the file again.")
        % {"max": MAX_CELL_CHARS}
    )


def _check_xlsx_archive(data: bytes) -> None:
    """Refuses an archive that would unpack too large, or holds a cell too long, before openpyxl
    parses it (openpyxl reads every shared string into memory at once)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _file_error(_("This is not an XLSX workbook we can read.")) from exc
    if (
        len(members) > MAX_XLSX_MEMBERS
        or sum(member.file_size for member in members) > MAX_XLSX_UNPACKED_BYTES
    ):
        raise _file_error(
            _("This workbook unpacks to more than %(max)d MB: save only the product sheet.")
            % {"max": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)}
        )
    for member in members:
        name = member.filename
        if not name.endswith(".xml") or not (
            name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml"
        ):
            continue
        try:
            with archive.open(member) as stream:
                for _event, element in iterparse(stream):
                    if (
                        element.tag.endswith(_XLSX_TEXT_TAGS)
                        and len(element.text or "") > MAX_CELL_CHARS
                    ):
                        raise _cell_too_long()
                    element.clear()  # keeps memory flat: nothing of the tree is needed
        except (ParseError, ValueError, zipfile.BadZipFile, EOFError, OSError) as exc:
            raise _file_error(_("This is not an XLSX workbook we can read.")) from exc


def _read_rows(upload, fmt: str) -> list[tuple[int, dict]]:
    """The file's rows as (row number in the spreadsheet, {column: value}), blank rows skipped
    but counted, so that reported numbers match what the vendor sees."""
    if fmt not in FORMATS:
        raise _file_error(_("Choose CSV or XLSX."))
    if getattr(upload, "size", 0) > MAX_FILE_BYTES:
        raise _file_error(_("The file is too large: the limit is 5 MB."))
    data = upload.read()
    if fmt == "csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _file_error(_("Save the CSV file as UTF-8.")) from exc
        if "\x00" in text:  # PostgreSQL cannot store it: refuse before any row is checked
            raise _file_error(_("The CSV file holds NUL characters: save it again as text."))
        try:
            table = list(csv.reader(io.StringIO(text)))
        except csv.Error as exc:  # a cell over the csv module's size limit, for one
            raise _file_error(_("This CSV file cannot be read: a cell is too long.")) from exc
    else:
        _check_xlsx_archive(data)
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            # The sheet's declared size is not trusted: openpyxl would pad every row to it.
            sheet.reset_dimensions()
            # Read-only mode parses the sheet while iterating: a broken sheet fails here too.
            table = [
                ["" if cell is None else str(cell) for cell in row]
                for row in islice(
                    sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), MAX_ROWS + 2
                )
            ]
            book.close()
        except Exception as exc:  # openpyxl raises many types for a broken or foreign file
            raise _file_error(_("This is not an XLSX workbook we can read.")) from exc
    table = [row[:MAX_COLUMNS] for row in table]
    if any(len(cell) > MAX_CELL_CHARS for row in table for cell in row):
        raise _cell_too_long()
    table = [
        (number, row)
        for number, row in enumerate(table, start=1)
        if any(cell.strip() for cell in row)
    ]
    if not table:
        raise _file_error(_("The file is empty."))
    header = [cell.strip().lower() for cell in table[0][1]]
    while header and not header[-1]:  # XLSX rows are read MAX_COLUMNS wide, padded with blanks
        header.pop()
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise _file_error(
            _("Unknown columns: %(names)s. Use the template's columns.")
            % {"names": ", ".join(unknown)}
        )
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise _file_error(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if len(table) - 1 > MAX_ROWS:
        raise _file_error(_("At most %(max)d rows per file.") % {"max": MAX_ROWS})
    return [
        (
            number,
            {
                name: (unescape_formula(row[i].strip()) if i < len(row) else "")
                for i, name in enumerate(header)
            },
        )
        for number, row in table[1:]
    ]


def _fold(text: str) -> str:
    """Lower case, no diacritics (đ as d), single spaces: how names and statuses are matched."""
    return " ".join(strip_marks(text).lower().split())


def _whole(value: str) -> int | None:
    value = value.strip()
    if value.endswith(".0"):  # spreadsheets turn 150000 into 150000.0
        value = value[:-2]
    return int(value) if value.isdigit() else None


def _amount(value: str) -> int | None:
    """Đồng as a person types them (``core.money.parse_vnd``), or a spreadsheet's 150000.0."""
    whole = _whole(value)
    if whole is not None:
        return whole
    try:
        return parse_vnd(value)
    except AmountError:
        return None


def category_lookup() -> dict[str, Category]:
    """Every category by its slug and by its folded Vietnamese and English names."""
    categories = list(Category.objects.all())
    lookup = {}
    for category in categories:
        for key in (_fold(category.name), _fold(category.name_en)):
            if key:
                lookup.setdefault(key, category)
    for category in categories:
        lookup[category.slug] = category
    return lookup


def _clean_row(raw: dict, number: int, *, categories, existing, seen) -> tuple[dict, list]:
    errors = []
    clean = {}

    def fail(column, message):
        errors.append(RowError(number, column, message))

    name = raw.get("name", "")
    if not name:
        fail("name", _("Enter the product's name."))
    elif len(name) > 200:
        fail("name", _("Keep the name under 200 characters."))
    clean["name"] = name
    clean["name_en"] = raw.get("name_en", "")[:200]
    clean["description"] = raw.get("description", "")
    clean["description_en"] = raw.get("description_en", "")
    key = raw.get("category", "")
    category = categories.get(key) or categories.get(_fold(key))
    if category is None:
        fail("category", _("Unknown category “%(key)s”.") % {"key": raw.get("category", "")})
    clean["category"] = category
    price = _amount(raw.get("price", ""))
    if price is None or price > MAX_PRICE:
        fail("price", _("Enter a whole number of đồng, for example 150000 or 150.000."))
    clean["price"] = price
    stock_raw = raw.get("stock", "") or "0"
    stock = _whole(stock_raw)
    if stock is None or stock > MAX_STOCK:
        fail("stock", _("Enter a whole number, 0 or more."))
    clean["stock"] = stock
    flag = raw.get("made_to_order", "").lower()
    if flag not in _TRUE | _FALSE:
        fail("made_to_order", _("Write yes or no."))
    clean["made_to_order"] = flag in _TRUE
    status = raw.get("status", "").strip().lower() or ProductStatus.DRAFT
    status = _STATUS_WORDS.get(_fold(status), status)
    if status not in ProductStatus.values:
        fail("status", _("Choose draft, active or archived (nháp, đang bán, ngừng bán)."))
    clean["status"] = status
    slug = raw.get("slug", "")
    if slug:
        if slug not in existing:
            fail("slug", _("This shop has no product “%(slug)s”.") % {"slug": slug})
        elif slug in seen:
            fail("slug", _("The product “%(slug)s” appears twice.") % {"slug": slug})
        seen.add(slug)
    clean["slug"] = slug
    return clean, errors


def import_products(*, business: Business, upload, fmt: str, dry_run: bool) -> ImportReport:
    """Checks every row; writes all of them in one transaction only if none is bad and
    ``dry_run`` is false. Raises ``ImportFileError`` when the file itself is unreadable."""
    rows = _read_rows(upload, fmt)
    categories = category_lookup()
    existing = {product.slug: product for product in business.products.all()}
    report = ImportReport(rows=len(rows))
    cleaned, seen = [], set()
    for number, raw in rows:
        clean, errors = _clean_row(raw, number, categories=categories, existing=existing, seen=seen)
        report.errors.extend(errors)
        cleaned.append(clean)
        if not errors:
            if clean["slug"]:
                report.updated += 1
            else:
                report.created += 1
    if dry_run or report.errors:
        return report
    with transaction.atomic():
        for clean in cleaned:
            slug = clean.pop("slug")
            if slug:
                services.product_update(product=existing[slug], **clean)
            else:
                services.product_create(business=business, **clean)
    report.committed = True
    return report


def _safe(value) -> str:
    return escape_formula("" if value is None else str(value))


def _export_rows(products) -> list[list[str]]:
    return [
        [
            _safe(product.slug),
            _safe(product.name),
            _safe(product.name_en),
            product.category.slug,
            str(product.price),
            str(product.stock),
            "yes" if product.made_to_order else "no",
            product.status,
            _safe(product.description),
            _safe(product.description_en),
        ]
        for product in products
    ]


def render(rows: list[list[str]], fmt: str) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "products"
    sheet.append(list(COLUMNS))
    numbers = [COLUMNS.index(name) for name in NUMBER_COLUMNS]
    for row in rows:
        sheet.append(
            [int(cell) if i in numbers and cell.isdigit() else cell for i, cell in enumerate(row)]
        )
    # Price and stock are number cells shown with grouped thousands, so a shop types numbers
    # there and the spreadsheet does not keep them as text.
    for index in numbers:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            cell.number_format = "#,##0"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_products(*, business: Business, fmt: str) -> bytes:
    products = Product.objects.filter(business=business).select_related("category").order_by("id")
    return render(_export_rows(products), fmt)


def template(fmt: str) -> bytes:
    return render([[EXAMPLE_ROW[name] for name in COLUMNS]], fmt)
