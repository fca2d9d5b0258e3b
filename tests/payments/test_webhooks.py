"""Stripe webhooks posted to the endpoints, built from Stripe's official sample objects."""

import json
import time

import pytest

from payments import services
from payments.models import AccountState, PaymentAccount, WebhookEvent
from tests.payments.conftest import (
    CONNECT_SECRET,
    PLATFORM_SECRET,
    PLATFORM_URL,
    account_updated_event,
    ready_account,
    stripe_object,
)
from tests.payments.factories import PaymentAccountFactory

FIXTURE_ACCOUNT = "acct_1PgafTB7WZ01zgkW"

pytestmark = pytest.mark.django_db


@pytest.fixture
def account():
    return PaymentAccountFactory(
        provider_account_id=FIXTURE_ACCOUNT, state=AccountState.INFORMATION_NEEDED
    )


def _snapshot(account):
    account.refresh_from_db()
    return (account.state, account.status_as_of, account.updated_at, account.requirements_due)


def test_signed_sample_account_is_stored_and_applied(post_event, account):
    event = account_updated_event(stripe_object("account"))

    response = post_event(event)

    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": False, "outcome": "applied"}
    stored = WebhookEvent.objects.get()
    assert (stored.provider, stored.endpoint, stored.event_id, stored.type) == (
        "stripe",
        "connect",
        "evt_1Pgc76B7WZ01zgkWwyRHS12y",
        "account.updated",
    )
    assert stored.provider_account_id == FIXTURE_ACCOUNT
    assert json.loads(stored.payload) == event
    assert stored.processed_at is not None
    account.refresh_from_db()
    # The sample account has not submitted its details and has six fields currently due.
    assert account.state == AccountState.INFORMATION_NEEDED
    assert account.requirements_due == [
        "business_profile.product_description",
        "business_profile.support_phone",
        "business_profile.url",
        "external_account",
        "tos_acceptance.date",
        "tos_acceptance.ip",
    ]
    assert account.disabled_reason == "requirements.past_due"
    assert account.business.can_take_payments is False


def test_ready_account_makes_the_business_able_to_take_payments(post_event, account):
    response = post_event(account_updated_event(ready_account()))

    assert response.status_code == 200
    account.refresh_from_db()
    assert account.state == AccountState.READY
    assert account.ready_at is not None
    assert account.requirements_due == []
    account.business.refresh_from_db()
    assert account.business.can_take_payments is True


def test_restricted_after_ready_clears_the_flag(post_event, account):
    now = int(time.time())
    post_event(account_updated_event(ready_account(), event_id="evt_ready", created=now - 60))
    restricted = ready_account()
    restricted["charges_enabled"] = False
    restricted["requirements"].update(
        {"past_due": ["external_account"], "disabled_reason": "requirements.past_due"}
    )

    post_event(account_updated_event(restricted, event_id="evt_restricted", created=now))

    account.refresh_from_db()
    account.business.refresh_from_db()
    assert account.state == AccountState.RESTRICTED
    assert account.requirements_due == ["external_account"]
    assert account.business.can_take_payments is False


def test_unsigned_event_is_refused_and_nothing_written(client, webhook_secrets, account):
    before = _snapshot(account)
    response = client.post(
        "/payments/stripe/connect-webhook/",
        data=json.dumps(account_updated_event(ready_account())),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"error": "invalid signature"}
    assert WebhookEvent.objects.count() == 0
    assert _snapshot(account) == before


def test_tampered_body_is_refused(post_event, account):
    event = account_updated_event(stripe_object("account"))
    tampered = json.dumps(account_updated_event(ready_account()))
    before = _snapshot(account)

    response = post_event(event, body=tampered)

    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    assert _snapshot(account) == before


def test_stale_signature_timestamp_is_refused(post_event, account):
    old = int(time.time()) - 301
    response = post_event(account_updated_event(ready_account(), created=old), timestamp=old)
    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0


def test_signature_with_the_other_endpoints_secret_is_refused(post_event, account):
    event = account_updated_event(ready_account())
    assert post_event(event, secret=PLATFORM_SECRET).status_code == 400
    assert post_event(event, url=PLATFORM_URL, secret=CONNECT_SECRET).status_code == 400
    assert WebhookEvent.objects.count() == 0


