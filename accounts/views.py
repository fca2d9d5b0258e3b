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
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import selectors, services
from accounts.forms import BusinessProfileForm, InvitationForm
from accounts.models import Invitation, MembershipRole
from privacy.errors import DomainError
from privacy.masking import mask_address, mask_middle, mask_name, mask_phone


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


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
    if request.method == "POST" and form.is_valid():
        try:
            business = services.business_create(owner=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your business profile is saved."))
            return redirect(business.get_absolute_url())
    return render(request, "accounts/business_form.html", {"form": form, "creating": True})


def _member_business(request, slug):
    business = selectors.business_for_member(user=request.user, slug=slug)
    if business is None:
        raise Http404
    return business


@login_required
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
@require_http_methods(["GET", "POST"])
def business_edit(request, slug):
    business = _member_business(request, slug)
    if not selectors.is_owner(user=request.user, business=business):
        raise PermissionDenied
    form = BusinessProfileForm(
        request.POST or None, initial=BusinessProfileForm.initial_from(business)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.business_update(business=business, **form.cleaned_data)
        except ValidationError as exc:
            business.refresh_from_db()
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your business profile is saved."))
            return redirect(business.get_absolute_url())
    return render(request, "accounts/business_form.html", {"form": form, "business": business})


@login_required
@require_POST
def business_invite(request, slug):
    business = _member_business(request, slug)
    if not selectors.is_owner(user=request.user, business=business):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                business=business, email=form.cleaned_data["email"], invited_by=request.user
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            _send_invitation(request, invitation)
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
    else:
        messages.error(request, " ".join(form.errors["email"]))
    return redirect(business.get_absolute_url())


def _send_invitation(request, invitation: Invitation) -> None:
    link = request.build_absolute_uri(
        reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
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
    invitation = (
        Invitation.objects.select_related("business", "invited_by")
        .filter(token=token, accepted_at__isnull=True)
        .first()
    )
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
