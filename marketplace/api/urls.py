"""Routes of the catalogue API, mounted at /api/v1/ by config/api_router.py."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from marketplace.api import views

router = SimpleRouter()
router.register("products", views.ProductViewSet, basename="product")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("businesses", views.BusinessViewSet, basename="business")
router.register("vendor/products", views.VendorProductViewSet, basename="vendor-product")

# The two public product reads answer anonymous cache hits before the viewset runs; the router's
# routes below stay for everything else and for the schema.
urlpatterns = [
    path("products/", views.product_list_view),
    re_path(r"^products/(?P<pk>[^/.]+)/$", views.product_detail_view),
    *router.urls,
]
