"""Sharing a business profile with a city service: OAuth 2.0 code + PKCE with a real client
library (authlib) against the live test server, the consent screen, the API and revocation."""

import html
import re
from datetime import timedelta

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import AccessToken

from identity.models import SharingGrant
from identity.services import city_service_register
from privacy.models import AccessLog
from tests.factories import BusinessFactory, vendor

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "city-service-secret-0123456789abcdef"
REDIRECT = "http://127.0.0.1:9/callback"
BOTH = "openid business_profile:read"


def _service(scopes=("openid", "business_profile:read")):
    return city_service_register(
        name="Cổng dịch vụ công TP",
        organisation="Trung tâm Chuyển đổi số TP.HCM",
        redirect_uris=[REDIRECT],
        scopes=list(scopes),
        purpose_vi="Điền sẵn hồ sơ hỗ trợ doanh nghiệp nhỏ.",
        purpose_en="To prefill the small-business support application.",
        client_secret=SECRET,
    )


def _browser(live_server, user):
    """A browser signed in as ``user`` on the live server (session cookie from the test client)."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    session.headers["Accept-Language"] = "vi"
    return session


def _oauth(service, scope=BOTH):
    return OAuth2Session(
        service.application.client_id,
        SECRET,
        scope=scope,
        redirect_uri=REDIRECT,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_post",
    )


def _consent(live_server, browser, oauth):
    verifier = generate_token(48)
    url, _state = oauth.create_authorization_url(
        f"{live_server.url}/o/authorize/", code_verifier=verifier
    )
    return url, verifier, browser.get(url, allow_redirects=False)


def _answer(browser, url, page, *, allow, business=None):
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text
        )
    }
    if business is not None:
        fields["business"] = str(business.pk)
    fields["allow"] = "on" if allow else ""
    return browser.post(url, data=fields, allow_redirects=False)


def _token(live_server, browser, oauth, business):
    url, verifier, page = _consent(live_server, browser, oauth)
    answer = _answer(browser, url, page, allow=True, business=business)
    assert answer.status_code == 302, answer.text[:500]
    return oauth.fetch_token(
        f"{live_server.url}/o/token/",
        authorization_response=answer.headers["Location"],
        code_verifier=verifier,
    )


@pytest.fixture
def owner():
    user = vendor()
    return user, user.memberships.get().business


def test_code_pkce_flow_shares_exactly_the_agreed_profile_and_audits_it(live_server, owner):
    user, business = owner
    service = _service()
    browser = _browser(live_server, user)
    oauth = _oauth(service)
    url, verifier, page = _consent(live_server, browser, oauth)

    assert page.status_code == 200
    policy = dict(
        d.strip().split(" ", 1) for d in page.headers["Content-Security-Policy"].split(";")
    )
    assert "http://127.0.0.1:9" in policy["form-action"].split()  # the redirect after consent
    assert "Trung tâm Chuyển đổi số TP.HCM" in page.text
    assert "Điền sẵn hồ sơ hỗ trợ doanh nghiệp nhỏ." in page.text
    listed = re.search(r'<ul id="shared-fields">(.*?)</ul>', page.text, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == [
        "Tên pháp lý",
        "Tên thương mại",
        "Mã số thuế",
        "Loại hình kinh doanh",
        "Địa chỉ",
        "Phường, xã",
        "Ngành nghề",
        "Quy mô",
        "Năm thành lập",
        "Email doanh nghiệp",
    ]
    answer = _answer(browser, url, page, allow=True, business=business)
    token = oauth.fetch_token(
        f"{live_server.url}/o/token/",
        authorization_response=answer.headers["Location"],
        code_verifier=verifier,
    )
    assert token["expires_in"] == 300
    assert token["id_token"]

    response = oauth.get(f"{live_server.url}/api/v1/shared/business/")
    assert response.status_code == 200
    assert response.json() == {
        "id": business.pk,
        "legal_name": business.legal_name,
        "trading_name": business.trading_name,
        "tax_code": business.tax_code,
        "business_type": business.business_type,
        "street_address": business.street_address,
        "ward": {"code": business.ward_id, "name": business.ward.full_name},
        "sector": business.sector,
        "size_band": business.size_band,
        "year_founded": business.year_founded,
        "email": business.email,
    }
    log = AccessLog.objects.get()
    assert (log.actor, log.subject_id, log.reason) == (
        user,
        str(business.pk),
        "Shared with Trung tâm Chuyển đổi số TP.HCM (OAuth business_profile:read)",
    )
    assert oauth.get(f"{live_server.url}/api/v1/shared/business/{business.pk}/").status_code == 200
    assert AccessLog.objects.count() == 2  # every read


def test_refresh_tokens_are_rotated(live_server, owner):
    user, business = owner
    oauth = _oauth(_service())
    first = _token(live_server, _browser(live_server, user), oauth, business)
    second = oauth.refresh_token(
        f"{live_server.url}/o/token/", refresh_token=first["refresh_token"]
    )
    assert second["refresh_token"] != first["refresh_token"]
    reused = requests.post(
        f"{live_server.url}/o/token/",
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": oauth.client_id,
            "client_secret": SECRET,
        },
        timeout=10,
    )
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"


def test_refusing_shares_nothing(live_server, owner):
    user, business = owner
    service = _service()
    browser = _browser(live_server, user)
    url, _verifier, page = _consent(live_server, browser, _oauth(service))
    answer = _answer(browser, url, page, allow=False, business=business)
    assert answer.status_code == 302
    assert "error=access_denied" in answer.headers["Location"]
    assert SharingGrant.objects.count() == 0
    assert AccessToken.objects.count() == 0


def test_a_scope_the_service_was_not_allowed_gets_the_standard_error_and_no_consent(
    live_server, owner
):
    user, _business = owner
    service = _service(scopes=("openid",))
    _url, _verifier, page = _consent(live_server, _browser(live_server, user), _oauth(service))
    assert page.status_code == 302
    assert page.headers["Location"].startswith(REDIRECT + "?")
    assert "error=invalid_scope" in page.headers["Location"]
    assert SharingGrant.objects.count() == 0


def test_the_owner_sees_and_revokes_the_permission(live_server, owner):
    user, business = owner
    oauth = _oauth(_service())
    _token(live_server, _browser(live_server, user), oauth, business)
    site = Client()
    site.force_login(user)
    centre = site.get("/vi/me/privacy/").content.decode()
    assert "Trung tâm Chuyển đổi số TP.HCM" in centre
    grant = SharingGrant.objects.get()
    assert grant.business == business
    response = site.post(f"/identity/grants/{grant.pk}/revoke/")
    assert response.status_code == 302
    assert oauth.get(f"{live_server.url}/api/v1/shared/business/").status_code == 401
    assert "Trung tâm Chuyển đổi số TP.HCM" not in site.get("/vi/me/privacy/").content.decode()
    assert site.post(f"/identity/grants/{grant.pk}/revoke/").status_code == 302  # twice: a message


def test_an_expired_token_reads_nothing(live_server, owner):
    user, business = owner
    oauth = _oauth(_service())
    _token(live_server, _browser(live_server, user), oauth, business)
    AccessToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    response = oauth.get(f"{live_server.url}/api/v1/shared/business/")
    assert response.status_code == 401
    assert AccessLog.objects.count() == 0


def test_another_business_is_not_found(live_server, owner):
    user, business = owner
    own_second = BusinessFactory()
    user.memberships.create(business=own_second, role="owner")
    stranger = BusinessFactory()
    oauth = _oauth(_service())
    _token(live_server, _browser(live_server, user), oauth, business)
    for other in (own_second, stranger):
        response = oauth.get(f"{live_server.url}/api/v1/shared/business/{other.pk}/")
        assert response.status_code == 404
    assert AccessLog.objects.count() == 0


def test_a_token_without_the_profile_scope_is_refused(live_server, owner):
    user, business = owner
    oauth = _oauth(_service(), scope="openid")
    token = _token(live_server, _browser(live_server, user), oauth, None)
    assert token["access_token"]
    assert oauth.get(f"{live_server.url}/api/v1/shared/business/").status_code == 403
    assert SharingGrant.objects.count() == 0


def test_a_service_cannot_be_registered_with_an_unknown_scope():
    with pytest.raises(ValueError, match="Unknown scopes: business_profile:write"):
        _service(scopes=("openid", "business_profile:write"))
