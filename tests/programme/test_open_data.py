"""Open data: no personal fields, small cells suppressed, cached and rebuilt on change."""

import csv
import io

import pytest
from django.core.management import call_command

from programme import open_data
from programme.cache import data_version
from programme.services import business_facts_refresh
from tests.factories import BusinessFactory, ward
from tests.programme.factories import AN_NHON, BEN_THANH

pytestmark = pytest.mark.django_db


def _rows(client, dimension):
    data = client.get("/open-data/adoption.json").json()
    return {row["code"]: row for row in data["rows"] if row["dimension"] == dimension}


def test_a_two_business_ward_is_suppressed(client, city):
    wards = _rows(client, "ward")
    assert wards[AN_NHON] == {
        "dimension": "ward",
        "code": AN_NHON,
        "name_vi": "Phường An Nhơn",
        "name_en": wards[AN_NHON]["name_en"],
        "businesses": None,
        "assessed": None,
        "payment_ready": None,
        "selling_online": None,
        "first_sale": None,
        "digital_platforms": None,
        "level3_plus": None,
        "mean_score": None,
        "suppressed": True,
    }


def test_a_lone_suppressed_row_takes_a_second_with_it(client, city):
    # Bến Thành (5) would be published beside An Nhơn (2); the total of the sectors (7) would
    # then reveal An Nhơn, so Bến Thành is withheld too.
    wards = _rows(client, "ward")
    assert wards[BEN_THANH]["businesses"] is None


def test_cells_of_five_or_more_are_published_and_small_ones_withheld(client, city):
    BusinessFactory.create_batch(4, ward=ward(AN_NHON), sector="G")
    business_facts_refresh()
    wards = _rows(client, "ward")
    assert wards[BEN_THANH]["businesses"] == 5
    assert wards[AN_NHON]["businesses"] == 6
    # Bến Thành: 4 of 5 assessed (1 not: small), 3 of 5 ready (2 not: small), 0 selling... 1.
    assert wards[BEN_THANH]["assessed"] is None
    assert wards[BEN_THANH]["payment_ready"] is None
    assert wards[BEN_THANH]["selling_online"] is None
    assert wards[BEN_THANH]["mean_score"] is None  # 4 assessed
    assert wards[BEN_THANH]["suppressed"] is True
    # An Nhơn: 6 businesses, none ready, none selling: zero is safe to publish.
    assert wards[AN_NHON]["payment_ready"] == 0
    assert wards[AN_NHON]["selling_online"] == 0


def test_suppress_rules():
    rows = [
        {
            "businesses": 15,
            "assessed": 10,
            "payment_ready": 6,
            "selling_online": 0,
            "first_sale": 0,
            "digital_platforms": 15,
            "level3_plus": 3,
            "mean_score": 41.5,
        },
        {
            "businesses": 20,
            "assessed": 4,
            "payment_ready": 16,
            "selling_online": 5,
            "first_sale": 0,
            "digital_platforms": 15,
            "level3_plus": 0,
            "mean_score": 30.0,
        },
    ]
    out = open_data.suppress(rows)
    assert out[0]["assessed"] == 10 and out[0]["payment_ready"] == 6
    assert out[0]["selling_online"] == 0 and out[0]["digital_platforms"] == 15
    assert out[0]["level3_plus"] is None and out[0]["mean_score"] == 41.5
    assert out[1]["assessed"] is None and out[1]["mean_score"] is None
    assert out[1]["payment_ready"] is None  # 4 are not ready
    assert out[1]["selling_online"] == 5 and out[1]["digital_platforms"] == 15


def test_csv_has_no_personal_fields_and_the_same_rows(client, city):
    response = client.get("/open-data/adoption.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "Last-Modified" in response
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(open_data.FIELDS)
    assert len(rows) - 1 == len(client.get("/open-data/adoption.json").json()["rows"])
    for personal in ("+84903123789", "0903", "Nguyễn Thị Lan", city.b1.email, city.b1.trading_name):
        assert personal not in text


def test_page_documents_licence_fields_and_update_time(client, city):
    response = client.get("/open-data/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "CC BY 4.0" in html and "adoption.csv" in html and "payment_ready" in html
    assert open_data.dataset()["generated_at"] in html


def test_cached_and_rebuilt_when_data_changes(client, city, django_capture_on_commit_callbacks):
    first = client.get("/open-data/adoption.json").json()
    assert client.get("/open-data/adoption.json").json()["generated_at"] == first["generated_at"]
    version = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            BusinessFactory(ward=ward(AN_NHON))
    assert data_version() > version
    wards = _rows(client, "ward")
    assert wards[AN_NHON]["businesses"] == 6


def test_bulk_writes_without_signals_are_caught_by_the_scheduled_refresh(client, city):
    client.get("/open-data/adoption.json")
    BusinessFactory.create_batch(4, ward=ward(AN_NHON))  # not committed: no signal ran
    assert _rows(client, "ward")[AN_NHON]["businesses"] is None
    out = io.StringIO()
    call_command("programme_refresh", stdout=out)
    assert "facts of 12 businesses" in out.getvalue()
    assert _rows(client, "ward")[AN_NHON]["businesses"] == 6
