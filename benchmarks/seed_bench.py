"""Load the benchmark dataset into `soleflip_bench` (or BENCH_DATABASE_URL): 20,000
products, 100,000 pairs and 200,000 orders, generated in SQL (seconds, not minutes).

    .venv/bin/python -m benchmarks.seed_bench
"""

import os
import sys
import time

from benchmarks.bench_stockx_import import BASE_DIR, bench_database_url

SQL = """
TRUNCATE sales."order", sales.listing, inventory.stock_event, inventory.stock,
         integration.import_records, integration.import_batches CASCADE;
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
SELECT p.a[1 + (g * 7919) % array_length(p.a, 1)], s.a[1 + g % array_length(s.a, 1)],
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


def main() -> None:
    import psycopg

    url = bench_database_url()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "soleflip.settings_test"}
    import subprocess

    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "migrate", "-v", "0"], env=env, check=True
    )
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SQL.replace("%%", "%"))
        counts = [
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("catalog.product", "inventory.stock", 'sales."order"')
        ]
    print(
        f"products {counts[0]:,}, pairs {counts[1]:,}, orders {counts[2]:,} in {time.perf_counter() - started:.1f} s"
    )
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
