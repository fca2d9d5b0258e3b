"""In Chromium on a phone (390x844): a shopper opens My privacy from the footer, downloads their
data and deletes their account; afterwards they cannot sign in and their order has no contact."""

import json
from pathlib import Path

import pytest

from accounts.models import User
from orders.models import OrderGroup, OrderStatus
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.orders.factories import placed_group

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, base, email):
    page.goto(f"{base}/vi/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_shopper_downloads_their_data_and_deletes_their_account(page, live_server, bread):
    shopper = UserFactory(email="mai.shopper@example.vn", first_name="Mai", last_name="Hoàng")
    group = placed_group(
        (bread, 1),
        user=shopper,
        email=shopper.email,
        phone="+84909876543",
        contact_name="Hoàng Mai",
    )
    group.orders.update(status=OrderStatus.COMPLETED)
    base = live_server.url

    _sign_in(page, base, shopper.email)
    page.goto(f"{base}/vi/")
    page.locator("footer").get_by_role("link", name="Quyền riêng tư của tôi").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Quyền riêng tư của tôi", level=1).is_visible()

    page.get_by_role("button", name="Chuẩn bị dữ liệu của tôi").click()
    page.wait_for_load_state()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải xuống (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "mai.shopper@example.vn"
    assert data["orders"]["orders"][0]["phone"] == "+84909876543"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Xoá tài khoản của tôi").last.click()
    page.wait_for_load_state()
    page.get_by_label("Mật khẩu của bạn").fill(DEFAULT_PASSWORD)
    page.get_by_label("Tôi hiểu rằng tài khoản bị xoá vĩnh viễn").check()
    page.get_by_role("button", name="Xoá vĩnh viễn tài khoản của tôi").click()
    page.wait_for_load_state()
    assert "Tài khoản của bạn đã được xoá" in page.locator("body").inner_text()

    assert not User.objects.filter(email="mai.shopper@example.vn").exists()
    assert OrderGroup.objects.get(pk=group.pk).phone == ""
    _sign_in(page, base, "mai.shopper@example.vn")
    assert "/accounts/login/" in page.url
