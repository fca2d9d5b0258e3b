"""Writes of the privacy app: audit entries, consent, personal details and addresses, data-subject
requests with their due dates, data exports, account deletion and the retention job.

Rights that reach other apps' tables go through the sections of ``privacy.rights`` (the data map
filled in the top layer); this module never imports those apps."""

import datetime
import hashlib
import html
import json
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.errors import Conflict, DomainError, NotFound
from privacy import rights, selectors, workdays
from privacy.crypto import blind_index
from privacy.models import (
    BUSINESS_PURPOSES,
    OPTIONAL_PURPOSES,
    AccessLog,
    Address,
    Consent,
    ConsentPurpose,
    ConsentSource,
    DataExport,
    ExportStatus,
    PersonalDetails,
    RequestKind,
    RequestStatus,
    RetentionRun,
    RightsRequest,
)


def email_index(email: str) -> str:
    return blind_index(f"email:{(email or '').strip().lower()}")


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


# --- consent ---------------------------------------------------------------------------------


def _scope(*, user, purpose: str, business_id: int | None) -> dict:
    if purpose in BUSINESS_PURPOSES and business_id is not None:
        return {"business_id": business_id}
    return {"user": user, "business_id": None}


@transaction.atomic
def consent_give(
    *,
    user=None,
    purpose: str,
    source: str = ConsentSource.PRIVACY_PAGE,
    business_id: int | None = None,
    email: str = "",
    text_version: str | None = None,
) -> Consent:
    """Records consent to ``purpose`` under the notice in force; giving it again while it stands
    changes nothing. A guest (no ``user``) is known by ``email``."""
    if purpose not in ConsentPurpose.values:
        raise DomainError(_("Unknown purpose."), field="purpose")
    version = text_version or selectors.notice_version()
    if user is None:
        return Consent.objects.create(
            email=email,
            email_index=email_index(email),
            purpose=purpose,
            text_version=version,
            source=source,
        )
    scope = _scope(user=user, purpose=purpose, business_id=business_id)
    standing = Consent.objects.filter(**scope, purpose=purpose, withdrawn_at__isnull=True).first()
    if standing is not None:
        return standing
    return Consent.objects.create(
        user=user,
        business_id=scope.get("business_id"),
        purpose=purpose,
        text_version=version,
        source=source,
    )


@transaction.atomic
def consent_withdraw(*, user, purpose: str, business_id: int | None = None) -> int:
    """Withdraws standing consent to ``purpose``; takes effect at once wherever it is read."""
    scope = _scope(user=user, purpose=purpose, business_id=business_id)
    if "business_id" in scope and scope["business_id"] is not None:
        # Any owner may withdraw a business's consent, whoever gave it.
        rows = Consent.objects.filter(business_id=business_id, purpose=purpose)
    else:
        rows = Consent.objects.filter(**scope, purpose=purpose)
    return rows.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


def consents_set(
    *, user, answers: dict[str, bool], source: str, business_id: int | None = None
) -> None:
    """Gives the purposes answered yes and withdraws those answered no (optional purposes only)."""
    for purpose, given in answers.items():
        if purpose not in OPTIONAL_PURPOSES:
            continue
        if given:
            consent_give(user=user, purpose=purpose, source=source, business_id=business_id)
        else:
            consent_withdraw(user=user, purpose=purpose, business_id=business_id)


# --- see and correct -------------------------------------------------------------------------


@transaction.atomic
def details_update(*, user, first_name: str, last_name: str, phone: str) -> None:
    user.first_name = first_name.strip()[:150]
    user.last_name = last_name.strip()[:150]
    user.save(update_fields=["first_name", "last_name"])
    PersonalDetails.objects.update_or_create(user=user, defaults={"phone": phone})


@transaction.atomic
def address_save(
    *,
    user,
    address: Address | None = None,
    label: str,
    contact_name: str,
    phone: str,
    street_address: str,
    ward_code: str,
) -> Address:
    if address is not None and address.user_id != user.pk:
        raise NotFound(_("No such address."))
    address = address or Address(user=user)
    address.label = label.strip()
    address.contact_name = contact_name.strip()
    address.phone = phone
    address.street_address = street_address.strip()
    address.ward_code = ward_code
    address.save()
    return address


