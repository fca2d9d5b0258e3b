"""The vendor's orders in the seller workspace (the Wagtail admin), registered by wagtail_hooks.

A member of a business sees the paid orders of their own businesses only (another shop's order is
a 404), with what they need to deliver: the lines, the name, phone and address of the recipient,
never the shopper's email or account. They mark an order sent or completed, and refund the whole
order or some lines; every change goes through ``orders.services``. They print a packing slip per
order (with a QR of the order number drawn here, by segno) and read or download (CSV, XLSX) a
monthly sales statement of each of their shops (``orders.statements``).
"""

import csv
import io
import re
import uuid
from datetime import date

import segno
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from openpyxl import Workbook

from accounts.selectors import businesses_for_user
from core.errors import DomainError
from core.money import group_thousands
from orders import selectors, services, statements
from orders.forms import RefundForm, ShipForm
from orders.models import Carrier, OrderStatus, PaymentMethod, PaymentState
from privacy.spreadsheets import escape_formula

PAGE_SIZE = 50


class OrderFilterForm(forms.Form):
    """The list's filters: one of the user's shops, a status, a payment state (all optional)."""

    shop = forms.TypedChoiceField(label=gettext_lazy("Shop"), required=False, coerce=int)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    payment_state = forms.ChoiceField(label=gettext_lazy("Payment"), required=False)

    def __init__(self, *args, businesses, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["shop"].choices = everything + [(b.pk, b.trading_name) for b in businesses]
        self.fields["status"].choices = everything + [
            (s.value, s.label) for s in OrderStatus if s != OrderStatus.CANCELLED
        ]
        self.fields["payment_state"].choices = everything + list(PaymentState.choices)

    def filter(self, orders):
        data = self.cleaned_data
        if data.get("shop"):
            orders = orders.filter(business_id=data["shop"])
        if data.get("status"):
            orders = orders.filter(status=data["status"])
        if data.get("payment_state"):
            orders = orders.filter(payment_state=data["payment_state"])
        return orders


def _render_list(request, *, status=200):
    businesses = list(businesses_for_user(user=request.user).order_by("trading_name", "pk"))
    form = OrderFilterForm(request.GET, businesses=businesses)
    orders = selectors.orders_for_vendor(user=request.user)
    if form.is_valid():
        orders = form.filter(orders)
    else:
        status = 400
    query = request.GET.copy()
    query.pop("p", None)
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "orders/workspace/list.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "shippable": {
                order.pk for order in page.object_list if order.can_move_to(OrderStatus.FULFILLED)
            },
            "carriers": Carrier.choices,
            "header_title": _("My orders"),
            "page_title": _("My orders"),
            "header_icon": "list-ul",
        },
        status=status,
    )


@require_safe
def order_list(request):
    return _render_list(request)


@require_POST
def orders_ship(request):
    """Marks several of the user's orders as sent at once, with one carrier for all and each
    order's own tracking number; each through ``services.ship_order`` and on its own (one
    refused, the others still go)."""
    ids = [value for value in request.POST.getlist("order") if value.isdigit()]
    carrier = request.POST.get("carrier", "")
    target = reverse("orders_workspace:list")
    query = QueryDict(request.POST.get("next_query", "")).urlencode()
    target = f"{target}?{query}" if query else target
    if not ids:
        messages.error(request, _("Choose the orders to mark as sent."))
        return redirect(target)
    if carrier not in Carrier.values:
        messages.error(request, _("Choose the carrier that delivers these orders."))
        return redirect(target)
    orders = selectors.orders_for_vendor(user=request.user).filter(pk__in=ids)
    sent, refused = 0, []
    for order in orders:
        try:
            services.ship_order(
                order=order,
                carrier=carrier,
                tracking_number=request.POST.get(f"tracking-{order.pk}", ""),
            )
        except DomainError as exc:
            refused.append(f"{order.number}: {exc.message}")
        else:
            sent += 1
    if sent:
        messages.success(
            request,
            _("%(count)s orders marked as sent. The shoppers get an email.") % {"count": sent},
        )
    for reason in refused:
        messages.error(request, reason)
    return redirect(target)


def _order(request, order_id):
    order = selectors.order_for_vendor(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    return order


def _detail_url(order) -> str:
    return reverse("orders_workspace:detail", kwargs={"order_id": order.pk})


def _can_ship(order) -> bool:
    """Sendable: a paid order not sent yet, or a cash-on-delivery one (sent, paid at the door)."""
    if order.status == OrderStatus.PLACED:
        return order.fulfilled_at is None
    return order.can_move_to(OrderStatus.FULFILLED)


def _render_detail(request, order, *, refund_form=None, ship_form=None, status=200):
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
            "can_fulfil": _can_ship(order),
            "ship_form": ship_form or ShipForm(),
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
    """Marks the order sent with its carrier and tracking number (``services.ship_order``)."""
    order = _order(request, order_id)
    form = ShipForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, order, ship_form=form, status=400)
    try:
        services.ship_order(
            order=order,
            carrier=form.cleaned_data["carrier"],
            tracking_number=form.cleaned_data["tracking_number"],
        )
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _render_detail(request, order, ship_form=form, status=exc.status_code)
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
            delivery_fee=bool(form.cleaned_data.get("delivery_fee")),
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


# Packing slip ------------------------------------------------------------------------------------


