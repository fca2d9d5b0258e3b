"""Pages of the cart and orders, mounted at /<lang>/cart/.

The cart (grouped by shop), adding and changing lines, checkout (contact and delivery; amounts come
from the server), the order confirmation and a signed-in shopper's order history. Paying is the
payments app's: a placed group is handed to ``payments:checkout_pay`` by a 307 redirect, which
keeps the POST (and its CSRF token) so the provider session is only ever started by a form.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import Ward
from accounts.validators import format_phone_national
from core.errors import DomainError
from core.money import format_vnd
from orders import selectors, services
from orders.forms import CheckoutForm
from orders.models import GroupStatus, PaymentMethod, PaymentState
from orders.selectors import SESSION_GROUPS_KEY
from privacy import selectors as privacy_selectors
from privacy import services as privacy_services
from privacy.models import ConsentPurpose, ConsentSource

MAX_SESSION_GROUPS = 20


def _cart(request):
    return services.cart_get_or_create(user=request.user, session=request.session)


def _render_cart(request, *, status=200, error=""):
    view = selectors.cart_page(cart=selectors.cart_for(user=request.user, session=request.session))
    return render(
        request,
        "orders/cart.html",
        {"view": view, "error": error, "minimum": _minimum()},
        status=status,
    )


def _minimum():
    return settings.MIN_PAYABLE_VND


def _next_url(request) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("orders:cart")


@require_safe
def cart(request):
    return _render_cart(request)


@require_POST
def cart_add(request):
    """Adds a product (``product`` id and ``quantity``), e.g. from a storefront's product page."""
    try:
        line = services.cart_add(
            cart=_cart(request),
            product_id=request.POST.get("product"),
            quantity=request.POST.get("quantity", "1"),
        )
    except DomainError as exc:
        return _render_cart(request, status=exc.status_code, error=exc.message)
    # The storefront sends the shopper back to the product: the message links on to the cart.
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _("Added to your cart: %(quantity)s × %(name)s.")
            % {"quantity": line.quantity, "name": line.product.display_name},
            reverse("orders:cart"),
            _("See your cart"),
        ),
    )
    return redirect(_next_url(request))


def _wanted_quantity(request):
    """The quantity typed, or one more or fewer with the stepper's buttons (``step``)."""
    quantity = request.POST.get("quantity")
    step = request.POST.get("step")
    if step in ("1", "-1"):
        try:
            return int(quantity) + int(step)
        except (TypeError, ValueError):
            return quantity
    return quantity


@require_POST
def cart_line_update(request, line_id):
    try:
        services.cart_line_set_quantity(
            cart=_cart(request), line_id=line_id, quantity=_wanted_quantity(request)
        )
    except DomainError as exc:
        return _render_cart(request, status=exc.status_code, error=exc.message)
    messages.success(request, _("Quantity updated."))
    return redirect("orders:cart")


@require_POST
def cart_line_remove(request, line_id):
    try:
        services.cart_line_remove(cart=_cart(request), line_id=line_id)
    except DomainError as exc:
        return _render_cart(request, status=exc.status_code, error=exc.message)
    messages.success(request, _("Removed from your cart."))
    return redirect("orders:cart")


def _initial(request, previous) -> dict:
    """What the checkout form starts with: what the shopper typed for the last order from this
    cart (a payment that did not go through is retried with everything kept), else the address
    book's latest address."""
    if previous is not None:
        return {
            "email": previous.email,
            "contact_name": previous.contact_name,
            "phone": format_phone_national(previous.phone),
            "street_address": previous.street_address,
            "ward": previous.ward_id,
            "note": previous.note,
        }
    user = request.user
    if not user.is_authenticated:
        return {}
    saved = privacy_selectors.addresses_of(user=user).first()
    if saved is not None:  # the address book's latest address (privacy)
        return {
            "email": user.email,
            "contact_name": saved.contact_name,
            "phone": format_phone_national(saved.phone),
            "street_address": saved.street_address,
            "ward": saved.ward_code,
        }
    return {"email": user.email, "contact_name": user.get_full_name()}


