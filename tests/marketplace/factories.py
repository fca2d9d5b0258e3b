"""Factories for the catalogue's models."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from marketplace.models import Category, Product, ProductStatus
from tests.factories import BusinessFactory


def category(slug: str = "ca-phe-tra") -> Category:
    """A category seeded by the data migration (default: Cà phê & trà)."""
    return Category.objects.get(slug=slug)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    business = factory.SubFactory(BusinessFactory, can_take_payments=True)
    category = factory.LazyFunction(category)
    name = factory.Sequence(lambda n: f"Cà phê sữa đá số {n}")
    slug = factory.Sequence(lambda n: f"ca-phe-sua-da-so-{n}")
    description = "Cà phê phin Robusta Buôn Ma Thuột, pha sẵn."
    price = 35_000
    stock = 10
    status = ProductStatus.ACTIVE


def image_upload(
    *, fmt: str = "JPEG", size=(64, 48), name: str = "photo.jpg", exif: bytes | None = None
) -> SimpleUploadedFile:
    """A small real picture, as a browser would upload it."""
    out = io.BytesIO()
    picture = Image.new("RGB", size, (200, 80, 40))
    kwargs = {"exif": exif} if exif else {}
    picture.save(out, fmt, **kwargs)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}.get(
        fmt, "application/octet-stream"
    )
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)
