"""City-wide totals of the facts, kept by difference so the unfiltered dashboard reads no facts.

At city scale (a million businesses) scanning ``BusinessFacts`` for the whole city takes seconds
and grows with the city. ``FactsTally`` holds, for the active businesses, every *additive* part of
the unfiltered dashboard's aggregates (``programme.selectors``), by grouping:

- ``city``: the whole population (counts, sums; a mean is kept as its sum and its count);
- one grouping per breakdown and per trend month column (``ward_id``, ``joined_month``, ...);
- ``transition``: re-assessed businesses by (T0 level, latest level);
- ``score``: assessed businesses by latest overall score (one decimal: at most 1,001 values), from
  which the median is read exactly;
- ``sales_month``: each month's sales (``SalesMonth``).

The measures are the selectors' own aggregates (one definition per indicator), made additive by
``additive()``. Whenever ``programme.services`` rewrites some businesses' facts it reads their
contributions before and after (``contributions``) and adds the difference (``apply``): a few
statements, whatever the size of the city. ``rebuild`` recomputes everything from the facts (the
scheduled repair; it also removes what a deleted business left, since its facts row goes with it).
Until a rebuild has run once (``BUILT``), the dashboard reads the facts instead.
"""

import functools
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Aggregate, Avg, Count, QuerySet, Sum

from programme.aggregates import GroupedBySets, MiddleValue, grouped_by_sets
from programme.indicators import ASSESSED, REASSESSED
from programme.models import BusinessFacts, FactsTally, SalesMonth

CITY, TRANSITION, SCORE, SALES_MONTH = "city", "transition", "score", "sales_month"
# The marker a full rebuild writes: until then the tallies are not trusted.
BUILT = ("built", "", "built")
SALES_MEASURES = ("sales_value", "electronic_value", "businesses")
QUANTUM = Decimal("0.000001")


def additive(aggregates: dict[str, Aggregate]) -> dict[str, Aggregate]:
    """``aggregates`` as sums over rows that can be added across groups and businesses: a count
    or a sum stays, a mean becomes its sum (``alias__sum``) and its count (``alias__n``), a middle
    value is left out (it comes from the ``score`` grouping)."""
    out = {}
    for alias, aggregate in aggregates.items():
        if isinstance(aggregate, MiddleValue):
            continue
        if isinstance(aggregate, Avg):
            source = aggregate.get_source_expressions()[0]
            out[f"{alias}__sum"] = Sum(source, filter=aggregate.filter)
            out[f"{alias}__n"] = Count(source, filter=aggregate.filter)
        else:
            out[alias] = aggregate
    return out


def groupings() -> dict[str, tuple[tuple[str, ...], dict[str, Aggregate]]]:
    """Each grouping of the facts: the fields it groups on and the measures it keeps."""
    from programme import selectors  # noqa: PLC0415 - the selectors read the tallies too

    counts = additive(selectors._count_aggregates())
    city = additive(
        {
            **selectors._count_aggregates(),
            **selectors._maturity_aggregates(BusinessFacts.objects.none()),
            **selectors._progress_aggregates(),
        }
    )
    fields = dict.fromkeys((*selectors.BREAKDOWN_FIELDS.values(), *selectors.MONTH_FIELDS))
    return {
        CITY: ((), city),
        **{field: ((field,), counts) for field in fields},
        TRANSITION: (
            ("t0_level", "latest_level"),
            {"n_pair": Count("pk", filter=REASSESSED.condition)},
        ),
        SCORE: (("latest_overall",), {"n_scored": Count("pk", filter=ASSESSED.condition)}),
    }


def _key(fields: tuple[str, ...], row: dict) -> str:
    return "|".join("" if row[field] is None else str(row[field]) for field in fields)


def _amount(value) -> Decimal:
    if value is None:
        return Decimal(0)
    return Decimal(repr(value) if isinstance(value, float) else value).quantize(QUANTUM)


@functools.cache
def _statement() -> GroupedBySets:
    """Each asked-for active business's facts row with every measure of every grouping computed
    over that row alone (compiled once per process, PostgreSQL): the row's own field values say
    which key of each grouping it adds to, so no ``GROUPING SETS`` has to be planned per change."""
    sets = groupings()
    fields = tuple(dict.fromkeys(field for names, _m in sets.values() for field in names))
    return GroupedBySets(
        BusinessFacts.objects.filter(is_active=True).order_by(),
        {"row": ("business_id", *fields)},
        {alias: agg for _fields, measures in sets.values() for alias, agg in measures.items()},
    )


