"""Profit follows its inputs: a changed tax treatment, a corrected payout and a changed
pair cost recompute the stored profit (through the services and through the admin)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inventory.models import StockItem
from sales.models import Order
from sales.services import recompute_profit, set_output_vat
from tests.factories import make_marketplace, make_order, make_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    # cost 100.00 net (standard), sale 238.00, payout 200.00 on a no-VAT marketplace
    item = make_stock(status="sold")
    order = make_order(
        marketplace=make_marketplace(output_vat="none"),
        inventory_item=item,
        gross_sale=Decimal("238.00"),
        net_proceeds=Decimal("200.00"),
    )
    recompute_profit(order_ids=[order.pk])
    order.refresh_from_db()
    assert order.net_profit == Decimal("100.00")
    return order


def test_tax_treatment_change_recomputes(order):
    assert set_output_vat(marketplace=order.marketplace, treatment="domestic") == 1
    order.refresh_from_db()
    # 238 × 19/119 = 38.00 output VAT; 200 − 38 − 100 = 62.00
    assert (order.output_vat, order.net_profit) == (Decimal("38.00"), Decimal("62.00"))
    set_output_vat(marketplace=order.marketplace, treatment="margin")
    order.refresh_from_db()
    # The pair's input VAT was reclaimed: no margin scheme (§25a), 19 % on the price.
    assert (order.output_vat, order.net_profit) == (Decimal("38.00"), Decimal("62.00"))
    StockItem.objects.filter(pk=order.inventory_item_id).update(
        tax_scheme="margin", gross_purchase_price=Decimal("100.00")
    )
    recompute_profit(order_ids=[order.pk])
    order.refresh_from_db()
    # Bought under §25a: (238 − 100) × 19/119 = 22.03; 200 − 22.03 − 100 = 77.97
    assert (order.output_vat, order.net_profit) == (Decimal("22.03"), Decimal("77.97"))


def test_marketplace_admin_change_recomputes(order, superuser, client):
    client.force_login(superuser)
    market = order.marketplace
    url = reverse("admin:sales_marketplace_change", args=[market.pk])
    form = {
        "name": market.name,
        "slug": market.slug,
        "active": "on",
        "output_vat": "domestic",
        "website": "",
        "fee_rules-TOTAL_FORMS": "0",
        "fee_rules-INITIAL_FORMS": "0",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    order.refresh_from_db()
    assert order.net_profit == Decimal("62.00")


def test_corrected_payout_in_admin_recomputes(order, superuser, client):
    client.force_login(superuser)
    url = reverse("admin:sales_order_change", args=[order.pk])
    page = client.get(url)
    form = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    form.update(
        {
            "marketplace": order.marketplace_id,
            "inventory_item": order.inventory_item_id,
            "sold_at_0": order.sold_at.strftime("%Y-%m-%d"),
            "sold_at_1": order.sold_at.strftime("%H:%M:%S"),
            "net_proceeds": "190.00",
            "payout_date_0": "",
            "payout_date_1": "",
        }
    )
    form.pop("listing", None)
    form.pop("raw_data", None)
    form.pop("platform_specific_data", None)
    response = client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    order.refresh_from_db()
    assert order.net_profit == Decimal("90.00")


def test_changed_pair_cost_in_admin_recomputes(order, superuser, client):
    client.force_login(superuser)
    item = order.inventory_item
    item.edit({"purchase_price": Decimal("80.00")})  # the verb alone leaves profit stale
    Order.objects.filter(pk=order.pk).update(net_profit=Decimal("100.00"))
    url = reverse("admin:inventory_stockitem_change", args=[item.pk])
    page = client.get(url)
    form = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    form.update({"purchase_price": "90.00", "product": item.product_id, "size": item.size_id})
    form = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in form.items()}
    form.pop("external_ids", None)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        form.update({management.add_prefix(k): v for k, v in management.initial.items()})
    response = client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    order.refresh_from_db()
    assert order.net_profit == Decimal("110.00")


def test_a_pair_follows_its_order_and_never_goes_back():
    """follow_orders: a shipped order takes its sold pair to shipped, a completed one on
    to completed, each step a history row; a pair already further, or taken back to
    stock by hand, is left alone; a second call moves nothing."""
    from inventory.models import StockEvent
    from sales.services import follow_orders
    from tests.factories import make_order, make_stock

    shipped = make_order(status="shipped", inventory_item=make_stock(status="sold"))
    done = make_order(
        status="completed",
        marketplace=shipped.marketplace,
        inventory_item=make_stock(status="sold"),
    )
    restocked = make_order(
        status="completed",
        marketplace=shipped.marketplace,
        inventory_item=make_stock(status="in_stock"),
    )
    numbers = [o.external_id for o in (shipped, done, restocked)]
    assert follow_orders(marketplace_id=shipped.marketplace_id, numbers=numbers) == 3
    for order, path in ((shipped, ["shipped"]), (done, ["shipped", "completed"]), (restocked, [])):
        pair = order.inventory_item
        pair.refresh_from_db()
        steps = list(StockEvent.objects.filter(stock=pair).order_by("id"))
        assert [e.to_status for e in steps] == path
        assert pair.status == (path[-1] if path else "in_stock")
    assert follow_orders(marketplace_id=shipped.marketplace_id, numbers=numbers) == 0
