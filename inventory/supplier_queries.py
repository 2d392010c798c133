"""Supplier performance figures: spend (gross paid), pairs bought and sold, average ROI and
days to sell of the supplier's pairs (ROI and days from their orders, cost known).

Two grouped queries for all suppliers at once (correlated subqueries per supplier took
seconds on 100,000 pairs); the figures are attached to the supplier objects."""

from django.db.models import Avg, Count, Q, QuerySet, Sum

from .models import StockItem

SOLD = ("sold", "shipped", "completed")
FIGURES = ("spend", "pairs_bought", "pairs_sold", "avg_roi", "avg_days_to_sell")


def with_performance(suppliers: QuerySet) -> list:
    suppliers = list(suppliers.annotate(account_count=Count("accounts", distinct=True)))
    ids = [s.pk for s in suppliers]
    stock = {
        row["supplier"]: row
        for row in StockItem.objects.filter(supplier__in=ids)
        .values("supplier")
        .annotate(
            spend=Sum("gross_purchase_price"),
            pairs_bought=Count("id"),
            pairs_sold=Count("id", filter=Q(status__in=SOLD)),
        )
    }
    sales = {
        row["supplier"]: row
        for row in StockItem.objects.filter(supplier__in=ids, orders__isnull=False)
        .values("supplier")
        .annotate(avg_roi=Avg("orders__roi"), avg_days_to_sell=Avg("orders__shelf_life_days"))
    }
    for supplier in suppliers:
        figures = {**stock.get(supplier.pk, {}), **sales.get(supplier.pk, {})}
        for name in FIGURES:
            setattr(supplier, name, figures.get(name))
    return suppliers