@transaction.atomic
def address_delete(*, user, address_id) -> None:
    address = selectors.address_of(user=user, address_id=address_id)
    if address is None:
        raise NotFound(_("No such address."))
    address.delete()


# --- requests and their due dates ------------------------------------------------------------


@transaction.atomic
def rights_request_open(
    *,
    kind: str,
    user=None,
    email: str = "",
    order_number: str = "",
    details: str = "",
    status: str = RequestStatus.RECEIVED,
    now: datetime.datetime | None = None,
) -> RightsRequest:
    """A new request with its due dates counted in Viet Nam's working days from today."""
    if kind not in RequestKind.values:
        raise DomainError(_("Unknown kind of request."), field="kind")
    now = now or timezone.now()
    acknowledge_by, complete_by = workdays.due_dates(timezone.localdate(now))
    return RightsRequest.objects.create(
        kind=kind,
        user=user,
        email=email,
        email_index=email_index(email) if email else "",
        order_number=order_number[:40],
        details=details[:4000],
        status=status,
        received_at=now,
        acknowledge_by=acknowledge_by,
        complete_by=complete_by,
    )


def _locked_open(request_id) -> RightsRequest:
    row = RightsRequest.objects.select_for_update().filter(pk=request_id).first()
    if row is None:
        raise NotFound(_("No such request."))
    if not row.is_open:
        raise Conflict(_("This request is already closed."))
    return row


@transaction.atomic
def rights_request_acknowledge(*, request_id, actor=None) -> RightsRequest:
    row = _locked_open(request_id)
    if row.acknowledged_at is None:
        row.acknowledged_at = timezone.now()
        row.status = RequestStatus.ACKNOWLEDGED
        row.save(update_fields=["acknowledged_at", "status"])
    return row


@transaction.atomic
def rights_request_complete(*, request_id, actor=None, outcome: str = "") -> RightsRequest:
    row = _locked_open(request_id)
    now = timezone.now()
    row.acknowledged_at = row.acknowledged_at or now
    row.status = RequestStatus.COMPLETED
    row.closed_at = now
    row.closed_by = actor
    row.outcome = outcome.strip()[:4000]
    row.save()
    return row


@transaction.atomic
def rights_request_refuse(*, request_id, actor, reason: str) -> RightsRequest:
    """Refuses a request; the reason is required (it is told to the person)."""
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for refusing."), field="reason")
    row = _locked_open(request_id)
    now = timezone.now()
    row.acknowledged_at = row.acknowledged_at or now
    row.status = RequestStatus.REFUSED
    row.closed_at = now
    row.closed_by = actor
    row.outcome = reason.strip()[:4000]
    row.save()
    return row


# --- download my data ------------------------------------------------------------------------


@transaction.atomic
def export_start(*, user) -> DataExport:
    """Opens an access request and an export waiting to be built (``privacy.tasks``)."""
    request = rights_request_open(kind=RequestKind.ACCESS, user=user)
    export = DataExport.objects.create(user=user, request=request, token=secrets.token_urlsafe(32))
    return export


