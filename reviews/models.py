"""Reviews by buyers who bought: one per order line (the product) and one per shop's order (the
shop), written only once the shop's order is completed.

A second review of the same line or order edits the first (the one-to-one keys). The shop replies
once to a product review. Anyone may report a review, once per person or browser; editors hide
or restore reported reviews in the workspace. A hidden review leaves the averages, which are
stored on ``marketplace.Product`` and ``accounts.Business`` by every write here
(``reviews.services``), never computed per page.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Business
from marketplace.models import Product
from orders.models import Order, OrderLine

MAX_PHOTOS = 3
MAX_TEXT = 2000
MAX_REPLY = 1000


class ProductReview(models.Model):
    """A buyer's rating of one product as bought on one order line."""

    line = models.OneToOneField(
        OrderLine, on_delete=models.CASCADE, related_name="review", verbose_name=_("order line")
    )
    # The product may be deleted later; the review stays with its shop and its line.
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        related_name="reviews",
        verbose_name=_("product"),
    )
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="product_reviews", verbose_name=_("shop")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # Shown instead of the email: the buyer's first name and the initial of the last.
    author_name = models.CharField(_("shown as"), max_length=80)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("review"), max_length=MAX_TEXT, blank=True)
    reply = models.TextField(_("shop's reply"), max_length=MAX_REPLY, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    hidden = models.BooleanField(_("hidden by an editor"), default=False)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("product review")
        verbose_name_plural = _("product reviews")
        ordering = ["-created_at", "-id"]
        permissions = [("moderate_review", _("Can hide and restore reported reviews"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="product_review_rating_range"
            )
        ]
        indexes = [
            models.Index(fields=["product", "hidden", "-created_at"], name="review_product_idx"),
            models.Index(fields=["business", "-created_at"], name="review_business_idx"),
        ]

    def __str__(self):
        return f"{self.rating}★ {self.line_id}"


class ReviewPhoto(models.Model):
    """A picture of a product review, stored as re-encoded by ``marketplace.images.clean_upload``
    (no metadata, random name)."""

    review = models.ForeignKey(ProductReview, on_delete=models.CASCADE, related_name="photos")
    file = models.ImageField(
        _("picture"), upload_to="reviews/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review picture")
        verbose_name_plural = _("review pictures")
        ordering = ["id"]

    def __str__(self):
        return self.file.name


class ShopReview(models.Model):
    """A buyer's rating of the shop for one of its orders."""

    order = models.OneToOneField(
        Order, on_delete=models.CASCADE, related_name="shop_review", verbose_name=_("order")
    )
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="shop_reviews", verbose_name=_("shop")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shop rating")
        verbose_name_plural = _("shop ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="shop_review_rating_range"
            )
        ]

    def __str__(self):
        return f"{self.rating}★ {self.order_id}"


class ReportReason(models.TextChoices):
    OFFENSIVE = "offensive", _("Offensive or abusive")
    FALSE = "false", _("False or misleading")
    PERSONAL = "personal", _("Shows personal information")
    SPAM = "spam", _("Advertising or spam")
    OTHER = "other", _("Something else")


class ReviewReport(models.Model):
    """Someone's report of a review; one per person (or browser session) and review."""

    review = models.ForeignKey(ProductReview, on_delete=models.CASCADE, related_name="reports")
    # "u<user id>" for a signed-in person, "s<hash of the session key>" for a visitor.
    reporter_key = models.CharField(max_length=80)
    reason = models.CharField(_("reason"), max_length=16, choices=ReportReason.choices)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "reporter_key"], name="review_report_once_per_reporter"
            )
        ]

    def __str__(self):
        return f"{self.review_id}: {self.reason}"
