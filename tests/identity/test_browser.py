"""In a browser: sign up and sign in with the city's account (loopback oidc-provider), then the
business profile form filled from the city's claims and the enterprise register."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = (
    Path(__file__).resolve().parents[2] / "registry" / "fixtures" / "enterprise_register_sample.csv"
)
SHOTS = Path("/tmp/h7/shots")


def _shot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _city(page, person):
    page.fill("#login", person)
    page.click("button[type=submit]")


def test_sign_up_then_sign_in_with_the_city_account(page, live_server, city_settings_live):
    call_command("import_enterprise_register", str(SAMPLE), "--date", "2026-11-30", verbosity=0)
    page.goto(f"{live_server.url}/vi/accounts/signup/?next=/vi/me/business/new/")
    _shot(page, "signup-vi")
    page.get_by_role(
        "button", name="Đăng nhập bằng tài khoản công dân / doanh nghiệp của Thành phố"
    ).click()
    _city(page, "an")
    page.wait_for_url(f"{live_server.url}/vi/accounts/3rdparty/signup/**")
    assert page.input_value("input[name=email]") == "an@city.example"
    page.check("input[name=joined_as][value=seller]")
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(f"{live_server.url}/vi/me/business/new/")
    assert User.objects.get().email == "an@city.example"

    # What the city sent, then what the register knows for that tax code.
    page.wait_for_selector("#register-source:not([hidden])")
    assert page.input_value("input[name=owner_name]") == "Nguyễn Văn An"
    assert page.input_value("input[name=tax_code]") == "0314409058"
    assert page.input_value("input[name=legal_name]") == "CÔNG TY TNHH CÀ PHÊ AN NGUYÊN"
    assert page.input_value("input[name=street_address]") == "12 Lê Lợi"
    assert page.input_value("select[name=ward]") == "26743"
    assert "sổ đăng ký doanh nghiệp của Thành phố" in page.inner_text("#register-source")
    _shot(page, "business-form-filled-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    _shot(page, "business-form-filled-1280")

    # Out, and back in with the same city account: no second signup.
    page.goto(f"{live_server.url}/en/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()
    page.goto(f"{live_server.url}/en/accounts/login/")
    _shot(page, "login-en")
    page.get_by_role("button", name="Sign in with your city citizen / business account").click()
    # The city remembers its own session (single sign-on): straight back, signed in (the callback
    # has no language prefix: the account page opens in the language the browser last chose).
    page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/(vi|en)/me/$"))
    assert "an@city.example" in page.content()
    assert User.objects.count() == 1
