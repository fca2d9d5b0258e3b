"""The questionnaire files load, and a malformed one fails loudly with the place of the fault."""

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from onboarding import questionnaire
from onboarding.questionnaire import QUESTIONNAIRE_DIR, QuestionnaireError, parse

SOURCE = QUESTIONNAIRE_DIR / "2026.1.yaml"
RAW = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def raw():
    return copy.deepcopy(RAW)


def question(data, code):
    return next(q for q in data["questions"] if q["code"] == code)


def test_every_shipped_version_loads_and_one_is_current():
    versions = questionnaire.load_all()
    assert list(versions) == ["2026.1"]
    assert questionnaire.current().version == "2026.1"


def test_version_2026_1_is_the_spec():
    q = questionnaire.get("2026.1")
    assert [(d.code, d.weight) for d in q.dimensions] == [
        ("S", 10),
        ("E", 25),
        ("P", 25),
        ("O", 15),
        ("C", 10),
        ("H", 15),
    ]
    assert [(lvl.code, int(lvl.max)) for lvl in q.levels] == [
        ("L0", 10),
        ("L1", 30),
        ("L2", 50),
        ("L3", 70),
        ("L4", 85),
        ("L5", 100),
    ]
    assert len(q.questions) == 26
    assert {d: len(q.questions_for(d)) for d in "SEPOCH"} == {
        "S": 4,
        "E": 5,
        "P": 5,
        "O": 4,
        "C": 4,
        "H": 4,
    }
    points = {x.code: x.allowed_points for x in q.questions}
    assert points["S1"] == (0, 1, 3, 4)
    assert points["S3"] == (0, 2, 4)
    assert points["E1"] == (0, 1, 2, 3, 4)
    assert points["E4"] == (0, 1, 2, 4)
    assert points["P2"] == (0, 2, 3, 4)
    assert points["H1"] == (0, 1, 3, 4)
    assert {x.code for x in q.questions if x.foundation} == {"P1", "P2", "E1", "C1", "C2"}
    assert q.plan.foundation_factor == 1.5
    assert (q.plan.min_actions, q.plan.max_actions, q.plan.level_window) == (3, 5, 1)
    steps = {a.platform_step for a in q.actions.values() if a.platform_step}
    assert steps == {"payment_account", "storefront", "first_product", "two_factor"}


def test_texts_follow_the_active_language():
    q = questionnaire.get("2026.1")
    with translation.override("en"):
        assert str(q.dimension("P").name) == "Digital payments and e-invoicing"
        assert str(q.level("L3").name) == "Forming"
    with translation.override("vi"):
        assert str(q.dimension("P").name) == "Thanh toán số và hóa đơn điện tử"
        assert str(q.level("L3").name) == "Hình thành"


def fails(data, message):
    with pytest.raises(QuestionnaireError) as caught:
        parse(data, source="test.yaml")
    assert message in str(caught.value)
    assert str(caught.value).startswith("test.yaml: ")


def test_missing_and_unknown_keys():
    data = raw()
    del data["gate"]
    fails(data, "top: missing gate")
    data = raw()
    data["levels"][0]["colour"] = "red"
    fails(data, "levels[0]: unknown key(s) colour")


def test_unquoted_no_in_yaml_is_caught():
    # YAML reads a bare `No` as false: the label would silently vanish.
    data = raw()
    question(data, "S3")["options"][0]["label"]["en"] = False
    fails(data, "question S3.options[0].label.en: expected a non-empty text")


def test_a_comma_in_a_flow_mapping_is_caught():
    # `{en: Written, with a budget, vi: ...}` parses into extra keys.
    data = raw()
    question(data, "S1")["options"][3]["label"] = {
        "en": "Written",
        "with a budget": None,
        "vi": "x",
    }
    fails(data, "question S1.options[3].label: unknown key(s) with a budget")


def test_missing_translation():
    data = raw()
    del question(data, "P1")["hint"]["vi"]
    fails(data, "question P1.hint: missing vi")


def test_weights_must_add_up_to_100():
    data = raw()
    data["dimensions"][0]["weight"] = 11
    fails(data, "weights must add up to 100")


def test_level_cut_offs_must_rise_and_end_at_100():
    data = raw()
    data["levels"][2]["max"] = 20
    fails(data, "cut-offs (max) must rise")
    data = raw()
    data["levels"][-1]["max"] = 99
    fails(data, "the last level must end at 100")


def test_option_points():
    data = raw()
    question(data, "S1")["options"][1]["points"] = 3
    fails(data, "question S1: option points must be distinct and rising")
    data = raw()
    question(data, "S1")["options"].pop()
    fails(data, "options must run from 0 to 4 points")
    data = raw()
    question(data, "S1")["options"][0]["points"] = 5
    fails(data, "must be from 0 to 4")


def test_actions_of_answers():
    data = raw()
    del question(data, "C1")["options"][0]["actions"]
    fails(data, "question C1: the 0-point answer needs at least one action")
    data = raw()
    question(data, "C1")["options"][-1]["actions"] = ["set_up_backups"]
    fails(data, "the top answer leaves no gap")
    data = raw()
    question(data, "C1")["options"][0]["actions"] = ["buy_a_firewall"]
    fails(data, "unknown action 'buy_a_firewall'")


def test_action_definitions():
    data = raw()
    data["actions"][0]["platform_step"] = "launch_rocket"
    fails(data, "actions[0].platform_step: must be one of")
    data = raw()
    data["actions"][0]["levels"] = ["L9"]
    fails(data, "unknown level 'L9'")
    data = raw()
    data["actions"][0]["requires"] = {"question": "Z1", "min": 1}
    fails(data, "actions[0].requires: unknown question 'Z1'")
    data = raw()
    data["actions"].append({**data["actions"][0], "code": "orphan"})
    fails(data, "never recommended by any answer: orphan")


def test_unknown_dimension_of_a_question():
    data = raw()
    question(data, "O4")["dimension"] = "X"
    fails(data, "question O4: unknown dimension 'X'")


def test_gate_questions_cannot_be_not_applicable():
    data = raw()
    question(data, "P2")["not_applicable"] = True
    fails(data, "gate.requires: question P2 allows 'not applicable'")


def test_a_dimension_cannot_be_entirely_not_applicable():
    data = raw()
    for q in data["questions"]:
        if q["dimension"] == "C":
            q["not_applicable"] = True
    fails(data, "dimension C: needs at least one question")


def test_gate_levels():
    data = raw()
    data["gate"]["cap_level"] = "L4"
    fails(data, "cap_level must be below from_level")


def _copy_dir(tmp_path: Path) -> Path:
    target = tmp_path / "q"
    target.mkdir()
    shutil.copy(SOURCE, target / SOURCE.name)
    return target


def test_load_all_checks_file_names_and_the_current_version(tmp_path):
    directory = _copy_dir(tmp_path)
    shutil.copy(SOURCE, directory / "2027.1.yaml")
    with pytest.raises(QuestionnaireError, match="does not match the file name"):
        questionnaire.load_all(directory)
    (directory / "2027.1.yaml").write_text(
        SOURCE.read_text(encoding="utf-8").replace('version: "2026.1"', 'version: "2027.1"'),
        encoding="utf-8",
    )
    with pytest.raises(QuestionnaireError, match="exactly one questionnaire must be current"):
        questionnaire.load_all(directory)


def test_broken_yaml(tmp_path):
    directory = _copy_dir(tmp_path)
    (directory / "2026.1.yaml").write_text("version: [unclosed", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="not valid YAML"):
        questionnaire.load_all(directory)
