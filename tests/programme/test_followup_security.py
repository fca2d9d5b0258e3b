"""The follow-up list's access rules (security issue #13, item 14): the data-protection officer can
reach the list and unmask, and unmasking accepts only a business on the list shown."""

import pytest
from allauth.mfa.models import Authenticator

from accounts.roles import Role
from core.phones import format_phone
from privacy.models import AccessLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/programme/follow-up/"
LIST = URL + "?kind=assessed_no_payment"
REASON = "Owner asked for a call about e-payments"


@pytest.fixture
def officer_client(client):
    officer = UserFactory(roles=[Role.DATA_PROTECTION_OFFICER])
    client.force_login(officer)
    client.user = officer
    return client


def test_the_data_protection_officer_reaches_the_list_and_its_export(officer_client, city):
    response = officer_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert city.b2.trading_name in html
    assert "0903 *** 789" in html and "0903 123 789" not in html
    assert response.context["can_see_dashboard"] is False
    export = officer_client.get(URL + "export.csv", {"kind": "assessed_no_payment"})
    assert export.status_code == 200
    # The dashboard itself stays for programme managers.
    assert officer_client.get("/admin/programme/").status_code == 403


def test_the_data_protection_officer_unmasks_a_listed_business(officer_client, city):
    response = officer_client.post(LIST, {"business": city.b2.pk, "reason": REASON})
    assert response.status_code == 200
    assert "0903 123 789" in response.content.decode()
    assert [row["business"] for row in response.context["rows"] if row["unmasked"]] == [city.b2]
    log = AccessLog.objects.get()
    assert (log.actor, log.subject_id, log.reason) == (officer_client.user, str(city.b2.pk), REASON)


@pytest.mark.parametrize("who", ["b1", "b4", "inactive"])
def test_a_business_not_on_the_list_shown_is_not_unmasked(officer_client, city, who):
    target = getattr(city, who)  # ready, never assessed, inactive: not "assessed, no payment"
    response = officer_client.post(LIST, {"business": target.pk, "reason": REASON})
    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["unmask_form"].errors["business"] == [
        "Chỉ có thể xem đầy đủ thông tin của doanh nghiệp có trong danh sách đang hiển thị. "
        "Hãy tải lại danh sách rồi thử lại."
    ]
    assert format_phone(target.phone) not in html and target.owner_name not in html
    assert not AccessLog.objects.exists()


def test_the_list_filters_bound_what_can_be_unmasked(officer_client, city):
    # b6 is on the list, but not among the businesses of the ward filtered on.
    response = officer_client.post(
        LIST + f"&ward={city.b2.ward_id}", {"business": city.b6.pk, "reason": REASON}
    )
    assert response.status_code == 400
    assert not AccessLog.objects.exists()


def test_an_unknown_business_id_is_a_form_error_not_a_404(officer_client, city):
    response = officer_client.post(LIST, {"business": 987654321, "reason": REASON})
    assert response.status_code == 400
    assert not AccessLog.objects.exists()


def test_shoppers_and_vendors_cannot_reach_the_list(client, city):
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 403
    client.force_login(UserFactory(roles=[Role.VENDOR_OWNER]))
    assert client.post(LIST, {"business": city.b2.pk, "reason": REASON}).status_code == 403
    assert not AccessLog.objects.exists()


def test_officer_without_totp_is_sent_to_set_it_up_when_mfa_is_required(
    officer_client, city, settings
):
    settings.WORKSPACE_REQUIRE_MFA = True
    response = officer_client.post(LIST, {"business": city.b2.pk, "reason": REASON})
    assert response.status_code == 302 and "totp" in response.url
    assert not AccessLog.objects.exists()
    Authenticator.objects.create(
        user=officer_client.user, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert officer_client.post(LIST, {"business": city.b2.pk, "reason": REASON}).status_code == 200
