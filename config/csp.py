"""The Content-Security-Policy as django-csp 4 reads it.

The policy is written, and may be replaced through the environment (``CONTENT_SECURITY_POLICY``),
as the header's own text; ``setting`` turns that text into django-csp's ``CONTENT_SECURITY_POLICY``
dict, with the path prefixes that send no policy (the Wagtail admin and the API docs ship inline
assets). ``with_form_action`` lets a form's redirect reach another origin (a payment page, the
city's login): browsers check that redirect against ``form-action``.
"""

from urllib.parse import urlsplit

EXCLUDED_PREFIXES = ("/admin/", "/api/v1/docs/", "/django-tasks/")


def directives(policy: str) -> dict[str, list[str]]:
    """``"default-src 'self'; img-src 'self' data:"`` -> ``{"default-src": ["'self'"], ...}``."""
    parsed = {}
    for directive in policy.split(";"):
        words = directive.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


def setting(policy: str) -> dict:
    return {"EXCLUDE_URL_PREFIXES": EXCLUDED_PREFIXES, "DIRECTIVES": directives(policy)}


def with_form_action(config: dict, url: str) -> dict:
    """``config`` with the origin of ``url`` allowed as a form's target (a copy)."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    actions = list(config["DIRECTIVES"].get("form-action", []))
    if origin not in actions:
        actions.append(origin)
    return {**config, "DIRECTIVES": {**config["DIRECTIVES"], "form-action": actions}}
