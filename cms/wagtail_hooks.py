"""The seller workspace's side of the cms: "my storefront" on the dashboard, created on first visit
if the business does not have one yet."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from accounts.selectors import businesses_for_user
from cms import services


class MyStorefrontsPanel(Component):
    name = "my_storefronts"
    order = 50
    template_name = "cms/admin/my_storefronts_panel.html"

    def __init__(self, storefronts):
        self.storefronts = storefronts

    def get_context_data(self, parent_context=None):
        return {"storefronts": self.storefronts, "heading": _("My storefront")}


@hooks.register("construct_homepage_panels")
def add_my_storefronts(request, panels):
    storefronts = [
        services.storefront_ensure(business=business)
        for business in businesses_for_user(user=request.user)
    ]
    if storefronts:
        panels.append(MyStorefrontsPanel(storefronts))
