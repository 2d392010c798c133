"""Load the benchmark dataset into `soleflip_bench` (or BENCH_DATABASE_URL): 20,000
products, 100,000 pairs, 200,000 orders, a StockX ask for every listed pair, a few price
rules and brand multipliers, and a year of StockX market prices (about 7 million rows),
generated in SQL (about three and a half minutes on 2 cores, most of it the market
prices). Re-running re-creates all of it.

    .venv/bin/python -m benchmarks.seed_bench
    BENCH_DATABASE_URL=… .venv/bin/python -m benchmarks.seed_bench --scale 10 --no-market-prices

`--scale N` multiplies products, pairs and orders (10: 200,000 products, 1,000,000 pairs and
2,000,000 orders, issue 17's ten times the data); `--no-market-prices` leaves out the year
of market prices (at scale 10 it would be 70 million rows). Use another database for it
(BENCH_DATABASE_URL), since the other benchmarks expect the plain size.
"""

import os
import re
import sys
import time

from benchmarks.bench_stockx_import import BASE_DIR, bench_database_url

SQL = """
TRUNCATE sales."order", sales.listing, inventory.stock_event, inventory.stock,
         integration.import_records, integration.import_batches, pricing.market_prices,
         pricing.price_rules, pricing.brand_multipliers CASCADE;
DELETE FROM catalog.product WHERE sku LIKE 'BENCH-%';
INSERT INTO supplier.profile (name, slug, display_name, supplier_type, status, contact_person, email,
    phone, website, address_line1, address_line2, city, postal_code, country, vat_number, vat_rate,
    default_tax_scheme, return_policy_days, payment_terms, preferred, notes, tags, created_at, updated_at)
SELECT 'Bench Supplier ' || g, 'bench-supplier-' || g, '', 'retailer', 'active', '', '', '', '', '', '',
       '', '', 'DE', '', 19, 'standard', NULL, '', false, '', '[]', now(), now()
FROM generate_series(1, 40) g ON CONFLICT DO NOTHING;
WITH brands AS (SELECT array_agg(id) a FROM catalog.brand),
     cats AS (SELECT array_agg(id) a FROM catalog.category WHERE path LIKE 'sneakers%%' OR path LIKE 'apparel%%')
INSERT INTO catalog.product (sku, style_code, ean, stockx_product_id, name, brand_id, category_id,
    description, colorway, retail_price, enrichment_data, created_at, updated_at)
SELECT 'BENCH-' || g, 'BENCH-' || g, lpad(g::text, 13, '4'), NULL,
       'Bench Model ' || (g % 500) || ' Colourway ' || g, brands.a[1 + g % array_length(brands.a, 1)],
       cats.a[1 + g % array_length(cats.a, 1)], '', '', 80 + g % 200, '{}', now(), now()
FROM generate_series(1, 20000) g, brands, cats;
WITH p AS (SELECT array_agg(id) a FROM catalog.product WHERE sku LIKE 'BENCH-%%'),
     s AS (SELECT array_agg(id) a FROM catalog.sizes WHERE kind = 'men' AND region = 'US'),
     sup AS (SELECT array_agg(id) a FROM supplier.profile)
INSERT INTO inventory.stock (product_id, size_id, supplier_id, quantity, reserved_quantity, status,
    purchase_date, purchase_price, gross_purchase_price, vat_rate, vat_amount, currency, tax_scheme,
    purchase_order_number, invoice_number, location, ean, external_ids, notes, created_at, updated_at)
SELECT p.a[1 + (g::bigint * 7919) % array_length(p.a, 1)], s.a[1 + g % array_length(s.a, 1)],
       sup.a[1 + g % array_length(sup.a, 1)], 1, 0,
       (ARRAY['in_stock','listed','sold','completed','completed','shipped','incoming','returned'])[1 + g % 8],
       current_date - (g % 730), round((60 + g % 240)::numeric, 2), round((60 + g % 240) * 1.19, 2), 19,
       round((60 + g % 240) * 0.19, 2), 'EUR', 'standard', 'PO-' || g, '', 'Regal ' || (g % 20), '',
       '{}', '', now(), now()
FROM generate_series(1, 100000) g, p, s, sup;
WITH sold AS (SELECT array_agg(id ORDER BY id) a FROM inventory.stock WHERE status IN ('sold','completed','shipped')),
     m AS (SELECT id FROM platform.marketplace WHERE slug = 'stockx')
INSERT INTO sales."order" (marketplace_id, external_id, stockx_order_number, inventory_item_id, status,
    sold_at, currency_code, gross_sale, platform_fee, payment_fee, shipping_cost, net_proceeds,
    gross_profit, net_profit, roi, shelf_life_days, payout_received, payout_reference, invoice_number,
    buyer_destination_country, buyer_destination_city, raw_data, platform_specific_data, notes,
    created_at, updated_at)
SELECT m.id, lpad(g::text, 8, '0') || '-BENCH', NULL,
       CASE WHEN g <= array_length(sold.a, 1) THEN sold.a[g] END, 'completed',
       now() - ((g % 700) || ' days')::interval, 'EUR', 150 + g % 300, 12, 4.5, 0, 133.5 + g % 300,
       40, (g % 120) - 20, round(((g % 120) - 20) / 150.0, 4), g % 90, g % 3 = 0, '', '', 'United States', 'New York', '{}', '{}', '', now(), now()
FROM generate_series(1, 200000) g, sold, m;
ANALYZE;
"""

