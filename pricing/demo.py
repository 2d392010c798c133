"""Generated demo data for `make run`: products, suppliers, pairs, orders, listings and
market prices that look like a small German resale business. Everything is drawn from a
seeded random generator (no fixed result numbers); money follows the same formulas as the
real imports (net = gross / 1.19, payout = sale − fees, profit from sales.profit).

Lives in `pricing`, the highest app, because it touches every domain."""

import random
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
from soleflip.lib.money import purchase_cost
from soleflip.lib.parsing import to_cents
from suppliers.models import Supplier, SupplierAccount

from .models import MarketPrice

# brand slug, category slug, size family, retail range, [(model line, style code pattern)]
LINES = [
    (
        "jordan",
        "sneakers",
        "shoe",
        (140, 210),
        [
            ("Air Jordan 1 Retro High OG", "DZ####-###"),
            ("Jordan 4 Retro", "FV####-###"),
            ("Air Jordan 1 Low", "553558-###"),
            ("Jordan 3 Retro", "CT####-###"),
        ],
    ),
    (
        "nike",
        "sneakers",
        "shoe",
        (100, 180),
        [
            ("Nike Dunk Low Retro", "DD####-###"),
            ("Nike Air Force 1 '07", "CW####-###"),
            ("Nike Air Max 1", "FD####-###"),
            ("Nike SB Dunk Low Pro", "BQ####-###"),
        ],
    ),
    (
        "adidas",
        "sneakers",
        "shoe",
        (100, 230),
        [
            ("adidas Samba OG", "B#####"),
            ("adidas Gazelle Indoor", "IE####"),
            ("adidas Campus 00s", "HQ####"),
            ("adidas Yeezy Boost 350 V2", "HP####"),
        ],
    ),
    (
        "new-balance",
        "sneakers",
        "shoe",
        (110, 220),
        [
            ("New Balance 550", "BB550@@#"),
            ("New Balance 2002R", "M2002R@@"),
            ("New Balance 9060", "U9060@@@"),
            ("New Balance 1906R", "M1906R@@"),
        ],
    ),
    (
        "asics",
        "sneakers",
        "shoe",
        (120, 180),
        [("ASICS Gel-Kayano 14", "1201A###-###"), ("ASICS Gel-1130", "1201A###-###")],
    ),
    ("salomon", "sneakers", "shoe_eu", (150, 200), [("Salomon XT-6", "L4######")]),
    ("crocs", "sneakers", "shoe", (50, 90), [("Crocs Classic Clog", "2#####-###")]),
    (
        "fear-of-god",
        "apparel-hoodies",
        "apparel",
        (90, 140),
        [
            ("Fear of God Essentials Hoodie", "FOG-H-###"),
            ("Fear of God Essentials Sweatpants", "FOG-P-###"),
        ],
    ),
    ("supreme", "apparel-tops", "apparel", (44, 68), [("Supreme Box Logo Tee", "SUP-T-###")]),
    (
        "the-north-face",
        "apparel-jackets",
        "apparel",
        (280, 350),
        [("The North Face 1996 Retro Nuptse Jacket", "NF0A3C8D###")],
    ),
    ("lego", "building-sets", "one", (100, 680), [("LEGO Icons Set", "10###")]),
    (
        "pokemon",
        "trading-cards",
        "one",
        (40, 130),
        [("Pokemon TCG Elite Trainer Box", "PKM-ETB-###")],
    ),
]
COLOURS = [
    "Black White",
    "Panda",
    "Triple White",
    "University Blue",
    "Chicago",
    "Sail",
    "Olive",
    "Bred",
    "Grey Fog",
    "Sea Salt",
    "Cream",
    "Burgundy",
    "Light Oatmeal",
    "Navy",
]
SUPPLIERS = [
    ("Nike Store DE", "brand", "standard"),
    ("adidas Confirmed", "brand", "standard"),
    ("Zalando", "retailer", "standard"),
    ("Foot Locker DE", "retailer", "standard"),
    ("Snipes", "retailer", "standard"),
    ("43einhalb", "retailer", "standard"),
    ("Solebox", "retailer", "standard"),
    ("BSTN", "retailer", "standard"),
    ("Afew", "retailer", "standard"),
    ("Overkill", "retailer", "standard"),
    ("size?", "retailer", "standard"),
    ("Private sellers", "private", "margin"),
]
CITIES = [
    ("United States", "New York"),
    ("Germany", "Berlin"),
    ("France", "Paris"),
    ("United Kingdom", "London"),
    ("Japan", "Tokyo"),
    ("Hong Kong SAR", "Hong Kong"),
    ("Netherlands", "Amsterdam"),
    ("Italy", "Milan"),
]
MARKET_SHARE = [("stockx", 70), ("alias", 10), ("goat", 8), ("ebay", 7), ("local", 5)]


