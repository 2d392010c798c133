import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from soleflip.core.tables import MoneyColumn

from .feed_models import SourcePrice


class SourcePriceTable(tables.Table):
    supplier_name = tables.Column(verbose_name=_("Retailer"))
    title = tables.Column(verbose_name=_("Offer"))
    brand_name = tables.Column(verbose_name=_("Brand"))
    ean = tables.Column(verbose_name=_("EAN"), localize=False)
    style_code = tables.Column(verbose_name=_("Style code"))
    size_label = tables.Column(verbose_name=_("Size"))
    buy_price = MoneyColumn(verbose_name=_("Price"))
    delivery_cost = MoneyColumn(verbose_name=_("Delivery"))
    stock = tables.Column(
        accessor="in_stock", verbose_name=_("In stock"), order_by=("in_stock", "stock_qty")
    )
    feed_date = tables.DateColumn(verbose_name=_("Feed date"))
    match = tables.TemplateColumn(
        template_name="pricing/_feed_match.html", verbose_name=_("Matched by")
    )

    class Meta:
        model = SourcePrice
        fields = ()
        sequence = ("supplier_name", "title", "brand_name", "ean", "style_code", "size_label",
                    "buy_price", "delivery_cost", "stock", "feed_date", "match")  # fmt: skip
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        order_by = ("supplier_name", "title")

    def render_title(self, value, record):
        if record.product_url:
            return format_html(
                '<a href="{}" target="_blank" rel="noopener noreferrer nofollow">{}</a>',
                record.product_url,
                value or record.external_id,
            )
        return value or record.external_id

    def render_size_label(self, value, record):
        if record.size_id:
            return format_html("{} <span class='text-body-secondary'>→ {}</span>", value,
                               record.size.display)  # fmt: skip
        return value

    def render_stock(self, value, record):
        if not value or record.stock_qty == 0:
            return _("no")
        return record.stock_qty if record.stock_qty is not None else _("yes")
