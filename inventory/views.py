from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse

from soleflip.core.listing import render_list
from soleflip.core.tables import euro

from .filters import StockFilter
from .models import StockItem
from .tables import StockTable


def _totals(rows) -> dict:
    agg = rows.aggregate(pairs=Count("id"), cost=Sum("purchase_price"))
    return {"Pairs": agg["pairs"], "Cost value (net)": euro(agg["cost"] or 0)}


@permission_required("inventory.view_stockitem", raise_exception=True)
def stock_list(request: HttpRequest) -> HttpResponse:
    items = StockItem.objects.select_related("product", "size", "supplier")
    return render_list(
        request,
        template="inventory/stock_list.html",
        table_class=StockTable,
        filterset=StockFilter(request.GET, queryset=items, request=request),
        totals=_totals,
    )
