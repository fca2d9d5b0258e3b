"""Reading the city's enterprise-register CSV: which column holds what, and what a good row is.

The mapping is a declared table (``HCMC_COLUMNS``): a new export format is a new table, not new
code. Each row becomes a ``RegisterRow`` or a ``BadRow`` naming the line and what is wrong, in
words the person running the import can act on. Nothing here writes (``registry.services`` does).
"""

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import TaxCodeKind, Ward
from accounts.validators import normalise_tax_code


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    required: bool = True


# The HCMC open-data export of active enterprises (2025 ward codes).
HCMC_COLUMNS = (
    Column("tax_code", "Mã số thuế"),
    Column("legal_name", "Tên doanh nghiệp"),
    Column("street_address", "Địa chỉ trụ sở"),
    Column("ward_code", "Mã phường/xã"),
    Column("ward_name", "Phường/Xã", required=False),
    Column("founded_on", "Ngày thành lập", required=False),
    Column("status", "Tình trạng", required=False),
)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class RegisterRow:
    line: int
    tax_code: str
    legal_name: str
    street_address: str
    ward_code: str
    founded_on: date | None
    status: str


@dataclass(frozen=True)
class BadRow:
    line: int
    problem: str


class RegisterFormatError(ValueError):
    """The file is not a register export this table can read (missing columns, not CSV)."""


def _date(text: str) -> date | None:
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_rows(
    lines: Iterable[str], columns: tuple[Column, ...] = HCMC_COLUMNS
) -> Iterator[RegisterRow | BadRow]:
    reader = csv.DictReader(lines)
    headers = {(name or "").strip().lstrip("\ufeff") for name in reader.fieldnames or []}
    missing = [c.header for c in columns if c.required and c.header not in headers]
    if missing:
        raise RegisterFormatError(
            _("The file has no column %(columns)s.") % {"columns": ", ".join(missing)}
        )
    wards = {code: code for code in Ward.objects.values_list("code", flat=True)}
    ward_names = dict(Ward.objects.values_list("full_name", "code"))
    for line, raw in enumerate(reader, start=2):
        record = {(k or "").strip().lstrip("\ufeff"): (v or "").strip() for k, v in raw.items()}
        values = {c.field: record.get(c.header, "") for c in columns}
        headers = {c.field: c.header for c in columns}
        problem = _problem(values, wards, ward_names, headers)
        if isinstance(problem, str):
            yield BadRow(line=line, problem=problem)
        else:
            yield RegisterRow(line=line, **problem)


def _problem(values: dict, wards: dict, ward_names: dict, headers: dict) -> str | dict:
    """The row's problem in words, or its clean values."""
    for field in ("tax_code", "legal_name", "street_address"):
        if not values.get(field):
            return _("%(column)s is empty.") % {"column": headers[field]}
    try:
        tax_code, kind = normalise_tax_code(values["tax_code"])
    except ValidationError:
        return _("%(value)s is not a valid tax code.") % {"value": values["tax_code"]}
    if kind == TaxCodeKind.PERSONAL_ID:
        return _("A personal ID number is not an enterprise tax code; the row is not loaded.")
    ward_code = wards.get(values.get("ward_code", "")) or ward_names.get(
        values.get("ward_name", "")
    )
    if not ward_code:
        return _("Unknown ward: %(code)s %(name)s.") % {
            "code": values.get("ward_code", ""),
            "name": values.get("ward_name", ""),
        }
    try:
        founded_on = _date(values.get("founded_on", ""))
    except ValueError:
        return _("%(value)s is not a date (day/month/year).") % {"value": values["founded_on"]}
    if len(values["legal_name"]) > 255 or len(values["street_address"]) > 255:
        return _("The name or address is longer than 255 characters.")
    return {
        "tax_code": tax_code,
        "legal_name": values["legal_name"],
        "street_address": values["street_address"],
        "ward_code": ward_code,
        "founded_on": founded_on,
        "status": values.get("status", "")[:100],
    }
