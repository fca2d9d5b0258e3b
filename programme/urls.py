"""Public open data, mounted at /open-data/ without a language prefix: the files and their
descriptions for portals (Data Package, DCAT-AP). The page that documents them is under the
language prefixes (``programme.page_urls``); /open-data/ itself leads there."""

from django.urls import path, re_path

from programme import views

app_name = "programme"

urlpatterns = [
    path("", views.open_data_redirect, name="open_data"),
    path("adoption.csv", views.open_data_csv, name="open_data_csv"),
    path("adoption.json", views.open_data_json, name="open_data_json"),
    path("electronic-sales.csv", views.open_data_sales_csv, name="open_data_sales_csv"),
    path("datapackage.json", views.open_data_package, name="open_data_package"),
    path("catalog.jsonld", views.open_data_catalog, {"fmt": "jsonld"}, name="catalog_jsonld"),
    path("catalog.ttl", views.open_data_catalog, {"fmt": "ttl"}, name="catalog_ttl"),
    # A month's snapshot: /open-data/2026-11/adoption.csv (programme.models.OpenDataSnapshot).
    re_path(
        r"^(?P<month>[0-9]{4}-[0-9]{2})/(?P<name>[a-z-]+\.(?:csv|json))$",
        views.open_data_snapshot,
        name="open_data_snapshot",
    ),
]
