"""A small import file must not take the server down (issue #13, item 4).

A 1 MB XLSX whose one cell held 1 GB of text used 2.2 GB of memory in openpyxl. The archive is now
checked before openpyxl parses it (members, unpacked size, cell length, read as a stream), CSV
cells have the same cap, rows are read a bounded width, and imports are throttled per user.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from marketplace import imports
from marketplace.models import Product
from tests.marketplace.conftest import token_client

pytestmark = pytest.mark.django_db

API = "/api/v1/vendor/products/import/"
WORKSPACE = "/admin/products/import/"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["name", "category", "price", "description"]


def _workbook(rows, *, far_cell=None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if far_cell:
        sheet.cell(row=far_cell[0], column=far_cell[1], value="x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewritten(data: bytes, *, replace: tuple[bytes, bytes] = (b"", b""), extra: int = 0) -> bytes:
    """The workbook ``data`` with a text replaced in its sheet (openpyxl itself cuts a cell at
    Excel's 32,767 characters; an attacker's file need not) and ``extra`` empty members added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml" and replace[0]:
                content = content.replace(*replace)
            target.writestr(member.filename, content)
        for n in range(extra):
            target.writestr(f"xl/media/extra{n}.bin", b"")
    return out.getvalue()


def _upload(data: bytes, name="san-pham.xlsx") -> SimpleUploadedFile:
    content_type = XLSX_TYPE if name.endswith(".xlsx") else "text/csv"
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def owner(users):
    return token_client(users["vendor_owner"])


@pytest.fixture
def openpyxl_must_not_parse(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a file the import should refuse first")

    monkeypatch.setattr(imports, "load_workbook", refuse)


def _errors(response) -> list[tuple[str, str]]:
    return [(error["attr"], error["detail"]) for error in response.json()["errors"]]


def test_a_cell_that_unpacks_huge_is_refused_before_openpyxl(owner, openpyxl_must_not_parse):
    # 40 MB of text in one cell: about 40 KB once zipped.
    data = _rewritten(
        _workbook([HEADER, ["Trà", "ca-phe-tra", "1000", "PLACEHOLDER"]]),
        replace=(b"PLACEHOLDER", b"A" * (40 * 1024 * 1024)),
    )
    assert len(data) < imports.MAX_FILE_BYTES
    response = owner.post(API, {"file": _upload(data)}, format="multipart")
    assert response.status_code == 400
    assert _errors(response) == [
        ("file", "Tệp bảng tính này khi giải nén lớn hơn 30 MB: chỉ lưu trang sản phẩm.")
    ]
    assert not Product.objects.exists()


def test_a_cell_over_the_length_cap_is_refused_before_openpyxl(owner, openpyxl_must_not_parse):
    data = _workbook([HEADER, ["Trà", "ca-phe-tra", "1000", "A" * (imports.MAX_CELL_CHARS + 1)]])
    response = owner.post(API, {"file": _upload(data)}, format="multipart")
    assert response.status_code == 400
    assert _errors(response) == [
        ("file", "Một ô có hơn 10000 ký tự: hãy rút ngắn rồi tải tệp lên lại.")
    ]


def test_an_archive_of_many_members_is_refused_before_openpyxl(owner, openpyxl_must_not_parse):
    data = _rewritten(_workbook([HEADER]), extra=imports.MAX_XLSX_MEMBERS)
    response = owner.post(API, {"file": _upload(data)}, format="multipart")
    assert response.status_code == 400
    assert _errors(response)[0][0] == "file"


def test_a_csv_cell_over_the_length_cap_is_refused(owner):
    body = "name,category,price,description\nTrà,ca-phe-tra,1000," + "A" * 10_001 + "\n"
    response = owner.post(API, {"file": _upload(body.encode(), "san-pham.csv")}, format="multipart")
    assert response.status_code == 400
    assert _errors(response) == [
        ("file", "Một ô có hơn 10000 ký tự: hãy rút ngắn rồi tải tệp lên lại.")
    ]


def test_a_cell_at_the_cap_is_accepted(owner):
    description = "Mô tả " * (imports.MAX_CELL_CHARS // 6)
    data = _workbook([HEADER, ["Trà", "ca-phe-tra", "1000", description]])
    response = owner.post(API, {"file": _upload(data)}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["rows"] == 1


def test_a_sheet_claiming_the_widest_size_is_read_only_as_wide_as_the_columns(owner):
    # A stray cell in the last column (XFD) made openpyxl pad every row to 16,384 cells.
    data = _workbook([HEADER, ["Trà", "ca-phe-tra", "1000", ""]], far_cell=(4, 16_384))
    response = owner.post(API, {"file": _upload(data)}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json() == {"rows": 1, "created": 1, "updated": 0, "committed": False}


def test_a_file_that_is_no_zip_is_refused(owner):
    response = owner.post(API, {"file": _upload(b"PK\x03\x04 not a zip")}, format="multipart")
    assert response.status_code == 400
    assert _errors(response) == [("file", "Đây không phải tệp XLSX mà hệ thống đọc được.")]


@pytest.fixture
def two_imports_an_hour(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "imports": "2/hour",
        },
    }


def _csv_upload():
    return _upload(b"name,category,price\nTra,ca-phe-tra,1000\n", "san-pham.csv")


def test_imports_through_the_api_are_throttled_per_user(owner, users, two_imports_an_hour):
    statuses = [
        owner.post(API, {"file": _csv_upload(), "dry_run": "false"}, format="multipart").status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert Product.objects.count() == 2
    # Other endpoints and other users are not held back by it.
    assert owner.get("/api/v1/vendor/products/").status_code == 200
    staff = token_client(users["vendor_staff"])
    assert staff.post(API, {"file": _csv_upload()}, format="multipart").status_code == 200


def test_workspace_imports_share_the_count(client, users, shop_a, two_imports_an_hour):
    owner = users["vendor_owner"]
    token_client(owner).post(API, {"file": _csv_upload()}, format="multipart")
    client.force_login(owner)
    assert client.post(WORKSPACE, {"business": shop_a.pk, "file": _csv_upload()}).status_code == 200
    response = client.post(WORKSPACE, {"business": shop_a.pk, "file": _csv_upload()})
    assert response.status_code == 429
    assert "Quá nhiều lần nhập" in response.content.decode()
