"""Workspace menu items shown by a person's place in a business (orders, payments and reviews
register theirs with these). Whether someone is a member is asked once per request, however many
items ask it: each workspace page draws every menu item."""

from wagtail.admin.menu import MenuItem


def is_member(user) -> bool:
    known = getattr(user, "_is_business_member", None)
    if known is None:
        known = user.is_authenticated and user.memberships.exists()
        user._is_business_member = known
    return known


class MemberMenuItem(MenuItem):
    """Shown to members of any business (owners and staff)."""

    def is_shown(self, request):
        return is_member(request.user)
