"""Reads of the register: the entry for a tax code, and profiles that agree with the register."""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Trim

from accounts.models import Business
from accounts.services import tax_code_fingerprint
from registry.models import RegisteredEnterprise


def register_entry_for(*, tax_code: str) -> RegisteredEnterprise | None:
    """The register's entry for a tax code as a person types it, or None (also for a malformed
    code or a personal ID number, which the register never holds)."""
    try:
        fingerprint = tax_code_fingerprint(tax_code)
    except ValidationError:
        return None
    return (
        RegisteredEnterprise.objects.select_related("ward", "source_import")
        .filter(tax_code_index=fingerprint)
        .first()
    )


def businesses_verified_against_register(
    businesses: QuerySet[Business] | None = None,
) -> QuerySet[Business]:
    """Profiles whose tax code the register knows and whose legal name and ward are the register's
    (the owner kept what the register holds; a profile corrected away from it is not counted; the
    street address is encrypted on the profile and not compared). For the programme's count
    (``.count()`` is one query)."""
    businesses = Business.objects.all() if businesses is None else businesses
    match = RegisteredEnterprise.objects.filter(
        tax_code_index=OuterRef("tax_code_index"),
        legal_name=Trim(OuterRef("legal_name")),
        ward_id=OuterRef("ward_id"),
    )
    return businesses.filter(Exists(match))
