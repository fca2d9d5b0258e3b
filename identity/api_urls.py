from django.urls import path

from identity.views import SharedBusinessView

urlpatterns = [
    path("business/", SharedBusinessView.as_view(), name="shared-business"),
    path(
        "business/<int:business_id>/", SharedBusinessView.as_view(), name="shared-business-detail"
    ),
]
