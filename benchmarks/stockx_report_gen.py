"""Synthetic StockX seller sales reports with the real export's 44 columns and quirks:
multi-line quoted fields, "N/A" styles and sizes, blank seller fees with an unreported
minimum fee, slightly negative shipping, dual styles, every size family.

    python -m benchmarks.stockx_report_gen ROWS OUT.csv [--seed N]
"""

import argparse
import csv
import random
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sales.stockx_report import COLUMNS

CENT = Decimal("0.01")
ITEMS = [
    ("Nike Dunk Low Retro White Black Panda", "DD1391-100", ["8", "9", "10", "10.5", "11", "12"]),
    ("Jordan 1 Retro High OG Chicago Lost and Found", "DZ5485-612", ["9", "10", "11.5"]),
    ("Jordan 4 Retro Military Black", "DH6927-111", ["7", "9", "10"]),
    ("Nike Dunk Low Next Nature Pale Coral (W)", "DD1873-100", ["6.5W", "8", "9W"]),
    ("Jordan 1 Low Wolf Grey (GS)", "553560-033", ["4Y", "5.5Y", "6"]),
    ("Nike Dunk Low Panda (TD)", "CW1589-100", ["7C", "8C", "10C"]),
    ("Nike Dunk Low Panda (PS)", "CW1588-100", ["11C", "1Y", "3Y"]),
    ("adidas Yeezy Boost 350 V2 Onyx", "HQ4540", ["6", "10.5", "12"]),
    ("New Balance 550 White Green", "BB550WT1", ["8", "9.5"]),
    ("ASICS Gel-Kayano 14 Cream Black", "1201A019-108", ["10", "11"]),
    ("Salomon XT-6 Black Phantom", "L41086600", ["42", "43", "44.5"]),
    ("Crocs Classic Clog Lightning McQueen", "205759-610", ["10", "12W / 10.5M"]),
    ("Nike Air Force 1 Low Supreme Box Logo White", "CU9225-100/CU9225-101", ["9", "10"]),
    ("Fear of God Essentials Hoodie Light Oatmeal", None, ["S", "M", "L/XL"]),
    ("Supreme Box Logo Crewneck Heather Grey", None, ["M", "L"]),
    ("Levi's 501 Original Fit Jeans Dark Stonewash", None, ["34W/32L"]),
    ("LEGO Icons Titanic Set 10294", None, ["N/A"]),
    ("Pokemon TCG Scarlet & Violet 151 Booster Bundle", None, ["N/A"]),
    ("Taschen Sneaker Atlas Book", None, ["N/A"]),
    ("KAWS Holiday Figure Brown", None, ["N/A"]),
    ("Corteiz Alcatraz Cargos Black", None, ["M", "L"]),
    ("The North Face Anacapa Jacket Black", None, ["M"]),
    ("Nike Everyday Cushioned Socks (3 Pack)", None, ["S / Men's 9-10"]),
]
COUNTRIES = [
    ("United States", "Portland"),
    ("Germany", "Berlin"),
    ("France", "Paris"),
    ("Hong Kong SAR", "Hong Kong"),
    ("Ireland, Republic of", "Dublin"),
    ("Japan", "Tokyo"),
]


def money(value: Decimal) -> str:
    return f"{value.quantize(CENT, ROUND_HALF_UP)}"


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S +00")


