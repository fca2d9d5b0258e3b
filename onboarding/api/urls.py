"""URLs of the onboarding app (filled in by its issue)."""

urlpatterns = []
