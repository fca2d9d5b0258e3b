"""Pages of the cart and orders, mounted at /<lang>/cart/.

The cart (grouped by shop), adding and changing lines, checkout (contact and delivery; amounts come
from the server), the order confirmation and a signed-in shopper's order history. Paying is the
payments app's: a placed group is handed to ``payments:checkout_pay`` by a 307 redirect, which
keeps the POST (and its CSRF token) so the provider session is only ever started by a form.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.validators import format_phone_national
from orders import selectors, services
from orders.forms import CheckoutForm
from orders.models import GroupStatus, PaymentMethod, PaymentState
from orders.selectors import SESSION_GROUPS_KEY
from privacy import selectors as privacy_selectors
from privacy import services as privacy_services
from privacy.errors import DomainError
from privacy.models import ConsentPurpose, ConsentSource

MAX_SESSION_GROUPS = 20


def _cart(request):
    return services.cart_get_or_create(user=request.user, session=request.session)


def _render_cart(request, *, status=200, error=""):
    view = selectors.cart_view(cart=selectors.cart_for(user=request.user, session=request.session))
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


@require_POST
def cart_line_update(request, line_id):
    try:
        services.cart_line_set_quantity(
            cart=_cart(request), line_id=line_id, quantity=request.POST.get("quantity")
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


def _initial(request) -> dict:
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


@require_http_methods(["GET", "POST"])
def checkout(request):
    cart_obj = selectors.cart_for(user=request.user, session=request.session)
    view = selectors.cart_view(cart=cart_obj)
    if not view.lines:
        messages.info(request, _("Your cart is empty."))
        return redirect("orders:cart")
    form = CheckoutForm(
        request.POST or None,
        initial=_initial(request),
        signed_in=request.user.is_authenticated,
    )
    allowed = selectors.payment_methods_for(businesses=[shop.business for shop in view.shops])
    chosen = {
        shop.business.pk: request.POST.get(f"method_{shop.business.pk}", "") for shop in view.shops
    }
    method_errors: dict[int, str] = {}
    status = 200
    if request.method == "POST" and form.is_valid():
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
            )
        except DomainError as exc:
            if exc.field and exc.field.startswith("method_"):
                method_errors[int(exc.field.removeprefix("method_"))] = exc.message
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
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "orders/checkout.html",
        {
            "view": view,
            "form": form,
            "minimum": _minimum(),
            "payment_choices": _payment_choices(view, allowed, chosen, method_errors),
        },
        status=status,
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


def _payment_choices(view, allowed, chosen, errors) -> list[dict]:
    """Per shop: the methods it accepts (labelled), the one chosen, and any error."""
    labels = dict(PaymentMethod.choices)
    choices = []
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
        and (
            order.payment_state == PaymentState.CANCELLED or order.amount_received > order.total
        )
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
