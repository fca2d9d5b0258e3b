"""The dashboard's URLs inside the Wagtail admin (/admin/programme/...)."""

from django.urls import path

from programme import views

app_name = "programme_admin"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:key>.<str:fmt>", views.export, name="export"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("follow-up/export.csv", views.follow_up_export, name="follow_up_export"),
    path("refresh/", views.refresh, name="refresh"),
]