def _read(
    qs: QuerySet[BusinessFacts], sales: QuerySet[SalesMonth], *, ids: list[int] | None = None
) -> dict[tuple, Decimal]:
    """{(grouping, key, measure): amount} of the facts in ``qs`` (the active facts of ``ids``
    when given) and the sales in ``sales``."""
    sets = groupings()
    out: dict[tuple, Decimal] = defaultdict(Decimal)
    if connection.vendor == "postgresql" and ids is not None:
        rows = _statement()(f"{connection.ops.quote_name('business_id')} = ANY(%s)", [ids])["row"]
        grouped = dict.fromkeys(sets, rows)
    elif connection.vendor == "postgresql":
        # Over the whole city: one scan per set of measures (the groupings that share them in
        # one GROUPING SETS), so no grouping computes measures it does not keep.
        shared: dict[int, list[str]] = defaultdict(list)
        for name, (_fields, measures) in sets.items():
            shared[id(measures)].append(name)
        grouped = {}
        for names in shared.values():
            grouped.update(
                grouped_by_sets(qs, {name: sets[name][0] for name in names}, sets[names[0]][1])
            )
    else:
        grouped = {
            name: list(qs.values(*fields).annotate(**measures).order_by())
            if fields
            else [qs.aggregate(**measures)]
            for name, (fields, measures) in sets.items()
        }
    for name, (fields, measures) in sets.items():
        for row in grouped[name]:
            if not (row.get("n_registered") or row.get("n_pair") or row.get("n_scored")):
                continue  # a group with no business in it (an empty population's total)
            key = _key(fields, row)
            for alias in measures:
                amount = _amount(row[alias])
                if amount:
                    out[name, key, alias] += amount
    for row in (
        sales.values("month")
        .annotate(
            sales_value=Sum("sales_value"),
            electronic_value=Sum("electronic_value"),
            businesses=Count("business_id"),
        )
        .order_by()
    ):
        for measure in SALES_MEASURES:
            amount = _amount(row[measure])
            if amount:
                out[SALES_MONTH, row["month"], measure] += amount
    return out


def contributions(business_ids: Iterable[int]) -> dict[tuple, Decimal]:
    """What the businesses' current facts add to the tallies (two statements)."""
    ids = list(business_ids)
    qs = BusinessFacts.objects.filter(business_id__in=ids, is_active=True).order_by()
    sales = SalesMonth.objects.filter(business_id__in=qs.values("business_id")).order_by()
    return _read(qs, sales, ids=ids)


def apply(before: dict[tuple, Decimal], after: dict[tuple, Decimal]) -> None:
    """Adds ``after - before`` to the tallies, in one statement (nothing when nothing changed)."""
    delta = {
        key: after.get(key, 0) - before.get(key, 0)
        for key in before.keys() | after.keys()
        if after.get(key, 0) != before.get(key, 0)
    }
    if not delta:
        return
    table = connection.ops.quote_name(FactsTally._meta.db_table)
    rows = sorted(delta.items())  # one order for every writer: no deadlock between two of them
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params = [
        part
        for (grouping, key, measure), amount in rows
        for part in (grouping, key, measure, amount)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (grouping, key, measure, amount) VALUES {values} "  # noqa: S608
            "ON CONFLICT (grouping, key, measure) "
            f"DO UPDATE SET amount = {table}.amount + EXCLUDED.amount",
            params,
        )


@transaction.atomic
def rebuild() -> int:
    """Recomputes every tally from the active businesses' facts; returns how many rows."""
    from programme.filters import Filters  # noqa: PLC0415
    from programme.selectors import facts  # noqa: PLC0415

    FactsTally.objects.all().delete()
    amounts = _read(
        facts(Filters()),
        SalesMonth.objects.filter(
            business_id__in=BusinessFacts.objects.filter(is_active=True).values("business_id")
        ).order_by(),
    )
    amounts[BUILT] = Decimal(1)
    FactsTally.objects.bulk_create(
        [
            FactsTally(grouping=grouping, key=key, measure=measure, amount=amount)
            for (grouping, key, measure), amount in amounts.items()
        ],
        batch_size=5000,
    )
    return len(amounts)


def read() -> dict[str, dict[str, dict[str, Decimal]]] | None:
    """{grouping: {key: {measure: amount}}} of every tally (one statement); None until a full
    rebuild has built them."""
    out: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for grouping, key, measure, amount in (
        FactsTally.objects.exclude(amount=0)
        .values_list("grouping", "key", "measure", "amount")
        .order_by()
    ):
        out[grouping][key][measure] = amount
    if BUILT[0] not in out:
        return None
    return out
