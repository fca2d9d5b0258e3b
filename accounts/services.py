"""Writes of the accounts app: business profiles, memberships and invitations.

Each function is one use case, takes keyword-only arguments, validates with ``full_clean`` and runs
in a transaction. Rule violations raise ``django.core.exceptions.ValidationError`` keyed by field, so
forms and the API show them where they belong.

After its write, a service publishes what changed (``core.events``: ``BusinessChanged``,
``MembershipChanged``); the catalogue, the storefronts and the programme follow once it commits.
"""

import secrets
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import ratelimit
from accounts.models import (
    Business,
    Invitation,
    Membership,
    MembershipRole,
    Sector,
    SizeBand,
    TaxCodeKind,
    User,
)
from accounts.roles import Role
from accounts.validators import normalise_phone, normalise_tax_code
from core.errors import Conflict, NotFound, TooManyRequests
from core.events import BusinessChanged, MembershipChanged, publish
from core.text import slugify_vi
from privacy.crypto import blind_index
from privacy.models import ConsentSource
from privacy.services import consents_set

INVITATION_LIFETIME = timedelta(days=7)

# Decree 80/2021/NĐ-CP, Article 5: (max employees, max annual revenue in VND) per band.
_INDUSTRY_LIMITS = (
    (SizeBand.MICRO, 10, 3_000_000_000),
    (SizeBand.SMALL, 100, 50_000_000_000),
    (SizeBand.MEDIUM, 200, 200_000_000_000),
)
_TRADE_SERVICES_LIMITS = (
    (SizeBand.MICRO, 10, 10_000_000_000),
    (SizeBand.SMALL, 50, 100_000_000_000),
    (SizeBand.MEDIUM, 100, 300_000_000_000),
)
_INDUSTRY_SECTIONS = {Sector.A, Sector.B, Sector.C, Sector.D, Sector.E, Sector.F}


def size_band_for(*, sector: str, employees: int, annual_revenue_vnd: int) -> str:
    """Micro, small or medium per Decree 80/2021 (agriculture/industry/construction vs trade and
    services), from employees and revenue; above medium is large."""
    limits = _INDUSTRY_LIMITS if sector in _INDUSTRY_SECTIONS else _TRADE_SERVICES_LIMITS
    for band, max_employees, max_revenue in limits:
        if employees <= max_employees and annual_revenue_vnd <= max_revenue:
            return band
    return SizeBand.LARGE


def tax_code_fingerprint(tax_code: str) -> str:
    canonical, _kind = normalise_tax_code(tax_code)
    return blind_index(f"taxcode:{canonical}")


def _unique_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify_vi(name)[:100] or "shop"
    slug, counter = base, 2
    taken = Business.objects.exclude(pk=exclude_pk).filter(slug__startswith=base)
    existing = set(taken.values_list("slug", flat=True))
    while slug in existing:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _duplicate_tax_code(kind: str) -> ValidationError:
    """A personal ID is personal data: its clash is not confirmed to whoever typed it."""
    if kind == TaxCodeKind.PERSONAL_ID:
        message = _(
            "This number cannot be used for a new business profile. Check it; if it is yours, "
            "contact the programme's support team."
        )
    else:
        message = _("Another business is already registered with this tax code.")
    return ValidationError({"tax_code": message}, code="duplicate_tax_code")


def _apply_profile(business: Business, data: dict) -> None:
    errors = {}
    for field, value in data.items():
        setattr(business, field, value)
    try:
        business.tax_code, business.tax_code_kind = normalise_tax_code(data["tax_code"])
        business.tax_code_index = blind_index(f"taxcode:{business.tax_code}")
    except ValidationError as exc:
        errors["tax_code"] = exc.messages
    try:
        business.phone = normalise_phone(data["phone"])
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if errors:
        raise ValidationError(errors)
    business.size_band = size_band_for(
        sector=business.sector,
        employees=business.employees,
        annual_revenue_vnd=business.annual_revenue_vnd,
    )
    duplicate = (
        Business.objects.filter(tax_code_index=business.tax_code_index)
        .exclude(pk=business.pk)
        .exists()
    )
    if duplicate:
        raise _duplicate_tax_code(business.tax_code_kind)
    current_year = timezone.localdate().year
    if business.year_founded and not 1900 <= business.year_founded <= current_year:
        raise ValidationError(
            {"year_founded": _("Enter a year from 1900 to %(year)d.") % {"year": current_year}}
        )
    business.full_clean(exclude=["slug", "tax_code_index", "size_band"])


