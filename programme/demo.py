"""Demo data of the programme: brings every demo business's facts up to date so the dashboard and
the open data show the records the lower apps seeded (the city's targets come from a migration)."""

from programme.cache import invalidate
from programme.services import business_facts_refresh


def seed(*, stdout, style, password):
    count = business_facts_refresh()
    invalidate()
    stdout.write(f"programme: facts of {count} businesses refreshed")
