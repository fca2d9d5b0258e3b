"""Reads of the privacy app: the notice in force, consents, requests, exports, the access log."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from privacy.models import (
    BUSINESS_PURPOSES,
    OPEN_REQUEST_STATUSES,
    AccessLog,
    Address,
    Consent,
    ConsentPurpose,
    DataExport,
    ExportStatus,
    PersonalDetails,
    PrivacyNotice,
    RetentionRun,
    RightsRequest,
)

FALLBACK_NOTICE_VERSION = "2026-01"


def notice_current() -> PrivacyNotice | None:
    return (
        PrivacyNotice.objects.filter(published=True, effective_at__lte=timezone.now())
        .order_by("-effective_at", "-id")
        .first()
    )


def notice_version() -> str:
    notice = notice_current()
    return notice.version if notice else FALLBACK_NOTICE_VERSION


def consent_active(*, user=None, purpose: str, business_id: int | None = None) -> bool:
    scope = Q(business_id=business_id) if purpose in BUSINESS_PURPOSES else Q(user=user)
    return Consent.objects.filter(scope, purpose=purpose, withdrawn_at__isnull=True).exists()


def consents_of(*, user) -> dict[str, bool]:
    """The person's own (not per-business) purposes: purpose → given now."""
    active = set(
        Consent.objects.filter(
            user=user, business_id__isnull=True, withdrawn_at__isnull=True
        ).values_list("purpose", flat=True)
    )
    return {purpose: purpose in active for purpose in ConsentPurpose.values}


def business_consents(*, business_ids: list[int]) -> dict[int, set[str]]:
    """Business id → the purposes given for it and not withdrawn."""
    result: dict[int, set[str]] = {pk: set() for pk in business_ids}
    rows = Consent.objects.filter(
        business_id__in=business_ids, withdrawn_at__isnull=True
    ).values_list("business_id", "purpose")
    for business_id, purpose in rows:
        result[business_id].add(purpose)
    return result


def businesses_sharing_with_programme() -> QuerySet:
    """Ids of the businesses whose profile may be shared with the city's support programme (its
    follow-up list): consent given on the business profile and not withdrawn."""
    return Consent.objects.filter(
        purpose=ConsentPurpose.PROGRAMME, business_id__isnull=False, withdrawn_at__isnull=True
    ).values("business_id")


def businesses_consenting_to_research() -> QuerySet:
    """Ids of the businesses whose assessment answers may be used in the programme's research:
    consent given for the business and not withdrawn (never asked means no)."""
    return Consent.objects.filter(
        purpose=ConsentPurpose.RESEARCH, business_id__isnull=False, withdrawn_at__isnull=True
    ).values("business_id")


def users_accepting_marketing() -> QuerySet:
    """Ids of the people who may be sent news and offers by email."""
    return Consent.objects.filter(
        purpose=ConsentPurpose.MARKETING, user__isnull=False, withdrawn_at__isnull=True
    ).values("user_id")


def consent_history(*, user) -> QuerySet[Consent]:
    return Consent.objects.filter(user=user).order_by("-given_at", "-id")


def consent_counts() -> list[dict]:
    """Per purpose and notice version: how many consents are given now and how many withdrawn."""
    return list(
        Consent.objects.values("purpose", "text_version")
        .annotate(
            active=Count("pk", filter=Q(withdrawn_at__isnull=True)),
            withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False)),
        )
        .order_by("purpose", "text_version")
    )


def details_of(*, user) -> PersonalDetails | None:
    return PersonalDetails.objects.filter(user=user).first()


def addresses_of(*, user) -> QuerySet[Address]:
    return Address.objects.filter(user=user).order_by("-updated_at", "-id")


def address_of(*, user, address_id) -> Address | None:
    try:
        return Address.objects.filter(user=user, pk=int(address_id)).first()
    except (TypeError, ValueError):
        return None


def requests_of(*, user) -> QuerySet[RightsRequest]:
    return RightsRequest.objects.filter(user=user).order_by("-received_at", "-id")


def exports_of(*, user) -> QuerySet[DataExport]:
    return DataExport.objects.filter(user=user).defer("payload", "summary")


def export_for_download(*, user, token: str) -> DataExport | None:
    """The person's own ready export whose link has not expired; None for anyone else."""
    if not user.is_authenticated or not token or len(token) > 64:
        return None
    return DataExport.objects.filter(
        user=user, token=token, status=ExportStatus.READY, expires_at__gt=timezone.now()
    ).first()


def guest_export_for_download(*, token: str, allowed: list[str]) -> DataExport | None:
    """A guest's ready export whose link has not expired, only for the browser session that
    confirmed the request (``allowed``: the tokens it holds); None otherwise."""
    if not token or len(token) > 64 or token not in allowed:
        return None
    return DataExport.objects.filter(
        user__isnull=True, token=token, status=ExportStatus.READY, expires_at__gt=timezone.now()
    ).first()


def request_queue() -> list[RightsRequest]:
    """Open requests, overdue first (by how late), then by completion due date."""
    today = timezone.localdate()
    rows = list(
        RightsRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES).select_related("user")
    )
    rows.sort(key=lambda r: (r.complete_by >= today, r.complete_by, r.received_at))
    return rows


def closed_requests(limit: int = 50) -> QuerySet[RightsRequest]:
    return (
        RightsRequest.objects.exclude(status__in=OPEN_REQUEST_STATUSES)
        .select_related("user", "closed_by")
        .order_by("-closed_at", "-id")[:limit]
    )


def access_log(
    *,
    subjects: list[tuple[str, str]] | None = None,
    actor_ids: list[int] | None = None,
    subject_type: str = "",
    subject_id: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AccessLog]:
    """The access log, filtered: about a person (their records), by staff, by record, by date."""
    rows = AccessLog.objects.select_related("actor").order_by("-created_at", "-id")
    if subjects is not None:
        about = Q(pk__in=[])
        for kind, pk in subjects:
            about |= Q(subject_type=kind, subject_id=str(pk))
        rows = rows.filter(about)
    if actor_ids is not None:
        rows = rows.filter(actor_id__in=actor_ids)
    if subject_type:
        rows = rows.filter(subject_type=subject_type)
    if subject_id:
        rows = rows.filter(subject_id=subject_id)
    if since:
        rows = rows.filter(created_at__date__gte=since)
    if until:
        rows = rows.filter(created_at__date__lte=until)
    return rows


def retention_last_run() -> RetentionRun | None:
    return RetentionRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()


def businesses_withdrawn_from_programme() -> QuerySet:
    """Ids of the businesses whose owners withdrew sharing with the city's support programme (a
    withdrawn consent and none standing): they leave the programme's follow-up list at once."""
    standing = Consent.objects.filter(
        purpose=ConsentPurpose.PROGRAMME, business_id__isnull=False, withdrawn_at__isnull=True
    ).values("business_id")
    return (
        Consent.objects.filter(
            purpose=ConsentPurpose.PROGRAMME,
            business_id__isnull=False,
            withdrawn_at__isnull=False,
        )
        .exclude(business_id__in=standing)
        .values("business_id")
    )
