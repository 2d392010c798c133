import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from soleflip.core.models import ImportBatch
from soleflip.lib.formats import format_number
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
            self.stderr.write(
                _("%(error)s (batch %(batch)s)") % {"error": counts["error"], "batch": batch.pk}
            )
            sys.exit(1)
        figures = {k: format_number(v) for k, v in counts.items() if isinstance(v, int)}
        self.stdout.write(
            _(
                "%(total)s listings: %(created)s created, %(updated)s updated, %(unchanged)s "
                "unchanged, %(rejected)s errors (%(listed)s pairs listed, %(sold)s sold, "
                "%(back_in_stock)s back in stock; batch %(batch)s)"
            )
            % {**figures, "batch": batch.pk}
        )
        if counts["rejected"]:
            sys.exit(1)
