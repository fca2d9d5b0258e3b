"""The owner's "receive payments" pages: VietQR into the shop's own bank account (link, self-test,
counter QR), automatic confirmation by a SePay monitor, cash on delivery, and the transfers the
monitor could not match. Staff of the business see the state with the bank details masked; every
change is the owner's, through ``payments.services``. Nothing is written on a GET.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import selectors as account_selectors
from accounts.mfa import mfa_required
from accounts.models import Business
from core.errors import DomainError
from payments import selectors, services
from payments.forms import BankAccountForm, CodForm, TransferMatchForm
from payments.models import (
    BankAccount,
    BankAccountState,
    IncomingTransfer,
    SePayMonitor,
    TransferState,
)
from payments.sepay import services as sepay_services
from payments.vietqr import banks
from payments.vietqr import render as qr_render
from payments.vietqr.payload import build

MAX_BANK_RESULTS = 30


def _member(request, slug) -> tuple[Business, bool]:
    business = account_selectors.business_for_member(user=request.user, slug=slug)
    if business is None:
        raise Http404
    return business, account_selectors.is_owner(user=request.user, business=business)


def _owner(request, slug) -> Business:
    business, owner = _member(request, slug)
    if not owner:
        raise PermissionDenied
    return business


def _hub_url(business: Business) -> str:
    return reverse("payments:receive", kwargs={"slug": business.slug})


def _sandbox() -> bool:
    return sepay_services.sandbox_allowed()


def _bank(business: Business) -> BankAccount | None:
    return BankAccount.objects.filter(business=business).first()


@login_required
@mfa_required
@require_safe
def receive_overview(request):
    """The signed-in user's businesses; straight to the only one."""
    businesses = list(
        account_selectors.businesses_for_user(user=request.user).order_by("trading_name")
    )
    if len(businesses) == 1:
        return redirect(_hub_url(businesses[0]))
    return render(request, "payments/receive/overview.html", {"businesses": businesses})


@login_required
@mfa_required
@require_safe
def receive(request, slug):
    business, owner = _member(request, slug)
    business = selectors.business_with_rails(business=business)
    bank = getattr(business, "bank_account", None)
    monitor = getattr(business, "sepay_monitor", None)
    options = getattr(business, "payment_options", None)
    return render(
        request,
        "payments/receive/hub.html",
        {
            "business": business,
            "is_owner": owner,
            "rails": selectors.rails_of(business),
            "bank": selectors.bank_account_summary(bank=bank, for_owner=owner),
            "monitor": monitor if monitor is not None and monitor.active else None,
            "cod_enabled": bool(options and options.cod_enabled),
            "payos": getattr(business, "payos_channel", None),
            "card_account": getattr(business, "payment_account", None),
            "unmatched": selectors.unmatched_transfers(business=business).count() if owner else 0,
            "sandbox": _sandbox(),
        },
    )


