"""Rate limits key on the client's real address (issue #13, items 7 and 8).

X-Forwarded-For is the client's to write: only what our own proxies appended is believed
(``TRUSTED_PROXY_COUNT``), so rotating the header buys nothing, and behind the proxy every client
is counted apart instead of all sharing the proxy's address.
"""

import pytest
from django.core.cache import cache
from django.test import Client

from config.middleware import client_address
from tests.factories import DEFAULT_PASSWORD, UserFactory

CATEGORIES = "/api/v1/categories/"
LOGIN = "/en/accounts/login/"
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _clean_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }


@pytest.fixture
def behind_proxy(settings):
    """One proxy of ours in front (the setting alone: the middleware tells everyone after it)."""
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_api_throttle(client, anon_rate):
    statuses = [
        client.get(CATEGORIES, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_behind_our_proxy_each_client_has_its_own_count(client, anon_rate, behind_proxy):
    def get(forwarded):
        return client.get(CATEGORIES, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    # The client writes whatever it likes on the left; the proxy appends the address it saw.
    statuses = [get(f"192.0.2.{n}, 203.0.113.7").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another shopper behind the same proxy is not throttled with them.
    assert get("203.0.113.8").status_code == 200


def _fail_login(client, email, forwarded):
    return client.post(
        LOGIN,
        {"login": email, "password": "wrong"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def _login(client, email, forwarded):
    client.post(
        LOGIN,
        {"login": email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("allauth_told_too", [False, True])
def test_one_attacker_behind_the_proxy_does_not_lock_everyone_out(
    settings, behind_proxy, allauth_told_too
):
    if allauth_told_too:  # as config.settings wires it from the environment
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker, victim, other = Client(), UserFactory(), UserFactory()
    for n in range(8):  # different accounts: only the attacker's address is counted against
        _fail_login(attacker, f"guess{n}@example.vn", "203.0.113.66")
    assert not _login(attacker, victim.email, "203.0.113.66")  # the attacker is stopped...
    assert _login(Client(), other.email, "203.0.113.20")  # ...the next shopper is not


@pytest.mark.django_db
def test_rotating_the_forwarded_header_does_not_reset_the_login_limit(behind_proxy):
    attacker, target = Client(), UserFactory()
    for n in range(6):
        _fail_login(attacker, f"guess{n}@example.vn", f"198.51.100.{n}, 203.0.113.66")
    assert not _login(attacker, target.email, "198.51.100.99, 203.0.113.66")


@pytest.mark.django_db
def test_failures_on_one_account_do_not_lock_other_accounts(behind_proxy):
    victim, other = UserFactory(), UserFactory()
    for n in range(6):  # from many addresses, at one account
        _fail_login(Client(), victim.email, f"203.0.113.{n}")
    assert not _login(Client(), victim.email, "203.0.113.50")  # that account waits a while
    assert _login(Client(), other.email, "203.0.113.51")  # everybody else signs in


@pytest.mark.django_db
def test_a_header_that_skipped_our_proxies_is_not_a_500(client, settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    user = UserFactory()
    response = client.post(
        LOGIN,
        {"login": user.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.1",  # one hop where two proxies append two
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("meta", "count", "header", "expected"),
    [
        ({"HTTP_X_FORWARDED_FOR": "1.1.1.1, 2.2.2.2"}, 0, None, None),
        ({"HTTP_X_FORWARDED_FOR": "1.1.1.1, 2.2.2.2"}, 1, None, "2.2.2.2"),
        ({"HTTP_X_FORWARDED_FOR": "1.1.1.1, 2.2.2.2"}, 2, None, "1.1.1.1"),
        ({"HTTP_X_FORWARDED_FOR": "2.2.2.2"}, 2, None, None),
        ({"HTTP_X_FORWARDED_FOR": "not-an-address"}, 1, None, None),
        ({"HTTP_X_FORWARDED_FOR": "[2001:db8::1]:443"}, 1, None, "2001:db8::1"),
        (
            {"HTTP_X_REAL_IP": "192.0.2.4", "HTTP_X_FORWARDED_FOR": "9.9.9.9"},
            1,
            "X-Real-IP",
            "192.0.2.4",
        ),
        ({}, 0, "X-Real-IP", None),
    ],
)
def test_client_address_rule(meta, count, header, expected):
    assert client_address(meta, proxy_count=count, header=header) == expected
