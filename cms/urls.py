"""URLs of the cms app under the language prefix (before Wagtail's catch-all)."""

from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
