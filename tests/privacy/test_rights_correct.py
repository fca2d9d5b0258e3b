"""See and correct: name and phone, the address book (one's own only), bad input as form errors
with nothing changed; the pages in English too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy.models import Address, PersonalDetails, RequestKind, RightsRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = {
    "label": "Nhà",
    "contact_name": "Võ Thị Hạnh",
    "phone": "0912 345 678",
    "street_address": "3 Pasteur",
    "ward_code": "26743",
}


def test_name_and_phone_are_corrected(client, user):
    client.force_login(user)
    response = client.post(
        reverse("privacy:details"),
        {"first_name": "Hạnh", "last_name": "Võ Thị", "phone": "0912 345 678"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Hạnh", "Võ Thị")
    assert PersonalDetails.objects.get(user=user).phone == "+84912345678"


def test_a_bad_phone_is_a_form_error_and_changes_nothing(client, user):
    client.force_login(user)
    response = client.post(
        reverse("privacy:details"), {"first_name": "X", "last_name": "Y", "phone": "12345"}
    )
    assert response.status_code == 400
    assert "Hãy nhập số điện thoại Việt Nam" in response.content.decode()
    user.refresh_from_db()
    assert user.first_name != "X" and not PersonalDetails.objects.exists()


def test_address_book_add_edit_delete_and_only_ones_own(client, user):
    client.force_login(user)
    assert client.post(reverse("privacy:address_add"), ADDRESS).status_code == 302
    address = Address.objects.get(user=user)
    assert (address.phone, address.ward_code) == ("+84912345678", "26743")
    page = client.get(reverse("privacy:centre")).content.decode()
    assert "3 Pasteur" in page and "Bến Thành" in page

    client.post(
        reverse("privacy:address_edit", args=[address.pk]),
        {**ADDRESS, "street_address": "5 Lý Tự Trọng"},
    )
    address.refresh_from_db()
    assert address.street_address == "5 Lý Tự Trọng"

    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("privacy:address_edit", args=[address.pk])).status_code == 404
    assert client.post(reverse("privacy:address_delete", args=[address.pk])).status_code == 404
    bad = client.post(reverse("privacy:address_add"), {**ADDRESS, "ward_code": "99999"})
    assert bad.status_code == 400 and not Address.objects.filter(user=stranger).exists()

    client.force_login(user)
    assert client.post(reverse("privacy:address_delete", args=[address.pk])).status_code == 302
    assert not Address.objects.exists()


def test_a_correction_request_is_tracked_with_its_due_dates(client, user):
    client.force_login(user)
    client.post(
        reverse("privacy:request_create"), {"kind": "correction", "details": "Sai tên cửa hàng"}
    )
    row = RightsRequest.objects.get(user=user)
    assert row.kind == RequestKind.CORRECTION and row.acknowledge_by < row.complete_by
    page = client.get(reverse("privacy:centre")).content.decode()
    assert "Chỉnh sửa" in page and "Đã nhận" in page
    assert client.post(reverse("privacy:request_create"), {"kind": "deletion"}).status_code == 302
    assert RightsRequest.objects.count() == 1


def test_the_pages_in_english(client, user):
    client.force_login(user)
    page = client.get("/en/me/privacy/").content.decode()
    for text in ("My privacy", "What you agreed to", "Download my data", "Delete my account"):
        assert text in page
    notice = client.get("/en/me/privacy/notice/").content.decode()
    assert "Personal Data Protection Law 91/2025/QH15" in notice
    notice_vi = client.get("/vi/me/privacy/notice/").content.decode()
    assert "Luật Bảo vệ dữ liệu cá nhân" in notice_vi


def test_pages_need_sign_in_and_get_writes_nothing(client):
    for name in ("privacy:centre", "privacy:details", "privacy:delete", "privacy:address_add"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("privacy:export_start")).status_code == 302
    assert not RightsRequest.objects.exists()


def test_my_privacy_page_reads_a_fixed_number_of_queries(client, person):
    client.force_login(person.user)
    client.get(reverse("privacy:centre"))  # warm the session and the notice

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("privacy:centre")).status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        client.post(reverse("privacy:address_add"), {**ADDRESS, "label": f"A{n}"})
        client.post(reverse("privacy:request_create"), {"kind": "objection", "details": f"{n}"})
    client.post(reverse("privacy:export_start"))
    assert count() == few
