"""The dashboard's tables, built from the computed figures and labelled in the reader's language.

Each table has a key (its export URL names it), a title, column headers, rows of plain values and
notes that explain a figure; the page, the CSV and the XLSX exports all read the same ``Table``. No
table carries a personal field.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import BusinessType, Sector, SizeBand
from onboarding import questionnaire as registry
from programme import indicators
from programme.indicators import (
    ELECTRONIC_SHARE,
    FUNNEL,
    HEADLINE,
    MEAN_SCORE,
    MEDIAN_SCORE,
    PAYMENT_READY,
    REGISTERED,
    share,
)
from programme.models import CITY_WIDE, Target
from programme.selectors import DIMENSIONS, LEVELS


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


BREAKDOWN_TITLES = {
    "ward": lambda: _("By ward or commune"),
    "district": lambda: _("By former district"),
    "sector": lambda: _("By sector"),
    "size_band": lambda: _("By size"),
    "business_type": lambda: _("Household business or company"),
    "month": lambda: _("By month of joining (cohorts)"),
}
CHOICE_LABELS = {"sector": Sector, "size_band": SizeBand, "business_type": BusinessType}


def _english() -> bool:
    return (translation.get_language() or "vi").startswith("en")


def level_names() -> dict[str, str]:
    questionnaire = registry.current()
    return {level.code: f"{level.code} {level.name}" for level in questionnaire.levels}


def dimension_names(*, short: bool = False) -> dict[str, str]:
    questionnaire = registry.current()
    return {d.code: str(d.short if short else d.name) for d in questionnaire.dimensions}


def _targets_text(targets: list[Target], indicator: str) -> str:
    return "; ".join(
        f"{float(target.value):g}% ({target.year})"
        for target in targets
        if target.indicator == indicator
    )


def indicators_table(figures: dict, targets: list[Target]) -> Table:
    """Every indicator (``programme.indicators``) with its count, share, target and definition."""
    summary, maturity = figures["summary"], figures["maturity"]
    table = Table(
        "indicators",
        _("Indicators against the city's targets"),
        [
            _("Indicator"),
            _("Businesses"),
            _("Share (%)"),
            _("Share of"),
            _("Target"),
            _("Definition"),
        ],
    )
    for indicator in HEADLINE:
        count = summary[indicator.code]
        of = indicators.BY_CODE[indicator.of] if indicator.of else None
        table.rows.append(
            [
                str(indicator.label),
                count,
                share(count, summary[of.code]) if of else None,
                str(of.short).lower() if of else "",
                _targets_text(targets, indicator.code),
                str(indicator.definition),
            ]
        )
    for indicator, value, of in (
        (MEAN_SCORE, maturity["mean"], "0-100"),
        (MEDIAN_SCORE, maturity["median"], "0-100"),
        (ELECTRONIC_SHARE, summary["electronic_share"], _("value of sales")),
    ):
        table.rows.append(
            [
                str(indicator.label),
                None,
                value,
                of,
                _targets_text(targets, indicator.code),
                str(indicator.definition),
            ]
        )
    return table


def city_targets_table(targets: list[Target]) -> Table:
    table = Table(
        "city_targets",
        _("City-wide targets the platform cannot measure"),
        [_("Indicator"), _("Year"), _("Target (%)"), _("Source")],
    )
    for target in targets:
        if target.indicator in CITY_WIDE:
            table.rows.append(
                [target.get_indicator_display(), target.year, float(target.value), target.source]
            )
    return table


def funnel_table(figures: dict) -> Table:
    summary = figures["summary"]
    registered, signed_up = summary["registered"], figures.get("signed_up")
    table = Table(
        "funnel",
        _("Adoption funnel"),
        [_("Step"), _("Businesses"), _("Share of profiles (%)")],
        notes=[
            _(
                "Each step counts the businesses that meet its indicator's definition, the same "
                "figure as in the indicators table, whatever the steps before it."
            ),
            _(
                "Signed up to sell: every business profile, plus every account that joined to "
                "sell and has no business yet; the joining months filter accounts by the day "
                "they signed up."
            ),
        ],
    )
    if signed_up is None:
        table.notes.append(
            _(
                "Signed up to sell is not shown with a ward, district, sector, size or type "
                "filter: accounts have none of these."
            )
        )
    table.rows.append([_("Signed up to sell"), signed_up, None])
    for step in FUNNEL:
        count = summary[step.code]
        label = _("Business profile") if step is REGISTERED else str(step.short)
        table.rows.append([label, count, share(count, registered)])
    return table


def levels_table(figures: dict) -> Table:
    maturity = figures["maturity"]
    names = level_names()
    table = Table(
        "levels",
        _("Level distribution (latest assessment)"),
        [_("Level"), _("Businesses"), _("Share (%)")],
    )
    for level in LEVELS:
        count = maturity["levels"][level]
        table.rows.append([names.get(level, level), count, share(count, maturity["assessed"])])
    return table


def dimensions_table(figures: dict) -> Table:
    maturity, progress = figures["maturity"], figures["progress"]
    names = dimension_names()
    table = Table(
        "dimensions",
        _("Mean score by dimension"),
        [
            _("Dimension"),
            _("Mean, latest assessment"),
            _("Re-assessed: mean at T0"),
            _("Re-assessed: mean now"),
            _("Change"),
        ],
    )
    for code in DIMENSIONS:
        t0 = progress["dimensions"][code]["t0"]
        latest = progress["dimensions"][code]["latest"]
        change = None if t0 is None or latest is None else round(latest - t0, 1)
        table.rows.append([names.get(code, code), maturity["dimensions"][code], t0, latest, change])
    return table


def progress_table(figures: dict) -> Table:
    progress = figures["progress"]
    count = progress["reassessed"]
    change = (
        None
        if progress["t0_mean"] is None
        else round(progress["latest_mean"] - progress["t0_mean"], 1)
    )
    table = Table(
        "progress",
        _("Progress from the first assessment (T0) to the latest"),
        [_("Measure"), _("Value")],
    )
    table.rows = [
        [_("Businesses re-assessed"), count],
        [_("Mean score at T0"), progress["t0_mean"]],
        [_("Mean score now"), progress["latest_mean"]],
        [_("Mean change"), change],
        [_("Moved up a level (%)"), share(progress["moved_up"], count)],
        [_("Fell back a level (%)"), share(progress["fell_back"], count)],
    ]
    return table


def transitions_table(figures: dict) -> Table:
    transitions = figures["progress"]["transitions"]
    table = Table(
        "transitions",
        _("Level transitions, T0 (rows) to latest (columns)"),
        [_("Level at T0"), *LEVELS],
    )
    for start in LEVELS:
        table.rows.append([start, *(transitions[start][end] for end in LEVELS)])
    return table


def trends_table(figures: dict) -> Table:
    table = Table(
        "trends",
        _("Monthly trends"),
        [
            _("Month"),
            _("New businesses"),
            _("Registered (total)"),
            _("First assessments"),
            _("Assessed (total)"),
            _("Assessed (%)"),
            _("E-payment ready (total)"),
            _("E-payment ready (%)"),
            _("First sale (total)"),
            _("Shops with sales in the month"),
            str(ELECTRONIC_SHARE.short),
        ],
        notes=[
            _(
                "Running totals count each business from the month it joined, was first "
                "assessed, was first seen with an e-payment account ready, or first sold."
            ),
            str(ELECTRONIC_SHARE.definition),
        ],
    )
    for row in figures["trends"]:
        table.rows.append(
            [
                row["month"],
                row["joined"],
                row["registered"],
                row["first_assessments"],
                row["assessed"],
                row["assessed_share"],
                row["payment_ready"],
                row["payment_ready_share"],
                row["first_sale"],
                row["sellers"],
                row["electronic_share"],
            ]
        )
    return table


def _row_label(dimension: str, row: dict) -> str:
    if dimension in CHOICE_LABELS:
        try:
            return str(CHOICE_LABELS[dimension](row["key"]).label)
        except ValueError:
            return row["key"]
    return row["label_en"] if _english() else row["label"]


# The breakdowns' count columns: every headline count but the businesses themselves.
BREAKDOWN_COUNTS = tuple(indicator for indicator in HEADLINE if indicator is not REGISTERED)


def breakdown_table(figures: dict, dimension: str) -> Table:
    table = Table(
        f"by_{dimension}",
        BREAKDOWN_TITLES[dimension](),
        [
            _("Group"),
            str(REGISTERED.short),
            _("E-payment ready (%)"),
            *(str(indicator.short) for indicator in BREAKDOWN_COUNTS),
            str(MEAN_SCORE.short),
            str(ELECTRONIC_SHARE.short),
        ],
    )
    for row in figures["breakdowns"][dimension]:
        table.rows.append(
            [
                _row_label(dimension, row),
                row["registered"],
                share(row[PAYMENT_READY.code], row["registered"]),
                *(row[indicator.code] for indicator in BREAKDOWN_COUNTS),
                row["mean_score"],
                row["electronic_share"],
            ]
        )
    return table


def all_tables(figures: dict, targets: list[Target]) -> dict[str, Table]:
    """Every table of the dashboard by key, in the order the page shows them."""
    tables = [
        indicators_table(figures, targets),
        funnel_table(figures),
        trends_table(figures),
        levels_table(figures),
        dimensions_table(figures),
        progress_table(figures),
        transitions_table(figures),
        *(breakdown_table(figures, dimension) for dimension in BREAKDOWN_TITLES),
        city_targets_table(targets),
    ]
    return {table.key: table for table in tables}
