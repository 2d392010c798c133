import django_tables2 as tables

from soleflip.core.tables import MoneyColumn

from .models import Supplier


class SupplierTable(tables.Table):
    name = tables.Column(linkify=("suppliers:supplier-detail", {"pk": tables.A("pk")}))
    supplier_type = tables.Column(verbose_name="Type")
    status = tables.Column()
    country = tables.Column()
    accounts = tables.Column(accessor="account_count", verbose_name="Accounts")
    spend = MoneyColumn(verbose_name="Spend (gross)")
    pairs_bought = tables.Column(verbose_name="Pairs bought")
    pairs_sold = tables.Column(verbose_name="Pairs sold")
    avg_roi = tables.Column(verbose_name="Avg ROI")
    avg_days_to_sell = tables.Column(verbose_name="Avg days to sell")

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
        default = ""  # a figure a supplier has not got yet is blank, not a dash

    def render_supplier_type(self, record):
        return record.get_supplier_type_display()

    def render_status(self, record):
        return record.get_status_display()

    def render_avg_roi(self, value):
        return f"{value * 100:.0f} %"

    def render_avg_days_to_sell(self, value):
        return f"{value:.0f}"
