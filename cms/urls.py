"""URLs of the cms app under the language prefix (before Wagtail's catch-all)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from cms import views

app_name = "cms"

urlpatterns = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
    # The footer's pages, at the same paths as their Wagtail pages (/vi/dieu-khoan-su-dung/):
    # the footer links to them by name, without a query on every page.
    path(_("terms/"), views.info_page, {"role": "terms"}, name="terms"),
    path(_("contact/"), views.info_page, {"role": "contact"}, name="contact"),
]
