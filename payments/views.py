"""Pages of the payments app: the owner's e-payment account, the programme overview, the sandbox's
hosted pages, and the provider webhooks (unprefixed, in ``webhook_urls``)."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import selectors as account_selectors
from accounts.mfa import mfa_required
from accounts.models import Business
from core.errors import DomainError
from payments import selectors, services
from payments.forms import SandboxCheckoutForm, SandboxDecisionForm
from payments.models import AccountState
from payments.providers import get_provider
from payments.providers.base import ProviderError, WebhookSignatureInvalid
from payments.sandbox import checkout as sandbox_checkout_flow
from payments.sandbox.provider import LINK_SALT
from payments.sandbox.services import sandbox_account_decide

logger = logging.getLogger(__name__)

LINK_MAX_AGE_SECONDS = 15 * 60
PROGRAMME_PAGE_SIZE = 50

_STATE_MESSAGES = {
    AccountState.NOT_STARTED: gettext_lazy("You have not opened an e-payment account yet."),
    AccountState.INFORMATION_NEEDED: gettext_lazy(
        "The payment provider needs more information before your shop can take payments."
    ),
    AccountState.UNDER_REVIEW: gettext_lazy(
        "The payment provider is reviewing your details. This usually takes a few minutes to a "
        "few days; nothing is needed from you now."
    ),
    AccountState.READY: gettext_lazy(
        "Your shop can take electronic payments. Payouts go to your account."
    ),
    AccountState.RESTRICTED: gettext_lazy(
        "Payments or payouts are paused until the provider receives what is due. Continue below."
    ),
    AccountState.REJECTED: gettext_lazy(
        "The payment provider rejected this account. Contact the programme team for help."
    ),
}


def _member_business(request, slug) -> Business:
    business = account_selectors.business_for_member(user=request.user, slug=slug)
    if business is None:
        raise Http404
    return business


def _owned_business(request, slug) -> Business:
    business = _member_business(request, slug)
    if not account_selectors.is_owner(user=request.user, business=business):
        raise PermissionDenied
    return business


def _account_url(business: Business) -> str:
    return reverse("payments:account", kwargs={"slug": business.slug})


@login_required
@mfa_required
@require_safe
def overview(request):
    businesses = list(selectors.businesses_with_accounts(user=request.user))
    if len(businesses) == 1:
        return redirect(_account_url(businesses[0]))
    entries = [(business, getattr(business, "payment_account", None)) for business in businesses]
    return render(request, "payments/overview.html", {"entries": entries})


@login_required
@mfa_required
@require_safe
def account(request, slug):
    business = _member_business(request, slug)
    payment_account = selectors.payment_account_for_business(business=business)
    state = selectors.state_of(payment_account)
    return render(
        request,
        "payments/account.html",
        {
            "business": business,
            "account": payment_account,
            "state": state,
            "state_label": AccountState(state).label,
            "state_message": _STATE_MESSAGES[state],
            "is_owner": account_selectors.is_owner(user=request.user, business=business),
            "can_continue": state not in (AccountState.READY, AccountState.REJECTED),
            "can_open_dashboard": bool(payment_account and payment_account.details_submitted)
            and state != AccountState.REJECTED,
            "sandbox": (payment_account.provider if payment_account else get_provider().name)
            == "sandbox",
        },
    )


@login_required
@mfa_required
@require_POST
def account_open(request, slug):
    """Opens (once) or continues the account: to the provider's onboarding page."""
    business = _owned_business(request, slug)
    try:
        payment_account = services.payment_account_open(business=business)
        url = services.payment_account_onboarding_url(
            account=payment_account,
            return_url=request.build_absolute_uri(
                reverse("payments:account_return", kwargs={"slug": slug})
            ),
            refresh_url=request.build_absolute_uri(
                reverse("payments:account_refresh", kwargs={"slug": slug})
            ),
        )
    except DomainError as exc:
        if isinstance(exc, ProviderError):
            logger.warning("Opening the account of business %s failed: %s", business.pk, exc.detail)
        messages.error(request, exc.message)
        return redirect(_account_url(business))
    return HttpResponseRedirect(url)


@login_required
@mfa_required
@require_safe
def account_refresh(request, slug):
    """The provider's link expired or was used: make a fresh one (Stripe's ``refresh_url``)."""
    business = _owned_business(request, slug)
    payment_account = selectors.payment_account_for_business(business=business)
    if payment_account is None or not payment_account.provider_account_id:
        return redirect(_account_url(business))
    try:
        url = services.payment_account_onboarding_url(
            account=payment_account,
            return_url=request.build_absolute_uri(
                reverse("payments:account_return", kwargs={"slug": slug})
            ),
            refresh_url=request.build_absolute_uri(request.path),
        )
    except ProviderError as exc:
        messages.error(request, exc.message)
        return redirect(_account_url(business))
    return HttpResponseRedirect(url)


