"""``POST /payments/sepay/<token>/``: SePay's webhook for one shop's monitor (no language prefix).

Answers ``{"success": true}`` (200) once the notification is stored, or was already, or is an
outgoing transfer; 400 for a missing or wrong key or a body that is not a notification, and 410 for
an unknown or disconnected monitor (not 404: the language middleware would turn a 404 into a
redirect to a language-prefixed page) — in all those cases nothing is written.
"""

import logging

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.errors import DomainError
from payments.sepay.notification import NotificationInvalid
from payments.sepay.services import MonitorUnknown, NotAuthorized, sepay_notification_receive

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request, token):
    try:
        result = sepay_notification_receive(
            token=token,
            body=request.body,
            authorization=request.headers.get("Authorization", ""),
        )
    except MonitorUnknown:
        return JsonResponse({"success": False, "error": "unknown endpoint"}, status=410)
    except NotAuthorized:
        logger.warning("Rejected a SePay notification: missing or wrong API key")
        return JsonResponse({"success": False, "error": "invalid signature"}, status=400)
    except (NotificationInvalid, DomainError) as exc:
        logger.warning("Rejected a SePay notification: %s", exc)
        return JsonResponse({"success": False, "error": "invalid notification"}, status=400)
    return JsonResponse({"success": True, "duplicate": result.duplicate, "stored": result.stored})