def _choices(request, view, previous, prefix: str, attribute: str) -> dict[int, str]:
    """Per shop, the option the shopper chose (posted, else the previous order's)."""
    if request.method == "POST":
        return {s.business.pk: request.POST.get(f"{prefix}{s.business.pk}", "") for s in view.shops}
    before = {o.business_id: o for o in previous.orders.all()} if previous is not None else {}
    return {
        s.business.pk: str(getattr(before[s.business.pk], attribute) or "")
        for s in view.shops
        if s.business.pk in before
    }


def _ward(code) -> Ward | None:
    code = str(code or "").strip()
    return Ward.objects.filter(pk=code).first() if code.isdigit() else None


def _field_errors(exc: DomainError, prefix: str) -> dict[int, str]:
    if exc.field and exc.field.startswith(prefix):
        suffix = exc.field.removeprefix(prefix)
        if suffix.isdigit():
            return {int(suffix): exc.message}
    return {}


@require_http_methods(["GET", "POST"])
def checkout(request):
    """Contact, delivery per shop and payment per shop; ``refresh`` (the no-script "show the
    delivery options for this ward") shows the page again for the ward typed, placing nothing."""
    cart_obj = selectors.cart_for(user=request.user, session=request.session)
    view = selectors.cart_view(cart=cart_obj)
    if not view.lines:
        messages.info(request, _("Your cart is empty."))
        return redirect("orders:cart")
    previous = selectors.last_group_of_cart(cart=cart_obj)
    refresh = request.method == "POST" and "refresh" in request.POST
    signed_in = request.user.is_authenticated
    if refresh:
        form = CheckoutForm(initial=request.POST.dict(), signed_in=signed_in)
    else:
        form = CheckoutForm(
            request.POST or None, initial=_initial(request, previous), signed_in=signed_in
        )
    allowed = selectors.payment_methods_for(businesses=[shop.business for shop in view.shops])
    chosen = _choices(request, view, previous, "method_", "payment_method")
    deliveries = _choices(request, view, previous, "delivery_", "delivery_option_id")
    ward = _ward(request.POST.get("ward") if request.method == "POST" else form.initial.get("ward"))
    method_errors: dict[int, str] = {}
    delivery_errors: dict[int, str] = {}
    status = 200
    if request.method == "POST" and not refresh and form.is_valid():
        # Abandoned payments give their stock back here too, not only when the sweep runs.
        services.order_groups_release_expired()
        try:
            group = services.order_group_place(
                cart=cart_obj,
                user=request.user,
                contact=form.contact(),
                language=translation.get_language() or "vi",
                methods=chosen,
                allowed=allowed,
                deliveries=deliveries,
            )
        except DomainError as exc:
            method_errors = _field_errors(exc, "method_")
            delivery_errors = _field_errors(exc, "delivery_")
            if method_errors or delivery_errors:
                status = 400
            else:
                form.add_error(None, exc.message)
                status = exc.status_code
            view = selectors.cart_view(cart=cart_obj)
        else:
            _keep_privacy_choices(request, form)
            references = request.session.get(SESSION_GROUPS_KEY, [])
            references = [str(group.reference), *references][:MAX_SESSION_GROUPS]
            request.session[SESSION_GROUPS_KEY] = references
            # 307 keeps the method and body: the payments app starts the payment on a POST.
            return HttpResponseRedirect(
                reverse("payments:checkout_pay", kwargs={"reference": group.reference}),
                status=307,
            )
    elif request.method == "POST" and not refresh:
        status = 400
    shipping = selectors.checkout_deliveries(view=view, ward=ward, chosen=deliveries)
    fees = [d.fee for d in shipping]
    return render(
        request,
        "orders/checkout.html",
        {
            "view": view,
            "form": form,
            "minimum": _minimum(),
            "ward": ward,
            "deliveries": [
                (d, f"delivery_{d.shop.business.pk}", delivery_errors.get(d.shop.business.pk, ""))
                for d in shipping
            ],
            "delivery_total": None if None in fees else sum(fees),
            "grand_total": None if None in fees else view.total + sum(fees),
            "payment_choices": _payment_choices(view, allowed, chosen, method_errors, shipping),
        },
        status=status,
    )


