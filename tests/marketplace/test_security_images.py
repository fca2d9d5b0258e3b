"""Security issue #13 (pictures): each test reproduces an attack from the outside test and checks
that it now fails safely (a 4xx or form error with a clear message, and nothing changed)."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image, ImageFile, JpegImagePlugin
from wagtail.images import get_image_model

from accounts.models import MembershipRole
from cms import services as cms_services
from cms.models import StorefrontPage
from marketplace import images as image_rules
from marketplace import services
from marketplace.models import BusinessCollection, Product, ProductImage
from tests.factories import BusinessFactory, vendor
from tests.marketplace.conftest import token_client
from tests.marketplace.factories import ProductFactory, category, image_upload
from tests.marketplace.test_workspace import LIST, _form

pytestmark = pytest.mark.django_db

VENDOR = "/api/v1/vendor/products/"


def gps_jpeg(name: str = "photo.jpg", size=(64, 48)) -> SimpleUploadedFile:
    """A JPEG from a phone: camera make and a GPS position in its EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (10.0, 46.0, 30.0), 3: "E", 4: (106.0, 41.0, 50.0)})
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png_header_only(width: int, height: int, *, bit_depth=8, colour_type=0) -> SimpleUploadedFile:
    """A tiny PNG whose header claims ``width``×``height`` pixels (zero rows, highly compressible)."""
    row_bytes = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type] * width * bit_depth // 8 + 1
    raw = zlib.compress(b"\x00" * (row_bytes * height), 9)

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    body = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    return SimpleUploadedFile("bomb.png", body, content_type="image/png")


def stored_bytes(image) -> bytes:
    image.refresh_from_db()
    with image.file.open("rb") as fh:
        return fh.read()


def has_metadata(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as picture:
        return bool(dict(picture.getexif())) or "exif" in picture.info or b"SecretCam" in data


@pytest.fixture
def sections(db):
    return cms_services.site_sections_ensure()


@pytest.fixture
def shop_a(sections):
    business = BusinessFactory(
        trading_name="Cà Phê Sáng", slug="ca-phe-sang", can_take_payments=True
    )
    cms_services.storefront_ensure(business=business)
    return business


@pytest.fixture
def shop_b(sections):
    business = BusinessFactory(trading_name="Gốm Lái Thiêu", slug="gom", can_take_payments=True)
    cms_services.storefront_ensure(business=business)
    return business


@pytest.fixture
def member_a(shop_a):
    return vendor(business=shop_a, role=MembershipRole.STAFF)


@pytest.fixture
def banner_b(shop_b):
    """Shop B's storefront banner, uploaded by B's owner into B's collection."""
    owner = vendor(business=shop_b)
    product = ProductFactory(business=shop_b)
    picture = services.product_image_add(product=product, upload=image_upload(), uploaded_by=owner)
    image = picture.image
    picture.delete()
    StorefrontPage.objects.filter(business=shop_b).update(banner=image)
    return image


# --- 1. Another shop's picture ids are refused; deleting a picture spares what others use ----------


def test_workspace_product_form_refuses_another_shops_picture(client, shop_a, member_a, banner_b):
    client.force_login(member_a)
    data = _form(
        shop_a,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image": str(banner_b.pk),
            "images-0-alt_text": "not mine",
            "images-0-ORDER": "1",
            "images-0-id": "",
            "images-0-DELETE": "",
        },
    )
    response = client.post(f"{LIST}add/", data)
    assert response.status_code == 200
    assert not Product.objects.filter(business=shop_a).exists()
    assert not ProductImage.objects.filter(image=banner_b).exists()


def test_api_delete_of_a_picture_spares_the_image_another_shop_uses(shop_a, member_a, banner_b):
    """The state the old form allowed: shop A's product points at shop B's banner."""
    product = ProductFactory(business=shop_a)
    picture = ProductImage.objects.create(product=product, image=banner_b, sort_order=0)
    response = token_client(member_a).delete(f"{VENDOR}{product.pk}/images/{picture.pk}/")
    assert response.status_code == 204
    assert not ProductImage.objects.filter(pk=picture.pk).exists()
    assert get_image_model().objects.filter(pk=banner_b.pk).exists()


