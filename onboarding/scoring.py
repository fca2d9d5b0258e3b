"""Scoring: a pure function of (questionnaire version, answers) -> scores, level, gate and plan.

The rules are those of ``shared/specs/maturity-model.md``; the numbers they use (weights, level
cut-offs, the gate, plan settings) are data of the questionnaire version:

- A dimension's score is 100 x points earned / (4 x questions answered); "not applicable" answers
  (``None``) leave the question out of both.
- Overall is the weighted sum of the dimension scores, rounded half-up to one decimal; the
  unweighted mean of the six (comparable with the EU tool) is kept beside it. Sums are exact
  (fractions) and only the published numbers are rounded.
- The level is read from the rounded overall: the first level whose cut-off it does not exceed.
- Gate: from the gate's level up, its condition must hold, else the level is capped.
- Plan: each answer below the top suggests its option's actions with priority weight x (4 - points),
  x the foundation factor for foundation questions (an action suggested twice keeps its highest
  priority). Actions whose prerequisites are unmet are dropped; those tagged for the level +-
  the window are kept, best first, up to the maximum; if fewer than the minimum remain, the best
  of the other levels fill up. Cross-cutting advice moves its dimension's actions to the front.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from onboarding import questionnaire as registry
from onboarding.questionnaire import MAX_POINTS, Questionnaire

ONE_DECIMAL = Decimal("0.1")


class InvalidAnswers(DomainError):
    """Answers that do not fit the questionnaire: ``errors`` maps question codes to messages."""

    code = "invalid_answers"

    def __init__(self, errors: dict[str, tuple[str, str]]):
        self.errors = errors
        super().__init__(
            _("Some answers are missing or not valid: %(codes)s.") % {"codes": ", ".join(errors)},
            field="answers",
        )
        self.details = {code: [fault] for code, fault in errors.items()}


class UnknownVersion(DomainError):
    code = "unknown_version"

    def __init__(self, version):
        super().__init__(
            _("There is no questionnaire version %(version)s.") % {"version": version},
            field="version",
        )


@dataclass(frozen=True)
class PlannedAction:
    code: str
    priority: Decimal
    dimension: str
    question: str


@dataclass(frozen=True)
class Result:
    version: str
    dimension_scores: dict[str, Decimal]
    overall: Decimal
    unweighted_mean: Decimal
    level: str
    uncapped_level: str
    gate_capped: bool
    plan: tuple[PlannedAction, ...]
    advice: tuple[str, ...]

    @property
    def plan_codes(self) -> list[str]:
        return [action.code for action in self.plan]


def _round(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )


def questionnaire_for(version: str) -> Questionnaire:
    found = registry.get(version)
    if found is None:
        raise UnknownVersion(version)
    return found


def check_answers(
    questionnaire: Questionnaire, answers: Mapping[str, object], *, complete: bool = True
) -> dict[str, tuple[str, str]]:
    """Errors as {question code: (error code, message)}; empty if the answers fit.

    With ``complete`` every question needs an answer (``None`` counts where "not applicable" is
    allowed); without, unanswered questions are fine (a draft).
    """
    errors: dict[str, tuple[str, str]] = {}
    for code, value in answers.items():
        question = questionnaire.question(code)
        if question is None:
            errors[code] = (
                "unknown_question",
                _("There is no question %(code)s in this version.") % {"code": code},
            )
        elif value is None:
            if not question.not_applicable:
                errors[code] = (
                    "not_applicable_not_allowed",
                    _("Question %(code)s cannot be answered 'not applicable'.") % {"code": code},
                )
        elif (
            isinstance(value, bool) or not isinstance(value, int) or question.option(value) is None
        ):
            errors[code] = (
                "invalid_choice",
                _("%(value)s is not an answer to question %(code)s; choose one of %(allowed)s.")
                % {
                    "value": value,
                    "code": code,
                    "allowed": ", ".join(map(str, question.allowed_points)),
                },
            )
    if complete:
        for code in missing_answers(questionnaire, answers):
            errors[code] = ("required", _("Question %(code)s has no answer.") % {"code": code})
    return errors


def missing_answers(questionnaire: Questionnaire, answers: Mapping[str, object]) -> list[str]:
    return [code for code in questionnaire.question_codes if code not in answers]


def _dimension_fractions(
    questionnaire: Questionnaire, answers: Mapping[str, int | None]
) -> dict[str, Fraction]:
    scores = {}
    for dimension in questionnaire.dimensions:
        answered = [
            answers[q.code]
            for q in questionnaire.questions_for(dimension.code)
            if answers.get(q.code) is not None
        ]
        scores[dimension.code] = Fraction(100 * sum(answered), MAX_POINTS * len(answered))
    return scores


def _level_for(questionnaire: Questionnaire, overall: Decimal) -> str:
    return next(level.code for level in questionnaire.levels if overall <= level.max)


def eligible_actions(
    questionnaire: Questionnaire,
    answers: Mapping[str, int | None],
    dimensions: Mapping[str, Fraction],
) -> list[PlannedAction]:
    """Every action the answers call for whose prerequisites hold, best first (ties: file order)."""
    rules = questionnaire.plan
    weights = {d.code: d.weight for d in questionnaire.dimensions}
    candidates: dict[str, PlannedAction] = {}
    for question in questionnaire.questions:
        points = answers.get(question.code)
        if points is None:
            continue
        factor = rules.foundation_factor if question.foundation else Decimal(1)
        priority = (weights[question.dimension] * (MAX_POINTS - points) * factor).quantize(
            ONE_DECIMAL
        )
        for code in question.option(points).actions:
            known = candidates.get(code)
            if known is None or priority > known.priority:
                candidates[code] = PlannedAction(
                    code=code,
                    priority=priority,
                    dimension=questionnaire.actions[code].dimension,
                    question=question.code,
                )
    order = {code: index for index, code in enumerate(questionnaire.actions)}
    return sorted(
        (
            planned
            for planned in candidates.values()
            if (requires := questionnaire.actions[planned.code].requires) is None
            or requires.holds(answers, dimensions)
        ),
        key=lambda planned: (-planned.priority, order[planned.code]),
    )


def _plan(
    questionnaire: Questionnaire,
    answers: Mapping[str, int | None],
    dimensions: Mapping[str, Fraction],
    level: str,
) -> tuple[tuple[PlannedAction, ...], tuple[str, ...]]:
    rules = questionnaire.plan
    eligible = eligible_actions(questionnaire, answers, dimensions)
    level_index = questionnaire.level_index(level)

    def in_window(planned: PlannedAction) -> bool:
        return any(
            abs(questionnaire.level_index(tag) - level_index) <= rules.level_window
            for tag in questionnaire.actions[planned.code].levels
        )

    chosen = [planned for planned in eligible if in_window(planned)][: rules.max_actions]
    for planned in eligible:
        if len(chosen) >= rules.min_actions:
            break
        if planned not in chosen:
            chosen.append(planned)

    advice = tuple(a.code for a in questionnaire.advice if a.when.holds(answers, dimensions))
    for item in reversed([a for a in questionnaire.advice if a.code in advice]):
        first = [p for p in chosen if p.dimension == item.first_dimension]
        if not first:
            first = [p for p in eligible if p.dimension == item.first_dimension][:1]
        rest = [p for p in chosen if p not in first]
        chosen = (first + rest)[: rules.max_actions]
    return tuple(chosen), advice


def score(*, version: str, answers: Mapping[str, int | None]) -> Result:
    """Scores a complete set of answers (points per question code, ``None`` = not applicable).

    Raises ``UnknownVersion`` or ``InvalidAnswers`` (naming every faulty or missing question).
    """
    questionnaire = questionnaire_for(version)
    errors = check_answers(questionnaire, answers)
    if errors:
        raise InvalidAnswers(errors)
    fractions = _dimension_fractions(questionnaire, answers)
    overall = _round(
        sum((d.weight * fractions[d.code] for d in questionnaire.dimensions), Fraction(0)) / 100
    )
    unweighted = _round(sum(fractions.values(), Fraction(0)) / len(fractions))
    uncapped = _level_for(questionnaire, overall)
    gate = questionnaire.gate
    capped = questionnaire.level_index(uncapped) >= questionnaire.level_index(
        gate.from_level
    ) and not gate.requires.holds(answers, fractions)
    level = gate.cap_level if capped else uncapped
    plan, advice = _plan(questionnaire, answers, fractions, level)
    return Result(
        version=questionnaire.version,
        dimension_scores={code: _round(value) for code, value in fractions.items()},
        overall=overall,
        unweighted_mean=unweighted,
        level=level,
        uncapped_level=uncapped,
        gate_capped=capped,
        plan=plan,
        advice=advice,
    )
