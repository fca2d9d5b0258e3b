"""The platform's roles, each a Django group created by a migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Group names (values) and their translated labels."""

    SHOPPER = "Shopper", _("Shopper")
    VENDOR_OWNER = "Vendor owner", _("Vendor owner")
    VENDOR_STAFF = "Vendor staff", _("Vendor staff")
    PROGRAMME_MANAGER = "Programme manager", _("Programme manager")
    # Wagtail's own "Editors" group, which already holds the page permissions editors need.
    EDITOR = "Editors", _("Editor")
    DATA_PROTECTION_OFFICER = "Data-protection officer", _("Data-protection officer")
    ADMIN = "Admin", _("Admin")


# Roles that open the Wagtail admin (the seller workspace and the programme's workspace).
WORKSPACE_ROLES = (
    Role.VENDOR_OWNER,
    Role.VENDOR_STAFF,
    Role.PROGRAMME_MANAGER,
    Role.EDITOR,
    Role.DATA_PROTECTION_OFFICER,
    Role.ADMIN,
)
