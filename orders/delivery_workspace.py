"""A shop's delivery options in the seller workspace (the Wagtail admin), registered by
wagtail_hooks.

A member of a business lists, adds, changes and removes the delivery options of their own shops
(another shop's is a 404): pickup at the shop with its address and hours, or the shop's own
delivery at one fee or a fee per zone of wards (chosen by former district or ward by ward), free
above an amount, with an estimate. Amounts are typed the Vietnamese way (``core.forms.VNDField``);
every write goes through ``orders.services``.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.selectors import businesses_for_user
from core.errors import DomainError
from orders import selectors, services
from orders.forms import DeliveryOptionForm, DeliveryZoneFormSet
from orders.models import DeliveryOption


def _business(request, business_id):
    business = businesses_for_user(user=request.user).filter(pk=business_id).first()
    if business is None:
        raise Http404
    return business


def _option(business, option_id) -> DeliveryOption:
    option = DeliveryOption.objects.filter(business=business, pk=option_id).first()
    if option is None:
        raise Http404
    return option


def _list_url(business) -> str:
    return reverse("orders_delivery:list", kwargs={"business_id": business.pk})


@require_safe
def delivery_index(request):
    """The user's shops; one shop goes straight to its options."""
    businesses = list(businesses_for_user(user=request.user).order_by("trading_name", "pk"))
    if len(businesses) == 1:
        return redirect(_list_url(businesses[0]))
    return TemplateResponse(
        request,
        "orders/workspace/delivery_index.html",
        {
            "businesses": businesses,
            "header_title": _("Delivery"),
            "page_title": _("Delivery"),
            "header_icon": "site",
        },
    )


@require_safe
def delivery_list(request, business_id):
    business = _business(request, business_id)
    options = selectors.delivery_options_for(businesses=[business], active_only=False)[business.pk]
    title = _("Delivery of %(shop)s") % {"shop": business.trading_name}
    return TemplateResponse(
        request,
        "orders/workspace/delivery_list.html",
        {
            "business": business,
            "options": options,
            "header_title": title,
            "page_title": title,
            "header_icon": "site",
        },
    )


def _ward_choices():
    return [(w.code, str(w)) for w in selectors.wards_for_zones()]


def _initial(option: DeliveryOption | None, kind: str) -> tuple[dict, list[dict]]:
    if option is None:
        return {"kind": kind, "estimate_days_min": 0, "estimate_days_max": 1, "is_active": True}, []
    fields = (
        "kind",
        "name",
        "pickup_address",
        "pickup_hours",
        "pricing",
        "flat_fee",
        "free_above",
        "estimate_days_min",
        "estimate_days_max",
        "is_active",
        "position",
    )
    zones = [
        {
            "name": zone.name,
            "fee": zone.fee,
            "former_districts": list(zone.former_districts),
            "wards": [ward.pk for ward in zone.wards.all()],
        }
        for zone in option.zones.all()
    ]
    return {name: getattr(option, name) for name in fields}, zones


@require_http_methods(["GET", "POST"])
def delivery_edit(request, business_id, option_id=None):
    """Adds (``?kind=pickup`` or ``shop``) or changes one option with its zones."""
    business = _business(request, business_id)
    option = None
    if option_id is not None:
        option = selectors.delivery_options_for(businesses=[business], active_only=False)[
            business.pk
        ]
        option = next((o for o in option if o.pk == option_id), None)
        if option is None:
            raise Http404
    initial, zones_initial = _initial(option, request.GET.get("kind", "shop"))
    zone_kwargs = {"districts": selectors.former_district_names(), "wards": _ward_choices()}
    form = DeliveryOptionForm(request.POST or None, initial=initial)
    zones = DeliveryZoneFormSet(
        request.POST or None,
        initial=zones_initial,
        prefix="zones",
        form_kwargs=zone_kwargs,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and zones.is_valid():
            data = form.cleaned_data
            try:
                services.delivery_option_save(
                    business=business,
                    actor=request.user,
                    option=option,
                    kind=data["kind"],
                    name=data["name"],
                    pickup_address=data["pickup_address"],
                    pickup_hours=data["pickup_hours"],
                    pricing=data["pricing"],
                    flat_fee=data["flat_fee"] or 0,
                    free_above=data["free_above"],
                    estimate_days_min=data["estimate_days_min"],
                    estimate_days_max=data["estimate_days_max"],
                    is_active=data["is_active"],
                    position=data["position"],
                    zones=[z for z in (f.zone() for f in zones.forms) if z is not None],
                )
            except DomainError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
                status = 400
            else:
                messages.success(request, _("Delivery option saved."))
                return redirect(_list_url(business))
        else:
            status = 400
    title = (
        _("Change a delivery option of %(shop)s")
        if option
        else _("New delivery option of %(shop)s")
    ) % {"shop": business.trading_name}
    return TemplateResponse(
        request,
        "orders/workspace/delivery_form.html",
        {
            "business": business,
            "option": option,
            "form": form,
            "zones": zones,
            "header_title": title,
            "page_title": title,
            "header_icon": "site",
        },
        status=status,
    )


@require_POST
def delivery_delete(request, business_id, option_id):
    business = _business(request, business_id)
    services.delivery_option_delete(option=_option(business, option_id), actor=request.user)
    messages.success(request, _("Delivery option removed. Orders keep what they were sold with."))
    return redirect(_list_url(business))
