import pytest
from django.utils import translation

from catalog.models import Category, Size
from catalog.sizes import GridSize, SizeKey, parse_size, product_size_kind, size_grid
from tests.factories import make_product


@pytest.mark.parametrize(
    "token, item, expected",
    [
        ("10.5", "Nike Dunk Low", ("men", "US", "10.5")),
        ("10", "Nike Dunk Low", ("men", "US", "10")),
        ("6.5W", "Nike Dunk Low (W)", ("women", "US", "6.5W")),
        ("8", "Nike Dunk Low Next Nature Pale Coral (W)", ("women", "US", "8W")),
        ("8", "Nike Air Max 1 (Women's)", ("women", "US", "8W")),
        ("5.5Y", "Jordan 1 Low Wolf Grey (GS)", ("gs", "US", "5.5Y")),
        ("5.5", "Jordan 1 Low Wolf Grey (GS)", ("gs", "US", "5.5Y")),
        ("2Y", "Jordan 1 Low (PS)", ("ps", "US", "2Y")),
        ("7C", "Nike Dunk Low Panda (TD)", ("td", "US", "7C")),
        ("11C", "Nike Dunk Low Panda (PS)", ("ps", "US", "11C")),
        ("10C", "Nike Dunk Low Panda (TD)", ("td", "US", "10C")),
        ("12C", "Nike Dunk Low Panda", ("ps", "US", "12C")),
        ("42", "Salomon XT-6", ("men", "EU", "42")),
        ("EU 42.5", "Salomon XT-6", ("men", "EU", "42.5")),
        ("US 9", "Salomon XT-6", ("men", "US", "9")),
        ("M", "Essentials Hoodie", ("apparel", "INTL", "M")),
        ("xl", "Essentials Hoodie", ("apparel", "INTL", "XL")),
        ("2XL", "Essentials Hoodie", ("apparel", "INTL", "XXL")),
        ("L/XL", "Essentials Hoodie", ("apparel", "INTL", "L/XL")),
        ("S / M", "Essentials Hoodie", ("apparel", "INTL", "S/M")),
        ("34W/32L", "Levi's 501", ("apparel", "INTL", "34W/32L")),
        ("12W / 10.5M", "Crocs Classic Clog", ("men", "US", "10.5")),
        ("N/A", "LEGO Icons Titanic", ("one_size", "INTL", "OS")),
        ("", "KAWS Holiday Figure", ("one_size", "INTL", "OS")),
        ("S / Men's 9-10", "Nike Socks", ("other", "INTL", "S / Men's 9-10")),
        ("3J", "Something", ("other", "INTL", "3J")),
        ("36/38", "Socks", ("other", "INTL", "36/38")),
    ],
)
def test_parse_size(token, item, expected):
    assert parse_size(token, item) == SizeKey(*expected)


def test_display():
    assert parse_size("6.5W").display == "US 6.5W"
    assert parse_size("42").display == "EU 42"
    assert parse_size("N/A").display == "One size"
    assert parse_size("L/XL").display == "L/XL"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, value, label",
    [
        ("men", "9", "US 9 · EU 42.5"),
        ("men", "10", "US 10 · EU 44"),
        ("women", "8W", "US 8W · EU 39"),
        ("gs", "5.5Y", "US 5.5Y · EU 38"),
        ("ps", "11C", "US 11C · EU 28"),
        ("td", "7C", "US 7C · EU 23.5"),
    ],
)
def test_grid_labels_show_eu_beside_us_with_the_charts_decimal_point(kind, value, label):
    # Sizes are data: "42.5" in German too, never "42,5".
    with translation.override("de"):
        assert GridSize(Size.objects.get(kind=kind, region="US", value=value)).label == label


@pytest.mark.django_db
def test_grid_labels_of_apparel_and_one_size():
    assert GridSize(Size.objects.get(kind="apparel", value="L/XL")).label == "L/XL"
    one_size = Size.objects.get(kind="one_size")
    with translation.override("de"):
        assert GridSize(one_size).label == "Einheitsgröße"
    with translation.override("en"):
        assert GridSize(one_size).label == "One size"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "category, name, known, kind",
    [
        ("sneakers", "Nike Dunk Low Panda", None, "men"),
        ("sneakers", "Nike Dunk Low (W)", None, "women"),
        ("sneakers", "Air Jordan 4 Retro (GS)", {"men": 3}, "gs"),  # the name's marker wins
        ("sneakers", "Nike Dunk Low (PS)", None, "ps"),
        ("sneakers", "Nike Dunk Low (TD)", None, "td"),
        ("sneakers", "Nike Air Force 1", {"td": 2, "men": 1}, "td"),  # its pairs' family
        ("sneakers", "Nike Air Force 1", {"apparel": 5}, "men"),
        ("apparel-hoodies", "Essentials Hoodie", None, "apparel"),
        ("building-sets", "LEGO Icons Titanic", None, "one_size"),
    ],
)
def test_product_size_kind(category, name, known, kind):
    product = make_product(category=Category.objects.get(slug=category), name=name)
    assert product_size_kind(product, known) == kind


@pytest.mark.django_db
def test_size_grid_puts_the_family_first_and_the_rest_in_groups():
    grid = size_grid(None)  # a product still to be created: men's first
    assert grid.kind == "men" and grid.fitting[0].label == "US 3.5 · EU 35.5"
    assert [g.size.kind for g in grid.fitting] == ["men"] * 27
    assert [label for label, _sizes in grid.more] == [
        "Damengrößen",
        "Kinder: Grade School (GS)",
        "Kinder: Pre-School (PS)",
        "Kleinkinder (TD)",
        "Bekleidungsgrößen",
        "Einheitsgröße",
    ]
    # Offered in US only: EU and UK rows convert, they are not bought in.
    assert {g.size.region for g in grid.fitting} == {"US"}
    assert len(grid.sizes) == len({s.pk for s in grid.sizes})
