"""The funnel's first step, "signed up to sell", against hand-counted accounts beside the city
(tests/programme/factories.py): its definition, the filters it answers, the table, the chart, the
exports and the cache."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from accounts.models import JoinedAs, MembershipRole, User
from programme import selectors
from programme.filters import Filters
from programme.indicators import (
    ASSESSED,
    FIRST_SALE,
    FUNNEL,
    PAYMENT_READY,
    SELLING_ONLINE,
    STOREFRONT_LIVE,
)
from programme.tables import funnel_table
from tests.factories import MembershipFactory, UserFactory
from tests.programme.factories import AN_NHON

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/programme/"
NOTE_VI = (
    "Đăng ký để bán hàng: mọi hồ sơ doanh nghiệp, cộng mọi tài khoản đăng ký để bán hàng mà chưa "
    "có doanh nghiệp; bộ lọc tháng tham gia lọc tài khoản theo ngày đăng ký."
)
NOT_SHOWN_VI = (
    "Không hiển thị số đăng ký để bán hàng khi lọc theo phường/xã, quận/huyện cũ, ngành, quy mô "
    "hay loại hình: tài khoản không có các thông tin này."
)
NOT_SHOWN_EN = (
    "Signed up to sell is not shown with a ward, district, sector, size or type filter: accounts "
    "have none of these."
)


def _account(month: str, *, joined_as=JoinedAs.SELLER, **fields) -> User:
    year, number = map(int, month.split("-"))
    when = timezone.make_aware(datetime.datetime(year, number, 20, 8, 0))
    return UserFactory(joined_as=joined_as, date_joined=when, **fields)


@pytest.fixture
def accounts(city):
    """Beside the city's seven active businesses (b1, b2 in 2026-01; b3, b4 in 2026-02; b5, b6, b7
    in 2026-03; none of them has an account):

    seller_jan   seller, 2026-01, no business                  -> counted
    seller_mar   seller, 2026-03, no business                  -> counted
    owner_two    seller, 2026-01, owner of b1 and b2           -> through b1 and b2
    staff        seller, 2026-02, staff of b3                  -> through b3
    gone         seller, 2026-01, account deactivated          -> nowhere
    old_owner    seller, 2026-02, owner of the inactive one    -> nowhere (that business is not)
    shopper      shopper, 2026-01                              -> nowhere
    shop_owner   shopper (joined before the question), 2026-02, owner of b4 -> through b4
    """
    made = {
        "seller_jan": _account("2026-01"),
        "seller_mar": _account("2026-03"),
        "owner_two": _account("2026-01"),
        "staff": _account("2026-02"),
        "gone": _account("2026-01", is_active=False),
        "old_owner": _account("2026-02"),
        "shopper": _account("2026-01", joined_as=JoinedAs.SHOPPER),
        "shop_owner": _account("2026-02", joined_as=JoinedAs.SHOPPER),
    }
    MembershipFactory(user=made["owner_two"], business=city.b1)
    MembershipFactory(user=made["owner_two"], business=city.b2)
    MembershipFactory(user=made["staff"], business=city.b3, role=MembershipRole.STAFF)
    MembershipFactory(user=made["old_owner"], business=city.inactive)
    MembershipFactory(user=made["shop_owner"], business=city.b4)
    return made


def _signed_up(filters: Filters) -> int | None:
    return selectors.signed_up_to_sell(filters, registered=selectors.summary(filters)["registered"])


def test_signed_up_counts_every_profile_and_the_sellers_without_one(accounts):
    assert _signed_up(Filters()) == 7 + 2  # the seven active businesses, seller_jan, seller_mar


@pytest.mark.parametrize(
    ("joined_from", "joined_to", "expected"),
    [
        ("2026-01", "2026-01", 2 + 1),  # b1, b2 + seller_jan
        ("2026-02", "2026-02", 2 + 0),  # b3, b4 (staff and old_owner belong to businesses)
        ("2026-03", "2026-03", 3 + 1),  # b5, b6, b7 + seller_mar
        ("2026-02", "", 5 + 1),
        ("", "2026-01", 2 + 1),
        ("2026-04", "", 0),
    ],
)
def test_the_joining_months_filter_accounts_by_signup_date(
    accounts, joined_from, joined_to, expected
):
    assert _signed_up(Filters(joined_from=joined_from, joined_to=joined_to)) == expected


@pytest.mark.parametrize(
    "filters",
    [
        Filters(ward=AN_NHON),
        Filters(district="Quận 1"),
        Filters(sector="G"),
        Filters(size_band="micro"),
        Filters(business_type="household"),
        Filters(sector="G", joined_from="2026-01"),
    ],
)
def test_filters_that_accounts_cannot_answer_give_no_figure(accounts, filters):
    assert _signed_up(filters) is None


def test_signed_up_is_one_count_query(accounts, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.signed_up_to_sell(Filters(), registered=7) == 9
    with django_assert_num_queries(0):
        assert selectors.signed_up_to_sell(Filters(ward=AN_NHON), registered=2) is None


def test_the_funnel_table_counts_each_step_by_its_indicator(accounts):
    table = funnel_table(selectors.dashboard(Filters()))
    assert table.rows == [
        ["Đăng ký để bán hàng", 9, None],
        ["Hồ sơ doanh nghiệp", 7, 100.0],
        [str(ASSESSED.short), 5, 71.4],
        [str(PAYMENT_READY.short), 3, 42.9],  # b4 is ready without an assessment
        [str(STOREFRONT_LIVE.short), 4, 57.1],
        [str(SELLING_ONLINE.short), 1, 14.3],
        [str(FIRST_SALE.short), 2, 28.6],
    ]
    summary = selectors.summary(Filters())
    for step, row in zip(FUNNEL, table.rows[1:], strict=True):
        assert row[1] == summary[step.code]
    assert table.notes[1:] == [NOTE_VI]


def test_under_a_ward_filter_the_step_is_a_dash_with_the_reason(manager_client, accounts):
    response = manager_client.get(DASHBOARD, {"ward": AN_NHON})
    table = response.context["tables"]["funnel"]
    assert table.rows[0] == ["Đăng ký để bán hàng", None, None]
    assert table.rows[1] == ["Hồ sơ doanh nghiệp", 2, 100.0]
    assert table.notes[1:] == [NOTE_VI, NOT_SHOWN_VI]
    html = response.content.decode()
    assert NOT_SHOWN_VI in html
    assert '<th scope="row">Đăng ký để bán hàng</th><td>—</td>' in html


def test_the_chart_draws_the_step(manager_client, accounts):
    chart = str(manager_client.get(DASHBOARD).context["charts"]["funnel"])
    assert "Đăng ký để bán hàng" in chart
    # The longest bar is the first step (9 of 9), the profiles' 7 of 9 of 300 px.
    assert 'width="300.0"' in chart
    assert 'width="233.3"' in chart


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_export_has_the_step_and_its_notes(manager_client, accounts):
    url = reverse("programme_admin:export", args=["funnel", "csv"])
    rows = _csv(manager_client.get(url))[1:]  # after the filter line
    assert rows[1] == ["Đăng ký để bán hàng", "9", ""]
    assert rows[2] == ["Hồ sơ doanh nghiệp", "7", "100.0"]
    assert rows[10:] == [[NOTE_VI]]

    rows = _csv(manager_client.get(url, {"sector": "G"}))[1:]
    assert rows[1] == ["Đăng ký để bán hàng", "", ""]
    assert rows[2][1] == "4"
    assert rows[10:] == [[NOTE_VI], [NOT_SHOWN_VI]]


def test_xlsx_export_has_the_step_and_its_notes(manager_client, accounts):
    url = reverse("programme_admin:export", args=["funnel", "xlsx"])
    response = manager_client.get(url, {"joined_from": "2026-03", "joined_to": "2026-03"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))[1:]  # after the filter line
    assert values[1][:2] == ("Đăng ký để bán hàng", 4)
    assert values[2][:2] == ("Hồ sơ doanh nghiệp", 3)
    assert values[-1][0] == NOTE_VI


def test_english_labels_and_notes(accounts):
    with translation.override("en"):
        table = funnel_table(selectors.dashboard(Filters(ward=AN_NHON)))
    assert table.rows[0] == ["Signed up to sell", None, None]
    assert table.notes[2] == NOT_SHOWN_EN


def test_a_seller_signup_drops_the_cached_figures(
    manager_client, accounts, django_capture_on_commit_callbacks
):
    assert manager_client.get(DASHBOARD).context["figures"]["signed_up"] == 9
    with django_capture_on_commit_callbacks(execute=True):
        UserFactory(joined_as=JoinedAs.SELLER)
    assert manager_client.get(DASHBOARD).context["figures"]["signed_up"] == 10


def test_a_login_or_a_shopper_signup_keeps_the_cache(
    manager_client, accounts, django_capture_on_commit_callbacks
):
    built = manager_client.get(DASHBOARD).context["figures"]["built_at"]
    with django_capture_on_commit_callbacks(execute=True):
        UserFactory(joined_as=JoinedAs.SHOPPER)
        seller = accounts["seller_jan"]
        seller.last_login = timezone.now()
        seller.save(update_fields=["last_login"])
    assert manager_client.get(DASHBOARD).context["figures"]["built_at"] == built


def test_joining_a_business_moves_a_seller_from_the_count_to_its_business(
    manager_client, accounts, city, django_capture_on_commit_callbacks
):
    assert manager_client.get(DASHBOARD).context["figures"]["signed_up"] == 9
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(user=accounts["seller_mar"], business=city.b5, role=MembershipRole.STAFF)
    assert manager_client.get(DASHBOARD).context["figures"]["signed_up"] == 8
