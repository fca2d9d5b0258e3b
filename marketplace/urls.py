"""URLs of the marketplace app (filled in by its issue)."""

urlpatterns = []
