"""Questionnaire versions: data files in ``onboarding/questionnaires/``, checked when Django starts.

A version is one YAML file (``<version>.yaml``): dimensions with weights, level cut-offs, the gate,
the plan's settings, cross-cutting advice, the actions a plan can recommend and the questions with
their options. Everything a person reads is given in Vietnamese and English. Loading checks the
whole file and refuses to start the site with a message that names the file and the place of the
fault, so a malformed definition fails loudly in tests and CI rather than when an owner is halfway
through the questionnaire. A published file never changes: recalibrating means adding a version,
and old assessments keep being read with the version they were taken with.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "questionnaires"
LANGUAGES = ("en", "vi")
MAX_POINTS = 4
# Steps on this platform an action can point to; the result page reads their state from records.
PLATFORM_STEPS = ("payment_account", "storefront", "first_product", "two_factor")


class QuestionnaireError(ImproperlyConfigured):
    """A questionnaire file is malformed; the message says which file and where."""


@dataclass(frozen=True)
class Localized:
    """A text in both languages; ``str()`` gives the active language's (Vietnamese by default)."""

    en: str
    vi: str

    def __str__(self) -> str:
        return self.en if (get_language() or "vi").startswith("en") else self.vi

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "vi": self.vi}


@dataclass(frozen=True)
class Condition:
    """A rule over answers and dimension scores: ``all``/``any`` of parts, or one threshold.

    A question that is unanswered or "not applicable" never meets a threshold.
    """

    kind: str  # "all", "any", "question" or "dimension"
    parts: tuple[Condition, ...] = ()
    code: str = ""
    min: int | None = None
    max: int | None = None

    def holds(self, answers: Mapping[str, int | None], dimensions: Mapping[str, Fraction]) -> bool:
        if self.kind == "all":
            return all(part.holds(answers, dimensions) for part in self.parts)
        if self.kind == "any":
            return any(part.holds(answers, dimensions) for part in self.parts)
        value = answers.get(self.code) if self.kind == "question" else dimensions.get(self.code)
        if value is None:
            return False
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def questions(self) -> set[str]:
        if self.kind == "question":
            return {self.code}
        return set().union(*(part.questions() for part in self.parts))


@dataclass(frozen=True)
class Dimension:
    code: str
    weight: int
    name: Localized
    short: Localized


@dataclass(frozen=True)
class Level:
    code: str
    max: Decimal
    name: Localized
    meaning: Localized


@dataclass(frozen=True)
class Option:
    points: int
    label: Localized
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    code: str
    dimension: str
    text: Localized
    hint: Localized
    options: tuple[Option, ...]
    not_applicable: bool = False
    foundation: bool = False

    def option(self, points: int) -> Option | None:
        return next((option for option in self.options if option.points == points), None)

    @property
    def allowed_points(self) -> tuple[int, ...]:
        return tuple(option.points for option in self.options)


@dataclass(frozen=True)
class Action:
    code: str
    dimension: str
    title: Localized
    levels: tuple[str, ...]
    platform_step: str = ""
    requires: Condition | None = None


@dataclass(frozen=True)
class Gate:
    from_level: str
    cap_level: str
    requires: Condition
    reason: Localized


@dataclass(frozen=True)
class PlanRules:
    min_actions: int
    max_actions: int
    foundation_factor: Decimal
    level_window: int


@dataclass(frozen=True)
class Advice:
    code: str
    first_dimension: str
    when: Condition
    text: Localized


@dataclass(frozen=True)
class Questionnaire:
    version: str
    current: bool
    published: datetime.date
    title: Localized
    dimensions: tuple[Dimension, ...]
    levels: tuple[Level, ...]
    gate: Gate
    plan: PlanRules
    advice: tuple[Advice, ...]
    actions: Mapping[str, Action]
    questions: tuple[Question, ...]
    _questions_by_code: Mapping[str, Question] = field(repr=False, compare=False, default=None)

    def __post_init__(self):
        object.__setattr__(
            self, "_questions_by_code", {question.code: question for question in self.questions}
        )

    def question(self, code: str) -> Question | None:
        return self._questions_by_code.get(code)

    def questions_for(self, dimension: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.dimension == dimension)

    def dimension(self, code: str) -> Dimension:
        return next(d for d in self.dimensions if d.code == code)

    def level(self, code: str) -> Level:
        return next(level for level in self.levels if level.code == code)

    def level_index(self, code: str) -> int:
        return next(i for i, level in enumerate(self.levels) if level.code == code)

    @property
    def question_codes(self) -> tuple[str, ...]:
        return tuple(self._questions_by_code)


