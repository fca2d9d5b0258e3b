"""The readiness rule and the state each provider status maps to."""

import pytest

from payments.models import AccountState
from payments.providers.base import AccountStatus
from payments.states import can_move, is_ready, state_for


def status(**changes):
    base = {
        "account_id": "acct_1",
        "charges_enabled": True,
        "payouts_enabled": True,
        "details_submitted": True,
    }
    return AccountStatus(**{**base, **changes})


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, AccountState.READY),
        ({"payouts_enabled": False}, AccountState.UNDER_REVIEW),
        ({"currently_due": ("external_account",)}, AccountState.INFORMATION_NEEDED),
        (
            {"charges_enabled": False, "details_submitted": False, "currently_due": ("x",)},
            AccountState.INFORMATION_NEEDED,
        ),
        ({"past_due": ("external_account",)}, AccountState.RESTRICTED),
        ({"disabled_reason": "requirements.past_due"}, AccountState.RESTRICTED),
        ({"disabled_reason": "requirements.pending_verification"}, AccountState.UNDER_REVIEW),
        ({"disabled_reason": "under_review", "charges_enabled": False}, AccountState.UNDER_REVIEW),
        ({"disabled_reason": "rejected.fraud"}, AccountState.REJECTED),
        ({"disabled_reason": "rejected.other", "details_submitted": False}, AccountState.REJECTED),
    ],
)
def test_state_for(changes, expected):
    assert state_for(status(**changes)) == expected


def test_ready_needs_every_condition():
    assert is_ready(status()) is True
    for changes in (
        {"charges_enabled": False},
        {"payouts_enabled": False},
        {"currently_due": ("a",)},
        {"past_due": ("a",)},
        {"disabled_reason": "listed"},
    ):
        assert is_ready(status(**changes)) is False


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        (AccountState.NOT_STARTED, AccountState.INFORMATION_NEEDED, True),
        (AccountState.READY, AccountState.RESTRICTED, True),
        (AccountState.RESTRICTED, AccountState.READY, True),
        (AccountState.UNDER_REVIEW, AccountState.NOT_STARTED, False),
        (AccountState.REJECTED, AccountState.READY, False),
        (AccountState.REJECTED, AccountState.REJECTED, True),
    ],
)
def test_can_move(current, new, allowed):
    assert can_move(current, new) is allowed