@login_required
@mfa_required
@require_safe
def account_return(request, slug):
    """Back from onboarding: re-fetch, since arriving here does not mean the account is done."""
    business = _member_business(request, slug)
    payment_account = selectors.payment_account_for_business(business=business)
    if payment_account is not None:
        try:
            payment_account = services.payment_account_refresh(account=payment_account)
        except ProviderError as exc:
            messages.error(request, exc.message)
        else:
            level = messages.SUCCESS if payment_account.is_ready else messages.INFO
            messages.add_message(request, level, _STATE_MESSAGES[payment_account.state])
    return redirect(_account_url(business))


@login_required
@mfa_required
@require_POST
def account_dashboard(request, slug):
    business = _owned_business(request, slug)
    payment_account = selectors.payment_account_for_business(business=business)
    if payment_account is None or not payment_account.details_submitted:
        messages.error(request, _("Finish opening the account first."))
        return redirect(_account_url(business))
    try:
        url = services.payment_account_dashboard_url(account=payment_account)
    except ProviderError as exc:
        messages.error(request, exc.message)
        return redirect(_account_url(business))
    return HttpResponseRedirect(url)


@login_required
@mfa_required
@require_safe
def programme(request):
    """Per business, whether it can take payments: for programme managers (no secrets, no bank)."""
    if not selectors.can_see_programme_overview(user=request.user):
        raise PermissionDenied
    page = Paginator(selectors.programme_account_overview(), PROGRAMME_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    ready = sum(1 for business in page if business.can_take_payments)
    return render(request, "payments/programme.html", {"page": page, "ready_on_page": ready})


# The sandbox provider's hosted pages ----------------------------------------------------------


def _sandbox_account_for_owner(request, account_id):
    sandbox = selectors.sandbox_account(account_id=account_id)
    if sandbox is None:
        raise Http404
    business = Business.objects.filter(pk=sandbox.business_id).first()
    if business is None or not account_selectors.is_owner(user=request.user, business=business):
        raise Http404
    return sandbox, business


@login_required
@mfa_required
@require_http_methods(["GET", "POST"])
def sandbox_onboarding(request, account_id):
    sandbox, business = _sandbox_account_for_owner(request, account_id)
    try:
        link = signing.loads(
            request.GET.get("link", ""), salt=LINK_SALT, max_age=LINK_MAX_AGE_SECONDS
        )
    except signing.BadSignature:
        messages.error(request, _("This onboarding link has expired. Continue from here."))
        return redirect(_account_url(business))
    if link.get("a") != account_id:
        raise Http404
    form = SandboxDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = sandbox_account_decide(
            account_id=account_id, decision=form.cleaned_data["decision"]
        )
        if result.failed:
            messages.error(request, _("The sandbox could not record the decision. Try again."))
            return redirect(request.get_full_path())
        # The return URL was signed by us when the link was made: not an open redirect.
        return HttpResponseRedirect(link["r"])
    return render(
        request,
        "payments/sandbox/onboarding.html",
        {"sandbox": sandbox, "business": business, "form": form},
    )


@login_required
@mfa_required
@require_safe
def sandbox_dashboard(request, account_id):
    sandbox, business = _sandbox_account_for_owner(request, account_id)
    return render(
        request, "payments/sandbox/dashboard.html", {"sandbox": sandbox, "business": business}
    )


@require_http_methods(["GET", "POST"])
def sandbox_checkout(request):
    """The sandbox's hosted payment page: pay or fail, then back to the shop."""
    session = sandbox_checkout_flow.session_from_token(request.GET.get("session", ""))
    if session is None:
        return HttpResponseBadRequest(_("This payment link is not valid or has expired."))
    form = SandboxCheckoutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        paid = form.cleaned_data["outcome"] == SandboxCheckoutForm.PAY
        result = sandbox_checkout_flow.sandbox_checkout_finish(session=session, paid=paid)
        if result.failed:
            messages.error(request, _("The sandbox could not record the payment. Try again."))
            return redirect(request.get_full_path())
        return HttpResponseRedirect(session["success_url"] if paid else session["cancel_url"])
    return render(request, "payments/sandbox/checkout.html", {"session": session, "form": form})


# Webhooks (unprefixed machine endpoints) ------------------------------------------------------


def _receive(request, endpoint: str):
    try:
        result = services.webhook_receive(
            provider=get_provider("stripe"),
            endpoint=endpoint,
            body=request.body,
            signature=request.headers.get("Stripe-Signature", ""),
        )
    except WebhookSignatureInvalid as exc:
        logger.warning("Rejected a Stripe %s webhook: %s", endpoint, exc)
        return JsonResponse({"error": "invalid signature"}, status=400)
    if result.failed:
        # Stored with its error; a non-2xx answer makes Stripe deliver it again later.
        return JsonResponse({"received": True, "error": "processing failed"}, status=500)
    return JsonResponse(
        {"received": True, "duplicate": result.duplicate, "outcome": result.event.outcome}
    )


@csrf_exempt
@require_POST
def stripe_webhook(request):
    return _receive(request, "platform")


@csrf_exempt
@require_POST
def stripe_connect_webhook(request):
    return _receive(request, "connect")
