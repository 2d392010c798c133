"""Sales recorded by hand on any marketplace: quoted fees, entered fees over the quote,
payout, profit, the pairs through the workflow; all or nothing; edit and cancel."""

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest

from inventory.models import StockEvent, StockItem
from sales.models import Marketplace, Order
from sales.selling import SaleError, SaleLine, cancel_sale, change_sale, record_sale
from tests.factories import make_stock

pytestmark = pytest.mark.django_db

JULY = datetime(2024, 7, 15, 12, 0, tzinfo=UTC)


def market(slug):
    return Marketplace.objects.get(slug=slug)


def test_a_stockx_sale_with_quoted_fees(staff):
    pair = make_stock(status="in_stock")  # cost 100.00 net, 119.00 gross, standard scheme
    (order,) = record_sale(
        marketplace=market("stockx"),
        lines=[SaleLine(pair.pk, D("150"))],
        sold_at=JULY,
        order_number="12345678-87654321",
        user=staff,
    )
    assert order.external_id == "12345678-87654321"
    assert (order.platform_fee, order.payment_fee, order.shipping_cost) == (
        D("13.50"),
        D("4.50"),
        D("0.00"),
    )
    assert order.net_proceeds == D("132.00")
    assert order.output_vat == D("0.00") and order.net_profit == D("32.00")
    assert order.platform_specific_data["fees"] == dict.fromkeys(
        ("platform_fee", "payment_fee", "shipping_cost"), "quoted"
    )
    pair.refresh_from_db()
    assert pair.status == "sold"
    event = StockEvent.objects.filter(stock=pair).latest("pk")
    assert event.to_status == "sold" and event.user == staff and "12345678-87654321" in event.reason


def test_what_the_marketplace_really_charged_wins_over_the_quote(staff):
    pair = make_stock(status="listed")
    (order,) = record_sale(
        marketplace=market("stockx"),
        lines=[
            SaleLine(
                pair.pk, D("150"), fees={"platform_fee": D("11.00"), "shipping_cost": D("4.50")}
            )
        ],
        sold_at=JULY,
        order_number="A-1",
        user=staff,
    )
    assert (order.platform_fee, order.payment_fee, order.shipping_cost) == (
        D("11.00"),
        D("4.50"),
        D("4.50"),
    )
    assert order.net_proceeds == D("130.00")
    assert order.platform_specific_data["fees"]["platform_fee"] == "entered"
    assert order.platform_specific_data["fees"]["payment_fee"] == "quoted"


def test_an_in_person_sale_without_an_order_number_with_domestic_vat(staff):
    pair = make_stock(status="in_stock")
    (order,) = record_sale(
        marketplace=market("local"), lines=[SaleLine(pair.pk, D("238"))], sold_at=JULY, user=staff
    )
    assert order.external_id == f"SF-{pair.pk}"
    assert order.fees_total == D("0.00") and order.net_proceeds == D("238.00")
    assert order.output_vat == D("38.00")  # 19/119 of 238.00
    assert order.net_profit == D("100.00")  # 238 - 38 - 100


def test_several_pairs_sold_together(staff):
    pairs = [make_stock(status="in_stock") for _ in range(3)]
    orders = record_sale(
        marketplace=market("kleinanzeigen"),
        lines=[SaleLine(p.pk, D("120")) for p in pairs],
        sold_at=JULY,
        order_number="EVENT",
        user=staff,
    )
    assert [o.external_id for o in orders] == [f"EVENT-{p.pk}" for p in pairs]
    assert StockItem.objects.filter(pk__in=[p.pk for p in pairs], status="sold").count() == 3


def test_all_or_nothing_when_one_pair_cannot_be_sold(staff):
    good, gone = make_stock(status="in_stock"), make_stock(status="sold")
    with pytest.raises(SaleError, match=f"#{gone.pk}"):
        record_sale(
            marketplace=market("ebay"),
            lines=[SaleLine(good.pk, D("100")), SaleLine(gone.pk, D("100"))],
            sold_at=JULY,
            user=staff,
        )
    good.refresh_from_db()
    assert good.status == "in_stock" and not Order.objects.exists()


@pytest.mark.parametrize(
    "lines, message",
    [
        (lambda p: [], "mindestens ein Paar"),
        (lambda p: [SaleLine(p.pk, D("10")), SaleLine(p.pk, D("10"))], "nur einmal"),
        (lambda p: [SaleLine(999999, D("10"))], "#999999"),
        (lambda p: [SaleLine(p.pk, D("10"), fees={"platform_fee": D("11")})], "mehr als der Preis"),
    ],
)
def test_refusals_name_the_reason(staff, lines, message):
    pair = make_stock(status="in_stock")
    with pytest.raises(SaleError, match=message):
        record_sale(marketplace=market("local"), lines=lines(pair), sold_at=JULY, user=staff)


def test_the_same_order_number_twice_is_refused(staff):
    record_sale(
        marketplace=market("ebay"),
        lines=[SaleLine(make_stock().pk, D("50"))],
        sold_at=JULY,
        order_number="E-1",
    )
    with pytest.raises(SaleError, match="E-1"):
        record_sale(
            marketplace=market("ebay"),
            lines=[SaleLine(make_stock().pk, D("50"))],
            sold_at=JULY,
            order_number="E-1",
        )


def test_a_corrected_price_is_quoted_again_and_the_profit_follows(staff):
    (order,) = record_sale(
        marketplace=market("stockx"),
        lines=[SaleLine(make_stock().pk, D("150"))],
        sold_at=JULY,
        order_number="C-1",
    )
    order = change_sale(order, price=D("200"), sold_at=JULY, fees={})
    assert order.platform_fee == D("18.00") and order.payment_fee == D("6.00")
    assert order.net_proceeds == D("176.00") and order.net_profit == D("76.00")


def test_a_cancelled_sale_gives_the_pair_back(staff):
    pair = make_stock(status="in_stock")
    (order,) = record_sale(
        marketplace=market("local"), lines=[SaleLine(pair.pk, D("150"))], sold_at=JULY, user=staff
    )
    cancel_sale(order, user=staff)
    order.refresh_from_db()
    pair.refresh_from_db()
    assert order.status == "cancelled" and order.inventory_item is None and order.net_profit is None
    assert pair.status == "in_stock"
    with pytest.raises(SaleError):
        cancel_sale(order, user=staff)
    # The pair can be sold again.
    (again,) = record_sale(
        marketplace=market("local"), lines=[SaleLine(pair.pk, D("160"))], sold_at=JULY, user=staff
    )
    assert again.external_id == f"SF-{pair.pk}-2"
