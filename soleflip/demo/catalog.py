"""Demo catalog: the model lines and size families products are drawn from."""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from catalog.models import Product

from .codes import demo_ean


@dataclass(frozen=True)
class Line:
    """A model line: name, style-code pattern (# digit, @ letter; no placeholder = one
    fixed code), retail range in EUR and colourways (empty: the name stands alone)."""

    name: str
    code: str
    retail: tuple[int, int]
    colours: tuple[str, ...] = ()


# (brand slug, category slug, size family, weight, lines). Weights: mostly sneakers.
CATALOG = [
    (
        "jordan",
        "sneakers",
        "shoe",
        18,
        [
            Line(
                "Air Jordan 1 Retro High OG",
                "DZ####-###",
                (170, 190),
                (
                    "Chicago Lost and Found",
                    "University Blue",
                    "Dark Mocha",
                    "Black Toe Reimagined",
                    "Royal Reimagined",
                    "Washed Heritage",
                ),
            ),
            Line(
                "Jordan 4 Retro",
                "FV####-###",
                (200, 215),
                ("Military Black", "Bred Reimagined", "White Thunder", "Black Cat", "Fear"),
            ),
            Line(
                "Air Jordan 1 Low",
                "553558-###",
                (110, 130),
                ("Bred Toe", "Wolf Grey", "Mocha", "Black White"),
            ),
            Line(
                "Jordan 3 Retro",
                "CT####-###",
                (200, 210),
                ("White Cement Reimagined", "Black Cat", "Palomino"),
            ),
        ],
    ),
    (
        "nike",
        "sneakers",
        "shoe",
        22,
        [
            Line(
                "Nike Dunk Low Retro",
                "DD####-###",
                (110, 120),
                ("White Black Panda", "Grey Fog", "Medium Olive", "University Red", "Photon Dust"),
            ),
            Line(
                "Nike Air Force 1 '07",
                "CW####-###",
                (120, 130),
                ("Triple White", "Black", "Sail", "Wheat"),
            ),
            Line(
                "Nike Air Max 1",
                "FD####-###",
                (150, 160),
                ("Big Bubble Red", "Patta Waves Noise Aqua", "Anniversary Royal"),
            ),
            Line(
                "Nike SB Dunk Low Pro",
                "BQ####-###",
                (100, 110),
                ("Court Purple", "Chicago", "Black Gum"),
            ),
        ],
    ),
    (
        "adidas",
        "sneakers",
        "shoe",
        14,
        [
            Line(
                "adidas Samba OG",
                "IE####",
                (110, 120),
                ("Cloud White Core Black", "Core Black Gum", "Wonder White Green"),
            ),
            Line(
                "adidas Gazelle Indoor",
                "IG####",
                (120, 130),
                ("Blue Bird", "Collegiate Green", "Scarlet", "Core Black"),
            ),
            Line(
                "adidas Campus 00s",
                "HQ####",
                (110, 120),
                ("Core Black", "Grey White", "Dark Green", "Ambient Sky"),
            ),
            Line(
                "adidas Yeezy Boost 350 V2",
                "HP####",
                (230, 240),
                ("Bone", "Onyx", "Zebra", "Beluga Reflective"),
            ),
        ],
    ),
    (
        "new-balance",
        "sneakers",
        "shoe",
        14,
        [
            Line("New Balance 550", "BB550@@#", (120, 130), ("White Green", "Sea Salt Navy")),
            Line(
                "New Balance 2002R",
                "M2002R@@",
                (150, 160),
                ("Protection Pack Rain Cloud", "Phantom", "Sea Salt"),
            ),
            Line(
                "New Balance 9060",
                "U9060@@@",
                (160, 170),
                ("Sea Salt", "Rain Cloud", "Black Castlerock", "Mushroom"),
            ),
            Line(
                "New Balance 1906R",
                "M1906R@@",
                (150, 160),
                ("Silver Metallic", "Protection Pack Black"),
            ),
        ],
    ),
    (
        "asics",
        "sneakers",
        "shoe",
        8,
        [
            Line(
                "ASICS Gel-Kayano 14",
                "1201A###-###",
                (150, 160),
                ("Cream Black", "White Midnight", "Birch Dark Pewter"),
            ),
            Line(
                "ASICS Gel-1130",
                "1201A###-###",
                (110, 120),
                ("White Pure Silver", "Black Pure Silver", "Clay Canyon"),
            ),
        ],
    ),
    (
        "salomon",
        "sneakers",
        "shoe_eu",
        4,
        [Line("Salomon XT-6", "L4######", (180, 200), ("Black Phantom", "Vanilla Ice", "Ebony"))],
    ),
    (
        "crocs",
        "sneakers",
        "shoe",
        2,
        [Line("Crocs Classic Clog", "10001-###", (50, 60), ("Black", "Bone", "Pepper"))],
    ),
    (
        "fear-of-god",
        "apparel-hoodies",
        "apparel",
        5,
        [
            Line(
                "Fear of God Essentials Hoodie",
                "192HO2####",
                (100, 110),
                ("Jet Black", "Light Oatmeal", "Dark Oatmeal", "Heather Grey"),
            ),
        ],
    ),
    (
        "fear-of-god",
        "apparel-bottoms",
        "apparel",
        3,
        [
            Line(
                "Fear of God Essentials Sweatpants",
                "130BT2####",
                (95, 100),
                ("Jet Black", "Light Oatmeal", "Desert Sand"),
            ),
        ],
    ),
    (
        "supreme",
        "apparel-tops",
        "apparel",
        3,
        [
            Line(
                "Supreme Box Logo Tee",
                "SS2#T###",
                (44, 48),
                ("White", "Black", "Heather Grey", "Navy"),
            ),
        ],
    ),
    (
        "supreme",
        "headwear",
        "one",
        1,
        [Line("Supreme Box Logo Beanie", "FW2#BN###", (44, 48), ("Black", "Red", "Ash Grey"))],
    ),
    (
        "the-north-face",
        "apparel-jackets",
        "apparel",
        2,
        [
            Line(
                "The North Face 1996 Retro Nuptse Jacket",
                "NF0A3C8D@@#",
                (320, 350),
                ("TNF Black", "Summit Navy", "Recycled TNF Yellow"),
            ),
        ],
    ),
    (
        "lego",
        "building-sets",
        "one",
        3,
        [
            Line("LEGO Icons Titanic Set 10294", "10294", (680, 680)),
            Line("LEGO Icons Back to the Future Time Machine 10300", "10300", (200, 200)),
            Line("LEGO Icons Galaxy Explorer 10497", "10497", (100, 100)),
            Line("LEGO Icons Lion Knights' Castle 10305", "10305", (400, 400)),
            Line("LEGO Icons Lord of the Rings Rivendell 10316", "10316", (500, 500)),
            Line("LEGO Icons Land Rover Classic Defender 90 10317", "10317", (240, 240)),
            Line("LEGO Star Wars UCS Millennium Falcon 75192", "75192", (850, 850)),
            Line("LEGO Star Wars UCS AT-AT 75313", "75313", (850, 850)),
            Line("LEGO Technic Ferrari Daytona SP3 42143", "42143", (450, 450)),
            Line("LEGO Ideas Motorized Lighthouse 21335", "21335", (300, 300)),
            Line("LEGO Botanicals Orchid 10311", "10311", (50, 50)),
            Line("LEGO Icons Colosseum 10276", "10276", (550, 550)),
        ],
    ),
    (
        "pokemon",
        "trading-cards",
        "one",
        3,
        [
            Line("Pokémon TCG Scarlet & Violet 151 Elite Trainer Box", "PKM-SV151-ETB", (60, 60)),
            Line("Pokémon TCG Prismatic Evolutions Elite Trainer Box", "PKM-SV85-ETB", (60, 60)),
            Line("Pokémon TCG Surging Sparks Booster Box", "PKM-SV08-BB", (160, 160)),
            Line("Pokémon TCG Paldean Fates Booster Bundle", "PKM-SV45-BND", (35, 35)),
            Line("Pokémon TCG Crown Zenith Elite Trainer Box", "PKM-SWSH125-ETB", (55, 55)),
            Line("Pokémon TCG Evolving Skies Booster Box", "PKM-SWSH07-BB", (150, 150)),
            Line("Pokémon TCG Twilight Masquerade Booster Box", "PKM-SV06-BB", (160, 160)),
        ],
    ),
]

