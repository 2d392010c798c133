import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from soleflip.core.tables import MoneyColumn

from .models import MarketPrice


class MarketPriceTable(tables.Table):
    price_date = tables.DateColumn(verbose_name=_("Date"))
    product = tables.Column(
        accessor="product__name", verbose_name=_("Product"), order_by="product__name"
    )
    sku = tables.Column(accessor="product__sku", verbose_name=_("SKU"))
    size = tables.Column(accessor="size__display", verbose_name=_("Size"), default=_("all sizes"))
    marketplace = tables.Column(accessor="marketplace__name", verbose_name=_("Marketplace"))
    lowest_ask = MoneyColumn(verbose_name=_("Lowest ask"))
    highest_bid = MoneyColumn(verbose_name=_("Highest bid"))
    sell_faster = MoneyColumn(verbose_name=_("Sell faster"))
    earn_more = MoneyColumn(verbose_name=_("Earn more"))

    class Meta:
        model = MarketPrice
        fields = ()
        sequence = (
            "price_date",
            "product",
            "sku",
            "size",
            "marketplace",
            "lowest_ask",
            "highest_bid",
            "sell_faster",
            "earn_more",
        )
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        order_by = "-price_date"
        template_name = "pricing/_market_price_table.html"  # the rows, written out
