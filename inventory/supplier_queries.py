"""Supplier performance figures, as sortable annotations (one subquery each, so pairs
with several orders are never counted twice)."""

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from .models import StockItem

SOLD = ("sold", "shipped", "completed")


def _per_supplier(**aggregate):
    ((name, expression),) = aggregate.items()
    rows = (
        StockItem.objects.filter(supplier=OuterRef("pk"))
        .values("supplier")
        .annotate(**{name: expression})
    )
    return Subquery(rows.values(name))


def with_performance(suppliers: QuerySet) -> QuerySet:
    """spend (gross paid), pairs bought and sold, average ROI and days to sell of the
    supplier's pairs (ROI and days from their orders, where the cost is known)."""
    return suppliers.annotate(
        spend=_per_supplier(v=Sum("gross_purchase_price", output_field=DecimalField())),
        pairs_bought=_per_supplier(v=Count("id", output_field=IntegerField())),
        pairs_sold=_per_supplier(
            v=Count("id", filter=Q(status__in=SOLD), output_field=IntegerField())
        ),
        avg_roi=_per_supplier(v=Avg("orders__roi", output_field=DecimalField())),
        avg_days_to_sell=_per_supplier(
            v=Avg("orders__shelf_life_days", output_field=DecimalField())
        ),
        account_count=Count("accounts", distinct=True),
    )
