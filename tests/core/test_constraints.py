"""Every database constraint rejects bad data (the database, not only forms, guards it)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from catalog.models import BrandPattern, Category, Product, Size
from inventory.models import StockEvent, StockItem
from pricing.models import BrandMultiplier, MarketPrice, PriceRule, SourcePrice
from sales.models import FeeRule, Listing
from soleflip.core.models import ImportBatch, ImportRecord
from suppliers.models import PurchaseHistory, Supplier, SupplierAccount
from tests.factories import (
    make_brand,
    make_category,
    make_marketplace,
    make_order,
    make_product,
    make_size,
    make_stock,
    make_supplier,
)

pytestmark = pytest.mark.django_db


def rejected(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_catalog_constraints():
    brand, category = make_brand(), make_category()
    rejected(lambda: make_brand(name=brand.name))
    rejected(lambda: BrandPattern.objects.create(brand=brand, pattern="x", pattern_type="glob"))
    BrandPattern.objects.create(brand=brand, pattern="Dunk")
    rejected(lambda: BrandPattern.objects.create(brand=brand, pattern="Dunk"))
    rejected(lambda: Category.objects.filter(pk=category.pk).update(parent=category))
    rejected(lambda: make_category(slug=category.slug))
    rejected(lambda: Size.objects.create(kind="giant", region="US", value="1", display="1"))
    size = make_size()
    rejected(lambda: make_size(kind=size.kind, region=size.region, value=size.value))
    product = make_product(brand=brand, category=category)
    rejected(lambda: make_product(sku=product.sku))
    rejected(lambda: make_product(sku=""))
    rejected(lambda: make_product(retail_price=Decimal("-1.00")))
    rejected(lambda: make_product(lowest_ask=Decimal("-0.01")))
    Product.objects.filter(pk=product.pk).update(stockx_product_id="sx-1")
    rejected(lambda: make_product(stockx_product_id="sx-1"))
    # NULL stockx ids do not collide.
    make_product(stockx_product_id=None)
    make_product(stockx_product_id=None)


def test_stock_constraints():
    rejected(lambda: make_stock(purchase_price=Decimal("-5.00")))
    rejected(lambda: make_stock(gross_purchase_price=Decimal("-5.00")))
    rejected(lambda: make_stock(vat_amount=Decimal("-1.00")))
    rejected(lambda: make_stock(vat_rate=Decimal("119.00")))
    rejected(lambda: make_stock(quantity=-1))
    rejected(lambda: make_stock(quantity=1, reserved_quantity=2))
    rejected(lambda: make_stock(status="vanished"))
    rejected(lambda: make_stock(tax_scheme="creative"))
    rejected(lambda: make_stock(currency="eur"))
    rejected(lambda: make_stock(purchase_date=date(2025, 5, 2), delivery_date=date(2025, 5, 1)))
    item = make_stock(purchase_price=None, gross_purchase_price=None, vat_amount=None)
    assert StockItem.objects.cost_missing().filter(pk=item.pk).exists()


def test_stock_events_are_append_only():
    item = make_stock()
    event = StockEvent.objects.create(stock=item, kind="created", after={"status": "in_stock"})
    rejected(lambda: StockEvent.objects.filter(pk=event.pk).update(reason="rewritten"))
    rejected(lambda: StockEvent.objects.filter(pk=event.pk).delete())
    # Deleting the pair keeps its history (the only update the trigger allows).
    item.delete()
    event.refresh_from_db()
    assert event.stock_id is None and event.after == {"status": "in_stock"}


def test_sales_constraints():
    market = make_marketplace()
    order = make_order(marketplace=market)
    rejected(lambda: make_order(marketplace=market, external_id=order.external_id))
    make_order(external_id=order.external_id)  # same number on another marketplace is fine
    rejected(lambda: make_order(gross_sale=Decimal("-1.00")))
    rejected(lambda: make_order(platform_fee=Decimal("-1.00")))
    rejected(lambda: make_order(payment_fee=Decimal("-1.00")))
    rejected(lambda: make_order(net_proceeds=Decimal("-1.00")))
    rejected(lambda: make_order(status="teleported"))
    rejected(lambda: make_order(currency_code="eur"))
    make_order(shipping_cost=Decimal("-0.07"))  # StockX reports small negative shipping
    rejected(lambda: make_marketplace(slug=market.slug))
    rejected(lambda: make_marketplace(output_vat="sometimes"))
    rule = dict(marketplace=market, fee_type="transaction", effective_from=date(2024, 1, 1))
    rejected(lambda: FeeRule.objects.create(**rule, percentage=Decimal("101")))
    rejected(lambda: FeeRule.objects.create(**rule, fixed_amount=Decimal("-1")))
    rejected(lambda: FeeRule.objects.create(**rule, minimum_amount=Decimal("-1")))
    rejected(lambda: FeeRule.objects.create(**rule, effective_until=date(2023, 12, 31)))
    listing = dict(marketplace=market, status="active", amount=Decimal("100"))
    Listing.objects.create(external_id="L1", **listing)
    rejected(lambda: Listing.objects.create(external_id="L1", **listing))
    rejected(lambda: Listing.objects.create(external_id="L2", **{**listing, "status": "x"}))
    rejected(lambda: Listing.objects.create(external_id="L3", **{**listing, "amount": -1}))


def test_supplier_constraints():
    supplier = make_supplier()
    rejected(lambda: make_supplier(name=supplier.name))
    rejected(lambda: make_supplier(vat_rate=Decimal("-1")))
    rejected(lambda: make_supplier(default_tax_scheme="other"))
    SupplierAccount.objects.create(supplier=supplier, email="buyer@example.com")
    rejected(lambda: SupplierAccount.objects.create(supplier=supplier, email="buyer@example.com"))
    rejected(
        lambda: SupplierAccount.objects.create(
            supplier=supplier, email="b@example.com", payment_method_last4="12a4"
        )
    )
    rejected(
        lambda: PurchaseHistory.objects.create(
            supplier=supplier,
            purchase_amount=Decimal("-1"),
            purchase_date="2025-01-01T00:00Z",
            purchase_status="ordered",
        )
    )
    assert Supplier.objects.count() == 1


def test_pricing_and_integration_constraints():
    product, market, brand = make_product(), make_marketplace(), make_brand()
    day = date(2025, 1, 1)
    MarketPrice.objects.create(product=product, marketplace=market, price_date=day)
    # One row per product, size (NULL included), marketplace and day.
    rejected(
        lambda: MarketPrice.objects.create(product=product, marketplace=market, price_date=day)
    )
    rejected(
        lambda: MarketPrice.objects.create(
            product=product, marketplace=market, price_date=date(2025, 1, 2), lowest_ask=-1
        )
    )
    rejected(
        lambda: BrandMultiplier.objects.create(brand=brand, multiplier_value=0, effective_from=day)
    )
    rejected(
        lambda: PriceRule.objects.create(
            name="r", rule_type="market", effective_from=day, minimum_margin_percent=Decimal("100")
        )
    )
    src = dict(
        product=product, source="awin", supplier_name="size?", external_id="41", match="ean",
        buy_price=Decimal("90"),
    )  # fmt: skip
    SourcePrice.objects.create(**src)
    rejected(lambda: SourcePrice.objects.create(**{**src, "external_id": "42", "product": None}))
    rejected(lambda: SourcePrice.objects.create(**src))
    rejected(lambda: SourcePrice.objects.create(**{**src, "source": "x", "buy_price": -1}))
    batch = ImportBatch.objects.create(source_type="purchases")
    rejected(lambda: ImportBatch.objects.filter(pk=batch.pk).update(processed_records=5))
    ImportRecord.objects.create(batch=batch, line_number=2, source_data={}, status="valid")
    rejected(
        lambda: ImportRecord.objects.create(
            batch=batch, line_number=2, source_data={}, status="valid"
        )
    )


def test_bulk_insert_keeps_the_whole_currency_code():
    # Django's bulk insert casts to the column type without its length; CHAR(3) must
    # not become CHAR(1) on the way.
    product, size = make_product(), make_size()
    items = StockItem.objects.bulk_create(
        [StockItem(product=product, size=size, currency="EUR") for _ in range(3)]
    )
    assert set(
        StockItem.objects.filter(pk__in=[i.pk for i in items]).values_list("currency", flat=True)
    ) == {"EUR"}
