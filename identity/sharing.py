"""Sharing a business profile with a city service: what is shared, the consent, the reads.

``SHARED_FIELDS`` is the one list of what ``business_profile:read`` gives: the consent screen
shows exactly these labels, the API returns exactly these keys. Writes (grant, revoke) and reads
(the shared profile, audited in the privacy access log) are here; the views only call them.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import get_access_token_model, get_grant_model, get_refresh_token_model
from oauth2_provider.oauth2_validators import OAuth2Validator

from accounts.models import Business, MembershipRole
from core.errors import DomainError, NotFound
from identity.models import BUSINESS_PROFILE_READ, CityService, SharingGrant
from privacy.services import access_log_record

SHARED_FIELDS = (
    ("legal_name", _("Legal name")),
    ("trading_name", _("Trading name")),
    ("tax_code", _("Tax code")),
    ("business_type", _("Business type")),
    ("street_address", _("Street address")),
    ("ward", _("Ward or commune")),
    ("sector", _("Sector")),
    ("size_band", _("Size")),
    ("year_founded", _("Year founded")),
    ("email", _("Business email")),
)


def owned_businesses(*, user):
    return Business.objects.filter(
        memberships__user=user, memberships__role=MembershipRole.OWNER, is_active=True
    ).order_by("trading_name")


@transaction.atomic
def sharing_grant_record(*, user, service: CityService, business_id: int, scopes: list[str]):
    """The owner agreed: ``service`` may read ``business_id``'s profile (replacing an earlier
    grant to the same service)."""
    business = owned_businesses(user=user).filter(pk=business_id).first()
    if business is None:
        raise DomainError(_("Choose one of your own businesses to share."))
    SharingGrant.objects.filter(user=user, service=service, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return SharingGrant.objects.create(
        user=user, service=service, business=business, scopes=" ".join(sorted(scopes))
    )


@transaction.atomic
def sharing_grant_revoke(*, user, grant_id: int) -> None:
    """Ends the grant and every token and pending code the service holds for this user."""
    grant = (
        SharingGrant.objects.select_for_update()
        .filter(pk=grant_id, user=user, revoked_at__isnull=True)
        .select_related("service")
        .first()
    )
    if grant is None:
        raise NotFound(_("This permission does not exist or was already withdrawn."))
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    application = grant.service.application_id
    get_refresh_token_model().objects.filter(user=user, application_id=application).delete()
    get_access_token_model().objects.filter(user=user, application_id=application).delete()
    get_grant_model().objects.filter(user=user, application_id=application).delete()


def active_grants(*, user):
    return (
        SharingGrant.objects.filter(user=user, revoked_at__isnull=True)
        .select_related("service", "business")
        .order_by("-created_at")
    )


def shared_profile(*, token, business_id: int | None = None) -> dict:
    """The profile a token may read, audited: its user's active grant to the token's service.
    Any other business (or none granted) is a 404 that says nothing about it."""
    grant = (
        SharingGrant.objects.filter(
            user_id=token.user_id,
            service__application_id=token.application_id,
            revoked_at__isnull=True,
        )
        .select_related("business__ward", "service")
        .first()
    )
    if grant is None or (business_id is not None and grant.business_id != business_id):
        raise NotFound(_("No business profile is shared with this service."))
    business = grant.business
    access_log_record(
        actor=token.user,
        subject=business,
        fields=[name for name, _label in SHARED_FIELDS],
        reason=f"Shared with {grant.service.organisation} (OAuth {BUSINESS_PROFILE_READ})",
    )
    return {
        "id": business.pk,
        "legal_name": business.legal_name,
        "trading_name": business.trading_name,
        "tax_code": business.tax_code,
        "business_type": business.business_type,
        "street_address": business.street_address,
        "ward": {"code": business.ward_id, "name": business.ward.full_name},
        "sector": business.sector,
        "size_band": business.size_band,
        "year_founded": business.year_founded,
        "email": business.email,
    }


class CityServiceValidator(OAuth2Validator):
    """A client may ask only the scopes its city service was registered with: anything else is
    oauthlib's standard ``invalid_scope`` answer, before any consent screen is shown."""

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        service = CityService.objects.filter(application=client).first()
        if service is None or not set(scopes) <= service.scope_set:
            return False
        return super().validate_scopes(client_id, scopes, client, request, *args, **kwargs)
