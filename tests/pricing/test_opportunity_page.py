"""The opportunities page, its filters and links, the command and the task."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog.models import Brand
from pricing.models import MarketPrice, OfferCheck, SourcePrice
from pricing.opportunity_tasks import check_offers as check_offers_task
from sales.models import Marketplace
from tests.factories import make_brand, make_product, make_size

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def offer(*, price="119.00", delivery="4.00", retailer="Snipes", brand=None, days_old=0, **market):
    product = make_product(brand=brand or make_brand())
    size = make_size()
    found = SourcePrice.objects.create(
        product=product, size=size, source="awin", supplier_name=retailer,
        external_id=f"X{SourcePrice.objects.count() + 1}", buy_price=D(price),
        delivery_cost=D(delivery), product_url="https://shop.example/p/1", match="ean",
        stock_qty=3,
    )  # fmt: skip
    MarketPrice.objects.create(
        product=product, size=size, marketplace=Marketplace.objects.get(slug="stockx"),
        price_date=TODAY - timedelta(days=days_old), currency="EUR",
        highest_bid=D(market.get("bid", "160")), sell_faster=D(market.get("faster", "175")),
        lowest_ask=D("180"),
    )  # fmt: skip
    return found


@pytest.fixture
def offers():
    first = offer()
    cheaper = offer(price="99.00", retailer="Zalando", days_old=10)
    check_offers_task.apply()  # the task, as Celery runs it
    return first, cheaper


def test_the_page_lists_opportunities_to_the_cent(client, viewer, offers):
    first, cheaper = offers
    client.force_login(viewer)
    text = client.get(reverse("pricing:opportunities")).content.decode()
    assert "Gelegenheiten" in text
    assert text.index(cheaper.product.name) < text.index(first.product.name)  # by profit
    # 119,00 € + 4,00 € delivery → 103,36 € cost basis; bid 160 → +37,44 €; list 175 → 50,64 €.
    assert "103,36 €" in text and "+37,44 €" in text and "50,64 €" in text
    assert "49,0 %" in text and "Marge 28,9 %" in text  # ROI and margin, both named
    assert "Gebot 160,00 € → 140,80 €" in text
    assert "(10 Tage alt)" in text and "veraltet" in text  # the cheaper offer's market
    assert 'href="https://shop.example/p/1"' in text
    assert "Einkauf speichern" not in text  # viewers cannot record purchases


def test_record_purchase_is_prefilled(client, staff, offers):
    first, _cheaper = offers
    client.force_login(staff)
    text = client.get(reverse("pricing:opportunities")).content.decode()
    link = (
        f"/purchases/add/?code={first.product.sku}&amp;size={first.size_id}"
        "&amp;price=123.00&amp;supplier=Snipes"
    )
    assert link in text


@pytest.mark.parametrize(
    "params, shown",
    [
        ({"min_profit": "60"}, "cheaper"),  # 99 + 4 → 86,55 €: 67,45 € listed
        ({"min_roi": "60"}, "cheaper"),  # 77,9 % against 49,0 %
        ({"retailer": "Snipes"}, "first"),
        ({"max_age": "7"}, "first"),
        ({"min_profit": "1000"}, None),
    ],
)
def test_filters(client, viewer, offers, params, shown):
    first, cheaper = offers
    client.force_login(viewer)
    text = client.get(reverse("pricing:opportunities"), params).content.decode()
    names = {"first": first.product.name, "cheaper": cheaper.product.name}
    for key, name in names.items():
        assert (name in text) == (key == shown), (params, key)


def test_the_brand_and_size_filters(client, viewer):
    jordan = offer(brand=Brand.objects.get(name="Jordan"))
    other = offer()
    check_offers_task.apply()
    client.force_login(viewer)
    url = reverse("pricing:opportunities")
    text = client.get(url, {"brand": jordan.product.brand_id}).content.decode()
    assert jordan.product.name in text and other.product.name not in text
    text = client.get(url, {"size": other.size_id}).content.decode()
    assert other.product.name in text and jordan.product.name not in text


def test_a_bad_filter_answers_422(client, viewer, offers):
    client.force_login(viewer)
    page = client.get(reverse("pricing:opportunities"), {"min_roi": "abc"})
    assert page.status_code == 422


def test_htmx_answers_the_results(client, viewer, offers):
    client.force_login(viewer)
    page = client.get(reverse("pricing:opportunities"), HTTP_HX_REQUEST="true")
    text = page.content.decode()
    assert 'id="results"' in text and "<html" not in text


def test_the_page_in_english(client, viewer, offers):
    viewer.language = "en"
    viewer.save()
    client.force_login(viewer)
    text = client.get(reverse("pricing:opportunities")).content.decode()
    assert "Opportunities" in text and "€103.36" in text and "margin 28.9%" in text


def test_the_command_prints_the_same_list(offers, capsys):
    first, cheaper = offers
    call_command("opportunities", "--min-profit", "60")
    out = capsys.readouterr().out
    assert cheaper.product.name in out and first.product.name not in out
    assert "Gewinn 67,45 €" in out and "1 Gelegenheit." in out
    call_command("opportunities", "--min-roi", "10", "--csv")
    out = capsys.readouterr().out
    header, *lines = out.lstrip("\ufeff").splitlines()
    assert header.startswith("Produkt;Style-Code;Größe;Händler;Kaufpreis")
    assert len(lines) == 2 and ";103,36;" in lines[1] and ";50,64;0,4899;0,2894;" in lines[1]


def test_the_task_checks_the_offers_it_is_given():
    first, second = offer(), offer()
    assert check_offers_task.apply(args=[[first.pk]]).get() == 1
    assert list(OfferCheck.objects.values_list("offer_id", flat=True)) == [first.pk]
    assert second.pk not in OfferCheck.objects.values_list("offer_id", flat=True)
