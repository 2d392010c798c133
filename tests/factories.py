"""Factory functions with sensible defaults; pass keyword arguments to override."""

import itertools
from datetime import date
from decimal import Decimal

from django.utils import timezone

from catalog.models import Brand, Category, Product, Size
from inventory.models import StockItem
from sales.models import Marketplace, Order
from soleflip.core.models import ImportBatch, ImportRecord, LoginEvent, User
from suppliers.models import Supplier, SupplierAccount

_seq = itertools.count(1)


def make_user(*, username: str | None = None, password: str = "pw-123456", **kw) -> User:
    username = username or f"user{next(_seq)}"
    return User.objects.create_user(username=username, password=password, **kw)


def make_brand(**kw) -> Brand:
    n = next(_seq)
    kw.setdefault("name", f"Test Brand {n}")
    kw.setdefault("slug", f"test-brand-{n}")
    return Brand.objects.create(**kw)


def make_category(**kw) -> Category:
    n = next(_seq)
    kw.setdefault("name", f"Test Category {n}")
    kw.setdefault("slug", f"test-category-{n}")
    return Category.objects.create(**kw)


def make_size(**kw) -> Size:
    n = next(_seq)
    kw.setdefault("kind", Size.Kind.OTHER)
    kw.setdefault("region", Size.Region.US)
    kw.setdefault("value", f"T{n}")
    kw.setdefault("display", f"Test {n}")
    return Size.objects.create(**kw)


def make_product(**kw) -> Product:
    n = next(_seq)
    kw.setdefault("sku", f"TST{n:04d}-001")
    kw.setdefault("name", f"Test Sneaker {n}")
    if "brand" not in kw:
        kw["brand"] = make_brand()
    if "category" not in kw:
        kw["category"] = make_category()
    return Product.objects.create(**kw)


def make_supplier(**kw) -> Supplier:
    n = next(_seq)
    kw.setdefault("name", f"Test Supplier {n}")
    kw.setdefault("slug", f"test-supplier-{n}")
    return Supplier.objects.create(**kw)


def make_stock(**kw) -> StockItem:
    if "product" not in kw:
        kw["product"] = make_product()
    if "size" not in kw:
        kw["size"] = make_size()
    kw.setdefault("purchase_date", date(2025, 1, 10))
    kw.setdefault("purchase_price", Decimal("100.00"))
    kw.setdefault("gross_purchase_price", Decimal("119.00"))
    kw.setdefault("vat_rate", Decimal("19.00"))
    kw.setdefault("vat_amount", Decimal("19.00"))
    return StockItem.objects.create(**kw)


def make_marketplace(**kw) -> Marketplace:
    n = next(_seq)
    kw.setdefault("name", f"Test Market {n}")
    kw.setdefault("slug", f"test-market-{n}")
    return Marketplace.objects.create(**kw)


def make_order(**kw) -> Order:
    if "marketplace" not in kw:
        kw["marketplace"] = make_marketplace()
    kw.setdefault("external_id", f"{next(_seq):08d}-00000001")
    kw.setdefault("sold_at", timezone.now())
    kw.setdefault("gross_sale", Decimal("200.00"))
    kw.setdefault("platform_fee", Decimal("18.00"))
    kw.setdefault("payment_fee", Decimal("6.00"))
    kw.setdefault("shipping_cost", Decimal("0.00"))
    kw.setdefault("net_proceeds", Decimal("176.00"))
    return Order.objects.create(**kw)


def make_account(**kw) -> SupplierAccount:
    if "supplier" not in kw:
        kw["supplier"] = make_supplier()
    kw.setdefault("email", f"buyer{next(_seq)}@example.com")
    return SupplierAccount.objects.create(**kw)


def make_import_batch(*, rows: int = 0, **kw) -> ImportBatch:
    """A finished batch with `rows` records (lines 2, 3, ...)."""
    kw.setdefault("source_type", ImportBatch.Source.PURCHASES)
    kw.setdefault("status", ImportBatch.Status.COMPLETED)
    kw.setdefault("total_records", rows)
    kw.setdefault("processed_records", rows)
    kw.setdefault("completed_at", timezone.now())
    batch = ImportBatch.objects.create(**kw)
    ImportRecord.objects.bulk_create(
        ImportRecord(
            batch=batch,
            line_number=line,
            source_data={"sku": f"SKU-{line}"},
            status=ImportRecord.Status.CREATED,
        )
        for line in range(2, rows + 2)
    )
    return batch


def make_login_event(**kw) -> LoginEvent:
    kw.setdefault("username", "someone")
    kw.setdefault("success", True)
    kw.setdefault("ip_address", "192.0.2.10")
    kw.setdefault("user_agent", "Mozilla/5.0 (Test)")
    return LoginEvent.objects.create(**kw)
