"""Scoring against hand-computed examples (the arithmetic is in the comments), the level bands,
the gate, "not applicable", the plan rules, and properties that must hold for any answers."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onboarding import questionnaire as registry
from onboarding import scoring

V = "2026.1"
Q = registry.get(V)


def answers(**overrides):
    """Zero everywhere unless given (None = not applicable)."""
    base = {q.code: 0 for q in Q.questions}
    base.update(overrides)
    return base


# fmt: off
# L1, with "not applicable" in P, C and H.
STARTING = answers(
    S1=1, S2=1, S3=2, S4=2,  # 6/16 = 37.5
    E1=1, E2=0, E3=0, E4=1, E5=2,  # 4/20 = 20.0
    P1=1, P2=2, P3=1, P4=0, P5=None,  # 4/16 = 25.0
    O1=0, O2=1, O3=1, O4=0,  # 2/16 = 12.5
    C1=0, C2=2, C3=None, C4=0,  # 2/12 = 16.666.. -> 16.7
    H1=1, H2=1, H3=None, H4=None,  # 2/8 = 25.0
)
# 3.75 + 5 + 6.25 + 1.875 + 1.6667 + 3.75 = 22.2917 -> 22.3 (L1); mean 136.6667 / 6 = 22.78 -> 22.8

# L3 by score but no real online channel (E2 = 1, E1 = 2): capped at L2.
GATED = answers(
    S1=3, S2=3, S3=4, S4=2,  # 12/16 = 75.0
    E1=2, E2=1, E3=2, E4=2, E5=4,  # 11/20 = 55.0
    P1=3, P2=3, P3=3, P4=4, P5=2,  # 15/20 = 75.0
    O1=3, O2=3, O3=3, O4=2,  # 11/16 = 68.75
    C1=2, C2=2, C3=2, C4=2,  # 8/16 = 50.0
    H1=3, H2=3, H3=3, H4=2,  # 11/16 = 68.75
)
# 7.5 + 13.75 + 18.75 + 10.3125 + 5 + 10.3125 = 65.625 -> 65.6; mean 392.5 / 6 = 65.42 -> 65.4

# As GATED with products listed on a marketplace (E2 = 2): E = 12/20 = 60, overall 66.875 -> 66.9.
FORMING = {**GATED, "E2": 2}

# L4 with weak security behind strong operations.
ADVANCED = answers(
    S1=3, S2=3, S3=4, S4=4,  # 14/16 = 87.5
    E1=4, E2=3, E3=3, E4=4, E5=4,  # 18/20 = 90.0
    P1=4, P2=4, P3=3, P4=4, P5=4,  # 19/20 = 95.0
    O1=4, O2=4, O3=4, O4=4,  # 100.0
    C1=0, C2=2, C3=0, C4=2,  # 4/16 = 25.0
    H1=3, H2=3, H3=3, H4=4,  # 13/16 = 81.25
)
# 8.75 + 22.5 + 23.75 + 15 + 2.5 + 12.1875 = 84.6875 -> 84.7; mean 478.75 / 6 = 79.79 -> 79.8

# L5 with people far behind: skills first.
LEADING = answers(
    S1=4, S2=4, S3=4, S4=4,
    E1=4, E2=4, E3=4, E4=4, E5=4,
    P1=4, P2=4, P3=4, P4=4, P5=4,
    O1=4, O2=4, O3=3, O4=4,  # 15/16 = 93.75
    C1=4, C2=4, C3=4, C4=4,
    H1=1, H2=0, H3=None, H4=None,  # 1/8 = 12.5
)
# 10 + 25 + 25 + 14.0625 + 10 + 1.875 = 85.9375 -> 85.9 (L5); mean 506.25 / 6 = 84.375 -> 84.4
# fmt: on


def d(value):
    return Decimal(value)


def test_starting_business_hand_computed():
    result = scoring.score(version=V, answers=STARTING)
    assert result.dimension_scores == {
        "S": d("37.5"),
        "E": d("20.0"),
        "P": d("25.0"),
        "O": d("12.5"),
        "C": d("16.7"),
        "H": d("25.0"),
    }
    assert result.overall == d("22.3")
    assert result.unweighted_mean == d("22.8")
    assert (result.level, result.uncapped_level, result.gate_capped) == ("L1", "L1", False)
    # E1 = 1 (foundation): 25 x 3 x 1.5 = 112.5 for publish_storefront and post_regularly;
    # P1 = 1 (foundation): 112.5 for open_business_account and open_payment_account;
    # E2 = E3 = 0: 25 x 4 = 100 for list_first_products (ties keep the file's order).
    # merchant_vietqr (P2) is dropped: it needs a business account (P1 >= 3).
    assert result.plan_codes == [
        "publish_storefront",
        "post_regularly",
        "open_business_account",
        "open_payment_account",
        "list_first_products",
    ]
    assert [p.priority for p in result.plan] == [d("112.5")] * 4 + [d("100.0")]
    assert result.advice == ()


def test_gate_caps_level_three_without_an_online_channel():
    result = scoring.score(version=V, answers=GATED)
    assert result.dimension_scores == {
        "S": d("75.0"),
        "E": d("55.0"),
        "P": d("75.0"),
        "O": d("68.8"),
        "C": d("50.0"),
        "H": d("68.8"),
    }
    assert result.overall == d("65.6")
    assert result.unweighted_mean == d("65.4")
    assert (result.uncapped_level, result.level, result.gate_capped) == ("L3", "L2", True)
    # Level L2 keeps actions tagged L1-L3: E1 = 2 (foundation) 75, E2 = 1 75, then 50s.
    # sync_stock (O1 = 3) is dropped: it needs products listed somewhere (E2 >= 2).
    assert result.plan_codes == [
        "publish_storefront",
        "list_first_products",
        "grow_online_sales",
        "measure_ads",
        "connect_e_invoices",
    ]


def test_gate_passes_with_a_marketplace_listing():
    result = scoring.score(version=V, answers=FORMING)
    assert result.dimension_scores["E"] == d("60.0")
    assert result.overall == d("66.9")
    assert (result.level, result.gate_capped) == ("L3", False)


def test_gate_passes_with_an_own_website_instead():
    result = scoring.score(version=V, answers={**GATED, "E1": 3})
    assert (result.overall, result.level, result.gate_capped) == (d("66.9"), "L3", False)


def test_gate_needs_merchant_payments_at_the_counter():
    # P2 = 2 (personal QR): P = 14/20 = 70, overall 66.875 - 1.25 = 65.625 -> 65.6.
    result = scoring.score(version=V, answers={**FORMING, "P2": 2})
    assert (result.overall, result.uncapped_level, result.level) == (d("65.6"), "L3", "L2")
    assert result.gate_capped is True


def test_gate_does_not_apply_below_its_level():
    result = scoring.score(version=V, answers=STARTING)
    assert result.gate_capped is False and result.level == "L1"


def test_advanced_business_gets_security_first():
    result = scoring.score(version=V, answers=ADVANCED)
    assert result.dimension_scores["C"] == d("25.0")
    assert result.overall == d("84.7")
    assert result.unweighted_mean == d("79.8")
    assert (result.level, result.gate_capped) == ("L4", False)
    assert result.advice == ("security_first",)
    # C1 = 0 (foundation) 60, C3 = 0 40, C2 = 2 (foundation) 30, then E2/E3 = 3 at 25.
    assert result.plan_codes == [
        "set_up_backups",
        "warn_about_scams",
        "turn_on_two_factor",
        "sync_stock",
        "grow_online_sales",
    ]


def test_leading_business_with_weak_skills_gets_skills_first_and_a_backfilled_plan():
    result = scoring.score(version=V, answers=LEADING)
    assert result.dimension_scores["H"] == d("12.5")
    assert result.overall == d("85.9")
    assert result.unweighted_mean == d("84.4")
    assert result.level == "L5"
    assert result.advice == ("skills_first",)
    # At L5 only get_training (60) and live_dashboard (15) are tagged L4-L5: the plan is filled
    # up to three with name_digital_owner (45, tagged L0-L3), and skills go first.
    assert result.plan_codes == ["get_training", "name_digital_owner", "live_dashboard"]


def test_all_zero_and_all_top():
    zero = scoring.score(version=V, answers=answers())
    assert zero.overall == d("0.0") and zero.level == "L0"
    assert set(zero.dimension_scores.values()) == {d("0.0")}
    # With cash only (P1 = 0), opening an e-payment account is not yet possible.
    assert "open_payment_account" not in zero.plan_codes
    assert "open_business_account" in zero.plan_codes
    top = scoring.score(version=V, answers={q.code: 4 for q in Q.questions})
    assert (top.overall, top.unweighted_mean, top.level, top.plan) == (
        d("100.0"),
        d("100.0"),
        "L5",
        (),
    )


@pytest.mark.parametrize(
    ("dimension", "overall"),
    [("S", "10.0"), ("E", "25.0"), ("P", "25.0"), ("O", "15.0"), ("C", "10.0"), ("H", "15.0")],
)
def test_each_dimension_alone_counts_its_weight(dimension, overall):
    only = answers(**{q.code: 4 for q in Q.questions_for(dimension)})
    result = scoring.score(version=V, answers=only)
    assert result.dimension_scores[dimension] == d("100.0")
    assert result.overall == d(overall)
    # The unweighted mean counts each dimension as one sixth: 100 / 6 = 16.67.
    assert result.unweighted_mean == d("16.7")


@pytest.mark.parametrize(
    ("overall", "level"),
    [
        ("0.0", "L0"),
        ("10.0", "L0"),
        ("10.1", "L1"),
        ("30.0", "L1"),
        ("30.1", "L2"),
        ("50.0", "L2"),
        ("50.1", "L3"),
        ("70.0", "L3"),
        ("70.1", "L4"),
        ("85.0", "L4"),
        ("85.1", "L5"),
        ("100.0", "L5"),
    ],
)
def test_level_bands(overall, level):
    assert scoring._level_for(Q, d(overall)) == level


def test_not_applicable_leaves_the_denominator():
    result = scoring.score(version=V, answers=answers(C1=4, C2=4, C3=None, C4=0))
    assert result.dimension_scores["C"] == d("66.7")  # 8 / 12
    both = scoring.score(version=V, answers=answers(H1=4, H2=0, H3=None, H4=None))
    assert both.dimension_scores["H"] == d("50.0")  # 4 / 8


def test_not_applicable_answers_suggest_no_actions():
    given = answers(C3=None)
    eligible = scoring.eligible_actions(Q, given, scoring._dimension_fractions(Q, given))
    assert "warn_about_scams" not in [p.code for p in eligible]
    zero = answers(C3=0)
    eligible = scoring.eligible_actions(Q, zero, scoring._dimension_fractions(Q, zero))
    assert "warn_about_scams" in [p.code for p in eligible]


def test_invalid_answers_name_every_problem():
    bad = {**answers(P2=None, S1=2, X9=1), "E3": "2"}
    del bad["H4"]
    with pytest.raises(scoring.InvalidAnswers) as caught:
        scoring.score(version=V, answers=bad)
    assert {code: error for code, (error, _message) in caught.value.errors.items()} == {
        "P2": "not_applicable_not_allowed",
        "S1": "invalid_choice",
        "X9": "unknown_question",
        "E3": "invalid_choice",
        "H4": "required",
    }
    assert "0, 1, 3, 4" in str(caught.value.errors["S1"][1])


def test_booleans_are_not_points():
    with pytest.raises(scoring.InvalidAnswers):
        scoring.score(version=V, answers=answers(S3=True))


def test_unknown_version():
    with pytest.raises(scoring.UnknownVersion):
        scoring.score(version="1999.1", answers=answers())


# Property tests: any complete set of answers.
def _answer_strategy(question):
    choices = list(question.allowed_points) + ([None] if question.not_applicable else [])
    return st.sampled_from(choices)


ANSWERS = st.fixed_dictionaries({q.code: _answer_strategy(q) for q in Q.questions})


@settings(max_examples=300, deadline=None)
@given(ANSWERS)
def test_scores_stay_within_0_and_100(given_answers):
    result = scoring.score(version=V, answers=given_answers)
    for value in [*result.dimension_scores.values(), result.overall, result.unweighted_mean]:
        assert d("0") <= value <= d("100")
    assert result.level in [level.code for level in Q.levels]
    assert len(result.plan) <= Q.plan.max_actions
    assert len(set(result.plan_codes)) == len(result.plan_codes)


@settings(max_examples=300, deadline=None)
@given(ANSWERS, st.sampled_from([q.code for q in Q.questions]), st.data())
def test_more_points_never_lower_a_score(given_answers, code, data):
    before = given_answers[code]
    higher = [p for p in Q.question(code).allowed_points if before is not None and p > before]
    if not higher:
        return
    raised = {**given_answers, code: data.draw(st.sampled_from(higher))}
    low = scoring.score(version=V, answers=given_answers)
    high = scoring.score(version=V, answers=raised)
    for dimension, value in low.dimension_scores.items():
        assert high.dimension_scores[dimension] >= value
    assert high.overall >= low.overall
    assert high.unweighted_mean >= low.unweighted_mean
    assert Q.level_index(high.level) >= Q.level_index(low.level)


@settings(max_examples=200, deadline=None)
@given(ANSWERS)
def test_plan_respects_prerequisites_and_has_three_when_gaps_allow(given_answers):
    result = scoring.score(version=V, answers=given_answers)
    fractions = scoring._dimension_fractions(Q, given_answers)
    for planned in result.plan:
        requires = Q.actions[planned.code].requires
        assert requires is None or requires.holds(given_answers, fractions)
    eligible = scoring.eligible_actions(Q, given_answers, fractions)
    assert set(result.plan_codes) <= {p.code for p in eligible}
    assert len(result.plan) >= min(Q.plan.min_actions, len(eligible))
