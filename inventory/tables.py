import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from soleflip.core.tables import MoneyColumn

from .choices import UNSOLD_STATUSES
from .models import StockItem

# Columns a phone leaves out, so the list fits 390 px: the pair's page has them all.
WIDE_ONLY = "d-none d-md-table-cell"
WIDE_ONLY_ATTRS = {"cell": {"class": WIDE_ONLY}}


class StockTable(tables.Table):
    selected = tables.CheckBoxColumn(
        accessor="pk", attrs={"th__input": {"aria-label": _("Select all")}}
    )
    id = tables.Column(
        verbose_name="#",
        linkify=("inventory:stock-detail", {"pk": tables.A("pk")}),
        attrs=WIDE_ONLY_ATTRS,
    )
    product = tables.Column(
        accessor="product__name",
        verbose_name=_("Product"),
        order_by="product__name",
        linkify=("inventory:stock-detail", {"pk": tables.A("pk")}),
    )
    sku = tables.Column(accessor="product__sku", verbose_name=_("SKU"), attrs=WIDE_ONLY_ATTRS)
    size = tables.Column(
        accessor="size__display", verbose_name=_("Size"), order_by="size__sort_order"
    )
    status = tables.Column(verbose_name=_("Status"))
    supplier = tables.Column(
        accessor="supplier__name", verbose_name=_("Supplier"), attrs=WIDE_ONLY_ATTRS
    )
    purchase_date = tables.DateColumn(verbose_name=_("Bought"), attrs=WIDE_ONLY_ATTRS)
    purchase_price = MoneyColumn(verbose_name=_("Net cost"))
    location = tables.Column(verbose_name=_("Location"), attrs=WIDE_ONLY_ATTRS)
    recommended = tables.Column(
        empty_values=(),
        orderable=False,
        verbose_name=_("Recommended"),
        attrs={"cell": {"class": f"money {WIDE_ONLY}"}, "th": {"class": f"money {WIDE_ONLY}"}},
    )

    class Meta:
        model = StockItem
        fields = ()
        sequence = (
            "selected",
            "id",
            "product",
            "sku",
            "size",
            "status",
            "supplier",
            "purchase_date",
            "purchase_price",
            "location",
            "recommended",
        )
        attrs = {"class": "table table-sm table-hover align-middle small mb-0"}
        template_name = "inventory/_stock_table.html"
        order_by = "-purchase_date"
        default = ""  # as the list's own rows: nothing shown for an empty value

    def render_status(self, record):
        return record.get_status_display()

    def before_render(self, request):
        """The ids of this page's unsold pairs: their recommended prices load after the list
        (inventory:recommendations), so the list does not wait for fifty floors."""
        page = getattr(self, "page", None)
        rows = list(page.object_list) if page else []
        self.unsold_ids = [r.record.pk for r in rows if r.record.status in UNSOLD_STATUSES]

    # The cells are written out in inventory/_stock_table.html: the recommended price with
    # its explanation as the tooltip (title: plain text, no script).
