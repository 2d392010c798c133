"""Seed the catalog's reference data: the category tree, brands with the ordered patterns
that recognise them in item names, and the unified size table. Idempotent and reversible."""

from django.db import migrations

# (slug, name, parent slug)
CATEGORIES = [
    ("sneakers", "Sneakers", None),
    ("apparel", "Apparel", None),
    ("apparel-tops", "T-Shirts & Tops", "apparel"),
    ("apparel-hoodies", "Hoodies & Sweatshirts", "apparel"),
    ("apparel-jackets", "Jackets & Outerwear", "apparel"),
    ("apparel-bottoms", "Pants & Shorts", "apparel"),
    ("accessories", "Accessories", None),
    ("bags", "Bags", "accessories"),
    ("headwear", "Caps & Hats", "accessories"),
    ("socks", "Socks", "accessories"),
    ("collectibles", "Collectibles", None),
    ("trading-cards", "Trading Cards", "collectibles"),
    ("figures", "Figures & Art Toys", "collectibles"),
    ("toys", "Toys", None),
    ("building-sets", "Building Sets (LEGO)", "toys"),
    ("books", "Books", None),
    ("electronics", "Electronics", None),
    ("home", "Home & Decor", None),
    ("other", "Other", None),
]

# (slug, name, [(pattern, type, priority), ...]). Lower priority is tried first:
#   10-50  lines that belong to another brand's name ("Air Jordan" before "Nike"), and
#          houses that sell collaborations under their own name (Louis Vuitton, Dior);
#   100    manufacturers ("Nike Dunk Low Off-White" is a Nike);
#   110    labels that mostly appear as collaborators (Supreme, Off-White, Stüssy, ...);
#   150    model-number patterns (New Balance 550, 2002R, 9060);
#   200    brand names that are also ordinary words (Apple, Palace, Stanley).
K, R = "keyword", "regex"
BRANDS = [
    ("jordan", "Jordan", [("Air Jordan", K, 10), (r"^Jordan\b", R, 11), ("Jordan", K, 12)]),
    ("converse", "Converse", [("Converse", K, 20), ("Chuck Taylor", K, 21), ("Chuck 70", K, 21)]),
    (
        "nike",
        "Nike",
        [
            ("Nike", K, 100),
            ("Air Force 1", K, 101),
            ("Air Max", K, 102),
            (r"\bDunk (?:Low|High|Mid)\b", R, 103),
            ("ACG", K, 104),
        ],
    ),
    (
        "adidas",
        "adidas",
        [
            ("adidas", K, 100),
            ("Yeezy", K, 101),
            ("Samba", K, 102),
            ("Gazelle", K, 103),
            ("Campus 00s", K, 104),
        ],
    ),
    (
        "new-balance",
        "New Balance",
        [
            ("New Balance", K, 100),
            (
                r"\b(?:M|U|W|MR|ML|BB|GC|PC|IV)?(?:990|991|992|993|2002R|550|530|9060|1906R|327|574|1000)"
                r"(?:v\d)?[A-Z0-9]{0,5}\b",
                R,
                150,
            ),
        ],
    ),
    (
        "asics",
        "ASICS",
        [
            ("ASICS", K, 100),
            ("Gel-Kayano", K, 101),
            ("Gel-Lyte", K, 102),
            ("Gel-1130", K, 103),
            ("GT-2160", K, 104),
        ],
    ),
    ("onitsuka-tiger", "Onitsuka Tiger", [("Onitsuka Tiger", K, 50), ("Mexico 66", K, 51)]),
    ("puma", "Puma", [("Puma", K, 100)]),
    ("reebok", "Reebok", [("Reebok", K, 100)]),
    ("vans", "Vans", [("Vans", K, 100)]),
    ("salomon", "Salomon", [("Salomon", K, 100), ("XT-6", K, 101), ("ACS Pro", K, 102)]),
    ("on", "On", [(r"^On\s+(?:Running|Cloud\w*)\b", R, 100), ("On Running", K, 101)]),
    ("hoka", "Hoka", [("Hoka", K, 100), ("Hoka One One", K, 99)]),
    ("mizuno", "Mizuno", [("Mizuno", K, 100)]),
    ("saucony", "Saucony", [("Saucony", K, 100)]),
    ("diadora", "Diadora", [("Diadora", K, 100)]),
    ("crocs", "Crocs", [("Crocs", K, 100)]),
    ("ugg", "UGG", [("UGG", K, 100)]),
    ("birkenstock", "Birkenstock", [("Birkenstock", K, 100)]),
    ("timberland", "Timberland", [("Timberland", K, 100)]),
    ("dr-martens", "Dr. Martens", [("Dr. Martens", K, 100), ("Dr Martens", K, 101)]),
    ("lego", "LEGO", [("LEGO", K, 100)]),
    ("pokemon", "Pokémon", [("Pokémon", K, 100), ("Pokemon", K, 101)]),
    ("kaws", "KAWS", [("KAWS", K, 100)]),
    ("bearbrick", "Be@rbrick", [("Be@rbrick", K, 100), ("Bearbrick", K, 101)]),
    ("pop-mart", "Pop Mart", [("Pop Mart", K, 100), ("Labubu", K, 101)]),
    ("funko", "Funko", [("Funko", K, 100)]),
    ("supreme", "Supreme", [("Supreme", K, 110)]),
    ("palace", "Palace", [("Palace", K, 200)]),
    ("stussy", "Stüssy", [("Stüssy", K, 110), ("Stussy", K, 111)]),
    (
        "fear-of-god",
        "Fear of God",
        [("Fear of God Essentials", K, 110), ("Fear of God", K, 111), (r"^Essentials\b", R, 112)],
    ),
    ("off-white", "Off-White", [("Off-White", K, 110)]),
    ("bape", "BAPE", [("BAPE", K, 110), ("A Bathing Ape", K, 111)]),
    ("kith", "Kith", [("Kith", K, 110)]),
    ("carhartt-wip", "Carhartt WIP", [("Carhartt", K, 100)]),
    ("the-north-face", "The North Face", [("The North Face", K, 100), ("TNF", K, 101)]),
    ("arcteryx", "Arc'teryx", [("Arc'teryx", K, 100), ("Arcteryx", K, 101)]),
    ("moncler", "Moncler", [("Moncler", K, 100)]),
    ("stone-island", "Stone Island", [("Stone Island", K, 100)]),
    ("corteiz", "Corteiz", [("Corteiz", K, 100), ("CRTZ", K, 101)]),
    ("trapstar", "Trapstar", [("Trapstar", K, 110)]),
    ("denim-tears", "Denim Tears", [("Denim Tears", K, 110)]),
    ("sp5der", "Sp5der", [("Sp5der", K, 100), ("Spider Worldwide", K, 101)]),
    ("broken-planet", "Broken Planet", [("Broken Planet", K, 100)]),
    ("hellstar", "Hellstar", [("Hellstar", K, 100)]),
    ("chrome-hearts", "Chrome Hearts", [("Chrome Hearts", K, 100)]),
    ("louis-vuitton", "Louis Vuitton", [("Louis Vuitton", K, 20)]),
    ("gucci", "Gucci", [("Gucci", K, 100)]),
    ("balenciaga", "Balenciaga", [("Balenciaga", K, 100)]),
    ("prada", "Prada", [("Prada", K, 100)]),
    ("dior", "Dior", [("Dior", K, 20)]),
    ("rick-owens", "Rick Owens", [("Rick Owens", K, 100), ("DRKSHDW", K, 101)]),
    ("maison-margiela", "Maison Margiela", [("Maison Margiela", K, 100), ("Margiela", K, 101)]),
    ("levis", "Levi's", [("Levi's", K, 100), ("Levis", K, 101)]),
    ("ralph-lauren", "Ralph Lauren", [("Ralph Lauren", K, 100), ("Polo Ralph Lauren", K, 99)]),
    ("apple", "Apple", [("AirPods", K, 100), ("iPhone", K, 101), (r"^Apple\b", R, 200)]),
    ("sony", "Sony", [("PlayStation", K, 100), ("Sony", K, 200)]),
    ("nintendo", "Nintendo", [("Nintendo", K, 100)]),
    ("stanley", "Stanley", [(r"^Stanley\b", R, 200)]),
]


