"""The city's enterprise register: import command, lookup for the profile form, verified count."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Ward
from registry.models import RegisteredEnterprise, RegisterImport
from registry.selectors import businesses_verified_against_register, register_entry_for
from tests.factories import BusinessFactory, UserFactory

pytestmark = pytest.mark.django_db

SAMPLE = (
    Path(__file__).resolve().parents[2] / "registry" / "fixtures" / "enterprise_register_sample.csv"
)
HEADER = (
    "Mã số thuế,Tên doanh nghiệp,Địa chỉ trụ sở,Mã phường/xã,Phường/Xã,Ngày thành lập,Tình trạng\n"
)


def _import(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_enterprise_register", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _csv(tmp_path, rows, header=HEADER):
    path = tmp_path / "register.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def test_import_loads_the_sample_with_its_source_and_date():
    out, _err = _import(SAMPLE, "--date", "2026-11-30", "--source", "HCMC open data")
    assert "6 rows: 6 new, 0 changed, 0 unchanged, 0 bad" in out
    assert "[##############################] 6/6" in out
    entry = RegisteredEnterprise.objects.get(tax_code="0314409058")
    assert (entry.legal_name, entry.street_address, entry.ward_id) == (
        "CÔNG TY TNHH CÀ PHÊ AN NGUYÊN",
        "12 Lê Lợi",
        "26743",
    )
    assert entry.founded_on == date(2017, 3, 15)
    assert (entry.source_import.source, entry.source_import.source_date) == (
        "HCMC open data",
        date(2026, 11, 30),
    )
    assert RegisteredEnterprise.objects.get(tax_code="0331027429").legal_name == (
        'CÔNG TY TNHH GỐM SỨ "AN HỘI"'
    )


def test_importing_the_same_file_again_changes_nothing():
    _import(SAMPLE, "--date", "2026-11-30")
    first = dict(RegisteredEnterprise.objects.values_list("tax_code", "source_import_id"))
    out, _err = _import(SAMPLE, "--date", "2026-12-01")
    assert "6 rows: 0 new, 0 changed, 6 unchanged, 0 bad. The register already holds" in out
    assert RegisterImport.objects.count() == 1
    assert dict(RegisteredEnterprise.objects.values_list("tax_code", "source_import_id")) == first


def test_a_changed_row_is_updated_and_stamped_with_the_new_import(tmp_path):
    _import(SAMPLE, "--date", "2026-11-30")
    text = SAMPLE.read_text(encoding="utf-8").replace("12 Lê Lợi", "14 Lê Lợi")
    out, _err = _import(_csv(tmp_path, [], header=text), "--date", "2026-12-31")
    assert "6 rows: 0 new, 1 changed, 5 unchanged, 0 bad" in out
    entry = RegisteredEnterprise.objects.get(tax_code="0314409058")
    assert entry.street_address == "14 Lê Lợi"
    assert entry.source_import.source_date == date(2026, 12, 31)


def test_dry_run_reports_and_writes_nothing():
    out, _err = _import(SAMPLE, "--dry-run")
    assert "6 rows: 6 new, 0 changed, 0 unchanged, 0 bad. Dry run: nothing was written." in out
    assert RegisteredEnterprise.objects.count() == 0
    assert RegisterImport.objects.count() == 0


def test_bad_rows_are_reported_by_line_and_nothing_is_written(tmp_path):
    path = _csv(
        tmp_path,
        [
            "0314409058,CÔNG TY A,1 Lê Lợi,26743,,,\n",
            "0314409059,CÔNG TY B,2 Lê Lợi,26743,,,\n",
            "079123456789,HỘ KINH DOANH C,3 Lê Lợi,26743,,,\n",
            "0331000000,CÔNG TY D,4 Lê Lợi,99999,Phường Không Có,,\n",
            "0331013715,CÔNG TY E,5 Lê Lợi,26743,,31/02/2020,\n",
            "0314409058,CÔNG TY A LẦN HAI,1 Lê Lợi,26743,,,\n",
            "0331041134,,6 Lê Lợi,26743,,,\n",
        ],
    )
    for dry in ([], ["--dry-run"]):
        with pytest.raises(CommandError, match="7 rows: 1 new, 0 changed, 0 unchanged, 6 bad"):
            out, err = _import(path, *dry)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_enterprise_register", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "line 3: 0314409059 không phải là mã số thuế hợp lệ.",
        "line 4: Số định danh cá nhân không phải mã số thuế doanh nghiệp; dòng này không được nạp.",
        "line 5: Không rõ phường/xã: 99999 Phường Không Có.",
        "line 6: 31/02/2020 không phải là ngày (ngày/tháng/năm).",
        "line 7: Mã số thuế 0314409058 xuất hiện lần nữa (lần đầu ở dòng 2).",
        "line 8: Tên doanh nghiệp đang trống.",
    ]
    assert RegisteredEnterprise.objects.count() == 0
    assert RegisterImport.objects.count() == 0


def test_a_file_without_the_declared_columns_is_refused(tmp_path):
    path = _csv(tmp_path, ["1,2\n"], header="MST,Ten\n")
    with pytest.raises(CommandError, match="Mã số thuế, Tên doanh nghiệp, Địa chỉ trụ sở"):
        _import(path)


@pytest.fixture
def register():
    _import(SAMPLE, "--date", "2026-11-30", "--source", "HCMC open data")


def test_lookup_fills_from_the_register_with_its_source(
    client, register, django_assert_num_queries
):
    client.force_login(UserFactory())
    with django_assert_num_queries(3):  # session, user, the entry with its ward and import
        response = client.get("/registry/lookup.json", {"tax_code": "0314 409 058"})
    assert response.json() == {
        "found": True,
        "tax_code": "0314409058",
        "legal_name": "CÔNG TY TNHH CÀ PHÊ AN NGUYÊN",
        "street_address": "12 Lê Lợi",
        "ward": "26743",
        "ward_name": "Phường Bến Thành",
        "note": "Điền từ sổ đăng ký doanh nghiệp của Thành phố (HCMC open data, 30/11/2026). "
        "Hãy kiểm tra tên pháp lý, địa chỉ và phường/xã, và sửa nếu chưa đúng.",
    }


def test_lookup_in_english(client, register):
    client.force_login(UserFactory())
    response = client.get(
        "/registry/lookup.json", {"tax_code": "0314409058"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    data = response.json()
    assert data["ward_name"] == Ward.objects.get(code="26743").full_name_en
    assert data["note"].startswith("Filled from the city's enterprise register (HCMC open data,")


@pytest.mark.parametrize("tax_code", ["0331068552", "079123456789", "abc", ""])
def test_lookup_of_an_unknown_or_malformed_code_finds_nothing(client, register, tax_code):
    client.force_login(UserFactory())
    assert client.get("/registry/lookup.json", {"tax_code": tax_code}).json() == {"found": False}


def test_lookup_needs_a_signed_in_user_and_is_limited(client, register):
    assert client.get("/registry/lookup.json", {"tax_code": "0314409058"}).status_code == 302
    client.force_login(UserFactory())
    for _ in range(60):
        client.get("/registry/lookup.json", {"tax_code": "0314409058"})
    response = client.get("/registry/lookup.json", {"tax_code": "0314409058"})
    assert response.status_code == 429
    assert response.json()["found"] is False
    assert client.post("/registry/lookup.json").status_code == 405


def test_profiles_verified_against_the_register_are_counted(register, django_assert_num_queries):
    kept = BusinessFactory(
        tax_code="0314409058",
        legal_name="CÔNG TY TNHH CÀ PHÊ AN NGUYÊN",
        ward=Ward.objects.get(code="26743"),
    )
    BusinessFactory(
        tax_code="0331000000",
        legal_name="Công ty TNHH May mặc Bình Lợi",
        ward=Ward.objects.get(code="27610"),
    )
    BusinessFactory(
        tax_code="0331013715", legal_name="CÔNG TY CỔ PHẦN THỰC PHẨM PHÚ THỌ"
    )  # ward differs
    BusinessFactory()  # not in the register
    with django_assert_num_queries(1):
        assert businesses_verified_against_register().count() == 1
    assert list(businesses_verified_against_register()) == [kept]
    assert register_entry_for(tax_code="0314409058").legal_name == "CÔNG TY TNHH CÀ PHÊ AN NGUYÊN"
