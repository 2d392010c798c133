"""manage.py recommend_prices [--csv] [--status listed]: every unsold pair's recommended
price with how it was reached; --csv writes them as a German Excel CSV to stdout."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.choices import UNSOLD_STATUSES
from inventory.models import StockItem
from pricing.recommend import recommend_all
from soleflip.lib.csvout import GERMAN, csv_chunks
from soleflip.lib.formats import format_euro


class Command(BaseCommand):
    help = "Recommend a price for every unsold pair, with its explanation."

    def add_arguments(self, parser):
        parser.add_argument("--csv", action="store_true", help="CSV (German Excel) to stdout")
        parser.add_argument("--status", help="only pairs of this status (e.g. listed)")

    def handle(self, *args, csv: bool, status: str | None, **options):
        pairs = StockItem.objects.filter(status__in=[status] if status else UNSOLD_STATUSES)
        pairs = list(
            pairs.select_related("product__brand", "product__category", "size").order_by("pk")
        )
        recommendations = recommend_all(pairs, timezone.localdate())
        if csv:
            header = [_("Pair"), _("Product"), _("Size"), _("Marketplace"), _("Recommended price"),
                      _("Floor"), _("Explanation")]  # fmt: skip
            rows = (
                [
                    r.pair.pk,
                    r.pair.product.name,
                    str(r.pair.size),
                    str(r.marketplace),
                    r.price,
                    r.floor,
                    r.explanation,
                ]  # fmt: skip
                for r in recommendations
            )
            for chunk in csv_chunks(header, rows, GERMAN, name="recommend_prices"):
                self.stdout.write(chunk, ending="")
            return
        for r in recommendations:
            self.stdout.write(
                f"#{r.pair.pk} {r.pair.product.name} {r.pair.size}: "
                f"{format_euro(r.price)} ({r.marketplace}) – {r.explanation}"
            )
        below = sum(1 for r in recommendations if r.market_below_floor)
        self.stdout.write(
            _("%(count)s pairs priced; the market is below the floor for %(below)s.")
            % {"count": len(recommendations), "below": below}
        )
