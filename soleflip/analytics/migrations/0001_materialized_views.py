"""The dashboard's aggregates as materialized views in the `analytics` schema.

order_facts   one row per counted sale (not cancelled/returned), with its local sale day,
              brand/product/supplier and money; profit and ROI only where the cost is known
sales_daily   order_facts summed per day and marketplace
stock_aging   unsold pairs per age bucket (days since purchase, as of the refresh) with the
              capital tied up at cost basis (net; gross under the margin scheme §25a)
refresh_info  one row: when the views were last refreshed

Each has a unique index so it can be refreshed CONCURRENTLY (readers never wait).
The cost-basis and bucket rules mirror sales/profit.py and StockItemQuerySet.aged; tests
check the views against them.
"""

from django.conf import settings
from django.db import migrations

CREATE = """
CREATE SCHEMA IF NOT EXISTS analytics;

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

CREATE MATERIALIZED VIEW analytics.stock_aging AS
SELECT CASE
           WHEN purchase_date IS NULL THEN 'unknown'
           WHEN current_date - purchase_date <= 30 THEN '0-30'
           WHEN current_date - purchase_date <= 60 THEN '31-60'
           WHEN current_date - purchase_date <= 90 THEN '61-90'
           ELSE '90+'
       END AS bucket,
       sum(quantity) AS pairs,
       COALESCE(sum(quantity * CASE WHEN tax_scheme = 'margin'
                                    THEN COALESCE(gross_purchase_price, purchase_price)
                                    ELSE purchase_price END), 0) AS value_at_cost,
       count(*) FILTER (WHERE purchase_price IS NULL) AS cost_missing
FROM inventory.stock
WHERE status IN ('incoming', 'in_stock', 'listed', 'reserved')
GROUP BY 1;
CREATE UNIQUE INDEX stock_aging_bucket ON analytics.stock_aging (bucket);

CREATE MATERIALIZED VIEW analytics.refresh_info AS SELECT 1 AS id, now() AS refreshed_at;
CREATE UNIQUE INDEX refresh_info_id ON analytics.refresh_info (id);
"""

DROP = """
DROP MATERIALIZED VIEW IF EXISTS analytics.refresh_info;
DROP MATERIALIZED VIEW IF EXISTS analytics.stock_aging;
DROP MATERIALIZED VIEW IF EXISTS analytics.sales_daily;
DROP MATERIALIZED VIEW IF EXISTS analytics.order_facts;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("sales", "0003_jsonb_path_ops_gin_indexes"),
        ("inventory", "0006_stock_list_indexes"),
        ("catalog", "0004_product_name_index"),
    ]

    operations = [migrations.RunSQL(CREATE.format(tz=settings.TIME_ZONE), DROP)]
