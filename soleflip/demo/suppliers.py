"""Demo suppliers: the shops and private sellers pairs are bought from, each with a few
raffle accounts. Existing suppliers (by slug) are kept as they are."""

import random
from decimal import Decimal

from django.utils.text import slugify

from soleflip.lib.money import GERMAN_VAT
from suppliers.models import Supplier, SupplierAccount

SUPPLIERS = [
    # name, type, tax scheme, country, city, website
    ("Nike SNKRS", "brand", "standard", "NL", "Hilversum", "https://www.nike.com/de/launch"),
    ("adidas Confirmed", "brand", "standard", "DE", "Herzogenaurach", "https://www.adidas.de"),
    ("Zalando", "retailer", "standard", "DE", "Berlin", "https://www.zalando.de"),
    ("Foot Locker DE", "retailer", "standard", "DE", "Hamburg", "https://www.footlocker.de"),
    ("Snipes", "retailer", "standard", "DE", "Köln", "https://www.snipes.com"),
    ("43einhalb", "retailer", "standard", "DE", "Fulda", "https://www.43einhalb.com"),
    ("Solebox", "retailer", "standard", "DE", "Berlin", "https://www.solebox.com"),
    ("BSTN", "retailer", "standard", "DE", "München", "https://www.bstn.com"),
    ("Afew", "retailer", "standard", "DE", "Düsseldorf", "https://www.afew-store.com"),
    ("Overkill", "retailer", "standard", "DE", "Berlin", "https://www.overkillshop.com"),
    ("size?", "retailer", "standard", "DE", "", "https://www.sizeofficial.de"),
    ("Private sellers", "private", "margin", "DE", "", ""),
]
FIRST_NAMES = ["Lena", "Jonas", "Mia", "Paul", "Leon", "Hannah", "Emma", "Finn"]
LAST_NAMES = ["Schmidt", "Meyer", "Weber", "Wagner", "Becker", "Hoffmann"]


def ensure_suppliers(rng: random.Random) -> list[Supplier]:
    suppliers = []
    for name, kind, scheme, country, city, website in SUPPLIERS:
        slug = slugify(name.replace("?", "")) or "supplier"
        supplier, _ = Supplier.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "supplier_type": kind,
                "default_tax_scheme": scheme,
                "country": country,
                "city": city,
                "website": website,
                "email": f"service@{slug}.example.com" if website else "",
                "vat_rate": Decimal("0") if scheme == "margin" else GERMAN_VAT,
                "return_policy_days": None if scheme == "margin" else rng.choice([14, 30, 60]),
                "preferred": rng.random() < 0.3,
            },
        )
        suppliers.append(supplier)
        for n in range(rng.randint(2, 3)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            SupplierAccount.objects.get_or_create(
                supplier=supplier,
                email=f"{first.lower()}.{last.lower()}{n + 1}@example.com",
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "city": rng.choice(["Berlin", "Hamburg", "Leipzig", "Köln"]),
                    "country_code": "DE",
                    "list_name": rng.choice(["Main", "Raffles", "Backup"]),
                    "is_verified": rng.random() < 0.7,
                },
            )
    return suppliers
