"""Domain events: how one app learns, after the fact, that another app's records changed.

The app that owns a record publishes an event from its service right after the write
(``publish(BusinessChanged(business_id=business.pk))``); the apps that care subscribe a handler
in their ``AppConfig.ready()`` (``subscribe(BusinessChanged, handler)``). Nothing else: no model
signal crosses an app, so a reader of a service sees that events follow its write, and a reader
of ``ready()`` sees what an app listens to. ``docs/architecture.md`` ("Events and who listens")
lists every subscription.

Delivery waits for the publishing transaction to commit (``transaction.on_commit``): a rolled-back
write announces nothing, and a handler reads the committed rows. Handlers run in the order they
subscribed (``INSTALLED_APPS`` order, lowest layer first), each on its own: a failing handler is
logged and neither undoes the write nor stops the others, because the write is already committed
(the scheduled jobs repair what a failed handler missed). Events carry ids, never model
instances, so a handler reads the rows as they are after the commit.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BusinessChanged:
    """A business profile was created (``created``) or changed, or its payment readiness moved."""

    business_id: int
    created: bool = False


@dataclass(frozen=True)
class MembershipChanged:
    """A person joined or left a business, or their role in it changed."""

    business_id: int
    user_id: int


@dataclass(frozen=True)
class AccountChanged:
    """An account was made, (de)activated, or changed why it joined (to sell or to shop);
    ``user_id`` is None once it is deleted."""

    user_id: int | None


@dataclass(frozen=True)
class ProductChanged:
    """A product of the business was created, changed, archived or deleted."""

    business_id: int


@dataclass(frozen=True)
class OrderChanged:
    """An order of the business was placed or changed state (payment, fulfilment, refund)."""

    business_id: int


@dataclass(frozen=True)
class AssessmentChanged:
    """A maturity assessment of the business was started, saved or submitted."""

    business_id: int


@dataclass(frozen=True)
class PaymentAccountChanged:
    """A payment rail of the business changed: its e-payment account, bank account or payOS
    channel."""

    business_id: int


@dataclass(frozen=True)
class StorefrontChanged:
    """The business's storefront was published, unpublished or deleted."""

    business_id: int


Handler = Callable[[object], None]

_handlers: dict[type, list[Handler]] = {}


def subscribe(event_type: type, handler: Handler) -> None:
    """Calls ``handler(event)`` after the commit of every write that publishes ``event_type``.
    Subscribing the same handler twice keeps one."""
    handlers = _handlers.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def subscribers(event_type: type) -> tuple[Handler, ...]:
    return tuple(_handlers.get(event_type, ()))


def publish(event: object) -> None:
    """Delivers ``event`` to its subscribers once the current transaction commits (at once
    outside a transaction); never if it rolls back."""
    transaction.on_commit(partial(_deliver, event))


def _deliver(event: object) -> None:
    for handler in subscribers(type(event)):
        try:
            handler(event)
        except Exception:
            logger.exception(
                "Handler %s failed on %r", getattr(handler, "__qualname__", handler), event
            )