def test_api_delete_spares_an_own_image_the_storefront_also_uses(shop_a, member_a):
    product = ProductFactory(business=shop_a)
    picture = services.product_image_add(product=product, upload=image_upload())
    StorefrontPage.objects.filter(business=shop_a).update(logo=picture.image)
    response = token_client(member_a).delete(f"{VENDOR}{product.pk}/images/{picture.pk}/")
    assert response.status_code == 204
    assert get_image_model().objects.filter(pk=picture.image_id).exists()


def test_api_delete_removes_an_own_unshared_image(shop_a, member_a):
    product = ProductFactory(business=shop_a)
    picture = services.product_image_add(product=product, upload=image_upload())
    response = token_client(member_a).delete(f"{VENDOR}{product.pk}/images/{picture.pk}/")
    assert response.status_code == 204
    assert not get_image_model().objects.filter(pk=picture.image_id).exists()


def test_api_uploads_land_in_the_business_collection(shop_a, member_a):
    product = ProductFactory(business=shop_a)
    response = token_client(member_a).post(
        f"{VENDOR}{product.pk}/images/", {"file": image_upload()}, format="multipart"
    )
    assert response.status_code == 201
    image = ProductImage.objects.get(pk=response.json()["id"]).image
    assert image.collection_id == BusinessCollection.objects.get(business=shop_a).collection_id


# --- 9. Choosers list only what the user may see --------------------------------------------------


def test_image_chooser_lists_only_the_own_business_collection(client, shop_a, member_a, banner_b):
    own = services.product_image_add(
        product=ProductFactory(business=shop_a), upload=image_upload(), alt_text="anh-cua-toi"
    ).image
    own.title = "anh-cua-toi"
    own.save()
    banner_b.title = "bia-shop-khac"
    banner_b.save()
    client.force_login(member_a)
    text = client.get("/admin/images/chooser/").content.decode()
    assert "anh-cua-toi" in text
    assert "bia-shop-khac" not in text
    assert client.get(f"/admin/images/chooser/{banner_b.pk}/").status_code in (403, 404)


def test_product_chooser_lists_only_own_products(client, shop_a, member_a, shop_b):
    ProductFactory(business=shop_a, name="Cà phê của tôi")
    other = ProductFactory(business=shop_b, name="Bình gốm nháp", status="draft")
    client.force_login(member_a)
    text = client.get("/admin/snippets/choose/marketplace/product/").json()["html"]
    assert "Cà phê của tôi" in text
    assert "Bình gốm nháp" not in text
    results = client.get("/admin/snippets/choose/marketplace/product/results/?q=gom")
    assert "Bình gốm nháp" not in results.content.decode()
    assert (
        "Bình gốm"
        not in client.get("/admin/snippets/choose/marketplace/product/results/").content.decode()
    )
    chosen = client.get(f"/admin/snippets/choose/marketplace/product/chosen/{other.pk}/")
    assert chosen.status_code == 404


# --- 4. Small uploads cannot take the server down -------------------------------------------------


def test_png_whose_header_claims_20_megapixels_is_refused_before_decoding(monkeypatch):
    def no_decoding(self):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    upload = png_header_only(5000, 4000)
    assert upload.size < 100_000
    with pytest.raises(Exception) as info:
        image_rules.clean_upload(upload)
    assert info.value.error_dict["file"][0].code == "too_many_pixels"


def test_16_bit_png_is_refused_before_decoding(monkeypatch):
    def no_decoding(self):
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(Exception) as info:
        image_rules.clean_upload(png_header_only(100, 100, bit_depth=16, colour_type=2))
    assert info.value.error_dict["file"][0].code == "unsupported_depth"


