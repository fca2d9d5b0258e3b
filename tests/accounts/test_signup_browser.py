"""In Chromium on a phone: someone on the maturity check's start page registers their business;
the signup form already says "to sell", and the account is stored as a seller's."""

import pytest

from accounts.models import JoinedAs, User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_signup_from_the_start_page_is_a_seller_signup(page, live_server, mailoutbox):
    page.goto(f"{live_server.url}/vi/start/")
    page.get_by_role("link", name="Đăng ký doanh nghiệp").click()
    page.wait_for_load_state()
    assert "next=/vi/start/" in page.url
    seller = page.get_by_label("Để bán hàng cho cơ sở kinh doanh của tôi")
    assert seller.is_checked()
    assert not page.get_by_label("Để mua sắm").is_checked()

    page.locator("#id_email").fill("chu.quan@example.vn")
    page.locator("#id_password1").fill("Sg-2026-an-toan!")
    page.locator("#id_password2").fill("Sg-2026-an-toan!")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    user = User.objects.get(email="chu.quan@example.vn")
    assert user.joined_as == JoinedAs.SELLER
    assert len(mailoutbox) == 1


def test_a_shopper_can_change_the_preselected_answer(page, live_server):
    page.goto(f"{live_server.url}/en/accounts/signup/?next=/en/start/")
    page.get_by_label("To shop").check()
    page.locator("#id_email").fill("khach@example.vn")
    page.locator("#id_password1").fill("Sg-2026-an-toan!")
    page.locator("#id_password2").fill("Sg-2026-an-toan!")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert User.objects.get(email="khach@example.vn").joined_as == JoinedAs.SHOPPER
