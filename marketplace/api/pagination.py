"""Page numbers without a COUNT: one query per page whatever the size of the catalogue.

Counting 100,000 visible products joined to their businesses costs more than the page itself and
grows with the catalogue; lists ask for one row more than the page instead, to know whether a next
page exists.
"""

from django.db.models import QuerySet
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Page:
    def __init__(self, *, request, queryset: QuerySet, number: int, size: int):
        offset = (number - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        self.rows = rows[:size]
        self.has_next = len(rows) > size
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
