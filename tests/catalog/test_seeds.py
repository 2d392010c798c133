import importlib
from decimal import Decimal as D

import pytest
from django.apps import apps

from catalog.classify import BrandMatcher
from catalog.models import Brand, BrandPattern, Category, Size

pytestmark = pytest.mark.django_db
seed_module = importlib.import_module("catalog.migrations.0002_seed_reference_data")


def test_category_tree():
    tops = set(Category.objects.filter(parent=None).values_list("slug", flat=True))
    assert tops == {
        "sneakers",
        "apparel",
        "accessories",
        "collectibles",
        "toys",
        "books",
        "electronics",
        "home",
        "other",
    }
    hoodies = Category.objects.get(slug="apparel-hoodies")
    assert hoodies.parent.slug == "apparel" and hoodies.path == "apparel/apparel-hoodies"
    assert Category.objects.get(slug="building-sets").parent.slug == "toys"


def test_brands_and_pattern_order():
    assert Brand.objects.count() >= 40
    jordan = BrandPattern.objects.filter(brand__slug="jordan").order_by("priority").first()
    nike = BrandPattern.objects.filter(brand__slug="nike").order_by("priority").first()
    assert jordan.priority < nike.priority


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Nike Air Jordan 1 Retro High OG Chicago", "jordan"),
        ("Jordan 4 Retro Military Black", "jordan"),
        ("Nike Dunk Low Retro White Black Panda", "nike"),
        ("Nike Dunk Low Off-White Lot 1", "nike"),
        ("Nike Air Force 1 Low Supreme Box Logo White", "nike"),
        ("Supreme Box Logo Hoodie Black", "supreme"),
        ("adidas Yeezy Boost 350 V2 Onyx", "adidas"),
        ("New Balance 550 White Green", "new-balance"),
        ("BB550WT1", "new-balance"),
        ("U9060AAA", "new-balance"),
        ("ASICS Gel-Kayano 14 Cream Black", "asics"),
        ("On Cloudmonster Black", "on"),
        ("Crocs Classic Clog Lightning McQueen", "crocs"),
        ("UGG Tasman Slipper Chestnut", "ugg"),
        ("LEGO Icons Titanic Set 10294", "lego"),
        ("Fear of God Essentials Hoodie Light Oatmeal", "fear-of-god"),
        ("Louis Vuitton Nike Air Force 1 Low", "louis-vuitton"),
        ("Hoka One One Clifton 9 Black White", "hoka"),
        ("Converse Chuck Taylor All Star 70 Hi Comme des Garcons", "converse"),
    ],
)
def test_brand_patterns_recognise_names(name, slug):
    matcher = BrandMatcher()
    assert Brand.objects.get(pk=matcher.match(name)).slug == slug


def test_word_on_does_not_make_on_running():
    assert (
        BrandMatcher().match("Travis Scott Cactus Jack Stuck On You Tee")
        != Brand.objects.get(slug="on").pk
    )


@pytest.mark.parametrize(
    "kind, region, value, us, eu, uk, cm",
    [
        ("men", "US", "10", "10", "44", "9.5", "28"),
        ("men", "US", "7", "7", "40", "6.5", "25"),
        ("women", "US", "8W", "8", "39", "5.5", "25"),
        ("gs", "US", "5.5Y", "5.5", "38", "5", "23.5"),
        ("td", "US", "7C", "7", "23.5", "6.5", None),
        ("ps", "US", "11C", "11", "28", "10.5", None),
        ("men", "EU", "42", "8.5", "42", "8", "26.5"),
        ("men", "UK", "9", "9.5", "43", "9", "27.5"),
    ],
)
def test_size_conversions(kind, region, value, us, eu, uk, cm):
    size = Size.objects.get(kind=kind, region=region, value=value)
    assert (size.us_value, size.eu_value, size.uk_value) == (D(us), D(eu), D(uk))
    if cm:
        assert size.cm_value == D(cm)


def test_every_kind_and_apparel_order():
    kinds = set(Size.objects.values_list("kind", flat=True))
    assert {"men", "women", "gs", "ps", "td", "apparel", "one_size"} <= kinds
    order = dict(Size.objects.filter(kind="apparel").values_list("value", "sort_order"))
    assert order["XS"] < order["S"] < order["M"] < order["L"] < order["XL"]
    assert Size.objects.filter(kind="one_size", value="OS").exists()


def test_seeding_twice_changes_nothing():
    before = (
        Category.objects.count(),
        Brand.objects.count(),
        BrandPattern.objects.count(),
        Size.objects.count(),
    )
    seed_module.seed(apps, None)
    assert before == (
        Category.objects.count(),
        Brand.objects.count(),
        BrandPattern.objects.count(),
        Size.objects.count(),
    )
