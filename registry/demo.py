"""Demo data: the sample of the city's enterprise register, so typing 0314409058 on a new business
profile fills it (and so does signing in as ``an`` at the loopback city provider)."""

from datetime import date
from pathlib import Path

from registry.services import register_import

SAMPLE = Path(__file__).resolve().parent / "fixtures" / "enterprise_register_sample.csv"


def seed(*, stdout, style, password: str) -> None:  # no users here: password unused
    with SAMPLE.open(encoding="utf-8-sig", newline="") as lines:
        report = register_import(
            lines=lines,
            source="Dữ liệu mẫu — sổ đăng ký doanh nghiệp TP.HCM",
            source_date=date(2026, 11, 30),
            file_name=SAMPLE.name,
        )
    stdout.write(
        style.SUCCESS(
            f"Enterprise register sample: {report.created} new, {report.unchanged} unchanged."
        )
    )
