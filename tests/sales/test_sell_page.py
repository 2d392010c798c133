"""The Sell page: pairs from a scan or a pair's page, the quote as the form changes, the
sale recorded; errors in place."""

from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from sales.models import Marketplace, Order
from tests.factories import make_product, make_stock

pytestmark = pytest.mark.django_db
URL = reverse("sales:sell")


def posted(pairs, *, market="stockx", price="150,00", **extra):
    data = {
        "marketplace": Marketplace.objects.get(slug=market).pk,
        "sold_on": timezone.localdate().isoformat(),
        "order_number": extra.pop("order_number", ""),
        "buyer_country": "",
        "line-TOTAL_FORMS": len(pairs),
        "line-INITIAL_FORMS": 0,
        "line-MIN_NUM_FORMS": 1,
        "line-MAX_NUM_FORMS": 1000,
    }
    for n, pair in enumerate(pairs):
        data |= {f"line-{n}-pair": pair.pk, f"line-{n}-price": price}
    return data | extra


def test_a_scan_finds_the_unsold_pairs(client, staff):
    product = make_product(name="Nike Dunk Low Panda", ean="0194955875551")
    pair, sold = (
        make_stock(product=product, status="in_stock"),
        make_stock(product=product, status="sold"),
    )
    client.force_login(staff)
    page = client.get(URL, {"code": "0194955875551"}).content.decode()
    assert f"pair={pair.pk}" in page and f"pair={sold.pk}" not in page


def test_the_quote_follows_the_form(client, staff):
    pair = make_stock(status="in_stock")
    client.force_login(staff)
    answer = client.post(URL, posted([pair]), HTTP_HX_REQUEST="true")
    text = answer.content.decode()
    assert answer.status_code == 200 and 'id="quote"' in text and "<html" not in text
    assert "13,50 €" in text and "132,00 €" in text and "32,00 €" in text  # 9 %, payout, profit
    assert not Order.objects.exists()


def test_recording_a_sale_with_an_entered_fee(client, staff):
    pair = make_stock(status="listed")
    client.force_login(staff)
    answer = client.post(
        URL, posted([pair], order_number="12-34", save="1", **{"line-0-shipping_cost": "4,50"})
    )
    order = Order.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "sales:order-detail", args=[order.pk]
    )
    assert (
        order.external_id == "12-34"
        and order.shipping_cost == D("4.50")
        and order.net_proceeds == D("127.50")
    )
    pair.refresh_from_db()
    assert pair.status == "sold"


def test_a_sale_of_a_pair_already_sold_is_refused_in_place(client, staff):
    pair = make_stock(status="in_stock")
    client.force_login(staff)
    client.post(URL, posted([pair], save="1"))
    answer = client.post(URL, posted([pair], save="1"))
    assert answer.status_code == 422
    assert 'class="alert alert-danger"' in answer.content.decode()
    assert Order.objects.count() == 1


def test_a_future_date_is_refused(client, staff):
    pair = make_stock(status="in_stock")
    client.force_login(staff)
    data = posted([pair], save="1") | {"sold_on": "01.01.2099"}
    answer = client.post(URL, data)
    assert answer.status_code == 422 and "Zukunft" in answer.content.decode()
    assert not Order.objects.exists()


def test_viewers_may_not_sell(client, viewer):
    client.force_login(viewer)
    assert client.get(URL).status_code == 403


def test_the_fee_check_page_explains_the_imported_sample(client, viewer):
    from django.core.management import call_command

    from tests.sales.test_fees import SAMPLE

    call_command("import_stockx_sales", str(SAMPLE), verbosity=0)
    client.force_login(viewer)
    page = client.get(
        reverse("sales:fee-check"), {"period": "custom", "start": "2023-01-01", "end": "2023-12-31"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "60 Verkäufe geprüft" in text and "auf den Cent: 35" in text
    assert "ohne die Mindestgebühr von 8,00 €" in text  # line 12 of the sample
    assert text.count('href="/sales/') >= 25


def test_a_sale_by_hand_is_corrected_and_cancelled_from_its_page(client, staff):
    pair = make_stock(status="in_stock")
    client.force_login(staff)
    client.post(URL, posted([pair], market="local", price="150,00", save="1"))
    order = Order.objects.get()
    page = client.get(reverse("sales:order-detail", args=[order.pk])).content.decode()
    assert "Von Hand erfasst" in page
    today = timezone.localdate().isoformat()
    client.post(
        reverse("sales:sale-change", args=[order.pk]),
        {"change-price": "238,00", "change-sold_on": today},
    )
    order.refresh_from_db()
    assert (
        order.gross_sale == D("238.00")
        and order.output_vat == D("38.00")
        and order.net_profit == D("100.00")
    )
    client.post(reverse("sales:sale-cancel", args=[order.pk]))
    order.refresh_from_db()
    pair.refresh_from_db()
    assert order.status == "cancelled" and pair.status == "in_stock"
    assert (
        "Von Hand erfasst"
        not in client.get(reverse("sales:order-detail", args=[order.pk])).content.decode()
    )


def test_an_imported_sale_is_not_changed_here(client, staff):
    from tests.factories import make_order

    order = make_order(inventory_item=make_stock(status="sold"))
    client.force_login(staff)
    assert client.post(reverse("sales:sale-cancel", args=[order.pk])).status_code == 404


def test_a_sale_paid_at_once_is_not_waiting_for_a_payout(client, staff):
    from sales.payouts import overdue_orders

    pair = make_stock(status="in_stock")
    client.force_login(staff)
    local = Marketplace.objects.get(slug="local").pk
    page = client.get(URL, {"pair": pair.pk, "marketplace": local}).content.decode()
    assert 'id="id_paid" checked' in page  # in person the money comes at once
    data = posted([pair], market="local", save="1", paid="on") | {"sold_on": "2024-01-10"}
    client.post(URL, data)
    order = Order.objects.get()
    assert order.payout_received and order.payout_amount_received == D("150.00")
    assert not overdue_orders().exists()
