import django_tables2 as tables

from .models import Supplier


class SupplierTable(tables.Table):
    name = tables.Column()
    supplier_type = tables.Column(verbose_name="Type")
    status = tables.Column()
    country = tables.Column()
    accounts = tables.Column(accessor="account_count", verbose_name="Accounts")
    pairs = tables.Column(accessor="pair_count", verbose_name="Pairs bought")

    class Meta:
        model = Supplier
        fields = ()
        sequence = ("name", "supplier_type", "status", "country", "accounts", "pairs")
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        order_by = "name"

    def render_supplier_type(self, record):
        return record.get_supplier_type_display()

    def render_status(self, record):
        return record.get_status_display()
