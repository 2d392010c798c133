import django_tables2 as tables

from soleflip.core.tables import MoneyColumn

from .models import Product


class ProductTable(tables.Table):
    sku = tables.Column(verbose_name="SKU")
    name = tables.Column(linkify=("catalog:product-detail", {"pk": tables.A("pk")}))
    brand = tables.Column(accessor="brand__name", verbose_name="Brand")
    category = tables.Column(accessor="category__name", verbose_name="Category")
    retail_price = MoneyColumn(verbose_name="Retail")
    lowest_ask = MoneyColumn(
        accessor="market_ask", verbose_name="Lowest ask", order_by="market_ask"
    )
    release_date = tables.DateColumn(verbose_name="Released")

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
