"""Every figure of the dashboard against the hand-counted city (tests/programme/factories.py)."""

import pytest
from django.utils import timezone

from core.events import (
    AssessmentChanged,
    BusinessChanged,
    OrderChanged,
    PaymentAccountChanged,
    publish,
)
from payments.models import AccountState
from programme import selectors
from programme.filters import Filters
from programme.models import BusinessFacts
from programme.services import business_facts_refresh
from tests.payments.factories import PaymentAccountFactory
from tests.programme.factories import AN_NHON, BEN_THANH, assessment, at, order

pytestmark = pytest.mark.django_db


def test_summary_counts_the_city_by_hand(city):
    assert selectors.summary(Filters()) == {
        "registered": 7,
        "assessed": 5,
        "reassessed": 2,
        "payment_ready": 3,  # b1 card, b3 VietQR, b4 payOS
        "storefront_live": 4,
        "selling_online": 1,  # b1 only: b3 draft, b4 out of stock, b5 cannot be paid
        "first_sale": 2,  # b1, b4 (cash on delivery counts as a sale)
        "digital_platforms": 3,
        "level3_plus": 2,
        "mean_score": 46.0,
        "sales_value": 330_000,
        "electronic_value": 200_000,
        "electronic_share": 60.6,
    }


def test_maturity_reads_the_latest_assessment_of_each_active_business(city):
    figures = selectors.maturity(Filters())
    assert figures["assessed"] == 5
    assert figures["mean"] == 46.0
    assert figures["median"] == 45.0  # 5, 40, 45, 60, 80
    assert figures["level3_plus"] == 2
    assert figures["digital_platforms"] == 3
    assert figures["levels"] == {"L0": 1, "L1": 0, "L2": 2, "L3": 1, "L4": 1, "L5": 0}
    # E: b1's latest is 100, the others equal their overall: (100+40+45+80+5)/5.
    assert figures["dimensions"] == {
        "S": 46.0,
        "E": 54.0,
        "P": 46.0,
        "O": 46.0,
        "C": 46.0,
        "H": 46.0,
    }


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(city):
    figures = selectors.maturity(Filters(ward=BEN_THANH))  # 40, 45, 60, 80
    assert figures["assessed"] == 4
    assert figures["median"] == 52.5
    assert figures["mean"] == 56.2  # 225 / 4 = 56.25, rounded half to even by round()


def test_progress_from_t0_to_latest(city):
    figures = selectors.progress(Filters())
    assert figures["reassessed"] == 2
    assert figures["moved_up"] == 1  # b1 L1 -> L3
    assert figures["fell_back"] == 1  # b3 L3 -> L2
    assert figures["t0_mean"] == 37.5
    assert figures["latest_mean"] == 52.5
    assert figures["dimensions"]["E"] == {"t0": 37.5, "latest": 72.5}
    assert figures["dimensions"]["S"] == {"t0": 37.5, "latest": 52.5}
    assert figures["transitions"]["L1"]["L3"] == 1
    assert figures["transitions"]["L3"]["L2"] == 1
    assert sum(sum(row.values()) for row in figures["transitions"].values()) == 2


def test_filters_combine(city):
    assert selectors.summary(Filters(ward=BEN_THANH))["registered"] == 5
    assert selectors.summary(Filters(district="Quận 1"))["registered"] == 5
    assert selectors.summary(Filters(district="Quận Gò Vấp"))["registered"] == 2
    assert selectors.summary(Filters(sector="G"))["registered"] == 4
    assert selectors.summary(Filters(sector="G", ward=BEN_THANH))["registered"] == 2
    assert selectors.summary(Filters(business_type="company"))["registered"] == 2
    joined = selectors.summary(Filters(joined_from="2026-02", joined_to="2026-03"))
    assert joined["registered"] == 5
    assert joined["assessed"] == 3  # b3, b5, b6
    assert selectors.summary(Filters(joined_from="2026-02", joined_to="2026-02"))["registered"] == 2
    assert selectors.summary(Filters(ward=AN_NHON, sector="I"))["registered"] == 0


