"""Reads of the programme: every indicator of the dashboard and the open data.

Everything is computed by the database (counts, averages, groupings, a median by offset) over
``BusinessFacts``, one pre-joined row per business kept current by ``programme.services``: no query
runs once per business and no Python loop walks businesses; Python only walks months, levels and
the rows of a grouping. Results are plain data (codes, counts, floats) so they can be cached
(``programme.cache``) and labelled later in the reader's language.

Definitions (spec: programme.md):
- signed up to sell: every registered business plus every active account that joined to sell
  (``User.joined_as``) and belongs to no business yet. A business stands for the sign-up that made
  it, so the funnel never narrows the wrong way (an owner of two businesses, an account made before
  the question existed, a profile made in another month than its owner's account). Accounts have
  no ward, sector, size or type: the figure exists only without those filters, and the joining
  months filter accounts by ``date_joined``;
- registered: active business profiles;
- assessed / re-assessed: one / two or more submitted assessments;
- payment ready: the e-payment account's state is "ready";
- selling online: a live storefront and at least one active product;
- first sale: at least one paid order (paid, fulfilled, completed or partly refunded);
- using digital platforms: the latest assessment has E2 >= 2, or O1 >= 3, or O2 >= 3;
- maturity figures read each business's latest assessment; progress compares it with the first (T0).
"""

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import JoinedAs, Membership, User, Ward
from programme.filters import Filters, ward_codes_in_district
from programme.models import BusinessFacts, Target

LEVELS = ("L0", "L1", "L2", "L3", "L4", "L5")
HIGH_LEVELS = ("L3", "L4", "L5")
DIMENSIONS = ("S", "E", "P", "O", "C", "H")
BREAKDOWNS = ("ward", "district", "sector", "size_band", "business_type", "month")
TREND_MONTHS = 36
COUNTS = (
    "registered",
    "assessed",
    "reassessed",
    "payment_ready",
    "storefront_live",
    "selling_online",
    "first_sale",
    "digital_platforms",
    "level3_plus",
    "funnel_ready",
    "funnel_live",
    "funnel_selling",
    "funnel_sale",
)
_ready = Q(assessments__gte=1, payment_ready=True)
FUNNEL = (
    _ready,
    _ready & Q(storefront_live=True),
    _ready & Q(storefront_live=True, has_product=True),
    _ready & Q(storefront_live=True, has_product=True, first_sale_at__isnull=False),
)


def facts(filters: Filters) -> QuerySet[BusinessFacts]:
    """The facts of the active businesses matching every filter given."""
    qs = BusinessFacts.objects.filter(is_active=True)
    if filters.ward:
        qs = qs.filter(ward_id=filters.ward)
    if filters.district:
        qs = qs.filter(ward_id__in=ward_codes_in_district(filters.district))
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.size_band:
        qs = qs.filter(size_band=filters.size_band)
    if filters.business_type:
        qs = qs.filter(business_type=filters.business_type)
    start, end = filters.joined_range()
    if start:
        qs = qs.filter(joined_at__gte=start)
    if end:
        qs = qs.filter(joined_at__lt=end)
    return qs.order_by()


# Filters that accounts cannot answer (they have no ward, sector, size or business type).
BUSINESS_ONLY_FILTERS = ("ward", "district", "sector", "size_band", "business_type")


def signed_up_countable(filters: Filters) -> bool:
    return not any(getattr(filters, name) for name in BUSINESS_ONLY_FILTERS)


def signed_up_to_sell(filters: Filters, *, registered: int) -> int | None:
    """The funnel's first step (see the module's definitions): ``registered`` businesses plus the
    accounts that joined to sell and have no business yet, in one COUNT; None under a filter that
    accounts cannot answer."""
    if not signed_up_countable(filters):
        return None
    accounts = User.objects.filter(is_active=True, joined_as=JoinedAs.SELLER).filter(
        ~Exists(Membership.objects.filter(user=OuterRef("pk")))
    )
    start, end = filters.joined_range()
    if start:
        accounts = accounts.filter(date_joined__gte=start)
    if end:
        accounts = accounts.filter(date_joined__lt=end)
    return registered + accounts.order_by().count()


