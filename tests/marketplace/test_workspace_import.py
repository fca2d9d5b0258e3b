"""Bulk import and export of products in the seller workspace (marketplace.workspace_import)."""

import csv
import io
import zipfile

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook
from wagtail.users.models import UserProfile

from accounts.models import MembershipRole
from accounts.roles import Role
from marketplace import imports, services, workspace_import
from marketplace.models import Product, ProductStatus
from tests.factories import BusinessFactory, UserFactory, vendor
from tests.marketplace.factories import ProductFactory

pytestmark = pytest.mark.django_db

PAGE = "/admin/products/import/"
CONFIRM = "/admin/products/import/confirm/"
EXPORT = "/admin/products/export/"
LIST = "/admin/snippets/marketplace/product/"
HEADER = "name,category,price,stock,made_to_order,status,slug\n"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv(text: str, name: str = "san-pham.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _xlsx(rows: list[list], name: str = "san-pham.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=XLSX_TYPE)


def _check(client, business, upload):
    return client.post(PAGE, {"business": business.pk, "file": upload})


def _token(response) -> str:
    return response.context["confirm_form"].initial["token"]


@pytest.fixture
def owner(client, users):
    client.force_login(users["vendor_owner"])
    return client


def test_every_column_of_the_import_is_explained():
    assert tuple(workspace_import.COLUMN_HELP) == imports.COLUMNS


def test_page_offers_only_own_business_preselected_and_documents_columns(owner, shop_a, shop_b):
    response = owner.get(PAGE)
    assert response.status_code == 200
    text = response.content.decode()
    form = response.context["import_form"]
    assert list(form.fields["business"].queryset) == [shop_a]
    assert form.fields["business"].initial == shop_a.pk
    assert response.context["export_form"].fields["business"].initial == shop_a.pk
    assert "Gốm Lái Thiêu" not in text
    assert "Nhập sản phẩm từ tệp" in text  # Vietnamese by default
    assert [name for name, _required, _help in response.context["columns"]] == list(imports.COLUMNS)
    assert [name for name, required, _help in response.context["columns"] if required] == [
        "name",
        "category",
        "price",
    ]
    assert "Giá bằng đồng, số nguyên: 150000 hoặc 150.000." in text
    assert "<code>ca-phe-tra</code>" in text  # category slugs for the category column
    assert "/admin/products/import-template.csv" in text
    assert "/admin/products/import-template.xlsx" in text


def test_page_speaks_english_to_a_user_who_chose_it(owner, users):
    profile = UserProfile.get_for_user(users["vendor_owner"])
    profile.preferred_language = "en"
    profile.save()
    text = owner.get(PAGE).content.decode()
    assert "Import products from a file" in text
    assert "The price in whole đồng: 150000 or 150.000." in text


def test_product_listing_links_to_import_export(owner):
    text = owner.get(LIST).content.decode()
    assert 'href="/admin/products/import/"' in text
    assert "Nhập / xuất" in text


def test_admin_chooses_among_all_businesses(client, users, shop_a, shop_b):
    client.force_login(users["admin"])
    response = client.get(PAGE)
    assert set(response.context["import_form"].fields["business"].queryset) == {shop_a, shop_b}
    assert response.context["import_form"].fields["business"].initial is None


def test_vendor_without_a_business_is_told_how_to_get_one(client):
    user = UserFactory(roles=[Role.VENDOR_OWNER])
    client.force_login(user)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Bạn chưa là thành viên của cửa hàng nào" in response.content.decode()
    response = client.post(PAGE, {"file": _csv(HEADER + "Trà,ca-phe-tra,1000,1,no,draft,\n")})
    assert response.status_code == 400
    assert not Product.objects.exists()


