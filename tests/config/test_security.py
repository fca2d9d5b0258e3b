import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import Argon2PasswordHasher

from config import settings as production_settings
from tests.factories import DEFAULT_PASSWORD, UserFactory, vendor

pytestmark = pytest.mark.django_db


def test_admin_login_form_is_closed_and_post_does_not_log_in(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/vi/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_admin_uses_the_site_login(client):
    response = client.get("/admin/")
    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/")
    response = client.get(response.url)  # the admin's door (core.views.admin_login)
    assert response.status_code == 302
    assert response.url.startswith("/vi/accounts/login/?next=/admin/")


def test_login_through_allauth_opens_the_admin(client):
    user = vendor()
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_failed_logins_are_throttled(client):
    user = UserFactory()
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"})
    response = client.post(
        "/en/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert (
        response.status_code == 429 or "Too many failed login attempts" in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2():
    # The test settings use a fast hasher; production's first hasher is Argon2, and it works here.
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("mật-khẩu", hasher.salt())
    assert encoded.startswith("argon2$") and hasher.verify("mật-khẩu", encoded)


def test_signup_errors_are_shown(client):
    response = client.post(
        "/en/accounts/signup/", {"email": "not-an-email", "password1": "1", "password2": "2"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "email" in errors and "password1" in errors or "password2" in errors


def test_signup_sends_verification_email(client, mailoutbox):
    client.post(
        "/vi/accounts/signup/",
        {
            "joined_as": "shopper",
            "email": "moi@example.vn",
            "password1": "Sg-2026-an-toan!",
            "password2": "Sg-2026-an-toan!",
        },
    )
    assert len(mailoutbox) == 1
    assert "moi@example.vn" in mailoutbox[0].to


def test_workspace_requires_mfa_when_enabled(client, settings):
    settings.WORKSPACE_REQUIRE_MFA = True
    user = vendor()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/two-factor/totp/activate/" in response.url or "totp" in response.url
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get("/admin/").status_code == 200


def test_the_workspace_asks_no_other_site_for_avatars(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
