"""The workspace's sign-in door, ``/admin/login/`` (``WAGTAILADMIN_LOGIN_URL``).

Wagtail sends here everyone it turns away from ``/admin/``: the anonymous, and signed-in people
without workspace rights. The anonymous go on to allauth's login (MFA and rate limits apply; this
door never signs anyone in). A signed-in person without rights would be sent by allauth straight
back to ``/admin/``, and round again until the browser gives up: they go to their account page
instead, where Wagtail's "You do not have permission" message shows. A workspace user who lands
here goes on to where they were heading.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def admin_login(request):
    user = request.user
    if not user.is_authenticated:
        query = request.META.get("QUERY_STRING", "")
        login = reverse("account_login")
        return HttpResponseRedirect(f"{login}?{query}" if query else login)
    if user.has_perm("wagtailadmin.access_admin"):
        target = request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        return HttpResponseRedirect(target if safe and target else reverse("wagtailadmin_home"))
    return redirect("accounts:dashboard")
