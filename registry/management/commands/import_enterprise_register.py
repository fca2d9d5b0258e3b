"""manage.py import_enterprise_register FILE [--source TEXT] [--date YYYY-MM-DD] [--dry-run]

Loads the city's open-data CSV of active enterprises (column mapping: registry.importer). Every
row is checked first; any bad row is reported with its line and nothing is written. Running the
same file again changes nothing.
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registry.importer import RegisterFormatError
from registry.services import register_import


class Command(BaseCommand):
    help = "Load the city's enterprise register (CSV) into the register used by business profiles."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source",
            default="Sở Tài chính TP.HCM — danh sách doanh nghiệp đang hoạt động (dữ liệu mở)",
            help="Where the file comes from, shown beside every value it fills.",
        )
        parser.add_argument(
            "--date",
            dest="export_date",
            type=date.fromisoformat,
            default=None,
            help="Date of the export (YYYY-MM-DD); default: the file's modification date.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )

    def handle(self, *args, file: Path, source: str, export_date, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        source_date = export_date or timezone.datetime.fromtimestamp(file.stat().st_mtime).date()
        total = sum(1 for _line in file.open(encoding="utf-8-sig")) - 1

        def progress(done: int) -> None:
            width = 30
            filled = int(width * done / total) if total else width
            self.stdout.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
            )
            self.stdout.flush()

        try:
            with file.open(encoding="utf-8-sig", newline="") as lines:
                report = register_import(
                    lines=lines,
                    source=source,
                    source_date=source_date,
                    file_name=file.name,
                    dry_run=dry_run,
                    progress=progress,
                )
        except (RegisterFormatError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file.name}: {exc}") from exc
        self.stdout.write("")
        for bad in report.bad_rows:
            self.stderr.write(f"line {bad.line}: {bad.problem}")
        summary = (
            f"{report.rows} rows: {report.created} new, {report.updated} changed, "
            f"{report.unchanged} unchanged, {len(report.bad_rows)} bad"
        )
        if report.bad_rows:
            raise CommandError(f"{summary}. Nothing was written: correct the rows above.")
        if dry_run:
            self.stdout.write(f"{summary}. Dry run: nothing was written.")
        elif not report.written:
            self.stdout.write(
                f"{summary}. The register already holds this file: nothing to change."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{summary}. Source: {source}, {source_date}."))
