"""The dashboard's numbers: one place that reads across the domains (wiring level).
Sales aggregates come from the analytics materialized views; see soleflip/analytics."""

from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from catalog.models import Brand, Product
from pricing import repricing, stale
from sales.models import Marketplace
from soleflip.analytics.models import OrderFact, RefreshInfo, SalesDay, StockAging
from soleflip.core.models import ImportBatch
from soleflip.lib.periods import Period
from suppliers.models import Supplier


def _top(facts, field: str, period: Period, info) -> list[dict]:
    """The period's best brands, products or suppliers by profit. They change only when the
    analytics views are refreshed, so they are kept (in the cache) per refresh and period:
    grouping a year of sales cost 20-70 ms on every view of the dashboard."""
    as_of = info.refreshed_at.isoformat() if info else "-"
    key = f"dashboard:top:{field}:{period.start}:{period.end}:{as_of}"
    found = cache.get(key)
    if found is None:
        found = facts.top_by_profit(field)
        cache.set(key, found, timeout=24 * 3600)
    return found


def dashboard_numbers(period: Period) -> dict:
    days = SalesDay.objects.in_period(period.start, period.end)
    facts = OrderFact.objects.in_period(period.start, period.end)
    info = RefreshInfo.objects.first()
    markets = by_marketplace(days)
    return {
        "period": period,
        "kpi": days.totals(),
        "cost_missing_all": SalesDay.objects.aggregate(n=Sum("cost_missing"))["n"] or 0,
        "chart": chart_series(days, period),
        "marketplaces": markets,
        "marketplace_chart": {
            "labels": [m["name"] for m in markets],
            "revenue": [str(m["revenue"]) for m in markets],
        },
        "aging": aging(),
        "stale": stale.dashboard_summary(),  # pairs at risk, their capital (pricing.stale)
        "asks_to_reprice": repricing.candidates_count(),
        "top_brands": _named(_top(facts, "brand_id", period, info), "brand_id", Brand),
        "top_products": _named(_top(facts, "product_id", period, info), "product_id", Product),
        "top_suppliers": _named(_top(facts, "supplier_id", period, info), "supplier_id", Supplier),
        "refreshed_at": info.refreshed_at if info else None,
        "products": Product.objects.count(),
        "brands_to_review": Brand.objects.filter(needs_review=True).count(),
        "recent_batches": list(ImportBatch.objects.select_related("created_by")[:5]),
    }


def chart_series(days, period: Period) -> dict:
    """Revenue and net profit per day (short periods) or per month, gaps filled with 0.
    Labels and series names follow the active language (02.12. / 12.2026, 2 Dec / Dec 2026);
    the amounts stay machine-readable ("1234.50") for the chart to format."""
    if period.by_day:
        rows = days.values("day").annotate(revenue=Sum("gross_sale"), profit=Sum("net_profit"))
        found = {r["day"]: r for r in rows}
        keys = [period.start + timedelta(days=i) for i in range(period.days)]
        label = "MONTH_DAY_FORMAT"
    else:
        rows = (
            days.annotate(month=TruncMonth("day"))
            .values("month")
            .annotate(revenue=Sum("gross_sale"), profit=Sum("net_profit"))
        )
        found = {r["month"]: r for r in rows}
        keys = _months(period.start, period.end)
        label = "MONTH_FORMAT"
    empty = {"revenue": 0, "profit": 0}
    return {
        "labels": [formats.date_format(k, label) for k in keys],
        "series": {"revenue": _("Revenue"), "profit": _("Net profit")},
        "revenue": [str(found.get(k, empty)["revenue"]) for k in keys],
        "profit": [str(found.get(k, empty)["profit"]) for k in keys],
    }


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def by_marketplace(days) -> list[dict]:
    rows = list(
        days.values("marketplace_id")
        .annotate(
            orders=Sum("orders"),
            revenue=Sum("gross_sale"),
            payouts=Sum("payouts"),
            profit=Sum("net_profit"),
        )
        .order_by("-revenue")
    )
    names = dict(Marketplace.objects.values_list("pk", "name"))
    for row in rows:
        row["name"] = names.get(row["marketplace_id"], "?")
    return rows


def aging() -> dict:
    found = {row.bucket: row for row in StockAging.objects.all()}
    buckets = [found[b] for b in StockAging.BUCKETS if b in found]
    value = sum(b.value_at_cost for b in buckets)
    for b in buckets:
        b.share = round(100 * b.value_at_cost / value) if value else 0
    return {
        "buckets": buckets,
        "pairs": sum(b.pairs for b in buckets),
        "value": value,
        "cost_missing": sum(b.cost_missing for b in buckets),
    }


def _named(rows: list[dict], key: str, model) -> list[dict]:
    names = {obj.pk: obj for obj in model.objects.filter(pk__in=[r[key] for r in rows])}
    return [{**r, "object": names.get(r[key])} for r in rows]
