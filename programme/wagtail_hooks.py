"""The programme's workspace in the Wagtail admin: the dashboard, the follow-up list and the
targets, shown to and usable by programme managers (and superusers) only."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from programme.models import Target
from programme.views import can_see_dashboard

TARGET_ACTIONS = {"add", "change", "delete", "view"}


class ProgrammeManagerPolicy(ModelPermissionPolicy):
    """Targets are edited by programme managers, whatever Django model permissions say."""

    def user_has_permission(self, user, action):
        return action in TARGET_ACTIONS and can_see_dashboard(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Target, ProgrammeManagerPolicy(Target))


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_dashboard(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return ManagerMenuItem(
        _("Programme dashboard"),
        reverse_lazy("programme_admin:dashboard"),
        name="programme-dashboard",
        icon_name="table",
        order=405,
    )


class TargetViewSet(SnippetViewSet):
    model = Target
    icon = "success"
    menu_label = _("Programme targets")
    menu_name = "programme-targets"
    menu_order = 406
    add_to_admin_menu = True
    list_display = ["indicator", "year", "value", "source", "updated_at"]
    list_filter = ["indicator", "year"]
    ordering = ["indicator", "year"]
    copy_view_enabled = False
    inspect_view_enabled = False


register_snippet(TargetViewSet)