def _count_aggregates() -> dict:
    return {
        "n_registered": Count("pk"),
        "n_assessed": Count("pk", filter=Q(assessments__gte=1)),
        "n_reassessed": Count("pk", filter=Q(assessments__gte=2)),
        "n_payment_ready": Count("pk", filter=Q(payment_ready=True)),
        "n_storefront_live": Count("pk", filter=Q(storefront_live=True)),
        "n_selling_online": Count("pk", filter=Q(storefront_live=True, has_product=True)),
        "n_first_sale": Count("pk", filter=Q(first_sale_at__isnull=False)),
        "n_digital_platforms": Count("pk", filter=Q(latest_digital=True)),
        "n_level3_plus": Count("pk", filter=Q(latest_level__in=HIGH_LEVELS)),
        "n_mean_score": Avg("latest_overall"),
        # The funnel: each step counts businesses that also passed every step before it.
        "n_funnel_ready": Count("pk", filter=FUNNEL[0]),
        "n_funnel_live": Count("pk", filter=FUNNEL[1]),
        "n_funnel_selling": Count("pk", filter=FUNNEL[2]),
        "n_funnel_sale": Count("pk", filter=FUNNEL[3]),
    }


def _clean(row: dict) -> dict:
    out = {name: int(row.get(f"n_{name}") or 0) for name in COUNTS}
    mean = row.get("n_mean_score")
    out["mean_score"] = None if mean is None else round(float(mean), 1)
    return out


def summary(filters: Filters) -> dict:
    """The headline counts (see the module's definitions) and the mean latest score."""
    return _clean(facts(filters).aggregate(**_count_aggregates()))


def _group(dimension: str) -> tuple[str, ...]:
    if dimension == "ward":
        return ("ward_id",)
    if dimension == "district":
        return ("former_district",)
    if dimension == "month":
        return ("joined_month",)
    return (dimension,)


def breakdown(filters: Filters, dimension: str) -> list[dict]:
    """The headline counts grouped by ``dimension`` (one of ``BREAKDOWNS``), one row per value."""
    fields = _group(dimension)
    grouped = list(facts(filters).values(*fields).annotate(**_count_aggregates()).order_by(*fields))
    wards = Ward.objects.in_bulk([row["ward_id"] for row in grouped]) if dimension == "ward" else {}
    rows = []
    for row in grouped:
        if dimension == "ward":
            ward = wards[row["ward_id"]]
            key, label, label_en = ward.code, ward.full_name, ward.full_name_en
        elif dimension == "district":
            key = label = label_en = row["former_district"]
        elif dimension == "month":
            key = label = label_en = row["joined_month"]
        else:
            key = label = label_en = row[dimension]
        rows.append({"key": key, "label": label, "label_en": label_en, **_clean(row)})
    return rows


def _median(qs: QuerySet[BusinessFacts], count: int) -> float | None:
    if not count:
        return None
    middle = list(
        qs.order_by("latest_overall").values_list("latest_overall", flat=True)[
            (count - 1) // 2 : count // 2 + 1
        ]
    )
    return round(float(sum(middle)) / len(middle), 1)


def _round(value) -> float | None:
    return None if value is None else round(float(value), 1)


def maturity(filters: Filters) -> dict:
    """Scores of the latest assessments: mean, median, levels, share L3+, mean by dimension."""
    assessed = facts(filters).filter(assessments__gte=1)
    figures = assessed.aggregate(
        assessed=Count("pk"),
        mean=Avg("latest_overall"),
        level3_plus=Count("pk", filter=Q(latest_level__in=HIGH_LEVELS)),
        digital_platforms=Count("pk", filter=Q(latest_digital=True)),
        **{f"dim_{code}": Avg(f"latest_{code.lower()}") for code in DIMENSIONS},
    )
    levels = dict(
        assessed.values("latest_level").annotate(n=Count("pk")).values_list("latest_level", "n")
    )
    count = figures["assessed"]
    return {
        "assessed": count,
        "mean": _round(figures["mean"]),
        "median": _median(assessed, count),
        "level3_plus": figures["level3_plus"],
        "digital_platforms": figures["digital_platforms"],
        "levels": {level: levels.get(level, 0) for level in LEVELS},
        "dimensions": {code: _round(figures[f"dim_{code}"]) for code in DIMENSIONS},
    }


