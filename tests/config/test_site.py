from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from accounts.models import Business, User

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_database_down(client):
    with mock.patch("config.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_root_redirects_to_vietnamese_then_to_the_chosen_language(client):
    assert client.get("/").url == "/vi/"
    client.cookies["django_language"] = "en"
    assert client.get("/").url == "/en/"


@pytest.mark.parametrize(("path", "text"), [("/vi/", "Đăng nhập"), ("/en/", "Sign in")])
def test_home_page_in_both_languages(client, path, text):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert text in body
    assert f'<html lang="{path.strip("/")}">' in body


def test_language_switch_keeps_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/vi/accounts/login/"})
    assert response.url == "/en/accounts/login/"


def test_public_pages_carry_a_strict_csp(client):
    response = client.get("/vi/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404


def test_seed_demo_is_idempotent_and_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (User.objects.count(), Business.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (User.objects.count(), Business.objects.count()) == counts
    assert Business.objects.count() >= 12
    # Business owners and one account without a profile yet signed up to sell.
    sellers = User.objects.filter(joined_as="seller")
    assert sellers.filter(email="seller@choso.local", memberships__isnull=True).exists()
    assert not Business.objects.exclude(memberships__user__in=sellers).exists()
    assert User.objects.filter(email="manager@choso.local", groups__name="Programme manager")
