"""Generated demo data for `make run`: products, suppliers, pairs, orders, listings and
market prices that look like a small German resale business. Everything is drawn from a
seeded random generator (no fixed result numbers); money follows the same formulas as the
real imports (net = gross / 1.19, payout = sale − fees, profit from sales.profit).

Reference data (brands, categories, sizes, marketplaces) comes from the data migrations and
is looked up, never created here.

Lives in `pricing`, the highest app, because it touches every domain."""

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from catalog.models import Brand, Category, Product, Size
from inventory.models import StockEvent, StockItem, StockStatus
from sales.models import Listing, Marketplace, Order
from sales.profit import compute_profit, cost_basis
from soleflip.lib.money import GERMAN_VAT, purchase_cost
from soleflip.lib.parsing import to_cents
from suppliers.models import Supplier, SupplierAccount

from .models import MarketPrice


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
CITIES = [
    ("United States", "New York"),
    ("United States", "Los Angeles"),
    ("Germany", "Berlin"),
    ("Germany", "Hamburg"),
    ("France", "Paris"),
    ("United Kingdom", "London"),
    ("Japan", "Tokyo"),
    ("Hong Kong SAR", "Hong Kong"),
    ("Netherlands", "Amsterdam"),
    ("Italy", "Milan"),
]
MARKET_SHARE = [("stockx", 70), ("alias", 10), ("goat", 8), ("ebay", 7), ("local", 5)]
NO_COST_PAIRS = 5


@dataclass
class DemoCounts:
    products: int = 0
    pairs: int = 0
    orders: int = 0
    suppliers: int = 0


@dataclass
class _Sale:
    pair: StockItem
    sold_on: date
    returned: bool
    cost_missing: bool = False


def _code(rng: random.Random, pattern: str) -> str:
    return "".join(
        str(rng.randrange(10))
        if ch == "#"
        else rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
        if ch == "@"
        else ch
        for ch in pattern
    )


def _aware(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randrange(8, 22), rng.randrange(60))))


def _reference_data():
    """Brands, categories, size choices and marketplaces from the data migrations;
    LookupError naming what is missing."""
    brands = {b.slug: b for b in Brand.objects.all()}
    categories = {c.slug: c for c in Category.objects.all()}
    markets = {m.slug: m for m in Marketplace.objects.all()}
    sizes = {(s.kind, s.region, s.value): s for s in Size.objects.all()}
    missing = sorted(
        {f"brand {b}" for b, *_ in CATALOG if b not in brands}
        | {f"category {c}" for _, c, *_ in CATALOG if c not in categories}
        | {f"marketplace {m}" for m, _ in MARKET_SHARE if m not in markets}
        | {
            f"size {kind}/{region} {value}"
            for family in SIZE_FAMILIES.values()
            for kind, region, values, _ in family
            for value in values
            if (kind, region, value) not in sizes
        }
    )
    if missing:
        shown = ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
        raise LookupError(f"Reference data is missing ({shown}): run migrate first.")
    choices = {
        name: (
            [sizes[(kind, region, v)] for kind, region, values, _ in family for v in values],
            [weight for _, _, values, weight in family for _ in values],
        )
        for name, family in SIZE_FAMILIES.items()
    }
    return brands, categories, markets, choices


@transaction.atomic
def seed_demo(*, products: int = 300, seed: int = 42, today: date | None = None) -> DemoCounts:
    rng = random.Random(seed)
    today = today or timezone.localdate()
    brands, categories, markets, size_choices = _reference_data()
    counts = DemoCounts()

    suppliers = _suppliers(rng)
    counts.suppliers = len(suppliers)

    new_products, families = _products(rng, products, brands, categories, today)
    Product.objects.bulk_create(new_products, batch_size=1000)
    counts.products = len(new_products)

    pairs, sales = _pairs(rng, new_products, families, size_choices, suppliers, today)
    StockItem.objects.bulk_create(pairs, batch_size=1000)
    counts.pairs = len(pairs)

    orders, events = _orders(rng, sales, markets, today)
    listings = []
    for pair in pairs:
        events.append(
            StockEvent(
                stock=pair,
                kind=StockEvent.Kind.CREATED,
                to_status=pair.status,
                reason="Demo purchase",
                after={"status": pair.status},
            )
        )
        if pair.status == StockStatus.LISTED:
            listings.append(
                Listing(
                    inventory_item=pair,
                    marketplace=markets["stockx"],
                    external_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    status=Listing.Status.ACTIVE,
                    amount=Decimal(int(pair.gross_purchase_price * Decimal(rng.uniform(1.1, 1.6)))),
                    inventory_type="STANDARD",
                    listed_at=_aware(today - timedelta(days=rng.randint(0, 30)), rng),
                )
            )
    Order.objects.bulk_create(orders, batch_size=1000)
    StockEvent.objects.bulk_create(events, batch_size=2000)
    Listing.objects.bulk_create(listings, batch_size=1000)
    counts.orders = len(orders)
    _market_prices(rng, new_products[:50], markets["stockx"], today)
    return counts


