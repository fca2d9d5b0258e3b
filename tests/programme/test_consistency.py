"""One definition per indicator: every view of the programme gives the same figure for it, and that
figure is the hand count.

The hand-counted city (tests/programme/factories.py) is built five times, so that no figure of the
city-wide open-data row is small enough to be withheld; every hand count is then five times the
city's. Each indicator is read through the headline figures, the indicators table (the page), its
CSV export, the funnel, the sum of every breakdown, the last month of the trends, the open data
(JSON and CSV) and the follow-up lists.
"""

import csv
import io

import pytest
from django.utils.translation import gettext

from marketplace.selectors import product_cards
from onboarding import facts as onboarding_facts
from programme import indicators, selectors
from programme.filters import Filters
from programme.indicators import (
    ELECTRONIC_SHARE,
    FUNNEL,
    HEADLINE,
    MEAN_SCORE,
    MEDIAN_SCORE,
)
from programme.tables import all_tables
from tests.programme.factories import city as build_city

pytestmark = pytest.mark.django_db

COPIES = 5
# By hand, for one city (see factories.city's docstring).
HAND = {
    "registered": 7,
    "assessed": 5,
    "reassessed": 2,
    "payment_ready": 3,
    "storefront_live": 4,
    "selling_online": 1,
    "first_sale": 2,
    "digital_platforms": 3,
    "level3_plus": 2,
}
HAND_VALUES = {"mean_score": 46.0, "median_score": 45.0, "electronic_share": 60.6}
HAND_SALES = {"sales_value": 330_000, "electronic_value": 200_000}
# Follow-up lists by hand: assessed without a ready account b2 b5 b6; ready but not selling b3 b4;
# never assessed b4 b7.
HAND_FOLLOW_UPS = {"assessed_no_payment": 3, "ready_not_selling": 2, "not_assessed": 2}


@pytest.fixture
def cities(db):
    return [build_city() for _ in range(COPIES)]


def _expected() -> dict:
    return {
        **{code: count * COPIES for code, count in HAND.items()},
        **HAND_VALUES,
    }


def _by_label(rows: list[list]) -> dict[str, list]:
    return {str(row[0]): row for row in rows}


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _number(text: str):
    return float(text) if "." in text else int(text)


def _headline(figures: dict) -> dict:
    summary, maturity = figures["summary"], figures["maturity"]
    return {
        **{indicator.code: summary[indicator.code] for indicator in indicators.COUNT_INDICATORS},
        "mean_score": maturity["mean"],
        "median_score": maturity["median"],
        "electronic_share": summary["electronic_share"],
    }


def _indicators_table(figures: dict) -> dict:
    rows = _by_label(all_tables(figures, [])["indicators"].rows)
    out = {indicator.code: rows[str(indicator.label)][1] for indicator in HEADLINE}
    for indicator in (MEAN_SCORE, MEDIAN_SCORE, ELECTRONIC_SHARE):
        out[indicator.code] = rows[str(indicator.label)][2]
    return out


def _indicators_export(client) -> dict:
    # The CSV's first line names the filters; its table starts at the header that follows.
    lines = _csv(client.get("/admin/programme/export/indicators.csv"))
    header = next(i for i, row in enumerate(lines) if row and row[0] == gettext("Indicator"))
    rows = _by_label([row for row in lines[header + 1 :] if row])
    out = {indicator.code: _number(rows[str(indicator.label)][1]) for indicator in HEADLINE}
    for indicator in (MEAN_SCORE, MEDIAN_SCORE, ELECTRONIC_SHARE):
        out[indicator.code] = _number(rows[str(indicator.label)][2])
    return out


def _funnel(figures: dict) -> dict:
    rows = all_tables(figures, [])["funnel"].rows[1:]  # after "signed up to sell"
    return {step.code: row[1] for step, row in zip(FUNNEL, rows, strict=True)}


def _breakdown_sums(figures: dict, dimension: str) -> dict:
    rows = figures["breakdowns"][dimension]
    out = {
        indicator.code: sum(row[indicator.code] for row in rows)
        for indicator in indicators.COUNT_INDICATORS
    }
    sales = {name: sum(row[name] for row in rows) for name in HAND_SALES}
    out["electronic_share"] = indicators.electronic_share(sales)
    return out


