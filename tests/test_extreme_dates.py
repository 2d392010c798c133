"""A sale dated 9999-12-31 (a placeholder some tools write) used to take down the orders
list, the order page, the pair page and the admin for every user: local time cannot be
shown for it (OverflowError). Such dates are now refused wherever they come from (the
importers name line and column; the database refuses them from any other path), and every
page shows the dates that can be stored."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from inventory.models import StockItem
from sales.models import Order
from tests.factories import make_order, make_stock

pytestmark = pytest.mark.django_db


def test_the_database_refuses_dates_no_record_can_carry():
    pair = make_stock(status="sold")
    order = make_order(inventory_item=pair)
    for model, pk, field, value in (
        (Order, order.pk, "sold_at", datetime(9999, 12, 31, tzinfo=UTC)),
        (Order, order.pk, "payout_date", datetime(1970, 1, 1, tzinfo=UTC)),
        (StockItem, pair.pk, "purchase_date", date(9999, 12, 31)),
        (StockItem, pair.pk, "delivery_date", date(2100, 1, 1)),
    ):
        with pytest.raises(IntegrityError, match="plausible"), transaction.atomic():
            model.objects.filter(pk=pk).update(**{field: value})


@pytest.mark.parametrize(
    "sold_at,bought",
    [
        (datetime(2099, 12, 31, 23, 59, tzinfo=UTC), date(2099, 12, 31)),
        (datetime(2000, 1, 1, tzinfo=UTC), date(2000, 1, 1)),
    ],
)
def test_pages_show_the_earliest_and_latest_storable_dates(
    owner, superuser, client, sold_at, bought
):
    pair = make_stock(status="sold", purchase_date=bought, delivery_date=None)
    order = make_order(
        inventory_item=pair, sold_at=sold_at, payout_date=sold_at, gross_sale=Decimal("100")
    )
    client.force_login(owner)
    urls = [
        reverse("sales:order-list"),
        reverse("sales:order-list") + "?sort=-sold_at",
        reverse("sales:order-detail", args=[order.pk]),
        reverse("inventory:stock-list") + "?status=sold",
        reverse("inventory:stock-detail", args=[pair.pk]),
        reverse("sales:payouts"),
        reverse("sales:missing-cost"),
        reverse("dashboard"),
        reverse("catalog:product-detail", args=[pair.product_id]),
        reverse("inventory:stock-export"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    client.force_login(superuser)
    for url in (
        reverse("admin:sales_order_changelist"),
        reverse("admin:sales_order_change", args=[order.pk]),
        reverse("admin:inventory_stockitem_changelist"),
        reverse("admin:inventory_stockitem_change", args=[pair.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_forms_and_the_admin_name_the_implausible_date():
    """Model validation (what ModelForms and the admin run) names the field and range."""
    from django.core.exceptions import ValidationError

    order = make_order()
    order.sold_at = datetime(9999, 12, 31, tzinfo=UTC)
    with pytest.raises(ValidationError, match="must be between 01.01.2000 and 01.01.2100"):
        order.full_clean()
