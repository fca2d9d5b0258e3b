"""Sign-in with the city's account against a real OpenID provider on loopback (oidc-provider)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse

from accounts.models import JoinedAs, MembershipRole, User
from tests.factories import BusinessFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BUTTON_VI = "Đăng nhập bằng tài khoản công dân / doanh nghiệp của Thành phố"
BUTTON_EN = "Sign in with your city citizen / business account"


def _signup_form(client, response):
    assert response.status_code == 302
    assert response["Location"] == "/vi/accounts/3rdparty/signup/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page


@pytest.mark.parametrize(
    ("language", "button"), [("vi", BUTTON_VI), ("en", BUTTON_EN)], ids=["vi", "en"]
)
# Not named "page" (pytest-playwright's fixture: its browser parameter regroups the browser
# tests, which flush the database, right after this one).
@pytest.mark.parametrize("screen", ["login", "signup"])
def test_login_and_signup_pages_offer_the_city_account(
    client, city_settings, language, button, screen
):
    response = client.get(f"/{language}/accounts/{screen}/")
    assert response.status_code == 200
    assert button in response.content.decode()


def test_no_city_button_when_the_issuer_is_unset(client):
    response = client.get("/vi/accounts/login/")
    assert BUTTON_VI not in response.content.decode()
    assert client.post("/vi/accounts/oidc/city/login/").status_code == 404


def test_authorization_request_carries_pkce_state_and_nonce(client, city_settings):
    start = client.post("/vi/accounts/oidc/city/login/")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) >= 12
    assert len(query["nonce"][0]) == 32
    assert query["redirect_uri"] == ["http://testserver/identity/oidc/city/callback/"]
    assert set(query["scope"][0].split()) == {"openid", "profile", "email", "phone", "business"}


def test_sign_up_with_the_city_account_prefills_and_verifies_the_email(
    client, city_settings, city_login
):
    response = client.get(city_login("an"))
    page = _signup_form(client, response)
    form = page.context["form"]
    assert form.initial["email"] == "an@city.example"
    assert User.objects.count() == 0  # nothing is saved before the person confirms

    done = client.post(
        "/vi/accounts/3rdparty/signup/", {"email": "an@city.example", "joined_as": "seller"}
    )
    assert done.status_code == 302
    user = User.objects.get()
    assert (user.email, user.first_name, user.last_name, user.joined_as) == (
        "an@city.example",
        "An",
        "Nguyễn Văn",
        JoinedAs.SELLER,
    )
    assert EmailAddress.objects.get(user=user).verified is True
    assert mail.outbox == []  # the city verified it: no second verification
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("city", "an")
    assert client.get("/vi/me/").wsgi_request.user == user
    assert client.get("/identity/business-prefill.json").json() == {
        "city": {
            "owner_name": "Nguyễn Văn An",
            "email": "an@city.example",
            "phone": "+84903123456",
            "tax_code": "0314409058",
        }
    }


def test_signing_in_again_uses_the_linked_account(client, city_settings, city_login):
    client.get(city_login("an"))
    client.post(
        "/vi/accounts/3rdparty/signup/", {"email": "an@city.example", "joined_as": "shopper"}
    )
    client.post("/vi/accounts/logout/")
    response = client.get(city_login("an"))
    assert response.status_code == 302
    assert response["Location"] != "/vi/accounts/3rdparty/signup/"
    assert User.objects.count() == 1
    assert client.get("/vi/me/").wsgi_request.user.email == "an@city.example"


def test_an_email_the_city_did_not_verify_must_be_verified_here(client, city_settings, city_login):
    client.get(city_login("binh"))
    client.post(
        "/vi/accounts/3rdparty/signup/", {"email": "binh@city.example", "joined_as": "shopper"}
    )
    user = User.objects.get()
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    assert not client.get("/vi/me/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize("person", ["an", "binh"])
def test_an_existing_account_is_never_linked_by_email(client, city_settings, city_login, person):
    """Verified by the city or not, an email that has an account here links nothing: the owner
    is mailed (the page does not say the address is registered) and nobody is signed in."""
    local = UserFactory(email=f"{person}@city.example")
    _signup_form(client, client.get(city_login(person)))
    answer = client.post(
        "/vi/accounts/3rdparty/signup/", {"email": local.email, "joined_as": "shopper"}
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/vi/accounts/confirm-email/"
    assert User.objects.count() == 1
    assert SocialAccount.objects.count() == 0
    if person == "an":  # the city verified the address: its owner is told someone tried
        assert [message.to for message in mail.outbox] == [[local.email]]
    assert not client.get("/vi/me/").wsgi_request.user.is_authenticated


def test_the_owner_links_the_city_account_after_signing_in(client, city_settings, city_login):
    local = UserFactory(email="an@city.example")
    client.force_login(local)
    response = client.get(city_login("an", process="connect"))
    assert response.status_code == 302
    account = SocialAccount.objects.get()
    assert (account.user, account.uid) == (local, "an")


def _assert_failed_with(response, words):
    assert response.status_code == 401
    text = response.content.decode()
    assert words in text
    assert User.objects.count() == 0
    assert SocialAccount.objects.count() == 0
    assert not response.wsgi_request.user.is_authenticated


def test_a_wrong_state_fails_clearly(client, city_settings, city_login):
    path = city_login("an")
    query = parse_qs(urlsplit(path).query)
    forged = f"/identity/oidc/city/callback/?code={query['code'][0]}&state=not-ours"
    _assert_failed_with(client.get(forged), "không khớp với một lần đăng nhập")


def test_a_replayed_code_fails_clearly(client, city_settings, city_login):
    first = city_login("an")
    client.get(first)  # used once: now at the signup form
    client.logout()
    # A new login gives a fresh state; the old code is sent with it.
    start = client.post("/vi/accounts/oidc/city/login/")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    code = parse_qs(urlsplit(first).query)["code"][0]
    replay = client.get(f"/identity/oidc/city/callback/?code={code}&state={state}")
    _assert_failed_with(replay, "mã đã được dùng hoặc đã hết hạn")


def test_the_same_callback_twice_fails_clearly(client, city_settings, city_login):
    path = city_login("an")
    client.get(path)
    client.logout()
    _assert_failed_with(client.get(path), "không khớp với một lần đăng nhập")


@pytest.mark.parametrize(
    "client_id", ["choso-wrong-aud", "choso-wrong-iss", "choso-bad-sig", "choso-wrong-nonce"]
)
def test_an_id_token_that_fails_verification_creates_nothing(
    client, city_settings, city_login, client_id
):
    city_settings(client_id=client_id)
    _assert_failed_with(client.get(city_login("an")), "Không thể xác minh thẻ định danh")


def test_the_failure_reads_in_english(client, city_settings, city_login):
    city_settings(client_id="choso-bad-sig")
    response = client.get(city_login("an", language="en"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "The city&#x27;s identity token could not be verified" in response.content.decode()


def _city_member(client, city_login, person):
    """Signs up through the city, then makes the person an owner (a workspace role)."""
    client.get(city_login(person))
    client.post(
        "/vi/accounts/3rdparty/signup/", {"email": f"{person}@city.example", "joined_as": "seller"}
    )
    user = User.objects.get(email=f"{person}@city.example")
    MembershipFactory(user=user, business=BusinessFactory(), role=MembershipRole.OWNER)
    return user


def test_the_workspace_still_asks_for_totp_after_a_city_sign_in(client, city_settings, city_login):
    city_settings(WORKSPACE_REQUIRE_MFA=True)
    _city_member(client, city_login, "chi")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("CITY_OIDC_MFA_AMR_VALUES", ["otp", "hwk"]),
        ("CITY_OIDC_MFA_ACR_VALUES", ["urn:city:loa:high"]),
    ],
)
def test_the_city_second_factor_counts_when_configured(
    client, city_settings, city_login, setting, value
):
    city_settings(WORKSPACE_REQUIRE_MFA=True, **{setting: value})
    _city_member(client, city_login, "chi")  # amr pwd+otp, acr high
    response = client.get("/admin/")
    assert response.status_code == 200


def test_a_city_sign_in_without_a_second_factor_does_not_count(client, city_settings, city_login):
    city_settings(WORKSPACE_REQUIRE_MFA=True, CITY_OIDC_MFA_AMR_VALUES=["otp"])
    _city_member(client, city_login, "an")  # amr pwd only
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_the_city_second_factor_does_not_carry_over_to_a_password_login(
    client, city_settings, city_login
):
    """A city sign-in with a second factor, then a password login as someone else in the same
    browser: the second person is asked for TOTP."""
    city_settings(WORKSPACE_REQUIRE_MFA=True, CITY_OIDC_MFA_AMR_VALUES=["otp"])
    client.get(city_login("chi"))  # at the signup form: the assurance is in the session
    other = UserFactory(is_staff=True)
    client.force_login(other)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")
