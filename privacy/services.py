"""Writes of the privacy app: audit entries and consent."""

from django.db import transaction
from django.utils import timezone

from privacy.models import AccessLog, Consent


@transaction.atomic
def access_log_record(*, actor, subject, fields: list[str], reason: str) -> AccessLog:
    """Audits that ``actor`` saw ``fields`` of ``subject`` unmasked, and why."""
    return AccessLog.objects.create(
        actor=actor,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        fields=",".join(sorted(fields)),
        reason=reason[:255],
    )


@transaction.atomic
def consent_give(*, user, purpose: str, text_version: str) -> Consent:
    return Consent.objects.create(user=user, purpose=purpose, text_version=text_version)


@transaction.atomic
def consent_withdraw(*, user, purpose: str) -> int:
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
