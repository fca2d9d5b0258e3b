"""The payment step of checkout: the orders app hands a placed order group here (by a 307 POST).

``checkout_pay`` shows the payment page (GET): one block per shop, each paid to the shop directly
(a VietQR code with the bank details, a payOS link, or cash on delivery), plus one card payment for
the shops paid together (Stripe or the sandbox). A POST starts that card payment; when the group
has no card part it shows the page. ``checkout_status`` is the small JSON the page polls.

The group must belong to the signed-in shopper or to the browser session that placed it (else
404); its amounts come from the database. A paid group is never charged twice.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.errors import DomainError
from orders import services as order_services
from orders.models import (
    PAYMENT_NOT_COMPLETED,
    Order,
    OrderPaymentEvent,
    PaymentMethod,
    PaymentState,
)
from orders.selectors import SESSION_GROUPS_KEY, order_group_for_shopper
from payments.checkout import (
    checkout_start,
    payment_blocks,
    payos_checkout_url,
    sandbox_simulate_transfer,
)
from payments.forms import BankAccountForm
from payments.vietqr import banks
from privacy.masking import mask_middle

POLL_SECONDS = 4


def _group(request, reference):
    group = order_group_for_shopper(
        reference=reference,
        user=request.user,
        session_references=request.session.get(SESSION_GROUPS_KEY, []),
    )
    if group is None:
        raise Http404
    return group


def _order(group, order_id) -> Order:
    for order in group.orders.all():
        if order.pk == order_id:
            return order
    raise Http404


def _page_url(group) -> str:
    return reverse("payments:checkout_pay", kwargs={"reference": group.reference})


def _detail_url(request, group) -> str:
    return request.build_absolute_uri(
        reverse("orders:group_detail", kwargs={"reference": group.reference})
    )


def _start_card(request, group):
    detail = _detail_url(request, group)
    try:
        url = checkout_start(
            group=group, success_url=f"{detail}?paid=1", cancel_url=f"{detail}?cancelled=1"
        )
    except DomainError as exc:
        return render(
            request,
            "orders/payment_error.html",
            {"group": group, "message": exc.message},
            status=exc.status_code,
        )
    return HttpResponseRedirect(url, status=303)


def _state_label(order: Order) -> str:
    if order.status == "placed":
        return _("Placed: pay in cash on delivery")
    if order.payment_state == PaymentState.PENDING and order.payment_claimed_at:
        return _("The shop is confirming your transfer")
    if order.payment_state in (PaymentState.CANCELLED, PaymentState.EXPIRED):
        return str(PAYMENT_NOT_COMPLETED)
    return str(order.get_payment_state_display())


@never_cache
@require_http_methods(["GET", "POST"])
def checkout_pay(request, reference):
    group = _group(request, reference)
    orders = list(group.orders.all())
    has_card = any(o.payment_method == PaymentMethod.STRIPE for o in orders)
    if request.method == "POST":
        direct = any(o.payment_method != PaymentMethod.STRIPE for o in orders)
        if has_card and (not direct or request.POST.get("start") == "card"):
            return _start_card(request, group)
        return redirect(_page_url(group))
    blocks = payment_blocks(group=group)
    card_orders = [o for o in orders if o.payment_method == PaymentMethod.STRIPE]
    return render(
        request,
        "payments/checkout_page.html",
        {
            "group": group,
            "blocks": [(block, _state_label(block.order)) for block in blocks],
            "card_orders": card_orders,
            "card_total": sum(o.total for o in card_orders),
            "card_pending": any(o.status == "pending_payment" for o in card_orders),
            "sandbox": settings.PAYMENT_PROVIDER == "sandbox",
            "poll_seconds": POLL_SECONDS,
        },
    )


@never_cache
@require_safe
def checkout_status(request, reference):
    """The payment state of each shop's order, for the page to update without a reload."""
    group = order_group_for_shopper(
        reference=reference,
        user=request.user,
        session_references=request.session.get(SESSION_GROUPS_KEY, []),
        orders=Prefetch("orders", queryset=Order.objects.only(*STATUS_FIELDS)),
    )
    if group is None:
        raise Http404
    return JsonResponse(
        {
            "group": {
                "status": group.status,
                "label": str(group.get_status_display()),
                "complete": group.status == "paid",
            },
            "orders": [
                {
                    "id": order.pk,
                    "status": order.status,
                    "payment_state": order.payment_state,
                    "label": _state_label(order),
                    "done": order.payment_state == PaymentState.PAID or order.status == "placed",
                }
                for order in group.orders.all()
            ],
        }
    )


STATUS_FIELDS = ("id", "group_id", "status", "payment_state", "payment_claimed_at")


@require_POST
def checkout_simulate(request, reference, order_id):
    """Sandbox only: the shop's bank monitor "sees" the transfer (same path as a real one)."""
    if settings.PAYMENT_PROVIDER != "sandbox":
        raise Http404
    group = _group(request, reference)
    order = _order(group, order_id)
    try:
        sandbox_simulate_transfer(order=order)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_page_url(group))


@require_POST
def checkout_claim(request, reference, order_id):
    """The shopper says they transferred: the page then says the shop is confirming."""
    group = _group(request, reference)
    order_services.order_payment_claimed(order=_order(group, order_id))
    messages.info(request, _("Thank you. The shop confirms when the money reaches its account."))
    return redirect(_page_url(group))


@require_POST
def checkout_payos(request, reference, order_id):
    """To the shop's payOS payment page (the link is made once, outside any transaction)."""
    group = _group(request, reference)
    order = _order(group, order_id)
    page = request.build_absolute_uri(_page_url(group))
    try:
        url = payos_checkout_url(order=order, return_url=page, cancel_url=page)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_page_url(group))
    return HttpResponseRedirect(url, status=303)


def _refund_due(group) -> bool:
    """A shop decided to send money back for one of this group's orders (a payment under review
    refused, or a duplicate/over payment returned): the shopper's refund account is needed."""
    return OrderPaymentEvent.objects.filter(
        order__group=group, kind=OrderPaymentEvent.Kind.REVIEW_REFUNDED
    ).exists()


@never_cache
@require_http_methods(["GET", "POST"])
def checkout_refund_account(request, reference):
    """The shopper's bank account for a refund the shop owes, asked once (encrypted at rest).

    Only the shopper who placed the group (signed in, or this browser's session for a guest)
    reaches it, and only while a refund is due; once given it is shown masked, never again asked.
    """
    group = _group(request, reference)
    if group.refund_account_given_at is None and not _refund_due(group):
        raise Http404
    form = None
    if group.refund_account_given_at is None:
        form = BankAccountForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                order_services.order_group_set_refund_account(
                    group=group,
                    bank_code=form.cleaned_data["bank_code"],
                    account_number=form.cleaned_data["account_number"],
                    holder_name=form.cleaned_data["holder_name"],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, _("Thank you. The shop sends the refund to this account.")
                )
            return redirect(
                reverse("payments:checkout_refund_account", kwargs={"reference": group.reference})
            )
    elif request.method == "POST":
        messages.error(request, _("You already gave a refund account for this order."))
        return redirect(
            reverse("payments:checkout_refund_account", kwargs={"reference": group.reference})
        )
    status = 400 if form is not None and form.is_bound and form.errors else 200
    bank = banks.get(group.refund_bank_code) if group.refund_bank_code else None
    return render(
        request,
        "payments/refund_account.html",
        {
            "group": group,
            "form": form,
            "bank": bank,
            "account_masked": mask_middle(group.refund_account_number, keep_start=0, keep_end=4)
            if group.refund_account_number
            else "",
        },
        status=status,
    )
