"""The published data set: adoption indicators by ward, sector, size band and month of joining.

No personal field is ever part of it; only counts of businesses and a mean score. Statistical
disclosure control, so that no single business can be singled out:
- a row (a ward, a sector, ...) of fewer than ``MIN_CELL`` businesses shows no figure at all;
- a count is withheld when it, or the rest of its row (businesses minus it), is between 1 and
  ``MIN_CELL - 1`` (otherwise "4 of 6 are ready" tells that 2 are not);
- the mean score is withheld when fewer than ``MIN_CELL`` businesses were assessed;
- when exactly one row of a grouping is withheld, the next smallest is withheld too, so the
  withheld row cannot be found by subtracting the others from a total.
The set is cached under the programme's data version and carries the time it was built.
"""

from django.utils import timezone, translation

from accounts.models import Sector, SizeBand
from programme import selectors
from programme.cache import cached
from programme.filters import Filters

MIN_CELL = 5
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
DIMENSIONS = ("ward", "sector", "size_band", "month")
COUNT_FIELDS = (
    "assessed",
    "payment_ready",
    "selling_online",
    "first_sale",
    "digital_platforms",
    "level3_plus",
)
FIELDS = (
    "dimension",
    "code",
    "name_vi",
    "name_en",
    "businesses",
    *COUNT_FIELDS,
    "mean_score",
    "suppressed",
)
CHOICES = {"sector": Sector, "size_band": SizeBand}


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


def _withhold(row: dict) -> dict:
    return {
        **row,
        "businesses": None,
        **dict.fromkeys(COUNT_FIELDS),
        "mean_score": None,
        "suppressed": True,
    }


def suppress(rows: list[dict]) -> list[dict]:
    """The rows of one grouping with small cells withheld (see the module's rules)."""
    out = []
    for row in rows:
        total = row["businesses"]
        if total < MIN_CELL:
            out.append(_withhold(row))
            continue
        clean = {**row, "suppressed": False}
        for name in COUNT_FIELDS:
            if _small(row[name]) or _small(total - row[name]):
                clean[name] = None
                clean["suppressed"] = True
        if row["assessed"] < MIN_CELL:
            clean["mean_score"] = None
        out.append(clean)
    withheld = [row for row in out if row["businesses"] is None]
    if len(withheld) == 1:
        shown = [i for i, row in enumerate(out) if row["businesses"] is not None]
        if shown:
            smallest = min(shown, key=lambda i: out[i]["businesses"])
            out[smallest] = _withhold(out[smallest])
    return out


def build() -> dict:
    rows = []
    for dimension in DIMENSIONS:
        grouped = []
        for row in selectors.breakdown(Filters(), dimension):
            name_vi, name_en = _names(dimension, row)
            grouped.append(
                {
                    "dimension": dimension,
                    "code": row["key"],
                    "name_vi": name_vi,
                    "name_en": name_en,
                    "businesses": row["registered"],
                    **{name: row[name] for name in COUNT_FIELDS},
                    "mean_score": row["mean_score"],
                }
            )
        rows.extend(suppress(grouped))
    return {
        "title": "Chợ Số — SME digital adoption, Ho Chi Minh City",
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "min_cell": MIN_CELL,
        "fields": list(FIELDS),
        "rows": [{name: row[name] for name in FIELDS} for row in rows],
    }


def dataset() -> dict:
    """The data set, built once per data version (and at least every cache period)."""
    return cached("open-data", "all", build)
