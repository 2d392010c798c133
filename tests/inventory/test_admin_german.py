"""The admin of pairs and their history speaks German: model and field names, status and
tax-scheme labels, and the history entries an admin edit leaves."""

import pytest
from django.urls import reverse

from inventory.models import StockEvent
from tests.factories import make_stock

pytestmark = pytest.mark.django_db


def test_the_pair_admin_is_german(superuser, client):
    client.force_login(superuser)
    item = make_stock(status="listed", tax_scheme="margin")
    body = client.get(reverse("admin:inventory_stockitem_changelist")).content.decode()
    assert "Paar zur Änderung auswählen" in body
    for header in ("Einkaufsdatum", "Einkaufspreis netto", "Einkaufspreis brutto", "Lagerort"):
        assert header in body, header
    assert "Gelistet" in body and "Differenzbesteuerung (§ 25a UStG, keine Vorsteuer)" in body
    change = reverse("admin:inventory_stockitem_change", args=[item.pk])
    body = client.get(change).content.decode()
    assert "Nettokosten je Paar" in body and "Einkauf</h2>" in body and "Verlauf der Paare" in body


def test_an_admin_edit_leaves_a_german_history_reason(superuser, client):
    client.force_login(superuser)
    add = reverse("admin:inventory_stockitem_add")
    item = make_stock()
    data = {
        "product": item.product_id,
        "size": item.size_id,
        "status": "in_stock",
        "tax_scheme": "standard",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    assert client.post(add, data).status_code == 302
    event = StockEvent.objects.exclude(stock=item).get()
    assert (event.kind, event.reason) == ("created", "Im Admin angelegt")
    body = client.get(reverse("admin:inventory_stockevent_changelist")).content.decode()
    assert "Verlaufseintrag eines Paars zum Ansehen auswählen" in body
    assert "vorheriger Status" in body and "Im Admin angelegt" in body
    assert '<td class="field-to_status">Auf Lager</td>' in body  # the label, not in_stock
