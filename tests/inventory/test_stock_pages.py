import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from inventory.models import StockEvent
from tests.factories import make_order, make_stock

pytestmark = pytest.mark.django_db


def test_stock_page_shows_cost_sale_and_history(viewer, client):
    client.force_login(viewer)
    item = make_stock(status="in_stock", location="Regal 3")
    item.transition("listed", reason="Listed on StockX")
    item.transition("sold")
    make_order(
        inventory_item=item,
        external_id="12121212-34343434",
        output_vat="0.00",
        net_profit="76.00",
        roi="0.76",
        shelf_life_days=12,
    )
    body = client.get(reverse("inventory:stock-detail", args=[item.pk])).content.decode()
    assert "100,00 €" in body and "119,00 €" in body and "Regal 3" in body
    assert "12121212-34343434" in body and "<strong>76,00 €</strong>" in body
    assert "76,0 %" in body
    assert "Listed on StockX" in body and "Auf Lager → Gelistet" in body
    assert "Änderungen erfordern die Rolle Staff oder Owner" in body  # no action forms


def test_staff_changes_status_and_gets_refusals_explained(staff, client):
    client.force_login(staff)
    item = make_stock(status="in_stock")
    url = reverse("inventory:stock-action", args=[item.pk, "status"])
    response = client.post(url, {"status": "listed", "reason": "on StockX"}, follow=True)
    assert "ist jetzt „Gelistet“" in response.content.decode()
    event = StockEvent.objects.get(stock=item)
    assert (event.user, event.reason, event.to_status) == (staff, "on StockX", "listed")
    response = client.post(url, {"status": "completed"}, follow=True)
    assert "kann nicht zu „Abgeschlossen“ wechseln" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "listed"


def test_reserve_release_and_return_actions(staff, client):
    client.force_login(staff)
    item = make_stock(status="in_stock")
    client.post(
        reverse("inventory:stock-action", args=[item.pk, "reserve"]), {"status": "reserved"}
    )
    item.refresh_from_db()
    assert item.status == "reserved"
    client.post(
        reverse("inventory:stock-action", args=[item.pk, "release"]), {"status": "in_stock"}
    )
    item.refresh_from_db()
    assert item.status == "in_stock"
    shipped = make_stock(status="shipped")
    client.post(reverse("inventory:stock-action", args=[shipped.pk, "return"]), {"damaged": "on"})
    shipped.refresh_from_db()
    assert (shipped.status, shipped.damaged) == ("returned", True)


def test_viewer_cannot_act(viewer, client):
    client.force_login(viewer)
    item = make_stock(status="in_stock")
    response = client.post(
        reverse("inventory:stock-action", args=[item.pk, "status"]), {"status": "listed"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "in_stock"


def test_list_links_to_the_pair(owner, client):
    client.force_login(owner)
    item = make_stock()
    assert (
        reverse("inventory:stock-detail", args=[item.pk])
        in client.get(reverse("inventory:stock-list")).content.decode()
    )


def test_the_pair_page_in_german_and_in_english(staff, client):
    item = make_stock(status="in_stock", delivery_date=date(2025, 1, 14))
    item.edit({"purchase_price": D("1234.50"), "location": "Regal 5"}, reason="Rechnung kam")
    client.force_login(staff)
    body = client.get(reverse("inventory:stock-detail", args=[item.pk])).content.decode()
    assert 'Gekauft / geliefert</dt><dd class="col-6">10.01.2025 / 14.01.2025' in body
    assert "Regelbesteuerung (Vorsteuer abziehbar)" in body and "USt. 19 %" in body
    assert "Nicht verkauft." in body and "Status ändern" in body
    # The history names the changed fields and shows their values the German way.
    assert "Felder geändert" in body
    assert "Einkaufspreis netto: 100,00 € → 1.234,50 €" in body
    assert "Lagerort: – → Regal 5" in body
    assert re.search(r"— \d\d\.\d\d\.\d{4} \d\d:\d\d", body)

    client.post(reverse("language"), {"language": "en"})
    body = client.get(reverse("inventory:stock-detail", args=[item.pk])).content.decode()
    assert 'Bought / delivered</dt><dd class="col-6">10 Jan 2025 / 14 Jan 2025' in body
    assert "Standard (input VAT reclaimable)" in body and "VAT 19%" in body
    assert "Not sold." in body and "Change status" in body
    assert "Net purchase price: €100.00 → €1,234.50" in body
    assert "Gekauft" not in body and "Felder geändert" not in body


def test_workflow_refusals_in_english(staff, client):
    client.force_login(staff)
    client.post(reverse("language"), {"language": "en"})
    item = make_stock(status="sold")
    url = reverse("inventory:stock-action", args=[item.pk, "status"])
    body = client.post(url, {"status": "listed"}, follow=True).content.decode()
    assert (
        "A pair that is sold cannot become listed (allowed: in stock, returned, shipped)." in body
    )
    body = client.post(url, {"status": "shipped"}, follow=True).content.decode()
    assert f"Pair #{item.pk} is now shipped." in body
    assert "Sold → Shipped" in body  # the history, labels not stored values