@require_safe
def checkout_delivery(request):
    """The delivery options of each shop of the cart for ``?ward=<code>``, as JSON: what the
    checkout page shows when the ward changes (without a reload; the page works without it)."""
    cart_obj = selectors.cart_for(user=request.user, session=request.session)
    view = selectors.cart_view(cart=cart_obj)
    ward = _ward(request.GET.get("ward"))
    chosen = {s.business.pk: request.GET.get(f"delivery_{s.business.pk}", "") for s in view.shops}
    shipping = selectors.checkout_deliveries(view=view, ward=ward, chosen=chosen)
    fees = [d.fee for d in shipping]
    return JsonResponse(
        {
            "ward": ward.pk if ward else None,
            "shops": [
                {
                    "business": d.shop.business.pk,
                    "name": f"delivery_{d.shop.business.pk}",
                    "html": render_to_string(
                        "orders/includes/delivery_options.html",
                        {"delivery": d, "name": f"delivery_{d.shop.business.pk}", "ward": ward},
                        request=request,
                    ),
                    "total": format_vnd(d.total) if d.total is not None else "",
                }
                for d in shipping
            ],
            "delivery_total": format_vnd(sum(fees)) if None not in fees else "",
            "grand_total": format_vnd(view.total + sum(fees)) if None not in fees else "",
        }
    )


def _keep_privacy_choices(request, form) -> None:
    """The checkout's privacy choices: an address saved to the book, a guest's consent."""
    data = form.cleaned_data
    if data.get("save_address"):
        privacy_services.address_save(
            user=request.user,
            label="",
            contact_name=data["contact_name"],
            phone=data["phone"],
            street_address=data["street_address"],
            ward_code=data["ward"].pk,
        )
    if data.get("marketing_consent"):
        privacy_services.consent_give(
            purpose=ConsentPurpose.MARKETING, email=data["email"], source=ConsentSource.CHECKOUT
        )


def _payment_choices(view, allowed, chosen, errors, shipping) -> list[dict]:
    """Per shop: the methods it accepts (labelled), the one chosen, any error, and what the shop
    is paid (goods and delivery, once the delivery is chosen)."""
    labels = dict(PaymentMethod.choices)
    choices = []
    totals = {d.shop.business.pk: d.total for d in shipping}
    for shop in view.shops:
        business_id = shop.business.pk
        methods = allowed.get(business_id, [])
        current = chosen.get(business_id) or (methods[0] if len(methods) == 1 else "")
        choices.append(
            {
                "shop": shop,
                "name": f"method_{business_id}",
                "methods": [(m, labels.get(m, m)) for m in methods],
                "current": current,
                "error": errors.get(business_id, ""),
                "total": totals.get(business_id),
            }
        )
    return choices


@require_safe
def group_detail(request, reference):
    """The confirmation page of an order group, for the shopper who placed it."""
    group = selectors.order_group_for_shopper(
        reference=reference,
        user=request.user,
        session_references=request.session.get(SESSION_GROUPS_KEY, []),
    )
    if group is None:
        raise Http404
    return group_page(request, group)


def group_page(request, group, *, link_token: str = ""):
    """The order group's page, for its shopper (``group_detail``) or the holder of a signed link
    (``orders.lookup_views``, which passes its token on to the review links)."""
    orders = list(group.orders.all())
    # Money came in that the shop will not keep (a refused or cancelled payment, or more than the
    # order): the shopper is asked once for the account to send it back to.
    refund_account_asked = group.refund_account_given_at is None and any(
        order.amount_received
        and (order.payment_state == PaymentState.CANCELLED or order.amount_received > order.total)
        for order in orders
    )
    return render(
        request,
        "orders/group_detail.html",
        {
            "group": group,
            "orders": orders,
            "refund_account_asked": refund_account_asked,
            "pending": group.status == GroupStatus.PENDING_PAYMENT,
            "paid": group.status == GroupStatus.PAID,
            "returned_paid": "paid" in request.GET,
            "returned_cancelled": "cancelled" in request.GET,
            "link_token": link_token,
        },
    )


@login_required
@require_safe
def history(request):
    groups = list(selectors.order_groups_for_shopper(user=request.user)[:50])
    return render(request, "orders/history.html", {"groups": groups})
