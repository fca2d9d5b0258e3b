"""The dashboard's one-scan figures agree with the one-query-per-figure ORM answers
(programme.aggregates, programme.selectors.dashboard)."""

import pytest
from django.db.models import Count, Q

from programme import selectors
from programme.aggregates import grouped_by_each
from programme.filters import Filters
from tests.programme.factories import AN_NHON, BEN_THANH

pytestmark = pytest.mark.django_db

FILTERS = [
    Filters(),
    Filters(ward=BEN_THANH),
    Filters(sector="G", joined_from="2026-02"),
    Filters(district="Quận Gò Vấp", business_type="household"),
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda filters: filters.query_string or "all")
def test_dashboard_equals_each_figure_read_alone(city, filters):
    figures = selectors.dashboard(filters)
    assert figures["summary"] == selectors.summary(filters)
    assert figures["maturity"] == selectors.maturity(filters)
    assert figures["progress"] == selectors.progress(filters)
    assert figures["trends"] == selectors.trends(filters)
    for dimension in selectors.BREAKDOWNS:
        assert figures["breakdowns"][dimension] == selectors.breakdown(filters, dimension)


def test_dashboard_of_a_filter_matching_no_ward_is_empty(city):
    figures = selectors.dashboard(Filters(district="No such district"))
    assert figures["summary"]["registered"] == 0
    assert figures["maturity"]["median"] is None
    assert figures["trends"] == []
    assert all(rows == [] for rows in figures["breakdowns"].values())


@pytest.mark.postgres
def test_grouping_sets_give_the_rows_of_each_group_by(city):
    qs = selectors.facts(Filters(sector="G")) | selectors.facts(Filters(sector="I"))
    aggregates = {
        "n": Count("pk"),
        "ready": Count("pk", filter=Q(payment_ready=True)),
        "assessed": Count("pk", filter=Q(assessments__gte=1, latest_level__in=["L1", "L3"])),
    }
    fields = ("ward_id", "sector", "joined_month", "latest_level")
    grouped = grouped_by_each(qs, fields, aggregates)
    for field in fields:
        assert grouped[field] == list(qs.values(field).annotate(**aggregates).order_by(field))
    assert [row["n"] for row in grouped["ward_id"]] == [4, 2]  # BEN_THANH, AN_NHON by code
    assert [row["ward_id"] for row in grouped["ward_id"]] == sorted([BEN_THANH, AN_NHON])


@pytest.mark.postgres
def test_grouping_sets_refuse_a_join(city):
    with pytest.raises(ValueError, match="without joins"):
        grouped_by_each(
            selectors.facts(Filters()).filter(business__slug__startswith="a"),
            ("sector",),
            {"n": Count("pk")},
        )
