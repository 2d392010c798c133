import csv
import html
import io
import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import Category, Size
from inventory.models import StockEvent, StockItem, StockStatus
from soleflip.analytics.refresh import refresh_analytics
from soleflip.dashboard import aging
from soleflip.lib.formats import format_euro
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


def test_every_filter_has_a_plain_label(viewer, client):
    """Issue: the category filter was labelled "[invalid name]"."""
    client.force_login(viewer)
    body = client.get(reverse("inventory:stock-list")).content.decode()
    labels = re.findall(r'<label class="form-label" for="id_(\w+)">([^<]*)</label>', body)
    assert labels == [
        ("q", "Suchen"),
        ("status", "Status"),
        ("brand", "Marke"),
        ("category", "Kategorie"),
        ("size", "Größe"),
        ("supplier", "Lieferant"),
        ("location", "Lagerort"),
        ("age", "Alter (Tage)"),
        ("bought_from", "Gekauft ab"),
        ("bought_to", "Gekauft bis"),
        ("cost_min", "Nettokosten ab"),
        ("cost_max", "Nettokosten bis"),
    ]
    assert "invalid name" not in body


@pytest.fixture
def every_status():
    """One pair in each status, a margin-scheme pair (its cost basis is the gross price),
    a lot of two and a pair without a cost: the unsold ones are 8 pairs worth 719.00 €."""
    pairs = {status: make_stock(status=status) for status, _ in StockStatus.choices}
    margin = make_stock(
        tax_scheme="margin", purchase_price=D("119.00"), gross_purchase_price=D("119.00")
    )
    lot = make_stock(status="listed", quantity=2)
    no_cost = make_stock(status="incoming", purchase_price=None, gross_purchase_price=None)
    return {**pairs, "margin": margin, "lot": lot, "no_cost": no_cost}


def test_the_default_list_is_the_unsold_stock_the_dashboard_counts(viewer, client, every_status):
    """Issue: the default view shows the pairs still to sell (incoming, in stock, listed,
    reserved), not sold ones, and its totals are the dashboard's "Pairs in stock" and
    "Stock at cost" on the same data."""
    client.force_login(viewer)
    unsold = {
        every_status[key].pk
        for key in ("incoming", "in_stock", "listed", "reserved", "margin", "lot", "no_cost")
    }
    refresh_analytics()  # without a filter the totals are the dashboard's, as of a refresh
    response = client.get(reverse("inventory:stock-list"))
    assert {int(i) for i in ids(response)} == unsold
    body = response.content.decode()
    # 4 × 100.00 net + 119.00 gross (margin) + 2 × 100.00 (the lot); the pair without a
    # cost counts as a pair but not in the value.
    assert 'Paare: <strong class="text-body">8</strong>' in body
    assert 'Bestandswert zu Kosten: <strong class="text-body">719,00 €</strong>' in body
    assert 'Ohne Kosten (nicht im Wert): <strong class="text-body">1</strong>' in body
    refresh_analytics()
    dashboard = aging()
    assert (dashboard["pairs"], format_euro(dashboard["value"])) == (8, "719,00 €")
    assert dashboard["cost_missing"] == 1
    assert '<option value="unsold" selected>' in body
    assert "Stand: <strong" in body


def test_without_a_filter_the_totals_are_as_of_the_last_refresh(viewer, client, every_status):
    client.force_login(viewer)
    refresh_analytics()
    new = make_stock(purchase_price=D("50.00"))  # bought since the refresh
    response = client.get(reverse("inventory:stock-list"))
    body = response.content.decode()
    assert str(new.pk) in ids(response)  # the rows are live
    assert 'Bestandswert zu Kosten: <strong class="text-body">719,00 €</strong>' in body
    assert "Stand: <strong" in body  # the value is the refresh's (the dashboard's)
    filtered = client.get(reverse("inventory:stock-list"), {"q": "a"}).content.decode()
    assert "Stand: <strong" not in filtered  # a filter: live totals


