"""Reads of the programme: every indicator of the dashboard and the open data.

Everything is computed by the database (counts, averages, groupings, a median by offset): no query
runs once per business and no Python loop walks businesses; Python only walks months, levels and
the rows of a grouping. Results are plain data (codes, counts, floats) so they can be cached
(``programme.cache``) and labelled later in the reader's language.

Definitions (spec: programme.md):
- registered: active business profiles;
- assessed / re-assessed: one / two or more submitted assessments;
- payment ready: the e-payment account's state is "ready";
- selling online: a live storefront and at least one active product;
- using digital platforms: the latest assessment has E2 >= 2, or O1 >= 3, or O2 >= 3;
- maturity figures read each business's latest assessment; progress compares it with the first (T0).
"""

import datetime
from collections.abc import Iterable

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from accounts.models import Business
from cms.models import StorefrontPage
from marketplace.models import Product, ProductStatus
from onboarding.models import Assessment, AssessmentStatus
from payments.models import AccountState, PaymentAccount
from programme.filters import Filters, ward_codes_in_district
from programme.models import Target

LEVELS = ("L0", "L1", "L2", "L3", "L4", "L5")
HIGH_LEVELS = ("L3", "L4", "L5")
DIMENSIONS = ("S", "E", "P", "O", "C", "H")
BREAKDOWNS = ("ward", "district", "sector", "size_band", "business_type", "month")
TREND_MONTHS = 36
DIGITAL_PLATFORMS_Q = Q(answers__E2__gte=2) | Q(answers__O1__gte=3) | Q(answers__O2__gte=3)
COUNTS = (
    "registered",
    "assessed",
    "reassessed",
    "payment_ready",
    "storefront_live",
    "selling_online",
    "digital_platforms",
    "level3_plus",
)


def _submitted() -> QuerySet[Assessment]:
    return Assessment.objects.filter(status=AssessmentStatus.SUBMITTED)


def businesses(filters: Filters) -> QuerySet[Business]:
    """Active businesses matching every filter given."""
    qs = Business.objects.filter(is_active=True)
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
        qs = qs.filter(created_at__gte=start)
    if end:
        qs = qs.filter(created_at__lt=end)
    return qs


def _dimension(code: str, prefix: str = "") -> Cast:
    return Cast(KT(f"{prefix}dimension_scores__{code}"), FloatField())


