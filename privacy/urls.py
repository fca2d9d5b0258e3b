from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("notice/", views.notice, name="notice"),
    path("consent/", views.consent, name="consent"),
    path("details/", views.details, name="details"),
    path("addresses/new/", views.address, name="address_add"),
    path("addresses/<int:pk>/", views.address, name="address_edit"),
    path("addresses/<int:pk>/delete/", views.address_delete, name="address_delete"),
    path("download/", views.export_start, name="export_start"),
    path(
        "download/<str:token>/data.json",
        views.export_download,
        {"kind": "json"},
        name="export_json",
    ),
    path(
        "download/<str:token>/summary.html",
        views.export_download,
        {"kind": "html"},
        name="export_html",
    ),
    path("requests/", views.request_create, name="request_create"),
    path("delete/", views.delete_account, name="delete"),
    path("guest/", views.guest_request, name="guest_request"),
    path("guest/<str:token>/", views.guest_confirm, name="guest_confirm"),
    path(
        "guest/download/<str:token>/data.json",
        views.guest_download,
        {"kind": "json"},
        name="guest_export_json",
    ),
    path(
        "guest/download/<str:token>/summary.html",
        views.guest_download,
        {"kind": "html"},
        name="guest_export_html",
    ),
]
