"""Download my data: one JSON file and a readable page with everything held about the person,
decrypted, built by the task worker, for that person alone until the link expires."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.models import DataExport, ExportStatus, RequestKind, RequestStatus

pytestmark = pytest.mark.django_db


def _export(client, user) -> DataExport:
    client.force_login(user)
    response = client.post(reverse("privacy:export_start"))
    assert response.status_code == 302
    return DataExport.objects.get(user=user)


def test_export_holds_each_kind_of_data_decrypted_and_nothing_of_another_person(
    client, person, other_person
):
    export = _export(client, person.user)
    assert export.status == ExportStatus.READY and export.progress == 100

    response = client.get(reverse("privacy:export_json", args=[export.token]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    data = json.loads(text)

    values = person.values
    assert data["account"]["email"] == values["email"]
    assert data["account"]["first_name"] == values["first_name"]
    assert data["privacy"]["phone"] == values["phone"]
    assert {c["purpose"] for c in data["privacy"]["consents"]} == {"marketing", "programme"}
    assert all(c["notice_version"] == "2026-01" for c in data["privacy"]["consents"])
    assert data["privacy"]["addresses"][0]["street_address"] == values["address_street"]
    assert data["privacy"]["addresses"][0]["phone"] == values["address_phone"]
    order = data["orders"]["orders"][0]
    assert order["phone"] == values["order_phone"]
    assert order["street_address"] == values["order_street"]
    assert order["shops"][0]["lines"][0] == {
        "name": "Bánh mì thịt",
        "unit_price": 30_000,
        "quantity": 2,
        "refunded_quantity": 0,
    }
    assert data["orders"]["cart"][0]["quantity"] == 2
    business = data["businesses"][0]
    assert business["tax_code"] == values["tax_code"]
    assert business["phone"] == values["business_phone"]
    assert business["street_address"] == values["business_street"]
    assert business["role"] == "owner"
    assert data["assessments"][0]["answers"]
    assert data["payment_accounts"][0]["payment_account_state"] == "ready"
    assert data["payment_accounts"][0]["bank_account_state"] == "unconfirmed"
    assert values["bank_number"] not in text  # payment accounts: state only, never secrets
    assert data["access_log"][0]["why"] == "follow-up call 1"
    assert data["access_log"][0]["fields"] == "phone"
    assert [r["kind"] for r in data["privacy"]["requests"]] == ["access"]

    for value in other_person.values.values():
        assert value not in text
    assert "follow-up call 2" not in text

    summary = client.get(reverse("privacy:export_html", args=[export.token]))
    assert summary.status_code == 200
    assert values["order_street"] in summary.content.decode()
    assert values["tax_code"] in summary.content.decode()

    request = export.request
    request.refresh_from_db()
    assert request.kind == RequestKind.ACCESS and request.status == RequestStatus.COMPLETED


def test_link_of_another_person_or_expired_is_404(client, person, other_person):
    export = _export(client, person.user)
    url = reverse("privacy:export_json", args=[export.token])

    client.force_login(other_person.user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in

    client.force_login(person.user)
    assert client.get(url).status_code == 200
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert client.get(url).status_code == 404
    assert client.get(reverse("privacy:export_json", args=["x" * 65])).status_code == 404


def test_progress_is_shown_while_the_export_waits(client, person, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(person.user)
    client.post(reverse("privacy:export_start"))
    export = DataExport.objects.get(user=person.user)
    assert export.status == ExportStatus.QUEUED
    page = client.get(reverse("privacy:centre"))
    assert 'data-export-status="queued"' in page.content.decode()
    assert client.get(reverse("privacy:export_json", args=[export.token])).status_code == 404
