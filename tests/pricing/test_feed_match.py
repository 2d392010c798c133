"""Matching feed offers to the catalog: EAN (variant GTIN, purchase EAN, product EAN),
style code in its spellings plus the EU size (halves, adidas' thirds), unmatched kept."""

from fractions import Fraction

import pytest

from catalog.models import Brand, Category, ProductVariant, Size
from pricing.feed_files import dash_style, style_candidates
from pricing.feed_match import adidas_us, parse_eu
from pricing.feed_models import SourcePrice
from tests.factories import make_product, make_stock

from .feed_helpers import SAMPLE, awin_row, import_feed, write_feed

pytestmark = pytest.mark.django_db


def us(value: str, kind: str = "men") -> Size:
    return Size.objects.get(kind=kind, region="US", value=value)


def sneaker(style: str, name: str, brand: str = "Nike", **kw):
    return make_product(
        sku=style,
        style_code=style,
        name=name,
        brand=Brand.objects.get(name=brand),
        category=Category.objects.get(slug="sneakers"),
        **kw,
    )


@pytest.mark.parametrize(
    "text, code",
    [
        ("1203A544.101", "1203A544-101"),
        ("1203A544 101", "1203A544-101"),
        ("1203a544-101", "1203A544-101"),
        ("DD1391-100", "DD1391-100"),
        ("BB550WT1", "BB550WT1"),
        ("Ein Klassiker, neu aufgelegt.", ""),
        ("000514002", "000514002"),
    ],
)
def test_style_codes_are_written_with_a_dash(text, code):
    assert dash_style(text) == code


def test_the_style_code_after_the_last_bar_of_the_description():
    assert style_candidates("", "Schön | leicht | 1203A544.101") == ["1203A544-101"]
    assert style_candidates("DZ2628.102", "Text | DZ2628-102") == ["DZ2628-102"]
    assert style_candidates("", "Ohne Code") == []
    # Awin's model_number often holds the shop's article number: a real code goes first.
    assert style_candidates("000514002", "Text | DD1391-100") == ["DD1391-100", "000514002"]


@pytest.mark.parametrize(
    "label, value",
    [("42", Fraction(42)), ("42.5", Fraction(85, 2)), ("42,5", Fraction(85, 2)),
     ("42 2/3", Fraction(128, 3)), ("EU 40 1/3", Fraction(121, 3)), ("9", None), ("M", None)],
)  # fmt: skip
def test_eu_sizes_with_halves_and_thirds(label, value):
    assert parse_eu(label) == value


def test_adidas_chart_in_thirds():
    assert adidas_us(Fraction(128, 3)) == 9  # EU 42 2/3
    assert adidas_us(Fraction(122, 3)) == Fraction(15, 2)  # EU 40 2/3 = US 7.5
    assert adidas_us(Fraction(40)) == 7
    assert adidas_us(Fraction(85, 2)) is None  # 42.5 is no adidas size


