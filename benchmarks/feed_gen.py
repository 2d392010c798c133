"""Generate Awin product feeds (the 92-column layout) of any size, plain or gzip, and odd
ones: CRLF line ends, a BOM, quoted descriptions spanning lines, style codes written with a
dot, a space or a dash, EU sizes in halves and adidas' thirds.

    .venv/bin/python -m benchmarks.feed_gen 100000 /tmp/feed.csv.gz [--odd]

The catalog half of the bench (`catalog_sql`) gives the generated models their products:
every other model has StockX variants with GTINs (matched by EAN), the rest are matched by
style code and size; one model in ten is unknown.
"""

import csv
import gzip
import random
import sys
from pathlib import Path

HEADER_FILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "awin_feed_sample.csv"
NIKE_EU = {"7": "40", "7.5": "40.5", "8": "41", "8.5": "42", "9": "42.5", "9.5": "43",
           "10": "44", "10.5": "44.5", "11": "45", "11.5": "45.5", "12": "46"}  # fmt: skip
ADIDAS_EU = {"7": "40", "7.5": "40 2/3", "8": "41 1/3", "8.5": "42", "9": "42 2/3",
             "9.5": "43 1/3", "10": "44", "10.5": "44 2/3", "11": "45 1/3", "11.5": "46",
             "12": "46 2/3"}  # fmt: skip
RETAILERS = [
    ("size?Official DE", "10597"),
    ("Snipes DE", "14444"),
    ("Example Sneakers DE", "99999"),
]


def header() -> list[str]:
    with HEADER_FILE.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def style_of(model: int) -> str:
    return f"FB{model:05d}-{model % 900 + 100}"


def ean_of(model: int, us: str) -> str:
    """The GTIN the bench catalog gives a model's variant in a size."""
    return f"4{model:07d}{int(float(us) * 10):03d}0"[:13]


def is_adidas(model: int) -> bool:
    return model % 5 == 0


def spelled(code: str, rng: random.Random) -> str:
    return rng.choice([code, code.replace("-", "."), code.replace("-", " "), code.lower()])


def rows(count: int, *, models: int, seed: int = 1, odd: bool = False):
    rng = random.Random(seed)
    names = header()
    n = 0
    while n < count:
        model = rng.randrange(1, models + 1)
        retailer, retailer_id = RETAILERS[model % len(RETAILERS)]
        chart = ADIDAS_EU if is_adidas(model) else NIKE_EU
        unknown = model % 10 == 9
        for us, eu in chart.items():
            if n >= count:
                return
            n += 1
            code = style_of(model + 50_000 if unknown else model)
            known_ean = model % 2 == 0 and not unknown
            description = "Ein Klassiker, neu aufgelegt."
            if rng.random() < 0.5:
                description += f" | {spelled(code, rng)}"
            if odd and rng.random() < 0.1:
                description = f'Zeile eins\nZeile "zwei" | {spelled(code, rng)}'
            row = dict.fromkeys(names, "")
            row.update(
                {
                    "aw_deep_link": f"https://www.awin1.com/pclick.php?p={n}&a=1&m={retailer_id}",
                    "product_name": f"{'adidas' if is_adidas(model) else 'Nike'} Model {model}",
                    "aw_product_id": f"{seed}{n:09d}",
                    "merchant_product_id": f"{n:09d}",
                    "description": description,
                    "search_price": f"{rng.randint(40, 300)}.{rng.choice(['00', '95', '99'])}",
                    "merchant_name": retailer,
                    "merchant_id": retailer_id,
                    "currency": "EUR",
                    "delivery_cost": rng.choice(["0", "4.95", "4"]),
                    "brand_name": "adidas" if is_adidas(model) else "Nike",
                    "model_number": spelled(code, rng) if "|" not in description else "",
                    "in_stock": "1" if rng.random() < 0.9 else "0",
                    "ean": ean_of(model, us) if known_ean else f"2{n:012d}",
                    "Fashion:size": eu,
                    "delivery_time": "2 to 4 days",
                }
            )
            row["stock_quantity"] = str(rng.randint(1, 12)) if row["in_stock"] == "1" else "0"
            yield row


def write_feed(path: Path, count: int, *, models: int, seed: int = 1, odd: bool = False) -> Path:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", newline="", encoding="utf-8-sig" if odd else "utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header(),
                                lineterminator="\r\n" if odd else "\n")  # fmt: skip
        writer.writeheader()
        for row in rows(count, models=models, seed=seed, odd=odd):
            writer.writerow(row)
    return path


def catalog_sql(models: int) -> list[str]:
    """Statements that give the bench database the generated models (idempotent)."""
    return [
        f"""INSERT INTO catalog.product (sku, style_code, ean, name, brand_id, category_id,
                description, colorway, enrichment_data, created_at, updated_at)
            SELECT 'FB' || lpad(m::text, 5, '0') || '-' || (m % 900 + 100),
                   'FB' || lpad(m::text, 5, '0') || '-' || (m % 900 + 100), '',
                   CASE WHEN m % 5 = 0 THEN 'adidas' ELSE 'Nike' END || ' Model ' || m,
                   (SELECT id FROM catalog.brand WHERE name =
                       CASE WHEN m % 5 = 0 THEN 'adidas' ELSE 'Nike' END),
                   (SELECT id FROM catalog.category WHERE slug = 'sneakers'),
                   '', '', '{{}}', now(), now()
            FROM generate_series(1, {models}) AS m WHERE m % 10 <> 9
            ON CONFLICT (sku) DO NOTHING""",
        """INSERT INTO catalog.product_variant (product_id, size_id, variant_value, gtins,
                size_chart, is_flex_eligible, is_direct_eligible, created_at, updated_at)
            SELECT p.id, s.id, s.value,
                   jsonb_build_array(jsonb_build_object('identifier',
                       substr('4' || lpad(substr(p.sku, 3, 5), 7, '0')
                              || lpad(((s.us_value * 10)::int)::text, 3, '0') || '0', 1, 13),
                       'type', 'EAN-13')),
                   '{}', false, false, now(), now()
            FROM catalog.product p
            JOIN catalog.sizes s ON s.kind = 'men' AND s.region = 'US'
                 AND s.us_value BETWEEN 7 AND 12
            WHERE p.sku LIKE 'FB%' AND substr(p.sku, 3, 5)::int % 2 = 0
            ON CONFLICT (product_id, size_id) DO NOTHING""",
    ]


if __name__ == "__main__":
    write_feed(Path(sys.argv[2]), int(sys.argv[1]), models=10_000, odd="--odd" in sys.argv)
