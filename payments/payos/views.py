"""Pages and endpoint of the payOS rail.

- ``connect`` (``/<lang>/payments/business/<slug>/payos/``): the owner enters the shop's payOS
  keys; they are checked with payOS before anything is kept. ``disconnect`` removes them.
- ``webhook`` (``/payments/payos/<webhook_token>/``, unprefixed): payOS's signed notifications.
- ``sandbox_pay`` (``/<lang>/payments/sandbox/payos/<order_code>/``): the offline payOS's checkout
  page, routed only where the sandbox is allowed and answering only while payOS is the sandbox.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors as account_selectors
from accounts.mfa import mfa_required
from accounts.models import Business
from core.errors import DomainError, NotFound
from orders.models import Order, PaymentState
from payments.models import PayOSChannel
from payments.payos import sandbox, services
from payments.payos.client import sandbox_active
from payments.payos.forms import PayOSConnectForm
from payments.providers.base import ProviderError, WebhookSignatureInvalid

logger = logging.getLogger(__name__)


def _owned_business(request, slug) -> Business:
    business = account_selectors.business_for_member(user=request.user, slug=slug)
    if business is None:
        raise Http404
    if not account_selectors.is_owner(user=request.user, business=business):
        raise PermissionDenied
    return business


def _connect_url(business: Business) -> str:
    return reverse("payments:payos_connect", kwargs={"slug": business.slug})


@never_cache
@login_required
@mfa_required
@require_http_methods(["GET", "POST"])
def connect(request, slug):
    business = _owned_business(request, slug)
    channel = PayOSChannel.objects.filter(business=business).first()
    form = PayOSConnectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _channel, account = services.payos_channel_connect(
                business=business, actor=request.user, **form.cleaned_data
            )
        except DomainError as exc:
            if isinstance(exc, ProviderError):
                logger.warning("payOS refused business %s's keys: %s", business.pk, exc.detail)
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("payOS is connected. Payments go to %(bank)s account %(number)s (%(name)s).")
                % {
                    "bank": account.bank_short_name,
                    "number": account.account_number,
                    "name": account.account_name,
                },
            )
            return redirect(_connect_url(business))
    return render(
        request,
        "payments/payos/connect.html",
        {
            "business": business,
            "channel": channel if channel is not None and channel.is_verified else None,
            "form": form,
            "sandbox": sandbox_active(),
        },
    )


@login_required
@mfa_required
@require_POST
def disconnect(request, slug):
    business = _owned_business(request, slug)
    try:
        services.payos_channel_disconnect(business=business, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("payOS is disconnected: shoppers no longer see it."))
    return redirect(_connect_url(business))


@csrf_exempt
@require_POST
def webhook(request, webhook_token):
    try:
        result = services.payos_webhook_receive(webhook_token=webhook_token, body=request.body)
    except NotFound:
        return JsonResponse({"success": False, "error": "unknown channel"}, status=404)
    except WebhookSignatureInvalid as exc:
        logger.warning("Rejected a payOS webhook: %s", exc)
        return JsonResponse({"success": False, "error": "invalid signature"}, status=400)
    if result.failed:
        # Stored with its error; a non-2xx answer makes payOS deliver it again.
        return JsonResponse({"success": False, "error": "processing failed"}, status=500)
    return JsonResponse(
        {"success": True, "duplicate": result.duplicate, "outcome": result.event.outcome}
    )


def _sandbox_order(order_code: int) -> tuple[Order, PayOSChannel]:
    if not sandbox_active():
        raise Http404
    order = (
        Order.objects.select_related("business", "group")
        .filter(payos_order_code=order_code)
        .first()
    )
    channel = PayOSChannel.objects.filter(business_id=order.business_id).first() if order else None
    if order is None or channel is None:
        raise Http404
    return order, channel


@never_cache
@require_http_methods(["GET", "POST"])
def sandbox_pay(request, order_code):
    """The sandbox payOS checkout: "Pay" sends the signed webhook payOS would send."""
    order, channel = _sandbox_order(order_code)
    back = reverse("payments:checkout_pay", kwargs={"reference": order.group.reference})
    payable = order.payment_state == PaymentState.PENDING
    if request.method == "POST":
        # Like payOS, a link already paid, expired or cancelled takes no payment.
        if request.POST.get("outcome") == "pay" and payable:
            body = sandbox.payment_webhook(order=order, checksum_key=channel.checksum_key)
            result = services.payos_webhook_receive(webhook_token=channel.webhook_token, body=body)
            if result.failed:
                messages.error(request, _("The sandbox could not record the payment. Try again."))
                return redirect(request.path)
        return redirect(back)
    return render(
        request,
        "payments/payos/sandbox_pay.html",
        {
            "order": order,
            "payable": payable,
            "back": back,
        },
    )
