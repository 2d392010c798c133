"""sell_medians and stale_inputs: what the stale-stock ranking (pricing/stale.py) needs of
each unsold pair besides its live age and cost, worked out with the other views.

sell_medians   the median days to sell of our own sales (analytics.order_facts,
               shelf_life_days ≥ 0) per product, brand and category with at least 3
               sales each, and of all sales ('all', key NULL): the one place these medians
               are worked out (the stale-stock ranking, the opportunities and "Should I
               buy?" read them)
stale_inputs   per unsold pair (incoming, in stock, listed, reserved): the current lowest
               ask of its product in its size, else of any size (current_market), and the
               expected days to sell with where they come from (product, else brand,
               category, all)

Ranking every unsold pair live joined the pairs with the market and the medians on every
request (about 160 ms of the page on 37,500 unsold pairs); now it is one join by pair.
Unique indexes, so both refresh CONCURRENTLY.
"""

from django.db import migrations

MEDIAN = "percentile_cont(0.5) WITHIN GROUP (ORDER BY days)"

CREATE = f"""
CREATE MATERIALIZED VIEW analytics.sell_medians AS
WITH sold AS MATERIALIZED (
  SELECT f.product_id, f.brand_id, p.category_id, f.shelf_life_days AS days
  FROM analytics.order_facts f JOIN catalog.product p ON p.id = f.product_id
  WHERE f.shelf_life_days >= 0
)
SELECT 'product'::text AS level, product_id AS key, {MEDIAN} AS days
FROM sold GROUP BY 2 HAVING count(*) >= 3
UNION ALL
SELECT 'brand', brand_id, {MEDIAN} FROM sold GROUP BY 2 HAVING count(*) >= 3
UNION ALL
SELECT 'category', category_id, {MEDIAN} FROM sold GROUP BY 2 HAVING count(*) >= 3
UNION ALL
SELECT 'all', NULL, {MEDIAN} FROM sold;
CREATE UNIQUE INDEX sell_medians_level_key
    ON analytics.sell_medians (level, key) NULLS NOT DISTINCT;

CREATE MATERIALIZED VIEW analytics.stale_inputs AS
WITH pairs AS (
  SELECT s.id, s.product_id, s.size_id, p.brand_id, p.category_id
  FROM inventory.stock s JOIN catalog.product p ON p.id = s.product_id
  WHERE s.status IN ('incoming', 'in_stock', 'listed', 'reserved')
),
market_any AS (
  SELECT product_id, min(ask) AS ask FROM analytics.current_market GROUP BY product_id
)
SELECT pairs.id AS stock_id,
       COALESCE(ms.ask, ma.ask) AS market_price,
       COALESCE(bp.days, bb.days, bc.days, ov.days) AS expected_days,
       CASE WHEN bp.days IS NOT NULL THEN 'product' WHEN bb.days IS NOT NULL THEN 'brand'
            WHEN bc.days IS NOT NULL THEN 'category' WHEN ov.days IS NOT NULL THEN 'all'
       END AS expected_from
FROM pairs
LEFT JOIN analytics.sell_medians ov ON ov.level = 'all'
LEFT JOIN analytics.sell_medians bp ON bp.level = 'product' AND bp.key = pairs.product_id
LEFT JOIN analytics.sell_medians bb ON bb.level = 'brand' AND bb.key = pairs.brand_id
LEFT JOIN analytics.sell_medians bc ON bc.level = 'category' AND bc.key = pairs.category_id
LEFT JOIN analytics.current_market ms
       ON ms.product_id = pairs.product_id AND ms.size_id = pairs.size_id
LEFT JOIN market_any ma ON ma.product_id = pairs.product_id;
CREATE UNIQUE INDEX stale_inputs_stock ON analytics.stale_inputs (stock_id);
"""

DROP = """
DROP MATERIALIZED VIEW IF EXISTS analytics.stale_inputs;
DROP MATERIALIZED VIEW IF EXISTS analytics.sell_medians;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0004_current_market"),
        ("inventory", "0011_drop_redundant_indexes"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