def privacy_export(user) -> dict:
    """Privacy's own tables about ``user``, for the export."""
    details = selectors.details_of(user=user)
    return {
        "phone": details.phone if details else "",
        "consents": [
            {
                "purpose": c.purpose,
                "business_id": c.business_id,
                "notice_version": c.text_version,
                "source": c.source,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in selectors.consent_history(user=user)
        ],
        "addresses": [
            {
                "label": a.label,
                "name": a.contact_name,
                "phone": a.phone,
                "street_address": a.street_address,
                "ward_code": a.ward_code,
            }
            for a in selectors.addresses_of(user=user)
        ],
        "requests": [
            {
                "kind": r.kind,
                "status": r.status,
                "received_at": r.received_at.isoformat(),
                "acknowledge_by": r.acknowledge_by.isoformat(),
                "complete_by": r.complete_by.isoformat(),
                "outcome": r.outcome,
            }
            for r in selectors.requests_of(user=user)
        ],
    }


def _access_entries(user, subjects: list[tuple[str, str]]) -> list[dict]:
    return [
        {
            "when": row.created_at.isoformat(),
            "who": row.actor.get_full_name() or row.actor.email,
            "record": f"{row.subject_type} {row.subject_id}",
            "fields": row.fields,
            "why": row.reason,
        }
        for row in selectors.access_log(subjects=subjects)
    ]


def _summary_html(data: dict) -> str:
    """A readable page of the same data: one heading per section, nested lists of values."""

    def render(value) -> str:
        if isinstance(value, dict):
            items = "".join(
                f"<li><strong>{html.escape(str(k))}</strong>: {render(v)}</li>"
                for k, v in value.items()
            )
            return f"<ul>{items}</ul>"
        if isinstance(value, list):
            if not value:
                return "—"
            return "<ol>" + "".join(f"<li>{render(v)}</li>" for v in value) + "</ol>"
        return html.escape("" if value is None else str(value))

    sections = "".join(
        f"<section><h2>{html.escape(key)}</h2>{render(value)}</section>"
        for key, value in data.items()
    )
    title = html.escape(_("My data on Chợ Số"))
    return (
        f'<!doctype html><html lang="{html.escape(data["about"]["language"])}"><head>'
        f'<meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1>{sections}</body></html>"
    )


def _export_store(export: DataExport, data: dict) -> DataExport:
    now = timezone.now()
    export.payload = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    export.summary = _summary_html(data)
    export.status, export.progress = ExportStatus.READY, 100
    export.finished_at = now
    export.expires_at = now + rights.export_link_lifetime()
    export.save()
    return export


def export_build(*, export_id: int) -> DataExport | None:
    """Builds an export section by section, saving the progress as it goes."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status == ExportStatus.READY:
        return export
    user = export.user
    export.status, export.progress = ExportStatus.RUNNING, 0
    export.save(update_fields=["status", "progress"])
    all_sections = rights.sections()
    data: dict = {
        "about": {
            "generated_at": timezone.now().isoformat(),
            "person_id": user.pk,
            "language": get_language() or "vi",
            "notice_version": selectors.notice_version(),
        },
        "privacy": privacy_export(user),
    }
    subjects: list[tuple[str, str]] = []
    try:
        for index, section in enumerate(all_sections, start=1):
            if section.export is not None:
                data[section.key] = section.export(user)
            if section.subjects is not None:
                subjects.extend(section.subjects(user))
            export.progress = int(90 * index / max(len(all_sections), 1))
            export.save(update_fields=["progress"])
        data["access_log"] = _access_entries(user, subjects)
    except Exception:
        export.status = ExportStatus.FAILED
        export.save(update_fields=["status"])
        raise
    _export_store(export, data)
    if export.request_id:
        open_request = RightsRequest.objects.filter(pk=export.request_id).first()
        if open_request is not None and open_request.is_open:
            rights_request_complete(request_id=export.request_id, outcome="export ready")
    return export


# --- delete my account -----------------------------------------------------------------------


def deletion_blockers(*, user) -> list[str]:
    """Why the account cannot be deleted now (open orders, each named); empty when it can."""
    reasons: list[str] = []
    for section in rights.sections():
        if section.open_items is not None:
            reasons.extend(section.open_items(user))
    return reasons


def deletion_handovers(*, user) -> list[rights.Handover]:
    found: list[rights.Handover] = []
    for section in rights.sections():
        if section.handovers is not None:
            found.extend(section.handovers(user))
    return found


@transaction.atomic
def account_delete(*, user, handover: dict[int, int] | None = None) -> RightsRequest:
    """Anonymises the person everywhere, after handing shared businesses over; refused (with the
    open orders listed) while an order is open. Orders stay, with the contact anonymised."""
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    blockers = deletion_blockers(user=user)
    if blockers:
        raise Conflict(
            _("Your account cannot be deleted while these orders are open: %(orders)s.")
            % {"orders": ", ".join(blockers)},
            field="orders",
        )
    handover = handover or {}
    for needed in deletion_handovers(user=user):
        chosen = handover.get(needed.business_id)
        if chosen not in {pk for pk, _label in needed.members}:
            raise DomainError(
                _("Choose who takes over %(business)s before deleting your account.")
                % {"business": needed.name},
                field=f"handover_{needed.business_id}",
            )
    request = rights_request_open(kind=RequestKind.DELETION, user=user)
    for section in rights.sections():
        if section.anonymise is not None:
            section.anonymise(user, handover)
    Address.objects.filter(user=user).delete()
    PersonalDetails.objects.filter(user=user).delete()
    DataExport.objects.filter(user=user).delete()
    Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    RightsRequest.objects.filter(user=user).update(email="", email_index="", details="")
    return rights_request_complete(request_id=request.pk, outcome="account anonymised")


# --- guests ----------------------------------------------------------------------------------


@transaction.atomic
def guest_request_start(*, email: str, order_number: str, kind: str) -> str | None:
    """A guest asks about an order's contact. Returns a confirmation token to email when the pair
    matches an order, else None; the caller answers the same either way (no oracle)."""
    email = (email or "").strip().lower()
    order_number = (order_number or "").strip().upper()[:40]
    matched = any(
        section.guest_match(email, order_number)
        for section in rights.sections()
        if section.guest_match is not None
    )
    if not matched:
        return None
    token = secrets.token_urlsafe(32)
    row = rights_request_open(
        kind=kind, email=email, order_number=order_number, status=RequestStatus.UNCONFIRMED
    )
    row.confirm_token_hash = hash_token(token)
    row.save(update_fields=["confirm_token_hash"])
    return token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def guest_request_pending(*, token: str) -> RightsRequest | None:
    if not token or len(token) > 64:
        return None
    return RightsRequest.objects.filter(
        confirm_token_hash=hash_token(token), status=RequestStatus.UNCONFIRMED
    ).first()


def _guest_export(row: RightsRequest) -> DataExport:
    """The order's data about the guest (one order group, small: built at once, not queued)."""
    data: dict = {
        "about": {
            "generated_at": timezone.now().isoformat(),
            "order_number": row.order_number,
            "language": get_language() or "vi",
            "notice_version": selectors.notice_version(),
        },
    }
    for section in rights.sections():
        if section.guest_export is not None:
            part = section.guest_export(row.email, row.order_number)
            if part is not None:
                data[section.key] = part
    export = DataExport(request=row, token=secrets.token_urlsafe(32))
    return _export_store(export, data)


@transaction.atomic
def guest_request_confirm(*, token: str) -> RightsRequest:
    """The guest clicked the emailed link: the request counts from now. An access request gets
    the order's data at once (``row.exports``); a deletion of the order's contact is done at once
    unless the order is still open (then the DPO completes it)."""
    row = guest_request_pending(token=token)
    if row is None:
        raise NotFound(_("This link is not valid any more."))
    row = RightsRequest.objects.select_for_update().get(pk=row.pk)
    now = timezone.now()
    acknowledge_by, complete_by = workdays.due_dates(timezone.localdate(now))
    row.status = RequestStatus.ACKNOWLEDGED
    row.received_at = row.acknowledged_at = now
    row.acknowledge_by, row.complete_by = acknowledge_by, complete_by
    row.confirm_token_hash = ""
    row.save()
    if row.kind == RequestKind.ACCESS:
        _guest_export(row)
        row = rights_request_complete(request_id=row.pk, outcome="export ready")
        row.email, row.email_index = "", ""
        row.save(update_fields=["email", "email_index"])
    elif row.kind == RequestKind.DELETION:
        done = False
        for section in rights.sections():
            if section.guest_anonymise is not None:
                done = section.guest_anonymise(row.email, row.order_number) or done
        if done:
            row = rights_request_complete(request_id=row.pk, outcome="order contact anonymised")
            row.email, row.email_index = "", ""
            row.save(update_fields=["email", "email_index"])
    return row


# --- retention -------------------------------------------------------------------------------


def retention_run(*, now: datetime.datetime | None = None) -> RetentionRun:
    """Purges what no purpose needs any more (each app's part, periods from settings) and records
    how many of each kind were removed."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=now)
    removed: dict[str, int] = {}
    for section in rights.sections():
        if section.purge is not None:
            with transaction.atomic():
                for kind, count in section.purge(now).items():
                    removed[kind] = removed.get(kind, 0) + count
    expired = DataExport.objects.filter(expires_at__lt=now)
    removed["expired_exports"] = expired.count()
    expired.delete()
    run.removed = removed
    run.finished_at = timezone.now()
    run.save(update_fields=["removed", "finished_at"])
    return run
