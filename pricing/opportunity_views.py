"""The opportunities page: feed offers that would earn money on StockX, most profitable
first (pricing/opportunities.py does the work)."""

from datetime import timedelta

import django_filters
import django_tables2 as tables
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.filters import brand_filter
from catalog.models import Size
from inventory.filters import AmountFilter
from inventory.tables import WIDE_ONLY
from soleflip.core.listing import COUNT, render_list
from soleflip.lib.formats import format_datetime, format_number
from soleflip.lib.http import HtmxHttpRequest

from . import opportunities
from .models import OfferCheck, SourcePrice


def last_checked():
    return OfferCheck.objects.aggregate(at=Max("checked_at"))["at"]


def retailers() -> list[tuple[str, str]]:
    """The retailers of the checked offers: they change with a check only, so they are kept
    (in the cache) per check."""

    def names() -> list[tuple[str, str]]:
        found = (
            SourcePrice.objects.filter(offer_check__isnull=False)
            .order_by("supplier_name")
            .values_list("supplier_name", flat=True)
            .distinct()
        )
        return [(name, name) for name in found]

    checked = last_checked()
    key = f"opportunities:retailers:{checked.isoformat() if checked else '-'}"
    return cache.get_or_set(key, names, timeout=24 * 3600)


class OpportunityFilter(django_filters.FilterSet):
    brand = brand_filter("offer__product__brand")
    size = django_filters.ModelChoiceFilter(
        field_name="offer__size",
        queryset=Size.objects.order_by("kind", "region", "sort_order"),
        empty_label=gettext_lazy("Any size"),
        label=gettext_lazy("Size"),
    )
    retailer = django_filters.ChoiceFilter(
        field_name="offer__supplier_name",
        choices=retailers,
        empty_label=gettext_lazy("Any retailer"),
        label=gettext_lazy("Retailer"),
    )
    min_profit = AmountFilter(
        field_name="profit", lookup_expr="gte", min_value=0, label=gettext_lazy("Min. profit (€)")
    )
    min_roi = AmountFilter(method="roi_from", min_value=0, label=gettext_lazy("Min. ROI (%)"))
    max_age = django_filters.NumberFilter(
        method="market_since", min_value=0, label=gettext_lazy("Market data at most (days old)")
    )

    def roi_from(self, queryset, name, value):
        return queryset.filter(roi__gte=value / 100)

    def market_since(self, queryset, name, value):
        return queryset.filter(market_date__gte=timezone.localdate() - timedelta(days=int(value)))


MONEY = {"th": {"class": "money"}}
# Columns a phone leaves out (their cells in pricing/opportunity_table.html likewise).
WIDE_MONEY = {"th": {"class": f"money {WIDE_ONLY}"}}
WIDE = {"th": {"class": WIDE_ONLY}}


class OpportunityTable(tables.Table):
    """Headers and sorting; the rows are written out in pricing/opportunity_table.html."""

    product = tables.Column(
        accessor="offer__product__name", orderable=False, verbose_name=gettext_lazy("Product")
    )
    retailer = tables.Column(
        accessor="offer__supplier_name", orderable=False, verbose_name=gettext_lazy("Retailer")
    )
    buy_price = tables.Column(
        accessor="offer__buy_price", verbose_name=gettext_lazy("Buy price"), attrs=MONEY
    )
    cost = tables.Column(verbose_name=gettext_lazy("Cost basis"), attrs=WIDE_MONEY)
    profit_now = tables.Column(verbose_name=gettext_lazy("Sell now"), attrs=WIDE_MONEY)
    profit_list = tables.Column(verbose_name=gettext_lazy("List"), attrs=WIDE_MONEY)
    profit = tables.Column(
        verbose_name=gettext_lazy("Profit"), attrs=MONEY, order_by=("profit", "offer")
    )
    roi = tables.Column(verbose_name=gettext_lazy("ROI"), attrs=MONEY)
    days = tables.Column(
        empty_values=(),
        orderable=False,
        verbose_name=gettext_lazy("Days to sell"),
        attrs=WIDE_MONEY,
    )
    market_date = tables.Column(verbose_name=gettext_lazy("Market data"), attrs=WIDE)
    links = tables.Column(empty_values=(), orderable=False, verbose_name="")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle small mb-0"}
        template_name = "pricing/opportunity_table.html"
        order_by = ("-profit",)

    def before_render(self, request):
        """Fresh figures for this page's offers only."""
        page = getattr(self, "page", None)
        checks = [row.record for row in page.object_list] if page else []
        self.rows = {row.check.pk: row for row in opportunities.rows_for(checks)}


@permission_required("pricing.view_sourceprice", raise_exception=True)
def opportunity_list(request: HtmxHttpRequest) -> HttpResponse:
    checked = last_checked()

    def totals(rows) -> dict:
        count = rows.aggregate(n=Count("pk"))["n"]
        return {
            _("Opportunities"): format_number(count),
            _("Checked"): format_datetime(checked) if checked else _("not yet"),
            COUNT: count,
        }

    return render_list(
        request,
        template="pricing/opportunity_list.html",
        table_class=OpportunityTable,
        filterset=OpportunityFilter(
            request.GET, queryset=opportunities.opportunities(), request=request
        ),
        totals=totals,
    )
