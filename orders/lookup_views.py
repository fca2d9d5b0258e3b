"""Pages for finding an order without an account (see ``orders.lookup`` and ``orders.links``)."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from orders import lookup as order_lookup
from orders.links import group_reference_from_token
from orders.selectors import order_group_for_shopper
from orders.views import group_page


class OrderLookupForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email used for the order"), max_length=254)
    order_number = forms.CharField(
        label=gettext_lazy("Order number"),
        max_length=order_lookup.MAX_NUMBER_LENGTH,
        help_text=gettext_lazy("As in your confirmation email, e.g. 1A2B3C4D-15."),
    )


@require_http_methods(["GET", "POST"])
def lookup(request):
    form = OrderLookupForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "orders/lookup.html", {"form": form}, status=400)
        data = form.cleaned_data
        if not order_lookup.lookup_allowed(
            email=data["email"], client_address=request.META.get("REMOTE_ADDR", "")
        ):
            form.add_error(None, _("Too many attempts. Try again in an hour."))
            return render(request, "orders/lookup.html", {"form": form}, status=429)
        order_lookup.order_lookup_send(email=data["email"], order_number=data["order_number"])
        # The same answer whether or not the pair matched an order.
        return render(request, "orders/lookup.html", {"form": OrderLookupForm(), "sent": True})
    return render(request, "orders/lookup.html", {"form": form})


@require_safe
def link(request, token):
    """The order group of a signed link; a changed or expired link is a 404."""
    reference = group_reference_from_token(token)
    if reference is None:
        raise Http404
    group = order_group_for_shopper(reference=reference, user=None, session_references=[reference])
    if group is None:
        raise Http404
    return group_page(request, group, link_token=token)