def _save(business: Business) -> Business:
    created = business._state.adding
    try:
        with transaction.atomic():
            business.save()
    except IntegrityError as exc:
        # Two sign-ups with the same tax code at once: the unique blind index decides.
        raise _duplicate_tax_code(business.tax_code_kind) from exc
    publish(BusinessChanged(business_id=business.pk, created=created))
    return business


PROFILE_FIELDS = (
    "legal_name",
    "trading_name",
    "business_type",
    "tax_code",
    "owner_name",
    "phone",
    "email",
    "street_address",
    "ward",
    "sector",
    "employees",
    "annual_revenue_vnd",
    "year_founded",
)


def _record_consents(business: Business, by: User | None, consents: dict[str, bool] | None):
    """The business purposes answered on the profile form, recorded (or withdrawn) by privacy with
    the notice version in force."""
    if consents is not None and by is not None:
        consents_set(
            user=by,
            answers=consents,
            source=ConsentSource.BUSINESS_PROFILE,
            business_id=business.pk,
        )


@transaction.atomic
def business_create(*, owner: User, consents: dict[str, bool] | None = None, **profile) -> Business:
    """Creates the business profile and makes ``owner`` its owner (and a vendor owner);
    ``consents`` are the business purposes the owner answered (purpose -> given)."""
    business = Business(created_by=owner)
    _apply_profile(business, {field: profile[field] for field in PROFILE_FIELDS})
    business.slug = _unique_slug(business.trading_name)
    _save(business)
    Membership.objects.create(user=owner, business=business, role=MembershipRole.OWNER)
    publish(MembershipChanged(business_id=business.pk, user_id=owner.pk))
    owner.groups.add(Group.objects.get(name=Role.VENDOR_OWNER))
    _record_consents(business, owner, consents)
    return business


@transaction.atomic
def business_update(
    *,
    business: Business,
    by: User | None = None,
    consents: dict[str, bool] | None = None,
    **profile,
) -> Business:
    """Corrects the profile; the slug stays, so storefront links keep working. ``consents`` (given
    by the owner ``by``) give or withdraw the business purposes; a withdrawal takes effect now."""
    _apply_profile(business, {field: profile[field] for field in PROFILE_FIELDS})
    _save(business)
    _record_consents(business, by, consents)
    return business


@transaction.atomic
def business_set_payments_ready(*, business: Business, ready: bool) -> None:
    """Called by the payments app when the e-payment account becomes (or stops being) ready."""
    business.can_take_payments = ready
    business.save(update_fields=["can_take_payments", "updated_at"])
    # The catalogue's visibility rule and the programme's facts read the flag.
    publish(BusinessChanged(business_id=business.pk))


@transaction.atomic
def invitation_create(
    *, business: Business, email: str, invited_by: User
) -> tuple[Invitation, str]:
    """Records an invitation; returns it with the token for the link (stored only as a hash).

    Limited per inviting user and per business (each sends an email): over the limit nothing is
    recorded and ``TooManyRequests`` says when to try again."""
    if not ratelimit.consume(
        (ratelimit.INVITATIONS_PER_USER, invited_by.pk),
        (ratelimit.INVITATIONS_PER_BUSINESS, business.pk),
    ):
        raise TooManyRequests(
            _("Too many invitations were sent recently. Try again in an hour or tomorrow.")
        )
    email = email.strip().lower()
    if Membership.objects.filter(business=business, user__email__iexact=email).exists():
        raise Conflict(_("%(email)s is already a member of this business.") % {"email": email})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        business=business,
        email=email,
        token_hash=Invitation.hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    return invitation, token


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Joins ``user`` to the business as staff; the invitation must be theirs, unused and fresh."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("business")
        .filter(
            token_hash=Invitation.hash_token(token),
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if invitation is None:
        raise NotFound(_("This invitation is not valid any more. Ask the owner for a new one."))
    if invitation.email != user.email.lower():
        raise NotFound(
            _("This invitation was sent to another email address. Sign in with that address.")
        )
    membership, _created = Membership.objects.get_or_create(
        user=user, business=invitation.business, defaults={"role": MembershipRole.STAFF}
    )
    if membership.role == MembershipRole.STAFF:
        user.groups.add(Group.objects.get(name=Role.VENDOR_STAFF))
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if _created:
        publish(MembershipChanged(business_id=membership.business_id, user_id=user.pk))
    return membership