def _with_facts(qs: QuerySet[Business]) -> QuerySet[Business]:
    """Per-business facts as correlated subqueries the database evaluates inside one query."""
    own = _submitted().filter(business=OuterRef("pk"))
    latest = own.order_by("-taken_at", "-pk")
    return qs.annotate(
        n_assessed=Coalesce(
            Subquery(
                own.order_by().values("business").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        latest_overall=Subquery(latest.values("overall")[:1]),
        latest_level=Subquery(latest.values("level")[:1]),
        latest_digital=Subquery(
            latest.annotate(
                digital=Case(When(DIGITAL_PLATFORMS_Q, then=Value(1)), default=Value(0))
            ).values("digital")[:1],
            output_field=IntegerField(),
        ),
        f_storefront=Exists(StorefrontPage.objects.filter(business=OuterRef("pk"), live=True)),
        f_product=Exists(
            Product.objects.filter(business=OuterRef("pk"), status=ProductStatus.ACTIVE)
        ),
    )


def _count_aggregates() -> dict:
    return {
        "registered": Count("pk"),
        "assessed": Count("pk", filter=Q(n_assessed__gte=1)),
        "reassessed": Count("pk", filter=Q(n_assessed__gte=2)),
        "payment_ready": Count("pk", filter=Q(payment_account__state=AccountState.READY)),
        "storefront_live": Count("pk", filter=Q(f_storefront=True)),
        "selling_online": Count("pk", filter=Q(f_storefront=True, f_product=True)),
        "digital_platforms": Count("pk", filter=Q(latest_digital=1)),
        "level3_plus": Count("pk", filter=Q(latest_level__in=HIGH_LEVELS)),
        "mean_score": Avg("latest_overall", output_field=FloatField()),
    }


def _clean(row: dict) -> dict:
    out = {name: int(row.get(name) or 0) for name in COUNTS}
    mean = row.get("mean_score")
    out["mean_score"] = None if mean is None else round(float(mean), 1)
    return out


def summary(filters: Filters) -> dict:
    """The headline counts (see the module's definitions) and the mean latest score."""
    return _clean(_with_facts(businesses(filters)).aggregate(**_count_aggregates()))


def _group(dimension: str) -> tuple[dict, tuple[str, ...]]:
    if dimension == "ward":
        return {}, ("ward_id", "ward__full_name", "ward__full_name_en")
    if dimension == "district":
        return {}, ("ward__former_district",)
    if dimension == "month":
        return {"joined": TruncMonth("created_at")}, ("joined",)
    return {}, (dimension,)


def _month_key(value) -> str:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m")


def breakdown(filters: Filters, dimension: str) -> list[dict]:
    """The headline counts grouped by ``dimension`` (one of ``BREAKDOWNS``), one row per value."""
    extra, fields = _group(dimension)
    qs = (
        _with_facts(businesses(filters)).annotate(**extra)
        if extra
        else _with_facts(businesses(filters))
    )
    rows = []
    for row in qs.values(*fields).annotate(**_count_aggregates()).order_by(*fields):
        if dimension == "ward":
            key, label, label_en = row["ward_id"], row["ward__full_name"], row["ward__full_name_en"]
        elif dimension == "district":
            key = label = label_en = row["ward__former_district"]
        elif dimension == "month":
            key = label = label_en = _month_key(row["joined"])
        else:
            key = label = label_en = row[dimension]
        rows.append({"key": key, "label": label, "label_en": label_en, **_clean(row)})
    return rows


def _latest_assessments(filters: Filters) -> QuerySet[Assessment]:
    """Each matching business's latest submitted assessment."""
    later = (
        _submitted()
        .filter(business=OuterRef("business"))
        .filter(
            Q(taken_at__gt=OuterRef("taken_at"))
            | Q(taken_at=OuterRef("taken_at"), pk__gt=OuterRef("pk"))
        )
    )
    return (
        _submitted()
        .filter(business__in=businesses(filters).values("pk"))
        .filter(~Exists(later))
        .order_by()
    )


def _median(qs: QuerySet[Assessment], count: int) -> float | None:
    if not count:
        return None
    middle = list(
        qs.order_by("overall").values_list("overall", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    return round(float(sum(middle)) / len(middle), 1)


def maturity(filters: Filters) -> dict:
    """Scores of the latest assessments: mean, median, levels, share L3+, mean by dimension."""
    latest = _latest_assessments(filters)
    figures = latest.aggregate(
        assessed=Count("pk"),
        mean=Avg("overall", output_field=FloatField()),
        level3_plus=Count("pk", filter=Q(level__in=HIGH_LEVELS)),
        digital_platforms=Count("pk", filter=DIGITAL_PLATFORMS_Q),
        **{f"dim_{code}": Avg(_dimension(code)) for code in DIMENSIONS},
    )
    levels = dict(latest.values("level").annotate(n=Count("pk")).values_list("level", "n"))
    count = figures["assessed"]
    return {
        "assessed": count,
        "mean": None if figures["mean"] is None else round(figures["mean"], 1),
        "median": _median(latest, count),
        "level3_plus": figures["level3_plus"],
        "digital_platforms": figures["digital_platforms"],
        "levels": {level: levels.get(level, 0) for level in LEVELS},
        "dimensions": {
            code: None if figures[f"dim_{code}"] is None else round(figures[f"dim_{code}"], 1)
            for code in DIMENSIONS
        },
    }


def progress(filters: Filters) -> dict:
    """T0 -> latest for re-assessed businesses: mean change overall and by dimension, the share
    moving up or falling back a level, and the level transitions."""
    first = _submitted().filter(business=OuterRef("business")).order_by("taken_at", "pk")
    earlier = _submitted().filter(business=OuterRef("business")).exclude(pk=OuterRef("pk"))
    pairs = (
        _latest_assessments(filters)
        .filter(Exists(earlier))
        .annotate(
            t0_overall=Subquery(first.values("overall")[:1]),
            t0_level=Subquery(first.values("level")[:1]),
            **{
                f"t0_{code}": Subquery(
                    first.annotate(v=_dimension(code)).values("v")[:1], output_field=FloatField()
                )
                for code in DIMENSIONS
            },
        )
    )
    figures = pairs.aggregate(
        reassessed=Count("pk"),
        t0_mean=Avg("t0_overall", output_field=FloatField()),
        latest_mean=Avg("overall", output_field=FloatField()),
        moved_up=Count("pk", filter=Q(level__gt=F("t0_level"))),
        fell_back=Count("pk", filter=Q(level__lt=F("t0_level"))),
        **{f"t0_{code}_mean": Avg(f"t0_{code}") for code in DIMENSIONS},
        **{f"latest_{code}_mean": Avg(_dimension(code)) for code in DIMENSIONS},
    )
    transitions = {
        (row["t0_level"], row["level"]): row["n"]
        for row in pairs.values("t0_level", "level").annotate(n=Count("pk"))
    }

    def _round(value):
        return None if value is None else round(value, 1)

    return {
        "reassessed": figures["reassessed"],
        "moved_up": figures["moved_up"],
        "fell_back": figures["fell_back"],
        "t0_mean": _round(figures["t0_mean"]),
        "latest_mean": _round(figures["latest_mean"]),
        "dimensions": {
            code: {
                "t0": _round(figures[f"t0_{code}_mean"]),
                "latest": _round(figures[f"latest_{code}_mean"]),
            }
            for code in DIMENSIONS
        },
        "transitions": {
            start: {end: transitions.get((start, end), 0) for end in LEVELS} for start in LEVELS
        },
    }


def _by_month(rows: Iterable[dict]) -> dict[str, dict]:
    return {_month_key(row.pop("month")): row for row in rows if row["month"] is not None}


def _months(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def trends(filters: Filters) -> list[dict]:
    """Month by month (the last ``TREND_MONTHS``): new businesses, first assessments, assessments
    taken and their mean score, accounts becoming ready, with running totals and shares."""
    ids = businesses(filters).values("pk")
    earlier = _submitted().filter(business=OuterRef("business"), taken_at__lt=OuterRef("taken_at"))
    joined = _by_month(
        businesses(filters)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    taken = _by_month(
        _submitted()
        .filter(business__in=ids)
        .annotate(month=TruncMonth("taken_at"))
        .values("month")
        .annotate(
            n=Count("pk"),
            first=Count("pk", filter=~Exists(earlier)),
            mean=Avg("overall", output_field=FloatField()),
        )
        .order_by()
    )
    ready = _by_month(
        PaymentAccount.objects.filter(state=AccountState.READY, business__in=ids)
        .annotate(month=TruncMonth(Coalesce("ready_at", "state_changed_at", "created_at")))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    keys = [*joined, *taken, *ready]
    if not keys:
        return []
    months = _months(min(keys), _month_key(timezone.now()))
    registered = assessed = payment_ready = 0
    out = []
    for month in months:
        registered += joined.get(month, {}).get("n", 0)
        assessed += taken.get(month, {}).get("first", 0)
        payment_ready += ready.get(month, {}).get("n", 0)
        mean = taken.get(month, {}).get("mean")
        out.append(
            {
                "month": month,
                "joined": joined.get(month, {}).get("n", 0),
                "registered": registered,
                "assessments": taken.get(month, {}).get("n", 0),
                "mean_score": None if mean is None else round(mean, 1),
                "assessed": assessed,
                "payment_ready": payment_ready,
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
    return {
        "summary": summary(filters),
        "maturity": maturity(filters),
        "progress": progress(filters),
        "trends": trends(filters),
        "breakdowns": {dimension: breakdown(filters, dimension) for dimension in BREAKDOWNS},
        "built_at": timezone.now().isoformat(),
    }


def targets() -> list[Target]:
    return list(Target.objects.order_by("indicator", "year"))


FOLLOW_UPS = ("assessed_no_payment", "ready_not_selling", "not_assessed")


def follow_up(filters: Filters, kind: str) -> QuerySet[Business]:
    """Businesses for a programme officer to contact, oldest first:
    assessed but no ready e-payment account; ready but not selling online; never assessed."""
    qs = _with_facts(businesses(filters)).select_related("ward", "payment_account")
    ready = Q(payment_account__state=AccountState.READY)
    if kind == "assessed_no_payment":
        qs = qs.filter(n_assessed__gte=1).exclude(ready)
    elif kind == "ready_not_selling":
        qs = qs.filter(ready).exclude(f_storefront=True, f_product=True)
    else:
        qs = qs.filter(n_assessed=0)
    return qs.order_by("created_at", "pk")
