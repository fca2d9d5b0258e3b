"""Who sees what in the workspace (the Wagtail admin): menus by role.

A *vendor* here is someone whose only workspace roles are being a member (owner or staff) of one
or more businesses: no editor, programme manager, data-protection officer or admin role, not a
superuser. A vendor's workspace is their shops: the home is "Cửa hàng của tôi" (built by
``onboarding.workspace_home``), the menu leads to their storefronts, products, orders, statements
and payments, and Wagtail's site-wide parts are neither shown nor opened: the site summary, the
page tree from its root, the reports (workflows, site history, aging pages, page types,
translations). ``VendorScopeMiddleware`` refuses those URLs (403), because hiding a menu item
does not close its page.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef

from accounts.models import Membership, User
from accounts.roles import Role

# Roles that see the site-wide workspace (each on top of whatever shops they belong to).
SITE_ROLES = (Role.EDITOR, Role.ADMIN, Role.PROGRAMME_MANAGER, Role.DATA_PROTECTION_OFFICER)
# Wagtail's site-wide screens a vendor may not open (prefixes of /admin/ paths).
SITE_WIDE_PATHS = ("reports/", "localize/reports/", "workflows/", "pages/search/")
_CACHE = "_workspace_scope"


def _scope(user) -> tuple[bool, bool]:
    """(is a member of a business, holds a site role): one query, kept on the user object for
    the request (menus and hooks ask several times)."""
    cached = getattr(user, _CACHE, None)
    if cached is None:
        if not user.is_authenticated:
            cached = (False, False)
        elif user.is_superuser:
            cached = (
                Membership.objects.filter(user=user).exists(),
                True,
            )
        else:
            row = (
                User.objects.filter(pk=user.pk)
                .annotate(
                    member=Exists(Membership.objects.filter(user=OuterRef("pk"))),
                    site_role=Exists(
                        User.groups.through.objects.filter(
                            user=OuterRef("pk"), group__name__in=SITE_ROLES
                        )
                    ),
                )
                .values_list("member", "site_role")
                .first()
            )
            cached = tuple(row) if row else (False, False)
        setattr(user, _CACHE, cached)
    return cached


def is_member(user) -> bool:
    return _scope(user)[0]


def is_vendor_only(user) -> bool:
    """A member of a business with no site-wide role: sees only their shops."""
    member, site_role = _scope(user)
    return member and not site_role


def _site_wide(path: str, admin_prefix: str) -> bool:
    if not path.startswith(admin_prefix):
        return False
    rest = path[len(admin_prefix) :]
    return rest == "pages/" or rest.startswith(SITE_WIDE_PATHS)


class VendorScopeMiddleware:
    """A vendor opening one of Wagtail's site-wide screens gets a 403 (nothing else is asked:
    other paths cost no query)."""

    admin_prefix = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _site_wide(request.path_info, self.admin_prefix) and is_vendor_only(request.user):
            raise PermissionDenied
        return self.get_response(request)
