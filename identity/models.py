"""City services that may read a business's profile, and the owners' grants to them.

A city service is an OAuth 2.0 / OpenID Connect client of Chợ Số (django-oauth-toolkit's
``Application``) plus what the owner must be told before agreeing: which organisation, why, and
which scopes it may ever ask (``allowed_scopes``; anything else is refused before any consent
screen). An owner's agreement is a ``SharingGrant`` naming the one business shared; revoking it
ends the service's tokens at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings

from accounts.models import Business

BUSINESS_PROFILE_READ = "business_profile:read"


class CityService(models.Model):
    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL,
        on_delete=models.CASCADE,
        related_name="city_service",
        verbose_name=_("OAuth client"),
    )
    organisation = models.CharField(_("organisation"), max_length=255)
    purpose_vi = models.TextField(_("why it asks (Vietnamese)"))
    purpose_en = models.TextField(_("why it asks (English)"))
    allowed_scopes = models.CharField(
        _("allowed scopes"), max_length=255, help_text=_("Separated by spaces.")
    )

    class Meta:
        verbose_name = _("city service")
        verbose_name_plural = _("city services")

    def __str__(self):
        return self.organisation

    @property
    def purpose(self) -> str:
        return self.purpose_en if get_language() == "en" else self.purpose_vi

    @property
    def scope_set(self) -> set[str]:
        return set(self.allowed_scopes.split())


class SharingGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sharing_grants"
    )
    service = models.ForeignKey(CityService, on_delete=models.CASCADE, related_name="grants")
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="sharing_grants")
    scopes = models.CharField(_("scopes"), max_length=255)
    created_at = models.DateTimeField(_("agreed at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sharing grant")
        verbose_name_plural = _("sharing grants")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "service"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_grant_per_service",
            )
        ]

    def __str__(self):
        return f"{self.business} → {self.service}"
