import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from soleflip.core.tables import MoneyColumn

from .models import Product


class ProductTable(tables.Table):
    sku = tables.Column(verbose_name=_("SKU"))
    name = tables.Column(
        verbose_name=_("Name"), linkify=("catalog:product-detail", {"pk": tables.A("pk")})
    )
    brand = tables.Column(accessor="brand__name", verbose_name=_("Brand"))
    category = tables.Column(accessor="category__name", verbose_name=_("Category"))
    retail_price = MoneyColumn(verbose_name=_("Retail"))
    lowest_ask = MoneyColumn(
        accessor="market_ask", verbose_name=_("Lowest ask"), order_by="market_ask"
    )
    release_date = tables.DateColumn(verbose_name=_("Released"))

    class Meta:
        model = Product
        fields = ()
        sequence = (
            "sku",
            "name",
            "brand",
            "category",
            "retail_price",
            "lowest_ask",
            "release_date",
        )
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        order_by = "name"
        template_name = "catalog/_product_table.html"  # the rows, written out
