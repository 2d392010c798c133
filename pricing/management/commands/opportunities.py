"""manage.py opportunities [--min-profit 10] [--min-roi 10] [--csv]: the opportunities
page's list (feed offers that would earn money on StockX, most profitable first, as of
their last check); --csv writes them as a German Excel CSV to stdout."""

from decimal import Decimal

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pricing.opportunities import opportunities
from soleflip.lib.csvout import GERMAN, csv_chunks
from soleflip.lib.formats import format_euro, format_number, format_percent


class Command(BaseCommand):
    help = (
        "List the retailer offers that would earn money on StockX (as of the last check, "
        "pricing.check_offers), most profitable first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min-profit", type=Decimal, help="at least this profit in €")
        parser.add_argument("--min-roi", type=Decimal, help="at least this ROI in percent")
        parser.add_argument("--csv", action="store_true", help="CSV (German Excel) to stdout")

    def handle(self, *args, min_profit, min_roi, csv: bool, **options):
        rows = opportunities()
        if min_profit is not None:
            rows = rows.filter(profit__gte=min_profit)
        if min_roi is not None:
            rows = rows.filter(roi__gte=min_roi / 100)
        if csv:
            header = [_("Product"), _("Style code"), _("Size"), _("Retailer"), _("Buy price"),
                      _("Delivery per pair"), _("Cost basis"), _("Highest bid"),
                      _("Payout sold now"), _("Profit sold now"), _("List price"),
                      _("Payout listed"), _("Profit listed"), _("Profit"), _("ROI"),
                      _("Margin"), _("Market data of"), _("Offer link")]  # fmt: skip
            lines = (
                [
                    c.offer.product.name,
                    c.offer.product.sku,
                    str(c.offer.size),
                    c.offer.supplier_name,
                    c.offer.buy_price,
                    c.delivery,
                    c.cost,
                    c.highest_bid,
                    c.payout_now,
                    c.profit_now,
                    c.list_price,
                    c.payout_list,
                    c.profit_list,
                    c.profit,
                    c.roi,
                    c.margin,
                    c.market_date,
                    c.offer.product_url,
                ]  # fmt: skip
                for c in rows.iterator(chunk_size=2000)
            )
            for chunk in csv_chunks(header, lines, GERMAN, name="opportunities"):
                self.stdout.write(chunk, ending="")
            return
        count = 0
        for c in rows.iterator(chunk_size=2000):
            count += 1
            self.stdout.write(
                _(
                    "%(product)s %(size)s at %(retailer)s for %(price)s: profit %(profit)s, "
                    "ROI %(roi)s, margin %(margin)s (cost %(cost)s; sold now %(now)s, "
                    "listed %(listed)s)"
                )
                % {
                    "product": f"{c.offer.product.name} ({c.offer.product.sku})",
                    "size": c.offer.size,
                    "retailer": c.offer.supplier_name,
                    "price": format_euro(c.offer.buy_price),
                    "profit": format_euro(c.profit),
                    "roi": format_percent(c.roi),
                    "margin": format_percent(c.margin),
                    "cost": format_euro(c.cost),
                    "now": format_euro(c.profit_now),
                    "listed": format_euro(c.profit_list),
                }
            )
        self.stdout.write(
            ngettext("%(count)s opportunity.", "%(count)s opportunities.", count)
            % {"count": format_number(count)}
        )
