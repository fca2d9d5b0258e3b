"""Accounts edited in Wagtail's user admin (an administrator's door to ``User``, outside our
services) are announced like the others: ``core.events.AccountChanged`` after a create, an edit
(activation) or a delete, so the programme's funnel counts follow."""

from wagtail import hooks

from core.events import AccountChanged, publish


@hooks.register("after_create_user")
@hooks.register("after_edit_user")
@hooks.register("after_delete_user")
def announce_account(request, user):
    publish(AccountChanged(user_id=user.pk))