def test_large_jpeg_is_decoded_reduced_and_stored_at_most_2560_pixels(monkeypatch):
    drafts = []
    original = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        result = original(self, mode, size)
        drafts.append(result)
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    out = io.BytesIO()
    Image.new("RGB", (6000, 4000), (10, 20, 30)).save(out, "JPEG", quality=50)
    clean = image_rules.clean_upload(SimpleUploadedFile("big.jpg", out.getvalue()))
    assert (clean.width, clean.height) == (2560, 1707)
    assert any(result is not None for result in drafts)  # decoded at a reduced scale


def test_picture_is_decoded_outside_the_transaction_that_locks_the_product(monkeypatch):
    depth_at_start = len(connection.atomic_blocks)
    depths = []
    clean_upload = services.clean_upload

    def spy(upload):
        depths.append(len(connection.atomic_blocks))
        return clean_upload(upload)

    monkeypatch.setattr(services, "clean_upload", spy)
    services.product_image_add(product=ProductFactory(), upload=image_upload())
    assert depths == [depth_at_start]


def upload_rate(settings, rate: str) -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "uploads": rate},
    }


def test_api_picture_uploads_are_throttled_per_user(settings, shop_a, member_a):
    upload_rate(settings, "2/hour")
    product = ProductFactory(business=shop_a)
    api = token_client(member_a)
    for _ in range(2):
        response = api.post(
            f"{VENDOR}{product.pk}/images/", {"file": image_upload()}, format="multipart"
        )
        assert response.status_code == 201
    response = api.post(
        f"{VENDOR}{product.pk}/images/", {"file": image_upload()}, format="multipart"
    )
    assert response.status_code == 429
    assert response["Retry-After"]
    assert response.json()["errors"][0]["code"] == "throttled"
    assert product.images.count() == 2


def test_wagtail_picture_uploads_are_throttled_per_user(settings, client, shop_a, member_a):
    upload_rate(settings, "1/hour")
    client.force_login(member_a)
    first = client.post(
        "/admin/images/chooser/create/",
        {"image-chooser-upload-title": "a", "image-chooser-upload-file": image_upload()},
    )
    assert first.status_code == 200
    assert get_image_model().objects.count() == 1
    second = client.post(
        "/admin/images/chooser/create/",
        {"image-chooser-upload-title": "b", "image-chooser-upload-file": image_upload()},
    )
    assert second.status_code == 200
    assert get_image_model().objects.count() == 1


# --- 5. No GPS position is published -------------------------------------------------------------


def test_workspace_save_strips_a_picture_whose_name_is_32_hex_digits(client, shop_a, member_a):
    """A picture stored with metadata under a name that looks re-encoded is still re-encoded."""
    image = get_image_model()(title="x", uploaded_by_user=member_a, width=64, height=48)
    image.collection = BusinessCollection.objects.get(business=shop_a).collection
    image.file = gps_jpeg(name="0123456789abcdef0123456789abcdef.jpg")
    image._set_image_file_metadata()
    image.save()
    client.force_login(member_a)
    data = _form(
        shop_a,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image": str(image.pk),
            "images-0-alt_text": "",
            "images-0-ORDER": "1",
            "images-0-id": "",
            "images-0-DELETE": "",
        },
    )
    response = client.post(f"{LIST}add/", data)
    assert response.status_code == 302
    assert not has_metadata(stored_bytes(image))


def test_api_upload_strips_gps_and_renditions_carry_none(shop_a, member_a):
    product = ProductFactory(business=shop_a, category=category())
    response = token_client(member_a).post(
        f"{VENDOR}{product.pk}/images/", {"file": gps_jpeg()}, format="multipart"
    )
    assert response.status_code == 201
    image = ProductImage.objects.get(pk=response.json()["id"]).image
    assert not has_metadata(stored_bytes(image))
    for spec in ("fill-320x320|format-jpeg", "max-800x800|format-webp", "width-100"):
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as fh:
            assert not has_metadata(fh.read())
