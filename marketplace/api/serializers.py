"""Serializers of the catalogue API.

Public reads are built by plain functions (``product_card``, ``product_detail``): a list of 50 cards
is the hottest path of the site and DRF's field machinery costs more than the database there. The
serializer classes around them declare the same fields for the OpenAPI schema. Writes go through
``ProductWriteSerializer``, which refuses any field a vendor may not set instead of ignoring it.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from marketplace.models import Category, Product, ProductImage, ProductStatus
from marketplace.renditions import image_sources
from marketplace.selectors import category_by_key, rating


def _pick(vi: str, en: str, english: bool) -> str:
    return en if english and en else vi


def _image(product_image: ProductImage | None, *, kind: str) -> dict | None:
    if product_image is None:
        return None
    return {
        "id": product_image.pk,
        "alt": product_image.alt_text,
        **image_sources(product_image.image, kind=kind),
    }


def product_card(product: Product, *, english: bool) -> dict:
    """What a product card shows: name, price, shop, ward, category and the cover picture."""
    business = product.business
    ward = business.ward
    category = product.category
    return {
        "id": product.pk,
        "slug": product.slug,
        "name": _pick(product.name, product.name_en, english),
        "price": product.price,
        "currency": product.currency,
        "in_stock": product.stock > 0,
        "made_to_order": product.made_to_order,
        "category": {
            "id": category.pk,
            "slug": category.slug,
            "name": _pick(category.name, category.name_en, english),
        },
        "business": {"id": business.pk, "slug": business.slug, "name": business.trading_name},
        "ward": {"code": ward.code, "name": _pick(ward.full_name, ward.full_name_en, english)},
        "image": _image(product.first_image, kind="card"),
        "updated_at": product.updated_at.isoformat(),
        "rating": rating(product.rating_average, product.rating_count),
    }


def product_detail(product: Product, *, english: bool) -> dict:
    data = product_card(product, english=english)
    data.update(
        {
            "description": _pick(product.description, product.description_en, english),
            "stock": product.stock,
            "images": [_image(image, kind="detail") for image in product.images.all()],
            "created_at": product.created_at.isoformat(),
        }
    )
    return data


def is_english() -> bool:
    return (get_language() or "vi").startswith("en")


class ImageSourcesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    alt = serializers.CharField()
    src = serializers.CharField(help_text=_("JPEG rendition, or the original while it is made."))
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    srcset_webp = serializers.CharField()
    srcset_jpeg = serializers.CharField()


class _Ref(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class _WardRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RatingSerializer(serializers.Serializer):
    average = serializers.FloatField(
        allow_null=True, help_text=_("Average of the buyers' ratings, 1 to 5; null when none.")
    )
    count = serializers.IntegerField(help_text=_("How many buyers rated it."))


class ProductCardSerializer(serializers.Serializer):
    """A product as lists show it (names in the request's language, vi or en)."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    price = serializers.IntegerField(help_text=_("Whole đồng: 150000 is 150.000 ₫."))
    currency = serializers.CharField()
    in_stock = serializers.BooleanField()
    made_to_order = serializers.BooleanField()
    category = _Ref()
    business = _Ref()
    ward = _WardRef()
    image = ImageSourcesSerializer(allow_null=True)
    updated_at = serializers.DateTimeField()
    rating = RatingSerializer()

    def to_representation(self, instance):
        return product_card(instance, english=is_english())


class ProductDetailSerializer(ProductCardSerializer):
    description = serializers.CharField()
    stock = serializers.IntegerField()
    images = ImageSourcesSerializer(many=True)
    created_at = serializers.DateTimeField()

    def to_representation(self, instance):
        return product_detail(instance, english=is_english())


ORDERINGS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "price": ("price", "id"),
    "-price": ("-price", "-id"),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
}


class ProductQuerySerializer(serializers.Serializer):
    """Filters, search and ordering of the public product list; unknown values are a 400."""

    q = serializers.CharField(
        required=False,
        max_length=100,
        help_text=_("Words to find, with or without Vietnamese marks."),
    )
    category = serializers.CharField(
        required=False, help_text=_("Category slug or id; includes its subcategories.")
    )
    business = serializers.SlugField(required=False, help_text=_("Business slug."))
    ward = serializers.RegexField(r"^\d{5}$", required=False, help_text=_("Ward code."))
    price_min = serializers.IntegerField(required=False, min_value=0)
    price_max = serializers.IntegerField(required=False, min_value=0)
    in_stock = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("Only products in stock.")
    )
    ordering = serializers.ChoiceField(choices=list(ORDERINGS), required=False, default="newest")
    page = serializers.IntegerField(required=False, min_value=1, max_value=10_000)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)

    def validate_category(self, value):
        node = category_by_key(value)
        if node is None:
            raise serializers.ValidationError(_("There is no category “%(key)s”.") % {"key": value})
        return node

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: _("Unknown parameter.") for name in unknown}, code="unknown_parameter"
            )
        low, high = attrs.get("price_min"), attrs.get("price_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"price_max": _("The highest price must not be below the lowest.")}
            )
        return attrs


