"""Writes of the register: one import, all or nothing."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import tax_code_fingerprint
from registry.importer import HCMC_COLUMNS, BadRow, Column, RegisterRow, read_rows
from registry.models import RegisteredEnterprise, RegisterImport

FIELDS = ("legal_name", "street_address", "ward_id", "founded_on", "status")
BATCH = 500


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad_rows: list[BadRow] = field(default_factory=list)
    written: bool = False


def _values(row: RegisterRow) -> dict:
    return {
        "legal_name": row.legal_name,
        "street_address": row.street_address,
        "ward_id": row.ward_code,
        "founded_on": row.founded_on,
        "status": row.status,
    }


def register_import(
    *,
    lines: Iterable[str],
    source: str,
    source_date: date,
    file_name: str,
    dry_run: bool = False,
    columns: tuple[Column, ...] = HCMC_COLUMNS,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Loads a register export. Every row is checked first: with any bad row, or in a dry run,
    nothing is written and the report lists what would happen. Otherwise one transaction adds new
    enterprises and updates changed ones (an unchanged row is not touched, so a second import of
    the same file changes nothing), each stamped with this import (source and date)."""
    report = ImportReport()
    rows: dict[str, RegisterRow] = {}
    for item in read_rows(lines, columns):
        report.rows += 1
        if isinstance(item, BadRow):
            report.bad_rows.append(item)
        elif item.tax_code in rows:
            report.bad_rows.append(
                BadRow(
                    line=item.line,
                    problem=_("Tax code %(code)s appears again (first on line %(first)s).")
                    % {"code": item.tax_code, "first": rows[item.tax_code].line},
                )
            )
        else:
            rows[item.tax_code] = item
        if progress and report.rows % BATCH == 0:
            progress(report.rows)
    existing = {
        enterprise.tax_code: enterprise
        for enterprise in RegisteredEnterprise.objects.filter(tax_code__in=list(rows))
    }
    to_create, to_update = [], []
    for tax_code, row in rows.items():
        values = _values(row)
        current = existing.get(tax_code)
        if current is None:
            to_create.append((tax_code, values))
        elif any(getattr(current, name) != value for name, value in values.items()):
            to_update.append((current, values))
    report.created, report.updated = len(to_create), len(to_update)
    report.unchanged = len(rows) - report.created - report.updated
    if dry_run or report.bad_rows or not (to_create or to_update):
        return report  # nothing written, not even an import record: a re-run changes nothing
    with transaction.atomic():
        batch = RegisterImport.objects.create(
            source=source,
            source_date=source_date,
            file_name=file_name,
            rows=report.rows,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        )
        RegisteredEnterprise.objects.bulk_create(
            [
                RegisteredEnterprise(
                    tax_code=tax_code,
                    tax_code_index=tax_code_fingerprint(tax_code),
                    source_import=batch,
                    **values,
                )
                for tax_code, values in to_create
            ],
            batch_size=BATCH,
        )
        for enterprise, values in to_update:
            for name, value in values.items():
                setattr(enterprise, name, value)
            enterprise.source_import = batch
        RegisteredEnterprise.objects.bulk_update(
            [enterprise for enterprise, _values in to_update],
            [*FIELDS, "source_import"],
            batch_size=BATCH,
        )
    report.written = True
    if progress:
        progress(report.rows)
    return report
