"""Recognising the brand and category of an item from its name.

Brands come from the `catalog.brand_patterns` table (tried in priority order, first match
wins); categories from word-level rules below, so "Anacapa" is never a cap and "Tee" is
only a T-shirt when it is a word of its own.

Unknown brands (documented rule): when no pattern matches, the brand is the item name's
first word (e.g. "Corteiz Alcatraz Tee" -> "Corteiz"), created with `needs_review=True`
so it shows up for review in the catalog; a reviewer can merge it or add a pattern."""

import re
from dataclasses import dataclass

from django.utils.text import slugify

from .models import Brand, BrandPattern, Category

# (category slug, words) in order: the first rule with a word in the name wins.
CATEGORY_RULES: list[tuple[str, frozenset[str]]] = [
    ("building-sets", frozenset({"lego"})),
    ("trading-cards", frozenset({"pokemon", "pokémon", "tcg", "booster", "etb", "card", "cards"})),
    (
        "figures",
        frozenset({"figure", "figurine", "bearbrick", "be@rbrick", "funko", "labubu", "plush"}),
    ),
    ("books", frozenset({"book", "books", "magazine", "zine", "atlas", "paperback", "hardcover"})),
    (
        "electronics",
        frozenset(
            {
                "playstation",
                "ps5",
                "xbox",
                "nintendo",
                "airpods",
                "iphone",
                "console",
                "controller",
                "headphones",
            }
        ),
    ),
    ("socks", frozenset({"sock", "socks"})),
    (
        "headwear",
        frozenset(
            {"cap", "caps", "hat", "hats", "beanie", "bucket", "snapback", "balaclava", "visor"}
        ),
    ),
    (
        "bags",
        frozenset(
            {"bag", "backpack", "tote", "duffle", "duffel", "pouch", "wallet", "crossbody", "sling"}
        ),
    ),
    (
        "apparel-hoodies",
        frozenset(
            {
                "hoodie",
                "hoody",
                "hooded",
                "sweatshirt",
                "crewneck",
                "pullover",
                "sweater",
                "zip-up",
                "knit",
            }
        ),
    ),
    (
        "apparel-jackets",
        frozenset(
            {
                "jacket",
                "puffer",
                "parka",
                "vest",
                "coat",
                "windbreaker",
                "anorak",
                "fleece",
                "gilet",
            }
        ),
    ),
    (
        "apparel-bottoms",
        frozenset(
            {
                "pants",
                "pant",
                "jeans",
                "shorts",
                "trousers",
                "sweatpants",
                "joggers",
                "trackpants",
                "cargos",
                "leggings",
            }
        ),
    ),
    (
        "apparel-tops",
        frozenset(
            {"tee", "t-shirt", "shirt", "tank", "top", "jersey", "polo", "longsleeve", "l/s", "s/s"}
        ),
    ),
    (
        "home",
        frozenset(
            {
                "mug",
                "blanket",
                "rug",
                "candle",
                "lamp",
                "deck",
                "skateboard",
                "towel",
                "pillow",
                "ashtray",
            }
        ),
    ),
]
_WORD = re.compile(r"[\w@'/-]+", re.UNICODE)
SHOE_KINDS = {"men", "women", "gs", "ps", "td"}


def words(name: str) -> set[str]:
    return {w.strip("'").lower() for w in _WORD.findall(name or "")}


def category_slug_for(name: str, size_kind: str | None = None) -> str:
    """The category for an item name; the size kind breaks ties for names with no
    category word (a shoe size means sneakers, an apparel size means apparel)."""
    found = words(name)
    for slug, vocabulary in CATEGORY_RULES:
        if found & vocabulary:
            return slug
    if size_kind in SHOE_KINDS:
        return "sneakers"
    if size_kind == "apparel":
        return "apparel"
    if size_kind == "one_size":
        return "other"
    return "sneakers"


@dataclass
class _Rule:
    brand_id: int
    regex: re.Pattern


class BrandMatcher:
    """Loads the pattern table once and matches names in memory."""

    def __init__(self) -> None:
        self.rules = [
            _Rule(p.brand_id, self._compile(p))
            for p in BrandPattern.objects.order_by("priority", "id")
        ]
        self.by_slug = {b.slug: b for b in Brand.objects.all()}

    @staticmethod
    def _compile(pattern: BrandPattern) -> re.Pattern:
        if pattern.pattern_type == BrandPattern.Type.REGEX:
            return re.compile(pattern.pattern, re.IGNORECASE)
        return re.compile(rf"(?<!\w){re.escape(pattern.pattern)}(?!\w)", re.IGNORECASE)

    def match(self, name: str) -> int | None:
        for rule in self.rules:
            if rule.regex.search(name or ""):
                return rule.brand_id
        return None

    @staticmethod
    def unknown_brand_name(name: str) -> str:
        first = (name or "").split()[0] if (name or "").split() else "Unknown"
        return first.strip(",.:;()[]")[:100] or "Unknown"

    def brand_for(self, name: str) -> tuple[int | None, str | None]:
        """(brand id, None) for a known brand, or (None, new brand name) when the rule
        for unknown brands applies."""
        brand_id = self.match(name)
        if brand_id is not None:
            return brand_id, None
        return None, self.unknown_brand_name(name)

    def get_or_create_unknown(self, brand_name: str) -> Brand:
        slug = slugify(brand_name) or "unknown"
        brand = self.by_slug.get(slug)
        if brand is None:
            brand, _ = Brand.objects.get_or_create(
                slug=slug, defaults={"name": brand_name, "needs_review": True}
            )
            self.by_slug[slug] = brand
        return brand


def categories_by_slug() -> dict[str, Category]:
    return {c.slug: c for c in Category.objects.all()}
