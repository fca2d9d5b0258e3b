"""Reads of the programme: every indicator of the dashboard and the open data.

Everything is computed by the database (counts, averages, groupings, a median) over
``BusinessFacts``, one pre-joined row per business kept current by ``programme.services``: no query
runs once per business and no Python loop walks businesses; Python only walks months, levels and
the rows of a grouping. Results are plain data (codes, counts, floats) so they can be cached
(``programme.cache``) and labelled later in the reader's language.

The whole city (no filter) is read from ``programme.tallies`` once they are built: the tallies and
the signed-up count, two statements whatever the size of the city. Under a filter, how
``dashboard()`` reads, whatever the number of businesses (at most 5 statements on PostgreSQL):
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
- one ``GROUP BY`` month over ``SalesMonth`` for the electronic share of each month's sales;
- one ``COUNT`` of the accounts that signed up to sell (skipped under business-only filters).
At 20,000 businesses most of the time is spent evaluating the aggregates row by row rather than
reading the table, so more aggregates in one statement only pay when they replace a scan.

Means are floating-point averages rounded to one decimal. A mean exactly halfway between two
tenths (55.55) can round either way depending on the order the database adds the rows in, which
depends on the plan: one query per breakdown could already give 55.5 under one plan and 55.6
under another.

Definitions: ``programme.indicators``, the one place where each indicator is defined and worded;
every figure here is built from it. The funnel's first step, "signed up to sell", is every
registered business plus every active account that joined to sell (``User.joined_as``) and belongs
to no business yet. A business stands for the sign-up that made it, so the funnel never narrows the
wrong way (an owner of two businesses, an account made before the question existed, a profile made
in another month than its owner's account). Accounts have no ward, sector, size or type: the figure
exists only without those filters, and the joining months filter accounts by ``date_joined``.
The electronic share of sales by month reads ``SalesMonth`` (one more statement).
"""

from django.db import connections
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import JoinedAs, Membership, User
from accounts.selectors import ward_names
from privacy.selectors import businesses_withdrawn_from_programme
from programme import tallies
from programme.aggregates import MiddleValue, grouped_by_each
from programme.filters import Filters, ward_codes_in_district
from programme.indicators import (
    ASSESSED,
    COUNT_INDICATORS,
    DIGITAL_PLATFORMS,
    FOLLOW_UPS,
    LEVEL3_PLUS,
    REASSESSED,
    electronic_share,
    share,
)
from programme.models import BusinessFacts, SalesMonth, Target

LEVELS = ("L0", "L1", "L2", "L3", "L4", "L5")
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
COUNTS = tuple(indicator.code for indicator in COUNT_INDICATORS)
SUMS = ("sales_value", "electronic_value")


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
    """One filtered count per count indicator, the mean latest score and the sales sums."""
    return {
        **{
            f"n_{indicator.code}": Count("pk", filter=indicator.condition)
            for indicator in COUNT_INDICATORS
        },
        "n_mean_score": Avg("latest_overall", filter=ASSESSED.condition),
        **{f"n_{name}": Coalesce(Sum(name), 0) for name in SUMS},
    }


