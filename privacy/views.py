"""The privacy centre ("My privacy"): notice, consents, details and addresses, download my data,
delete my account, requests; and the guest's request page. Rules live in ``privacy.services``."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import DomainError
from privacy import limits, rights, selectors, services
from privacy.forms import (
    AddressForm,
    DeleteAccountForm,
    DetailsForm,
    GuestRequestForm,
    RequestForm,
    national,
)
from privacy.models import (
    BUSINESS_PURPOSES,
    OPTIONAL_PURPOSES,
    ConsentPurpose,
    ConsentSource,
    ExportStatus,
)
from privacy.tasks import build_data_export


@require_safe
def notice(request):
    current = selectors.notice_current()
    body = ""
    if current is not None:
        body = current.body_en if get_language() == "en" else current.body_vi
    return render(request, "privacy/notice.html", {"notice": current, "body": body})


@login_required
@require_safe
def centre(request):
    user = request.user
    given = selectors.consents_of(user=user)
    owned = rights.lookup("owned_businesses")(user)
    per_business = selectors.business_consents(business_ids=[pk for pk, _name in owned])
    exports = list(selectors.exports_of(user=user)[:5])
    addresses = list(selectors.addresses_of(user=user))
    wards = dict(rights.lookup("wards")()) if addresses else {}
    return render(
        request,
        "privacy/centre.html",
        {
            "notice_version": selectors.notice_version(),
            "personal_purposes": [
                (purpose, ConsentPurpose(purpose).label, given[purpose])
                for purpose in OPTIONAL_PURPOSES
                if purpose not in BUSINESS_PURPOSES
            ],
            "businesses": [
                (
                    pk,
                    name,
                    [
                        (p, ConsentPurpose(p).label, p in per_business.get(pk, set()))
                        for p in BUSINESS_PURPOSES
                    ],
                )
                for pk, name in owned
            ],
            "details": selectors.details_of(user=user),
            "addresses": [(a, wards.get(a.ward_code, a.ward_code)) for a in addresses],
            "exports": exports,
            "building": any(
                e.status in (ExportStatus.QUEUED, ExportStatus.RUNNING) for e in exports
            ),
            "requests": selectors.requests_of(user=user)[:20],
            "request_form": RequestForm(),
        },
    )


@login_required
@require_POST
def consent(request):
    """One click gives or withdraws one purpose (for one business, for the per-business ones)."""
    purpose = request.POST.get("purpose", "")
    action = request.POST.get("action", "")
    if purpose not in OPTIONAL_PURPOSES or action not in ("give", "withdraw"):
        messages.error(request, _("Unknown choice."))
        return redirect("privacy:centre")
    business_id = None
    if purpose in BUSINESS_PURPOSES:
        owned = dict(rights.lookup("owned_businesses")(request.user))
        try:
            business_id = int(request.POST.get("business", ""))
        except ValueError:
            business_id = None
        if business_id not in owned:
            messages.error(request, _("Choose one of your businesses."))
            return redirect("privacy:centre")
    if action == "give":
        services.consent_give(
            user=request.user,
            purpose=purpose,
            business_id=business_id,
            source=(
                ConsentSource.BUSINESS_PROFILE
                if request.POST.get("source") == ConsentSource.BUSINESS_PROFILE
                else ConsentSource.PRIVACY_PAGE
            ),
        )
        messages.success(request, _("Thank you: your consent is recorded."))
    else:
        services.consent_withdraw(user=request.user, purpose=purpose, business_id=business_id)
        messages.success(request, _("Your consent is withdrawn. It takes effect now."))
    return redirect(reverse("privacy:centre") + "#consents")


@login_required
@require_http_methods(["GET", "POST"])
def details(request):
    current = selectors.details_of(user=request.user)
    initial = {
        "first_name": request.user.first_name,
        "last_name": request.user.last_name,
        "phone": national(current.phone) if current else "",
    }
    form = DetailsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            services.details_update(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your details are saved."))
            return redirect("privacy:centre")
        return render(request, "privacy/details.html", {"form": form}, status=400)
    return render(request, "privacy/details.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def address(request, pk=None):
    existing = None
    if pk is not None:
        existing = selectors.address_of(user=request.user, address_id=pk)
        if existing is None:
            raise Http404
    initial = {}
    if existing is not None:
        initial = {
            "label": existing.label,
            "contact_name": existing.contact_name,
            "phone": national(existing.phone),
            "street_address": existing.street_address,
            "ward_code": existing.ward_code,
        }
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            services.address_save(user=request.user, address=existing, **form.cleaned_data)
            messages.success(request, _("The address is saved."))
            return redirect(reverse("privacy:centre") + "#addresses")
        return render(
            request, "privacy/address.html", {"form": form, "address": existing}, status=400
        )
    return render(request, "privacy/address.html", {"form": form, "address": existing})


@login_required
@require_POST
def address_delete(request, pk):
    try:
        services.address_delete(user=request.user, address_id=pk)
    except DomainError as exc:
        raise Http404 from exc
    messages.success(request, _("The address is deleted."))
    return redirect(reverse("privacy:centre") + "#addresses")


@login_required
@require_POST
def export_start(request):
    if not limits.consume((limits.EXPORTS_PER_USER, request.user.pk)):
        messages.error(
            request, _("You asked for your data several times today. Try again tomorrow.")
        )
        return redirect(reverse("privacy:centre") + "#download")
    export = services.export_start(user=request.user)
    build_data_export.enqueue(export_id=export.pk)
    messages.success(
        request, _("Your data is being prepared. This page shows when it is ready to download.")
    )
    return redirect(reverse("privacy:centre") + "#download")


@login_required
@require_safe
def export_download(request, token, kind):
    export = selectors.export_for_download(user=request.user, token=token)
    if export is None:
        raise Http404
    return _download(export, kind)


def _download(export, kind: str) -> HttpResponse:
    stamp = export.finished_at.strftime("%Y%m%d-%H%M")
    if kind == "json":
        response = HttpResponse(export.payload, content_type="application/json; charset=utf-8")
        filename = f"choso-my-data-{stamp}.json"
    else:
        response = HttpResponse(export.summary, content_type="text/html; charset=utf-8")
        filename = f"choso-my-data-{stamp}.html"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def request_create(request):
    form = RequestForm(request.POST)
    if form.is_valid():
        services.rights_request_open(
            kind=form.cleaned_data["kind"],
            user=request.user,
            details=form.cleaned_data["details"],
        )
        messages.success(request, _("Your request is received. You can follow it on this page."))
    else:
        messages.error(request, _("Say what you ask and give the details."))
    return redirect(reverse("privacy:centre") + "#requests")


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    blockers = services.deletion_blockers(user=user)
    handovers = services.deletion_handovers(user=user)
    form = DeleteAccountForm(request.POST or None, user=user, handovers=handovers)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.account_delete(user=user, handover=form.handover())
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                logout(request)
                messages.success(request, _("Your account is deleted. Goodbye."))
                return redirect("privacy:notice")
    return render(
        request,
        "privacy/delete.html",
        {"form": form, "blockers": blockers, "handovers": handovers},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def guest_request(request):
    form = GuestRequestForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "privacy/guest_request.html", {"form": form}, status=400)
        if not limits.consume(
            (limits.GUEST_REQUESTS_PER_ADDRESS, request.META.get("REMOTE_ADDR", "")),
            (limits.GUEST_REQUESTS_PER_EMAIL, services.email_index(form.cleaned_data["email"])),
        ):
            form.add_error(None, _("Too many requests. Try again in an hour."))
            return render(request, "privacy/guest_request.html", {"form": form}, status=429)
        token = services.guest_request_start(**form.cleaned_data)
        if token is not None:
            link = request.build_absolute_uri(
                reverse("privacy:guest_confirm", kwargs={"token": token})
            )
            send_mail(
                subject=_("Confirm your privacy request on Chợ Số"),
                message=render_to_string(
                    "privacy/email/guest_confirm.txt", {"link": link}, request=request
                ),
                from_email=None,
                recipient_list=[form.cleaned_data["email"]],
            )
        # The same answer for a known and an unknown pair: nobody learns who ordered what.
        return render(request, "privacy/guest_sent.html", status=200)
    return render(request, "privacy/guest_request.html", {"form": form})


# The guest's exports this browser session may download (their tokens).
GUEST_EXPORTS_SESSION_KEY = "privacy_guest_exports"


@require_http_methods(["GET", "POST"])
def guest_confirm(request, token):
    pending = services.guest_request_pending(token=token)
    if pending is None:
        raise Http404
    if request.method == "POST":
        row = services.guest_request_confirm(token=token)
        export = row.exports.first()
        if export is not None:
            held = request.session.get(GUEST_EXPORTS_SESSION_KEY, [])
            request.session[GUEST_EXPORTS_SESSION_KEY] = [*held[-4:], export.token]
        return render(request, "privacy/guest_done.html", {"row": row, "export": export})
    return render(request, "privacy/guest_confirm.html", {"pending": pending})


@require_safe
def guest_download(request, token, kind):
    export = selectors.guest_export_for_download(
        token=token, allowed=request.session.get(GUEST_EXPORTS_SESSION_KEY, [])
    )
    if export is None:
        raise Http404
    return _download(export, kind)
