"""Pages of the digital-maturity check, mounted at /<lang>/start/."""

from django.urls import path

from onboarding import views

app_name = "onboarding"

urlpatterns = [
    path("", views.start, name="start"),
    path("<slug:slug>/", views.business_overview, name="business"),
    path("<slug:slug>/begin/", views.begin, name="begin"),
    path("<slug:slug>/storefront/", views.storefront, name="storefront"),
    path("<slug:slug>/<int:pk>/", views.result, name="result"),
    path("<slug:slug>/<int:pk>/submit/", views.submit, name="submit"),
    path("<slug:slug>/<int:pk>/<str:dimension>/", views.step, name="step"),
]