# A live StockX ask for every listed pair: about cost × 1.3, listed some time after the
# purchase; one in five has had its price changed in the last 60 days.
LISTINGS = """
WITH m AS (SELECT id FROM platform.marketplace WHERE slug = 'stockx'),
listed AS (
  SELECT s.id, s.purchase_price,
         s.purchase_date + (now() - s.purchase_date) * ((s.id * 37 %% 100) / 100.0)::float8 AS at
  FROM inventory.stock s WHERE s.status = 'listed'
)
INSERT INTO sales.listing (external_id, status, amount, currency, inventory_type, expires_at,
    listed_at, price_set_at, raw_data, created_at, updated_at, inventory_item_id, marketplace_id)
SELECT 'BENCH-ASK-' || l.id, 'active', round(l.purchase_price * (1.22 + (l.id %% 17) / 100.0), 2),
       'EUR', 'STANDARD', NULL, l.at,
       CASE WHEN l.id %% 5 = 0
            THEN greatest(l.at, now() - (l.id * 13 %% 1440) * interval '1 hour') END,
       '{}', l.at, now(), l.id, m.id
FROM listed l, m;
"""

# Rules of every kind (brand, category and catch-all; an age step; price points) and a
# few brand multipliers.
RULES = """
INSERT INTO pricing.price_rules (name, rule_type, priority, active, base_markup_percent,
    minimum_margin_percent, maximum_discount_percent, effective_from, effective_until,
    created_at, updated_at, brand_id, category_id, platform_id, age_days,
    aged_market_position, market_position, rounding, undercut_amount, undercut_percent,
    auto_interval_hours, auto_last_run_at, automatic)
SELECT r.name, r.kind, r.priority, true, r.markup, r.margin, r.discount, current_date - 400,
       NULL, now(), now(), (SELECT id FROM catalog.brand WHERE name = r.brand),
       (SELECT id FROM catalog.category WHERE slug = r.category), NULL, r.age_days, r.aged,
       r.position, r.rounding, r.undercut, r.undercut_pct, 24, NULL, false
FROM (VALUES
  ('Bench Jordan market', 'market', 10, NULL, 5, NULL, 'Jordan', NULL, 120, 20, 70, 'ends_9', NULL, NULL),
  ('Bench Nike undercut', 'competitive', 20, NULL, 8, 5, 'Nike', NULL, NULL, NULL, NULL, 'whole', NULL, 2),
  ('Bench adidas cost plus', 'cost_plus', 30, 25, 10, NULL, 'adidas', NULL, NULL, NULL, NULL, 'ends_5', NULL, NULL),
  ('Bench sneakers market', 'market', 50, NULL, 5, NULL, NULL, 'sneakers', 90, 10, 50, 'ends_9', NULL, NULL),
  ('Bench undercut by 1 euro', 'competitive', 100, NULL, 3, 10, NULL, NULL, NULL, NULL, NULL, 'whole', 1, NULL)
) AS r(name, kind, priority, markup, margin, discount, brand, category, age_days, aged,
       position, rounding, undercut, undercut_pct);
INSERT INTO pricing.brand_multipliers (multiplier_type, multiplier_value, active,
    effective_from, effective_until, created_at, updated_at, brand_id)
SELECT 'premium', b.factor, true, current_date - 400, NULL, now(), now(), brand.id
FROM (VALUES ('Jordan', 1.08), ('New Balance', 1.03), ('Crocs', 0.95)) AS b(name, factor)
JOIN catalog.brand brand ON brand.name = b.name;
"""

