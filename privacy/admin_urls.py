"""URLs of the DPO's workspace, under /admin/privacy/ (``wagtail_hooks.register_urls``)."""

from django.urls import path

from privacy import admin_views

urlpatterns = [
    path("", admin_views.request_queue, name="requests"),
    path("access-log/", admin_views.access_log, name="access_log"),
    path("consents/", admin_views.consents, name="consents"),
    path("retention/", admin_views.retention, name="retention"),
    path("retention/run/", admin_views.retention_run, name="retention_run"),
]
