"""The stateless maturity API: scoring, the questionnaire listing, one error shape, the schema."""

import pytest
from rest_framework.test import APIClient

from tests.onboarding.test_scoring import GATED, STARTING

SCORE = "/api/v1/maturity/score/"
LIST = "/api/v1/maturity/questionnaires/"


@pytest.fixture
def api():
    return APIClient()


def post(api, body, **headers):
    return api.post(SCORE, body, format="json", **headers)


@pytest.mark.django_db
def test_score_hand_computed_example(api):
    response = post(api, {"version": "2026.1", "answers": STARTING}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.json() == {
        "version": "2026.1",
        "dimension_scores": {"S": 37.5, "E": 20.0, "P": 25.0, "O": 12.5, "C": 16.7, "H": 25.0},
        "overall": 22.3,
        "unweighted_mean": 22.8,
        "level": {
            "code": "L1",
            "name": "Starting",
            "meaning": "First digital tools are in use here and there, without a plan behind them.",
        },
        "uncapped_level": "L1",
        "gate_capped": False,
        "gate_reason": None,
        "plan": [
            "publish_storefront",
            "post_regularly",
            "open_business_account",
            "open_payment_account",
            "list_first_products",
        ],
        "advice": [],
    }


@pytest.mark.django_db
def test_score_gate_in_vietnamese(api):
    response = post(api, {"version": "2026.1", "answers": GATED}, HTTP_ACCEPT_LANGUAGE="vi")
    body = response.json()
    assert (body["level"]["code"], body["level"]["name"]) == ("L2", "Bắt đầu")
    assert (body["uncapped_level"], body["gate_capped"]) == ("L3", True)
    assert body["gate_reason"].startswith("Từ mức 3 trở lên")


def errors(response):
    assert response.json()["type"] == "validation_error"
    return {(e["attr"], e["code"]) for e in response.json()["errors"]}


@pytest.mark.django_db
def test_unknown_version(api):
    response = post(api, {"version": "1999.1", "answers": STARTING})
    assert response.status_code == 400
    assert errors(response) == {("version", "unknown_version")}


@pytest.mark.django_db
def test_unknown_question_bad_points_missing_and_not_applicable(api):
    answers = {**STARTING, "X9": 1, "S1": 2, "P2": None}
    del answers["H4"]
    response = post(api, {"version": "2026.1", "answers": answers})
    assert response.status_code == 400
    assert errors(response) == {
        ("answers.X9", "unknown_question"),
        ("answers.S1", "invalid_choice"),
        ("answers.P2", "not_applicable_not_allowed"),
        ("answers.H4", "required"),
    }


@pytest.mark.django_db
def test_malformed_bodies(api):
    assert errors(post(api, {"answers": STARTING})) == {("version", "required")}
    assert errors(post(api, {"version": "2026.1", "answers": {**STARTING, "S1": "many"}})) == {
        ("answers.S1", "invalid")
    }
    assert errors(post(api, {"version": "2026.1", "answers": {**STARTING, "S1": 9}})) == {
        ("answers.S1", "max_value")
    }
    assert errors(post(api, {"version": "2026.1", "answers": []})) == {("answers", "not_a_dict")}
    response = api.post(SCORE, "not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["type"] == "client_error"


@pytest.mark.django_db
def test_score_works_for_signed_in_token_clients(api, user):
    api.force_authenticate(user)
    assert post(api, {"version": "2026.1", "answers": STARTING}).status_code == 200


@pytest.mark.django_db
def test_questionnaire_listing(api):
    response = api.get(LIST)
    assert response.status_code == 200
    [version] = response.json()
    assert version["version"] == "2026.1" and version["current"] is True
    assert [d["weight"] for d in version["dimensions"]] == [10, 25, 25, 15, 10, 15]
    assert len(version["questions"]) == 26
    s1 = version["questions"][0]
    assert s1["code"] == "S1" and [o["points"] for o in s1["options"]] == [0, 1, 3, 4]
    assert s1["text"]["vi"] and s1["text"]["en"] and s1["hint"]["vi"]
    assert version["levels"][3] == {
        "code": "L3",
        "max": 70.0,
        "name": {"en": "Forming", "vi": "Hình thành"},
        "meaning": version["levels"][3]["meaning"],
    }
    step = next(a for a in version["actions"] if a["code"] == "open_payment_account")
    assert step["platform_step"] == "payment_account"


@pytest.mark.django_db
def test_documented_in_the_schema(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "post" in paths["/api/v1/maturity/score/"]
    assert "get" in paths["/api/v1/maturity/questionnaires/"]
    score = paths["/api/v1/maturity/score/"]["post"]
    assert set(score["responses"]) == {"200", "400"}
