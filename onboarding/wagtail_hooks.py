"""Workspace link to the digital-maturity check: assessments, plans, history and journey."""

from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.models import User
from accounts.roles import Role


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