def _clean(row: dict) -> dict:
    out = {name: int(row.get(f"n_{name}") or 0) for name in (*COUNTS, *SUMS)}
    mean = row.get("n_mean_score")
    out["mean_score"] = None if mean is None else round(float(mean), 1)
    out["electronic_share"] = electronic_share(out)
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
        "m_assessed": Count("pk", filter=ASSESSED.condition),
        "m_mean": Avg("latest_overall", filter=ASSESSED.condition),
        "m_level3_plus": Count("pk", filter=LEVEL3_PLUS.condition),
        "m_digital_platforms": Count("pk", filter=DIGITAL_PLATFORMS.condition),
        **{
            f"m_dim_{code}": Avg(f"latest_{code.lower()}", filter=ASSESSED.condition)
            for code in DIMENSIONS
        },
        **{
            f"m_level_{level}": Count("pk", filter=ASSESSED.condition & Q(latest_level=level))
            for level in LEVELS
        },
    }
    if _on_postgresql(qs):
        aggregates["m_middle_low"] = MiddleValue("latest_overall", filter=ASSESSED.condition)
        aggregates["m_middle_high"] = MiddleValue(
            "latest_overall", upper=True, filter=ASSESSED.condition
        )
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
        median = _median(qs.filter(ASSESSED.condition), count)
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
        "p_reassessed": Count("pk", filter=REASSESSED.condition),
        "p_t0_mean": Avg("t0_overall", filter=REASSESSED.condition),
        "p_latest_mean": Avg("latest_overall", filter=REASSESSED.condition),
        "p_moved_up": Count("pk", filter=REASSESSED.condition & Q(latest_level__gt=F("t0_level"))),
        "p_fell_back": Count("pk", filter=REASSESSED.condition & Q(latest_level__lt=F("t0_level"))),
        **{
            f"p_t0_{code}": Avg(f"t0_{code.lower()}", filter=REASSESSED.condition)
            for code in DIMENSIONS
        },
        **{
            f"p_latest_{code}": Avg(f"latest_{code.lower()}", filter=REASSESSED.condition)
            for code in DIMENSIONS
        },
    }


def _transitions(qs: QuerySet[BusinessFacts]) -> dict[tuple[str, str], int]:
    """Re-assessed businesses by (T0 level, latest level): a GROUP BY, far cheaper than one
    filtered count per pair (36 string comparisons per row)."""
    return {
        (row["t0_level"], row["latest_level"]): row["n"]
        for row in qs.filter(REASSESSED.condition)
        .values("t0_level", "latest_level")
        .annotate(n=Count("pk"))
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
        "first": count("first_assessed_month", "n_assessed"),
        "ready": count("payment_ready_month", "n_payment_ready"),
        "sold": count("first_sale_month", "n_first_sale"),
    }


def _sales_by_month(qs: QuerySet[BusinessFacts]) -> dict[str, dict]:
    """Each month's sales of the businesses in ``qs``: all, electronic, and how many sold."""
    rows = (
        SalesMonth.objects.filter(business_id__in=qs.values("business_id"))
        .values("month")
        .annotate(
            sales_value=Sum("sales_value"),
            electronic_value=Sum("electronic_value"),
            businesses=Count("business_id"),
        )
        .order_by("month")
    )
    return {
        row["month"]: {
            "sales_value": int(row["sales_value"]),
            "electronic_value": int(row["electronic_value"]),
            "businesses": row["businesses"],
        }
        for row in rows
    }


def _trends(monthly: dict[str, dict[str, int]], sales: dict[str, dict]) -> list[dict]:
    joined, first, ready, sold = (monthly[name] for name in ("joined", "first", "ready", "sold"))
    keys = [*joined, *first, *ready, *sold, *sales]
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
        month_sales = sales.get(month, {})
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
                "first_sale_share": share(first_sale, registered),
                "sellers": month_sales.get("businesses", 0),
                "sales_value": month_sales.get("sales_value", 0),
                "electronic_value": month_sales.get("electronic_value", 0),
                "electronic_share": electronic_share(month_sales),
            }
        )
    return out[-TREND_MONTHS:]


def trends(filters: Filters) -> list[dict]:
    """Month by month (the last ``TREND_MONTHS``): new businesses, first assessments, accounts
    becoming ready and first sales, with running totals and shares of the registered, and the
    month's electronic share of sales."""
    qs = facts(filters)
    return _trends(_monthly(_grouped(qs, MONTH_FIELDS, _count_aggregates())), _sales_by_month(qs))


