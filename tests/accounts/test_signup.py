"""The signup form asks why someone is joining (to sell or to shop), preselected from where they
are heading, and stores the answer on the account."""

import pytest

from accounts.forms import points_into_sme_journey
from accounts.models import JoinedAs, User

pytestmark = pytest.mark.django_db

SIGNUP = "/vi/accounts/signup/"
PASSWORD = "Sg-2026-an-toan!"


def _checked(response) -> str:
    return response.context["form"]["joined_as"].value()


def _post(client, url=SIGNUP, **fields):
    data = {"email": "moi@example.vn", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post(url, data)


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/vi/start/", True),
        ("/en/start/", True),
        ("/vi/start/cua-hang-so-1/", True),
        ("/vi/me/business/new/", True),
        ("/en/me/business/new/?from=home", True),
        ("/vi/", False),
        ("/vi/cart/", False),
        ("/vi/me/", False),
        ("https://evil.example/vi/start/", False),
        ("//evil.example/vi/start/", False),
        ("start/", False),
        ("/fr/start/", False),
        ("", False),
    ],
)
def test_which_next_urls_are_the_sme_journey(next_url, expected):
    assert points_into_sme_journey(next_url) is expected


def test_the_choice_is_preselected_from_the_next_url(client):
    assert _checked(client.get(SIGNUP, {"next": "/vi/start/"})) == JoinedAs.SELLER
    assert _checked(client.get(SIGNUP, {"next": "/vi/me/business/new/"})) == JoinedAs.SELLER
    assert _checked(client.get(SIGNUP, {"next": "/vi/cart/"})) == JoinedAs.SHOPPER
    response = client.get(SIGNUP)
    assert _checked(response) == JoinedAs.SHOPPER
    html = response.content.decode()
    assert 'name="joined_as" value="shopper"' in html
    assert "Để bán hàng cho cơ sở kinh doanh của tôi" in html
    assert "Để mua sắm" in html


def test_a_seller_signing_up_on_the_way_to_the_check_is_stored_as_seller(client, mailoutbox):
    response = _post(client, f"{SIGNUP}?next=/vi/start/", joined_as="seller", next="/vi/start/")
    assert response.status_code == 302
    user = User.objects.get(email="moi@example.vn")
    assert user.joined_as == JoinedAs.SELLER
    assert len(mailoutbox) == 1  # the verification email, as before


def test_a_shopper_signup_is_stored_as_shopper(client):
    assert _post(client, joined_as="shopper").status_code == 302
    assert User.objects.get(email="moi@example.vn").joined_as == JoinedAs.SHOPPER


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Choose why you are joining: to sell for your business or to shop."),
        (
            {"joined_as": "vendor"},
            "Choose one of the two answers: to sell for your business or to shop.",
        ),
        (
            {"joined_as": "seller'; DROP TABLE"},
            "Choose one of the two answers: to sell for your business or to shop.",
        ),
    ],
)
def test_no_choice_or_a_tampered_one_is_a_form_error(client, fields, message):
    response = _post(client, "/en/accounts/signup/", **fields)
    assert response.status_code == 200
    assert response.context["form"].errors["joined_as"] == [message]
    assert message in response.content.decode()
    assert not User.objects.filter(email="moi@example.vn").exists()


def test_the_error_is_in_vietnamese_too(client):
    response = _post(client)
    assert response.context["form"].errors["joined_as"] == [
        "Hãy chọn lý do bạn tham gia: để bán hàng cho cơ sở kinh doanh của bạn hay để mua sắm."
    ]


def test_existing_and_new_accounts_default_to_shopper():
    user = User.objects.create_user(email="cu@example.vn", password=PASSWORD)
    assert user.joined_as == JoinedAs.SHOPPER
