"""The site's URLs plus the floor endpoints: constant bodies through the same middleware."""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

_BODIES: dict[str, bytes] = {}


def floor(request, name: str):
    """Answers the bytes the benchmark saved for ``name``, as a Django view would serve a
    constant: the cost of the stack without the database or serialization."""
    if name not in _BODIES:
        source = Path(settings.BENCH_FLOOR_DIR) / f"{name}.json"
        if not source.is_file():
            raise Http404
        _BODIES[name] = source.read_bytes()
    return HttpResponse(_BODIES[name], content_type="application/json")


urlpatterns = [path("bench/floor/<slug:name>/", floor), *site_urlpatterns]
