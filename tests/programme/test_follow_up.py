"""The follow-up list: personal fields masked, unmasking only by a data-protection officer (or a
superuser) with a reason, and every unmasking audited without the value."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from privacy.models import AccessLog
from programme.services import business_facts_refresh
from tests.factories import BusinessFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/programme/follow-up/"


def test_manager_sees_masked_contact_details(manager_client, city):
    response = manager_client.get(URL, {"kind": "assessed_no_payment"})
    assert response.status_code == 200
    html = response.content.decode()
    assert city.b2.trading_name in html and city.b5.trading_name in html
    assert city.b1.trading_name not in html  # ready
    assert "0903 *** 789" in html
    assert "Nguyễn T. L." in html
    assert "+84903123789" not in html and "Nguyễn Thị Lan" not in html
    assert city.b2.email not in html


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"kind": "not_assessed"})
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def test_follow_up_list_query_count_is_fixed(manager_client, city):
    few, html = _queries(manager_client)
    added = BusinessFactory.create_batch(6, ward=city.b7.ward)
    business_facts_refresh()
    more, longer_html = _queries(manager_client)
    # The second list is longer by the six new businesses, in the same number of queries.
    assert all(b.trading_name not in html and b.trading_name in longer_html for b in added)
    assert more == few


def test_manager_cannot_unmask(manager_client, city):
    response = manager_client.post(
        URL + "?kind=assessed_no_payment", {"business": city.b2.pk, "reason": "call back"}
    )
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_dpo_manager_unmasks_one_business_with_a_reason_and_it_is_audited(client, city):
    officer = UserFactory(roles=[Role.PROGRAMME_MANAGER, Role.DATA_PROTECTION_OFFICER])
    client.force_login(officer)
    response = client.post(
        URL + "?kind=assessed_no_payment",
        {"business": city.b2.pk, "reason": "Owner asked for a call about e-payments"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "0903 123 789" in html  # b2 whole (formatted by core.phones)
    assert html.count("0903 *** 789") == 2  # b5 and b6 stay masked
    log = AccessLog.objects.get()
    assert log.actor == officer
    assert log.subject_type == "accounts.business" and log.subject_id == str(city.b2.pk)
    assert log.fields == "email,owner_name,phone"
    assert log.reason == "Owner asked for a call about e-payments"
    assert "0903" not in f"{log.fields}{log.reason}{log.subject_id}"


def test_unmasking_without_a_reason_is_refused_and_not_audited(client, city):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(URL, {"business": city.b2.pk, "reason": ""})
    assert response.status_code == 400
    assert "+84903123789" not in response.content.decode()
    assert not AccessLog.objects.exists()


def test_follow_up_export_has_no_personal_columns(manager_client, city):
    response = manager_client.get(URL + "export.csv", {"kind": "assessed_no_payment"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 5  # the filter line, the header, b2, b5, b6
    text = response.content.decode("utf-8-sig")
    for personal in ("+84903123789", "0903", "Nguyễn Thị Lan", city.b2.email, "Lê Lợi"):
        assert personal not in text


def test_unknown_follow_up_list_is_a_clear_400(manager_client, city):
    response = manager_client.get(URL, {"kind": "everyone"})
    assert response.status_code == 400
