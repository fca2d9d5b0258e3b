import io
import struct
import zlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from marketplace import services
from marketplace.models import MAX_IMAGES_PER_PRODUCT, Product, ProductImage, ProductStatus
from tests.factories import BusinessFactory
from tests.marketplace.factories import ProductFactory, category, image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the API tests check the Vietnamese default."""
    with translation.override("en"):
        yield


def huge_png(width=20000, height=20000) -> SimpleUploadedFile:
    """A valid PNG header claiming width×height pixels in a tiny file (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = zlib.compress(b"\x00" * 1024)

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    return SimpleUploadedFile("bomb.png", data, content_type="image/png")


def test_create_sets_slug_currency_and_draft():
    business = BusinessFactory()
    product = services.product_create(
        business=business, category=category(), name="  Cà phê muối Huế ", price=45_000
    )
    assert (product.name, product.slug, product.currency, product.status) == (
        "Cà phê muối Huế",
        "ca-phe-muoi-hue",
        "VND",
        ProductStatus.DRAFT,
    )
    again = services.product_create(
        business=business, category=category(), name="Cà phê muối Huế", price=1
    )
    assert again.slug == "ca-phe-muoi-hue-2"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"price": -1}, "price"),
        ({"price": 1.5}, "price"),
        ({"price": "35000"}, "price"),
        ({"price": True}, "price"),
        ({"price": 10**15}, "price"),
        ({"stock": -3}, "stock"),
        ({"name": "   "}, "name"),
        ({"category": "ca-phe-tra"}, "category"),
        ({"status": "deleted"}, "status"),
    ],
)
def test_create_rejects_bad_values_and_writes_nothing(changes, field):
    values = {"category": category(), "name": "Bánh pía", "price": 60_000, **changes}
    with pytest.raises(ValidationError) as info:
        services.product_create(business=BusinessFactory(), **values)
    assert field in info.value.message_dict
    assert Product.objects.count() == 0


def test_update_refuses_fields_a_vendor_may_not_change():
    product = ProductFactory(price=10_000)
    other = BusinessFactory()
    with pytest.raises(ValidationError) as info:
        services.product_update(product=product, business=other, price=20_000)
    assert info.value.message_dict == {"business": ["This field cannot be changed."]}
    product.refresh_from_db()
    assert (product.business_id, product.price) != (other.pk, 20_000)
    assert product.price == 10_000


def test_update_and_archive():
    product = ProductFactory(name="Trà sen", slug="tra-sen", price=10_000)
    services.product_update(product=product, name="Trà sen Tây Hồ", price=120_000, stock=0)
    product.refresh_from_db()
    # Renamed, the product keeps its address.
    assert (product.slug, product.price, product.stock) == ("tra-sen", 120_000, 0)
    assert "tra sen tay ho" in product.search_text
    services.product_archive(product=product)
    assert Product.objects.get(pk=product.pk).status == ProductStatus.ARCHIVED


def test_image_is_reencoded_without_exif_under_a_random_name():
    product = ProductFactory()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90°, applied before the metadata is dropped
    upload = image_upload(exif=exif.tobytes(), name="nha-toi-o-day.jpg")
    product_image = services.product_image_add(product=product, upload=upload, alt_text="Ly")
    stored = product_image.image
    assert "nha-toi" not in stored.file.name
    assert stored.file.name.endswith(".jpg")
    with stored.file.open("rb") as fh:
        data = fh.read()
    assert b"SecretCam" not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "JPEG"
        assert dict(picture.getexif()) == {}
        assert picture.size == (48, 64)
    assert (product_image.sort_order, product_image.alt_text) == (0, "Ly")


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(fmt):
    product_image = services.product_image_add(
        product=ProductFactory(), upload=image_upload(fmt=fmt, name="x.bin")
    )
    with product_image.image.file.open("rb") as fh, Image.open(fh) as picture:
        assert picture.format == fmt


def test_type_comes_from_content_not_the_name():
    upload = SimpleUploadedFile("photo.jpg", b"GIF89a" + b"\x00" * 100, content_type="image/jpeg")
    with pytest.raises(ValidationError) as info:
        services.product_image_add(product=ProductFactory(), upload=upload)
    assert info.value.message_dict["file"][0].startswith("This file is not a picture")


def test_gif_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    upload = SimpleUploadedFile("a.gif", out.getvalue(), content_type="image/gif")
    with pytest.raises(ValidationError):
        services.product_image_add(product=ProductFactory(), upload=upload)
    assert ProductImage.objects.count() == 0


def test_decompression_bomb_is_an_error():
    with pytest.raises(ValidationError) as info:
        services.product_image_add(product=ProductFactory(), upload=huge_png())
    assert "too many pixels" in info.value.message_dict["file"][0]
    assert ProductImage.objects.count() == 0


def test_oversize_file_is_refused(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError) as info:
        services.product_image_add(product=ProductFactory(), upload=image_upload(size=(300, 300)))
    assert "too large" in info.value.message_dict["file"][0]


def test_at_most_eight_pictures(settings, monkeypatch):
    monkeypatch.setattr(services, "image_renditions_generate", SimpleNamespace(enqueue=print))
    product = ProductFactory()
    for _ in range(MAX_IMAGES_PER_PRODUCT):
        services.product_image_add(product=product, upload=image_upload())
    with pytest.raises(ValidationError):
        services.product_image_add(product=product, upload=image_upload())
    assert product.images.count() == MAX_IMAGES_PER_PRODUCT


def test_reorder_and_delete_keep_positions_dense(monkeypatch):
    monkeypatch.setattr(services, "image_renditions_generate", SimpleNamespace(enqueue=print))
    product = ProductFactory()
    a, b, c = (services.product_image_add(product=product, upload=image_upload()) for _ in "abc")
    services.product_images_reorder(product=product, order=[c.pk, a.pk, b.pk])
    assert list(product.images.values_list("pk", "sort_order")) == [
        (c.pk, 0),
        (a.pk, 1),
        (b.pk, 2),
    ]
    with pytest.raises(ValidationError):
        services.product_images_reorder(product=product, order=[c.pk, a.pk])
    services.product_image_delete(product_image=c)
    assert list(product.images.values_list("pk", "sort_order")) == [(a.pk, 0), (b.pk, 1)]


def test_renditions_are_made_in_the_background_task(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product_image = services.product_image_add(product=ProductFactory(), upload=image_upload())
    specs = set(product_image.image.renditions.values_list("filter_spec", flat=True))
    assert "fill-320x320|format-webp" in specs
    assert "max-800x800|format-jpeg" in specs
