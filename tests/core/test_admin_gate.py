"""Signed-in people without workspace rights who open /admin/ land on their account page with a
translated message, instead of bouncing between the login page and the admin."""

import pytest
from django.contrib.messages import get_messages

from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("vi", "Bạn không có quyền vào khu làm việc."),
        ("en", "You do not have permission to access the admin."),
    ],
)
def test_a_shopper_opening_the_admin_lands_on_the_account_page(client, language, message):
    client.force_login(UserFactory(roles=[Role.SHOPPER]))
    client.cookies["django_language"] = language
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/{language}/me/"
    assert len(response.redirect_chain) <= 3
    assert message in [str(m) for m in response.context["messages"]] or message in (
        response.content.decode()
    )


def test_the_anonymous_still_go_to_the_allauth_login(client):
    response = client.get("/admin/pages/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/vi/accounts/login/?next=%2Fadmin%2Fpages%2F")


def test_a_workspace_user_at_the_admin_login_goes_to_the_admin(client):
    client.force_login(UserFactory(roles=[Role.EDITOR]))
    response = client.get("/admin/login/?next=/admin/pages/")
    assert (response.status_code, response.url) == (302, "/admin/pages/")
    response = client.get("/admin/login/?next=https://evil.example/")
    assert (response.status_code, response.url) == (302, "/admin/")


def test_a_post_to_the_admin_login_signs_nobody_in(client):
    user = UserFactory(roles=[Role.EDITOR])
    response = client.post("/admin/login/", {"username": user.email, "password": "x"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not list(get_messages(response.wsgi_request))
