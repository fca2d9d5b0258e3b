"""URLs of the orders app (filled in by its issue)."""

urlpatterns = []