def test_dry_run_lists_every_bad_row_and_writes_nothing(owner, shop_a):
    body = (
        HEADER
        + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n"
        + ',ca-phe-tra,"35,5",-1,maybe,sold,\n'
        + "Trà,khong-co,abc,1,no,draft,khong-ton-tai\n"
    )
    response = _check(owner, shop_a, _csv(body))
    assert response.status_code == 200
    report = response.context["report"]
    # Only the good row counts as a new product.
    assert (report.rows, report.created, report.updated, report.committed) == (3, 1, 0, False)
    assert [(error.row, error.column) for error in report.errors] == [
        (3, "name"),
        (3, "price"),
        (3, "stock"),
        (3, "made_to_order"),
        (3, "status"),
        (4, "category"),
        (4, "price"),
        (4, "slug"),
    ]
    assert response.context["bad_rows"] == 2
    assert "confirm_form" not in response.context
    text = response.content.decode()
    assert "Tệp có lỗi: chưa có gì được lưu" in text
    assert "Hãy nhập tên sản phẩm." in text
    assert "Không có danh mục “khong-co”." in text
    assert "Cửa hàng này không có sản phẩm “khong-ton-tai”." in text
    assert text.count("<tr><td>3</td>") == 5 and text.count("<tr><td>4</td>") == 3
    assert not Product.objects.exists()
    assert (
        cache.get(workspace_import._pending_key(shop_a.memberships.get(role="owner").user)) is None
    )