# A year of StockX market prices (EUR). Per product the sizes of its pairs (3 of its 5
# for every tenth product, so "any size" is used too), every fifth day from 364 days ago
# (one product's days are today, another's yesterday, … so the newest data is 0-4 days
# old): 20,000 × 73 days × 4.8 sizes ≈ 7 million rows, as many as one size daily. Lowest
# ask 1.2-1.6 × the pair's cost, drifting over the year; every twelfth product falls to
# around its cost by today (the stale-stock page's "underwater" pairs); bid, sell-faster,
# earn-more and last sale around it; some of each missing. Written day by day, as the
# daily market-data run appends them (a day's rows of a product side by side).
MARKET = """
SET work_mem = '256MB';
WITH m AS (SELECT id FROM platform.marketplace WHERE slug = 'stockx'),
sizes AS (
  SELECT product_id, size_id, avg(purchase_price) AS cost,
         row_number() OVER (PARTITION BY product_id ORDER BY size_id) AS n
  FROM inventory.stock s JOIN catalog.product p ON p.id = s.product_id
  WHERE p.sku LIKE 'BENCH-%%' AND s.size_id IS NOT NULL
  GROUP BY product_id, size_id
),
days AS (
  SELECT s.product_id, s.size_id, s.cost, i, current_date - (s.product_id %% 5 + 5 * i)::int AS day,
         abs(hashint4((s.product_id * 7919 + s.size_id * 31 + i)::int)::bigint) AS h,
         (1.4 + 0.2 * sin(2 * pi() * (i / 73.0 + (s.product_id %% 97) / 97.0)))
           * (1 + (s.size_id %% 7 - 3) / 100.0)
           * CASE WHEN s.product_id %% 12 = 0 THEN 0.68 + 0.32 * i / 72.0 ELSE 1 END AS f
  FROM sizes s, generate_series(0, 72) i
  WHERE s.n <= CASE WHEN s.product_id %% 10 = 0 THEN 3 ELSE 5 END
),
asks AS (
  SELECT d.*, round((d.cost * (d.f + (d.h %% 61 - 30) / 1000.0))::numeric, 2) AS ask FROM days d
)
INSERT INTO pricing.market_prices (price_date, currency, lowest_ask, highest_bid, last_sale,
    sell_faster, earn_more, sales_volume, raw_data, created_at, platform_id, product_id, size_id)
SELECT a.day, 'EUR', CASE WHEN a.h %% 40 <> 0 THEN a.ask END,
       CASE WHEN a.h %% 17 <> 0 THEN round(a.ask * (0.86 + (a.h %% 8) / 100.0), 2) END,
       CASE WHEN a.h %% 9 <> 0 THEN round(a.ask * (0.93 + (a.h %% 5) / 100.0), 2) END,
       CASE WHEN a.h %% 13 <> 0 THEN round(a.ask * 0.98, 2) END,
       CASE WHEN a.h %% 13 <> 0 THEN round(a.ask * 1.06, 2) END,
       a.h %% 50, '{}', a.day + time '06:00', m.id, a.product_id, a.size_id
FROM asks a, m
ORDER BY a.day, a.product_id, a.size_id;
RESET work_mem;
"""


