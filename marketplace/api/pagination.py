"""Page numbers without a COUNT: one query per page whatever the size of the catalogue.

Counting 100,000 visible products joined to their businesses costs more than the page itself and
grows with the catalogue; lists ask for one row more than the page instead, to know whether a next
page exists.
"""

from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Page:
    """Page ``number`` of ``size`` rows; ``fetch(offset, limit)`` answers (rows, has_next)."""

    def __init__(self, *, request, fetch, number: int, size: int):
        self.rows, self.has_next = fetch((number - 1) * size, size)
        self.number = number
        self.request = request

    def links(self) -> dict:
        url = self.request.build_absolute_uri()
        following = replace_query_param(url, "page", self.number + 1) if self.has_next else None
        if self.number <= 1:
            previous = None
        elif self.number == 2:
            previous = remove_query_param(url, "page")
        else:
            previous = replace_query_param(url, "page", self.number - 1)
        return {"next": following, "previous": previous, "page": self.number}
