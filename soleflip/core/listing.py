"""The one way list pages work: a FilterSet bound to GET, a django-tables2 Table with
sortable columns and 50 rows a page, and the `#results` partial for HTMX requests."""

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tables2 import RequestConfig

# A totals function may return the number of rows under this key (it is not shown), which
# spares the pager its own COUNT query.
COUNT = "_count"


def render_list(
    request: HttpRequest,
    *,
    template: str,
    filterset,
    table_class,
    totals: Callable[[QuerySet], dict] | None = None,
    context: dict | None = None,
) -> HttpResponse:
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    table = table_class(rows)
    summary = totals(rows) if totals else None
    if summary and COUNT in summary:  # the totals counted the rows: the pager needn't
        table.data._length = summary.pop(COUNT)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    data = {"filter": filterset, "table": table, "totals": summary}
    if request.htmx:  # filter form, sort and page links all swap #results
        template = f"{template}#results"
    return render(request, template, {**data, **(context or {})})
