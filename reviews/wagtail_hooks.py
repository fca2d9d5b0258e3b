"""Workspace entries of the reviews app (see ``reviews.workspace``)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.menus import MemberMenuItem
from reviews import workspace


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("reviews.moderate_review")


@hooks.register("register_admin_urls")
def register_reviews_urls():
    urls = [
        path("", workspace.vendor_list, name="list"),
        path("<int:review_id>/reply/", workspace.reply, name="reply"),
        path("reported/", workspace.reported_list, name="reported"),
        path("<int:review_id>/hide/", workspace.hide, name="hide"),
        path("<int:review_id>/restore/", workspace.restore, name="restore"),
    ]
    return [path("reviews/", include((urls, "reviews_workspace"), namespace="reviews_workspace"))]


@hooks.register("register_admin_menu_item")
def register_reviews_menu_item():
    return MemberMenuItem(
        _("Reviews"),
        reverse_lazy("reviews_workspace:list"),
        name="reviews",
        icon_name="comment",
        order=222,
    )


@hooks.register("register_admin_menu_item")
def register_reported_menu_item():
    return ModeratorMenuItem(
        _("Reported reviews"),
        reverse_lazy("reviews_workspace:reported"),
        name="reported-reviews",
        icon_name="warning",
        order=650,
    )
