from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("business/new/", views.business_create, name="business_create"),
    path("business/<slug:slug>/", views.business_detail, name="business_detail"),
    path("business/<slug:slug>/edit/", views.business_edit, name="business_edit"),
    path("business/<slug:slug>/invite/", views.business_invite, name="business_invite"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("wards/", views.ward_search, name="ward_search"),
]
