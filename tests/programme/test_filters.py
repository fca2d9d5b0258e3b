"""A dashboard that reads right: wards and former districts typed by name (with or without
diacritics) or code, clear errors with the closest names, months that make sense, city time in the
locale's format, and exports that say which filters made them and when."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from accounts.models import Sector
from programme.filters import FilterForm
from programme.views import city_time
from tests.programme.factories import AN_NHON, BEN_THANH

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/programme/"


def _filters(**data):
    form = FilterForm(data)
    assert form.is_valid(), form.errors
    return form.filters()


@pytest.mark.parametrize(
    "typed",
    [
        "Phường Bến Thành",
        "phuong ben thanh",
        "Bến Thành",
        "ben thanh",
        "  BEN   THANH ",
        "Phường Bến Thành (Quận 1)",  # a suggestion picked from the list
        "Ben Thanh Ward",
        BEN_THANH,
    ],
)
def test_a_ward_is_typed_by_name_with_or_without_diacritics_or_by_code(db, typed):
    assert _filters(ward=typed).ward == BEN_THANH


def test_a_former_district_is_typed_with_or_without_diacritics(db):
    assert _filters(district="quan go vap").district == "Quận Gò Vấp"
    assert _filters(district="Quận 1").district == "Quận 1"


def test_an_unknown_ward_is_answered_with_the_closest_names(db):
    form = FilterForm({"ward": "Ben Thnah"})
    assert not form.is_valid()
    (message,) = form.errors["ward"]
    assert "Ben Thnah" in message
    assert "Phường Bến Thành (Quận 1)" in message


def test_an_unknown_district_is_answered_with_the_closest_names(db):
    form = FilterForm({"district": "Quan Go Vapp"})
    assert not form.is_valid()
    assert "Quận Gò Vấp" in form.errors["district"][0]


def test_the_page_takes_a_long_ward_name_and_suggests_names(manager_client, city):
    response = manager_client.get(DASHBOARD, {"ward": "Phường Bến Thành"})
    assert response.status_code == 200
    assert response.context["figures"]["summary"]["registered"] == 5
    html = response.content.decode()
    ward_input = re.search(r'<input[^>]*name="ward"[^>]*>', html).group(0)
    assert "maxlength" not in ward_input
    assert 'value="Phường Bến Thành"' in ward_input
    assert '<option value="Phường Bến Thành (Quận 1)">' in html
    assert '<option value="Quận Gò Vấp">' in html


def test_an_unknown_name_on_the_page_is_a_400_with_the_message(manager_client, city):
    response = manager_client.get(DASHBOARD, {"ward": "phuong ben thanhh"})
    assert response.status_code == 400
    assert "figures" not in response.context
    assert "Phường Bến Thành (Quận 1)" in response.content.decode()


def test_months_the_wrong_way_round_or_in_the_future_are_form_errors(db):
    form = FilterForm({"joined_from": "2026-05", "joined_to": "2026-02"})
    assert not form.is_valid() and "2026-05" in form.errors["__all__"][0]
    now = timezone.localtime()
    following = f"{now.year + (now.month == 12):04d}-{now.month % 12 + 1:02d}"
    form = FilterForm({"joined_to": following})
    assert not form.is_valid()
    assert following in form.errors["joined_to"][0]
    assert FilterForm({"joined_to": now.strftime("%Y-%m")}).is_valid()


def test_times_are_in_city_time_in_the_locale_format():
    with translation.override("vi"):
        assert city_time("2026-12-07T17:30:00+00:00") == "00:30 Ngày 08 tháng 12 năm 2026"
    with translation.override("en"):
        assert city_time("2026-12-07T17:30:00+00:00") == "Dec. 8, 2026, 12:30 a.m."


def test_the_dashboard_shows_when_it_was_computed_in_city_time(manager_client, city):
    response = manager_client.get(DASHBOARD)
    built = response.context["figures"]["built_at"]
    assert city_time(built) in response.content.decode()


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_an_export_names_its_filters_and_time_in_the_file_name_and_first_line(manager_client, city):
    url = reverse("programme_admin:export", args=["by_sector", "csv"])
    response = manager_client.get(url, {"ward": "ben thanh", "sector": "G"})
    disposition = response["Content-Disposition"]
    stamp = timezone.localtime().strftime("%Y%m%d")
    assert re.fullmatch(
        rf'attachment; filename="cho-so-by_sector-phuong-ben-thanh-quan-1-g-{stamp}-\d{{4}}\.csv"',
        disposition,
    ), disposition
    first = _csv(response)[0][0]
    assert "Phường Bến Thành (Quận 1)" in first
    assert str(Sector.G.label) in first


def test_an_export_with_no_rows_is_the_filter_line_and_the_header(manager_client, city):
    url = reverse("programme_admin:export", args=["by_sector", "csv"])
    rows = _csv(manager_client.get(url, {"ward": AN_NHON, "sector": "I"}))
    assert len(rows) == 2
    assert "Phường An Nhơn" in rows[0][0]
    assert rows[1][0] and len(rows[1]) > 5  # the header
    xlsx = manager_client.get(
        reverse("programme_admin:export", args=["by_sector", "xlsx"]),
        {"ward": AN_NHON, "sector": "I"},
    )
    values = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert len(values) == 2 and "Phường An Nhơn" in values[0][0]


def test_an_unfiltered_export_says_it_covers_the_whole_city(manager_client, city):
    with translation.override("en"):
        response = manager_client.get(
            reverse("programme_admin:export", args=["indicators", "csv"]),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    first = _csv(response)[0][0]
    assert re.search(r"\d{4}", first)  # the time it was made
