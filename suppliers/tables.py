import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from soleflip.core.tables import MoneyColumn
from soleflip.lib.formats import format_number, format_percent

from .models import Supplier


class SupplierTable(tables.Table):
    name = tables.Column(
        verbose_name=_("Name"), linkify=("suppliers:supplier-detail", {"pk": tables.A("pk")})
    )
    supplier_type = tables.Column(verbose_name=_("Type"))
    status = tables.Column(verbose_name=_("Status"))
    country = tables.Column(verbose_name=_("Country"))
    accounts = tables.Column(accessor="account_count", verbose_name=_("Accounts"))
    spend = MoneyColumn(verbose_name=_("Spend (gross)"))
    pairs_bought = tables.Column(verbose_name=_("Pairs bought"))
    pairs_sold = tables.Column(verbose_name=_("Pairs sold"))
    avg_roi = tables.Column(verbose_name=_("Avg ROI"))
    avg_days_to_sell = tables.Column(verbose_name=_("Avg days to sell"))

    class Meta:
        model = Supplier
        fields = ()
        sequence = (
            "name",
            "supplier_type",
            "status",
            "country",
            "accounts",
            "spend",
            "pairs_bought",
            "pairs_sold",
            "avg_roi",
            "avg_days_to_sell",
        )
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        order_by = "name"
        template_name = "suppliers/_supplier_table.html"  # the rows, written out
        default = ""  # a figure a supplier has not got yet is blank, not a dash

    def render_supplier_type(self, record):
        return record.get_supplier_type_display()

    def render_status(self, record):
        return record.get_status_display()

    def render_avg_roi(self, value):
        return format_percent(value)

    def render_avg_days_to_sell(self, value):
        return format_number(value, 0)
