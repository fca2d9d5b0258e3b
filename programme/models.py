"""The city's targets for the digital-transformation programme, as data managers edit.

A ``Target`` says what share (or amount) an indicator should reach by a year, and which decision or
plan sets it. The dashboard draws the targets of the indicators it measures beside the measured
values; targets of city-wide indicators the platform cannot measure (the digital economy's share of
GRDP, e-commerce's share of retail) are listed as context.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Business, Ward


class Indicator(models.TextChoices):
    """Indicator codes: the ones computed from the platform's records, then city-wide ones."""

    REGISTERED = "registered", _("Registered SMEs")
    ASSESSED = "assessed", _("Share with a completed assessment")
    REASSESSED = "reassessed", _("Share of assessed businesses re-assessed")
    PAYMENT_READY = "payment_ready", _("Share with an e-payment account ready")
    SELLING_ONLINE = "selling_online", _("Share selling online here")
    FIRST_SALE = "first_sale", _("Share with a paid order")
    DIGITAL_PLATFORMS = "digital_platforms", _("Share of SMEs using digital platforms")
    MEAN_SCORE = "mean_score", _("Mean maturity score")
    MEDIAN_SCORE = "median_score", _("Median maturity score")
    LEVEL3_PLUS = "level3_plus", _("Share at level L3 or above")
    ELECTRONIC_SHARE = "electronic_share", _("Electronic share of sales")
    DIGITAL_ECONOMY_GRDP = "digital_economy_grdp", _("Digital economy share of GRDP (city-wide)")
    ECOMMERCE_RETAIL = "ecommerce_retail", _("E-commerce share of retail sales (city-wide)")


# Indicators the platform cannot measure from its own records: shown as context only.
CITY_WIDE = frozenset({Indicator.DIGITAL_ECONOMY_GRDP, Indicator.ECOMMERCE_RETAIL})


class Target(models.Model):
    """What an indicator should reach by the end of ``year`` (a percentage unless it is a count or
    a score)."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    indicator = models.CharField(_("indicator"), max_length=32, choices=Indicator.choices)
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text=_("A percentage for shares (60 means 60%), a count or a score otherwise."),
    )
    source = models.CharField(
        _("source"), max_length=255, help_text=_("The decision or plan that sets the target.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_year"),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} {self.year}: {self.value}"


class BusinessFacts(models.Model):
    """One row per business with what the dashboard groups over, kept current by
    ``programme.services.business_facts_refresh`` (after each write, and in full on a schedule).

    Pre-joined so that every figure is one scan of a narrow table, whatever the number of
    assessments, products or orders behind it. Holds no personal field.
    """

    business = models.OneToOneField(
        Business, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="+")
    former_district = models.CharField(max_length=255)
    sector = models.CharField(max_length=1)
    size_band = models.CharField(max_length=8)
    business_type = models.CharField(max_length=16)
    is_active = models.BooleanField()
    joined_at = models.DateTimeField()
    assessments = models.PositiveIntegerField(default=0)
    first_assessed_at = models.DateTimeField(null=True)
    latest_overall = models.FloatField(null=True)
    latest_level = models.CharField(max_length=4, blank=True)
    latest_digital = models.BooleanField(default=False)
    t0_overall = models.FloatField(null=True)
    t0_level = models.CharField(max_length=4, blank=True)
    latest_s = models.FloatField(null=True)
    latest_e = models.FloatField(null=True)
    latest_p = models.FloatField(null=True)
    latest_o = models.FloatField(null=True)
    latest_c = models.FloatField(null=True)
    latest_h = models.FloatField(null=True)
    t0_s = models.FloatField(null=True)
    t0_e = models.FloatField(null=True)
    t0_p = models.FloatField(null=True)
    t0_o = models.FloatField(null=True)
    t0_c = models.FloatField(null=True)
    t0_h = models.FloatField(null=True)
    payment_ready = models.BooleanField(default=False)
    payment_ready_at = models.DateTimeField(null=True)
    storefront_live = models.BooleanField(default=False)
    # At least one product a shopper can see (marketplace.selectors.visible_q).
    has_visible_product = models.BooleanField(default=False)
    first_sale_at = models.DateTimeField(null=True)
    # Orders whose money was received, refunds deducted (VND): all, and settled electronically.
    sales_value = models.BigIntegerField(default=0)
    electronic_value = models.BigIntegerField(default=0)
    # Months ("YYYY-MM", city time) of the dates above, so trends group on a plain column.
    joined_month = models.CharField(max_length=7, default="")
    first_assessed_month = models.CharField(max_length=7, blank=True)
    payment_ready_month = models.CharField(max_length=7, blank=True)
    first_sale_month = models.CharField(max_length=7, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("business facts")
        verbose_name_plural = _("business facts")
        indexes = [
            models.Index(fields=["is_active", "ward"], name="facts_ward_idx"),
            models.Index(fields=["is_active", "sector"], name="facts_sector_idx"),
            models.Index(fields=["is_active", "size_band"], name="facts_size_idx"),
            models.Index(fields=["is_active", "joined_at"], name="facts_joined_idx"),
            models.Index(fields=["is_active", "latest_overall"], name="facts_score_idx"),
        ]

    def __str__(self):
        return f"facts of business {self.business_id}"


class SalesMonth(models.Model):
    """A business's sales in one month (city time) of receiving the money: all, and electronic.

    Beside ``BusinessFacts`` (which holds the totals) so the electronic share of sales reads by
    month of sale rather than by month of joining; rewritten with its business's facts."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    month = models.CharField(max_length=7)
    sales_value = models.BigIntegerField()
    electronic_value = models.BigIntegerField()

    class Meta:
        verbose_name = _("sales of a month")
        verbose_name_plural = _("sales by month")
        constraints = [
            models.UniqueConstraint(fields=["business", "month"], name="sales_month_unique"),
        ]
        indexes = [models.Index(fields=["month"], name="sales_month_idx")]

    def __str__(self):
        return f"sales of business {self.business_id} in {self.month}"


class FactsTally(models.Model):
    """One additive total of the active businesses' facts (``programme.tallies``): a count, a
    sum, or a mean's sum or count, for one value of one grouping (``city`` has one, empty key).

    Kept by difference on each business's refresh, so the city-wide dashboard reads a few
    thousand rows instead of a million; rebuilt from the facts by the scheduled job."""

    grouping = models.CharField(max_length=40)
    key = models.CharField(max_length=255, blank=True)
    measure = models.CharField(max_length=60)
    amount = models.DecimalField(max_digits=28, decimal_places=6)

    class Meta:
        verbose_name = _("facts tally")
        verbose_name_plural = _("facts tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["grouping", "key", "measure"], name="facts_tally_unique"
            ),
        ]

    def __str__(self):
        return f"{self.grouping} {self.key} {self.measure}: {self.amount}"


class OpenDataSnapshot(models.Model):
    """One published file as it stood at the end of a month (``month``: "YYYY-MM", city time),
    served at /open-data/<month>/<name> beside the latest. Written once by the scheduled job
    (``programme.services.open_data_snapshot``) and never rewritten."""

    month = models.CharField(max_length=7)
    name = models.CharField(max_length=40)
    content_type = models.CharField(max_length=60)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("open-data snapshot")
        verbose_name_plural = _("open-data snapshots")
        ordering = ["-month", "name"]
        constraints = [
            models.UniqueConstraint(fields=["month", "name"], name="open_data_snapshot_unique"),
        ]

    def __str__(self):
        return f"{self.month}/{self.name}"
