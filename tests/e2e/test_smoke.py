"""Browser smoke test: the home page in both languages on a phone, and signup errors shown."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_in_vietnamese_and_english_on_a_phone(page, live_server):
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/vi/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("link", name="Đăng ký").first.is_visible()
    page.get_by_role("button", name="Đổi ngôn ngữ: English").click()
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Sign up").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_signup_form_shows_errors(page, live_server):
    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.locator("#id_email").fill("moi@example.vn")
    page.locator("#id_password1").fill("123")
    page.locator("#id_password2").fill("456")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "This password is too short" in text or "same password" in text
    assert page.locator("#id_email").input_value() == "moi@example.vn"