def make_row(index: int, rng: random.Random, start: datetime, step: float = 37) -> list[str]:
    item, style, sizes = ITEMS[rng.randrange(len(ITEMS))]
    sold = start + timedelta(minutes=step * index + rng.randrange(30))
    payout = sold + timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 20))
    listing = Decimal(rng.randint(20, 480))
    payment = (listing * Decimal("0.03")).quantize(CENT, ROUND_HALF_UP)
    rate = Decimal(rng.choice(["0.07", "0.08", "0.065", "0.075"]))
    fee = max((listing * rate).quantize(CENT, ROUND_HALF_UP), Decimal("5.00"))
    blank_fee = rng.random() < 0.15  # StockX leaves the minimum fee out of the column
    if blank_fee:
        fee = Decimal("8.00")
    shipping = rng.choice([None, Decimal("0"), Decimal("5"), Decimal("1.25"), Decimal("-0.03")])
    payout_amount = listing - fee - payment - (shipping or 0)
    if payout_amount < 0:
        listing += 50
        payout_amount += 50
    country, city = rng.choice(COUNTRIES)
    values = {
        "Seller Name": "Example Sneaker GmbH",
        "Seller Address (Billing)": '"Example Sneaker GmbH Musterstraße 1 30000 DE"',
        "Seller VAT Number": "DE000000000",
        "Sold To Name": "StockX LLC",
        "Sold To address": "1 Example Ave Detroit MI 48226",
        "Sold to VAT Number": "NL000000000B01",
        "Fiscal Representative Name": "StockX Marketplace NL BV",
        "Fiscal Representative Address": "Example Run 1, 5500AA, Veldhoven, Netherlands",
        "StockX Destination Address": "STOCKX LLC C/O Example Hub Veldhoven NL",
        "Payout date": stamp(payout),
        "Invoice Date": stamp(payout),
        "Invoice Number": f"{20000000 + index}-{60000000 + index}",
        "Item": item,
        "Sku Name": item.split(" ", 1)[-1],
        "Sku Size": rng.choice(sizes),
        "Style": style or "N/A",
        "Order Number": f"{70000000 + index:08d}-{60000000 + index % 99999999:08d}",
        "Sale Date": stamp(sold),
        "Seller Tracking Number": f"1Z000EX{index:011d}",
        "Buyer Destination Country": country,
        "Buyer Destination City": city,
        "Buyer Tracking Number": rng.choice(["N/A", "", f"{rng.randrange(10**9, 10**10)}"]),
        "Quantity": "1",
        "Ship From Address": '"Example Sneaker GmbH 30000 DE"\n2) Invoice issued by the customer (self-billing)',
        "Ship To Address": "Example Hub Veldhoven NL",
        "Seller Fee": "" if blank_fee else money(fee),
        "Seller Fee Currency": "N/A" if blank_fee else "EUR",
        "Payment Processing": money(payment),
        "Payment Processing Currency": "EUR",
        "Shipping Fee": "" if shipping is None else money(shipping),
        "Shipping Fee Currency": "EUR",
        "VAT Rate": "",
        "Total Net Amount (Payout Excluding VAT)": money(payout_amount),
        "Total Net Amount (Payout Excluding VAT) Currency": "EUR",
        "Listing Price": str(listing),
        "Listing Price Currency": "EUR",
        "Total Gross Amount (Total Payout)": money(payout_amount),
        "Total Gross Amount (Total Payout) Currency": "EUR",
        "Total VAT Amount": "",
        "Total VAT Amount Currency": "",
        "Payout ID": rng.choice(["0", f"P{index // 5:05d}"]),
        "Special references": "1) Intra-EU supply of goods\n2) Self-billing",
        "Provider Transaction ID": f"{rng.getrandbits(128):032x}",
        "Total Invoice Amount": money(payout_amount),
    }
    return [values[c] for c in COLUMNS]


def write_report(path: Path, rows: int, *, seed: int = 1, bom: bool = True, start=None) -> Path:
    rng = random.Random(seed)
    start = start or datetime(2022, 7, 7, 12, 0, tzinfo=UTC)
    # A sale every 37 minutes, closer together when that would reach into the future (an
    # import refuses sales after today): the last sale is at least two weeks old.
    latest = datetime.now(UTC) - timedelta(days=14)
    step = max(1, min(37, (latest - start).total_seconds() / 60 / max(rows, 1)))
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for index in range(rows):
            writer.writerow(make_row(index, rng, start, step))
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_report(args.out, args.rows, seed=args.seed)
