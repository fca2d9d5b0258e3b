"""Workspace link to the digital-maturity check: assessments, plans, history and journey; and the
vendor's home, "Cửa hàng của tôi" (``onboarding.workspace_home``), first on the dashboard."""

from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.models import User
from accounts.roles import Role
from cms.workspace import is_member
from onboarding.workspace_home import VendorHomePanel, vendor_home


class MaturityMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        # One query on every admin page: a member of a business, or a programme manager.
        return user.is_superuser or (
            User.objects.filter(pk=user.pk)
            .filter(Q(memberships__isnull=False) | Q(groups__name=Role.PROGRAMME_MANAGER))
            .exists()
        )


@hooks.register("register_admin_menu_item")
def register_maturity_menu_item():
    return MaturityMenuItem(
        _("Digital maturity"),
        reverse_lazy("onboarding:start"),
        name="digital-maturity",
        icon_name="tasks",
        order=420,
    )


@hooks.register("construct_homepage_panels")
def add_vendor_home(request, panels):
    if is_member(request.user):
        panels.append(VendorHomePanel(vendor_home(user=request.user)))
