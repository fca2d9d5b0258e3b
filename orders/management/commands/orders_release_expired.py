"""Releases the stock of order groups whose payment window closed without a payment.

Stripe reports expiry by webhook; this sweep covers providers that do not (the sandbox) and missed
events. `manage.py run_schedule` runs the same sweep every minute (orders/schedule.py); this
command runs it once, by hand; it is safe to run at any time.
"""

from django.core.management.base import BaseCommand

from orders.services import order_groups_release_expired


class Command(BaseCommand):
    help = "Cancel unpaid order groups past their payment window and release their stock."

    def handle(self, *args, **options):
        count = order_groups_release_expired()
        self.stdout.write(f"{count} unpaid order groups released")
