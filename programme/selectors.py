"""Reads of the programme: every indicator of the dashboard and the open data.

Everything is computed by the database (counts, averages, groupings, a median) over
``BusinessFacts``, one pre-joined row per business kept current by ``programme.services``: no query
runs once per business and no Python loop walks businesses; Python only walks months, levels and
the rows of a grouping. Results are plain data (codes, counts, floats) so they can be cached
(``programme.cache``) and labelled later in the reader's language.

How ``dashboard()`` reads, whatever the number of businesses (4 statements on PostgreSQL):
- one aggregate over the filtered facts gives the headline counts, maturity (the level
  distribution as one filtered count per level) and progress: each figure a ``COUNT`` or ``AVG``
  with a ``FILTER`` (emulated by ``CASE`` on SQLite). On PostgreSQL the median comes in it too
  (``programme.aggregates.MiddleValue``); elsewhere a second query reads the middle values by
  offset;
- one ``GROUP BY`` gives the level transitions (36 filtered counts, one per pair of levels, each
  comparing strings on every row, cost four times as much);
- the six breakdowns and the four trend months are each a grouping by one column: on PostgreSQL all
  of them in one scan (``GROUPING SETS``, ``programme.aggregates.grouped_by_each``), elsewhere one
  ``GROUP BY`` each;
- one ``COUNT`` of the accounts that signed up to sell (skipped under business-only filters).
At 20,000 businesses most of the time is spent evaluating the aggregates row by row rather than
reading the table, so more aggregates in one statement only pay when they replace a scan.

Means are floating-point averages rounded to one decimal. A mean exactly halfway between two
tenths (55.55) can round either way depending on the order the database adds the rows in, which
depends on the plan: one query per breakdown could already give 55.5 under one plan and 55.6
under another.

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

from django.db import connections
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import JoinedAs, Membership, User
from accounts.selectors import ward_names
from programme.aggregates import MiddleValue, grouped_by_each
from programme.filters import Filters, ward_codes_in_district
from programme.models import BusinessFacts, Target

LEVELS = ("L0", "L1", "L2", "L3", "L4", "L5")
HIGH_LEVELS = ("L3", "L4", "L5")
DIMENSIONS = ("S", "E", "P", "O", "C", "H")
# The breakdowns and the column each groups on.
BREAKDOWN_FIELDS = {
    "ward": "ward_id",
    "district": "former_district",
    "sector": "sector",
    "size_band": "size_band",
    "business_type": "business_type",
    "month": "joined_month",
}
BREAKDOWNS = tuple(BREAKDOWN_FIELDS)
# The columns the trends group on: joining, first assessment, account ready, first sale.
MONTH_FIELDS = ("joined_month", "first_assessed_month", "payment_ready_month", "first_sale_month")
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
ASSESSED = Q(assessments__gte=1)
REASSESSED = Q(assessments__gte=2)
_ready = ASSESSED & Q(payment_ready=True)
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
        "n_assessed": Count("pk", filter=ASSESSED),
        "n_reassessed": Count("pk", filter=REASSESSED),
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


def _on_postgresql(qs: QuerySet) -> bool:
    """Whether ``programme.aggregates`` (PostgreSQL's SQL) can read ``qs``."""
    return connections[qs.db].vendor == "postgresql"


def _grouped(qs: QuerySet, fields: tuple[str, ...], aggregates: dict) -> dict[str, list[dict]]:
    """``qs.values(field).annotate(**aggregates)`` ordered by the field, for each field alone: in
    one scan (``GROUPING SETS``) on PostgreSQL, in one query per field elsewhere."""
    if _on_postgresql(qs):
        return grouped_by_each(qs, fields, aggregates)
    return {
        field: list(qs.values(field).annotate(**aggregates).order_by(field)) for field in fields
    }


def summary(filters: Filters) -> dict:
    """The headline counts (see the module's definitions) and the mean latest score."""
    return _clean(facts(filters).aggregate(**_count_aggregates()))


def _breakdown_rows(dimension: str, grouped: list[dict]) -> list[dict]:
    field = BREAKDOWN_FIELDS[dimension]
    wards = ward_names() if dimension == "ward" else {}
    rows = []
    for row in grouped:
        key = label = label_en = row[field]
        if dimension == "ward":
            label, label_en = wards.get(key) or ward_names(refresh=True)[key]
        rows.append({"key": key, "label": label, "label_en": label_en, **_clean(row)})
    return rows


def breakdown(filters: Filters, dimension: str) -> list[dict]:
    """The headline counts grouped by ``dimension`` (one of ``BREAKDOWNS``), one row per value."""
    field = BREAKDOWN_FIELDS[dimension]
    return _breakdown_rows(
        dimension, _grouped(facts(filters), (field,), _count_aggregates())[field]
    )


def _middle_mean(middle: list[float]) -> float:
    return round(float(sum(middle)) / len(middle), 1)


def _median(qs: QuerySet[BusinessFacts], count: int) -> float | None:
    if not count:
        return None
    middle = list(
        qs.order_by("latest_overall").values_list("latest_overall", flat=True)[
            (count - 1) // 2 : count // 2 + 1
        ]
    )
    return _middle_mean(middle)


def _round(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _maturity_aggregates(qs: QuerySet) -> dict:
    aggregates = {
        "m_assessed": Count("pk", filter=ASSESSED),
        "m_mean": Avg("latest_overall", filter=ASSESSED),
        "m_level3_plus": Count("pk", filter=ASSESSED & Q(latest_level__in=HIGH_LEVELS)),
        "m_digital_platforms": Count("pk", filter=ASSESSED & Q(latest_digital=True)),
        **{f"m_dim_{code}": Avg(f"latest_{code.lower()}", filter=ASSESSED) for code in DIMENSIONS},
        **{
            f"m_level_{level}": Count("pk", filter=ASSESSED & Q(latest_level=level))
            for level in LEVELS
        },
    }
    if _on_postgresql(qs):
        aggregates["m_middle_low"] = MiddleValue("latest_overall", filter=ASSESSED)
        aggregates["m_middle_high"] = MiddleValue("latest_overall", upper=True, filter=ASSESSED)
    return aggregates


def _maturity(row: dict, qs: QuerySet[BusinessFacts]) -> dict:
    count = row["m_assessed"]
    if not count:
        median = None
    elif "m_middle_low" in row:
        median = _middle_mean(
            [row["m_middle_low"]] if count % 2 else [row["m_middle_low"], row["m_middle_high"]]
        )
    else:
        median = _median(qs.filter(ASSESSED), count)
    return {
        "assessed": count,
        "mean": _round(row["m_mean"]),
        "median": median,
        "level3_plus": row["m_level3_plus"],
        "digital_platforms": row["m_digital_platforms"],
        "levels": {level: row[f"m_level_{level}"] for level in LEVELS},
        "dimensions": {code: _round(row[f"m_dim_{code}"]) for code in DIMENSIONS},
    }


def maturity(filters: Filters) -> dict:
    """Scores of the latest assessments: mean, median, levels, share L3+, mean by dimension."""
    qs = facts(filters)
    return _maturity(qs.aggregate(**_maturity_aggregates(qs)), qs)


def _progress_aggregates() -> dict:
    return {
        "p_reassessed": Count("pk", filter=REASSESSED),
        "p_t0_mean": Avg("t0_overall", filter=REASSESSED),
        "p_latest_mean": Avg("latest_overall", filter=REASSESSED),
        "p_moved_up": Count("pk", filter=REASSESSED & Q(latest_level__gt=F("t0_level"))),
        "p_fell_back": Count("pk", filter=REASSESSED & Q(latest_level__lt=F("t0_level"))),
        **{f"p_t0_{code}": Avg(f"t0_{code.lower()}", filter=REASSESSED) for code in DIMENSIONS},
        **{
            f"p_latest_{code}": Avg(f"latest_{code.lower()}", filter=REASSESSED)
            for code in DIMENSIONS
        },
    }


def _transitions(qs: QuerySet[BusinessFacts]) -> dict[tuple[str, str], int]:
    """Re-assessed businesses by (T0 level, latest level): a GROUP BY, far cheaper than one
    filtered count per pair (36 string comparisons per row)."""
    return {
        (row["t0_level"], row["latest_level"]): row["n"]
        for row in qs.filter(REASSESSED).values("t0_level", "latest_level").annotate(n=Count("pk"))
    }


def _progress(row: dict, transitions: dict[tuple[str, str], int]) -> dict:
    return {
        "reassessed": row["p_reassessed"],
        "moved_up": row["p_moved_up"],
        "fell_back": row["p_fell_back"],
        "t0_mean": _round(row["p_t0_mean"]),
        "latest_mean": _round(row["p_latest_mean"]),
        "dimensions": {
            code: {"t0": _round(row[f"p_t0_{code}"]), "latest": _round(row[f"p_latest_{code}"])}
            for code in DIMENSIONS
        },
        "transitions": {
            start: {end: transitions.get((start, end), 0) for end in LEVELS} for start in LEVELS
        },
    }


def progress(filters: Filters) -> dict:
    """T0 -> latest for re-assessed businesses: mean change overall and by dimension, the share
    moving up or falling back a level, and the level transitions."""
    qs = facts(filters)
    return _progress(qs.aggregate(**_progress_aggregates()), _transitions(qs))


def _months(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _monthly(grouped: dict[str, list[dict]]) -> dict[str, dict[str, int]]:
    """The trends' four monthly counts from rows grouped by each month column ("" is no month)."""

    def count(field: str, aggregate: str) -> dict[str, int]:
        return {
            row[field]: row[aggregate] for row in grouped[field] if row[field] and row[aggregate]
        }

    return {
        "joined": count("joined_month", "n_registered"),
        "first": count("first_assessed_month", "n_registered"),
        "ready": count("payment_ready_month", "n_payment_ready"),
        "sold": count("first_sale_month", "n_registered"),
    }


def _trends(monthly: dict[str, dict[str, int]]) -> list[dict]:
    joined, first, ready, sold = (monthly[name] for name in ("joined", "first", "ready", "sold"))
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


def trends(filters: Filters) -> list[dict]:
    """Month by month (the last ``TREND_MONTHS``): new businesses, first assessments, accounts
    becoming ready and first sales, with running totals and shares of the registered."""
    aggregates = {
        "n_registered": Count("pk"),
        "n_payment_ready": Count("pk", filter=Q(payment_ready=True)),
    }
    return _trends(_monthly(_grouped(facts(filters), MONTH_FIELDS, aggregates)))


def share(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole`` with one decimal (None when ``whole`` is 0)."""
    return None if not whole else round(100 * part / whole, 1)


def dashboard(filters: Filters) -> dict:
    """Every figure of the dashboard for ``filters``, in a fixed number of queries (see the
    module's docstring)."""
    qs = facts(filters)
    row = qs.aggregate(**_count_aggregates(), **_maturity_aggregates(qs), **_progress_aggregates())
    headline = _clean(row)
    # The joining month is both a breakdown and a trend: grouped once.
    fields = tuple(dict.fromkeys((*BREAKDOWN_FIELDS.values(), *MONTH_FIELDS)))
    grouped = _grouped(qs, fields, _count_aggregates())
    return {
        "summary": headline,
        "signed_up": signed_up_to_sell(filters, registered=headline["registered"]),
        "maturity": _maturity(row, qs),
        "progress": _progress(row, _transitions(qs)),
        "trends": _trends(_monthly(grouped)),
        "breakdowns": {
            dimension: _breakdown_rows(dimension, grouped[field])
            for dimension, field in BREAKDOWN_FIELDS.items()
        },
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
