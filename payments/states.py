"""From a provider's account status to our account state, and which moves are allowed.

Ready to take payments only when charges and payouts are enabled, nothing is currently due or past
due and the account has no disabled reason (payments spec). ``rejected`` is final; once an account is
opened it never returns to ``not_started``. Everything else may follow the provider's latest word,
since a ready account can become restricted and be fixed again.
"""

from payments.models import AccountState
from payments.providers.base import AccountStatus

_REVIEW_REASONS = {"requirements.pending_verification", "under_review"}


def is_ready(status: AccountStatus) -> bool:
    return (
        status.charges_enabled
        and status.payouts_enabled
        and not status.currently_due
        and not status.past_due
        and not status.disabled_reason
    )


def state_for(status: AccountStatus) -> AccountState:
    reason = status.disabled_reason
    if reason.startswith("rejected"):
        return AccountState.REJECTED
    if is_ready(status):
        return AccountState.READY
    if not status.details_submitted:
        return AccountState.INFORMATION_NEEDED
    if status.past_due or (reason and reason not in _REVIEW_REASONS):
        return AccountState.RESTRICTED
    if status.currently_due:
        return AccountState.INFORMATION_NEEDED
    return AccountState.UNDER_REVIEW


def can_move(current: str, new: str) -> bool:
    if current == AccountState.REJECTED:
        return new == AccountState.REJECTED
    return new != AccountState.NOT_STARTED or current == AccountState.NOT_STARTED
