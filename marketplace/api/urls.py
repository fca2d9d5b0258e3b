"""Routes of the catalogue API, mounted at /api/v1/ by config/api_router.py."""

from rest_framework.routers import SimpleRouter

from marketplace.api import views

router = SimpleRouter()
router.register("products", views.ProductViewSet, basename="product")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("businesses", views.BusinessViewSet, basename="business")
router.register("vendor/products", views.VendorProductViewSet, basename="vendor-product")

urlpatterns = router.urls