def test_a_status_choice_shows_the_others(viewer, client, every_status):
    client.force_login(viewer)
    everything = {pair.pk for pair in every_status.values()}
    assert listed(client, status="all") == everything
    for status, _ in StockStatus.choices:
        expected = {pair.pk for pair in every_status.values() if pair.status == status}
        assert listed(client, status=status) == expected, status
    assert listed(client, status="") == listed(client)  # an old link's empty status: unsold
    refused = client.get(reverse("inventory:stock-list"), {"status": "nonsense"})
    assert refused.status_code == 422 and "Filter prüfen" in refused.content.decode()


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
        "2 Paare jetzt „Gelistet“." in body
        and f"#{sold.pk}: Ein Paar im Status „Verkauft“ kann nicht zu „Gelistet“ wechseln" in body
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
        "2 Paare löschen?" in confirm.content.decode()
        and StockItem.objects.filter(pk=gone.pk).exists()
    )
    done = client.post(
        reverse("inventory:stock-bulk"),
        {"action": "delete", "confirm": "on", "selected": [gone.pk, sold.pk]},
        follow=True,
    )
    assert (
        "1 Paar gelöscht." in done.content.decode()
        and "bleibt für seinen Verkauf erhalten" in done.content.decode()
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
    assert lines[0].startswith("ID,SKU,Produkt,Marke,Größe") and len(lines) == 2
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
    assert sorted(r["Produkt"] for r in rows if r["Produkt"][1:] in names) == sorted(
        "'" + name for name in names
    )
    assert {r["Lagerort"] for r in rows if r["Produkt"][1:] in names} == {"'-Regal"}
    [supplied] = [r for r in rows if r["Lieferant"].endswith("=1+1")]
    assert (supplied["Lieferant"], supplied["Netto"], supplied["Einkaufsdatum"]) == (
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
        "### EXPORT ABGEBROCHEN nach 2.000 Zeilen (OperationalError): Diese Datei ist "
        "UNVOLLSTÄNDIG. Bitte erneut herunterladen. ###"
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
    assert f'href="{cancel or reverse("inventory:stock-list")}">Abbrechen</a>' in body
    assert "evil.example" not in body and "javascript:" not in body


def test_pairs_deleted_or_sold_after_the_confirmation_page_are_named(owner, client):
    client.force_login(owner)
    gone, sold, deletable = make_stock(), make_stock(), make_stock()
    selected = [gone.pk, sold.pk, deletable.pk]
    confirm = client.post(
        reverse("inventory:stock-bulk"), {"action": "delete", "selected": selected}
    )
    assert "3 Paare löschen?" in confirm.content.decode()
    StockItem.objects.filter(pk=gone.pk).delete()
    sold.transition("sold")
    done = client.post(
        reverse("inventory:stock-bulk"),
        {"action": "delete", "confirm": "on", "selected": selected},
        follow=True,
    )
    shown = [str(m) for m in done.context["messages"]]
    assert shown == [
        "1 Paar gelöscht.",
        f"#{gone.pk}: das Paar gibt es nicht mehr (inzwischen gelöscht)",
        f"#{sold.pk}: ein Paar im Status „Verkauft“ bleibt für seinen Verkauf erhalten",
    ]
    assert StockItem.objects.filter(pk__in=selected).get().pk == sold.pk


def test_a_bulk_action_returns_to_the_same_filters_sort_and_page(staff, client):
    """Issue: after a bulk action the list comes back with the same filters, sort and page,
    also when they were chosen with HTMX (the form's `next` is swapped in with the rows)."""
    client.force_login(staff)
    first = make_stock(status="listed")
    StockItem.objects.bulk_create(
        StockItem(product=first.product, size=first.size, status="listed", purchase_price=100)
        for _ in range(60)
    )
    page = reverse("inventory:stock-list") + "?status=listed&sort=-purchase_date&page=2"
    fragment = client.get(page, headers={"HX-Request": "true"}).content.decode()
    [next_url] = re.findall(r'<input type="hidden" name="next" value="([^"]*)">', fragment)
    assert html.unescape(next_url) == page
    on_page_two = sorted(int(i) for i in ids(client.get(page)))
    assert len(on_page_two) == 11
    response = client.post(
        reverse("inventory:stock-bulk"),
        {
            "action": "location",
            "location": "Regal 7",
            "selected": on_page_two[:2],
            "next": html.unescape(next_url),
        },
    )
    assert response.status_code == 302 and response["Location"] == page
    assert StockItem.objects.filter(location="Regal 7").count() == 2


def test_the_list_in_german_and_in_english(viewer, client):
    """German first: headers, dates (10.01.2025) and amounts (1.234,50 €) the German way; a
    user who chose English gets English texts and formats."""
    make_stock(purchase_price=D("1234.50"), product=make_product(name="Format Dunk"))
    refresh_analytics()
    client.force_login(viewer)
    body = client.get(reverse("inventory:stock-list")).content.decode()
    for text in ("Bestand", "Produkt", "Nettokosten", "Gekauft", "CSV exportieren"):
        assert text in body, text
    assert (
        '<td class="d-none d-md-table-cell text-nowrap">10.01.2025</td>' in body
        and "1.234,50 €" in body
    )
    assert 'Bestandswert zu Kosten: <strong class="text-body">1.234,50 €</strong>' in body
    assert "Noch nicht verkauft (unterwegs, auf Lager, gelistet, reserviert)" in body
    client.post(reverse("language"), {"language": "en"})  # the profile menu's choice
    body = client.get(reverse("inventory:stock-list")).content.decode()
    for text in ("Inventory", "Product", "Net cost", "Bought", "Export CSV", "Not sold yet"):
        assert text in body, text
    assert (
        '<td class="d-none d-md-table-cell text-nowrap">10 Jan 2025</td>' in body
        and "€1,234.50" in body
    )
    assert 'Stock at cost: <strong class="text-body">€1,234.50</strong>' in body
    assert "Nettokosten" not in body and "10.01.2025" not in body


def test_pair_numbers_are_never_grouped(owner, client):
    """Defect: with German formats pair #1234 was written "1.234" into the bulk checkbox's
    value (the bulk action then failed: "invalid literal for int()") and the page."""
    client.force_login(owner)
    pair = make_stock(pk=12345)
    body = client.get(reverse("inventory:stock-list")).content.decode()
    assert 'name="selected" value="12345"' in body and ">12345</a>" in body
    assert "12.345" not in body
    confirm = client.post(
        reverse("inventory:stock-bulk"), {"action": "delete", "selected": [12345]}
    )
    assert 'name="selected" value="12345"' in confirm.content.decode()
    page = client.get(reverse("inventory:stock-detail", args=[pair.pk])).content.decode()
    assert "Paar #12345" in page and "12.345" not in page


def test_the_cost_filter_reads_german_amounts(viewer, client):
    client.force_login(viewer)
    cheap = make_stock(purchase_price=D("149.50"))
    dear = make_stock(purchase_price=D("1250.00"))
    assert listed(client, cost_max="149,50") == {cheap.pk}
    assert listed(client, cost_min="1.250,00") == {dear.pk}
    assert listed(client, cost_min="149.51") == {dear.pk}


def test_the_stock_export_headers_follow_the_language_and_values_stay_machine_readable(
    viewer, client
):
    viewer.language = "en"
    viewer.save(update_fields=["language"])
    client.force_login(viewer)
    make_stock(purchase_price=D("1234.50"))
    body = b"".join(client.get(reverse("inventory:stock-export")).streaming_content).decode()
    header, line = body.strip().splitlines()
    assert header.startswith("id,sku,product,brand,size,status,supplier,purchase_date,net")
    assert ",in_stock," in line and ",2025-01-10,1234.50," in line


def test_without_a_filter_no_query_counts_the_pairs(viewer, client):
    """The page costs the same at any size: without a filter nothing counts the unsold
    pairs (the totals are the refresh's); the pager reads one row past the page to know
    another follows."""
    for _ in range(51):
        make_stock()
    refresh_analytics()
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("inventory:stock-list"))
    stock_counts = [
        q["sql"] for q in queries if "COUNT(" in q["sql"] and '"inventory"."stock"' in q["sql"]
    ]
    assert stock_counts == []
    assert len(ids(response)) == 50 and "page=2" in response.content.decode()
    second = client.get(reverse("inventory:stock-list"), {"page": 2})
    assert len(ids(second)) == 1
