"""In Chromium, in Vietnamese: a page title makes a slug that keeps every letter, and a price typed
the Vietnamese way is saved as đồng and shown back grouped."""

import pytest
from django.test import Client
from playwright.sync_api import expect
from wagtail.models import Page

from accounts.models import MembershipRole
from cms import services as cms_services
from cms.models import GuideIndexPage
from marketplace.models import Product
from tests.cms.factories import ensure_site_tree
from tests.factories import BusinessFactory, UserFactory, vendor
from tests.marketplace.factories import category

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_vietnamese_title_makes_a_slug_with_every_letter(page, live_server):
    ensure_site_tree()
    cms_services.site_sections_ensure()
    guides = Page.objects.type(GuideIndexPage).filter(locale__language_code="vi").get()
    _sign_in(page, live_server, UserFactory(is_superuser=True, is_staff=True))
    page.goto(f"{live_server.url}/admin/pages/add/cms/guidepage/{guides.pk}/")
    page.fill("#id_title", "Cửa hàng nhỏ bán đồ gỗ Đà Lạt")
    page.press("#id_title", "Tab")
    # Wagtail copies the title into the slug when the title field loses focus.
    expect(page.locator("#id_slug")).to_have_value("cua-hang-nho-ban-do-go-da-lat")


def test_a_price_typed_the_vietnamese_way_is_saved_in_dong(page, live_server):
    shop = BusinessFactory(trading_name="Cà Phê Sáng", slug="ca-phe-sang")
    _sign_in(page, live_server, vendor(business=shop, role=MembershipRole.OWNER))
    page.goto(f"{live_server.url}/admin/snippets/marketplace/product/add/")
    assert page.get_attribute("#id_price", "type") == "text"
    assert page.get_attribute("#id_price", "inputmode") == "numeric"
    page.select_option("#id_category", str(category("ca-phe-tra").pk))
    page.fill("#id_name", "Cà phê trứng")
    page.fill("#id_price", "85.000")
    page.fill("#id_stock", "12")
    page.click("button.action-save")
    page.wait_for_url(f"{live_server.url}/admin/snippets/marketplace/product/**")
    product = Product.objects.get()
    assert product.price == 85_000
    page.goto(f"{live_server.url}/admin/snippets/marketplace/product/edit/{product.pk}/")
    assert page.input_value("#id_price") == "85.000"
