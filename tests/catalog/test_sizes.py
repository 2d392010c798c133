import pytest

from catalog.sizes import SizeKey, parse_size


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