def test_missing_secret_setting_refuses_everything(post_event, settings, account):
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    assert post_event(account_updated_event(ready_account()), secret="").status_code == 400
    assert WebhookEvent.objects.count() == 0


def test_signed_body_that_is_not_an_event_is_refused(post_event):
    response = post_event({"hello": "world"})
    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0


def test_get_is_not_allowed(client):
    assert client.get("/payments/stripe/webhook/").status_code == 405


def test_duplicate_answers_200_and_changes_nothing(post_event, account):
    event = account_updated_event(ready_account())
    assert post_event(event).status_code == 200
    before = _snapshot(account)
    stored_before = WebhookEvent.objects.values().get()

    response = post_event(event)

    assert response.status_code == 200
    assert response.json()["duplicate"] is True
    assert WebhookEvent.objects.values().get() == stored_before
    assert _snapshot(account) == before


def test_out_of_order_event_is_stored_but_changes_nothing(post_event, account):
    now = int(time.time())
    post_event(account_updated_event(ready_account(), event_id="evt_new", created=now))

    response = post_event(
        account_updated_event(stripe_object("account"), event_id="evt_old", created=now - 30)
    )

    assert response.status_code == 200
    assert response.json()["outcome"] == "stale"
    account.refresh_from_db()
    assert account.state == AccountState.READY
    assert WebhookEvent.objects.get(event_id="evt_old").outcome == WebhookEvent.Outcome.STALE


def test_rejected_is_final(post_event, account):
    now = int(time.time())
    rejected = stripe_object("account")
    rejected["requirements"]["disabled_reason"] = "rejected.fraud"
    post_event(account_updated_event(rejected, event_id="evt_rejected", created=now - 10))

    response = post_event(account_updated_event(ready_account(), event_id="evt_later", created=now))

    assert response.json()["outcome"] == "stale"
    account.refresh_from_db()
    assert account.state == AccountState.REJECTED
    account.business.refresh_from_db()
    assert account.business.can_take_payments is False


def test_unknown_event_type_is_stored_and_ignored(post_event, account):
    event = stripe_object("event")  # Stripe's sample: a plan.created event
    response = post_event(event, url=PLATFORM_URL, secret=PLATFORM_SECRET)

    assert response.status_code == 200
    stored = WebhookEvent.objects.get()
    assert (stored.type, stored.endpoint, stored.outcome) == ("plan.created", "platform", "ignored")
    assert stored.processed_at is not None


def test_event_for_unknown_account_is_stored_with_the_error(post_event, account):
    response = post_event(account_updated_event(ready_account("acct_1NotOursAtAll00")))

    assert response.status_code == 200
    stored = WebhookEvent.objects.get()
    assert stored.outcome == WebhookEvent.Outcome.FAILED
    assert stored.error == "No e-payment account has this provider account id."
    account.refresh_from_db()
    assert account.state == AccountState.INFORMATION_NEEDED


def test_handler_failure_is_kept_visible_and_the_retry_applies(post_event, account, monkeypatch):
    def broken(stored, event):
        PaymentAccount.objects.update(state=AccountState.READY)  # rolled back with the failure
        raise RuntimeError("database hiccup")

    monkeypatch.setitem(services.EVENT_HANDLERS, "account.updated", broken)
    event = account_updated_event(ready_account())

    response = post_event(event)

    assert response.status_code == 500
    stored = WebhookEvent.objects.get()
    assert (stored.outcome, stored.error, stored.processed_at) == (
        "failed",
        "RuntimeError: database hiccup",
        None,
    )
    account.refresh_from_db()
    assert account.state == AccountState.INFORMATION_NEEDED

    monkeypatch.undo()
    response = post_event(event)

    assert response.status_code == 200
    stored.refresh_from_db()
    assert (stored.outcome, stored.error, stored.attempts) == ("applied", "", 2)
    account.refresh_from_db()
    assert account.state == AccountState.READY


def test_payload_is_encrypted_at_rest(post_event, account):
    from django.db import connection

    post_event(account_updated_event(stripe_object("account")))
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM payments_webhookevent")
        (raw,) = cursor.fetchone()
    assert "site@stripe.com" not in raw
    assert "acct_1PgafTB7WZ01zgkW" not in raw
