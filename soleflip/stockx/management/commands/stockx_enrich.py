import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from soleflip.core.models import ImportBatch
from soleflip.lib.formats import format_number
from soleflip.stockx.client import StockXNotConnected, get_client
from soleflip.stockx.enrich import enrich
from soleflip.stockx.tasks import new_batch


class Command(BaseCommand):
    help = (
        "Enrich products from the StockX catalog: by style code (--sku), by barcode (--ean) "
        "or every product in stock without a StockX id (--missing, nightly under Celery "
        "beat). Weak matches are queued for review, never applied. Exit status 1 on failure."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--sku", help="Style code / SKU, e.g. DD1391-100")
        which.add_argument("--ean", help="Barcode (EAN/UPC/GTIN)")
        which.add_argument("--missing", action="store_true", help="Products in stock not linked")

    def handle(self, *args, sku, ean, missing, **options):
        try:
            client = get_client()
        except StockXNotConnected as exc:
            self.stderr.write(exc.message)
            sys.exit(1)
        batch = new_batch(ImportBatch.Source.STOCKX_CATALOG)
        counts = enrich(client=client, batch=batch, sku=sku, ean=ean, missing=missing)
        if counts.get("error"):
            self.stderr.write(
                _("%(error)s (batch %(batch)s)") % {"error": counts["error"], "batch": batch.pk}
            )
            sys.exit(1)
        figures = {k: format_number(v) for k, v in counts.items() if isinstance(v, int)}
        self.stdout.write(
            _(
                "%(total)s products: %(created)s created, %(updated)s enriched, %(review)s "
                "need review, %(not_found)s not found, %(rejected)s errors (%(variants)s sizes, "
                "%(market_prices)s market prices; batch %(batch)s)"
            )
            % {**figures, "batch": batch.pk}
        )
        # One product asked for and not enriched (not found, weak match) is a failure too.
        if counts["rejected"] or ((sku or ean) and not (counts["created"] or counts["updated"])):
            sys.exit(1)
