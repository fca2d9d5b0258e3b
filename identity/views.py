"""What the city's claims prefill on the business-profile form (read by its script)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from identity.adapter import PREFILL_SESSION_KEY


@login_required
@require_safe
def business_prefill(request):
    """The owner name, verified email, phone and tax code the city sent at this session's
    sign-in; empty when the person signed in another way. Nothing is saved from here."""
    return JsonResponse({"city": request.session.get(PREFILL_SESSION_KEY, {})})
