"""Seller workspace links: receiving payments, the owner's e-payment account, and the programme's
overview."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.menus import MemberMenuItem
from accounts.models import MembershipRole
from payments.selectors import can_see_programme_overview


class OwnerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.memberships.filter(role=MembershipRole.OWNER).exists()


class ProgrammeMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_programme_overview(user=request.user)


@hooks.register("register_admin_menu_item")
def register_payment_account_menu_item():
    return OwnerMenuItem(
        _("E-payment account"),
        reverse_lazy("payments:overview"),
        name="payment-account",
        icon_name="pick",
        order=400,
    )


@hooks.register("register_admin_menu_item")
def register_receive_payments_menu_item():
    return MemberMenuItem(
        _("Receive payments"),
        reverse_lazy("payments:receive_overview"),
        name="receive-payments",
        icon_name="tick-inverse",
        order=395,
    )


@hooks.register("register_admin_menu_item")
def register_programme_payments_menu_item():
    return ProgrammeMenuItem(
        _("E-payment accounts"),
        reverse_lazy("payments:programme"),
        name="programme-payment-accounts",
        icon_name="table",
        order=410,
    )
