from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from inventory.models import StockEvent
from sales.models import Marketplace
from tests.factories import make_order, make_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def cost_missing_order():
    item = make_stock(
        status="sold",
        purchase_price=None,
        gross_purchase_price=None,
        vat_amount=None,
        vat_rate=None,
        purchase_date=None,
    )
    return make_order(
        marketplace=Marketplace.objects.get(slug="stockx"),
        inventory_item=item,
        external_id="55556666-77778888",
        sold_at="2024-05-10T12:00:00Z",
        gross_sale=D("200.00"),
        net_proceeds=D("176.00"),
    )


def test_queue_lists_sold_pairs_without_cost(staff, client, cost_missing_order):
    client.force_login(staff)
    body = client.get(reverse("sales:missing-cost")).content.decode()
    assert "55556666-77778888" in body and 'name="gross"' in body


def test_entering_a_cost_shows_profit_at_once(staff, client, cost_missing_order):
    client.force_login(staff)
    response = client.post(
        reverse("sales:enter-cost", args=[cost_missing_order.pk]),
        {
            "gross": "119.00",
            "tax_scheme": "standard",
            "vat_rate": "19",
            "purchase_date": "2024-04-01",
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    # 176.00 payout − 100.00 net cost; ROI 76 / 100
    assert "Kosten 100,00 € netto; Gewinn <strong>76,00 €</strong> (76,0 % ROI)" in body
    assert f'<tr id="order-{cost_missing_order.pk}">' in body  # the HTMX target, not "2.834"
    cost_missing_order.refresh_from_db()
    item = cost_missing_order.inventory_item
    item.refresh_from_db()
    assert (item.purchase_price, item.vat_amount, item.purchase_date) == (
        D("100.00"),
        D("19.00"),
        date(2024, 4, 1),
    )
    assert cost_missing_order.net_profit == D("76.00") and cost_missing_order.shelf_life_days == 39
    event = StockEvent.objects.get(stock=item, kind="cost")
    assert event.user == staff and event.after["purchase_price"] == "100.00"


def test_the_queue_in_english(staff, client, cost_missing_order):
    staff.language = "en"
    staff.save(update_fields=["language"])
    client.force_login(staff)
    body = client.get(reverse("sales:missing-cost")).content.decode()
    assert "Sold pairs without a purchase cost" in body and "<td>10 May 2024</td>" in body
    response = client.post(
        reverse("sales:enter-cost", args=[cost_missing_order.pk]),
        {"gross": "119.00", "tax_scheme": "standard", "vat_rate": "19"},
        HTTP_HX_REQUEST="true",
    )
    assert (
        "Cost €100.00 net; profit <strong>€76.00</strong> (76.0% ROI)" in response.content.decode()
    )


def test_purchase_after_the_sale_is_refused(staff, client, cost_missing_order):
    client.force_login(staff)
    response = client.post(
        reverse("sales:enter-cost", args=[cost_missing_order.pk]),
        {
            "gross": "119.00",
            "tax_scheme": "standard",
            "vat_rate": "19",
            "purchase_date": "2024-06-01",
        },
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    # 422: htmx swaps the row with the form and its error in place (base.html's htmx-config).
    assert response.status_code == 422 and "<html" not in body
    assert f'id="order-{cost_missing_order.pk}"' in body and 'name="purchase_date"' in body
    assert "Das Paar wurde am 10.05.2024 verkauft; gekauft wurde es davor." in body
    cost_missing_order.inventory_item.refresh_from_db()
    assert cost_missing_order.inventory_item.purchase_price is None


def test_viewer_cannot_enter_costs(viewer, client, cost_missing_order):
    client.force_login(viewer)
    assert client.get(reverse("sales:missing-cost")).status_code == 403
    response = client.post(
        reverse("sales:enter-cost", args=[cost_missing_order.pk]), {"gross": "1"}
    )
    assert response.status_code == 403


def test_purchase_recorded_after_the_sale_fills_the_oldest_waiting_pair():
    from sales.services import fill_cost_from_purchase
    from tests.factories import make_product, make_size, make_supplier

    product, size, stockx = make_product(), make_size(), Marketplace.objects.get(slug="stockx")
    waiting = []
    for day in ("2024-05-20", "2024-05-10"):
        item = make_stock(
            product=product,
            size=size,
            status="sold",
            purchase_price=None,
            gross_purchase_price=None,
            vat_amount=None,
            vat_rate=None,
            purchase_date=None,
        )
        make_order(
            marketplace=stockx,
            inventory_item=item,
            sold_at=f"{day}T10:00:00Z",
            gross_sale=D("200.00"),
            net_proceeds=D("176.00"),
        )
        waiting.append(item)
    supplier = make_supplier()
    # Bought after both sales: it cannot be either pair, so the caller creates new stock.
    assert (
        fill_cost_from_purchase(
            product_id=product.pk,
            size_id=size.pk,
            purchase_date=date(2024, 6, 1),
            gross=D("119.00"),
            tax_scheme="standard",
        )
        is None
    )
    filled = fill_cost_from_purchase(
        product_id=product.pk,
        size_id=size.pk,
        purchase_date=date(2024, 5, 1),
        gross=D("119.00"),
        tax_scheme="standard",
        supplier=supplier,
        purchase_order_number="PO-1",
    )
    assert filled == waiting[1]  # the pair sold on 10 May, the oldest sale
    filled.refresh_from_db()
    assert (filled.purchase_price, filled.supplier, filled.purchase_order_number) == (
        D("100.00"),
        supplier,
        "PO-1",
    )
    assert filled.orders.get().net_profit == D("76.00")
    waiting[0].refresh_from_db()
    assert waiting[0].purchase_price is None


def test_cost_is_read_as_a_german_types_it(staff, client, cost_missing_order):
    client.force_login(staff)
    response = client.post(
        reverse("sales:enter-cost", args=[cost_missing_order.pk]),
        {
            "gross": "1.234,56",
            "tax_scheme": "margin",
            "vat_rate": "19,0",
            "purchase_date": "01.04.2024",
        },
    )
    assert response.status_code == 302
    item = cost_missing_order.inventory_item
    item.refresh_from_db()
    assert (item.gross_purchase_price, item.purchase_date) == (D("1234.56"), date(2024, 4, 1))


def test_ambiguous_cost_is_refused(staff, client, cost_missing_order):
    client.force_login(staff)
    response = client.post(
        reverse("sales:enter-cost", args=[cost_missing_order.pk]),
        {"gross": "1,234", "tax_scheme": "margin", "vat_rate": "19", "purchase_date": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "ist mehrdeutig" in response.content.decode()
    cost_missing_order.inventory_item.refresh_from_db()
    assert cost_missing_order.inventory_item.gross_purchase_price is None
