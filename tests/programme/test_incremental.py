"""Facts kept current one business at a time, and the city's tallies kept by difference.

``programme.services.business_changed`` is what runs after a change to one business commits: its
facts row and sales months are recomputed and the tallies (``programme.tallies``) moved by the
difference, in a fixed number of statements whatever the size of the city. The whole-city
dashboard reads the tallies; here it must say exactly what the facts say.
"""

import io

import pytest
from django.core.management import call_command

from accounts.models import Business
from accounts.selectors import ward_names
from payments.models import AccountState
from programme import selectors, tallies
from programme.filters import Filters
from programme.models import BusinessFacts, FactsTally, SalesMonth
from programme.services import business_changed, business_facts_refresh
from tests.factories import BusinessFactory, ward
from tests.payments.factories import PaymentAccountFactory
from tests.programme.factories import AN_NHON, BEN_THANH, assessment, at, cod_sale, joined

pytestmark = pytest.mark.django_db

# SAVEPOINT, the lock, contributions before (facts, sales), the facts statement, the upsert, the
# sales months (delete, read, write), contributions after (facts, sales), the tallies, RELEASE.
ONE_BUSINESS_QUERIES = 13


def _tallies() -> dict:
    return {
        (row.grouping, row.key, row.measure): row.amount
        for row in FactsTally.objects.exclude(amount=0)
    }


def _from_facts(filters: Filters) -> dict:
    """The dashboard read from the facts rows (the tallies set aside)."""
    FactsTally.objects.filter(grouping=tallies.BUILT[0]).delete()
    try:
        return selectors.dashboard(filters)
    finally:
        FactsTally.objects.create(
            grouping=tallies.BUILT[0], key="", measure=tallies.BUILT[2], amount=1
        )


def _without_time(figures: dict) -> dict:
    return {key: value for key, value in figures.items() if key != "built_at"}


def test_one_business_change_takes_a_fixed_number_of_queries(city, django_assert_max_num_queries):
    with django_assert_max_num_queries(ONE_BUSINESS_QUERIES):
        business_changed(business_id=city.b1.pk)
    for n in range(30):
        assessment(
            joined(BusinessFactory(ward=ward((BEN_THANH, AN_NHON)[n % 2])), "2026-02"),
            overall=n,
            taken_at=at("2026-03"),
        )
    business_facts_refresh()
    with django_assert_max_num_queries(ONE_BUSINESS_QUERIES):
        business_changed(business_id=city.b1.pk)
    with django_assert_max_num_queries(ONE_BUSINESS_QUERIES):
        business_changed(business_id=city.b6.pk)


def test_whole_city_dashboard_reads_the_tallies_in_two_statements(city, django_assert_num_queries):
    ward_names(refresh=True)  # reference data, read once per process
    with django_assert_num_queries(2):  # the tallies, the accounts that signed up to sell
        figures = selectors.dashboard(Filters())
    assert _without_time(figures) == _without_time(_from_facts(Filters()))
    assert figures["summary"]["registered"] == 7
    assert figures["maturity"]["median"] == 45.0


def test_changes_move_the_tallies_as_a_rebuild_would(city):
    # b7 assessed (six assessed: the median is the mean of the middle two), b6 made ready and
    # selling by cash, b2 leaves, a new business joins, b1 re-assessed lower.
    assessment(city.b7, overall=70, taken_at=at("2026-05"), answers={"E2": 3, "O1": 0, "O2": 0})
    PaymentAccountFactory(business=city.b6, state=AccountState.READY, ready_at=at("2026-05"))
    cod_sale(city.b6, month="2026-07", subtotal=120_000)
    Business.objects.filter(pk=city.b2.pk).update(is_active=False)
    newcomer = joined(BusinessFactory(ward=ward(AN_NHON)), "2026-07")
    assessment(city.b1, overall=25, taken_at=at("2026-07"))
    for business in (city.b7, city.b6, city.b2, newcomer, city.b1):
        business_changed(business_id=business.pk)

    moved = _tallies()
    figures = selectors.dashboard(Filters())
    assert figures["summary"]["registered"] == 7  # b2 left, the newcomer joined
    assert figures["maturity"]["assessed"] == 5  # b2 left, b7 assessed
    assert figures["maturity"]["median"] == 45.0  # 5, 25, 45, 70, 80
    assert figures["summary"]["sales_value"] == 450_000
    assert _without_time(figures) == _without_time(_from_facts(Filters()))
    tallies.rebuild()
    assert _tallies() == moved


def test_median_of_an_even_count_from_the_tallies(city):
    assessment(city.b7, overall=70, taken_at=at("2026-05"))
    business_changed(business_id=city.b7.pk)
    figures = selectors.dashboard(Filters())
    assert figures["maturity"]["median"] == 52.5  # 5, 40, 45, 60, 70, 80
    assert figures["maturity"] == _from_facts(Filters())["maturity"]


def test_a_change_touches_only_its_business(city):
    before = dict(BusinessFacts.objects.values_list("business_id", "refreshed_at"))
    business_changed(business_id=city.b3.pk)
    after = dict(BusinessFacts.objects.values_list("business_id", "refreshed_at"))
    assert {pk for pk in before if before[pk] != after[pk]} == {city.b3.pk}


def test_without_a_rebuild_the_dashboard_reads_the_facts(city):
    FactsTally.objects.all().delete()  # as after the migration, before the first job
    assert tallies.read() is None
    assert selectors.dashboard(Filters())["summary"]["registered"] == 7


def test_the_repair_command_goes_in_batches_and_resumes(city, monkeypatch):
    monkeypatch.setattr("programme.services.BATCH", 3)
    BusinessFacts.objects.all().delete()
    SalesMonth.objects.all().delete()
    ids = sorted(Business.objects.values_list("pk", flat=True))
    out = io.StringIO()
    call_command("programme_refresh", "--after", str(ids[4]), stdout=out)
    assert sorted(BusinessFacts.objects.values_list("business_id", flat=True)) == ids[5:]
    assert f"facts up to business {ids[-1]}" in out.getvalue()
    out = io.StringIO()
    call_command("programme_refresh", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[:3] == [
        f"programme: facts up to business {ids[2]}",
        f"programme: facts up to business {ids[5]}",
        f"programme: facts up to business {ids[-1]}",
    ]
    assert sorted(BusinessFacts.objects.values_list("business_id", flat=True)) == ids
    assert selectors.dashboard(Filters())["summary"]["registered"] == 7


def test_the_hourly_job_adds_missing_facts_and_rebuilds_the_tallies(city):
    from programme.tasks import programme_refresh  # noqa: PLC0415

    newcomer = BusinessFactory(ward=ward(BEN_THANH))  # no event ran (the test never commits)
    FactsTally.objects.filter(grouping="city").delete()  # drifted
    result = programme_refresh.call()
    assert result["businesses"] == 1
    assert BusinessFacts.objects.filter(business=newcomer).exists()
    assert selectors.dashboard(Filters())["summary"]["registered"] == 8
