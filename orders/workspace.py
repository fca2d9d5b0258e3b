"""The vendor's orders in the seller workspace (the Wagtail admin), registered by wagtail_hooks.

A member of a business sees the paid orders of their own businesses only (another shop's order is
a 404), with what they need to deliver: the lines, the name, phone and address of the recipient,
never the shopper's email or account. They mark an order sent or completed, and refund the whole
order or some lines; every change goes through ``orders.services``.
"""

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.money import group_thousands
from orders import selectors, services
from orders.forms import RefundForm
from orders.models import OrderStatus, PaymentMethod, PaymentState
from privacy.errors import DomainError

PAGE_SIZE = 50


@require_safe
def order_list(request):
    orders = selectors.orders_for_vendor(user=request.user)
    status = request.GET.get("status", "")
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "orders/workspace/list.html",
        {
            "page": page,
            "status": status,
            "statuses": [s for s in OrderStatus if s not in ("pending_payment", "cancelled")],
            "header_title": _("My orders"),
            "page_title": _("My orders"),
            "header_icon": "list-ul",
        },
    )


def _order(request, order_id):
    order = selectors.order_for_vendor(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    return order


def _detail_url(order) -> str:
    return reverse("orders_workspace:detail", kwargs={"order_id": order.pk})


def _render_detail(request, order, *, refund_form=None, status=200):
    form = refund_form or RefundForm(order=order, initial={"key": uuid.uuid4()})
    return TemplateResponse(
        request,
        "orders/workspace/detail.html",
        {
            "order": order,
            "group": order.group,
            "lines": list(order.lines.all()),
            "refund_form": form,
            "refund_rows": [(line, form[f"line_{line.pk}"]) for line in order.lines.all()],
            "can_fulfil": order.can_move_to(OrderStatus.FULFILLED),
            "can_complete": order.can_move_to(OrderStatus.COMPLETED),
            "can_refund": order.refundable_amount > 0
            and order.can_move_to(OrderStatus.PARTIALLY_REFUNDED),
            "can_confirm_transfer": order.payment_method == PaymentMethod.VIETQR
            and order.payment_state == PaymentState.PENDING
            and order.status == OrderStatus.PENDING_PAYMENT,
            "can_cod_deliver": order.status == OrderStatus.PLACED,
            "needs_review": order.payment_state == PaymentState.NEEDS_REVIEW,
            "payment_events": list(order.payment_events.select_related("actor")),
            "header_title": _("Order %(number)s") % {"number": order.number},
            "page_title": _("Order %(number)s") % {"number": order.number},
            "header_icon": "list-ul",
        },
        status=status,
    )


@require_safe
def order_detail(request, order_id):
    return _render_detail(request, _order(request, order_id))


@require_POST
def order_fulfil(request, order_id):
    order = _order(request, order_id)
    try:
        services.order_mark_fulfilled(order=order)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, order, status=exc.status_code)
    messages.success(request, _("Marked as sent. The shopper gets an email."))
    return redirect(_detail_url(order))


@require_POST
def order_complete(request, order_id):
    order = _order(request, order_id)
    try:
        services.order_mark_completed(order=order)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, order, status=exc.status_code)
    messages.success(request, _("Marked as completed."))
    return redirect(_detail_url(order))


@require_POST
def order_refund(request, order_id):
    order = _order(request, order_id)
    form = RefundForm(request.POST, order=order)
    if not form.is_valid():
        return _render_detail(request, order, refund_form=form, status=400)
    try:
        refund = services.order_refund(
            order=order,
            quantities=form.quantities(),
            key=form.cleaned_data["key"],
            actor=request.user,
        )
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _render_detail(request, order, refund_form=form, status=exc.status_code)
    messages.success(
        request,
        _("Refunded %(amount)s ₫ to the shopper.") % {"amount": group_thousands(refund.amount)},
    )
    return redirect(_detail_url(order))


def _payment_action(request, order_id, action, done_message):
    order = _order(request, order_id)
    try:
        action(order)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _render_detail(request, order, status=exc.status_code)
    messages.success(request, done_message)
    return redirect(_detail_url(order))


@require_POST
def order_confirm_transfer(request, order_id):
    """ "Đã nhận tiền": the owner saw the transfer in the bank app (audited: who, when)."""
    return _payment_action(
        request,
        order_id,
        lambda order: services.order_payment_confirm_manual(order=order, actor=request.user),
        _("Payment confirmed. The shopper gets an email."),
    )


@require_POST
def order_cod_delivered(request, order_id):
    return _payment_action(
        request,
        order_id,
        lambda order: services.order_cod_delivered(order=order, actor=request.user),
        _("Marked as delivered, cash collected."),
    )


@require_POST
def order_review(request, order_id):
    accept = request.POST.get("decision") == "accept"
    if request.POST.get("decision") not in ("accept", "refund"):
        order = _order(request, order_id)
        messages.error(request, _("Choose to accept the payment or to refund it."))
        return _render_detail(request, order, status=400)
    return _payment_action(
        request,
        order_id,
        lambda order: services.order_payment_review_decide(
            order=order, actor=request.user, accept=accept
        ),
        _("Payment accepted.") if accept else _("Recorded: send the money back to the shopper."),
    )
