"""The sales admin in German: model and field names, choices and the ROI column."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sales.models import ExportJob, Marketplace, Order
from sales.services import recompute_profit
from tests.factories import make_marketplace, make_order, make_stock

pytestmark = pytest.mark.django_db


def test_the_orders_admin_is_german(client, superuser):
    order = make_order(
        marketplace=make_marketplace(output_vat="domestic"),
        inventory_item=make_stock(status="sold"),
        gross_sale=Decimal("238.00"),
        net_proceeds=Decimal("200.00"),
    )
    recompute_profit(order_ids=[order.pk])
    client.force_login(superuser)
    body = client.get(reverse("admin:sales_order_changelist")).content.decode()
    assert "Verkäufe" in body and "Verkaufspreis" in body and "Plattformgebühr" in body
    assert "62,0 %" in body  # ROI: 62.00 profit on 100.00 cost
    page = client.get(reverse("admin:sales_order_change", args=[order.pk])).content.decode()
    assert "Beträge" in page and "Auszahlungsreferenz" in page and "Abgeschlossen" in page


def test_verbose_names_and_choices_are_translated():
    assert str(Order._meta.verbose_name_plural) == "Verkäufe"
    assert str(Marketplace._meta.get_field("output_vat").verbose_name) == "Umsatzsteuer"
    labels = dict(Marketplace.OutputVat.choices)
    assert str(labels["domestic"]) == "19 % USt. im Preis enthalten"
    assert str(labels["margin"]) == "Differenzbesteuerung (19/119 einer positiven Marge)"
    assert str(dict(ExportJob.Status.choices)["pending"]) == "Wartet auf den Worker"
