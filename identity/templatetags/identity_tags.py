from django import template

from identity.sharing import active_grants

register = template.Library()


@register.inclusion_tag("identity/privacy_grants.html")
def city_service_grants(user):
    """The privacy page's list of city services an owner shares a profile with (one query)."""
    return {"grants": list(active_grants(user=user))}
