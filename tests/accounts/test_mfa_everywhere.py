"""Two-factor sign-in wherever owners, staff, programme managers, the data-protection officer and
superusers act (security issue #13, item 6): not only /admin/, but the vendor API (session and
token), the unmasked business profile, the payment-account pages and assisted assessments."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import Role
from onboarding.models import Assessment
from tests.factories import BusinessFactory, UserFactory, vendor

pytestmark = pytest.mark.django_db

VENDOR_API = "/api/v1/vendor/products/"


@pytest.fixture(autouse=True)
def _mfa_on(settings):
    settings.WORKSPACE_REQUIRE_MFA = True


@pytest.fixture
def business():
    return BusinessFactory(tax_code="0314409058", phone="+84903123789")


@pytest.fixture
def owner(business):
    return vendor(business=business)


def with_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def _token_client(user) -> APIClient:
    api = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def _sent_to_totp(response) -> bool:
    return response.status_code == 302 and response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("auth", ["token", "session"])
@pytest.mark.parametrize("role", ["owner", "staff"])
def test_vendor_api_refuses_members_without_totp(business, auth, role):
    member = vendor(business=business, role=role)
    if auth == "token":
        api = _token_client(member)
    else:
        api = APIClient()
        api.force_login(member)
    response = api.get(VENDOR_API)
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "mfa_required"
    created = api.post(VENDOR_API, {"name": "Cà phê", "price": 1}, format="json")
    assert created.status_code == 403
    assert not business.products.exists()
    with_totp(member)
    assert api.get(VENDOR_API).status_code == 200


def test_superuser_without_totp_is_refused_by_the_api():
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert _token_client(admin).get(VENDOR_API).status_code == 403


def test_unmasked_business_profile_needs_totp(client, business, owner):
    client.force_login(owner)
    response = client.get(business.get_absolute_url())
    assert _sent_to_totp(response)
    edit = client.post(
        reverse("accounts:business_edit", args=[business.slug]), {"trading_name": "Khác"}
    )
    assert _sent_to_totp(edit)
    business.refresh_from_db()
    assert business.trading_name != "Khác"
    with_totp(owner)
    page = client.get(business.get_absolute_url())
    assert page.status_code == 200 and "0314409058" in page.content.decode()


def test_invitations_need_totp(client, business, owner, mailoutbox):
    client.force_login(owner)
    response = client.post(
        reverse("accounts:business_invite", args=[business.slug]), {"email": "moi@example.vn"}
    )
    assert _sent_to_totp(response)
    assert mailoutbox == [] and not business.invitations.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("payments:overview", "get"),
        ("payments:account", "get"),
        ("payments:account_open", "post"),
        ("payments:account_dashboard", "post"),
        ("payments:receive", "get"),
        ("payments:receive_bank", "post"),
        ("payments:receive_sepay", "post"),
        ("payments:receive_cod", "post"),
        ("payments:payos_connect", "get"),
    ],
)
def test_payment_account_pages_need_totp(client, business, owner, name, method):
    client.force_login(owner)
    kwargs = {} if name == "payments:overview" else {"slug": business.slug}
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert _sent_to_totp(response)
    assert not hasattr(business, "payment_account") or business.payment_account is None


def test_assisted_assessment_needs_totp_of_the_programme_manager(client, business):
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    client.force_login(manager)
    overview = client.get(reverse("onboarding:business", args=[business.slug]))
    assert _sent_to_totp(overview)
    begun = client.post(reverse("onboarding:begin", args=[business.slug]))
    assert _sent_to_totp(begun)
    assert not Assessment.objects.exists()
    with_totp(manager)
    assert client.get(reverse("onboarding:business", args=[business.slug])).status_code == 200


def test_owner_assessment_needs_totp(client, business, owner):
    client.force_login(owner)
    assert _sent_to_totp(client.post(reverse("onboarding:begin", args=[business.slug])))
    assert not Assessment.objects.exists()


def test_programme_pages_need_totp_wherever_they_are_mounted(client):
    client.force_login(UserFactory(roles=[Role.PROGRAMME_MANAGER]))
    assert _sent_to_totp(client.get("/admin/programme/"))
    assert _sent_to_totp(client.get(reverse("payments:programme")))


def test_shoppers_are_never_asked(client):
    shopper = UserFactory(roles=[Role.SHOPPER])
    client.force_login(shopper)
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    assert client.get(reverse("payments:overview")).status_code == 200
    assert _token_client(shopper).get(VENDOR_API).status_code == 403  # not a member, not MFA
    assert _token_client(shopper).get(VENDOR_API).json()["errors"][0]["code"] != "mfa_required"


def test_the_rule_is_off_when_the_setting_is(settings, client, business, owner):
    settings.WORKSPACE_REQUIRE_MFA = False
    client.force_login(owner)
    assert client.get(business.get_absolute_url()).status_code == 200
    assert _token_client(owner).get(VENDOR_API).status_code == 200
