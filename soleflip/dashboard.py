"""The dashboard's numbers: one place that reads across the domains (wiring level)."""

from django.db.models import Count, Q, Sum

from catalog.models import Brand, Product
from inventory.models import StockItem
from sales.models import Order
from soleflip.core.models import ImportBatch
from suppliers.models import Supplier


def dashboard_numbers() -> dict:
    stock = StockItem.objects.unsold().aggregate(pairs=Count("id"), value=Sum("purchase_price"))
    sales = Order.objects.exclude(status__in=["cancelled", "returned"]).aggregate(
        orders=Count("id"),
        revenue=Sum("gross_sale"),
        payouts=Sum("net_proceeds"),
        profit=Sum("net_profit", filter=Q(inventory_item__purchase_price__isnull=False)),
    )
    return {
        "products": Product.objects.count(),
        "brands": Brand.objects.count(),
        "brands_to_review": Brand.objects.filter(needs_review=True).count(),
        "pairs_in_stock": stock["pairs"],
        "stock_value": stock["value"] or 0,
        "orders": sales["orders"],
        "revenue": sales["revenue"] or 0,
        "payouts": sales["payouts"] or 0,
        "net_profit": sales["profit"] or 0,
        "cost_missing": Order.objects.cost_missing().count(),
        "suppliers": Supplier.objects.count(),
        "recent_batches": list(ImportBatch.objects.select_related("created_by")[:5]),
    }
