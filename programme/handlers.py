"""What the programme does when the lower apps' records change (``core.events``; subscribed in
``ProgrammeConfig.ready``): the facts of the business behind the change are recomputed and the
cached figures dropped. A failure is logged by ``core.events`` and never undoes the write it
follows; the scheduled ``programme_refresh`` repairs any row it missed, and bulk writes that
publish nothing.

Accounts have no facts row, but the funnel's first step counts the accounts that joined to sell
and belong to no business: an account or membership change drops the cached figures only.
"""

from programme import cache, services


def business_record_changed(event) -> None:
    """For every event that names a business whose facts may have moved."""
    try:
        services.business_changed(business_id=event.business_id)
    finally:
        cache.invalidate()  # also when the recomputation failed: no stale figures are served


def figures_changed(event) -> None:
    """For changes that move no business's facts but can move the funnel's counts."""
    cache.invalidate()
