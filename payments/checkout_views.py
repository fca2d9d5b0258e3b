"""The payment step of checkout: the orders app hands a placed order group here (by a 307 POST).

The group must belong to the signed-in shopper or to the browser session that placed it; its
amounts come from the database. A paid group is never charged twice.
"""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from orders.selectors import SESSION_GROUPS_KEY, order_group_for_shopper
from payments.checkout import checkout_start
from privacy.errors import DomainError


@require_POST
def checkout_pay(request, reference):
    group = order_group_for_shopper(
        reference=reference,
        user=request.user,
        session_references=request.session.get(SESSION_GROUPS_KEY, []),
    )
    if group is None:
        raise Http404
    detail = request.build_absolute_uri(
        reverse("orders:group_detail", kwargs={"reference": group.reference})
    )
    try:
        url = checkout_start(
            group=group, success_url=f"{detail}?paid=1", cancel_url=f"{detail}?cancelled=1"
        )
    except DomainError as exc:
        return render(
            request,
            "orders/payment_error.html",
            {"group": group, "message": exc.message},
            status=exc.status_code,
        )
    return HttpResponseRedirect(url, status=303)