def seed(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    Brand = apps.get_model("catalog", "Brand")
    BrandPattern = apps.get_model("catalog", "BrandPattern")
    Size = apps.get_model("catalog", "Size")
    from catalog.size_chart import rows

    by_slug = {}
    for slug, name, parent in CATEGORIES:
        path = f"{by_slug[parent].path}/{slug}" if parent else slug
        by_slug[slug], _ = Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "parent": by_slug.get(parent), "path": path}
        )
    for slug, name, patterns in BRANDS:
        brand, _ = Brand.objects.update_or_create(slug=slug, defaults={"name": name})
        for pattern, kind, priority in patterns:
            BrandPattern.objects.update_or_create(
                pattern_type=kind, pattern=pattern, defaults={"brand": brand, "priority": priority}
            )
    for row in rows():
        key = {k: row.pop(k) for k in ("kind", "region", "value")}
        Size.objects.update_or_create(**key, defaults=row)


def unseed(apps, schema_editor):
    """Remove the seeded rows (raw deletes: the collector cannot follow relations to
    other apps' historical models while unapplying)."""
    from catalog.size_chart import rows

    db = schema_editor.connection.alias
    Size = apps.get_model("catalog", "Size")
    for row in rows():
        Size.objects.filter(kind=row["kind"], region=row["region"], value=row["value"])._raw_delete(
            db
        )
    slugs = [b[0] for b in BRANDS]
    apps.get_model("catalog", "BrandPattern").objects.filter(brand__slug__in=slugs)._raw_delete(db)
    apps.get_model("catalog", "Brand").objects.filter(slug__in=slugs)._raw_delete(db)
    Category = apps.get_model("catalog", "Category")
    for slug, _, _ in reversed(CATEGORIES):
        Category.objects.filter(slug=slug)._raw_delete(db)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