def _order_qr(order) -> str:
    """The order number as an inline SVG QR code, drawn on our server (no image service)."""
    qr = segno.make(order.number, error="m", micro=False)
    # segno's own markup; the only text in it is the order number (hex digits, a dash, digits).
    return mark_safe(qr.svg_inline(scale=4, title=order.number))  # noqa: S308


@require_safe
def order_packing_slip(request, order_id):
    order = _order(request, order_id)
    return TemplateResponse(
        request,
        "orders/workspace/packing_slip.html",
        {
            "order": order,
            "group": order.group,
            "business": order.business,
            "lines": list(order.lines.all()),
            "qr": _order_qr(order),
            "printed_at": timezone.localtime(),
        },
    )


# Monthly sales statement -------------------------------------------------------------------------

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthField(forms.CharField):
    """A month written ``YYYY-MM`` (what ``<input type="month">`` sends), as its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"})

    def to_python(self, value):
        value = super().to_python(value).strip()
        if value in self.empty_values:
            return None
        match = _MONTH.match(value)
        if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
            raise forms.ValidationError(_("Write the month as YYYY-MM, for example 2026-03."))
        return date(int(match[1]), int(match[2]), 1)


class StatementRangeForm(forms.Form):
    start = MonthField(label=gettext_lazy("From month"))
    end = MonthField(label=gettext_lazy("To month"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The last month comes before the first."))
            if statements.months_between(start, end) > statements.MAX_MONTHS:
                raise forms.ValidationError(
                    _("Choose at most %(count)s months.") % {"count": statements.MAX_MONTHS}
                )
        return cleaned


def _default_range() -> dict[str, str]:
    today = timezone.localdate()
    return {"start": f"{today.year}-01", "end": f"{today.year}-{today.month:02d}"}


def _business(request, business_id):
    business = businesses_for_user(user=request.user).filter(pk=business_id).first()
    if business is None:
        raise Http404
    return business


def _statement_form(request) -> StatementRangeForm:
    data = request.GET if ("start" in request.GET or "end" in request.GET) else _default_range()
    return StatementRangeForm(data)


@require_safe
def statement_index(request):
    businesses = list(businesses_for_user(user=request.user).order_by("trading_name", "pk"))
    if len(businesses) == 1:
        return redirect("orders_workspace:statement", business_id=businesses[0].pk)
    return TemplateResponse(
        request,
        "orders/workspace/statement_index.html",
        {
            "businesses": businesses,
            "header_title": _("Sales statements"),
            "page_title": _("Sales statements"),
            "header_icon": "table",
        },
    )


@require_safe
def statement_page(request, business_id):
    business = _business(request, business_id)
    form = _statement_form(request)
    statement = None
    if form.is_valid():
        statement = statements.sales_statement(
            business=business, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
        )
    title = _("Sales statement of %(shop)s") % {"shop": business.trading_name}
    return TemplateResponse(
        request,
        "orders/workspace/statement.html",
        {
            "business": business,
            "form": form,
            "statement": statement,
            "query": request.GET.urlencode() if form.is_valid() else "",
            "header_title": title,
            "page_title": title,
            "header_icon": "table",
        },
        status=200 if form.is_valid() else 400,
    )


def _statement_table(statement) -> list[list]:
    """The statement as rows of cells: a heading block, the table, the total, the notice."""
    header = [
        _("Month"),
        *[label for _value, label in statement.methods],
        _("Orders"),
        _("Sales"),
        _("Refunds"),
        _("Net"),
    ]

    def cells(label, row):
        return [label, *row.method_amounts, row.orders, row.sales, row.refunds, row.net]

    return [
        [_("Sales statements")],
        [_("Shop"), statement.business.trading_name],
        [_("From month"), f"{statement.start:%m/%Y}", _("To month"), f"{statement.end:%m/%Y}"],
        [_("This statement is not an invoice.")],
        [_("Amounts in VND.")],
        [],
        header,
        *[cells(f"{row.month:%m/%Y}", row) for row in statement.rows],
        cells(_("Total"), statement.total),
    ]


def _download_name(statement, extension: str) -> str:
    return (
        f"bang-ke-doanh-thu-{statement.business.pk}-"
        f"{statement.start:%Y-%m}-{statement.end:%Y-%m}.{extension}"
    )


def _statement_or_error(request, business_id):
    business = _business(request, business_id)
    form = _statement_form(request)
    if not form.is_valid():
        return None, statement_page(request, business_id)
    return (
        statements.sales_statement(
            business=business, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
        ),
        None,
    )


@require_safe
def statement_csv(request, business_id):
    statement, error = _statement_or_error(request, business_id)
    if error is not None:
        return error
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(buffer)
    for row in _statement_table(statement):
        writer.writerow([escape_formula(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(statement, "csv")}"'
    return response


@require_safe
def statement_xlsx(request, business_id):
    statement, error = _statement_or_error(request, business_id)
    if error is not None:
        return error
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statement")[:31]
    for row in _statement_table(statement):
        sheet.append([escape_formula(cell) for cell in row])
    for row in sheet.iter_rows(min_row=8, min_col=2):
        for cell in row:
            cell.number_format = "#,##0"
    sheet.column_dimensions["A"].width = 14
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_download_name(statement, "xlsx")}"'
    return response
