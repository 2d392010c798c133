from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse

from soleflip.core.listing import active_filters, render_list, uncounted
from soleflip.lib.http import HtmxHttpRequest

from .filters import MarketPriceFilter
from .models import MarketPrice
from .tables import MarketPriceTable


@permission_required("pricing.view_marketprice", raise_exception=True)
def market_price_list(request: HtmxHttpRequest) -> HttpResponse:
    prices = MarketPrice.objects.select_related("product", "size", "marketplace")
    filterset = MarketPriceFilter(request.GET, queryset=prices, request=request)
    return render_list(
        request,
        template="pricing/market_price_list.html",
        table_class=MarketPriceTable,
        filterset=filterset,
        # A year of daily prices is millions of rows: without a filter they are not counted.
        totals=None if active_filters(filterset) else uncounted,
    )
