"""The data-protection officer's menu in the workspace: requests, access log, consents, retention,
the breach register and the privacy notices (snippets), shown to and usable by the DPO only."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from privacy import admin_urls
from privacy.admin_views import is_dpo
from privacy.models import Breach, PrivacyNotice

SNIPPET_ACTIONS = {"add", "change", "view"}


class DPOPolicy(ModelPermissionPolicy):
    """Breaches and notices are kept by the data-protection officer, whatever model permissions
    say; none is deleted (the register is evidence; a notice is replaced by a newer version)."""

    def user_has_permission(self, user, action):
        return action in SNIPPET_ACTIONS and is_dpo(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Breach, DPOPolicy(Breach))
register_permission_policy(PrivacyNotice, DPOPolicy(PrivacyNotice))


@hooks.register("register_admin_urls")
def register_urls():
    return [path("privacy/", include((admin_urls, "privacy_admin")))]


class DPOMenuItem(MenuItem):
    def is_shown(self, request):
        return is_dpo(request.user)


class DPOSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_dpo(request.user)


class BreachViewSet(SnippetViewSet):
    model = Breach
    icon = "warning"
    menu_label = _("Breach register")
    menu_name = "privacy-breaches"
    add_to_admin_menu = False
    list_display = ["discovered_at", "description", "people_count", "authority_notified_at"]
    ordering = ["-discovered_at"]
    copy_view_enabled = False
    inspect_view_enabled = False


class NoticeViewSet(SnippetViewSet):
    model = PrivacyNotice
    icon = "doc-full"
    menu_label = _("Privacy notices")
    menu_name = "privacy-notices"
    add_to_admin_menu = False
    list_display = ["version", "effective_at", "published"]
    ordering = ["-effective_at"]
    copy_view_enabled = False
    inspect_view_enabled = False


breaches = BreachViewSet()
notices = NoticeViewSet()
register_snippet(breaches)
register_snippet(notices)


@hooks.register("register_admin_menu_item")
def register_menu():
    items = [
        DPOMenuItem(_("Requests"), reverse_lazy("privacy_admin:requests"), icon_name="tasks"),
        DPOMenuItem(_("Access log"), reverse_lazy("privacy_admin:access_log"), icon_name="list-ul"),
        DPOMenuItem(_("Consents"), reverse_lazy("privacy_admin:consents"), icon_name="tick"),
        # The programme's list, where the DPO unmasks one business with a reason (a URL name:
        # programme is a higher layer).
        DPOMenuItem(
            _("Businesses to follow up"),
            reverse_lazy("programme_admin:follow_up"),
            icon_name="group",
        ),
        DPOMenuItem(_("Retention"), reverse_lazy("privacy_admin:retention"), icon_name="bin"),
        DPOMenuItem(
            _("Breach register"), reverse_lazy(breaches.get_url_name("list")), icon_name="warning"
        ),
        DPOMenuItem(
            _("Privacy notices"), reverse_lazy(notices.get_url_name("list")), icon_name="doc-full"
        ),
    ]
    return DPOSubmenu(
        _("Personal data"), Menu(items=items), name="privacy", icon_name="lock", order=410
    )
