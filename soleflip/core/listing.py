"""The one way list pages work: a FilterSet bound to GET, a django-tables2 Table with
sortable columns and 50 rows a page, and the `#results` partial for HTMX requests."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django_tables2 import RequestConfig
from django_tables2.paginators import LazyPaginator

from soleflip.lib.http import HtmxHttpRequest
from soleflip.lib.widgets import fast_selects

# A totals function may return the number of rows under this key (it is not shown), which
# spares the pager its own COUNT query. None: the rows are not counted (a list without a
# filter, whose totals come from the analytics views); the pager then reads one row past
# the page to know whether another follows, so the page costs the same at any size.
COUNT = "_count"


class CountedPaginator(Paginator):
    """A Paginator told the number of rows up front, so it runs no COUNT query."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


def uncounted(rows) -> dict:
    """Totals for a list that shows none and should not count its rows (a table of
    millions without a filter): the pager reads one row past the page instead."""
    return {COUNT: None}


def active_filters(filterset) -> int:
    """How many of the list's filters the request sets, for the phone's "Filters" button.
    A value the FilterSet shows without being asked (its `defaults`, e.g. the inventory's
    unsold pairs) is not a filter the user set."""
    defaults = getattr(filterset, "defaults", {})
    data = filterset.data or {}
    return sum(
        1
        for name in filterset.form.fields
        if data.get(name) not in (None, "") and data.get(name) != defaults.get(name)
    )


def render_list(
    request: HtmxHttpRequest,
    *,
    template: str,
    filterset,
    table_class,
    totals: Callable[[QuerySet], dict] | None = None,
    context: dict | None = None,
) -> HttpResponse:
    fast_selects(filterset.form)  # hundreds of options without a template each
    valid = filterset.is_valid()
    rows = filterset.qs if valid else filterset.queryset.none()
    table = table_class(rows)
    summary = totals(rows) if totals else None
    paginate = {"per_page": 50}
    if summary and COUNT in summary:  # the totals counted the rows: the pager needn't
        count = summary.pop(COUNT)
        if count is None:
            paginate.update(paginator_class=LazyPaginator)
        else:
            paginate.update(paginator_class=CountedPaginator, count=count)
    RequestConfig(request, paginate=paginate).configure(table)
    data = {
        "filter": filterset,
        "table": table,
        "totals": summary,
        "active_filters": active_filters(filterset),
    }
    if request.htmx:  # filter form, sort and page links all swap #results
        template = f"{template}#results"
    # 422: htmx swaps the results with the filter's errors in place (see base.html).
    return render(request, template, {**data, **(context or {})}, status=200 if valid else 422)
