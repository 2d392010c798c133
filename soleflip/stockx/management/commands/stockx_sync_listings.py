import sys

from django.core.management.base import BaseCommand

from soleflip.core.models import ImportBatch
from soleflip.stockx.client import StockXNotConnected, get_client
from soleflip.stockx.sync_listings import sync_listings
from soleflip.stockx.tasks import new_batch


class Command(BaseCommand):
    help = (
        "Pull every StockX listing into the listings and move the listed pairs along "
        "(listed, sold, back in stock). Runs every 30 minutes under Celery beat. "
        "Exit status 1 on failure."
    )

    def handle(self, *args, **options):
        try:
            client = get_client()
        except StockXNotConnected as exc:
            self.stderr.write(exc.message)
            sys.exit(1)
        batch = new_batch(ImportBatch.Source.STOCKX_LISTINGS)
        counts = sync_listings(client=client, batch=batch)
        if counts.get("error"):
            self.stderr.write(f"{counts['error']} (batch {batch.pk})")
            sys.exit(1)
        self.stdout.write(
            f"{counts['total']} listings: {counts['created']} created, {counts['updated']} "
            f"updated, {counts['unchanged']} unchanged, {counts['rejected']} errors "
            f"({counts['listed']} pairs listed, {counts['sold']} sold, "
            f"{counts['back_in_stock']} back in stock; batch {batch.pk})"
        )
        if counts["rejected"]:
            sys.exit(1)
