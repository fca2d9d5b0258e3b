"""Records that prove how personal data was handled: reads of sensitive fields and consent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One read of a personal field by staff: who, what, when and why. Never the value itself."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    subject_type = models.CharField(_("record type"), max_length=100)
    subject_id = models.CharField(_("record id"), max_length=64)
    fields = models.CharField(_("fields"), max_length=255)
    reason = models.CharField(_("reason"), max_length=255)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.actor_id} read {self.fields} of {self.subject_type} {self.subject_id}"


class ConsentPurpose(models.TextChoices):
    TERMS = "terms", _("Terms of use and privacy notice")
    MARKETING = "marketing", _("News and offers by email")
    PROGRAMME = "programme", _("Sharing my business's progress with the city's programme")


class Consent(models.Model):
    """Consent for one purpose, with the version of the text agreed to; withdrawal is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("text version"), max_length=32)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.user_id} {self.purpose} {self.text_version}"
