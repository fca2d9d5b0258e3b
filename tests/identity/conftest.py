"""The loopback city identity provider and the settings that point Chợ Số at it."""

import os
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from config import csp
from identity.conf import city_oidc_apps
from tests.fakes.oidc import launcher

CALLBACK = "/identity/oidc/city/callback/"


def _start(redirect_uris):
    """Skipped with the reason where Node or the package is missing; in CI (``CI`` set) that is a
    failure instead, so a broken install cannot pass as skipped tests."""
    reason = launcher.unavailable()
    if reason:
        if os.environ.get("CI") or os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRED but missing: {reason}")
        pytest.skip(reason)
    return launcher.start(redirect_uris)


@pytest.fixture(scope="session")
def city_idp():
    """oidc-provider on a free port, sending people back to the test client's callback."""
    provider = _start([f"http://testserver{CALLBACK}"])
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def city_idp_live(live_server):
    """The same for a browser: sending people back to the live server's callback."""
    provider = _start([f"{live_server.url}{CALLBACK}"])
    yield provider
    provider.stop()


def _configure(settings, provider, client_id, extra):
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": city_oidc_apps(
                issuer=provider.issuer,
                client_id=client_id,
                secret=provider.secret,
                scopes=["openid", "profile", "email", "phone", "business"],
            ),
        },
    }
    settings.CONTENT_SECURITY_POLICY = csp.with_form_action(
        settings.CONTENT_SECURITY_POLICY, provider.issuer
    )
    for name, value in extra.items():
        setattr(settings, name, value)
    return provider


@pytest.fixture
def city_settings(settings, city_idp):
    """Turns the city login on (as the CITY_OIDC_* variables would); call again to change the
    client id or other settings."""

    def configure(client_id="choso", **extra):
        return _configure(settings, city_idp, client_id, extra)

    configure()
    return configure


@pytest.fixture
def city_settings_live(settings, city_idp_live):
    return _configure(settings, city_idp_live, "choso", {})


def sign_in_at_city(authorize_url: str, person: str, *, stop_at: str = "http://testserver/"):
    """Plays the person at the city's pages: opens the authorization URL, types the account id,
    follows the provider's redirects until it sends the browser back to us; returns that URL."""
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=False, timeout=10)
    for _step in range(10):
        location = urljoin(response.url, response.headers["location"])
        if location.startswith(stop_at):
            return location
        if "/interaction/" in location and "/login" not in location:
            page = session.get(location, allow_redirects=False, timeout=10)
            if page.status_code == 200:
                response = session.post(
                    f"{location}/login", data={"login": person}, allow_redirects=False, timeout=10
                )
                continue
            response = page
            continue
        response = session.get(location, allow_redirects=False, timeout=10)
    raise AssertionError(f"the city never sent the browser back: {response.status_code}")


def callback_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


@pytest.fixture
def city_login(client):
    """Starts a city login from our sign-in page and returns the callback path the city gave."""

    def run(person="an", *, language="vi", next_url=None, process=None, http=client):
        data = {}
        if next_url:
            data["next"] = next_url
        if process:
            data["process"] = process
        start = http.post(f"/{language}/accounts/oidc/city/login/", data)
        assert start.status_code == 302, start.content[:500]
        return callback_path(sign_in_at_city(start["Location"], person))

    return run
