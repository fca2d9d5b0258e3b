"""URLs of the programme app (filled in by its issue)."""

urlpatterns = []