@dataclass
class DemoCounts:
    products: int = 0
    pairs: int = 0
    orders: int = 0
    suppliers: int = 0


def _code(rng: random.Random, pattern: str) -> str:
    return "".join(
        str(rng.randrange(10))
        if ch == "#"
        else rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
        if ch == "@"
        else ch
        for ch in pattern
    )


def _sizes(family: str) -> list[tuple[Size, int]]:
    """(size, weight) choices for a size family: mostly men's 7-13, some women's and GS."""

    def pick(kind, region, values):
        return list(Size.objects.filter(kind=kind, region=region, value__in=values))

    if family == "shoe":
        men = pick(
            "men", "US", ["7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "12", "13"]
        )
        women = pick("women", "US", ["6W", "7W", "7.5W", "8.5W"])
        gs = pick("gs", "US", ["4Y", "5.5Y", "6.5Y"])
        return [(s, 8) for s in men] + [(s, 3) for s in women] + [(s, 2) for s in gs]
    if family == "shoe_eu":
        return [(s, 1) for s in pick("men", "EU", ["41", "42", "42.5", "43", "44", "44.5", "45"])]
    if family == "apparel":
        return [
            (s, w)
            for s, w in zip(
                pick("apparel", "INTL", ["S", "M", "L", "XL"]), [2, 4, 4, 2], strict=False
            )
        ]
    return [(s, 1) for s in pick("one_size", "INTL", ["OS"])]


def _aware(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randrange(8, 22), rng.randrange(60))))


