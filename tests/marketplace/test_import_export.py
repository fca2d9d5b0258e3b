import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from marketplace.imports import COLUMNS
from marketplace.models import Product, ProductStatus
from tests.marketplace.conftest import token_client
from tests.marketplace.factories import ProductFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/vendor/products/"
HEADER = "name,category,price,stock,made_to_order,status,slug\n"


def _csv(text: str, name="products.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _post(client, upload, **extra):
    return client.post(f"{URL}import/", {"file": upload, **extra}, format="multipart")


@pytest.fixture
def owner(users):
    return token_client(users["vendor_owner"])


def test_dry_run_of_a_clean_file_reports_and_writes_nothing(owner):
    body = (
        HEADER
        + "Cà phê muối,ca-phe-tra,35000,10,no,active,\nBánh pía,banh-keo-dac-san,60000,,có,,\n"
    )
    response = _post(owner, _csv(body))
    assert response.status_code == 200, response.content
    assert response.json() == {"rows": 2, "created": 2, "updated": 0, "committed": False}
    assert not Product.objects.exists()


def test_bad_rows_are_all_listed_and_nothing_is_written(owner, shop_a):
    body = (
        HEADER
        + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n"
        + ',ca-phe-tra,"35,5",-1,maybe,sold,\n'
        + "Trà,khong-co,abc,1,no,draft,khong-ton-tai\n"
    )
    for dry_run in ("true", "false"):
        response = _post(owner, _csv(body), dry_run=dry_run)
        assert response.status_code == 400
        attrs = [error["attr"] for error in response.json()["errors"]]
        assert attrs == [
            "rows.3.name",
            "rows.3.price",
            "rows.3.stock",
            "rows.3.made_to_order",
            "rows.3.status",
            "rows.4.category",
            "rows.4.price",
            "rows.4.slug",
        ]
    assert not Product.objects.exists()


def test_clean_file_imports_in_one_go_and_updates_by_slug(owner, shop_a):
    existing = ProductFactory(business=shop_a, slug="tra-sen", name="Trà sen", price=1000)
    body = (
        HEADER
        + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n"
        + "Trà sen Tây Hồ,ca-phe-tra,650000,3,no,active,tra-sen\n"
    )
    response = _post(owner, _csv(body), dry_run="false")
    assert response.status_code == 201, response.content
    assert response.json() == {"rows": 2, "created": 1, "updated": 1, "committed": True}
    existing.refresh_from_db()
    assert (existing.name, existing.price, existing.stock) == ("Trà sen Tây Hồ", 650000, 3)
    created = Product.objects.get(name="Cà phê muối")
    assert (created.business, created.price, created.status) == (shop_a, 35000, "active")


def test_xlsx_import_and_export_round_trip(owner, shop_a):
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "category", "price", "stock", "made_to_order"])
    sheet.append(["Bình gốm men lam", "gom-su", 450000, 12, "no"])
    sheet.append(["+84 quà tặng", "gom-su", 1000.0, 0, True])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("products.xlsx", out.getvalue())
    response = _post(owner, upload, dry_run="false")
    assert response.status_code == 201, response.content
    assert Product.objects.filter(business=shop_a).count() == 2
    exported = owner.get(f"{URL}export/", {"file_type": "xlsx"})
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == 'attachment; filename="ca-phe-sang-products.xlsx"'
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert rows[1][1:5] == ("Bình gốm men lam", None, "gom-su", 450000)
    # A cell that a spreadsheet would run as a formula is exported as text.
    assert rows[2][1] == "'+84 quà tặng"
    assert rows[2][6] == "yes"


def test_csv_export_and_template(owner, shop_a):
    ProductFactory(business=shop_a, name="Cà phê", slug="ca-phe", status=ProductStatus.DRAFT)
    ProductFactory(name="Của shop khác")
    text = owner.get(f"{URL}export/").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(COLUMNS)
    assert [row[1] for row in rows[1:]] == ["Cà phê"]
    template = owner.get(f"{URL}import-template/").content.decode("utf-8-sig")
    assert template.splitlines()[0] == ",".join(COLUMNS)
    assert owner.get(f"{URL}import-template/", {"file_type": "xlsx"}).status_code == 200


@pytest.mark.parametrize(
    ("upload", "attr"),
    [
        (_csv("colour,name\nred,x\n"), "file"),
        (_csv("name,price\nx,1\n"), "file"),
        (_csv(""), "file"),
        (SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad"), "file"),
        (SimpleUploadedFile("x.xlsx", b"not a workbook"), "file"),
        (SimpleUploadedFile("x.pdf", b"%PDF"), "file_type"),
    ],
)
def test_unreadable_files_are_a_400(owner, upload, attr):
    response = _post(owner, upload)
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["attr"] == attr


def test_import_is_for_members_only(users, shop_b):
    for role in ("anonymous", "shopper", "programme_manager"):
        response = _post(token_client(users[role]), _csv(HEADER))
        assert response.status_code in (401, 403)
    response = _post(token_client(users["vendor_owner"]), _csv(HEADER), business=shop_b.slug)
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "business"


def test_row_numbers_are_the_spreadsheet_rows_blank_rows_included(owner):
    body = (
        "\n"  # a blank line above the header
        + HEADER
        + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n"
        + ",,,,,,\n"  # a blank row between products
        + "Trà,ca-phe-tra,abc,1,no,draft,\n"
    )
    response = _post(owner, _csv(body))
    assert response.status_code == 400
    assert [error["attr"] for error in response.json()["errors"]] == ["rows.5.price"]


def test_a_renamed_product_keeps_its_slug_so_the_same_file_imports_again(owner, shop_a):
    ProductFactory(business=shop_a, slug="tra-sen", name="Trà sen", price=1000)
    body = HEADER + "Trà sen Tây Hồ,ca-phe-tra,650000,3,no,active,tra-sen\n"
    for _ in range(2):
        assert _post(owner, _csv(body), dry_run="false").status_code == 201
    product = Product.objects.get(business=shop_a)
    assert (product.slug, product.name) == ("tra-sen", "Trà sen Tây Hồ")
