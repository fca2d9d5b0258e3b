"""What happens when someone decides on a sandbox hosted page.

The sandbox updates its own record of the account (as a provider would), then sends the resulting
Stripe-shaped event, signed, through ``payments.services.webhook_receive``: the same verification,
storage and handlers as a real webhook.
"""

import json
import secrets
import time

from django.db import transaction

from payments.models import SandboxAccount
from payments.sandbox.provider import SandboxProvider, account_object, sign
from payments.services import WebhookResult, webhook_receive


class Decision:
    APPROVE = "approve"
    MORE_INFORMATION = "more_information"
    REJECT = "reject"
    ALL = (APPROVE, MORE_INFORMATION, REJECT)


def _apply(account: SandboxAccount, decision: str) -> None:
    account.details_submitted = True
    if decision == Decision.APPROVE:
        account.charges_enabled = account.payouts_enabled = True
        account.currently_due = []
        account.disabled_reason = ""
    elif decision == Decision.MORE_INFORMATION:
        account.charges_enabled = account.payouts_enabled = False
        account.currently_due = ["individual.verification.document"]
        account.disabled_reason = ""
    elif decision == Decision.REJECT:
        account.charges_enabled = account.payouts_enabled = False
        account.currently_due = []
        account.disabled_reason = "rejected.other"
    else:
        raise ValueError(f"unknown sandbox decision {decision!r}")


def sandbox_event(*, event_type: str, obj: dict, account_id: str = "") -> bytes:
    """A Stripe-shaped event body as the sandbox sends it."""
    event = {
        "id": f"evt_sbx_{secrets.token_hex(12)}",
        "object": "event",
        "type": event_type,
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }
    if account_id:
        event["account"] = account_id
    return json.dumps(event, separators=(",", ":")).encode()


def sandbox_account_decide(*, account_id: str, decision: str) -> WebhookResult:
    """Approves, asks for more information or rejects a sandbox account, then delivers the event."""
    with transaction.atomic():
        account = SandboxAccount.objects.select_for_update().get(account_id=account_id)
        _apply(account, decision)
        account.save()
    body = sandbox_event(
        event_type="account.updated", obj=account_object(account), account_id=account_id
    )
    return webhook_receive(
        provider=SandboxProvider(), endpoint="connect", body=body, signature=sign(body)
    )
