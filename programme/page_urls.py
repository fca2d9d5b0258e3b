"""The open-data page, under the language prefixes (/vi/open-data/, /en/open-data/)."""

from django.urls import path

from programme import views

app_name = "programme_page"

urlpatterns = [path("", views.open_data_page, name="open_data")]
