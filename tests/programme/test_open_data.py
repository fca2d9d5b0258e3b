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

THIRD_WARD = "26740"  # Phường Sài Gòn

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
        "reassessed": None,
        "payment_ready": None,
        "selling_online": None,
        "first_sale": None,
        "digital_platforms": None,
        "level3_plus": None,
        "mean_score": None,
        "electronic_share": None,
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


def _row(**values) -> dict:
    return {
        "businesses": 20,
        **dict.fromkeys(open_data.COUNT_FIELDS, 0),
        "mean_score": None,
        "electronic_share": None,
        **values,
    }


def test_suppress_rules():
    rows = [
        _row(
            businesses=15,
            assessed=10,
            reassessed=5,
            payment_ready=6,
            digital_platforms=15,
            level3_plus=3,
            mean_score=41.5,
            first_sale=5,
            electronic_share=70.0,
        ),
        _row(
            businesses=20,
            assessed=4,
            payment_ready=16,
            selling_online=5,
            digital_platforms=15,
            mean_score=30.0,
            first_sale=3,
            electronic_share=50.0,
        ),
    ]
    out = open_data.suppress(rows)
    assert out[0]["assessed"] == 10 and out[0]["payment_ready"] == 6
    assert out[0]["selling_online"] == 0 and out[0]["digital_platforms"] == 15
    assert out[0]["level3_plus"] is None and out[0]["mean_score"] == 41.5
    assert out[0]["electronic_share"] == 70.0
    assert out[1]["assessed"] is None and out[1]["mean_score"] is None
    assert out[1]["payment_ready"] is None  # 4 are not ready
    assert out[1]["selling_online"] == 5 and out[1]["digital_platforms"] == 15
    assert out[1]["electronic_share"] is None  # 3 businesses sold


def _recoverable(rows: list[dict], city: dict) -> list[tuple[str, str]]:
    """The withheld cells an attacker gets back by subtracting the shown cells of a column from
    the city total: a column with exactly one withheld cell gives it away."""
    found = []
    for name in ("businesses", *open_data.COUNT_FIELDS):
        if city[name] is None:
            continue
        withheld = [row for row in rows if row[name] is None]
        if len(withheld) == 1:
            found.append((withheld[0]["code"], name))
    return found


def test_complementary_suppression_leaves_no_cell_to_recover(client, city):
    # Bến Thành 5 + 4 more = 9 in one ward, An Nhơn 2 + 5 = 7, a third ward of 5.
    BusinessFactory.create_batch(4, ward=ward(BEN_THANH), sector="G")
    BusinessFactory.create_batch(5, ward=ward(AN_NHON), sector="G")
    BusinessFactory.create_batch(5, ward=ward(THIRD_WARD), sector="C")
    business_facts_refresh()
    data = client.get("/open-data/adoption.json").json()
    (total,) = [row for row in data["rows"] if row["dimension"] == "city"]
    assert total["businesses"] == 7 + 14
    for dimension in ("ward", "sector", "size_band", "month"):
        rows = [row for row in data["rows"] if row["dimension"] == dimension]
        assert _recoverable(rows, total) == [], dimension
        # The published cells still add up to the total where nothing is withheld.
        for name in ("businesses", *open_data.COUNT_FIELDS):
            if total[name] is not None and all(row[name] is not None for row in rows):
                assert sum(row[name] for row in rows) == total[name]


def test_one_lone_withheld_count_takes_the_smallest_other_with_it():
    rows = [
        {"code": "a", **_row(businesses=30, payment_ready=2)},  # withheld: 2 is small
        {"code": "b", **_row(businesses=20, payment_ready=8)},
        {"code": "c", **_row(businesses=25, payment_ready=6)},
    ]
    out = open_data.suppress(rows, total=set())
    assert [row["payment_ready"] for row in out] == [None, 8, None]  # c's 6 is the smallest
    assert [row["businesses"] for row in out] == [30, 20, 25]
    assert _recoverable(out, {"businesses": 75, **dict.fromkeys(open_data.COUNT_FIELDS, 16)}) == []
    # Without a published total nothing needs to go with it.
    assert [row["payment_ready"] for row in open_data.suppress(rows)] == [None, 8, 6]


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
    response = client.get("/en/open-data/")
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
