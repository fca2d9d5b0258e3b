"""The data map of the platform, as the privacy centre sees it: one ``Section`` per app that holds
personal data, each saying how to export, anonymise, purge and check it.

Privacy is the lowest app with models, so it cannot import the apps that hold most personal data
(accounts, orders, onboarding, payments). Those sections are written in the top layer,
``config/personal_data.py``, which may import every app, and named here by a dotted path (the
``PRIVACY_DATA_SECTIONS`` setting, default ``config.personal_data.SECTIONS``), read when a right is
exercised — the way Django reads ``AUTH_PASSWORD_VALIDATORS``. Nothing registers itself on import.
Privacy's own tables (consents, addresses, details, requests, exports, the access log) are the
``privacy`` section here.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from privacy.fields import EncryptedTextField

DEFAULT_SECTIONS = "config.personal_data.SECTIONS"
# How ``open_items`` names an open order at a shop that would close with the account.
SHOP_ORDER_ITEM = _("%(number)s (to your shop %(shop)s)")


@dataclass(frozen=True)
class Section:
    """What one app holds about a person, and how each right reaches it.

    - ``export(user) -> dict|list``: everything about ``user``, decrypted, JSON-ready.
    - ``open_items(user) -> list[str]``: why the account cannot be deleted yet (open orders...).
    - ``handovers(user) -> list[Handover]``: businesses to give to another member first.
    - ``anonymise(user, handover)``: replace or empty the person's identifying values.
    - ``subjects(user) -> list[(type, id)]``: records about the person, for the access log.
    - ``guest_match(email, order_number) -> bool`` and ``guest_anonymise(email, order_number)``;
      ``guest_export(email, order_number) -> dict|None``: what the order holds about the guest.
    - ``purge(now) -> dict[kind, count]``: the retention job's part for this app.
    """

    key: str
    export: Callable | None = None
    open_items: Callable | None = None
    handovers: Callable | None = None
    anonymise: Callable | None = None
    subjects: Callable | None = None
    guest_match: Callable | None = None
    guest_anonymise: Callable | None = None
    guest_export: Callable | None = None
    purge: Callable | None = None


@dataclass(frozen=True)
class Handover:
    """A business the person owns that other members share: it goes to one of them first."""

    business_id: int
    name: str
    members: list[tuple[int, str]]  # (user id, label)


def sections() -> list[Section]:
    from_settings = getattr(settings, "PRIVACY_DATA_SECTIONS", DEFAULT_SECTIONS)
    return list(import_string(from_settings)) if from_settings else []


def retention_periods() -> dict[str, datetime.timedelta]:
    """How long each kind of data no purpose needs any more is kept (settings, in days)."""
    return {
        "abandoned_carts": datetime.timedelta(days=getattr(settings, "RETENTION_CART_DAYS", 90)),
        "guest_contacts": datetime.timedelta(
            days=getattr(settings, "RETENTION_GUEST_CONTACT_DAYS", 30)
        ),
        "expired_invitations": datetime.timedelta(
            days=getattr(settings, "RETENTION_INVITATION_DAYS", 30)
        ),
        "webhook_payloads": datetime.timedelta(
            days=getattr(settings, "RETENTION_WEBHOOK_PAYLOAD_DAYS", 180)
        ),
        "transfer_payloads": datetime.timedelta(
            days=getattr(settings, "RETENTION_TRANSFER_PAYLOAD_DAYS", 180)
        ),
    }


def export_link_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=getattr(settings, "PRIVACY_EXPORT_LINK_HOURS", 48))


DEFAULT_LOOKUPS = "config.personal_data.LOOKUPS"


def lookup(name: str):
    """A read the privacy pages need from a higher app, by name (``PRIVACY_LOOKUPS``, default
    ``config.personal_data.LOOKUPS``): ``wards() -> [(code, name)]``,
    ``owned_businesses(user) -> [(id, name)]``."""
    return import_string(getattr(settings, "PRIVACY_LOOKUPS", DEFAULT_LOOKUPS))[name]


# --- the data map, as documented -------------------------------------------------------------

DEFAULT_DATA_MAP = "config.personal_data.DATA_MAP"


@dataclass(frozen=True)
class MapEntry:
    """One table of the data map: its personal fields, their class under Law 91/2025 (B basic,
    S sensitive), and how long they are kept. ``model`` is a model class (encryption is read from
    its fields) or, for a table without one, its name with ``encryption`` said in words."""

    model: object
    fields: tuple[str, ...]
    classification: str
    retention: str
    encryption: str = ""

    @property
    def table(self) -> str:
        return self.model if isinstance(self.model, str) else self.model._meta.db_table

    def encrypted_fields(self) -> list[str]:
        if isinstance(self.model, str):
            return []
        return [
            field.name
            for field in self.model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]

    def encryption_text(self) -> str:
        if self.encryption:
            return self.encryption
        encrypted = [name for name in self.fields if name in self.encrypted_fields()]
        return ", ".join(encrypted) if encrypted else "no"


def data_map() -> list[MapEntry]:
    return list(import_string(getattr(settings, "PRIVACY_DATA_MAP", DEFAULT_DATA_MAP)))


def data_map_markdown(entries: list[MapEntry]) -> str:
    """The data map as the Markdown table docs/architecture.md carries (``privacy_data_map``)."""
    lines = [
        "| table | personal fields | class | encrypted at rest | retention / removal |",
        "|---|---|---|---|---|",
    ]
    for entry in entries:
        fields = ", ".join(entry.fields) or "—"
        lines.append(
            f"| `{entry.table}` | {fields} | {entry.classification} | "
            f"{entry.encryption_text()} | {entry.retention} |"
        )
    return "\n".join(lines) + "\n"