def _trends(figures: dict) -> dict:
    months = figures["trends"]
    last = months[-1]
    sales = {name: sum(row[name] for row in months) for name in HAND_SALES}
    return {
        "registered": last["registered"],
        "assessed": last["assessed"],
        "payment_ready": last["payment_ready"],
        "first_sale": last["first_sale"],
        "electronic_share": indicators.electronic_share(sales),
    }


def _open_data_json(client) -> dict:
    data = client.get("/open-data/adoption.json").json()
    (city,) = [row for row in data["rows"] if row["dimension"] == "city"]
    assert city["suppressed"] is False
    return {
        "registered": city["businesses"],
        **{indicator.code: city[indicator.code] for indicator in HEADLINE[1:]},
        "mean_score": city["mean_score"],
        "electronic_share": city["electronic_share"],
    }


def _open_data_csv(client) -> dict:
    lines = _csv(client.get("/open-data/adoption.csv"))
    header, rows = lines[0], lines[1:]
    (city,) = [dict(zip(header, row, strict=True)) for row in rows if row[0] == "city"]
    return {
        "registered": _number(city["businesses"]),
        **{indicator.code: _number(city[indicator.code]) for indicator in HEADLINE[1:]},
        "mean_score": _number(city["mean_score"]),
        "electronic_share": _number(city["electronic_share"]),
    }


def _follow_ups(client) -> dict:
    out = {}
    for kind in indicators.FOLLOW_UPS:
        lines = _csv(client.get(f"/admin/programme/follow-up/export.csv?kind={kind}"))
        header = next(i for i, row in enumerate(lines) if row and row[0] == gettext("Business"))
        out[kind] = len([row for row in lines[header + 1 :] if row])
        assert out[kind] == selectors.follow_up(Filters(), kind).count()
    return out


def test_every_view_gives_the_hand_count_of_every_indicator(cities, manager_client):
    expected = _expected()
    figures = selectors.dashboard(Filters())
    views = {
        "headline": _headline(figures),
        "indicators table": _indicators_table(figures),
        "indicators CSV export": _indicators_export(manager_client),
        "funnel": _funnel(figures),
        **{
            f"breakdown by {dimension}": _breakdown_sums(figures, dimension)
            for dimension in selectors.BREAKDOWNS
        },
        "trends": _trends(figures),
        "open data JSON": _open_data_json(manager_client),
        "open data CSV": _open_data_csv(manager_client),
    }
    for view, values in views.items():
        for code, value in values.items():
            assert value == expected[code], (view, code)
    # Every indicator is read through at least three views (the median is not published).
    for code in expected:
        assert sum(code in values for values in views.values()) >= 3, code


def test_follow_up_lists_combine_the_same_definitions(cities, manager_client):
    follow_ups = _follow_ups(manager_client)
    assert follow_ups == {kind: n * COPIES for kind, n in HAND_FOLLOW_UPS.items()}
    summary = selectors.summary(Filters())
    assert follow_ups["not_assessed"] == summary["registered"] - summary["assessed"]


def test_selling_online_is_what_a_shopper_sees(cities):
    """b4 (out of stock) and b5 (cannot be paid) have live storefronts and active products, but
    shoppers see none of them: they are not selling online anywhere in the programme."""
    b4, b5 = cities[0].b4, cities[0].b5
    assert not product_cards().filter(business__in=[b4, b5]).exists()
    selling = {
        facts.business_id
        for facts in selectors.facts(Filters()).filter(indicators.SELLING_ONLINE.condition)
    }
    assert selling == {city.b1.pk for city in cities}


def test_the_owners_journey_agrees_on_the_e_payment_account(cities):
    """The adoption journey a business sees (onboarding.facts) reads the same rails: VietQR (b3)
    and payOS (b4) count as an e-payment account there too."""
    ready = {
        facts.business_id
        for facts in selectors.facts(Filters()).filter(indicators.PAYMENT_READY.condition)
    }
    city = cities[0]
    for business in (city.b1, city.b2, city.b3, city.b4, city.b5, city.b6, city.b7):
        seen = onboarding_facts.facts_for(business=business)
        step = onboarding_facts.platform_steps(business=business, facts=seen)["payment_account"]
        assert seen.payment_ready == (business.pk in ready), business
        assert (step.state == onboarding_facts.DONE) == (business.pk in ready), business
