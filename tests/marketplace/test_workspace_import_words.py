"""The product import reads what a Vietnamese shop writes: category names (with or without
diacritics, Vietnamese or English) as well as slugs, statuses in Vietnamese, prices typed with
dots; it counts new and updated products among the rows without a problem; the XLSX template
holds price and stock as number cells."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from marketplace import imports
from marketplace.models import Product, ProductStatus
from tests.factories import BusinessFactory
from tests.marketplace.factories import ProductFactory

pytestmark = pytest.mark.django_db

HEADER = "name,category,price,stock,status,slug\n"


def _run(business, body, *, dry_run=False):
    upload = SimpleUploadedFile("p.csv", (HEADER + body).encode("utf-8"), content_type="text/csv")
    return imports.import_products(business=business, upload=upload, fmt="csv", dry_run=dry_run)


def test_category_names_folded_and_vietnamese_statuses_are_read():
    shop = BusinessFactory()
    body = (
        "Cà phê muối,Cà phê & trà,35.000,10,đang bán,\n"
        "Bánh pía,banh keo & dac san,60 000 ₫,3,Nháp,\n"
        "Áo dài lụa,Áo dài,1.250.000,1,ngung ban,\n"
        "Nước mía,Soft drinks & juices,15000,5,,\n"
    )
    report = _run(shop, body)
    assert report.errors == []
    assert (report.created, report.updated, report.committed) == (4, 0, True)
    got = {
        p.name: (p.category.slug, p.price, p.status)
        for p in Product.objects.select_related("category")
    }
    assert got == {
        "Cà phê muối": ("ca-phe-tra", 35_000, ProductStatus.ACTIVE),
        "Bánh pía": ("banh-keo-dac-san", 60_000, ProductStatus.DRAFT),
        "Áo dài lụa": ("ao-dai", 1_250_000, ProductStatus.ARCHIVED),
        "Nước mía": ("nuoc-giai-khat", 15_000, ProductStatus.DRAFT),
    }


def test_the_report_counts_new_and_updated_products_without_the_failed_rows():
    shop = BusinessFactory()
    ProductFactory(business=shop, name="Trà sen", slug="tra-sen")
    body = (
        "Cà phê muối,ca-phe-tra,35000,10,active,\n"
        "Bánh pía,không có danh mục này,60000,3,,\n"
        "Trà sen,ca-phe-tra,30000,3,,tra-sen\n"
        'Trà đào,ca-phe-tra,"30,5",3,,\n'
    )
    report = _run(shop, body, dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(3, "category"), (5, "price")]
    assert (report.rows, report.created, report.updated) == (4, 1, 1)
    assert Product.objects.filter(business=shop).count() == 1


def test_an_unknown_status_is_named_in_both_ways():
    report = _run(BusinessFactory(), "Cà phê,ca-phe-tra,35000,1,bán chạy,\n", dry_run=True)
    assert [e.column for e in report.errors] == ["status"]
    assert "đang bán" in report.errors[0].message


def test_the_xlsx_template_holds_numbers_for_price_and_stock():
    book = load_workbook(io.BytesIO(imports.template("xlsx")))
    header = [cell.value for cell in book.active[1]]
    row = dict(zip(header, book.active[2], strict=True))
    assert row["price"].value == 145_000 and row["price"].data_type == "n"
    assert row["stock"].value == 40 and row["stock"].data_type == "n"
    assert row["price"].number_format == "#,##0"
    assert row["name"].data_type == "s"
