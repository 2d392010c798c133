"""The stale-stock page: unsold pairs worst first (pricing.stale), with the suggested
action per pair and links to act."""

from datetime import timedelta

import django_filters
import django_tables2 as tables
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.filters import brand_filter
from catalog.models import Category
from soleflip.core.listing import COUNT, render_list
from soleflip.lib.formats import format_euro, format_number
from soleflip.lib.http import HtmxHttpRequest

from .stale import StaleStock, unsold_pairs

PER_PAGE = 50  # render_list's page size


class StaleStockFilter(django_filters.FilterSet):
    brand = brand_filter("product__brand")
    category = django_filters.ModelChoiceFilter(
        field_name="product__category",
        queryset=Category.objects.all(),
        empty_label=gettext_lazy("Any category"),
        label=gettext_lazy("Category"),
    )
    min_age = django_filters.NumberFilter(
        method="older_than", min_value=0, label=gettext_lazy("Min. days in stock")
    )

    def older_than(self, queryset, name, value):
        return queryset.filter(since__lte=timezone.localdate() - timedelta(days=int(value)))

    @property
    def qs(self):
        """The ranking of the filtered pairs (table data, not a QuerySet)."""
        return StaleStock(super().qs)


class StaleStockTable(tables.Table):
    """Headers only: the rows are written out in pricing/_stale_table.html."""

    product = tables.Column(verbose_name=gettext_lazy("Pair"))
    age = tables.Column(verbose_name=gettext_lazy("Days in stock"))
    expected = tables.Column(verbose_name=gettext_lazy("Days to sell (median)"))
    cost = tables.Column(verbose_name=gettext_lazy("Cost basis"), attrs={"th": {"class": "money"}})
    market = tables.Column(
        verbose_name=gettext_lazy("Lowest ask"), attrs={"th": {"class": "money"}}
    )
    risk = tables.Column(verbose_name=gettext_lazy("Risk"), attrs={"th": {"class": "text-end"}})
    action = tables.Column(verbose_name=gettext_lazy("Suggestion"))

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-hover align-middle small mb-0"}
        template_name = "pricing/_stale_table.html"


def _page_number(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


@permission_required("inventory.view_stockitem", raise_exception=True)
def stale_stock(request: HtmxHttpRequest) -> HttpResponse:
    def totals(rows) -> dict:
        if not isinstance(rows, StaleStock):  # the filter was refused: no rows
            return {COUNT: 0}
        rows.load_page(_page_number(request), PER_PAGE)  # one query: the page and the totals
        found = rows.totals()
        return {
            COUNT: found["rows"],
            _("Pairs"): format_number(found["pairs"]),
            _("Capital tied up (at cost)"): format_euro(found["value"]),
            _("At risk"): format_number(found["at_risk"]),
            _("Capital at risk"): format_euro(found["at_risk_value"]),
        }

    return render_list(
        request,
        template="pricing/stale_stock.html",
        table_class=StaleStockTable,
        filterset=StaleStockFilter(request.GET, queryset=unsold_pairs(), request=request),
        totals=totals,
    )
