"""The published data set: adoption indicators for the whole city and by ward, sector, size band and
month of joining, and the electronic share of sales by month of sale.

Every figure is the dashboard's own (``selectors.dashboard`` without filters), and every column is
an indicator of ``programme.indicators`` described by its definition. No personal field is ever
part of it; only counts of businesses, a mean score and a percentage.

Statistical disclosure control, so that no single business can be singled out:
- a row (a ward, a sector, ...) of fewer than ``MIN_CELL`` businesses shows no figure at all;
- a count is withheld when it, or the rest of its row (businesses minus it), is between 1 and
  ``MIN_CELL - 1`` (otherwise "4 of 6 are ready" tells that 2 are not);
- the mean score is withheld when fewer than ``MIN_CELL`` businesses were assessed, the electronic
  share of sales when fewer than ``MIN_CELL`` businesses sold;
- complementary suppression: within a grouping, a column never has exactly one withheld cell while
  the city total of that column is shown, since the total minus the shown cells would give it
  back; the smallest shown cell of that column is withheld too (the whole row when the column is
  the number of businesses), until no column has a lone withheld cell.
The city-wide row follows the same primary rules (it is withheld only below the threshold).
Withheld cells are empty in CSV and ``null`` in JSON (the Data Package's ``missingValues``).
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Sector, SizeBand
from programme import selectors
from programme.cache import cached
from programme.filters import Filters
from programme.indicators import BY_CODE, ELECTRONIC_SHARE, HEADLINE, MEAN_SCORE, REGISTERED
from programme.models import OpenDataSnapshot

MIN_CELL = 5
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "Chợ Số — Ho Chi Minh City SME digital-adoption programme"
CITY_CODE = "79"  # Ho Chi Minh City's province code
DIMENSIONS = ("city", "ward", "sector", "size_band", "month")
COUNT_FIELDS = tuple(indicator.code for indicator in HEADLINE if indicator is not REGISTERED)
FIELDS = (
    "dimension",
    "code",
    "name_vi",
    "name_en",
    "businesses",
    *COUNT_FIELDS,
    MEAN_SCORE.code,
    ELECTRONIC_SHARE.code,
    "suppressed",
)
# The columns whose cells add up to the city total (the mean is weighted by the assessed count).
ADDITIVE = ("businesses", *COUNT_FIELDS, MEAN_SCORE.code)
SALES_FIELDS = ("month", "businesses_with_sales", ELECTRONIC_SHARE.code, "suppressed")
CHOICES = {"sector": Sector, "size_band": SizeBand}
CITY_NAMES = ("Thành phố Hồ Chí Minh", "Ho Chi Minh City")


def field_descriptions() -> dict[str, object]:
    """Every published column's description, the indicators' own definitions for the figures."""
    return {
        "dimension": _(
            "Grouping: city (the whole city), ward, sector, size_band or month (of joining)."
        ),
        "code": _("Province code 79, ward code (2025), VSIC section letter, size band or YYYY-MM."),
        "name_vi": _("Name in Vietnamese."),
        "name_en": _("Name in English."),
        "businesses": REGISTERED.definition,
        **{name: BY_CODE[name].definition for name in COUNT_FIELDS},
        MEAN_SCORE.code: MEAN_SCORE.definition,
        ELECTRONIC_SHARE.code: ELECTRONIC_SHARE.definition,
        "suppressed": _("True when some figure of the row is withheld."),
        "month": _("Month (YYYY-MM, Ho Chi Minh City time) the money was received."),
        "businesses_with_sales": _("Businesses that received money for an order in the month."),
    }


def _names(dimension: str, row: dict) -> tuple[str, str]:
    if dimension in CHOICES:
        names = []
        for language in ("vi", "en"):
            with translation.override(language):
                names.append(str(CHOICES[dimension](row["key"]).label))
        return names[0], names[1]
    return row["label"], row["label_en"]


def _small(count: int) -> bool:
    return 0 < count < MIN_CELL


FIGURES = (*ADDITIVE, ELECTRONIC_SHARE.code)


def _primary(row: dict) -> set[str]:
    """The figures of one row withheld by its own small cells (the first three rules)."""
    total = row["businesses"]
    if total < MIN_CELL:
        return set(FIGURES)
    withheld = {name for name in COUNT_FIELDS if _small(row[name]) or _small(total - row[name])}
    if _small(row["assessed"]):
        withheld.add(MEAN_SCORE.code)
    if _small(row["first_sale"]):
        withheld.add(ELECTRONIC_SHARE.code)
    return withheld


def _complement(rows: list[dict], withheld: list[set[str]], total: set[str]) -> None:
    """Withholds more cells (``withheld``, in place) until no column whose city total is shown
    (not in ``total``) has exactly one withheld cell."""
    changed = True
    while changed:
        changed = False
        for name in ADDITIVE:
            if name in total:
                continue
            lone = [i for i, names in enumerate(withheld) if name in names]
            if len(lone) != 1:
                continue
            # A mean is weighed by its assessed businesses; a withheld zero protects nothing.
            weight = "assessed" if name == MEAN_SCORE.code else name
            shown = [
                i
                for i, names in enumerate(withheld)
                if name not in names and (name != MEAN_SCORE.code or rows[i]["assessed"])
            ]
            if not shown:
                continue
            pick = min(shown, key=lambda i: (rows[i][weight] == 0, rows[i][weight], i))
            withheld[pick] |= set(FIGURES) if name == "businesses" else {name}
            changed = True


def suppress(rows: list[dict], total: set[str] | None = None) -> list[dict]:
    """The rows of one grouping with small cells withheld (see the module's rules). ``total`` is
    the set of figures withheld from the city row the grouping adds up to (None: no total)."""
    withheld = [_primary(row) for row in rows]
    if total is not None:
        _complement(rows, withheld, total)
    return [
        {**row, **dict.fromkeys(names), "suppressed": bool(names)}
        for row, names in zip(rows, withheld, strict=True)
    ]


def _values(row: dict) -> dict:
    return {
        "businesses": row["registered"],
        **{name: row[name] for name in COUNT_FIELDS},
        MEAN_SCORE.code: row["mean_score"],
        ELECTRONIC_SHARE.code: row["electronic_share"],
    }


def _city_row(summary: dict) -> dict:
    name_vi, name_en = CITY_NAMES
    city = {"dimension": "city", "code": CITY_CODE, "name_vi": name_vi, "name_en": name_en}
    return {**city, **_values(summary)}


def _sales_rows(trends: list[dict]) -> list[dict]:
    rows = []
    for row in trends:
        if not row["sellers"]:
            continue
        withheld = row["sellers"] < MIN_CELL
        rows.append(
            {
                "month": row["month"],
                "businesses_with_sales": None if withheld else row["sellers"],
                ELECTRONIC_SHARE.code: None if withheld else row["electronic_share"],
                "suppressed": withheld,
            }
        )
    return rows


def build() -> dict:
    figures = selectors.dashboard(Filters())
    city_row = _city_row(figures["summary"])
    city_withheld = _primary(city_row)
    rows = suppress([city_row])
    for dimension in DIMENSIONS[1:]:
        grouped = []
        for row in figures["breakdowns"][dimension]:
            name_vi, name_en = _names(dimension, row)
            grouped.append(
                {
                    "dimension": dimension,
                    "code": row["key"],
                    "name_vi": name_vi,
                    "name_en": name_en,
                    **_values(row),
                }
            )
        rows.extend(suppress(grouped, city_withheld))
    return {
        "title": "Chợ Số — SME digital adoption, Ho Chi Minh City",
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "min_cell": MIN_CELL,
        "fields": list(FIELDS),
        "rows": [{name: row[name] for name in FIELDS} for row in rows],
        "sales_fields": list(SALES_FIELDS),
        "sales_by_month": _sales_rows(figures["trends"]),
        "snapshots": snapshot_months(),
    }


# The published files: name -> (content type, the builder of its bytes from the data set).
CSV_TYPE = "text/csv; charset=utf-8"
FILES = {
    "adoption.csv": CSV_TYPE,
    "adoption.json": "application/json",
    "electronic-sales.csv": CSV_TYPE,
}


def file_bytes(name: str, data: dict) -> bytes:
    """The bytes of the published file ``name`` (one of ``FILES``): what /open-data/<name> serves
    and what a month's snapshot keeps."""
    from programme import exports  # noqa: PLC0415

    if name == "adoption.json":
        return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).encode()
    fields, rows = (
        (data["fields"], data["rows"])
        if name == "adoption.csv"
        else (data["sales_fields"], data["sales_by_month"])
    )
    return exports.csv_response(
        filename=name, columns=fields, rows=[[row[field] for field in fields] for row in rows]
    ).content


def snapshot_months() -> list[str]:
    """The months whose snapshot is kept, latest first (one query)."""
    return list(
        OpenDataSnapshot.objects.order_by("-month").values_list("month", flat=True).distinct()
    )


def dataset() -> dict:
    """The data set, built once per data version (and at least every cache period)."""
    return cached("open-data", "all", build)
