"""The programme's indicators, each defined once: its wording, what it counts, what it is a share of.

Every view reads these definitions and nothing else: the headline table and bars, the funnel, the
breakdowns, the trends, the exports, the open data (its columns and their descriptions) and the
follow-up lists. A figure is either

- a **count** of businesses whose facts row (``programme.models.BusinessFacts``, one row per
  active business) meets ``condition``, shown as a share of the businesses counted by ``of``;
- a **score** over the assessed businesses' latest assessments (mean, median);
- the **electronic share of sales**: order value settled electronically over all order value whose
  money was received, cash on delivery included (sums, not businesses).

The facts that the conditions read are computed by ``programme.services`` from the lower apps'
own rules: the e-payment rails from ``payments.selectors``, the products a shopper can see from
``marketplace.selectors.visible_q``, paid orders from ``orders.models.PAID_STATUSES``. Nothing else
decides what a business counts as.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from orders.models import PaymentMethod, PaymentSource
from programme.models import Indicator

HIGH_LEVELS = ("L3", "L4", "L5")

# Over an assessment's answers: marketplaces E2 >= 2, or records / accounting O1 or O2 >= 3.
DIGITAL_PLATFORMS_ANSWERS = Q(answers__E2__gte=2) | Q(answers__O1__gte=3) | Q(answers__O2__gte=3)
# Over a paid order: the money did not come as cash at the door.
ELECTRONIC_ORDER = ~Q(payment_method=PaymentMethod.COD) & ~Q(payment_source=PaymentSource.COD)


@dataclass(frozen=True)
class CountIndicator:
    code: str
    label: Promise  # the indicator's name as a share ("Share with ...")
    short: Promise  # a column header for the count
    definition: Promise  # one sentence: what makes a business count
    condition: Q  # over BusinessFacts
    of: str | None  # the code of the count it is a share of (None: not a share)


REGISTERED = CountIndicator(
    Indicator.REGISTERED,
    Indicator.REGISTERED.label,
    _("Businesses"),
    _("Active business profiles registered on the platform."),
    Q(),
    None,
)
ASSESSED = CountIndicator(
    Indicator.ASSESSED,
    Indicator.ASSESSED.label,
    _("Assessed"),
    _("Businesses with at least one completed digital-maturity assessment."),
    Q(assessments__gte=1),
    Indicator.REGISTERED,
)
REASSESSED = CountIndicator(
    Indicator.REASSESSED,
    Indicator.REASSESSED.label,
    _("Re-assessed"),
    _("Businesses with two or more completed assessments."),
    Q(assessments__gte=2),
    Indicator.ASSESSED,
)
PAYMENT_READY = CountIndicator(
    Indicator.PAYMENT_READY,
    Indicator.PAYMENT_READY.label,
    _("E-payment ready"),
    _(
        "Businesses with at least one electronic way to be paid ready: a VietQR bank account "
        "confirmed, a payOS channel verified or a card-payment account ready."
    ),
    Q(payment_ready=True),
    Indicator.REGISTERED,
)
STOREFRONT_LIVE = CountIndicator(
    "storefront_live",
    _("Share with a live storefront"),
    _("Storefront live"),
    _("Businesses whose storefront page is published."),
    Q(storefront_live=True),
    Indicator.REGISTERED,
)
SELLING_ONLINE = CountIndicator(
    Indicator.SELLING_ONLINE,
    Indicator.SELLING_ONLINE.label,
    _("Selling online"),
    _(
        "Businesses whose storefront is live and at least one of whose products a shopper can "
        "see (the catalogue's own rule: active, in stock or made to order, of a shop that can "
        "be paid)."
    ),
    Q(storefront_live=True, has_visible_product=True),
    Indicator.REGISTERED,
)
FIRST_SALE = CountIndicator(
    Indicator.FIRST_SALE,
    Indicator.FIRST_SALE.label,
    _("First sale"),
    _(
        "Businesses with at least one order whose money was received (paid, sent, completed, "
        "or refunded only in part), cash on delivery included."
    ),
    Q(first_sale_at__isnull=False),
    Indicator.REGISTERED,
)
DIGITAL_PLATFORMS = CountIndicator(
    Indicator.DIGITAL_PLATFORMS,
    Indicator.DIGITAL_PLATFORMS.label,
    _("Using digital platforms"),
    _(
        "Assessed businesses whose latest assessment says they sell on a marketplace (E2 ≥ 2) "
        "or keep their records or accounts in software (O1 or O2 ≥ 3)."
    ),
    Q(assessments__gte=1, latest_digital=True),
    Indicator.ASSESSED,
)
LEVEL3_PLUS = CountIndicator(
    Indicator.LEVEL3_PLUS,
    Indicator.LEVEL3_PLUS.label,
    _("L3 or above"),
    _("Assessed businesses whose latest assessment is at maturity level L3 or above."),
    Q(assessments__gte=1, latest_level__in=HIGH_LEVELS),
    Indicator.ASSESSED,
)

# Every count, in the order the indicators table shows them (the storefront is a funnel step).
COUNT_INDICATORS = (
    REGISTERED,
    ASSESSED,
    REASSESSED,
    PAYMENT_READY,
    STOREFRONT_LIVE,
    SELLING_ONLINE,
    FIRST_SALE,
    DIGITAL_PLATFORMS,
    LEVEL3_PLUS,
)
BY_CODE = {indicator.code: indicator for indicator in COUNT_INDICATORS}
# The headline indicators measured against the city's targets (not the storefront step).
HEADLINE = tuple(i for i in COUNT_INDICATORS if i is not STOREFRONT_LIVE)
# The adoption journey, in order; each step counts by its own definition alone.
FUNNEL = (REGISTERED, ASSESSED, PAYMENT_READY, STOREFRONT_LIVE, SELLING_ONLINE, FIRST_SALE)


@dataclass(frozen=True)
class ValueIndicator:
    code: str
    label: Promise
    short: Promise
    definition: Promise


MEAN_SCORE = ValueIndicator(
    Indicator.MEAN_SCORE,
    Indicator.MEAN_SCORE.label,
    _("Mean score"),
    _("Mean overall score (0-100) of the assessed businesses' latest assessments."),
)
MEDIAN_SCORE = ValueIndicator(
    Indicator.MEDIAN_SCORE,
    Indicator.MEDIAN_SCORE.label,
    _("Median score"),
    _("Median overall score (0-100) of the assessed businesses' latest assessments."),
)
ELECTRONIC_SHARE = ValueIndicator(
    Indicator.ELECTRONIC_SHARE,
    Indicator.ELECTRONIC_SHARE.label,
    _("Electronic share of sales (%)"),
    _(
        "Value of the orders whose money was received, settled electronically (not cash on "
        "delivery), as a percentage of the value of all of them, cash on delivery included; "
        "refunds deducted. By month: the month the money was received."
    ),
)
VALUE_INDICATORS = (MEAN_SCORE, MEDIAN_SCORE, ELECTRONIC_SHARE)


def share(part: int | None, whole: int | None) -> float | None:
    """``part`` as a percentage of ``whole`` with one decimal (None when ``whole`` is 0)."""
    return None if not whole or part is None else round(100 * part / whole, 1)


def shares(counts: dict) -> dict[str, float | None]:
    """Each count indicator's share of its ``of`` from a row of counts keyed by code."""
    return {
        indicator.code: share(counts[indicator.code], counts[indicator.of])
        for indicator in COUNT_INDICATORS
        if indicator.of
    }


def electronic_share(row: dict) -> float | None:
    return share(row.get("electronic_value"), row.get("sales_value"))


# The follow-up lists: businesses one step short, each a combination of the definitions above.
FOLLOW_UPS = {
    "assessed_no_payment": ASSESSED.condition & ~PAYMENT_READY.condition,
    "ready_not_selling": PAYMENT_READY.condition & ~SELLING_ONLINE.condition,
    "not_assessed": ~ASSESSED.condition,
}
