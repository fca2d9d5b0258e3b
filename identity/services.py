"""Writes of the identity app that are not about one owner's consent (see ``sharing``)."""

from django.db import transaction
from oauth2_provider.models import get_application_model

from identity.models import CityService

KNOWN_SCOPES = {"openid", "business_profile:read"}


@transaction.atomic
def city_service_register(
    *,
    name: str,
    organisation: str,
    redirect_uris: list[str],
    scopes: list[str],
    purpose_vi: str,
    purpose_en: str,
    client_secret: str,
) -> CityService:
    unknown = set(scopes) - KNOWN_SCOPES
    if unknown:
        raise ValueError(f"Unknown scopes: {', '.join(sorted(unknown))}")
    Application = get_application_model()
    application = Application(
        name=name,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        client_secret=client_secret,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,
    )
    application.full_clean(exclude=["user", "client_id"])
    application.save()
    return CityService.objects.create(
        application=application,
        organisation=organisation,
        purpose_vi=purpose_vi,
        purpose_en=purpose_en,
        allowed_scopes=" ".join(sorted(set(scopes))),
    )
