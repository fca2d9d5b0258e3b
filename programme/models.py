"""The city's targets for the digital-transformation programme, as data managers edit.

A ``Target`` says what share (or amount) an indicator should reach by a year, and which decision or
plan sets it. The dashboard draws the targets of the indicators it measures beside the measured
values; targets of city-wide indicators the platform cannot measure (the digital economy's share of
GRDP, e-commerce's share of retail) are listed as context.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    """Indicator codes: the ones computed from the platform's records, then city-wide ones."""

    REGISTERED = "registered", _("Registered SMEs")
    ASSESSED = "assessed", _("Share with a completed assessment")
    REASSESSED = "reassessed", _("Share of assessed businesses re-assessed")
    PAYMENT_READY = "payment_ready", _("Share with an e-payment account ready")
    SELLING_ONLINE = "selling_online", _("Share selling online here")
    DIGITAL_PLATFORMS = "digital_platforms", _("Share of SMEs using digital platforms")
    MEAN_SCORE = "mean_score", _("Mean maturity score")
    MEDIAN_SCORE = "median_score", _("Median maturity score")
    LEVEL3_PLUS = "level3_plus", _("Share at level L3 or above")
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
