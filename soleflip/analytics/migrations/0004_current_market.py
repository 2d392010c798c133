"""current_market: the current lowest ask per product and size, for the stale-stock ranking
(pricing/stale.py) over every unsold pair.

The rows of MarketPrice.objects.current() (each product's newest price day, over every
marketplace) with their lowest ask per size (size NULL: the product's row for all
sizes). Working that out live for every product with unsold pairs is two index probes a
product on a year of daily market prices (about 7 million rows); refreshed with the other
views it is one small table to join. Unique on (product, size), NULLs equal, so it can be
refreshed CONCURRENTLY.
"""

from django.db import migrations

CREATE = """
CREATE MATERIALIZED VIEW analytics.current_market AS
SELECT mp.product_id, mp.size_id, min(mp.lowest_ask) AS ask
FROM catalog.product p
CROSS JOIN LATERAL (
  SELECT max(m.price_date) AS day FROM pricing.market_prices m WHERE m.product_id = p.id
) newest
JOIN pricing.market_prices mp ON mp.product_id = p.id AND mp.price_date = newest.day
GROUP BY mp.product_id, mp.size_id;
CREATE UNIQUE INDEX current_market_product_size
    ON analytics.current_market (product_id, size_id) NULLS NOT DISTINCT;
"""

DROP = "DROP MATERIALIZED VIEW IF EXISTS analytics.current_market;"


class Migration(migrations.Migration):
    dependencies = [("analytics", "0003_cost_basis"), ("pricing", "0005_repricing")]

    operations = [migrations.RunSQL(CREATE, DROP)]
