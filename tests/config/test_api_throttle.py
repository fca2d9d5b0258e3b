"""The API's throttle: a rate per client address for anonymous clients, a higher one per user for
signed-in clients, counted in fixed windows; a throttled request is a 429 in the API's error shape
with Retry-After, and changes nothing."""

import pytest
from django.core.cache import cache

from accounts.models import MembershipRole
from marketplace.models import Product
from tests.factories import BusinessFactory, vendor
from tests.marketplace.conftest import token_client

RATES = {"anon": "3/min", "user": "5/min"}
CATEGORIES = "/api/v1/categories/"


@pytest.fixture(autouse=True)
def _rates(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": RATES}
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000_000.0]  # the start of a one-minute window
    monkeypatch.setattr("config.api.time.time", lambda: now[0])
    return now


@pytest.mark.django_db
def test_anonymous_clients_get_the_anon_rate_per_address(client, clock):
    assert [client.get(CATEGORIES).status_code for _ in range(3)] == [200] * 3
    clock[0] += 20
    response = client.get(CATEGORIES)
    assert response.status_code == 429
    body = response.json()
    assert body["type"] == "client_error"
    assert body["errors"][0]["code"] == "throttled"
    assert response["Retry-After"] == "40"
    # Another address has its own count.
    assert client.get(CATEGORIES, REMOTE_ADDR="203.0.113.9").status_code == 200


@pytest.mark.django_db
def test_the_count_starts_again_in_the_next_window(client, clock):
    for _ in range(3):
        client.get(CATEGORIES)
    assert client.get(CATEGORIES).status_code == 429
    clock[0] += 60
    assert client.get(CATEGORIES).status_code == 200


@pytest.mark.django_db
def test_signed_in_clients_get_the_user_rate_whatever_their_address(clock):
    shop = BusinessFactory(can_take_payments=True)
    api = token_client(vendor(business=shop, role=MembershipRole.OWNER))
    statuses = [api.get(CATEGORIES, REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(6)]
    assert statuses == [200] * 5 + [429]


@pytest.mark.django_db
def test_a_throttled_write_changes_nothing(clock):
    shop = BusinessFactory(can_take_payments=True)
    api = token_client(vendor(business=shop, role=MembershipRole.OWNER))
    for _ in range(5):
        api.get(CATEGORIES)
    response = api.post(
        "/api/v1/vendor/products/",
        {"name": "Cà phê muối", "price": 45000, "stock": 3, "category": "ca-phe-tra"},
        format="json",
    )
    assert response.status_code == 429
    assert not Product.objects.exists()