def progress(filters: Filters) -> dict:
    """T0 -> latest for re-assessed businesses: mean change overall and by dimension, the share
    moving up or falling back a level, and the level transitions."""
    pairs = facts(filters).filter(assessments__gte=2)
    figures = pairs.aggregate(
        reassessed=Count("pk"),
        t0_mean=Avg("t0_overall"),
        latest_mean=Avg("latest_overall"),
        moved_up=Count("pk", filter=Q(latest_level__gt=F("t0_level"))),
        fell_back=Count("pk", filter=Q(latest_level__lt=F("t0_level"))),
        **{f"t0_{code}": Avg(f"t0_{code.lower()}") for code in DIMENSIONS},
        **{f"latest_{code}": Avg(f"latest_{code.lower()}") for code in DIMENSIONS},
    )
    transitions = {
        (row["t0_level"], row["latest_level"]): row["n"]
        for row in pairs.values("t0_level", "latest_level").annotate(n=Count("pk"))
    }
    return {
        "reassessed": figures["reassessed"],
        "moved_up": figures["moved_up"],
        "fell_back": figures["fell_back"],
        "t0_mean": _round(figures["t0_mean"]),
        "latest_mean": _round(figures["latest_mean"]),
        "dimensions": {
            code: {
                "t0": _round(figures[f"t0_{code}"]),
                "latest": _round(figures[f"latest_{code}"]),
            }
            for code in DIMENSIONS
        },
        "transitions": {
            start: {end: transitions.get((start, end), 0) for end in LEVELS} for start in LEVELS
        },
    }


def _monthly(qs: QuerySet, field: str) -> dict[str, int]:
    return dict(
        qs.exclude(**{field: ""}).values(field).annotate(n=Count("pk")).values_list(field, "n")
    )


def _months(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def trends(filters: Filters) -> list[dict]:
    """Month by month (the last ``TREND_MONTHS``): new businesses, first assessments, accounts
    becoming ready and first sales, with running totals and shares of the registered."""
    base = facts(filters)
    joined = _monthly(base, "joined_month")
    first = _monthly(base, "first_assessed_month")
    ready = _monthly(base.filter(payment_ready=True), "payment_ready_month")
    sold = _monthly(base, "first_sale_month")
    keys = [*joined, *first, *ready, *sold]
    if not keys:
        return []
    now = timezone.localtime().strftime("%Y-%m")
    months = _months(min(keys), max(*keys, now))
    registered = assessed = payment_ready = first_sale = 0
    out = []
    for month in months:
        registered += joined.get(month, 0)
        assessed += first.get(month, 0)
        payment_ready += ready.get(month, 0)
        first_sale += sold.get(month, 0)
        out.append(
            {
                "month": month,
                "joined": joined.get(month, 0),
                "registered": registered,
                "first_assessments": first.get(month, 0),
                "assessed": assessed,
                "payment_ready": payment_ready,
                "first_sale": first_sale,
                "payment_ready_share": share(payment_ready, registered),
                "assessed_share": share(assessed, registered),
            }
        )
    return out[-TREND_MONTHS:]


def share(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole`` with one decimal (None when ``whole`` is 0)."""
    return None if not whole else round(100 * part / whole, 1)


def dashboard(filters: Filters) -> dict:
    """Every figure of the dashboard for ``filters``."""
    headline = summary(filters)
    return {
        "summary": headline,
        "signed_up": signed_up_to_sell(filters, registered=headline["registered"]),
        "maturity": maturity(filters),
        "progress": progress(filters),
        "trends": trends(filters),
        "breakdowns": {dimension: breakdown(filters, dimension) for dimension in BREAKDOWNS},
        "built_at": timezone.now().isoformat(),
    }


def targets() -> list[Target]:
    return list(Target.objects.order_by("indicator", "year"))


FOLLOW_UPS = ("assessed_no_payment", "ready_not_selling", "not_assessed")


def follow_up(filters: Filters, kind: str) -> QuerySet[BusinessFacts]:
    """Businesses for a programme officer to contact, oldest first: assessed but no ready
    e-payment account; ready but not selling online; never assessed. Each row's ``business``
    (with its ward and payment account) comes in the same query."""
    qs = facts(filters).select_related("business__ward", "business__payment_account")
    if kind == "assessed_no_payment":
        qs = qs.filter(assessments__gte=1, payment_ready=False)
    elif kind == "ready_not_selling":
        qs = qs.filter(payment_ready=True).exclude(storefront_live=True, has_product=True)
    else:
        qs = qs.filter(assessments=0)
    return qs.order_by("joined_at", "business_id")
