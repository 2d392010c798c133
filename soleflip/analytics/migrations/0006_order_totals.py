"""order_totals: the order list's totals over every order (cancelled and returned ones
too, as the list shows them): count, revenue, payouts and net profit where the cost is
known. Without a filter the list shows these as of the last refresh instead of summing
200,000 orders on every view. One row, so it refreshes CONCURRENTLY by its id."""

from django.db import migrations

CREATE = """
CREATE MATERIALIZED VIEW analytics.order_totals AS
SELECT 1 AS id, count(*) AS orders, COALESCE(sum(gross_sale), 0) AS revenue,
       COALESCE(sum(net_proceeds), 0) AS payouts, COALESCE(sum(net_profit), 0) AS net_profit
FROM sales."order";
CREATE UNIQUE INDEX order_totals_id ON analytics.order_totals (id);
"""

DROP = "DROP MATERIALIZED VIEW IF EXISTS analytics.order_totals;"


class Migration(migrations.Migration):
    dependencies = [("analytics", "0005_stale_inputs"), ("sales", "0015_drop_redundant_indexes")]

    operations = [migrations.RunSQL(CREATE, DROP)]