def test_clean_file_is_checked_then_imported_in_one_go(owner, shop_a):
    existing = ProductFactory(business=shop_a, slug="tra-sen", name="Trà sen", price=1000, stock=1)
    body = (
        HEADER
        + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n"
        + "Trà sen Tây Hồ,ca-phe-tra,650000,3,có,active,tra-sen\n"
    )
    response = _check(owner, shop_a, _csv(body))
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.rows, report.created, report.updated, report.errors) == (2, 1, 1, [])
    assert "Tệp đã sẵn sàng để nhập" in response.content.decode()
    assert Product.objects.count() == 1  # the dry run wrote nothing
    existing.refresh_from_db()
    assert existing.name == "Trà sen"

    response = owner.post(CONFIRM, {"token": _token(response)}, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert "Đã nhập vào Cà Phê Sáng: 1 sản phẩm mới, 1 sản phẩm được cập nhật." in (
        response.content.decode()
    )
    existing.refresh_from_db()
    assert (existing.name, existing.price, existing.stock, existing.made_to_order) == (
        "Trà sen Tây Hồ",
        650_000,
        3,
        True,
    )
    created = Product.objects.get(name="Cà phê muối")
    assert (created.business, created.price, created.stock, created.status) == (
        shop_a,
        35_000,
        10,
        ProductStatus.ACTIVE,
    )


def test_a_second_confirmation_imports_nothing_more(owner, shop_a):
    response = _check(owner, shop_a, _csv(HEADER + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n"))
    token = _token(response)
    assert owner.post(CONFIRM, {"token": token}).status_code == 302
    response = owner.post(CONFIRM, {"token": token}, follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert "Tệp đã kiểm tra không còn nữa" in response.content.decode()
    assert Product.objects.count() == 1


def test_xlsx_file_is_checked_and_imported(owner, shop_a):
    upload = _xlsx(
        [
            ["Name", "Category", "Price", "Stock", "Made_to_order"],
            ["Bánh pía sầu riêng", "banh-keo-dac-san", 60000, 25, "no"],
            ["Mứt gừng", "banh-keo-dac-san", 45000.0, None, "có"],
        ]
    )
    response = _check(owner, shop_a, upload)
    assert response.context["report"].created == 2
    assert owner.post(CONFIRM, {"token": _token(response)}).status_code == 302
    assert sorted(Product.objects.values_list("name", "price", "stock", "made_to_order")) == [
        ("Bánh pía sầu riêng", 60_000, 25, False),
        ("Mứt gừng", 45_000, 0, True),
    ]


def test_confirming_a_file_that_turned_bad_is_refused(owner, shop_a):
    existing = ProductFactory(business=shop_a, slug="tra-sen", name="Trà sen", price=1000)
    body = (
        HEADER
        + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n"
        + "Trà sen Tây Hồ,ca-phe-tra,650000,3,no,active,tra-sen\n"
    )
    response = _check(owner, shop_a, _csv(body))
    assert response.context["report"].errors == []
    # Meanwhile a colleague renames the product's slug: row 3 now points at nothing.
    Product.objects.filter(pk=existing.pk).update(slug="tra-sen-tay-ho")

    response = owner.post(CONFIRM, {"token": _token(response)})
    assert response.status_code == 409
    assert response.context["refused"] is True
    assert [(e.row, e.column) for e in response.context["report"].errors] == [(3, "slug")]
    assert "Việc nhập bị từ chối" in response.content.decode()
    assert list(Product.objects.values_list("name", "price")) == [("Trà sen", 1000)]


def test_a_write_refused_at_confirmation_rolls_back_every_row(owner, shop_a, monkeypatch):
    body = HEADER + "Cà phê muối,ca-phe-tra,35000,10,no,active,\nTrà sen,ca-phe-tra,1000,1,no,,\n"
    response = _check(owner, shop_a, _csv(body))
    create = services.product_create

    def create_then_refuse(**data):
        if data["name"] == "Trà sen":
            raise ValidationError({"name": "Tên này đã bị khoá."})
        return create(**data)

    monkeypatch.setattr(services, "product_create", create_then_refuse)
    response = owner.post(CONFIRM, {"token": _token(response)})
    assert response.status_code == 400
    assert response.context["write_errors"] == ["Tên này đã bị khoá."]
    assert "Việc nhập bị từ chối và chưa có gì được lưu:" in response.content.decode()
    assert not Product.objects.exists()  # the first row went back with the second


def test_confirmation_needs_the_token_of_the_latest_check(owner, shop_a):
    first = _check(owner, shop_a, _csv(HEADER + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n"))
    second = _check(owner, shop_a, _csv(HEADER + "Mứt gừng,banh-keo-dac-san,45000,1,no,,\n"))
    response = owner.post(CONFIRM, {"token": _token(first)})
    assert response.status_code == 302 and response.url == PAGE
    assert not Product.objects.exists()
    assert owner.post(CONFIRM, {"token": _token(second)}).status_code == 302
    assert list(Product.objects.values_list("name", flat=True)) == ["Mứt gừng"]


def test_another_user_cannot_confirm_a_vendors_check(client, users, shop_a, shop_b):
    client.force_login(users["vendor_owner"])
    token = _token(
        _check(client, shop_a, _csv(HEADER + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n"))
    )
    client.force_login(vendor(business=shop_b))
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 302 and response.url == PAGE
    assert not Product.objects.exists()


def _broken_xlsx() -> bytes:
    """A real workbook whose sheet was cut in half (openpyxl only notices while reading rows)."""
    whole = _xlsx([["name", "category", "price"], ["Trà", "ca-phe-tra", 1000]]).read()
    source, out = zipfile.ZipFile(io.BytesIO(whole)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("san-pham.txt", b"name,category,price\n", "Hãy chọn tệp .csv hoặc .xlsx."),
        (
            "san-pham.csv",
            b"name,category,price\n" + b"x" * imports.MAX_FILE_BYTES,
            "Tệp quá lớn",
        ),
        ("san-pham.csv", b"", "Tập tin được gửi là rỗng."),
        ("san-pham.csv", b"\n , \n", "Tệp trống."),
        ("san-pham.csv", "tên,giá\n".encode("utf-16"), "UTF-8"),
        ("san-pham.csv", "name,category,price\nTrà\x00sen,ca-phe-tra,1\n".encode(), "NUL"),
        ("san-pham.csv", b"name,category,price,colour\n", "Cột không hợp lệ: colour."),
        ("san-pham.csv", b"name,price\nTra,1000\n", "Thiếu cột: category."),
        (
            "san-pham.csv",
            b'name,category,price\n"' + b"x" * 200_000 + b'",ca-phe-tra,1\n',
            "có một ô quá dài",
        ),
        ("san-pham.xlsx", b"PK\x03\x04 not a workbook", "Đây không phải tệp XLSX"),
        ("san-pham.xlsx", None, "Đây không phải tệp XLSX"),
    ],
    ids=[
        "wrong-type",
        "too-large",
        "zero-bytes",
        "blank",
        "not-utf8",
        "nul-character",
        "unknown-column",
        "missing-column",
        "huge-cell",
        "not-a-workbook",
        "broken-sheet",
    ],
)
def test_bad_file_is_a_form_error_and_changes_nothing(owner, shop_a, name, content, message):
    ProductFactory(business=shop_a, name="Trà sen", price=1000)
    upload = SimpleUploadedFile(name, _broken_xlsx() if content is None else content)
    response = _check(owner, shop_a, upload)
    assert response.status_code == 400
    assert message in " ".join(response.context["import_form"].errors["file"])
    assert "report" not in response.context
    assert list(Product.objects.values_list("name", "price")) == [("Trà sen", 1000)]


def test_another_vendors_business_is_refused(owner, shop_a, shop_b):
    theirs = ProductFactory(business=shop_b, slug="binh-gom", name="Bình gốm", price=90_000)
    body = HEADER + "Bình gốm giả,gom-su,1,1,no,active,binh-gom\n"
    response = _check(owner, shop_b, _csv(body))
    assert response.status_code == 400
    assert response.context["import_form"].errors["business"] == ["Hãy chọn một cửa hàng của bạn."]
    assert "report" not in response.context

    response = owner.get(EXPORT, {"export-business": shop_b.pk, "export-format": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Bình gốm" not in response.content.decode()
    theirs.refresh_from_db()
    assert (theirs.name, theirs.price) == ("Bình gốm", 90_000)
    assert list(Product.objects.all()) == [theirs]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_downloads_own_products(owner, shop_a, shop_b, fmt):
    ProductFactory(business=shop_a, slug="ca-phe-muoi", name="=Cà phê muối", price=35_000)
    ProductFactory(business=shop_b, name="Bình gốm")
    response = owner.get(EXPORT, {"export-business": shop_a.pk, "export-format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"] == workspace_import.CONTENT_TYPES[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="ca-phe-sang-products.{fmt}"'
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(imports.COLUMNS)
    price = "35000" if fmt == "csv" else 35_000  # a number cell in XLSX
    assert [row[:5] for row in rows[1:]] == [
        ["ca-phe-muoi", "'=Cà phê muối", "", "ca-phe-tra", price]
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_downloads_every_column_and_the_example(owner, fmt):
    response = owner.get(f"/admin/products/import-template.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == workspace_import.CONTENT_TYPES[fmt]
    assert (
        response["Content-Disposition"] == f'attachment; filename="cho-so-products-template.{fmt}"'
    )
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    example = [imports.EXAMPLE_ROW[name] for name in imports.COLUMNS]
    if fmt == "xlsx":  # price and stock are number cells
        example = [
            int(value) if name in imports.NUMBER_COLUMNS else value
            for name, value in zip(imports.COLUMNS, example, strict=True)
        ]
    assert rows == [list(imports.COLUMNS), example]


def test_unknown_template_format_is_404(owner):
    assert owner.get("/admin/products/import-template.pdf").status_code == 404


URLS = [
    ("get", PAGE, {}),
    ("post", PAGE, {}),
    ("post", CONFIRM, {"token": "x"}),
    ("get", EXPORT, {"export-format": "csv"}),
    ("get", "/admin/products/import-template.csv", {}),
]


@pytest.mark.parametrize(("method", "url", "data"), URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, url, data):
    response = getattr(client, method)(url, data)
    assert response.status_code == 302
    # Through the workspace's door (/admin/login/) on to allauth's login, the target kept.
    assert response.url.startswith(f"/admin/login/?next={url}")
    door = client.get(response.url)
    assert door.status_code == 302
    assert door.url.startswith(f"/vi/accounts/login/?next={url}")


@pytest.mark.parametrize(("method", "url", "data"), URLS)
def test_shoppers_are_refused_by_the_admin_gate(client, users, shop_a, method, url, data):
    client.force_login(users["shopper"])
    data = {**data, "business": shop_a.pk, "export-business": shop_a.pk}
    if url == PAGE and method == "post":
        data["file"] = _csv(HEADER + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n")
    response = getattr(client, method)(url, data)
    assert response.status_code == 302
    assert response.url.startswith(f"/admin/login/?next={url}")
    # A signed-in shopper is shown their account page, not sent round to sign in again.
    assert client.get(response.url).url == "/vi/me/"
    assert not Product.objects.exists()


@pytest.mark.parametrize(("method", "url", "data"), URLS)
def test_workspace_users_without_product_permissions_get_403(client, users, method, url, data):
    client.force_login(users["programme_manager"])
    response = getattr(client, method)(url, data)
    assert response.status_code == 403
    assert "Chỉ thành viên của cửa hàng mới được nhập và xuất sản phẩm." in (
        response.content.decode()
    )


def test_staff_members_import_too(client, users, shop_a):
    client.force_login(users["vendor_staff"])
    response = _check(client, shop_a, _csv(HEADER + "Cà phê muối,ca-phe-tra,35000,1,no,,\n"))
    assert client.post(CONFIRM, {"token": _token(response)}).status_code == 302
    assert Product.objects.get().business == shop_a


def test_membership_lost_before_confirming_is_404(owner, users, shop_a):
    response = _check(owner, shop_a, _csv(HEADER + "Cà phê muối,ca-phe-tra,35000,1,no,,\n"))
    users["vendor_owner"].memberships.filter(business=shop_a).delete()
    assert owner.post(CONFIRM, {"token": _token(response)}).status_code == 404
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("vendor_owner", True),
        ("vendor_staff", True),
        ("admin", True),
        ("anonymous", False),
        ("shopper", False),
        ("programme_manager", False),
    ],
)
def test_who_may_import_and_export(users, role, allowed):
    user = users[role] or AnonymousUser()
    assert workspace_import.can_transfer(user) is allowed


def _serious(page) -> list[str]:
    """Accessibility problems axe-core rates serious or critical."""
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_vendor_fixes_a_bad_row_and_imports_in_the_browser(page, live_server, tmp_path):
    shop = BusinessFactory(trading_name="Cà Phê Sáng", slug="ca-phe-sang")
    browser_client = Client()
    browser_client.force_login(vendor(business=shop, role=MembershipRole.STAFF))
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": browser_client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    bad = tmp_path / "san-pham.csv"
    bad.write_text(
        HEADER
        + "Cà phê muối,ca-phe-tra,35000,10,no,active,\n"
        + 'Bánh pía sầu riêng,banh-keo-dac-san,"60,5",25,no,active,\n',
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}{LIST}")
    page.click(f"a[href='{PAGE}']")
    page.wait_for_url(f"{live_server.url}{PAGE}")
    assert page.input_value("#id_business") == str(shop.pk)

    page.set_input_files("#id_file", str(bad))
    page.click("[data-testid=import-check]")
    errors = page.locator("[data-testid=import-errors] tbody tr")
    errors.first.wait_for()
    assert errors.all_inner_texts() == [
        "3\tprice\tNhập số đồng là số nguyên, ví dụ 150000 hoặc 150.000."
    ]
    assert page.inner_text("[data-testid=import-rows]") == "2"
    assert page.inner_text("[data-testid=import-bad-rows]") == "1"
    assert page.locator("[data-testid=import-confirm]").count() == 0
    assert _serious(page) == []
    assert not Product.objects.exists()

    fixed = tmp_path / "san-pham-da-sua.csv"
    fixed.write_text(bad.read_text(encoding="utf-8").replace('"60,5"', "60.000"), encoding="utf-8")
    page.set_input_files("#id_file", str(fixed))
    page.click("[data-testid=import-check]")
    page.locator("[data-testid=import-confirm]").wait_for()
    assert page.inner_text("[data-testid=import-created]") == "2"
    assert page.locator("[data-testid=import-errors]").count() == 0
    assert _serious(page) == []
    assert not Product.objects.exists()

    page.click("[data-testid=import-confirm]")
    page.wait_for_url(f"{live_server.url}{LIST}")
    listing = page.content()
    assert "Cà phê muối" in listing and "Bánh pía sầu riêng" in listing
    assert sorted(Product.objects.values_list("business__slug", "name", "price")) == [
        ("ca-phe-sang", "Bánh pía sầu riêng", 60_000),
        ("ca-phe-sang", "Cà phê muối", 35_000),
    ]
