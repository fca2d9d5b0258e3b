"""SQL the ORM cannot write, used by the programme's selectors on PostgreSQL only.

- ``MiddleValue``: one of the two middle values of a column (``percentile_disc(0.5)``, sorted up
  or down), so the median comes out of the same scan as every other figure;
- ``grouped_by_each``: one aggregate row per value of each of several columns, every grouping in
  one scan (``GROUP BY GROUPING SETS``).

Both are built from Django's own compilation of the queryset and the aggregates (``WHERE`` clause,
``FILTER`` clauses, quoting, parameters): no value from a request is ever pasted into the SQL.
"""

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import Aggregate, FloatField, QuerySet


class MiddleValue(Aggregate):
    """The lower middle value of a column (the upper one with ``upper=True``), NULLs ignored.

    ``percentile_disc(0.5)`` returns the first value at or past the half: the lower middle of an
    even count, the middle of an odd one; sorting the other way round gives the upper middle. The
    median is the mean of the two, computed in Python exactly as the offset method does, which
    ``percentile_cont`` would not guarantee (it interpolates as ``low + 0.5 * (high - low)``, which
    can differ from ``(low + high) / 2`` in the last bit and so in the rounded figure)."""

    function = "percentile_disc"
    name = "MiddleValue"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s %(direction)s)"
    output_field = FloatField()

    def __init__(self, expression, *, upper: bool = False, **extra):
        super().__init__(expression, direction="DESC" if upper else "ASC", **extra)


def _grouping_bit(index: int, count: int) -> int:
    """The bit ``GROUPING(c1, ..., cn)`` sets when ``c<index+1>`` is not grouped on."""
    return 1 << (count - 1 - index)


def grouped_by_each(
    queryset: QuerySet, fields: Sequence[str], aggregates: dict[str, Aggregate]
) -> dict[str, list[dict]]:
    """For each field of ``fields`` taken alone, the rows of
    ``queryset.values(field).annotate(**aggregates).order_by(field)``, all read in one scan.

    ``queryset`` must read one table (no joins). Returns ``{field: [row, ...]}``; each row holds the
    field's value under its name and each aggregate under its alias."""
    query = queryset.annotate(**aggregates).query
    # Joins the ORM set up and then trimmed (``Count("pk")`` through a one-to-one key) count 0.
    if sum(1 for refs in query.alias_refcount.values() if refs) != 1:
        raise ValueError("grouped_by_each() reads one table, without joins.")
    compiler = query.get_compiler(using=queryset.db)
    quote = compiler.connection.ops.quote_name
    column_sql = [compiler.compile(query.resolve_ref(field))[0] for field in fields]
    columns = ", ".join(column_sql)
    select, params = [f"GROUPING({columns})", columns], []
    for alias in aggregates:
        sql, aggregate_params = compiler.compile(query.annotations[alias])
        select.append(f"{sql} AS {quote(alias)}")
        params.extend(aggregate_params)
    try:
        where, where_params = compiler.compile(query.where)
    except EmptyResultSet:
        return {field: [] for field in fields}
    except FullResultSet:
        where, where_params = "", ()
    params.extend(where_params)
    sets = ", ".join(f"({column})" for column in column_sql)
    # Only compiled SQL and quoted names are joined here; every value travels in ``params``.
    statement = " ".join(
        part
        for part in (
            f"SELECT {', '.join(select)} FROM {quote(query.get_meta().db_table)}",  # noqa: S608
            f"WHERE {where}" if where else "",
            f"GROUP BY GROUPING SETS ({sets})",
            # Rows of one grouping together, each grouping in its value's order, as ORDER BY gives.
            f"ORDER BY 1, {columns}",
        )
        if part
    )
    out: dict[str, list[dict]] = {field: [] for field in fields}
    with compiler.connection.cursor() as cursor:
        cursor.execute(statement, params)
        for grouping, *values in cursor.fetchall():
            # GROUPING() sets the bit of every column its row is not grouped on.
            index = next(
                index
                for index in range(len(fields))
                if not grouping & _grouping_bit(index, len(fields))
            )
            row = {fields[index]: values[index]}
            row.update(zip(aggregates, values[len(fields) :], strict=True))
            out[fields[index]].append(row)
    return out
