import django_tables2 as tables
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from soleflip.core.tables import MoneyColumn

from .models import Order


class OrderTable(tables.Table):
    sold_at = tables.DateTimeColumn(verbose_name=_("Sold"), attrs={"td": {"class": "nowrap"}})
    marketplace = tables.Column(accessor="marketplace__name", verbose_name=_("Marketplace"))
    external_id = tables.Column(verbose_name=_("Order number"), attrs={"td": {"class": "nowrap"}})
    product = tables.Column(
        accessor="inventory_item__product__name",
        verbose_name=_("Product"),
        order_by="inventory_item__product__name",
    )
    size = tables.Column(
        accessor="inventory_item__size__display", verbose_name=_("Size"), orderable=False
    )
    gross_sale = MoneyColumn(verbose_name=_("Sale price"))
    fees = MoneyColumn(accessor="fees_total", verbose_name=_("Fees"), orderable=False)
    net_proceeds = MoneyColumn(verbose_name=_("Payout"))
    net_profit = MoneyColumn(verbose_name=_("Net profit"))
    country = tables.Column(accessor="buyer_destination_country", verbose_name=_("Country"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Order
        fields = ()
        sequence = (
            "sold_at",
            "marketplace",
            "external_id",
            "product",
            "size",
            "gross_sale",
            "fees",
            "net_proceeds",
            "net_profit",
            "country",
            "status",
        )
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        template_name = "sales/_order_table.html"
        order_by = "-sold_at"

    def order_net_profit(self, queryset, is_descending):
        """Orders without a profit (cost missing) go last both ways."""
        profit = F("net_profit")
        key = profit.desc(nulls_last=True) if is_descending else profit.asc(nulls_last=True)
        return queryset.order_by(key, "-id"), True

    def render_status(self, record):
        return record.get_status_display()
