"""URLs of the payments app (filled in by its issue)."""

urlpatterns = []