@extend_schema_field(OpenApiTypes.INT)
class VNDField(serializers.Field):
    """A whole number of đồng: 35000, never 35.000 or 35000.5 (those are refused, not guessed)."""

    default_error_messages = {
        "invalid": _("Enter a whole number of đồng, without dots or commas."),
        "negative": _("The value cannot be negative."),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, str) and data.strip().isdigit():
            data = int(data.strip())
        if not isinstance(data, int):
            self.fail("invalid")
        if data < 0:
            self.fail("negative")
        return data

    def to_representation(self, value):
        return value


@extend_schema_field(OpenApiTypes.STR)
class CategoryKeyField(serializers.Field):
    default_error_messages = {"unknown": _("There is no category “%(key)s”.")}

    def to_internal_value(self, data):
        node = category_by_key(str(data))
        if node is None:
            raise serializers.ValidationError(
                self.error_messages["unknown"] % {"key": data}, code="unknown_category"
            )
        return Category.objects.get(pk=node.id)

    def to_representation(self, value):
        return value.slug


class VendorImageSerializer(serializers.ModelSerializer):
    src = serializers.SerializerMethodField()

    class Meta:
        model = ProductImage
        fields = ["id", "alt_text", "sort_order", "src"]
        read_only_fields = ["id", "sort_order", "src"]

    def get_src(self, obj) -> str:
        return image_sources(obj.image, kind="card")["src"]


class ProductWriteSerializer(serializers.ModelSerializer):
    """A vendor's view of their product. ``business`` is chosen at creation only."""

    business = serializers.SlugField(
        required=False,
        help_text=_("Slug of one of your businesses; needed only if you have several."),
    )
    category = CategoryKeyField(help_text=_("Category slug or id."))
    price = VNDField(help_text=_("Whole đồng: 150000 is 150.000 ₫."))
    stock = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False)
    status = serializers.ChoiceField(choices=ProductStatus.choices, required=False)
    images = VendorImageSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "business",
            "category",
            "name",
            "name_en",
            "slug",
            "description",
            "description_en",
            "price",
            "currency",
            "stock",
            "made_to_order",
            "status",
            "images",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "slug", "currency", "images", "created_at", "updated_at"]
        validators = []  # the services own the rules; slugs are made unique there

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Send a JSON object of product fields.")]}
            )
        writable = {name for name, field in self.fields.items() if not field.read_only}
        if self.instance is not None:
            writable.discard("business")
        refused = sorted(set(data) - writable)
        if refused:
            raise serializers.ValidationError(
                {name: [_("This field cannot be set.")] for name in refused}
            )
        return super().to_internal_value(data)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["business"] = instance.business.slug
        data["category"] = instance.category.slug
        return data


class ImageUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("JPEG, PNG or WebP; at most 8 MB and 40 megapixels."))
    alt_text = serializers.CharField(required=False, allow_blank=True, max_length=255)


class ImageUpdateSerializer(serializers.Serializer):
    alt_text = serializers.CharField(allow_blank=True, max_length=255)


class ImageOrderSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Every picture id, cover first.")
    )


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    children = serializers.ListField(child=serializers.DictField())


class BusinessPublicSerializer(serializers.Serializer):
    """Public storefront facts only: no owner, tax code, phone, email or street address."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField(source="trading_name")
    business_type = serializers.CharField()
    sector = serializers.CharField()
    sector_name = serializers.CharField(source="get_sector_display")
    ward = serializers.SerializerMethodField()
    year_founded = serializers.IntegerField()
    accepts_online_payment = serializers.BooleanField(source="can_take_payments")

    def get_ward(self, obj) -> dict:
        english = is_english()
        return {
            "code": obj.ward.code,
            "name": _pick(obj.ward.full_name, obj.ward.full_name_en, english),
        }


@extend_schema_serializer(many=False)  # the list answers one page object, not an array of them
class ProductPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    page = serializers.IntegerField()
    results = ProductCardSerializer(many=True)


class TemplateQuerySerializer(serializers.Serializer):
    file_type = serializers.ChoiceField(choices=["csv", "xlsx"], default="csv")


class ExportQuerySerializer(TemplateQuerySerializer):
    business = serializers.SlugField(
        required=False, help_text=_("Slug of one of your businesses; needed if you have several.")
    )


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("CSV (UTF-8) or XLSX, at most 5 MB and 5000 rows."))
    file_type = serializers.ChoiceField(choices=["csv", "xlsx"], required=False)
    business = serializers.SlugField(required=False)
    dry_run = serializers.BooleanField(
        default=True, help_text=_("Check only (the default); send false to import.")
    )

    def validate(self, attrs):
        if "file_type" not in attrs:
            name = attrs["file"].name.lower()
            if not name.endswith((".csv", ".xlsx")):
                raise serializers.ValidationError(
                    {"file_type": _("Say whether the file is CSV or XLSX.")}
                )
            attrs["file_type"] = "xlsx" if name.endswith(".xlsx") else "csv"
        return attrs


class ImportReportSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    committed = serializers.BooleanField()
