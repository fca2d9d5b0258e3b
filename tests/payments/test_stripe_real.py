"""The Stripe provider against Stripe's real test mode, when test keys are given.

Set ``STRIPE_TEST_SECRET_KEY=sk_test_...`` (a platform with Connect enabled) to run these; they are
skipped otherwise. A live key (``sk_live_``/``rk_live_``) is refused outright: these tests create
accounts.
"""

import os
import time

import pytest

from payments.models import AccountState
from payments.providers.base import AccountPrefill, ProviderDeclined
from payments.states import state_for
from payments.stripe.provider import StripeProvider

KEY = os.environ.get("STRIPE_TEST_SECRET_KEY", "")


def test_key(key: str) -> str:
    """The key if it is a test key; anything live is refused."""
    if "_live_" in key:
        raise pytest.UsageError("Refusing a live Stripe key: these tests create accounts.")
    return key if key.startswith(("sk_test_", "rk_test_")) else ""


test_key.__test__ = False


def test_live_keys_are_refused():
    with pytest.raises(pytest.UsageError):
        test_key("sk_live_abc")
    with pytest.raises(pytest.UsageError):
        test_key("rk_live_abc")
    assert test_key("sk_test_abc") == "sk_test_abc"
    assert test_key("pk_test_abc") == ""


needs_key = pytest.mark.skipif(
    not test_key(KEY), reason="set STRIPE_TEST_SECRET_KEY=sk_test_... to run against Stripe"
)


@pytest.fixture
def provider():
    return StripeProvider(api_key=test_key(KEY), api_base="")


@needs_key
def test_open_account_link_and_refetch(provider):
    stamp = int(time.time())
    status = provider.create_account(
        prefill=AccountPrefill(
            business_id=stamp,
            email=f"test+{stamp}@example.com",
            business_name="Chợ Số test shop",
            legal_name="Chợ Số Test Co",
            business_type="company",
            product_description="Chợ Số integration test: handmade ceramics",
            url="",
            country=os.environ.get("STRIPE_ACCOUNT_COUNTRY", "SG"),
        ),
        idempotency_key=f"choso-real-test-{stamp}",
    )
    assert status.account_id.startswith("acct_")
    assert state_for(status) == AccountState.INFORMATION_NEEDED

    link = provider.onboarding_link(
        account_id=status.account_id,
        return_url="https://example.com/return",
        refresh_url="https://example.com/refresh",
    )
    assert link.startswith("https://connect.stripe.com/")

    again = provider.retrieve_account(account_id=status.account_id)
    assert again.account_id == status.account_id
    assert again.charges_enabled is False


@needs_key
def test_unknown_account_is_a_declined_request(provider):
    with pytest.raises(ProviderDeclined):
        provider.retrieve_account(account_id="acct_0000000000000000")
