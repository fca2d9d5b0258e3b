"""Fixtures of the payments tests: Stripe's sample objects, signed webhook posts, the fake server."""

import copy
import json
import time
from pathlib import Path

import pytest
import stripe
from django.contrib.auth.models import Group

from accounts.models import Ward
from accounts.roles import Role
from tests.fakes.stripe_server import FakeStripe

FIXTURES = json.loads((Path(__file__).parent / "fixtures" / "stripe_fixtures3.json").read_text())[
    "resources"
]
PLATFORM_SECRET = "whsec_test_platform"
CONNECT_SECRET = "whsec_test_connect"
PLATFORM_URL = "/payments/stripe/webhook/"
CONNECT_URL = "/payments/stripe/connect-webhook/"


def stripe_object(name: str) -> dict:
    """A copy of one of Stripe's official sample objects."""
    return copy.deepcopy(FIXTURES[name])


def account_updated_event(
    account: dict, *, event_id: str = "evt_1Pgc76B7WZ01zgkWwyRHS12y", created: int | None = None
) -> dict:
    """Stripe's sample event carrying ``account`` as an ``account.updated`` Connect event."""
    event = stripe_object("event")
    event.update(
        {
            "id": event_id,
            "type": "account.updated",
            "account": account["id"],
            "created": int(time.time()) if created is None else created,
            "data": {"object": account},
        }
    )
    return event


def ready_account(account_id: str = "acct_1PgafTB7WZ01zgkW") -> dict:
    account = stripe_object("account")
    account.update(
        {
            "id": account_id,
            "charges_enabled": True,
            "payouts_enabled": True,
            "details_submitted": True,
        }
    )
    account["requirements"].update(
        {"currently_due": [], "eventually_due": [], "past_due": [], "disabled_reason": None}
    )
    return account


@pytest.fixture
def reference_rows(transactional_db):
    """The rows migrations load that these tests need (a ward, the role groups).

    A live-server test cannot count on ``serialized_rollback`` alone: with in-memory SQLite, once a
    plain ``db`` test and a browser test have run, the connection loses
    ``_test_serialized_contents`` and later transactional tests start from a flushed database.
    """
    Ward.objects.get_or_create(
        code="26743",
        defaults={
            "name": "Bến Thành",
            "name_en": "Ben Thanh",
            "type": "ward",
            "full_name": "Phường Bến Thành",
            "full_name_en": "Ben Thanh Ward",
            "former_district": "Quận 1",
            "former_province": "Thành phố Hồ Chí Minh",
        },
    )
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.fixture
def webhook_secrets(settings):
    settings.STRIPE_WEBHOOK_SECRET = PLATFORM_SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = CONNECT_SECRET


@pytest.fixture
def post_event(client, webhook_secrets):
    """Posts an event signed like Stripe does (``stripe.WebhookSignature``) to an endpoint."""

    def post(event, *, url=CONNECT_URL, secret=CONNECT_SECRET, timestamp=None, body=None):
        payload = json.dumps(event) if body is None else body
        signed = json.dumps(event)
        header = stripe.WebhookSignature.generate_signature_header(
            signed, secret, timestamp=timestamp
        )
        return client.post(
            url, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )

    return post


@pytest.fixture
def fake_stripe(settings):
    """The fake Stripe server on a free port, with the site's stripe provider pointed at it."""
    fake = FakeStripe().start()
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = fake.api_key
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_WEBHOOK_SECRET = PLATFORM_SECRET
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = CONNECT_SECRET
    fake.webhook_secret = CONNECT_SECRET
    yield fake
    fake.stop()
