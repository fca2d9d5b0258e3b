"""Delivery rules: which of a shop's options reach a ward, at what fee, and where to track a parcel.

Pure functions over rows already read (an option with its zones and their ward codes prefetched):

- A **pickup** at the shop reaches every shopper, free.
- A **delivery** by the shop at one flat fee reaches every ward of the city; a delivery priced by
  zones reaches the wards of its zones only — a ward listed in a zone, or made from one of the
  zone's former districts (``Ward.former_district`` holds "Quận 1" or "Quận 3; Quận 10" for a ward
  made from several). A ward in two zones costs the cheaper one.
- Either is free when the shop's part of the order (its goods) comes to the option's ``free_above``
  or more.

A carrier's public tracking page is known for the carriers below; the tracking number is quoted
into the address, never trusted as part of it.
"""

from dataclasses import dataclass
from urllib.parse import quote as url_quote

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Ward
from orders.models import Carrier, DeliveryKind, DeliveryOption, DeliveryPricing

FORMER_DISTRICT_SEPARATOR = ";"

# Public tracking pages, with the tracking number in place of {number}.
TRACKING_URLS = {
    Carrier.GHN: "https://donhang.ghn.vn/?order_code={number}",
    Carrier.GHTK: "https://i.ghtk.vn/{number}",
    Carrier.VIETTEL_POST: "https://viettelpost.com.vn/tra-cuu-hanh-trinh-don/?key={number}",
    Carrier.JNT: "https://jtexpress.vn/vi/tracking?type=track&billcode={number}",
}


@dataclass(frozen=True)
class Quote:
    """What one option costs for one shop's part of an order delivered to one ward."""

    option: DeliveryOption
    fee: int
    zone_name: str = ""
    # The option has a fee, waived because the order reached ``free_above``.
    waived: bool = False

    @property
    def label(self) -> str:
        if self.zone_name:
            return f"{self.option.label} · {self.zone_name}"
        return self.option.label

    @property
    def detail(self) -> str:
        option = self.option
        if option.kind == DeliveryKind.PICKUP:
            return " · ".join(p for p in (option.pickup_address, option.pickup_hours) if p)
        return ""


def former_districts(ward: Ward) -> set[str]:
    return {
        part.strip()
        for part in (ward.former_district or "").split(FORMER_DISTRICT_SEPARATOR)
        if part.strip()
    }


def _zone_fee(option: DeliveryOption, ward: Ward) -> tuple[int, str] | None:
    districts = former_districts(ward)
    reached = [
        zone
        for zone in option.zones.all()
        if ward.pk in {w.pk for w in zone.wards.all()}
        or districts & set(zone.former_districts or [])
    ]
    if not reached:
        return None
    zone = min(reached, key=lambda z: (z.fee, z.pk))
    return zone.fee, zone.name


def quote(option: DeliveryOption, *, ward: Ward, subtotal: int) -> Quote | None:
    """The option's fee for goods worth ``subtotal`` sent to ``ward``; None if it does not reach."""
    if not option.is_active:
        return None
    if option.kind == DeliveryKind.PICKUP:
        return Quote(option=option, fee=0)
    zone_name = ""
    if option.pricing == DeliveryPricing.ZONES:
        found = _zone_fee(option, ward)
        if found is None:
            return None
        fee, zone_name = found
    else:
        fee = option.flat_fee
    if fee and option.free_above is not None and subtotal >= option.free_above:
        return Quote(option=option, fee=0, zone_name=zone_name, waived=True)
    return Quote(option=option, fee=fee, zone_name=zone_name)


def quotes(options, *, ward: Ward, subtotal: int) -> list[Quote]:
    """The options that reach ``ward``, in the shop's order."""
    found = (quote(option, ward=ward, subtotal=subtotal) for option in options)
    return [q for q in found if q is not None]


def estimate_text(days_min: int | None, days_max: int | None) -> str:
    """ "Same day", "1–2 days", "3 days"; empty when no estimate was given."""
    if days_max is None:
        return ""
    days_min = days_min or 0
    if days_max == 0:
        return _("Same day")
    if days_min == days_max:
        return ngettext("%(count)s day", "%(count)s days", days_max) % {"count": days_max}
    if days_min == 0:
        return ngettext("Same day to %(count)s day", "Same day to %(count)s days", days_max) % {
            "count": days_max
        }
    return _("%(low)s–%(high)s days") % {"low": days_min, "high": days_max}


def tracking_url(carrier: str, tracking_number: str) -> str:
    """The carrier's public tracking page for the number, or "" for a carrier without one."""
    template = TRACKING_URLS.get(carrier)
    if not template or not tracking_number:
        return ""
    return template.format(number=url_quote(tracking_number, safe=""))