@login_required
@mfa_required
@require_http_methods(["GET", "POST"])
def bank_link(request, slug):
    business = _owner(request, slug)
    bank = _bank(business)
    if request.method == "POST":
        form = BankAccountForm(request.POST)
        if form.is_valid():
            try:
                services.bank_account_link(
                    business=business,
                    actor=request.user,
                    bank_code=form.cleaned_data["bank_code"],
                    account_number=form.cleaned_data["account_number"],
                    holder_name=form.cleaned_data["holder_name"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, _("Bank account saved. Now check it with the self-test below.")
                )
                return redirect("payments:receive_self_test", slug=business.slug)
    else:
        initial = (
            {
                "bank_code": bank.bank_code,
                "account_number": bank.account_number,
                "holder_name": bank.holder_name,
            }
            if bank
            else {"holder_name": services.holder_name_suggestion(business=business)}
        )
        form = BankAccountForm(initial=initial)
    return render(
        request,
        "payments/receive/bank_form.html",
        {"business": business, "form": form, "bank": bank, "source_date": banks.SOURCE_DATE},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_safe
def banks_json(request):
    """``?q=`` → the NAPAS banks matching the query, best first (diacritics optional)."""
    found = banks.search(request.GET.get("q", "")[:100])[:MAX_BANK_RESULTS]
    return JsonResponse(
        {
            "source_date": banks.SOURCE_DATE,
            "banks": [
                {"code": b.code, "bin": b.bin, "short_name": b.short_name, "name": b.name}
                for b in found
            ],
        }
    )


def _self_test_context(business: Business, bank: BankAccount) -> dict:
    code = build(
        bin=bank.bank_bin,
        account=bank.account_number,
        amount=sepay_services.SELF_TEST_AMOUNT,
        memo=bank.self_test_memo,
    )
    monitor = SePayMonitor.objects.filter(business=business, active=True).first()
    return {
        "business": business,
        "bank": bank,
        "bank_entry": banks.get(bank.bank_code),
        "qr_svg": qr_render.svg(code, caption=business.trading_name),
        "amount": sepay_services.SELF_TEST_AMOUNT,
        "monitored": monitor is not None,
        "sandbox": _sandbox(),
    }


@login_required
@mfa_required
@require_http_methods(["GET", "POST"])
def self_test(request, slug):
    """Scan the test QR with any bank app: it shows the holder's name as the bank has it."""
    business = _owner(request, slug)
    bank = _bank(business)
    if bank is None:
        return redirect("payments:receive_bank", slug=business.slug)
    error = ""
    if request.method == "POST":
        if request.POST.get("name_matches") == "yes":
            services.bank_account_confirm(business=business, actor=request.user)
            messages.success(
                request, _("Bank account confirmed: shoppers can now pay you by VietQR.")
            )
            return redirect(_hub_url(business))
        error = _("Tick the box once the name in your bank app matches the name above.")
    context = _self_test_context(business, bank)
    context["error"] = error
    return render(request, "payments/receive/self_test.html", context, status=400 if error else 200)


def _counter_payload(business: Business) -> tuple[BankAccount, str]:
    bank = _bank(business)
    if bank is None or not bank.is_confirmed:
        raise Http404
    return bank, build(bin=bank.bank_bin, account=bank.account_number)


@login_required
@mfa_required
@require_safe
def counter_qr(request, slug):
    """The shop's static QR (the payer types the amount) with its name, to print for the counter."""
    business = _owner(request, slug)
    bank = _bank(business)
    if bank is None or not bank.is_confirmed:
        messages.info(request, _("Confirm your bank account first: then your counter QR is ready."))
        return redirect(_hub_url(business))
    _bank_row, code = _counter_payload(business)
    return render(
        request,
        "payments/receive/counter_qr.html",
        {
            "business": business,
            "bank": bank,
            "bank_entry": banks.get(bank.bank_code),
            # The shop's name is printed above the code on this page; the downloads carry it.
            "qr_svg": qr_render.svg(code),
        },
    )


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@mfa_required
@require_safe
def counter_qr_svg(request, slug):
    business = _owner(request, slug)
    _bank_row, code = _counter_payload(business)
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + qr_render.svg(
        code, caption=business.trading_name
    )
    return _download(svg.encode(), "image/svg+xml", f"vietqr-{business.slug}.svg")


@login_required
@mfa_required
@require_safe
def counter_qr_png(request, slug):
    business = _owner(request, slug)
    _bank_row, code = _counter_payload(business)
    png = qr_render.png(code, scale=12, caption=business.trading_name)
    return _download(png, "image/png", f"vietqr-{business.slug}.png")


@login_required
@mfa_required
@require_POST
def cod_set(request, slug):
    business = _owner(request, slug)
    form = CodForm(request.POST)
    form.is_valid()  # a lone checkbox: absent means off
    enabled = bool(form.cleaned_data.get("enabled"))
    services.shop_cod_set(business=business, actor=request.user, enabled=enabled)
    messages.success(
        request,
        _("Cash on delivery is on.") if enabled else _("Cash on delivery is off."),
    )
    return redirect(_hub_url(business))


@login_required
@mfa_required
@require_POST
@never_cache
def sepay_connect(request, slug):
    """Makes the shop's SePay webhook and shows its URL and key once (never again)."""
    business = _owner(request, slug)
    try:
        connected = services.sepay_monitor_connect(business=business, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_hub_url(business))
    url = request.build_absolute_uri(
        reverse("payments_webhooks:sepay", kwargs={"token": connected.monitor.webhook_token})
    )
    return render(
        request,
        "payments/receive/sepay_connected.html",
        {"business": business, "webhook_url": url, "api_key": connected.api_key},
    )


@login_required
@mfa_required
@require_POST
def sepay_disconnect(request, slug):
    business = _owner(request, slug)
    services.sepay_monitor_disconnect(business=business, actor=request.user)
    messages.success(request, _("SePay is disconnected: transfers are confirmed by hand again."))
    return redirect(_hub_url(business))


@login_required
@mfa_required
@require_POST
def sepay_simulate(request, slug):
    """Sandbox: a SePay notification of the 2.000 ₫ self-test transfer, through the real path."""
    business = _owner(request, slug)
    if not _sandbox():
        raise Http404
    try:
        sepay_services.sepay_sandbox_self_test(business=business, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_hub_url(business))
    if BankAccount.objects.filter(business=business, state=BankAccountState.CONFIRMED).exists():
        messages.success(request, _("The test transfer arrived: your bank account is confirmed."))
    else:
        messages.error(request, _("The test transfer did not confirm the account."))
    return redirect(_hub_url(business))


def _transfers_page(request, business, *, forms=None, status=200):
    transfers = list(selectors.unmatched_transfers(business=business))
    orders = list(selectors.matchable_orders(business=business))
    forms = forms or {}
    rows = [
        (
            transfer,
            forms.get(transfer.pk) or TransferMatchForm(orders=orders, prefix=f"t{transfer.pk}"),
        )
        for transfer in transfers
    ]
    return render(
        request,
        "payments/receive/transfers.html",
        {"business": business, "rows": rows, "has_orders": bool(orders)},
        status=status,
    )


@login_required
@mfa_required
@require_safe
def transfers(request, slug):
    """The transfers the monitor saw that pay no order by themselves (no code, wrong account)."""
    return _transfers_page(request, _owner(request, slug))


def _transfer(business: Business, pk: int) -> IncomingTransfer:
    transfer = IncomingTransfer.objects.filter(
        business=business, pk=pk, state=TransferState.UNMATCHED
    ).first()
    if transfer is None:
        raise Http404
    return transfer


@login_required
@mfa_required
@require_POST
def transfer_match(request, slug, pk):
    business = _owner(request, slug)
    transfer = _transfer(business, pk)
    orders = list(selectors.matchable_orders(business=business))
    form = TransferMatchForm(request.POST, orders=orders, prefix=f"t{transfer.pk}")
    if form.is_valid():
        try:
            received = services.incoming_transfer_match(
                transfer=transfer, order_id=form.cleaned_data["order"], actor=request.user
            )
        except DomainError as exc:
            form.add_error("order" if exc.field == "order" else None, exc.message)
        else:
            order = received.transfer.order
            messages.success(
                request,
                _("Matched to order %(number)s: %(state)s.")
                % {"number": order.number, "state": order.get_payment_state_display()},
            )
            return redirect("payments:receive_transfers", slug=business.slug)
    return _transfers_page(request, business, forms={transfer.pk: form}, status=400)


@login_required
@mfa_required
@require_POST
def transfer_ignore(request, slug, pk):
    business = _owner(request, slug)
    services.incoming_transfer_ignore(transfer=_transfer(business, pk), actor=request.user)
    messages.success(request, _("Transfer set aside: it pays no order."))
    return redirect("payments:receive_transfers", slug=business.slug)
