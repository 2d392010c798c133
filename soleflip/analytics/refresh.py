"""Refreshing the materialized views (after imports, by Celery beat, and by
`manage.py refresh_analytics`)."""

from django.db import connection, transaction

# In dependency order: sales_daily is built from order_facts, sell_medians from
# order_facts, stale_inputs from sell_medians and current_market.
VIEWS = (
    "order_facts",
    "sales_daily",
    "stock_aging",
    "current_market",
    "sell_medians",
    "stale_inputs",
    "order_totals",
    "refresh_info",
)


def refresh_analytics() -> None:
    """Refresh every view in one transaction, CONCURRENTLY so readers never wait."""
    with transaction.atomic(), connection.cursor() as cursor:
        for view in VIEWS:
            cursor.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY analytics.{view}")
