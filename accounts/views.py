"""Pages of the accounts app: my account, my business profile, staff invitations, ward search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import ratelimit, selectors, services
from accounts.forms import BusinessProfileForm, InvitationForm
from accounts.mfa import mfa_required
from accounts.models import Business, Invitation, MembershipRole
from accounts.validators import normalise_tax_code
from core.errors import DomainError
from privacy.masking import mask_address, mask_middle, mask_name, mask_phone


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _may_check_tax_code(request, tax_code: str, business: Business | None = None) -> bool:
    """Each save that looks up whether a new tax code or personal ID is taken counts against the
    user's limit, so nobody can test many numbers; a malformed or unchanged one is not looked up."""
    try:
        canonical, _kind = normalise_tax_code(tax_code)
    except ValidationError:
        return True
    if business is not None and canonical == business.tax_code:
        return True
    return ratelimit.consume((ratelimit.TAX_CODE_CHECKS_PER_USER, request.user.pk))


TOO_MANY_CHECKS = gettext_lazy(
    "Too many tax codes were checked from your account. Try again in an hour."
)


@login_required
@require_safe
def dashboard(request):
    businesses = selectors.businesses_for_user(user=request.user).order_by("trading_name")
    roles = dict(request.user.memberships.values_list("business_id", "role"))
    return render(
        request,
        "accounts/dashboard.html",
        {
            "entries": [(business, roles.get(business.pk)) for business in businesses],
            "owner_role": MembershipRole.OWNER,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def business_create(request):
    form = BusinessProfileForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not _may_check_tax_code(request, form.cleaned_data["tax_code"]):
            form.add_error("tax_code", TOO_MANY_CHECKS)
            status = 429
        else:
            try:
                business = services.business_create(
                    owner=request.user, consents=form.consent_answers(), **form.cleaned_data
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Your business profile is saved."))
                return redirect(business.get_absolute_url())
    return render(
        request, "accounts/business_form.html", {"form": form, "creating": True}, status=status
    )


def _member_business(request, slug):
    business = selectors.business_for_member(user=request.user, slug=slug)
    if business is None:
        raise Http404
    return business


@login_required
@mfa_required
@require_safe
def business_detail(request, slug):
    business = _member_business(request, slug)
    owner = selectors.is_owner(user=request.user, business=business)
    if owner:
        shown = {
            "tax_code": business.tax_code,
            "owner_name": business.owner_name,
            "phone": business.phone,
            "street_address": business.street_address,
        }
    else:
        shown = {
            "tax_code": mask_middle(business.tax_code),
            "owner_name": mask_name(business.owner_name),
            "phone": mask_phone(business.phone),
            "street_address": mask_address(business.street_address),
        }
    members = business.memberships.select_related("user").order_by("role", "user__email")
    pending = business.invitations.filter(accepted_at__isnull=True).order_by("-created_at")
    return render(
        request,
        "accounts/business_detail.html",
        {
            "business": business,
            "shown": shown,
            "is_owner": owner,
            "members": members,
            "pending": pending if owner else [],
            "invite_form": InvitationForm() if owner else None,
        },
    )


@login_required
@mfa_required
@require_http_methods(["GET", "POST"])
def business_edit(request, slug):
    business = _member_business(request, slug)
    if not selectors.is_owner(user=request.user, business=business):
        raise PermissionDenied
    form = BusinessProfileForm(
        request.POST or None, initial=BusinessProfileForm.initial_from(business)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if not _may_check_tax_code(request, form.cleaned_data["tax_code"], business):
            form.add_error("tax_code", TOO_MANY_CHECKS)
            status = 429
        else:
            try:
                services.business_update(
                    business=business,
                    by=request.user,
                    consents=form.consent_answers(),
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                business.refresh_from_db()
                _add_errors(form, exc)
            else:
                messages.success(request, _("Your business profile is saved."))
                return redirect(business.get_absolute_url())
    return render(
        request,
        "accounts/business_form.html",
        {"form": form, "business": business},
        status=status,
    )


@login_required
@mfa_required
@require_POST
def business_invite(request, slug):
    business = _member_business(request, slug)
    if not selectors.is_owner(user=request.user, business=business):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, token = services.invitation_create(
                business=business, email=form.cleaned_data["email"], invited_by=request.user
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            _send_invitation(request, invitation, token)
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
    else:
        messages.error(request, " ".join(form.errors["email"]))
    return redirect(business.get_absolute_url())


def _send_invitation(request, invitation: Invitation, token: str) -> None:
    link = request.build_absolute_uri(
        reverse("accounts:invitation_accept", kwargs={"token": token})
    )
    context = {"invitation": invitation, "link": link}
    send_mail(
        # One line: a line break in a trading name would break the mail header (a 500).
        subject=_("You are invited to join %(business)s on Chợ Số")
        % {"business": " ".join(invitation.business.trading_name.split())},
        message=render_to_string("accounts/email/invitation.txt", context, request=request),
        from_email=None,
        recipient_list=[invitation.email],
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = selectors.invitation_open(token=token)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:dashboard")
        messages.success(
            request,
            _("You joined %(business)s.") % {"business": membership.business.trading_name},
        )
        return redirect(membership.business.get_absolute_url())
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})


@require_safe
def ward_search(request):
    """JSON list of wards matching ?q= with or without diacritics, for pickers and the API."""
    query = request.GET.get("q", "")[:100]
    english = request.LANGUAGE_CODE == "en"
    return JsonResponse(
        {
            "results": [
                {
                    "code": ward.code,
                    "name": ward.full_name_en if english else ward.full_name,
                    "former_district": ward.former_district,
                }
                for ward in selectors.ward_search(query=query)
            ]
        }
    )
