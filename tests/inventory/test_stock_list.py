import csv
import io
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from catalog.models import Category, Size
from inventory.models import StockEvent, StockItem
from tests.factories import make_product, make_stock, make_supplier

pytestmark = pytest.mark.django_db


def ids(response) -> set[str]:
    body = response.content.decode()
    return {
        line.split('value="')[1].split('"')[0]
        for line in body.splitlines()
        if 'name="selected"' in line
    }


def listed(client, **params) -> set[int]:
    response = client.get(reverse("inventory:stock-list"), params)
    assert response.status_code == 200
    return {int(i) for i in ids(response)}


def test_every_filter(owner, client):
    client.force_login(owner)
    today = timezone.localdate()
    hoodies = Category.objects.get(slug="apparel-hoodies")
    size_m = Size.objects.get(kind="apparel", value="M")
    solebox = make_supplier(name="Solebox Test")
    fresh = make_stock(
        purchase_date=today - timedelta(days=5),
        location="Regal 1",
        product=make_product(name="Fresh Dunk", ean="4060000000001"),
    )
    old = make_stock(
        purchase_date=today - timedelta(days=120),
        location="Lager B",
        supplier=solebox,
        purchase_price=D("250.00"),
        gross_purchase_price=D("297.50"),
        vat_amount=D("47.50"),
    )
    hoodie = make_stock(
        purchase_date=today - timedelta(days=45),
        size=size_m,
        product=make_product(name="Essentials Hoodie", category=hoodies),
        status="listed",
    )
    assert listed(client, q="fresh dunk") == {fresh.pk}
    assert listed(client, q="4060000000001") == {fresh.pk}
    assert listed(client, status="listed") == {hoodie.pk}
    assert listed(client, category=Category.objects.get(slug="apparel").pk) == {
        hoodie.pk
    }  # subtree
    assert listed(client, size=size_m.pk) == {hoodie.pk}
    assert listed(client, supplier=solebox.pk) == {old.pk}
    assert listed(client, location="lager") == {old.pk}
    assert listed(client, age="0-30") == {fresh.pk}
    assert listed(client, age="31-60") == {hoodie.pk}
    assert listed(client, age="90+") == {old.pk}
    assert listed(
        client,
        bought_from=str(today - timedelta(days=50)),
        bought_to=str(today - timedelta(days=10)),
    ) == {hoodie.pk}
    assert listed(client, cost_min="200") == {old.pk}
    assert listed(client, cost_max="150") == {fresh.pk, hoodie.pk}
    assert listed(client, sort="-purchase_price")  # sortable