class _Reader:
    """Walks the parsed YAML, turning each fault into one message with its place in the file."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str):
        raise QuestionnaireError(f"{self.source}: {where}: {message}")

    def mapping(self, value, where, *, required, optional=()):
        if not isinstance(value, dict):
            self.fail(where, "expected a mapping")
        missing = [key for key in required if key not in value]
        unknown = [key for key in value if key not in required and key not in optional]
        if missing:
            self.fail(where, f"missing {', '.join(missing)}")
        if unknown:
            self.fail(where, f"unknown key(s) {', '.join(map(str, unknown))}")
        return value

    def sequence(self, value, where, *, non_empty=True) -> list:
        if not isinstance(value, list) or (non_empty and not value):
            self.fail(where, "expected a non-empty list")
        return value

    def text(self, value, where) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected a non-empty text")
        return value.strip()

    def integer(self, value, where, *, low=None, high=None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, "expected a whole number")
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(where, f"must be from {low} to {high}")
        return value

    def boolean(self, value, where) -> bool:
        if not isinstance(value, bool):
            self.fail(where, "expected true or false")
        return value

    def localized(self, value, where) -> Localized:
        self.mapping(value, where, required=LANGUAGES)
        return Localized(**{lang: self.text(value[lang], f"{where}.{lang}") for lang in LANGUAGES})

    def condition(self, value, where, *, questions, dimensions) -> Condition:
        if not isinstance(value, dict) or len(value) == 0:
            self.fail(where, "expected a condition")
        if "all" in value or "any" in value:
            kind = "all" if "all" in value else "any"
            self.mapping(value, where, required=(kind,))
            parts = self.sequence(value[kind], f"{where}.{kind}")
            return Condition(
                kind=kind,
                parts=tuple(
                    self.condition(
                        part, f"{where}.{kind}[{i}]", questions=questions, dimensions=dimensions
                    )
                    for i, part in enumerate(parts)
                ),
            )
        kind = "question" if "question" in value else "dimension"
        self.mapping(value, where, required=(kind,), optional=("min", "max"))
        code = value[kind]
        known = questions if kind == "question" else dimensions
        if code not in known:
            self.fail(where, f"unknown {kind} {code!r}")
        high = MAX_POINTS if kind == "question" else 100
        low_value = value.get("min")
        high_value = value.get("max")
        if low_value is None and high_value is None:
            self.fail(where, "needs min or max")
        return Condition(
            kind=kind,
            code=code,
            min=None if low_value is None else self.integer(low_value, where, low=0, high=high),
            max=None if high_value is None else self.integer(high_value, where, low=0, high=high),
        )


_TOP_KEYS = (
    "version",
    "current",
    "published",
    "title",
    "dimensions",
    "levels",
    "gate",
    "plan",
    "advice",
    "actions",
    "questions",
)


def parse(data, *, source: str) -> Questionnaire:
    """Checks one parsed file and builds its ``Questionnaire``; raises ``QuestionnaireError``."""
    r = _Reader(source)
    r.mapping(data, "top", required=_TOP_KEYS)
    version = r.text(data["version"], "version")
    if not isinstance(data["published"], datetime.date):
        r.fail("published", "expected a date (YYYY-MM-DD)")

    dimensions = []
    for i, raw in enumerate(r.sequence(data["dimensions"], "dimensions")):
        where = f"dimensions[{i}]"
        r.mapping(raw, where, required=("code", "weight", "name", "short"))
        dimensions.append(
            Dimension(
                code=r.text(raw["code"], f"{where}.code"),
                weight=r.integer(raw["weight"], f"{where}.weight", low=1, high=100),
                name=r.localized(raw["name"], f"{where}.name"),
                short=r.localized(raw["short"], f"{where}.short"),
            )
        )
    dimension_codes = [d.code for d in dimensions]
    if len(set(dimension_codes)) != len(dimension_codes):
        r.fail("dimensions", "codes must be unique")
    if sum(d.weight for d in dimensions) != 100:
        r.fail("dimensions", "weights must add up to 100")

    levels = []
    for i, raw in enumerate(r.sequence(data["levels"], "levels")):
        where = f"levels[{i}]"
        r.mapping(raw, where, required=("code", "max", "name", "meaning"))
        levels.append(
            Level(
                code=r.text(raw["code"], f"{where}.code"),
                max=Decimal(r.integer(raw["max"], f"{where}.max", low=0, high=100)),
                name=r.localized(raw["name"], f"{where}.name"),
                meaning=r.localized(raw["meaning"], f"{where}.meaning"),
            )
        )
    level_codes = [level.code for level in levels]
    if len(set(level_codes)) != len(level_codes):
        r.fail("levels", "codes must be unique")
    if any(a.max >= b.max for a, b in zip(levels, levels[1:], strict=False)):
        r.fail("levels", "cut-offs (max) must rise from level to level")
    if levels[-1].max != 100:
        r.fail("levels", "the last level must end at 100")

    raw_questions = r.sequence(data["questions"], "questions")
    question_codes = []
    for i, raw in enumerate(raw_questions):
        if not isinstance(raw, dict):
            r.fail(f"questions[{i}]", "expected a mapping")
        question_codes.append(r.text(raw.get("code"), f"questions[{i}].code"))
    if len(set(question_codes)) != len(question_codes):
        r.fail("questions", "codes must be unique")
    conditions = {"questions": set(question_codes), "dimensions": set(dimension_codes)}

    actions = {}
    for i, raw in enumerate(r.sequence(data["actions"], "actions")):
        where = f"actions[{i}]"
        r.mapping(
            raw,
            where,
            required=("code", "dimension", "title", "levels"),
            optional=("platform_step", "requires"),
        )
        code = r.text(raw["code"], f"{where}.code")
        if code in actions:
            r.fail(where, f"duplicate action {code!r}")
        action_levels = tuple(r.sequence(raw["levels"], f"{where}.levels"))
        for level in action_levels:
            if level not in level_codes:
                r.fail(f"{where}.levels", f"unknown level {level!r}")
        step = raw.get("platform_step", "")
        if step and step not in PLATFORM_STEPS:
            r.fail(f"{where}.platform_step", f"must be one of {', '.join(PLATFORM_STEPS)}")
        if raw["dimension"] not in dimension_codes:
            r.fail(f"{where}.dimension", f"unknown dimension {raw['dimension']!r}")
        actions[code] = Action(
            code=code,
            dimension=raw["dimension"],
            title=r.localized(raw["title"], f"{where}.title"),
            levels=action_levels,
            platform_step=step,
            requires=r.condition(raw["requires"], f"{where}.requires", **conditions)
            if "requires" in raw
            else None,
        )

    questions = []
    used_actions = set()
    for i, raw in enumerate(raw_questions):
        where = f"questions[{i}]"
        r.mapping(
            raw,
            where,
            required=("code", "dimension", "text", "hint", "options"),
            optional=("not_applicable", "foundation"),
        )
        code = r.text(raw["code"], f"{where}.code")
        where = f"question {code}"
        if raw["dimension"] not in dimension_codes:
            r.fail(where, f"unknown dimension {raw['dimension']!r}")
        options = []
        for j, raw_option in enumerate(r.sequence(raw["options"], f"{where}.options")):
            option_where = f"{where}.options[{j}]"
            r.mapping(raw_option, option_where, required=("points", "label"), optional=("actions",))
            option_actions = tuple(
                r.sequence(raw_option.get("actions", []), option_where, non_empty=False)
            )
            for action in option_actions:
                if action not in actions:
                    r.fail(option_where, f"unknown action {action!r}")
            used_actions.update(option_actions)
            options.append(
                Option(
                    points=r.integer(
                        raw_option["points"], f"{option_where}.points", low=0, high=MAX_POINTS
                    ),
                    label=r.localized(raw_option["label"], f"{option_where}.label"),
                    actions=option_actions,
                )
            )
        points = [option.points for option in options]
        if points != sorted(set(points)):
            r.fail(where, "option points must be distinct and rising")
        if points[0] != 0 or points[-1] != MAX_POINTS:
            r.fail(where, f"options must run from 0 to {MAX_POINTS} points")
        for option in options:
            if option.points < MAX_POINTS and not option.actions:
                r.fail(where, f"the {option.points}-point answer needs at least one action")
            if option.points == MAX_POINTS and option.actions:
                r.fail(where, "the top answer leaves no gap, so it takes no actions")
        questions.append(
            Question(
                code=code,
                dimension=raw["dimension"],
                text=r.localized(raw["text"], f"{where}.text"),
                hint=r.localized(raw["hint"], f"{where}.hint"),
                options=tuple(options),
                not_applicable=r.boolean(raw.get("not_applicable", False), where),
                foundation=r.boolean(raw.get("foundation", False), where),
            )
        )
    unused = [code for code in actions if code not in used_actions]
    if unused:
        r.fail("actions", f"never recommended by any answer: {', '.join(unused)}")
    for dimension in dimension_codes:
        in_dimension = [q for q in questions if q.dimension == dimension]
        # Otherwise a dimension answered "not applicable" throughout would have no score.
        if not any(not q.not_applicable for q in in_dimension):
            r.fail(
                f"dimension {dimension}",
                "needs at least one question that cannot be answered 'not applicable'",
            )

    raw_gate = r.mapping(
        data["gate"], "gate", required=("from_level", "cap_level", "requires", "reason")
    )
    for key in ("from_level", "cap_level"):
        if raw_gate[key] not in level_codes:
            r.fail(f"gate.{key}", f"unknown level {raw_gate[key]!r}")
    if level_codes.index(raw_gate["cap_level"]) >= level_codes.index(raw_gate["from_level"]):
        r.fail("gate", "cap_level must be below from_level")
    gate = Gate(
        from_level=raw_gate["from_level"],
        cap_level=raw_gate["cap_level"],
        requires=r.condition(raw_gate["requires"], "gate.requires", **conditions),
        reason=r.localized(raw_gate["reason"], "gate.reason"),
    )
    by_code = {q.code: q for q in questions}
    for code in gate.requires.questions():
        # A gate must be passable by every business: "not applicable" would always fail it.
        if by_code[code].not_applicable:
            r.fail("gate.requires", f"question {code} allows 'not applicable'")

    raw_plan = r.mapping(
        data["plan"],
        "plan",
        required=("min_actions", "max_actions", "foundation_factor", "level_window"),
    )
    plan = PlanRules(
        min_actions=r.integer(raw_plan["min_actions"], "plan.min_actions", low=1, high=20),
        max_actions=r.integer(raw_plan["max_actions"], "plan.max_actions", low=1, high=20),
        foundation_factor=Decimal(str(raw_plan["foundation_factor"])),
        level_window=r.integer(raw_plan["level_window"], "plan.level_window", low=0, high=10),
    )
    if plan.min_actions > plan.max_actions:
        r.fail("plan", "min_actions must not exceed max_actions")
    if not isinstance(raw_plan["foundation_factor"], int | float) or plan.foundation_factor <= 0:
        r.fail("plan.foundation_factor", "expected a positive number")

    advice = []
    for i, raw in enumerate(r.sequence(data["advice"], "advice", non_empty=False)):
        where = f"advice[{i}]"
        r.mapping(raw, where, required=("code", "first_dimension", "when", "text"))
        if raw["first_dimension"] not in dimension_codes:
            r.fail(f"{where}.first_dimension", f"unknown dimension {raw['first_dimension']!r}")
        advice.append(
            Advice(
                code=r.text(raw["code"], f"{where}.code"),
                first_dimension=raw["first_dimension"],
                when=r.condition(raw["when"], f"{where}.when", **conditions),
                text=r.localized(raw["text"], f"{where}.text"),
            )
        )

    return Questionnaire(
        version=version,
        current=r.boolean(data["current"], "current"),
        published=data["published"],
        title=r.localized(data["title"], "title"),
        dimensions=tuple(dimensions),
        levels=tuple(levels),
        gate=gate,
        plan=plan,
        advice=tuple(advice),
        actions=actions,
        questions=tuple(questions),
    )


def load_file(path: Path) -> Questionnaire:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise QuestionnaireError(f"{path.name}: not valid YAML: {exc}") from exc
    questionnaire = parse(data, source=path.name)
    if questionnaire.version != path.stem:
        raise QuestionnaireError(
            f"{path.name}: version {questionnaire.version!r} does not match the file name"
        )
    return questionnaire


def load_all(directory: Path = QUESTIONNAIRE_DIR) -> dict[str, Questionnaire]:
    """Every version in ``directory``, oldest first; exactly one must be marked current."""
    found = {path.stem: load_file(path) for path in sorted(directory.glob("*.yaml"))}
    current = [q.version for q in found.values() if q.current]
    if len(current) != 1:
        raise QuestionnaireError(
            f"{directory}: exactly one questionnaire must be current, found {current or 'none'}"
        )
    return dict(sorted(found.items(), key=lambda item: item[1].published))


_registry: dict[str, Questionnaire] = {}


def install(questionnaires: dict[str, Questionnaire]) -> None:
    """Called by the app config at start-up (and by tests that need other versions)."""
    _registry.clear()
    _registry.update(questionnaires)


def get(version: str) -> Questionnaire | None:
    return _registry.get(version)


def current() -> Questionnaire:
    return next(q for q in _registry.values() if q.current)


def all_versions() -> list[Questionnaire]:
    return list(_registry.values())
