"""In Chromium on a phone (390x844): a shopper opens My privacy from the footer, downloads their
data and deletes their account (Vietnamese); afterwards they cannot sign in and their order has no
contact. A business owner does the same in English, with the business's consents and shop."""

import json
from pathlib import Path

import pytest

from accounts.models import Business, User
from orders.models import Order, OrderGroup, OrderStatus
from payments.models import PaymentAccount
from privacy import selectors
from privacy.models import ConsentPurpose
from tests.factories import DEFAULT_PASSWORD, BusinessFactory, MembershipFactory, UserFactory
from tests.marketplace.factories import ProductFactory
from tests.orders.factories import placed_group

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, base, email, language="vi"):
    page.goto(f"{base}/{language}/accounts/login/")
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


def test_a_business_owner_exercises_their_rights_in_english(page, live_server, settings, tmp_path):
    """The owner ticks the programme purpose on the business profile, withdraws it on My privacy,
    downloads their data (the business with its tax code), is refused deletion while an order to
    their shop is open, then deletes the account, which closes the shop."""
    settings.WORKSPACE_REQUIRE_MFA = False
    owner = UserFactory(email="lan.owner@example.vn", first_name="Lan", last_name="Nguyễn")
    business = BusinessFactory(trading_name="Tiệm Gốm Lan", can_take_payments=True)
    MembershipFactory(user=owner, business=business)
    PaymentAccount.objects.create(
        business=business, provider="sandbox", provider_account_id="sbx_lan", state="ready"
    )
    vase = ProductFactory(business=business, name="Bình gốm", price=150_000, stock=5)
    shop_order = placed_group((vase, 1), email="buyer@example.vn").orders.get()
    base = live_server.url

    _sign_in(page, base, owner.email, language="en")
    page.goto(f"{base}/en/me/business/{business.slug}/edit/")
    sharing = page.get_by_label("Sharing my business profile with the city's support programme")
    assert not sharing.is_checked()
    assert not page.get_by_label(
        "Using my assessment answers in the programme's research"
    ).is_checked()
    sharing.check()
    page.locator("#privacy-choices").screenshot(
        path=str(tmp_path / "owner-profile-consents-390.png")
    )
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    assert selectors.consent_active(purpose=ConsentPurpose.PROGRAMME, business_id=business.pk)

    page.goto(f"{base}/en/me/")
    page.get_by_role("link", name="My privacy").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="My privacy", level=1).is_visible()
    marker = page.locator(f'[data-consent="programme-{business.pk}"]')
    assert marker.inner_text() == "On"
    page.locator("form", has=marker).get_by_role("button", name="Withdraw").click()
    page.wait_for_load_state()
    assert page.locator(f'[data-consent="programme-{business.pk}"]').inner_text() == "Off"
    assert not selectors.consent_active(purpose=ConsentPurpose.PROGRAMME, business_id=business.pk)

    page.get_by_role("button", name="Prepare my data").click()
    page.wait_for_load_state()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["businesses"][0]["tax_code"] == business.tax_code
    assert data["businesses"][0]["trading_name"] == "Tiệm Gốm Lan"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Delete my account").last.click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert")
    assert shop_order.number in alert.inner_text() and "Tiệm Gốm Lan" in alert.inner_text()
    assert page.get_by_role("button", name="Delete my account for good").count() == 0

    Order.objects.filter(pk=shop_order.pk).update(status=OrderStatus.COMPLETED)
    page.reload()
    page.get_by_label("Your password").fill(DEFAULT_PASSWORD)
    page.get_by_label("I understand that my account is deleted for good").check()
    page.get_by_role("button", name="Delete my account for good").click()
    page.wait_for_load_state()
    assert "Your account is deleted" in page.locator("body").inner_text()
    assert not Business.objects.get(pk=business.pk).is_active
    assert not User.objects.filter(email="lan.owner@example.vn").exists()