# Size families: (kind, region, [(values, weight)]).
SIZE_FAMILIES = {
    "shoe": [
        ("men", "US", ["7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "11.5", "12"], 8),
        ("men", "US", ["12.5", "13"], 4),
        ("women", "US", ["5.5W", "6W", "6.5W", "7W", "7.5W", "8W", "8.5W", "9W"], 2),
        ("gs", "US", ["4Y", "4.5Y", "5Y", "5.5Y", "6Y", "6.5Y", "7Y"], 2),
    ],
    "shoe_eu": [("men", "EU", ["41", "42", "42.5", "43", "44", "44.5", "45", "46"], 1)],
    "apparel": [("apparel", "INTL", ["M", "L"], 4), ("apparel", "INTL", ["S", "XL"], 2)],
    "one": [("one_size", "INTL", ["OS"], 1)],
}


def build_products(rng, count, brands, categories, today) -> tuple[list[Product], dict[str, str]]:
    """`count` unsaved products with unused style codes, and each one's size family by SKU."""
    new_products: list[Product] = []
    families: dict[str, str] = {}
    used = set(Product.objects.values_list("sku", flat=True))
    weights = [entry[3] for entry in CATALOG]
    attempts = 0
    while len(new_products) < count:
        attempts += 1
        if attempts > 100 * count + 1000:  # pragma: no cover - the code space is large
            raise RuntimeError("Could not generate enough unique style codes.")
        brand, category, family, _, lines = rng.choices(CATALOG, weights=weights)[0]
        line = rng.choice(lines)
        sku = _code(rng, line.code)
        if sku in used:
            continue
        used.add(sku)
        colour = rng.choice(line.colours) if line.colours else ""
        low, high = line.retail
        new_products.append(
            Product(
                sku=sku,
                style_code=sku,
                ean=demo_ean(sku),
                name=f"{line.name} {colour}" if colour else line.name,
                brand=brands[brand],
                category=categories[category],
                colorway=colour,
                retail_price=Decimal(rng.randrange(low, high + 1, 5) if high > low else low),
                release_date=today - timedelta(days=rng.randint(30, 900)),
            )
        )
        families[sku] = family
    return new_products, families


def _code(rng: random.Random, pattern: str) -> str:
    return "".join(
        str(rng.randrange(10))
        if ch == "#"
        else rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
        if ch == "@"
        else ch
        for ch in pattern
    )