# The table's indexes, unique and foreign-key constraints (all but the primary key):
# dropped before the market prices are written and built afterwards, checked once over
# the table. Kept, they made the load minutes longer: 21 million deferred foreign-key
# checks, one per row and key, and a unique index updated in random order.
INDEXES = """
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = 'pricing.market_prices'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
"""
CONSTRAINTS = """
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid = 'pricing.market_prices'::regclass AND contype IN ('u', 'f')
"""


def run(conn, sql: str) -> None:
    for statement in sql.replace("%%", "%").split(";\n"):
        if statement.strip():  # VACUUM cannot run in a multi-statement string
            conn.execute(statement)


def load_market_prices(conn) -> None:
    """MARKET with the table's indexes and constraints dropped, then built again (also
    when the load fails: the table never stays without them)."""
    indexes = conn.execute(INDEXES).fetchall()
    constraints = conn.execute(CONSTRAINTS).fetchall()
    for name, _definition in indexes:
        conn.execute(f"DROP INDEX {name}")
    for name, _definition in constraints:
        conn.execute(f'ALTER TABLE pricing.market_prices DROP CONSTRAINT "{name}"')
    try:
        run(conn, MARKET)
    finally:
        conn.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            conn.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
        present = {row[0] for row in conn.execute(CONSTRAINTS)}
        for name, definition in constraints:
            if name not in present:
                conn.execute(
                    f'ALTER TABLE pricing.market_prices ADD CONSTRAINT "{name}" {definition}'
                )
        conn.execute("RESET maintenance_work_mem")
    conn.execute("VACUUM ANALYZE pricing.market_prices")


def scaled(sql: str, scale: int) -> str:
    """The dataset's SQL with its products, pairs and orders multiplied by `scale`."""
    # One pass over the three counts, so a scaled count is never scaled again.
    counts = {
        f"generate_series(1, {n})": f"generate_series(1, {n * scale})"
        for n in (20000, 100000, 200000)
    }
    return re.sub(
        r"generate_series\(1, (?:20000|100000|200000)\)", lambda m: counts[m.group(0)], sql
    )


def main() -> None:
    import psycopg

    scale = int(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1
    market = "--no-market-prices" not in sys.argv

    url = bench_database_url()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "soleflip.settings_test"}
    import subprocess

    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "migrate", "-v", "0"], env=env, check=True
    )
    with psycopg.connect(url, autocommit=True) as conn:
        steps = [
            ("products, pairs, orders", lambda: run(conn, scaled(SQL, scale)), None),
            ("asks", lambda: run(conn, LISTINGS), "sales.listing"),
            ("price rules", lambda: run(conn, RULES), "pricing.price_rules"),
        ]
        if market:
            steps.append(
                ("market prices", lambda: load_market_prices(conn), "pricing.market_prices")
            )
        for what, load, table in steps:
            started = time.perf_counter()
            load()
            elapsed = time.perf_counter() - started
            tables = [table] if table else ["catalog.product", "inventory.stock", 'sales."order"']
            counts = ", ".join(
                f"{t} {conn.execute(f'SELECT count(*) FROM {t}').fetchone()[0]:,}" for t in tables
            )
            print(f"{what}: {counts} in {elapsed:.1f} s", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "refresh_analytics"], env=env, check=True
    )
    print(
        f"refresh_analytics (first, then below a second time) {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "refresh_analytics"], env=env, check=True
    )
    print(f"refresh_analytics with the views filled {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
