"""The seller workspace's side of the cms: "my storefront" on the dashboard (read only: a storefront
is made when its business is committed, or by the owner's "publish your storefront" button, never by
a GET); the page chooser lists a vendor only live pages and the
pages they may edit (never another shop's or the editors' drafts)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

from accounts.selectors import businesses_for_user
from cms import selectors
from cms.forms import is_editor


class MyStorefrontsPanel(Component):
    name = "my_storefronts"
    order = 50
    template_name = "cms/admin/my_storefronts_panel.html"

    def __init__(self, storefronts):
        self.storefronts = storefronts  # [(business, storefront page or None)]

    def get_context_data(self, parent_context=None):
        return {"storefronts": self.storefronts, "heading": _("My storefront")}


@hooks.register("construct_homepage_panels")
def add_my_storefronts(request, panels):
    storefronts = selectors.storefronts_for_businesses(
        businesses=businesses_for_user(user=request.user)
    )
    if storefronts:
        panels.append(MyStorefrontsPanel(storefronts))


@hooks.register("construct_page_chooser_queryset")
def only_pages_the_user_may_see(pages, request):
    if is_editor(request.user):
        return pages
    editable = PagePermissionPolicy().instances_user_has_permission_for(request.user, "change")
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))
