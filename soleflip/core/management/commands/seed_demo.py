from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog.models import Product
from soleflip.demo import seed_demo
from soleflip.lib.formats import format_number


class Command(BaseCommand):
    help = (
        "Load generated demo data (products, suppliers, pairs, orders, listings, market "
        "prices). `make run` calls it with --if-empty on every start."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=300)
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed (same seed, same data)."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when products exist."
        )

    def handle(self, *args, products: int, seed: int, if_empty: bool, **options) -> None:
        if if_empty and Product.objects.exists():
            self.stdout.write(_("Demo data: the catalog is not empty; nothing loaded."))
            return
        try:
            counts = seed_demo(products=products, seed=seed)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Demo data: %(products)s products, %(pairs)s pairs, %(orders)s orders, "
                "%(suppliers)s suppliers."
            )
            % {
                "products": format_number(counts.products),
                "pairs": format_number(counts.pairs),
                "orders": format_number(counts.orders),
                "suppliers": format_number(counts.suppliers),
            }
        )
