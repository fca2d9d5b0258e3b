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


class GroupedBySets:
    """A ``GROUPING SETS`` statement compiled once (``grouped_by_sets``), run as often as needed,
    optionally narrowed by one more condition: compiling dozens of aggregates costs far more
    than running them over a few rows."""

    def __init__(
        self, queryset: QuerySet, sets: dict[str, Sequence[str]], aggregates: dict[str, Aggregate]
    ):
        query = queryset.annotate(**aggregates).query
        if sum(1 for refs in query.alias_refcount.values() if refs) != 1:
            raise ValueError("grouped_by_sets() reads one table, without joins.")
        compiler = query.get_compiler(using=queryset.db)
        self.connection = compiler.connection
        quote = compiler.connection.ops.quote_name
        self.sets, self.aggregates = sets, list(aggregates)
        self.fields = list(dict.fromkeys(field for names in sets.values() for field in names))
        column_sql = {field: compiler.compile(query.resolve_ref(field))[0] for field in self.fields}
        columns = ", ".join(column_sql.values())
        select = [f"GROUPING({columns})" if self.fields else "0", *column_sql.values()]
        self.params: list = []
        for alias in aggregates:
            sql, aggregate_params = compiler.compile(query.annotations[alias])
            select.append(f"{sql} AS {quote(alias)}")
            self.params.extend(aggregate_params)
        self.empty = False
        try:
            self.where, where_params = compiler.compile(query.where)
        except EmptyResultSet:
            self.empty, self.where, where_params = True, "", ()
        except FullResultSet:
            self.where, where_params = "", ()
        self.params.extend(where_params)
        # The bits GROUPING() sets for each named set: one per field the set does not group on.
        count = len(self.fields)
        self.masks = {
            sum(
                _grouping_bit(i, count) for i, field in enumerate(self.fields) if field not in names
            ): name
            for name, names in sets.items()
        }
        self.select = f"SELECT {', '.join(select)} FROM {quote(query.get_meta().db_table)}"  # noqa: S608
        self.grouping_sets = ", ".join(
            "(" + ", ".join(column_sql[field] for field in names) + ")" for names in sets.values()
        )

    def __call__(self, also: str = "", also_params: Sequence = ()) -> dict[str, list[dict]]:
        """The rows of each set (``grouped_by_sets``); ``also`` is one more SQL condition (with
        ``%s`` placeholders for ``also_params``), never built from a request's values."""
        if self.empty:
            return {name: [] for name in self.sets}
        where = " AND ".join(f"({part})" for part in (self.where, also) if part)
        # Only compiled SQL and quoted names are joined here; every value travels in the params.
        statement = " ".join(
            part
            for part in (
                self.select,
                f"WHERE {where}" if where else "",
                f"GROUP BY GROUPING SETS ({self.grouping_sets})",
            )
            if part
        )
        out: dict[str, list[dict]] = {name: [] for name in self.sets}
        with self.connection.cursor() as cursor:
            cursor.execute(statement, [*self.params, *also_params])
            for grouping, *values in cursor.fetchall():
                name = self.masks[grouping]
                row = {
                    field: values[index]
                    for index, field in enumerate(self.fields)
                    if field in self.sets[name]
                }
                row.update(zip(self.aggregates, values[len(self.fields) :], strict=True))
                out[name].append(row)
        return out


def grouped_by_sets(
    queryset: QuerySet, sets: dict[str, Sequence[str]], aggregates: dict[str, Aggregate]
) -> dict[str, list[dict]]:
    """For each named set of fields (``()`` for the whole population), the rows of
    ``queryset.values(*fields).annotate(**aggregates)``, all read in one ``GROUPING SETS`` scan.

    Like ``grouped_by_each`` (one table, no joins), with sets of several fields or none. Returns
    ``{name: [row, ...]}``; each row holds its set's fields under their names and each aggregate
    under its alias (rows in no particular order)."""
    return GroupedBySets(queryset, sets, aggregates)()
