from django.core.management.base import BaseCommand, CommandError

from catalog.models import Product
from soleflip.demo import seed_demo


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
            self.stdout.write("Demo data: the catalog is not empty; nothing loaded.")
            return
        try:
            counts = seed_demo(products=products, seed=seed)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demo data: {counts.products} products, {counts.pairs} pairs, "
            f"{counts.orders} orders, {counts.suppliers} suppliers."
        )