def _from_tallies(read: dict) -> tuple[dict, dict, dict[tuple[str, str], int], dict]:
    """The whole population's aggregate row, its groupings, level transitions and sales by month,
    as ``dashboard`` reads them from the facts, from the tallies (``programme.tallies``)."""

    def values(measures: dict, amounts: dict) -> dict:
        row = {}
        for alias in measures:
            if alias.endswith("__n"):
                continue
            if alias.endswith("__sum"):
                name, count = alias[: -len("__sum")], amounts.get(f"{alias[:-5]}__n", 0)
                row[name] = float(amounts.get(alias, 0) / count) if count else None
            else:
                row[alias] = int(amounts.get(alias, 0))
        return row

    sets = tallies.groupings()
    city_fields, city_measures = sets[tallies.CITY]
    row = values(city_measures, read[tallies.CITY].get("", {}))
    scores = sorted(
        (float(key), int(amounts["n_scored"])) for key, amounts in read[tallies.SCORE].items()
    )
    count = row["m_assessed"]
    if count:
        middle, seen = [], 0
        for score, n in scores:
            seen += n
            while len(middle) < 2 and seen > ((count - 1) // 2, count // 2)[len(middle)]:
                middle.append(score)
        row["m_middle_low"], row["m_middle_high"] = middle
    grouped = {}
    for name, (fields, measures) in sets.items():
        if name in (tallies.CITY, tallies.TRANSITION, tallies.SCORE):
            continue
        grouped[name] = [
            {fields[0]: key, **values(measures, amounts)}
            for key, amounts in sorted(read[name].items())
            if amounts.get("n_registered")
        ]
    transitions = {
        tuple(key.split("|")): int(amounts["n_pair"])
        for key, amounts in read[tallies.TRANSITION].items()
    }
    sales = {
        month: {
            "sales_value": int(amounts.get("sales_value", 0)),
            "electronic_value": int(amounts.get("electronic_value", 0)),
            "businesses": int(amounts.get("businesses", 0)),
        }
        for month, amounts in sorted(read[tallies.SALES_MONTH].items())
        if amounts.get("businesses")
    }
    return row, grouped, transitions, sales


def dashboard(filters: Filters) -> dict:
    """Every figure of the dashboard for ``filters``, in a fixed number of queries (see the
    module's docstring). The whole city (no filter) is read from the tallies once they are built:
    two statements, whatever the number of businesses."""
    qs = facts(filters)
    read = tallies.read() if filters.is_empty else None
    if read is not None:
        row, grouped, transitions, sales = _from_tallies(read)
        headline = _clean(row)
        return {
            "summary": headline,
            "signed_up": signed_up_to_sell(filters, registered=headline["registered"]),
            "maturity": _maturity(row, qs),
            "progress": _progress(row, transitions),
            "trends": _trends(_monthly(grouped), sales),
            "breakdowns": {
                dimension: _breakdown_rows(dimension, grouped[field])
                for dimension, field in BREAKDOWN_FIELDS.items()
            },
            "built_at": timezone.now().isoformat(),
        }
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
        "trends": _trends(_monthly(grouped), _sales_by_month(qs)),
        "breakdowns": {
            dimension: _breakdown_rows(dimension, grouped[field])
            for dimension, field in BREAKDOWN_FIELDS.items()
        },
        "built_at": timezone.now().isoformat(),
    }


def targets() -> list[Target]:
    return list(Target.objects.order_by("indicator", "year"))


def follow_up(filters: Filters, kind: str) -> QuerySet[BusinessFacts]:
    """Businesses for a programme officer to contact, oldest first (``indicators.FOLLOW_UPS``:
    assessed but no e-payment account ready; ready but not selling online; never assessed).
    Each row's ``business`` (with its ward) comes in the same query."""
    return (
        facts(filters)
        .filter(FOLLOW_UPS[kind])
        # A business whose owner withdrew sharing with the programme leaves the list (privacy).
        .exclude(business_id__in=businesses_withdrawn_from_programme())
        .select_related("business__ward")
        .order_by("joined_at", "business_id")
    )