def test_breakdown_by_sector_and_ward(city):
    by_sector = {row["key"]: row for row in selectors.breakdown(Filters(), "sector")}
    assert {key: row["registered"] for key, row in by_sector.items()} == {"C": 1, "G": 4, "I": 2}
    assert by_sector["G"]["assessed"] == 3
    assert by_sector["G"]["payment_ready"] == 1
    assert by_sector["I"]["payment_ready"] == 2
    assert by_sector["G"]["mean_score"] == 35.0  # 60, 40, 5
    assert by_sector["G"]["electronic_share"] == 80.0  # b1: 200,000 of 250,000
    assert by_sector["I"]["electronic_share"] == 0.0  # b4: cash only
    assert by_sector["C"]["electronic_share"] is None  # no sales
    by_ward = {row["key"]: row for row in selectors.breakdown(Filters(), "ward")}
    assert by_ward[BEN_THANH]["registered"] == 5
    assert by_ward[BEN_THANH]["label"] == "Phường Bến Thành"
    assert by_ward[AN_NHON]["registered"] == 2
    by_month = {row["key"]: row["registered"] for row in selectors.breakdown(Filters(), "month")}
    assert by_month == {"2026-01": 2, "2026-02": 2, "2026-03": 3}
    by_type = {
        row["key"]: row["registered"] for row in selectors.breakdown(Filters(), "business_type")
    }
    assert by_type == {"company": 2, "household": 5}
    by_district = {
        row["key"]: row["registered"] for row in selectors.breakdown(Filters(), "district")
    }
    assert by_district == {"Quận 1": 5, "Quận Gò Vấp": 2}


def test_monthly_trends_accumulate(city):
    months = {row["month"]: row for row in selectors.trends(Filters())}
    assert months["2026-01"]["registered"] == 2
    assert months["2026-01"]["first_assessments"] == 1
    assert months["2026-02"]["registered"] == 4
    assert months["2026-03"]["registered"] == 7
    assert months["2026-03"]["assessed"] == 5  # first assessments: b1, b2, b3 then b5, b6
    assert months["2026-02"]["first_assessments"] == 2
    assert months["2026-04"]["first_assessments"] == 0  # b1's second assessment
    assert months["2026-05"]["assessed"] == 5  # b3's second assessment is not a first one
    assert months["2026-03"]["first_sale"] == 0
    assert months["2026-04"]["first_sale"] == 1
    assert months["2026-05"]["first_sale"] == 2  # b4's cash on delivery
    assert months["2026-06"]["first_sale"] == 2  # b1's later orders are not first sales
    # The electronic share of the month's sales (by the month the money came).
    assert months["2026-04"]["electronic_share"] == 100.0
    assert months["2026-05"]["electronic_share"] == 0.0
    assert months["2026-06"]["electronic_share"] == 66.7  # 100,000 card of 150,000
    assert months["2026-03"]["electronic_share"] is None
    assert [months[m]["sellers"] for m in ("2026-04", "2026-05", "2026-06")] == [1, 1, 1]
    # Accounts count from the month the facts first saw them ready: this month, here.
    last = selectors.trends(Filters())[-1]
    assert last["month"] == timezone.localtime().strftime("%Y-%m")
    assert last["payment_ready"] == 3


def test_follow_up_lists(city):
    def names(kind):
        return {facts.business_id for facts in selectors.follow_up(Filters(), kind)}

    assert names("assessed_no_payment") == {city.b2.pk, city.b5.pk, city.b6.pk}
    assert names("ready_not_selling") == {city.b3.pk, city.b4.pk}
    assert names("not_assessed") == {city.b4.pk, city.b7.pk}


def test_no_business_gives_zeros_not_errors(db):
    assert selectors.summary(Filters())["registered"] == 0
    figures = selectors.maturity(Filters())
    assert figures["median"] is None and figures["mean"] is None
    assert selectors.progress(Filters())["reassessed"] == 0
    assert selectors.trends(Filters()) == []


def test_facts_follow_writes_once_they_commit(city, django_capture_on_commit_callbacks):
    # Rows made directly, announced as the onboarding, payments and orders services do.
    with django_capture_on_commit_callbacks(execute=True):
        assessment(city.b7, overall=75, taken_at=at("2026-07"), answers={"E2": 3})
        publish(AssessmentChanged(business_id=city.b7.pk))
        PaymentAccountFactory(business=city.b7, state=AccountState.READY, ready_at=at("2026-07"))
        publish(PaymentAccountChanged(business_id=city.b7.pk))
        order(city.b3, paid_at=at("2026-07"))
        publish(OrderChanged(business_id=city.b3.pk))
    figures = selectors.summary(Filters())
    assert figures["assessed"] == 6
    assert figures["payment_ready"] == 4
    assert figures["digital_platforms"] == 4
    assert figures["first_sale"] == 3
    assert figures["electronic_share"] == 69.8  # 300,000 of 430,000
    assert selectors.maturity(Filters(ward=AN_NHON))["levels"]["L4"] == 1


def test_deactivated_business_leaves_every_figure(city, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        city.b5.is_active = False
        city.b5.save()
        publish(BusinessChanged(business_id=city.b5.pk))
    assert selectors.summary(Filters())["registered"] == 6
    assert selectors.maturity(Filters())["levels"]["L4"] == 0


def test_full_refresh_matches_the_records(city):
    BusinessFacts.objects.all().delete()
    assert business_facts_refresh() == 8
    assert selectors.summary(Filters())["registered"] == 7
