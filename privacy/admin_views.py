"""The data-protection officer's workspace (Wagtail admin, ``/admin/privacy/``): the request queue,
the access log (filter, export), consent records, the retention job and (as snippets, in
``wagtail_hooks``) the breach register and the privacy notices.

Only the DPO role (and superusers) may open these pages, with a second factor when the workspace
requires one; everyone else who reaches the admin gets 403."""

import csv
from functools import wraps

from allauth.mfa.models import Authenticator
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from privacy import rights, selectors, services
from privacy.models import ConsentPurpose
from privacy.spreadsheets import escape_formula

# The group made by accounts' role migration (``accounts.roles.Role.DATA_PROTECTION_OFFICER``),
# named here because privacy sits below accounts.
DPO_GROUP = "Data-protection officer"
LOG_PAGE_SIZE = 200
RETENTION_LABELS = {
    "abandoned_carts": gettext_lazy("Abandoned carts"),
    "guest_contacts": gettext_lazy("Guest contacts of unpaid orders"),
    "expired_invitations": gettext_lazy("Expired invitations"),
    "webhook_payloads": gettext_lazy("Payment provider notifications"),
    "transfer_payloads": gettext_lazy("Bank transfer reports (matched or set aside)"),
    "expired_exports": gettext_lazy("Expired data downloads"),
}


def is_dpo(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=DPO_GROUP).exists()
    )


def dpo_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_dpo(request.user):
            return TemplateResponse(
                request,
                "privacy/admin/forbidden.html",
                {"message": _("This page is for the data-protection officer.")},
                status=403,
            )
        if (
            getattr(settings, "WORKSPACE_REQUIRE_MFA", False)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapped


@dpo_required
@require_http_methods(["GET", "POST"])
def request_queue(request):
    status = 200
    errors: dict[int, str] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        request_id = request.POST.get("request", "")
        try:
            request_id = int(request_id)
            if action == "acknowledge":
                services.rights_request_acknowledge(request_id=request_id, actor=request.user)
            elif action == "complete":
                services.rights_request_complete(
                    request_id=request_id,
                    actor=request.user,
                    outcome=request.POST.get("reason", ""),
                )
            elif action == "refuse":
                services.rights_request_refuse(
                    request_id=request_id, actor=request.user, reason=request.POST.get("reason", "")
                )
            else:
                raise DomainError(_("Unknown action."))
        except ValueError:
            errors[0] = _("Unknown request.")
            status = 400
        except DomainError as exc:
            errors[request_id if isinstance(request_id, int) else 0] = exc.message
            status = exc.status_code
        else:
            messages.success(request, _("The request is updated."))
            return redirect("privacy_admin:requests")
    return TemplateResponse(
        request,
        "privacy/admin/requests.html",
        {
            "queue": selectors.request_queue(),
            "closed": selectors.closed_requests(),
            "today": timezone.localdate(),
            "errors": errors,
        },
        status=status,
    )


class LogFilterForm(forms.Form):
    person = forms.EmailField(label=gettext_lazy("Person (email)"), required=False)
    staff = forms.EmailField(label=gettext_lazy("Staff member (email)"), required=False)
    record_type = forms.CharField(label=gettext_lazy("Record type"), required=False, max_length=100)
    record_id = forms.CharField(label=gettext_lazy("Record id"), required=False, max_length=64)
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _person_subjects(email: str) -> list[tuple[str, str]]:
    """The records about the person with that email: their account and what the data map lists."""
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        return []
    subjects = []
    for section in rights.sections():
        if section.subjects is not None:
            subjects.extend(section.subjects(user))
    return subjects


def _log_rows(form):
    data = form.cleaned_data
    actor_ids = None
    if data["staff"]:
        actor_ids = list(
            get_user_model()
            .objects.filter(email__iexact=data["staff"])
            .values_list("pk", flat=True)
        )
    return selectors.access_log(
        subjects=_person_subjects(data["person"]) if data["person"] else None,
        actor_ids=actor_ids,
        subject_type=data["record_type"].strip(),
        subject_id=data["record_id"].strip(),
        since=data["since"],
        until=data["until"],
    )


@dpo_required
@require_http_methods(["GET"])
def access_log(request):
    form = LogFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return TemplateResponse(
            request, "privacy/admin/access_log.html", {"form": form, "rows": []}, status=400
        )
    if not form.is_bound:
        form = LogFilterForm({})
        form.is_valid()
    rows = _log_rows(form)
    if request.GET.get("format") == "csv":
        return _log_csv(rows)
    return TemplateResponse(
        request,
        "privacy/admin/access_log.html",
        {"form": form, "rows": rows[:LOG_PAGE_SIZE], "query": request.GET.urlencode()},
    )


def _log_csv(rows) -> HttpResponse:
    """Who read which fields of which record, when and why: never a value (none is stored)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("When"), _("Who"), _("Record type"), _("Record id"), _("Fields"), _("Why")])
    for row in rows.iterator():
        writer.writerow(
            [
                escape_formula(value)
                for value in (
                    timezone.localtime(row.created_at).isoformat(),
                    row.actor.email,
                    row.subject_type,
                    row.subject_id,
                    row.fields,
                    row.reason,
                )
            ]
        )
    return response


@dpo_required
@require_http_methods(["GET"])
def consents(request):
    email = request.GET.get("person", "").strip()[:254]
    history = None
    if email:
        user = get_user_model().objects.filter(email__iexact=email).first()
        history = list(selectors.consent_history(user=user)) if user else []
    labels = dict(ConsentPurpose.choices)
    return TemplateResponse(
        request,
        "privacy/admin/consents.html",
        {
            "counts": [
                {**row, "label": labels.get(row["purpose"], row["purpose"])}
                for row in selectors.consent_counts()
            ],
            "person": email,
            "history": history,
        },
    )


@dpo_required
@require_http_methods(["GET"])
def retention(request):
    last = selectors.retention_last_run()
    return TemplateResponse(
        request,
        "privacy/admin/retention.html",
        {
            "last": last,
            "removed": [
                (kind, RETENTION_LABELS.get(kind, kind), count)
                for kind, count in (last.removed.items() if last else [])
            ],
            "periods": [
                (RETENTION_LABELS.get(kind, kind), period.days)
                for kind, period in rights.retention_periods().items()
            ],
        },
    )


@dpo_required
@require_POST
def retention_run(request):
    run = services.retention_run()
    messages.success(
        request,
        _("Retention job done: %(count)s records purged.") % {"count": sum(run.removed.values())},
    )
    return redirect("privacy_admin:retention")
