"""The workspace's shape by role (``cms.workspace``), and the page chooser's limits.

A vendor (a member of businesses with no site-wide role) gets no site summary and none of
Wagtail's own home panels (their home is "Cửa hàng của tôi", ``onboarding.workspace_home``), no
page tree, no reports (workflows, site history, aging pages, translations) and no page search in
the menu; "My storefront" leads to their storefront instead. The page chooser lists a vendor only
live pages and the pages they may edit (never another shop's or the editors' drafts). On their
storefront, an owner's main button publishes.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.admin.action_menu import PublishMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

from accounts.selectors import businesses_for_user, is_owner
from cms import selectors
from cms.forms import is_editor
from cms.models import StorefrontPage
from cms.workspace import is_member, is_vendor_only

# Wagtail's own home panels, about the site's pages: not a vendor's business.
SITE_PANELS = (
    WorkflowObjectsToModeratePanel,
    UserObjectsInWorkflowModerationPanel,
    RecentEditsPanel,
    LockedPagesPanel,
)
# Main-menu items a vendor does not get: the page tree and the reports menu (workflows, site
# history, aging pages, page types, translations).
SITE_MENU_ITEMS = {"explorer", "reports"}


# Last (order=100): Wagtail's images and documents add their summary items after cms's hooks run.
@hooks.register("construct_homepage_summary_items", order=100)
def no_site_summary_for_vendors(request, summary_items):
    if is_vendor_only(request.user):
        summary_items.clear()


@hooks.register("construct_homepage_panels", order=100)
def no_site_panels_for_vendors(request, panels):
    if is_vendor_only(request.user):
        panels[:] = [panel for panel in panels if not isinstance(panel, SITE_PANELS)]


class StorefrontMenuItem(MenuItem):
    def is_shown(self, request):
        return is_member(request.user)


@hooks.register("construct_main_menu", order=100)
def vendor_menu(request, menu_items):
    if is_vendor_only(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in SITE_MENU_ITEMS]


@hooks.register("register_admin_menu_item")
def register_storefront_menu_item():
    return StorefrontMenuItem(
        _("My storefront"),
        reverse_lazy("cms_workspace_storefront"),
        name="my-storefront",
        icon_name="home",
        order=205,
    )


@require_safe
def my_storefront(request):
    """The editor of the user's storefront (the first of their shops that has one, by name);
    the home when they have none yet, where the checklist offers to make it. Reads only."""
    businesses = businesses_for_user(user=request.user).order_by("trading_name", "pk")
    for _business, page in selectors.storefronts_for_businesses(businesses=businesses):
        if page is not None:
            return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    if not is_member(request.user):
        raise Http404
    return redirect("wagtailadmin_home")


@hooks.register("register_admin_urls")
def register_storefront_urls():
    return [path("my-storefront/", my_storefront, name="cms_workspace_storefront")]


@hooks.register("construct_page_action_menu")
def storefront_owners_publish_first(menu_items, request, context):
    """On their storefront an owner's main button is "Publish" (Wagtail's default is "Save
    draft", which looks like saving but leaves shoppers seeing the old page or none)."""
    page = context.get("page")
    if not isinstance(page, StorefrontPage) or page.business_id is None:
        return
    publish = next((item for item in menu_items if isinstance(item, PublishMenuItem)), None)
    if publish is not None and is_owner(user=request.user, business=page.business):
        menu_items.remove(publish)
        menu_items.insert(0, publish)


@hooks.register("construct_page_chooser_queryset")
def only_pages_the_user_may_see(pages, request):
    if is_editor(request.user):
        return pages
    editable = PagePermissionPolicy().instances_user_has_permission_for(request.user, "change")
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))
