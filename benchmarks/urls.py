"""The site's URLs plus the floor endpoints: constant bodies through the same middleware."""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

_BODIES: dict[str, tuple[bytes, str]] = {}
_HTML = "text/html; charset=utf-8"


def floor(request, name: str):
    """Answers the bytes the benchmark saved for ``name``, as a Django view would serve a
    constant: the cost of the stack without the database or serialization."""
    if name not in _BODIES:
        folder = Path(settings.BENCH_FLOOR_DIR)
        for suffix, content_type in ((".json", "application/json"), (".html", _HTML)):
            if (folder / f"{name}{suffix}").is_file():
                _BODIES[name] = ((folder / f"{name}{suffix}").read_bytes(), content_type)
                break
        else:
            raise Http404
    body, content_type = _BODIES[name]
    return HttpResponse(body, content_type=content_type)


urlpatterns = [path("bench/floor/<slug:name>/", floor), *site_urlpatterns]