@transaction.atomic
def seed_demo(*, products: int = 300, seed: int = 42, today: date | None = None) -> DemoCounts:
    rng = random.Random(seed)
    today = today or timezone.localdate()
    counts = DemoCounts()
    brands = {b.slug: b for b in Brand.objects.all()}
    categories = {c.slug: c for c in Category.objects.all()}
    markets = {m.slug: m for m in Marketplace.objects.all()}
    missing = [s for s in ("stockx", "alias", "goat", "ebay", "local") if s not in markets]
    if missing or "nike" not in brands or "sneakers" not in categories:
        raise LookupError(
            "Reference data is missing (brands, categories, marketplaces): run migrate first."
        )

    suppliers = []
    for name, kind, scheme in SUPPLIERS:
        supplier, _ = Supplier.objects.get_or_create(
            slug=slugify(name) or "size",
            defaults={
                "name": name,
                "supplier_type": kind,
                "default_tax_scheme": scheme,
                "country": "DE",
                "vat_rate": Decimal("0") if scheme == "margin" else Decimal("19"),
            },
        )
        suppliers.append(supplier)
        for n in range(rng.randint(1, 3)):
            SupplierAccount.objects.get_or_create(
                supplier=supplier,
                email=f"buyer{n + 1}.{supplier.slug}@example.com",
                defaults={
                    "first_name": rng.choice(["Lena", "Jonas", "Mia", "Paul"]),
                    "last_name": rng.choice(["Schmidt", "Meyer", "Weber"]),
                    "country_code": "DE",
                    "list_name": rng.choice(["Main", "Raffles", "Backup"]),
                },
            )
    counts.suppliers = len(suppliers)

    size_choices = {family: _sizes(family) for family in ("shoe", "shoe_eu", "apparel", "one")}
    new_products, families = [], {}
    used = set(Product.objects.values_list("sku", flat=True))
    while len(new_products) < products:
        slug, category, family, (low, high), models = rng.choice(LINES)
        line, pattern = rng.choice(models)
        sku = _code(rng, pattern)
        if sku in used:
            continue
        used.add(sku)
        colour = rng.choice(COLOURS)
        name = f"{line} {colour}" if family != "one" else f"{line} {sku}"
        new_products.append(
            Product(
                sku=sku,
                style_code=sku,
                name=name,
                brand=brands.get(slug, brands["nike"]),
                category=categories.get(category, categories["other"]),
                colorway=colour,
                retail_price=Decimal(rng.randrange(low, high + 1, 5)),
                release_date=today - timedelta(days=rng.randint(30, 900)),
            )
        )
        families[sku] = family
    Product.objects.bulk_create(new_products, batch_size=1000)
    counts.products = len(new_products)

    pairs: list[StockItem] = []
    for product in new_products:
        choices = size_choices[families[product.sku]]
        if not choices:
            continue
        for _ in range(rng.choice([1, 1, 2, 2, 2, 3, 4])):
            size = rng.choices([c[0] for c in choices], weights=[c[1] for c in choices])[0]
            supplier = rng.choice(suppliers)
            gross = to_cents(product.retail_price * Decimal(rng.uniform(0.6, 1.1)))
            cost = purchase_cost(gross=gross, tax_scheme=supplier.default_tax_scheme)
            bought = today - timedelta(days=rng.randint(0, 540))
            pairs.append(
                StockItem(
                    product=product,
                    size=size,
                    supplier=supplier,
                    purchase_date=bought,
                    delivery_date=bought + timedelta(days=rng.randint(1, 6)),
                    purchase_price=cost.net,
                    gross_purchase_price=gross,
                    vat_rate=cost.vat_rate,
                    vat_amount=cost.vat,
                    tax_scheme=supplier.default_tax_scheme,
                    purchase_order_number=f"{supplier.slug[:3].upper()}-{rng.randrange(10**6, 10**7)}",
                    location=rng.choice(["Lager A", "Lager B", "Regal 1", "Regal 2"]),
                    status=_status(rng, bought, today),
                )
            )
    StockItem.objects.bulk_create(pairs, batch_size=1000)
    counts.pairs = len(pairs)

    orders, events, listings, numbers = [], [], [], set()
    sold = [
        p
        for p in pairs
        if p.status
        in (StockStatus.SOLD, StockStatus.SHIPPED, StockStatus.COMPLETED, StockStatus.RETURNED)
    ]
    no_cost = set(rng.sample(range(len(sold)), k=min(5, len(sold))))
    for index, pair in enumerate(sold):
        market = markets[
            rng.choices([m for m, _ in MARKET_SHARE], weights=[w for _, w in MARKET_SHARE])[0]
        ]
        # Sold between two days after the purchase and yesterday.
        latest = max(2, min(160, (today - pair.purchase_date).days - 1))
        sold_on = pair.purchase_date + timedelta(days=rng.randint(min(2, latest), latest))
        sold_at = _aware(sold_on, rng)
        gross_sale = Decimal(int(pair.gross_purchase_price * Decimal(rng.uniform(0.9, 1.8))))
        fees = _fees(market.slug, gross_sale, rng)
        net_proceeds = gross_sale - sum(fees)
        number = f"{rng.randrange(10**7, 10**8)}-{rng.randrange(10**7, 10**8)}"
        while number in numbers:
            number = f"{rng.randrange(10**7, 10**8)}-{rng.randrange(10**7, 10**8)}"
        numbers.add(number)
        country, city = rng.choice(CITIES)
        payout = sold_at + timedelta(days=rng.randint(2, 10))
        order = Order(
            marketplace=market,
            external_id=number,
            stockx_order_number=number if market.slug == "stockx" else None,
            inventory_item=pair,
            sold_at=sold_at,
            gross_sale=gross_sale,
            platform_fee=fees[0],
            payment_fee=fees[1],
            shipping_cost=fees[2],
            net_proceeds=net_proceeds,
            payout_date=payout if payout.date() <= today else None,
            payout_received=payout.date() <= today - timedelta(days=14),
            payout_reference=f"P{rng.randrange(10**5, 10**6)}" if payout.date() <= today else "",
            buyer_destination_country=country,
            buyer_destination_city=city,
            status={"sold": "pending", "shipped": "shipped", "returned": "returned"}.get(
                pair.status, "completed"
            ),
        )
        if index in no_cost:
            pair.purchase_price = pair.gross_purchase_price = pair.vat_amount = pair.vat_rate = None
            StockItem.objects.filter(pk=pair.pk).update(
                purchase_price=None, gross_purchase_price=None, vat_amount=None, vat_rate=None
            )
        else:
            _fill_profit(order, pair, market)
        orders.append(order)
        events.append(
            StockEvent(
                stock=pair,
                kind=StockEvent.Kind.SOLD,
                from_status="listed",
                to_status=pair.status,
                reason=f"Sold on {market.name}, order {number}",
                after={"status": pair.status},
            )
        )
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
                    external_id=f"demo-ask-{pair.pk}",
                    status=Listing.Status.ACTIVE,
                    amount=to_cents(pair.gross_purchase_price * Decimal("1.4")),
                    listed_at=_aware(today - timedelta(days=rng.randint(0, 30)), rng),
                )
            )
    Order.objects.bulk_create(orders, batch_size=1000)
    StockEvent.objects.bulk_create(events, batch_size=2000)
    Listing.objects.bulk_create(listings, batch_size=1000)
    counts.orders = len(orders)
    _market_prices(rng, new_products[:50], markets["stockx"], today)
    return counts


