from django.urls import path

from identity.views import SharedBusinessDetailView, SharedBusinessView

urlpatterns = [
    path("business/", SharedBusinessView.as_view(), name="shared-business"),
    path(
        "business/<int:business_id>/",
        SharedBusinessDetailView.as_view(),
        name="shared-business-detail",
    ),
]
