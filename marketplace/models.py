"""The catalogue: categories, products and their images.

A ``Product`` belongs to one ``accounts.Business`` (the vendor is first-class) and to one leaf or
top-level ``Category`` of a two-level tree. Prices are integers in the currency's smallest unit (VND
has none: 150000 means 150.000 ₫). ``search_text`` holds the name, description and category folded
to plain lower-case ASCII (``accounts.text.fold``) so that "ca phe" finds "cà phê" on SQLite and
PostgreSQL alike. What shoppers may see is decided in one place:
``marketplace.selectors.products_visible``.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.images import get_image_model_string
from wagtail.models import Collection, Orderable

from accounts.models import Business
from accounts.text import fold

MAX_IMAGES_PER_PRODUCT = 8
MAX_PRICE = 10_000_000_000  # 10 billion đồng: above any SME listing, far below bigint overflow
MAX_STOCK = 1_000_000


class Category(models.Model):
    """A node of the two-level category tree (seeded by a data migration)."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class Currency(models.TextChoices):
    VND = "VND", _("Vietnamese đồng")


class Product(ClusterableModel):
    """Something a business sells, with its price, stock and images."""

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="products", verbose_name=_("business")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, db_index=False)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    price = models.BigIntegerField(
        _("price"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PRICE)],
        help_text=_("In đồng, a whole number: 150000 is 150.000 ₫."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.VND
    )
    stock = models.IntegerField(
        _("stock"), default=0, validators=[MinValueValidator(0), MaxValueValidator(MAX_STOCK)]
    )
    low_stock_threshold = models.PositiveIntegerField(
        _("low stock alert at"),
        default=5,
        validators=[MaxValueValidator(MAX_STOCK)],
        help_text=_("The workspace home lists the product when its stock falls to this number."),
    )
    made_to_order = models.BooleanField(
        _("made to order"),
        default=False,
        help_text=_("Shown to shoppers even when the stock is zero."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ProductStatus.choices, default=ProductStatus.DRAFT
    )
    search_text = models.TextField(editable=False, default="")
    # Buyers' reviews, kept up to date by reviews.services on every review write (never summed
    # per page): the mean of the visible ratings to two decimals, and how many there are.
    rating_average = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False
    )
    rating_count = models.PositiveIntegerField(_("ratings"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="product_stock_non_negative"),
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_non_negative"),
            models.UniqueConstraint(fields=["business", "slug"], name="product_unique_slug"),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="product_status_new_idx"),
            models.Index(fields=["status", "price"], name="product_status_price_idx"),
            models.Index(fields=["status", "name"], name="product_status_name_idx"),
            models.Index(fields=["category", "status"], name="product_category_idx"),
            models.Index(fields=["business", "status"], name="product_business_idx"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        category = self.category if self.category_id else None
        parts = [self.name, self.name_en, self.description, self.description_en]
        if category is not None:
            parts += [category.name, category.name_en]
        return fold(" ".join(part for part in parts if part))

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    @property
    def display_description(self) -> str:
        if get_language() == "en" and self.description_en:
            return self.description_en
        return self.description

    @property
    def first_image(self):
        """The cover image: from the prefetch of the selectors, else one query."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "images" in cache:
            images = list(cache["images"])
            return images[0] if images else None
        return self.images.order_by("sort_order").first()


class ProductImage(Orderable):
    """One picture of a product; the first (lowest ``sort_order``) is the cover."""

    product = ParentalKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        get_image_model_string(),
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("image"),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the picture for people who cannot see it."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        indexes = [
            # A product's pictures in order, and its cover (the first) for the product cards.
            models.Index(fields=["product", "sort_order", "id"], name="productimage_order_idx"),
        ]

    def __str__(self):
        return self.alt_text or str(self.image)


class BusinessCollection(models.Model):
    """The Wagtail collection holding one business's pictures, linked by id: trading names are
    public and not unique, so a collection is never found by its name. Only the business's members
    hold rights on it (``cms.services`` grants them to the business's storefront group)."""

    business = models.OneToOneField(
        Business,
        on_delete=models.CASCADE,
        related_name="image_collection",
        verbose_name=_("business"),
    )
    collection = models.OneToOneField(
        Collection, on_delete=models.PROTECT, related_name="+", verbose_name=_("collection")
    )

    class Meta:
        verbose_name = _("business picture collection")
        verbose_name_plural = _("business picture collections")

    def __str__(self):
        return str(self.collection)


class CatalogueVersion(models.Model):
    """One row whose number every catalogue write increments in its own transaction.

    Cached public reads are keyed by it, so every app server sees a write at once, whatever the
    cache backend (local memory per process or Redis): a primary-key read per request buys a
    cache that is never stale.
    """

    number = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("catalogue version")

    def __str__(self):
        return str(self.number)
