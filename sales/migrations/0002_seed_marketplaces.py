"""Seed the marketplaces and their dated fee rules. Idempotent and reversible.

Output VAT treatment per marketplace is a starting point to confirm with the tax adviser:
StockX and the other resale platforms buy from the seller (intra-EU supply or export, no
German output VAT); eBay and Kleinanzeigen sales to private buyers of privately bought
pairs fall under the margin scheme; local sales include 19 % VAT.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

MARKETPLACES = [
    ("stockx", "StockX", "https://stockx.com", "none"),
    ("alias", "Alias", "https://www.alias.org", "none"),
    ("goat", "GOAT", "https://www.goat.com", "none"),
    ("ebay", "eBay", "https://www.ebay.de", "margin"),
    ("klekt", "Klekt", "https://www.klekt.com", "none"),
    ("restocks", "Restocks", "https://restocks.net", "none"),
    ("laced", "Laced", "https://www.laced.com", "none"),
    ("wethenew", "Wethenew", "https://wethenew.com", "none"),
    ("kleinanzeigen", "Kleinanzeigen", "https://www.kleinanzeigen.de", "margin"),
    ("local", "Local", "", "domestic"),
]
START = date(2022, 1, 1)
STOCKX_LEVELS = {1: "9.000", 2: "8.500", 3: "8.000", 4: "7.500", 5: "7.000"}
LEVEL_NOTE = "StockX help centre: seller fees by level (9 % at level 1 to 7 % at level 5)"


def _rule(
    fee_type,
    percentage="0",
    *,
    level=None,
    fixed="0",
    minimum=None,
    start=START,
    until=None,
    notes="",
):
    return {
        "fee_type": fee_type,
        "seller_level": level,
        "percentage": Decimal(percentage),
        "fixed_amount": Decimal(fixed),
        "minimum_amount": Decimal(minimum) if minimum else None,
        "effective_from": start,
        "effective_until": until,
        "notes": notes,
    }


def fee_rules() -> dict[str, list[dict]]:
    stockx = []
    for level, pct in STOCKX_LEVELS.items():
        # The minimum transaction fee seen in 2022-2023 reports is €8; from late 2023 €5.
        stockx.append(
            _rule(
                "transaction",
                pct,
                level=level,
                minimum="8.00",
                until=date(2023, 9, 30),
                notes=f"{LEVEL_NOTE}; €8 minimum observed in 2022-2023 sales reports",
            )
        )
        stockx.append(
            _rule(
                "transaction",
                pct,
                level=level,
                minimum="5.00",
                start=date(2023, 10, 1),
                notes=f"{LEVEL_NOTE}; €5 minimum seller fee",
            )
        )
    stockx.append(
        _rule("payment_processing", "3.000", notes="StockX help centre: 3 % payment processing fee")
    )
    return {
        "stockx": stockx,
        "alias": [
            _rule(
                "transaction",
                "9.500",
                fixed="5.00",
                notes="alias.org/fees: 9.5 % + seller fee; approximate, verify",
            ),
            _rule("cash_out", "2.900", notes="alias.org/fees: 2.9 % cash-out"),
        ],
        "goat": [
            _rule(
                "transaction", "9.500", fixed="5.00", notes="GOAT seller fees; approximate, verify"
            ),
            _rule("cash_out", "2.900", notes="GOAT cash-out fee; approximate, verify"),
        ],
        "ebay": [
            _rule(
                "transaction",
                "11.000",
                fixed="0.35",
                notes="eBay.de private seller fee; approximate, verify",
            )
        ],
        "klekt": [
            _rule("transaction", "8.000", notes="Klekt seller fee; approximate, verify"),
            _rule(
                "payment_processing", "3.000", notes="Klekt payment processing; approximate, verify"
            ),
        ],
        "restocks": [
            _rule(
                "transaction",
                "10.000",
                fixed="5.00",
                notes="Restocks seller fee; approximate, verify",
            )
        ],
        "laced": [_rule("transaction", "12.000", notes="Laced seller fee; approximate, verify")],
    }


def seed(apps, schema_editor):
    Marketplace = apps.get_model("sales", "Marketplace")
    FeeRule = apps.get_model("sales", "FeeRule")
    rules = fee_rules()
    for slug, name, website, output_vat in MARKETPLACES:
        market, _ = Marketplace.objects.update_or_create(
            slug=slug, defaults={"name": name, "website": website, "output_vat": output_vat}
        )
        for rule in rules.get(slug, []):
            key = {k: rule[k] for k in ("fee_type", "seller_level", "effective_from")}
            FeeRule.objects.update_or_create(marketplace=market, **key, defaults=rule)
    # Until 0012 the level was one number on the marketplace (now dated: SellerLevel, 0009).
    if any(f.name == "seller_level" for f in Marketplace._meta.get_fields()):
        Marketplace.objects.filter(slug="stockx").update(seller_level=1)


def unseed(apps, schema_editor):
    apps.get_model("sales", "Marketplace").objects.filter(
        slug__in=[m[0] for m in MARKETPLACES], orders__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
