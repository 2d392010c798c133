import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from soleflip.core.models import ImportBatch
from soleflip.lib.formats import format_number
from soleflip.stockx.client import StockXNotConnected, get_client
from soleflip.stockx.sync_orders import sync_orders
from soleflip.stockx.tasks import new_batch


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(_('"%(value)s" is not a date (YYYY-MM-DD)') % {"value": value}) from None


class Command(BaseCommand):
    help = (
        "Pull StockX orders (history created in the date range, all of it without --from, "
        "plus every active order) into the orders; CSV-imported orders are updated, never "
        "duplicated. Runs every 15 minutes under Celery beat. Exit status 1 on failure."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from_date", type=iso_date, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="to_date", type=iso_date, help="YYYY-MM-DD")

    def handle(self, *args, from_date, to_date, **options):
        try:
            client = get_client()
        except StockXNotConnected as exc:
            self.stderr.write(exc.message)
            sys.exit(1)
        batch = new_batch(ImportBatch.Source.STOCKX_ORDERS)
        counts = sync_orders(client=client, batch=batch, from_date=from_date, to_date=to_date)
        if counts.get("error"):
            self.stderr.write(
                _("%(error)s (batch %(batch)s)") % {"error": counts["error"], "batch": batch.pk}
            )
            sys.exit(1)
        figures = {k: format_number(v) for k, v in counts.items() if isinstance(v, int)}
        self.stdout.write(
            _(
                "%(total)s orders: %(created)s created, %(updated)s updated, %(unchanged)s "
                "unchanged, %(rejected)s errors (%(matched_to_stock)s matched to stock, "
                "%(cost_missing)s without a cost; batch %(batch)s)"
            )
            % {**figures, "batch": batch.pk}
        )
        if counts["rejected"]:
            sys.exit(1)
