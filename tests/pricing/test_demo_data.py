import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from catalog.models import Product
from inventory.models import StockItem
from sales.models import Order
from sales.profit import cost_basis

pytestmark = pytest.mark.django_db


def seed(**kw) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **kw)
    return out.getvalue()


def test_demo_data_is_plausible_and_consistent():
    summary = seed(products=40, seed=1)
    assert "40 products" in summary
    assert Product.objects.count() == 40
    assert StockItem.objects.count() >= 40
    assert Order.objects.count() == StockItem.objects.filter(orders__isnull=False).count() > 0
    assert not Order.objects.exclude(
        net_proceeds=F("gross_sale") - F("platform_fee") - F("payment_fee") - F("shipping_cost")
    ).exists()
    for order in Order.objects.select_related("inventory_item").exclude(net_profit=None):
        item = order.inventory_item
        cost = cost_basis(
            tax_scheme=item.tax_scheme,
            net_price=item.purchase_price,
            gross_price=item.gross_purchase_price,
        )
        assert order.net_profit == order.net_proceeds - (order.output_vat or 0) - cost
    assert Order.objects.filter(inventory_item__purchase_price=None, net_profit=None).exists()
    assert not Product.objects.filter(brand=None).exists()
    # No shoe sizes on LEGO sets or trading cards.
    assert (
        not StockItem.objects.filter(product__category__slug__in=["building-sets", "trading-cards"])
        .exclude(size__kind="one_size")
        .exists()
    )


def test_if_empty_and_same_seed_same_data():
    seed(products=20, seed=5)
    skus = sorted(Product.objects.values_list("sku", flat=True))
    assert "nothing loaded" in seed(products=20, seed=5, if_empty=True)
    assert Product.objects.count() == 20
    Order.objects.all().delete()
    StockItem.objects.all().delete()
    Product.objects.all().delete()
    seed(products=20, seed=5)
    digest = hashlib.sha1("".join(skus).encode()).hexdigest()
    assert (
        hashlib.sha1(
            "".join(sorted(Product.objects.values_list("sku", flat=True))).encode()
        ).hexdigest()
        == digest
    )
