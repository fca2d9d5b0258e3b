"""A vendor creates a product with a picture in the seller workspace, in Chromium."""

import pytest
from django.test import Client
from PIL import Image

from accounts.models import MembershipRole
from marketplace.models import Product, ProductStatus
from tests.factories import BusinessFactory, vendor
from tests.marketplace.factories import category

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def signed_in_vendor(page, live_server):
    shop = BusinessFactory(trading_name="Cà Phê Sáng", slug="ca-phe-sang")
    user = vendor(business=shop, role=MembershipRole.STAFF)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return shop


def test_vendor_creates_a_product_with_a_picture(page, live_server, signed_in_vendor, tmp_path):
    picture = tmp_path / "ly-ca-phe.jpg"
    Image.new("RGB", (900, 700), (120, 70, 30)).save(picture, "JPEG")
    page.goto(f"{live_server.url}/admin/snippets/marketplace/product/add/")
    page.select_option("#id_category", str(category("ca-phe-tra").pk))
    page.fill("#id_name", "Cà phê trứng")
    page.fill("#id_description", "Kem trứng đánh tay, cà phê phin.")
    page.fill("#id_price", "55000")
    page.fill("#id_stock", "12")
    page.select_option("#id_status", "active")

    page.click("#id_images-ADD")
    # The admin speaks Vietnamese: find Wagtail's controls by their markup, not their labels.
    page.click("#inline_child_images-0 button.chooser__choose-button")
    page.click("#tab-label-upload")
    page.set_input_files("#id_image-chooser-upload-file", str(picture))
    page.fill("#id_image-chooser-upload-title", "Ly cà phê trứng")
    page.click("#tab-upload button[type=submit]")
    page.wait_for_selector("#tab-upload", state="detached")
    page.fill("#id_images-0-alt_text", "Ly cà phê trứng trên bàn gỗ")
    page.click("button.action-save")
    page.wait_for_url(f"{live_server.url}/admin/snippets/marketplace/product/**")

    product = Product.objects.get()
    assert (product.business, product.name, product.price, product.stock) == (
        signed_in_vendor,
        "Cà phê trứng",
        55_000,
        12,
    )
    assert product.status == ProductStatus.ACTIVE
    cover = product.images.get()
    assert cover.alt_text == "Ly cà phê trứng trên bàn gỗ"
    assert "ly-ca-phe" not in cover.image.file.name  # re-encoded under a random name
    assert "Cà phê trứng" in page.content()