def test_the_sample_matches_by_ean_and_by_style_code_in_every_spelling():
    dunk = sneaker("DD1391-100", "Nike Dunk Low Retro White Black")
    air_max = sneaker("DZ2628-102", "Nike Air Max 1 (W)")
    sneaker("B75807", "adidas Samba OG Black", brand="adidas")
    gel = sneaker("1201A256-020", "ASICS Gel-1130 Silver", brand="ASICS")
    aj4 = sneaker("408452-103", "Air Jordan 4 Retro (GS) White", brand="Jordan")
    nb = sneaker("BB550WT1", "New Balance 550 White Green", brand="New Balance")
    # EANs: a StockX variant's GTIN (size-level), a pair we bought, a product's own EAN.
    ProductVariant.objects.create(
        product=nb, size=us("4"), gtins=[{"identifier": "1925049888183", "type": "EAN-13"}]
    )
    make_stock(product=gel, size=us("8.5"), ean="1981307474390")
    dunk_by_ean = sneaker("CW1590-100", "Nike Dunk Low (GS)", ean="1977470229363")

    batch = import_feed(SAMPLE)
    offers = {o.external_id: o for o in SourcePrice.objects.select_related("size")}

    # By EAN: the variant's GTIN gives product and size.
    by_gtin = offers["41000000119"]
    assert (by_gtin.match, by_gtin.product, by_gtin.size) == ("ean", nb, us("4"))
    assert "GTIN" in by_gtin.match_detail
    # The EAN on a purchased pair, though the row has no style code.
    by_pair = offers["41000000165"]
    assert (by_pair.match, by_pair.product, by_pair.size) == ("ean", gel, us("8.5"))
    # A product-level EAN: the product, the size from the feed's EU 42 (GS chart).
    by_product = offers["41000000015"]
    assert (by_product.match, by_product.product) == ("ean", dunk_by_ean)

    # Style code after the "|" with a dash, EU sizes through the size table (Nike).
    dunk_40 = offers["41000000006"]
    assert (dunk_40.match, dunk_40.product, dunk_40.size) == ("style_size", dunk, us("7"))
    assert dunk_40.match_detail == "Style-Code DD1391-100 und EU 40 = US 7 (Größentabelle)"
    assert offers["41000000024"].size == us("9")  # EU 42.5, a half
    # model_number with a dot, women's chart from the name's "(W)".
    air_max_38 = offers["41000000058"]
    assert (air_max_38.match, air_max_38.product) == ("style_size", air_max)
    assert air_max_38.size == us("7W", "women")
    # A space in the description's code; a GS product.
    assert (offers["41000000186"].product, offers["41000000186"].size) == (aj4, us("4Y", "gs"))
    # adidas in thirds.
    assert offers["41000000088"].size == us("7.5")  # 40 2/3
    assert offers["41000000092"].size == us("8")  # 41 1/3
    assert offers["41000000109"].size == us("9")  # 42 2/3
    assert offers["41000000109"].match_detail.endswith("(adidas-Größentabelle)")
    # A dotted ASICS code in the description, EU 41.5 with no US size of Nike's chart.
    gel_415 = offers["41000000163"]
    assert (gel_415.match, gel_415.product, gel_415.size) == ("style", gel, None)
    # Unmatched rows are kept and counted.
    unmatched = SourcePrice.objects.unmatched()
    assert unmatched.count() == batch.summary["matched"]["none"]
    # Rows with neither a known EAN nor a style code.
    assert set(unmatched.values_list("external_id", flat=True)) == {
        "41000000041",
        "41000000101",
        "41000000146",
        "41000000154",
        "41000000194",
    }


def test_stockx_eu_sizes_of_a_variant_win_over_the_size_table(tmp_path):
    gel = sneaker("1201A256-020", "ASICS Gel-1130 Silver", brand="ASICS")
    ProductVariant.objects.create(
        product=gel,
        size=us("8"),
        size_chart={"availableConversions": [{"size": "EU 41.5", "type": "eu"}]},
    )
    feed = write_feed(
        tmp_path / "asics.csv",
        [awin_row(aw_product_id="1", model_number="1201A256 020", **{"Fashion:size": "41.5"})],
    )
    import_feed(feed)
    offer = SourcePrice.objects.get()
    assert (offer.match, offer.size) == ("style_size", us("8"))
    assert "StockX" in offer.match_detail


def test_the_style_code_that_matched_is_kept(tmp_path):
    sneaker("DD1391-100", "Nike Dunk Low Retro White Black")
    feed = write_feed(
        tmp_path / "f.csv",
        [awin_row(model_number="1234567", description="Klassiker | dd1391 100")],
    )
    import_feed(feed)
    offer = SourcePrice.objects.get()
    assert (offer.match, offer.style_code, offer.size) == ("style_size", "DD1391-100", us("8.5"))


def test_the_english_reason(tmp_path, settings):
    from django.utils import translation

    sneaker("DD1391-100", "Nike Dunk Low Retro White Black")
    feed = write_feed(tmp_path / "f.csv", [awin_row(model_number="DD1391.100")])
    with translation.override("en"):
        import_feed(feed)
    assert (
        SourcePrice.objects.get().match_detail
        == "style code DD1391-100 and EU 42 = US 8.5 (size table)"
    )
