"""Workspace link to the digital-maturity check: assessments, plans, history and journey."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from onboarding.selectors import is_programme_manager


class MaturityMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.memberships.exists() or is_programme_manager(user=request.user)


@hooks.register("register_admin_menu_item")
def register_maturity_menu_item():
    return MaturityMenuItem(
        _("Digital maturity"),
        reverse_lazy("onboarding:start"),
        name="digital-maturity",
        icon_name="tasks",
        order=420,
    )
