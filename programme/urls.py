"""Public open data, mounted at /open-data/ without a language prefix."""

from django.urls import path

from programme import views

app_name = "programme"

urlpatterns = [
    path("", views.open_data_page, name="open_data"),
    path("adoption.csv", views.open_data_csv, name="open_data_csv"),
    path("adoption.json", views.open_data_json, name="open_data_json"),
]