def test_bulk_status_move_and_refusals(staff, client):
    client.force_login(staff)
    a, b = make_stock(status="in_stock"), make_stock(status="in_stock")
    sold = make_stock(status="sold")
    response = client.post(
        reverse("inventory:stock-bulk"),
        {"action": "status", "status": "listed", "selected": [a.pk, b.pk, sold.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert (
        "2 pairs now listed." in body
        and f"#{sold.pk}: A pair that is sold cannot become listed" in body
    )
    assert set(StockItem.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)) == {
        "listed"
    }
    client.post(
        reverse("inventory:stock-bulk"),
        {"action": "location", "location": "Lager C", "selected": [a.pk]},
    )
    a.refresh_from_db()
    assert a.location == "Lager C" and StockEvent.objects.filter(stock=a, kind="updated").exists()


def test_delete_needs_owner_and_confirmation(staff, owner, client):
    keep, gone, sold = make_stock(), make_stock(), make_stock(status="sold")
    client.force_login(staff)
    assert (
        client.post(
            reverse("inventory:stock-bulk"), {"action": "delete", "selected": [gone.pk]}
        ).status_code
        == 403
    )
    client.force_login(owner)
    confirm = client.post(
        reverse("inventory:stock-bulk"), {"action": "delete", "selected": [gone.pk, sold.pk]}
    )
    assert (
        "Delete 2 pairs?" in confirm.content.decode()
        and StockItem.objects.filter(pk=gone.pk).exists()
    )
    done = client.post(
        reverse("inventory:stock-bulk"),
        {"action": "delete", "confirm": "on", "selected": [gone.pk, sold.pk]},
        follow=True,
    )
    assert (
        "1 pair deleted." in done.content.decode() and "kept for its sale" in done.content.decode()
    )
    assert not StockItem.objects.filter(pk=gone.pk).exists()
    assert StockItem.objects.filter(pk__in=[keep.pk, sold.pk]).count() == 2
    assert StockEvent.objects.filter(
        kind="deleted", stock=None, reason__contains=f"#{gone.pk}"
    ).exists()


def test_csv_export_of_the_filtered_set(viewer, client):
    client.force_login(viewer)
    make_stock(product=make_product(name="Export Me"), location="Regal 9")
    make_stock(product=make_product(name="Not Me"))
    response = client.get(reverse("inventory:stock-export"), {"q": "export"})
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("id,sku,product") and len(lines) == 2
    assert "Export Me" in lines[1] and "Regal 9" in lines[1] and "100.00" in lines[1]


def test_csv_export_keeps_formula_like_text_as_text(viewer, client):
    """Defect 6: item names (and suppliers, locations) a spreadsheet would run as formulas
    are neutralised as in the accountant export; amounts and dates stay as they are."""
    client.force_login(viewer)
    names = ['=HYPERLINK("http://evil.example","Click")', "+49 Sneaker", "-Dunk", "@SUM(A1)"]
    for name in names:
        make_stock(product=make_product(name=name), location="-Regal")
    make_stock(supplier=make_supplier(name="=1+1"))
    response = client.get(reverse("inventory:stock-export"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(r["product"] for r in rows if r["product"][1:] in names) == sorted(
        "'" + name for name in names
    )
    assert {r["location"] for r in rows if r["product"][1:] in names} == {"'-Regal"}
    [supplied] = [r for r in rows if r["supplier"].endswith("=1+1")]
    assert (supplied["supplier"], supplied["net"], supplied["purchase_date"]) == (
        "'=1+1",
        "100.00",
        "2025-01-10",
    )


def test_csv_export_cut_by_a_database_failure_fails_visibly(viewer, client, cut_connection, caplog):
    """Defect 10: the database goes away after the first 2,000 of 2,600 pairs. The file
    ends with an error line and the download fails (the error reaches the server, which
    drops the connection without ending the transfer) instead of a clean, short file."""
    pair = make_stock(product=make_product(name="Cut Sneaker"))
    StockItem.objects.bulk_create(
        StockItem(product=pair.product, size=pair.size, purchase_price=D("100.00"))
        for _ in range(2599)
    )
    client.force_login(viewer)
    pieces = iter(client.get(reverse("inventory:stock-export")).streaming_content)
    received = [next(pieces)]  # the first 500 lines: the cursor has fetched 2,000 rows
    cut_connection()
    with pytest.raises(OperationalError):
        received.extend(pieces)
    lines = b"".join(received).decode().splitlines()
    assert len(lines) == 1 + 2000 + 1
    assert lines[-1] == (
        "### EXPORT FAILED after 2000 lines (OperationalError): this file is INCOMPLETE. "
        "Download it again. ###"
    )
    assert "Inventory export cut after 2000 lines: OperationalError" in caplog.text


def test_viewer_cannot_bulk_change(viewer, client):
    client.force_login(viewer)
    item = make_stock()
    response = client.post(
        reverse("inventory:stock-bulk"),
        {"action": "status", "status": "listed", "selected": [item.pk]},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("next_url", "cancel"),
    [
        ("https://evil.example/inventory/", None),
        ("//evil.example/inventory/", None),
        ("javascript:alert(1)", None),
        ("", None),
        ("/inventory/?status=listed", "/inventory/?status=listed"),
    ],
)
def test_the_delete_confirmation_cancels_only_to_this_site(owner, client, next_url, cancel):
    client.force_login(owner)
    pair = make_stock()
    confirm = client.post(
        reverse("inventory:stock-bulk"),
        {"action": "delete", "selected": [pair.pk], "next": next_url},
    )
    body = confirm.content.decode()
    # None: the link falls back to the inventory list.
    assert f'href="{cancel or reverse("inventory:stock-list")}">Cancel</a>' in body
    assert "evil.example" not in body and "javascript:" not in body


def test_pairs_deleted_or_sold_after_the_confirmation_page_are_named(owner, client):
    client.force_login(owner)
    gone, sold, deletable = make_stock(), make_stock(), make_stock()
    selected = [gone.pk, sold.pk, deletable.pk]
    confirm = client.post(
        reverse("inventory:stock-bulk"), {"action": "delete", "selected": selected}
    )
    assert "Delete 3 pairs?" in confirm.content.decode()
    StockItem.objects.filter(pk=gone.pk).delete()
    sold.transition("sold")
    done = client.post(
        reverse("inventory:stock-bulk"),
        {"action": "delete", "confirm": "on", "selected": selected},
        follow=True,
    )
    shown = [str(m) for m in done.context["messages"]]
    assert shown == [
        "1 pair deleted.",
        f"#{gone.pk}: the pair no longer exists (deleted meanwhile)",
        f"#{sold.pk}: a sold pair is kept for its sale",
    ]
    assert StockItem.objects.filter(pk__in=selected).get().pk == sold.pk
