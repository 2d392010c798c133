"""Read-only models over the materialized views of the `analytics` schema (created and
refreshed by this app; see migrations/0001 for their SQL). Django never writes to them."""

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce


class OrderFactQuerySet(models.QuerySet):
    def in_period(self, start: date, end: date) -> "OrderFactQuerySet":
        return self.filter(day__gte=start, day__lte=end)

    def top_by_profit(self, field: str, limit: int = 5) -> list[dict]:
        """The `limit` best brand/product/supplier ids by net profit (cost known only)."""
        return list(
            self.filter(cost_known=True)
            .exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(profit=Sum("net_profit"), revenue=Sum("gross_sale"), pairs=Count("pk"))
            .order_by("-profit")[:limit]
        )


class OrderFact(models.Model):
    """One counted sale (cancelled and returned orders are left out)."""

    order_id = models.BigIntegerField(primary_key=True)
    day = models.DateField()
    marketplace_id = models.BigIntegerField()
    brand_id = models.BigIntegerField(null=True)
    product_id = models.BigIntegerField(null=True)
    supplier_id = models.BigIntegerField(null=True)
    gross_sale = models.DecimalField(max_digits=14, decimal_places=2)
    fees = models.DecimalField(max_digits=14, decimal_places=2)
    payout = models.DecimalField(max_digits=14, decimal_places=2)
    cost_known = models.BooleanField()
    output_vat = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    net_profit = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    roi = models.DecimalField(max_digits=10, decimal_places=4, null=True)
    shelf_life_days = models.IntegerField(null=True)
    cost_basis = models.DecimalField(max_digits=14, decimal_places=2, null=True)

    objects = OrderFactQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = 'analytics"."order_facts'

    def __str__(self) -> str:
        return f"Order {self.order_id} on {self.day}"


SUMS = (
    "orders",
    "gross_sale",
    "fees",
    "payouts",
    "cost_missing",
    "cost_known",
    "output_vat",
    "net_profit",
    "cost_basis",
    "roi_sum",
    "roi_count",
    "shelf_days_sum",
    "shelf_days_count",
)


class SalesDayQuerySet(models.QuerySet):
    def in_period(self, start: date, end: date) -> "SalesDayQuerySet":
        return self.filter(day__gte=start, day__lte=end)

    def totals(self) -> dict:
        """Sums of the period, plus ROI as fractions and average days to sell.

        `roi` is the period's return: Σ net profit ÷ Σ cost basis over the sales whose profit
        is known, so a 1,000 € pair weighs ten times a 100 € one. `avg_roi` is the plain
        mean of the per-sale ROIs, which cheap pairs with high ROIs inflate."""
        sums = {k: v or 0 for k, v in self.aggregate(**{k: Sum(k) for k in SUMS}).items()}
        sums["roi"] = _ratio(sums["net_profit"], sums["cost_basis"], "0.0001")
        sums["avg_roi"] = _ratio(sums["roi_sum"], sums["roi_count"], "0.0001")
        sums["avg_days"] = _ratio(sums["shelf_days_sum"], sums["shelf_days_count"], "0.1")
        return sums


def _ratio(total, count, places: str) -> Decimal | None:
    return (Decimal(total) / count).quantize(Decimal(places)) if count else None


class SalesDay(models.Model):
    """Sales of one local day on one marketplace."""

    pk = models.CompositePrimaryKey("day", "marketplace_id")
    day = models.DateField()
    marketplace_id = models.BigIntegerField()
    orders = models.IntegerField()
    gross_sale = models.DecimalField(max_digits=14, decimal_places=2)
    fees = models.DecimalField(max_digits=14, decimal_places=2)
    payouts = models.DecimalField(max_digits=14, decimal_places=2)
    cost_missing = models.IntegerField()
    cost_known = models.IntegerField()
    output_vat = models.DecimalField(max_digits=14, decimal_places=2)
    net_profit = models.DecimalField(max_digits=14, decimal_places=2)
    cost_basis = models.DecimalField(max_digits=14, decimal_places=2)
    roi_sum = models.DecimalField(max_digits=14, decimal_places=4)
    roi_count = models.IntegerField()
    shelf_days_sum = models.IntegerField()
    shelf_days_count = models.IntegerField()

    objects = SalesDayQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = 'analytics"."sales_daily'

    def __str__(self) -> str:
        return f"{self.day} marketplace {self.marketplace_id}"


class StockAgingQuerySet(models.QuerySet):
    def totals(self) -> dict:
        """{"pairs", "value", "cost_missing"} of every unsold pair as of the last refresh
        (the rule of StockItemQuerySet.stock_value, summed over the buckets)."""
        found = self.aggregate(
            pairs=Coalesce(Sum("pairs"), 0),
            value=Coalesce(Sum("value_at_cost"), Decimal("0.00")),
            cost_missing=Coalesce(Sum("cost_missing"), 0),
        )
        return found


class StockAging(models.Model):
    """Unsold pairs in one age bucket, as of the last refresh."""

    BUCKETS = ("0-30", "31-60", "61-90", "90+", "unknown")

    bucket = models.CharField(max_length=10, primary_key=True)
    pairs = models.IntegerField()
    value_at_cost = models.DecimalField(max_digits=14, decimal_places=2)
    cost_missing = models.IntegerField()

    objects = StockAgingQuerySet.as_manager()

    class Meta:
        managed = False
        db_table = 'analytics"."stock_aging'

    def __str__(self) -> str:
        return f"{self.bucket} days"


class OrderTotals(models.Model):
    """Every order's count and sums (the order list's totals), as of the last refresh."""

    id = models.IntegerField(primary_key=True)
    orders = models.IntegerField()
    revenue = models.DecimalField(max_digits=16, decimal_places=2)
    payouts = models.DecimalField(max_digits=16, decimal_places=2)
    net_profit = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        managed = False
        db_table = 'analytics"."order_totals'

    def __str__(self) -> str:
        return f"{self.orders} orders"


class RefreshInfo(models.Model):
    id = models.IntegerField(primary_key=True)
    refreshed_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = 'analytics"."refresh_info'

    def __str__(self) -> str:
        return f"Refreshed {self.refreshed_at:%Y-%m-%d %H:%M}"
