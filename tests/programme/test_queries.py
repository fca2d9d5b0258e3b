"""The dashboard's queries are fixed whatever the number of businesses (programme.selectors).

The whole city (no filter) is read from the tallies (``programme.tallies``): two statements, the
tallies and the accounts that signed up to sell, whatever the number of businesses. Under a filter,
on PostgreSQL every figure comes from four statements: the aggregate of the filtered facts (counts,
maturity, progress, median, sales), the level transitions, every breakdown and monthly trend in
one ``GROUPING SETS`` scan, and the sales by month (the signed-up count is not asked under a ward).
Elsewhere (SQLite) the median, each breakdown and each trend month column take a query of their
own.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import BusinessType, Sector
from accounts.selectors import ward_names
from programme import selectors
from programme.filters import Filters
from programme.services import business_facts_refresh
from tests.factories import BusinessFactory, ward
from tests.programme.factories import AN_NHON, BEN_THANH, assessment, at, joined

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/programme/"
# selectors.dashboard() under a ward filter: aggregate, transitions, grouping sets, sales by month.
FILTERED_QUERIES = {"postgresql": 4, "sqlite": 3 + 6 + 3 + 1}
WHOLE_CITY_QUERIES = 2  # the tallies, the accounts that signed up to sell


def _businesses(count: int, *, start: int = 0) -> None:
    """``count`` businesses over two wards, three sectors and three joining months, half of them
    assessed twice."""
    wards = [ward(BEN_THANH), ward(AN_NHON)]
    for n in range(start, start + count):
        business = joined(
            BusinessFactory(
                ward=wards[n % 2],
                sector=(Sector.G, Sector.I, Sector.C)[n % 3],
                business_type=(BusinessType.HOUSEHOLD, BusinessType.COMPANY)[n % 2],
            ),
            f"2026-0{1 + n % 3}",
        )
        if n % 2:
            assessment(business, overall=10 + n, taken_at=at("2026-03"))
            assessment(business, overall=20 + n, taken_at=at("2026-05"))
    business_facts_refresh()


def _filtered_queries() -> int:
    return FILTERED_QUERIES[connection.vendor]


@pytest.fixture(autouse=True)
def _ward_names_loaded(db):
    """Ward names are reference data read once per process (``accounts.selectors.ward_names``)."""
    ward_names(refresh=True)


def test_dashboard_figures_take_a_fixed_number_of_queries(django_assert_num_queries):
    _businesses(20)
    with django_assert_num_queries(WHOLE_CITY_QUERIES):
        figures = selectors.dashboard(Filters())
    assert figures["summary"]["registered"] == 20
    assert figures["maturity"]["assessed"] == 10
    assert figures["progress"]["reassessed"] == 10
    assert [row["registered"] for row in figures["breakdowns"]["sector"]] == [6, 7, 7]  # C, G, I
    # Under a filter accounts cannot answer (a ward), the signed-up count is not asked.
    with django_assert_num_queries(_filtered_queries()):
        figures = selectors.dashboard(Filters(ward=AN_NHON, joined_from="2026-02"))
    assert figures["signed_up"] is None
    assert figures["maturity"]["assessed"] == 7


def _cold_dashboard_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_cold_dashboard_page_query_count_is_fixed(manager_client):
    """The page around the figures (session, user, roles, the admin's menu, the filter form, the
    targets) takes the same queries whatever the data."""
    _businesses(2)
    small = _cold_dashboard_queries(manager_client)
    _businesses(18, start=2)
    assert _cold_dashboard_queries(manager_client) == small
