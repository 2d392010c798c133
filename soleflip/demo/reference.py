"""Reference data the demo builds on (brands, categories, sizes, marketplaces): looked up
from what the data migrations seeded, never created here."""

from catalog.models import Brand, Category, Size
from sales.models import Marketplace

from .catalog import CATALOG, SIZE_FAMILIES
from .sales import MARKET_SHARE


def reference_data():
    """Brands, categories, size choices and marketplaces from the data migrations;
    LookupError naming what is missing."""
    brands = {b.slug: b for b in Brand.objects.all()}
    categories = {c.slug: c for c in Category.objects.all()}
    markets = {m.slug: m for m in Marketplace.objects.all()}
    sizes = {(s.kind, s.region, s.value): s for s in Size.objects.all()}
    missing = sorted(
        {f"brand {b}" for b, *_ in CATALOG if b not in brands}
        | {f"category {c}" for _, c, *_ in CATALOG if c not in categories}
        | {f"marketplace {m}" for m, _ in MARKET_SHARE if m not in markets}
        | {
            f"size {kind}/{region} {value}"
            for family in SIZE_FAMILIES.values()
            for kind, region, values, _ in family
            for value in values
            if (kind, region, value) not in sizes
        }
    )
    if missing:
        shown = ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
        raise LookupError(f"Reference data is missing ({shown}): run migrate first.")
    choices = {
        name: (
            [sizes[(kind, region, v)] for kind, region, values, _ in family for v in values],
            [weight for _, _, values, weight in family for _ in values],
        )
        for name, family in SIZE_FAMILIES.items()
    }
    return brands, categories, markets, choices
