import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from soleflip.core.models import ImportBatch
from soleflip.stockx.client import StockXNotConnected, get_client
from soleflip.stockx.sync_orders import sync_orders
from soleflip.stockx.tasks import new_batch


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f'"{value}" is not a date (YYYY-MM-DD)') from None


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
            self.stderr.write(f"{counts['error']} (batch {batch.pk})")
            sys.exit(1)
        self.stdout.write(
            f"{counts['total']} orders: {counts['created']} created, {counts['updated']} "
            f"updated, {counts['unchanged']} unchanged, {counts['rejected']} errors "
            f"({counts['matched_to_stock']} matched to stock, {counts['cost_missing']} "
            f"without a cost; batch {batch.pk})"
        )
        if counts["rejected"]:
            sys.exit(1)