def _status(rng: random.Random, bought: date, today: date) -> str:
    age = (today - bought).days
    if age < 7:
        return rng.choice([StockStatus.INCOMING, StockStatus.IN_STOCK])
    roll = rng.random()
    if roll < 0.55:
        return StockStatus.COMPLETED if age > 30 else StockStatus.SHIPPED
    if roll < 0.58:
        return StockStatus.SOLD
    if roll < 0.60:
        return StockStatus.RETURNED
    return StockStatus.LISTED if roll < 0.75 else StockStatus.IN_STOCK


def _fees(slug: str, gross: Decimal, rng: random.Random) -> tuple[Decimal, Decimal, Decimal]:
    """(platform fee, payment fee, shipping): StockX-like 8 % with a €5 minimum and 3 %."""
    if slug in ("stockx", "goat", "alias"):
        platform = max(to_cents(gross * Decimal("0.08")), Decimal("5.00"))
        return (
            platform,
            to_cents(gross * Decimal("0.03")),
            Decimal(rng.choice(["0", "0", "5", "1.25"])),
        )
    if slug == "ebay":
        return to_cents(gross * Decimal("0.11") + Decimal("0.35")), Decimal("0"), Decimal("4.99")
    return Decimal("0"), Decimal("0"), Decimal("0")


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
    order.output_vat, order.gross_profit, order.net_profit = (
        profit.output_vat,
        profit.gross_profit,
        profit.net_profit,
    )
    order.roi, order.shelf_life_days = profit.roi, profit.shelf_life_days


def _market_prices(rng, products, market, today) -> None:
    rows = []
    for product in products:
        base = product.retail_price * Decimal(rng.uniform(0.9, 1.7))
        for weeks in range(0, 12, 2):
            drift = Decimal(rng.uniform(0.92, 1.08))
            ask = to_cents(base * drift)
            rows.append(
                MarketPrice(
                    product=product,
                    marketplace=market,
                    price_date=today - timedelta(weeks=weeks),
                    lowest_ask=ask,
                    highest_bid=to_cents(ask * Decimal("0.85")),
                    sell_faster=to_cents(ask * Decimal("0.97")),
                    earn_more=to_cents(ask * Decimal("1.05")),
                )
            )
    MarketPrice.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
