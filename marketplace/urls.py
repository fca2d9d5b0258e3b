"""Shopper pages of the catalogue under the language prefix: search and category pages, with
translated paths (``/vi/tim-kiem/``, ``/en/search/``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from marketplace import views

app_name = "marketplace"

urlpatterns = [
    path(_("search/"), views.search_page, name="search"),
    path(_("search/suggestions/"), views.suggest, name="suggest"),
    path(_("category/<slug:slug>/"), views.category, name="category"),
]
