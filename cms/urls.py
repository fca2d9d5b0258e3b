"""URLs of the cms app (filled in by its issue)."""

urlpatterns = []
