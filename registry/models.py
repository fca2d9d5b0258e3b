"""The city's register of active enterprises, loaded from its open-data CSV.

A business types its tax code once; when the register knows it, the profile form offers the legal
name, address and ward from here (with the source and its date), and the owner confirms or
corrects them. Rows are public open data about enterprises (10-digit tax codes and their branches);
personal ID numbers of household businesses are not in the register and are refused on import.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Ward
from privacy.fields import BlindIndexField


class RegisterImport(models.Model):
    """One load of a register file: where it came from, the date of the export, what it changed."""

    source = models.CharField(_("source"), max_length=255)
    source_date = models.DateField(_("date of the export"))
    file_name = models.CharField(_("file name"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("rows created"), default=0)
    updated = models.PositiveIntegerField(_("rows updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.source} ({self.source_date:%Y-%m-%d})"


class RegisteredEnterprise(models.Model):
    """An enterprise as the register lists it, with the import that last set its values."""

    tax_code = models.CharField(_("tax code"), max_length=14, unique=True)
    # The same keyed hash as Business.tax_code_index: profiles are matched without decrypting.
    tax_code_index = BlindIndexField(unique=True)
    legal_name = models.CharField(_("legal name"), max_length=255)
    street_address = models.CharField(_("street address"), max_length=255)
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=100, blank=True)
    source_import = models.ForeignKey(
        RegisterImport,
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("import"),
    )

    class Meta:
        verbose_name = _("registered enterprise")
        verbose_name_plural = _("registered enterprises")
        ordering = ["tax_code"]

    def __str__(self):
        return f"{self.tax_code} {self.legal_name}"
