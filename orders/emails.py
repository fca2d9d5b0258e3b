"""Emails of the orders app: confirmation to the shopper, new order to each vendor, status changes.

Each is rendered in the shopper's language (stored on the order group) or, for vendors, the site's
default language, and sent after the transaction that caused it commits, so a rolled-back change
never mails anyone. The vendor's email names what to deliver and where, never the shopper's email.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from orders.links import group_link_path
from orders.models import Order, OrderGroup


def _send(*, to: str, language: str, subject, template: str, context: dict) -> None:
    with translation.override(language):
        site_url = settings.SITE_URL.rstrip("/")
        if "group" in context:  # a signed link: the order opens on any device, signed in or not
            context = {**context, "order_link": site_url + group_link_path(context["group"])}
        body = render_to_string(template, {**context, "site_url": site_url})
        send_mail(str(subject()), body, None, [to])


def _on_commit(**kwargs) -> None:
    transaction.on_commit(lambda: _send(**kwargs))


def send_group_paid(*, group: OrderGroup, orders=None) -> None:
    """The card payment of the group: the shopper's confirmation and one email per vendor."""
    ids = [order.pk for order in orders] if orders is not None else None
    orders = group.orders.select_related("business").prefetch_related("lines")
    orders = list(orders.filter(pk__in=ids) if ids is not None else orders)
    _on_commit(
        to=group.email,
        language=group.language,
        subject=lambda: (
            _("Chợ Số: order %(reference)s confirmed") % {"reference": group.short_reference}
        ),
        template="orders/email/group_paid.txt",
        context={"group": group, "orders": orders, "total": sum(o.total for o in orders)},
    )
    for order in orders:
        _on_commit(
            to=order.business.email,
            language=settings.LANGUAGE_CODE,
            subject=lambda order=order: (
                _("Chợ Số: new order %(number)s") % {"number": order.number}
            ),
            template="orders/email/vendor_new_order.txt",
            context={"group": group, "order": order},
        )


def send_order_status(*, order: Order) -> None:
    """Tells the shopper that one shop's order moved (sent, completed, refunded)."""
    group = order.group
    _on_commit(
        to=group.email,
        language=group.language,
        subject=lambda: (
            _("Chợ Số: order %(number)s is now “%(status)s”")
            % {"number": order.number, "status": order.get_status_display()}
        ),
        template="orders/email/order_status.txt",
        context={"group": group, "order": order},
    )


def send_group_cancelled(*, group: OrderGroup) -> None:
    _on_commit(
        to=group.email,
        language=group.language,
        subject=lambda: (
            _("Chợ Số: order %(reference)s was not paid") % {"reference": group.short_reference}
        ),
        template="orders/email/group_cancelled.txt",
        context={"group": group},
    )


def send_order_confirmed(*, order: Order) -> None:
    """One shop's order stands (paid to the shop, or placed as cash on delivery): the shopper's
    confirmation, linking to the order, and the shop's new-order email."""
    group = order.group
    _on_commit(
        to=group.email,
        language=group.language,
        subject=lambda: _("Chợ Số: order %(number)s confirmed") % {"number": order.number},
        template="orders/email/order_confirmed.txt",
        context={"group": group, "order": order},
    )
    _on_commit(
        to=order.business.email,
        language=settings.LANGUAGE_CODE,
        subject=lambda: _("Chợ Số: new order %(number)s") % {"number": order.number},
        template="orders/email/vendor_new_order.txt",
        context={"group": group, "order": order},
    )


def send_order_refunded(*, order: Order, refund) -> None:
    """A refund of some lines or all: said as a refund, never as a status the order went back to."""
    group = order.group
    _on_commit(
        to=group.email,
        language=group.language,
        subject=lambda: _("Chợ Số: refund for order %(number)s") % {"number": order.number},
        template="orders/email/order_refunded.txt",
        context={"group": group, "order": order, "refund": refund},
    )


def send_payment_refund_due(*, order: Order, amount: int) -> None:
    """The shop decided to send a payment back: the shopper is told, and asked where to."""
    group = order.group
    _on_commit(
        to=group.email,
        language=group.language,
        subject=lambda: (
            _("Chợ Số: %(shop)s will refund your payment for order %(number)s")
            % {"shop": order.business.trading_name, "number": order.number}
        ),
        template="orders/email/payment_refund_due.txt",
        context={"group": group, "order": order, "amount": amount},
    )
