"""The seller workspace (Wagtail admin) for products: each vendor sees and edits only their own."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

from accounts.models import MembershipRole
from cms.services import site_sections_ensure, storefront_ensure
from marketplace import services
from marketplace.models import Product, ProductStatus
from tests.factories import BusinessFactory, vendor
from tests.marketplace.factories import ProductFactory, category, image_upload

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/marketplace/product/"


def _form(business, **overrides):
    data = {
        "business": business.pk,
        "category": category().pk,
        "name": "Cà phê trứng",
        "description": "Kem trứng đánh tay",
        "name_en": "",
        "description_en": "",
        "price": "55000",
        "stock": "12",
        "status": "active",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "8",
    }
    data.update(overrides)
    return data


@pytest.fixture
def shop():
    site_sections_ensure()
    business = BusinessFactory(trading_name="Cà Phê Sáng", can_take_payments=True)
    storefront_ensure(business=business)  # its collection, and image rights for its members
    return business


@pytest.fixture
def staff_client(client, shop):
    client.force_login(vendor(business=shop, role=MembershipRole.STAFF))
    return client


def test_list_shows_only_own_products(staff_client, shop):
    mine = ProductFactory(business=shop, name="Cà phê của tôi")
    ProductFactory(name="Bình gốm của shop khác")
    response = staff_client.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert mine.name in text
    assert "Bình gốm của shop khác" not in text


def test_other_shops_product_cannot_be_opened_or_changed(staff_client):
    other = ProductFactory(price=10_000)
    for view in ("edit", "history", "usage"):
        assert staff_client.get(f"{LIST}{view}/{other.pk}/").status_code == 404
    response = staff_client.post(f"{LIST}edit/{other.pk}/", _form(other.business, price="1"))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.price == 10_000


def test_business_choices_are_only_the_users_shops(staff_client, shop):
    BusinessFactory(trading_name="Shop Người Khác")
    response = staff_client.get(f"{LIST}add/")
    text = response.content.decode()
    assert "Cà Phê Sáng" in text
    assert "Shop Người Khác" not in text


def test_create_with_picture_through_the_service(staff_client, shop, django_user_model):
    user = django_user_model.objects.get(memberships__business=shop)
    # A picture stored with its metadata and name (before uploads were re-encoded), in the shop's
    # collection: re-encoded when the product is saved.
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    raw = image_upload(exif=exif.tobytes(), name="my-home.jpg")
    image = get_image_model()(title="x", uploaded_by_user=user, width=64, height=48)
    image.collection = services.business_collection_ensure(business=shop)
    image.file = SimpleUploadedFile("my-home.jpg", raw.read())
    image.save()
    raw.seek(0)
    with image.file.storage.open(image.file.name, "wb") as fh:
        fh.write(raw.read())
    get_image_model().objects.filter(pk=image.pk).update(reencoded=False)
    image.refresh_from_db()
    data = _form(
        shop,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image": str(image.pk),
            "images-0-alt_text": "Ly cà phê trứng",
            "images-0-ORDER": "1",
            "images-0-id": "",
            "images-0-DELETE": "",
        },
    )
    response = staff_client.post(f"{LIST}add/", data)
    assert response.status_code == 302, response.context["form"].errors
    product = Product.objects.get()
    assert (product.business, product.slug, product.price) == (shop, "ca-phe-trung", 55_000)
    assert product.status == ProductStatus.ACTIVE
    picture = product.images.get()
    assert picture.alt_text == "Ly cà phê trứng"
    picture.image.refresh_from_db()
    assert "my-home" not in picture.image.file.name
    with picture.image.file.open("rb") as fh:
        assert b"SecretCam" not in fh.read()
    with picture.image.file.open("rb") as fh, Image.open(io.BytesIO(fh.read())) as decoded:
        assert decoded.format == "JPEG"


def test_negative_stock_is_a_form_error(staff_client, shop):
    response = staff_client.post(f"{LIST}add/", _form(shop, stock="-1", price="abc"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "stock" in errors and "price" in errors
    assert not Product.objects.exists()


def test_chooser_shows_only_pictures_of_own_shop(staff_client, shop, django_user_model):
    own_user = django_user_model.objects.get(memberships__business=shop)
    stranger = vendor()
    for owner, title in ((own_user, "anh-cua-toi"), (stranger, "anh-nguoi-khac")):
        business = owner.memberships.get().business
        image = get_image_model()(title=title, uploaded_by_user=owner, width=64, height=48)
        image.collection = services.business_collection_ensure(business=business)
        image.file = image_upload()
        image.save()
    text = staff_client.get("/admin/images/chooser/").content.decode()
    assert "anh-cua-toi" in text
    assert "anh-nguoi-khac" not in text