def _suppliers(rng: random.Random) -> list[Supplier]:
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


def _products(rng, count, brands, categories, today) -> tuple[list[Product], dict[str, str]]:
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


def _pairs(rng, products, families, size_choices, suppliers, today):
    """One StockItem per pair, and the planned sale of each pair that sold."""
    pairs: list[StockItem] = []
    sales: list[_Sale] = []
    for product in products:
        sizes, weights = size_choices[families[product.sku]]
        for _ in range(rng.choice([1, 1, 2, 2, 2, 3, 4])):
            supplier = rng.choice(suppliers)
            gross = to_cents(product.retail_price * Decimal(rng.uniform(0.6, 1.1)))
            cost = purchase_cost(gross=gross, tax_scheme=supplier.default_tax_scheme)
            bought = today - timedelta(days=rng.randint(0, 540))
            age = (today - bought).days
            status, sale = _fate(rng, age)
            returned = status == StockStatus.RETURNED
            sold_on = None if sale is None else bought + timedelta(days=sale)
            if sold_on is not None and not returned:
                # Made as it stands today: a demo pair is created, never moved.
                status = _status_after_sale((today - sold_on).days)
            pair = StockItem(
                product=product,
                size=rng.choices(sizes, weights=weights)[0],
                supplier=supplier,
                purchase_date=bought,
                delivery_date=None
                if status == StockStatus.INCOMING
                else bought + timedelta(days=min(age, rng.randint(1, 6))),
                purchase_price=cost.net,
                gross_purchase_price=gross,
                vat_rate=cost.vat_rate,
                vat_amount=cost.vat,
                tax_scheme=supplier.default_tax_scheme,
                purchase_order_number=f"{supplier.slug[:3].upper()}-{rng.randrange(10**6, 10**7)}",
                location=""
                if status == StockStatus.INCOMING
                else rng.choice(["Lager A", "Lager B"]),
                status=status,
            )
            pairs.append(pair)
            if sold_on is not None:
                sales.append(_Sale(pair, sold_on, returned=returned))
    # A few sold pairs whose purchase cost nobody has entered yet (the "cost missing" queue).
    completed = [s for s in sales if not s.returned]
    for sale in rng.sample(completed, k=min(NO_COST_PAIRS, len(completed))):
        sale.cost_missing = True
        pair = sale.pair
        pair.purchase_price = pair.gross_purchase_price = pair.vat_amount = pair.vat_rate = None
    return pairs, sales


def _fate(rng: random.Random, age: int) -> tuple[str, int | None]:
    """(status, days from purchase to sale or None) for a pair bought `age` days ago."""
    if age < 7:
        return (StockStatus.INCOMING if age < 3 else StockStatus.IN_STOCK), None
    roll = rng.random()
    if roll < 0.62:
        # Sold between two days after the purchase and yesterday, mostly within months;
        # a few came back (returned).
        days = rng.randint(2, min(180, age - 1))
        return (StockStatus.COMPLETED if roll < 0.60 else StockStatus.RETURNED), days
    return (StockStatus.LISTED if roll < 0.78 else StockStatus.IN_STOCK), None


def _status_after_sale(days_ago: int) -> str:
    if days_ago <= 2:
        return StockStatus.SOLD
    if days_ago <= 9:
        return StockStatus.SHIPPED
    return StockStatus.COMPLETED


ORDER_STATUS = {
    StockStatus.SOLD: Order.Status.PENDING,
    StockStatus.SHIPPED: Order.Status.SHIPPED,
    StockStatus.COMPLETED: Order.Status.COMPLETED,
    StockStatus.RETURNED: Order.Status.RETURNED,
}


