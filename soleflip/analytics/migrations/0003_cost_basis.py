"""order_facts gains each sale's cost basis and sales_daily its sum, so the dashboard can show
the weighted ROI (Σ net profit ÷ Σ cost basis) next to the mean of per-sale ROIs.

A materialized view cannot gain a column: both are dropped and created again (sales_daily is
built from order_facts), then filled. The cost-basis rule mirrors sales/profit.py cost_basis:
the net purchase price, the gross one under the margin scheme (§25a).
"""

from django.conf import settings
from django.db import migrations

ORDER_FACTS = """
CREATE MATERIALIZED VIEW analytics.order_facts AS
SELECT o.id AS order_id,
       (o.sold_at AT TIME ZONE '{tz}')::date AS day,
       o.marketplace_id,
       p.brand_id,
       s.product_id,
       s.supplier_id,
       COALESCE(o.gross_sale, 0) AS gross_sale,
       COALESCE(o.platform_fee, 0) + COALESCE(o.payment_fee, 0)
           + COALESCE(o.shipping_cost, 0) AS fees,
       COALESCE(o.net_proceeds, 0) AS payout,
       (s.purchase_price IS NOT NULL) AS cost_known,
       CASE WHEN s.purchase_price IS NOT NULL THEN o.output_vat END AS output_vat,
       CASE WHEN s.purchase_price IS NOT NULL THEN o.net_profit END AS net_profit,
       CASE WHEN s.purchase_price IS NOT NULL THEN o.roi END AS roi,
       CASE WHEN s.purchase_price IS NOT NULL THEN o.shelf_life_days END AS shelf_life_days,
       CASE WHEN s.purchase_price IS NULL THEN NULL
            WHEN s.tax_scheme = 'margin' THEN COALESCE(s.gross_purchase_price, s.purchase_price)
            ELSE s.purchase_price END AS cost_basis
FROM sales."order" o
LEFT JOIN inventory.stock s ON s.id = o.inventory_item_id
LEFT JOIN catalog.product p ON p.id = s.product_id
WHERE o.status NOT IN ('cancelled', 'returned') AND o.sold_at IS NOT NULL;
CREATE UNIQUE INDEX order_facts_order ON analytics.order_facts (order_id);
CREATE INDEX order_facts_day ON analytics.order_facts (day)
    INCLUDE (brand_id, product_id, supplier_id, net_profit, gross_sale);
"""

# cost_basis sums only sales whose profit is computed, so profit ÷ cost compares like with like.
SALES_DAILY = """
CREATE MATERIALIZED VIEW analytics.sales_daily AS
SELECT day,
       marketplace_id,
       count(*) AS orders,
       sum(gross_sale) AS gross_sale,
       sum(fees) AS fees,
       sum(payout) AS payouts,
       count(*) FILTER (WHERE NOT cost_known) AS cost_missing,
       count(*) FILTER (WHERE cost_known) AS cost_known,
       COALESCE(sum(output_vat), 0) AS output_vat,
       COALESCE(sum(net_profit), 0) AS net_profit,
       COALESCE(sum(cost_basis) FILTER (WHERE net_profit IS NOT NULL), 0) AS cost_basis,
       COALESCE(sum(roi), 0) AS roi_sum,
       count(roi) AS roi_count,
       COALESCE(sum(shelf_life_days), 0) AS shelf_days_sum,
       count(shelf_life_days) AS shelf_days_count
FROM analytics.order_facts
GROUP BY day, marketplace_id;
CREATE UNIQUE INDEX sales_daily_day_marketplace ON analytics.sales_daily (day, marketplace_id);
"""

OLD_ORDER_FACTS = """
CREATE MATERIALIZED VIEW analytics.order_facts AS
SELECT o.id AS order_id,
       (o.sold_at AT TIME ZONE '{tz}')::date AS day,
       o.marketplace_id,
       p.brand_id,
       s.product_id,
       s.supplier_id,
       COALESCE(o.gross_sale, 0) AS gross_sale,
       COALESCE(o.platform_fee, 0) + COALESCE(o.payment_fee, 0)
           + COALESCE(o.shipping_cost, 0) AS fees,
       COALESCE(o.net_proceeds, 0) AS payout,
       (s.purchase_price IS NOT NULL) AS cost_known,
       CASE WHEN s.purchase_price IS NOT NULL THEN o.output_vat END AS output_vat,
       CASE WHEN s.purchase_price IS NOT NULL THEN o.net_profit END AS net_profit,
       CASE WHEN s.purchase_price IS NOT NULL THEN o.roi END AS roi,
       CASE WHEN s.purchase_price IS NOT NULL THEN o.shelf_life_days END AS shelf_life_days
FROM sales."order" o
LEFT JOIN inventory.stock s ON s.id = o.inventory_item_id
LEFT JOIN catalog.product p ON p.id = s.product_id
WHERE o.status NOT IN ('cancelled', 'returned') AND o.sold_at IS NOT NULL;
CREATE UNIQUE INDEX order_facts_order ON analytics.order_facts (order_id);
CREATE INDEX order_facts_day ON analytics.order_facts (day)
    INCLUDE (brand_id, product_id, supplier_id, net_profit, gross_sale);
"""

OLD_SALES_DAILY = """
CREATE MATERIALIZED VIEW analytics.sales_daily AS
SELECT day,
       marketplace_id,
       count(*) AS orders,
       sum(gross_sale) AS gross_sale,
       sum(fees) AS fees,
       sum(payout) AS payouts,
       count(*) FILTER (WHERE NOT cost_known) AS cost_missing,
       count(*) FILTER (WHERE cost_known) AS cost_known,
       COALESCE(sum(output_vat), 0) AS output_vat,
       COALESCE(sum(net_profit), 0) AS net_profit,
       COALESCE(sum(roi), 0) AS roi_sum,
       count(roi) AS roi_count,
       COALESCE(sum(shelf_life_days), 0) AS shelf_days_sum,
       count(shelf_life_days) AS shelf_days_count
FROM analytics.order_facts
GROUP BY day, marketplace_id;
CREATE UNIQUE INDEX sales_daily_day_marketplace ON analytics.sales_daily (day, marketplace_id);
"""

DROP = """
DROP MATERIALIZED VIEW IF EXISTS analytics.sales_daily;
DROP MATERIALIZED VIEW IF EXISTS analytics.order_facts;
"""


class Migration(migrations.Migration):
    dependencies = [("analytics", "0002_view_models")]

    operations = [
        migrations.RunSQL(
            DROP + ORDER_FACTS.format(tz=settings.TIME_ZONE) + SALES_DAILY,
            DROP + OLD_ORDER_FACTS.format(tz=settings.TIME_ZONE) + OLD_SALES_DAILY,
        ),
    ]
