"""Reads of the accounts app. Every other app asks here for a user's businesses and roles."""

from functools import lru_cache

from django.db.models import QuerySet

from accounts.models import Business, Invitation, Membership, MembershipRole, User, Ward
from accounts.text import fold


def businesses_for_user(*, user: User) -> QuerySet[Business]:
    """The businesses ``user`` is a member of (owner or staff)."""
    if not user.is_authenticated:
        return Business.objects.none()
    return Business.objects.filter(memberships__user=user).select_related("ward")


def business_for_member(*, user: User, slug: str) -> Business | None:
    """One business by slug, only if ``user`` is a member; None otherwise (callers answer 404)."""
    return businesses_for_user(user=user).filter(slug=slug).first()


def invitation_open(*, token: str) -> Invitation | None:
    """The unused invitation whose link carries ``token`` (looked up by the token's hash)."""
    return (
        Invitation.objects.select_related("business", "invited_by")
        .filter(token_hash=Invitation.hash_token(token), accepted_at__isnull=True)
        .first()
    )


def membership_role(*, user: User, business: Business) -> str | None:
    return (
        Membership.objects.filter(user=user, business=business)
        .values_list("role", flat=True)
        .first()
    )


def is_owner(*, user: User, business: Business) -> bool:
    return membership_role(user=user, business=business) == MembershipRole.OWNER


def user_has_role(*, user: User, role: str) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=role).exists())


def ward_search(*, query: str = "", limit: int = 20) -> QuerySet[Ward]:
    """Wards whose name or former district matches ``query`` with or without diacritics."""
    wards = Ward.objects.all()
    for word in fold(query).split():
        wards = wards.filter(search_text__contains=word)
    return wards.order_by("name")[:limit]


@lru_cache(maxsize=1)
def _ward_names() -> dict[str, tuple[str, str]]:
    return {
        code: (vi, en)
        for code, vi, en in Ward.objects.values_list("code", "full_name", "full_name_en")
    }


def ward_names(*, refresh: bool = False) -> dict[str, tuple[str, str]]:
    """Every ward's full name in Vietnamese and English by code, held in memory: wards are
    reference data that only a migration changes (``refresh`` reloads them)."""
    if refresh:
        _ward_names.cache_clear()
    return _ward_names()