def _orders(rng, sales: list[_Sale], markets, today) -> tuple[list[Order], list[StockEvent]]:
    orders, events, numbers = [], [], set()
    names, weights = zip(*MARKET_SHARE, strict=True)
    for sale in sales:
        pair = sale.pair
        market = markets[rng.choices(names, weights=weights)[0]]
        sold_at = _aware(sale.sold_on, rng)
        paid = pair.gross_purchase_price or (
            pair.product.retail_price * Decimal(rng.uniform(0.6, 1.1))
        )
        gross_sale = Decimal(int(paid * Decimal(rng.uniform(0.9, 1.8))))
        platform_fee, payment_fee, shipping = _fees(market.slug, gross_sale, rng)
        net_proceeds = gross_sale - platform_fee - payment_fee - shipping
        number = ""
        while not number or number in numbers:
            number = f"{rng.randrange(10**7, 10**8)}-{rng.randrange(10**7, 10**8)}"
        numbers.add(number)
        country, city = rng.choice(CITIES)
        if market.slug == "local":
            country, city = "Germany", rng.choice(["Berlin", "Leipzig", "Potsdam"])
        payout = sold_at + timedelta(days=rng.randint(2, 10))
        paid_out = payout.date() <= today and not sale.returned
        received = paid_out and (today - sale.sold_on).days > 14
        order = Order(
            marketplace=market,
            external_id=number,
            stockx_order_number=number if market.slug == "stockx" else None,
            inventory_item=pair,
            sold_at=sold_at,
            gross_sale=gross_sale,
            platform_fee=platform_fee,
            payment_fee=payment_fee,
            shipping_cost=shipping,
            net_proceeds=net_proceeds,
            payout_date=payout if paid_out else None,
            payout_received=received,
            payout_amount_received=net_proceeds if received else None,
            payout_reference=f"PO-{rng.randrange(10**6, 10**7)}" if paid_out else "",
            buyer_destination_country=country,
            buyer_destination_city=city,
            status=ORDER_STATUS[pair.status],
        )
        if not sale.cost_missing:
            _fill_profit(order, pair, market)
        orders.append(order)
        events.append(
            StockEvent(
                stock=pair,
                kind=StockEvent.Kind.SOLD,
                from_status=StockStatus.LISTED,
                to_status=pair.status,
                reason=f"Sold on {market.name}, order {number}",
                after={"status": pair.status},
            )
        )
    return orders, events


def _fees(slug: str, gross: Decimal, rng: random.Random) -> tuple[Decimal, Decimal, Decimal]:
    """(platform fee, payment fee, shipping), like the seeded StockX rules: transaction fee
    8 % with a €5 minimum, payment processing 3 %, shipping €0-5."""
    if slug in ("stockx", "goat", "alias"):
        return (
            max(to_cents(gross * Decimal("0.08")), Decimal("5.00")),
            to_cents(gross * Decimal("0.03")),
            Decimal(rng.choice(["0.00", "0.00", "0.00", "2.50", "5.00"])),
        )
    if slug == "ebay":
        return (
            to_cents(gross * Decimal("0.11") + Decimal("0.35")),
            Decimal("0.00"),
            Decimal("4.99"),
        )
    return Decimal("0.00"), Decimal("0.00"), Decimal("0.00")


def _fill_profit(order: Order, pair: StockItem, market: Marketplace) -> None:
    cost = cost_basis(
        tax_scheme=pair.tax_scheme,
        net_price=pair.purchase_price,
        gross_price=pair.gross_purchase_price,
    )
    profit = compute_profit(
        gross_sale=order.gross_sale,
        net_proceeds=order.net_proceeds,
        cost=cost,
        treatment=market.output_vat,
        sold_on=timezone.localdate(order.sold_at),
        purchased_on=pair.purchase_date,
    )
    order.output_vat = profit.output_vat
    order.gross_profit, order.net_profit = profit.gross_profit, profit.net_profit
    order.roi, order.shelf_life_days = profit.roi, profit.shelf_life_days


def _market_prices(rng, products, market, today) -> None:
    """StockX lowest ask / highest bid for a product today and every two weeks back."""
    rows = []
    for product in products:
        base = product.retail_price * Decimal(rng.uniform(0.9, 1.7))
        for weeks in range(0, 12, 2):
            ask = to_cents(base * Decimal(rng.uniform(0.92, 1.08)))
            rows.append(
                MarketPrice(
                    product=product,
                    marketplace=market,
                    price_date=today - timedelta(weeks=weeks),
                    lowest_ask=ask,
                    highest_bid=to_cents(ask * Decimal("0.85")),
                    last_sale=to_cents(ask * Decimal(rng.uniform(0.9, 1.02))),
                    sell_faster=to_cents(ask * Decimal("0.97")),
                    earn_more=to_cents(ask * Decimal("1.05")),
                    sales_volume=rng.randint(5, 400),
                )
            )
    MarketPrice.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
