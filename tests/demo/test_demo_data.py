"""`seed_demo`: generated demo data is plausible, consistent with the money formulas and
reproducible from its seed."""

import hashlib
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone

from catalog.models import Product
from inventory.models import StockItem, StockStatus
from pricing.models import MarketPrice
from sales.models import Listing, Marketplace, Order
from sales.profit import cost_basis
from suppliers.models import Supplier, SupplierAccount

pytestmark = pytest.mark.django_db

SIZE_KINDS = {
    "sneakers": {"men", "women", "gs"},
    "apparel": {"apparel"},
    "accessories": {"one_size"},
    "toys": {"one_size"},
    "collectibles": {"one_size"},
}


def seed(**kw) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **kw)
    return out.getvalue()


def checksum() -> str:
    """Products and pairs as far as they do not depend on today's date."""
    rows = [
        *sorted(Product.objects.values_list("sku", "name", "retail_price")),
        *sorted(StockItem.objects.values_list("product__sku", "size__value", "supplier__slug")),
    ]
    return hashlib.sha1(repr(rows).encode()).hexdigest()


def test_demo_data_is_plausible_and_consistent():
    summary = seed(products=40, seed=1)
    pairs, orders = StockItem.objects.count(), Order.objects.count()
    assert summary.strip() == (
        f"Demodaten: 40 Produkte, {pairs} Paare, {orders} Verkäufe, "
        f"{Supplier.objects.count()} Lieferanten."
    )
    assert Product.objects.count() == 40
    assert 40 <= pairs <= 40 * 4
    assert Supplier.objects.count() >= 10
    assert Supplier.objects.filter(default_tax_scheme="margin").exists()
    assert SupplierAccount.objects.count() >= 2 * Supplier.objects.count()
    assert not SupplierAccount.objects.exclude(email__endswith="@example.com").exists()
    assert not SupplierAccount.objects.exclude(password="").exists()

    # One order per sold (or sold and returned) pair, and none for unsold pairs.
    sold = StockItem.objects.filter(
        status__in=[StockStatus.SOLD, StockStatus.SHIPPED, StockStatus.COMPLETED, "returned"]
    )
    assert orders == sold.count() == StockItem.objects.filter(orders__isnull=False).count() > 0
    assert orders < pairs  # some stock is left
    assert StockItem.objects.filter(status__in=StockItem.UNSOLD_STATUSES).exists()
    assert Order.objects.filter(marketplace__slug="stockx").count() > orders / 2
    assert Order.objects.filter(external_id__regex=r"^[0-9]{8}-[0-9]{8}$").count() == orders

    # Money: payout = sale − fees; StockX fee rule; purchase split into net + VAT.
    assert not Order.objects.exclude(
        net_proceeds=F("gross_sale") - F("platform_fee") - F("payment_fee") - F("shipping_cost")
    ).exists()
    assert not Order.objects.filter(marketplace__slug="stockx", platform_fee__lt=5).exists()
    for item in StockItem.objects.exclude(purchase_price=None):
        assert item.gross_purchase_price == item.purchase_price + item.vat_amount
        if item.tax_scheme == "margin":
            assert item.vat_amount == 0 and item.vat_rate == 0
        else:
            assert item.vat_rate == 19
            assert item.purchase_price == (item.gross_purchase_price / Decimal("1.19")).quantize(
                Decimal("0.01")
            )

    # Profit where the cost is known.
    known = Order.objects.select_related("inventory_item").exclude(net_profit=None)
    assert known.exists()
    for order in known:
        item = order.inventory_item
        cost = cost_basis(
            tax_scheme=item.tax_scheme,
            net_price=item.purchase_price,
            gross_price=item.gross_purchase_price,
        )
        assert order.net_profit == order.net_proceeds - (order.output_vat or 0) - cost
        assert order.gross_profit == order.gross_sale - cost
        assert order.roi == (order.net_profit / cost).quantize(Decimal("0.0001"))
        sold_on = timezone.localdate(order.sold_at)
        assert order.shelf_life_days == (sold_on - item.purchase_date).days > 0
        if order.payout_date:
            assert 2 <= (order.payout_date - order.sold_at).days <= 10

    # The "cost missing" queue has something to show, without profit figures.
    missing = Order.objects.cost_missing()
    assert 1 <= missing.count() <= 5
    assert not missing.exclude(net_profit=None, gross_profit=None, roi=None).exists()
    assert (
        not StockItem.objects.filter(purchase_price=None)
        .exclude(gross_purchase_price=None, vat_amount=None, vat_rate=None)
        .exists()
    )

    # Catalog: brand and category on every product; sizes that fit the category.
    assert not Product.objects.filter(brand=None).exists()
    for item in StockItem.objects.select_related("product__category", "size"):
        root = item.product.category.path.split("/")[0]
        assert item.size.kind in SIZE_KINDS[root], (item.product.name, item.size)
    assert (
        not StockItem.objects.filter(product__category__slug__in=["building-sets", "trading-cards"])
        .exclude(size__kind="one_size")
        .exists()
    )

    # Listings for listed pairs, market prices for the catalog.
    listed = StockItem.objects.filter(status=StockStatus.LISTED)
    assert Listing.objects.count() == listed.count()
    assert not Listing.objects.exclude(marketplace__slug="stockx", status="active").exists()
    assert MarketPrice.objects.filter(price_date=timezone.localdate()).count() == 40
    assert MarketPrice.objects.filter(price_date__lt=timezone.localdate()).exists()


def test_if_empty_and_same_seed_same_data():
    seed(products=20, seed=5)
    digest = checksum()
    pairs, orders = StockItem.objects.count(), Order.objects.count()
    assert "nichts geladen" in seed(products=20, seed=5, if_empty=True)
    assert (Product.objects.count(), StockItem.objects.count(), Order.objects.count()) == (
        20,
        pairs,
        orders,
    )
    Listing.objects.all().delete()
    Order.objects.all().delete()
    StockItem.objects.all().delete()
    Product.objects.all().delete()
    seed(products=20, seed=5)
    assert checksum() == digest
    assert (StockItem.objects.count(), Order.objects.count()) == (pairs, orders)


def test_other_seed_other_data():
    seed(products=20, seed=5)
    digest = checksum()
    Listing.objects.all().delete()
    Order.objects.all().delete()
    StockItem.objects.all().delete()
    Product.objects.all().delete()
    seed(products=20, seed=6)
    assert checksum() != digest


def test_missing_reference_data_asks_for_migrate():
    Marketplace.objects.filter(slug="stockx").delete()
    with pytest.raises(CommandError, match="run migrate first"):
        seed(products=5)
    assert not Product.objects.exists()


def test_demo_products_and_pairs_carry_valid_eans_that_scanning_finds():
    from inventory.purchases import find_product

    seed(products=40)

    def valid(ean: str) -> bool:
        digits = [int(d) for d in ean]
        return (
            len(ean) == 13 and sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
        )

    products = list(Product.objects.all())
    assert products and all(valid(p.ean) for p in products)
    assert len({p.ean for p in products}) == len(products)
    pair = StockItem.objects.select_related("product", "size").first()
    assert valid(pair.ean)
    assert find_product(pair.ean) == (pair.product, pair.size)  # a scan gives product and size
    assert find_product(pair.product.ean) == (pair.product, None)
