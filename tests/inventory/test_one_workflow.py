"""One workflow table (inventory/workflow.py) for every path that changes a pair's status:
the pair's page, the admin, the bulk action, the StockX sales import and the StockX API
syncs allow exactly the moves the table allows, refuse the rest, and leave the same
history. The imports and syncs move pairs with inventory.services.transition_pairs."""

import csv
from datetime import date
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from catalog.models import Size
from inventory import workflow
from inventory.models import UNSOLD_STATUSES, StockEvent, StockItem, StockStatus
from inventory.services import NewSoldPair, create_sold_pairs, transition_pairs
from inventory.workflow import TransitionError
from sales.models import Listing, Marketplace, Order
from sales.services import import_stockx_sales
from sales.stockx_report import COLUMNS
from soleflip.core.models import ImportBatch
from soleflip.stockx.client import get_client
from soleflip.stockx.sync_listings import sync_listings
from soleflip.stockx.sync_orders import sync_orders
from tests.factories import make_product, make_stock, make_user
from tests.stockx.fake_stockx import make_listing
from tests.stockx.fake_stockx import make_order as make_api_order

pytestmark = pytest.mark.django_db

STATUSES = [s.value for s in StockStatus]
# The pages' paths: every move into "sold" (the move the imports make) and a few others.
# (StockItem.transition, which the pages call, is checked over the whole table in
# test_workflow.py; transition_pairs, which the imports call, is below.)
PAGE_MOVES = [(s, "sold") for s in STATUSES if s != "sold"] + [
    ("in_stock", "listed"),
    ("returned", "in_stock"),
    ("completed", "in_stock"),
    ("cancelled", "in_stock"),
]
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "stockx_sales_report.csv"


def assert_follows_table(item: StockItem, current: str, target: str) -> bool:
    """The pair moved with one history row if the table allows it, else nothing changed.
    Returns whether it moved."""
    item.refresh_from_db()
    events = list(StockEvent.objects.filter(stock=item))
    if workflow.allowed(current, target):
        assert item.status == target
        assert [(e.from_status, e.to_status) for e in events] == [(current, target)]
        assert (events[0].before, events[0].after) == ({"status": current}, {"status": target})
        return True
    assert item.status == current and events == []
    return False


# --- the bulk verb ------------------------------------------------------------------------


@pytest.mark.parametrize("target", STATUSES)
@pytest.mark.parametrize("current", STATUSES)
def test_transition_pairs_follows_the_table(current, target):
    user = make_user()
    item = make_stock(status=current)
    if workflow.allowed(current, target):
        assert transition_pairs(status=target, reasons={item.pk: "test"}, user_id=user.pk) == 1
    else:
        why = "ist bereits" if current == target else "kann nicht zu"
        with pytest.raises(TransitionError, match=rf"Paar #{item.pk}: .*{why}"):
            transition_pairs(status=target, reasons={item.pk: "test"}, user_id=user.pk)
    if assert_follows_table(item, current, target):
        event = StockEvent.objects.get(stock=item)
        assert (event.kind, event.reason, event.user) == (
            "sold" if target == "sold" else "status",
            "test",
            user,
        )


def test_transition_pairs_is_all_or_nothing_and_names_the_refused_pairs():
    fine, lost, cancelled = (make_stock(status=s) for s in ("in_stock", "lost", "cancelled"))
    reserved = make_stock(status="reserved", quantity=2, reserved_quantity=2)
    reasons = {p.pk: "Sold" for p in (fine, reserved, lost, cancelled)} | {10**9: "Sold"}
    with pytest.raises(TransitionError) as refused:
        transition_pairs(status="sold", reasons=reasons)
    message = str(refused.value)
    assert message.startswith(
        "3 von 5 Paaren können nicht zu „Verkauft“ wechseln, daher wurde keines geändert"
    )
    assert (
        f"Paar #{lost.pk}: Ein Paar im Status „Verloren“ kann nicht zu „Verkauft“ wechseln "
        "(erlaubt: Auf Lager)" in message
    )
    assert (
        f"Paar #{cancelled.pk}: Ein Paar im Status „Storniert“ kann nicht zu „Verkauft“" in message
    )
    assert f"Paar #{10**9} existiert nicht" in message
    assert f"#{fine.pk}:" not in message
    assert not StockEvent.objects.exists()
    assert dict(StockItem.objects.values_list("pk", "status")) == {
        fine.pk: "in_stock",
        reserved.pk: "reserved",
        lost.pk: "lost",
        cancelled.pk: "cancelled",
    }
    # Without the refused pairs the rest moves, and a sale ends the reservation.
    assert transition_pairs(status="sold", reasons={fine.pk: "a", reserved.pk: "b"}) == 2
    reserved.refresh_from_db()
    assert (reserved.status, reserved.reserved_quantity) == ("sold", 0)
    assert transition_pairs(status="sold", reasons={}) == 0


def test_refusal_of_many_pairs_names_the_first_few():
    pairs = [make_stock(status="cancelled") for _ in range(7)]
    with pytest.raises(TransitionError, match=r"7 von 7 Paaren .*\(und 2 weitere\)$"):
        transition_pairs(status="sold", reasons={p.pk: "x" for p in pairs})


def test_create_sold_pairs_is_a_creation_with_history():
    user = make_user()
    product = make_product()
    size = Size.objects.get(kind="men", region="US", value="10")
    created = create_sold_pairs(
        pairs=[
            NewSoldPair("A-1", product.pk, size.pk, "Created from order A-1"),
            NewSoldPair("A-2", product.pk, size.pk, "Created from order A-2"),
        ],
        key_name="order_number",
        notes="Cost missing",
        user_id=user.pk,
    )
    assert set(created) == {"A-1", "A-2"}
    pair = StockItem.objects.get(pk=created["A-1"])
    assert (pair.status, pair.purchase_price, pair.notes) == ("sold", None, "Cost missing")
    assert pair.external_ids == {"order_number": "A-1"} and pair.reserved_quantity == 0
    event = StockEvent.objects.get(stock=pair)
    assert (event.kind, event.from_status, event.to_status, event.reason, event.user) == (
        "sold",
        "",
        "sold",
        "Created from order A-1",
        user,
    )
    assert (event.before, event.after) == ({}, {"status": "sold"})
    with pytest.raises(ValueError, match="own key"):
        create_sold_pairs(
            pairs=[NewSoldPair("B", product.pk, size.pk, "x")] * 2, key_name="k", notes=""
        )
    assert create_sold_pairs(pairs=[], key_name="k", notes="") == {}


def test_every_unsold_pair_may_be_sold_and_nothing_else():
    # The imports look for a sale's pair among the unsold ones: exactly those the table
    # lets become sold (an incoming pair too: a presale).
    assert set(workflow.sources(StockStatus.SOLD)) == set(UNSOLD_STATUSES)
    assert workflow.allowed(StockStatus.INCOMING, StockStatus.SOLD)


# --- the pages --------------------------------------------------------------------------


def messages_of(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize(("current", "target"), PAGE_MOVES)
def test_pair_page_action(staff, client, current, target):
    client.force_login(staff)
    item = make_stock(status=current)
    url = reverse("inventory:stock-action", args=[item.pk, "status"])
    said = messages_of(client.post(url, {"status": target}))
    moved = assert_follows_table(item, current, target)
    assert ("ist jetzt" in said) == moved and ("kann nicht zu" in said) == (not moved)


@pytest.mark.parametrize(("current", "target"), PAGE_MOVES)
def test_bulk_action(staff, client, current, target):
    client.force_login(staff)
    item, other = make_stock(status=current), make_stock(status=current)
    data = {"action": "status", "status": target, "selected": [item.pk]}
    said = messages_of(client.post(reverse("inventory:stock-bulk"), data))
    moved = assert_follows_table(item, current, target)
    assert (f"#{item.pk}: Ein Paar im Status" in said) == (not moved)
    assert StockItem.objects.get(pk=other.pk).status == current  # only the selected pair


@pytest.mark.parametrize(("current", "target"), PAGE_MOVES)
def test_admin_change_form(superuser, client, current, target):
    client.force_login(superuser)
    item = make_stock(status=current)
    url = reverse("admin:inventory_stockitem_change", args=[item.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.pop("external_ids", None)
    data.update(
        {
            "product": item.product_id,
            "size": item.size_id,
            "status": target,
            "purchase_date": "2025-01-10",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    moved = assert_follows_table(item, current, target)
    assert response.status_code == (302 if moved else 200)
    assert ("kann nicht zu" in response.content.decode()) == (not moved)


# --- the StockX sales report (CSV) ------------------------------------------------------


def one_sale_report(tmp_path: Path) -> tuple[Path, str]:
    """The sample's first row: adidas HQ4540, US 6, order 70000000-60000000, sold
    2023-03-01."""
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        row = next(csv.DictReader(handle))
    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow(row)
    return path, row["Order Number"]


def import_report(path: Path):
    batch = ImportBatch.from_path(path, source_type=ImportBatch.Source.STOCKX_SALES_REPORT)
    return import_stockx_sales(batch=batch)


# A sold pair follows its order on, a history row per step.
FOLLOWS = {
    "completed": ["sold", "shipped", "completed"],
    "shipped": ["sold", "shipped"],
}


def assert_sold_or_stand_in(item: StockItem, current: str, order: Order) -> None:
    """A sale takes the pair if the table lets it become sold, and the pair then follows
    its order (shipped, completed), each step a history row; otherwise the pair stays as it
    was and the sale gets a stand-in sold pair with the cost missing."""
    item.refresh_from_db()
    events = list(StockEvent.objects.filter(stock=item).order_by("id"))
    path = FOLLOWS.get(order.status, ["sold"])
    if workflow.allowed(current, StockStatus.SOLD):
        assert order.inventory_item_id == item.pk
        first = events[0]
        assert (first.kind, first.from_status, first.to_status) == ("sold", current, "sold")
        assert [e.to_status for e in events] == path and item.status == path[-1]
    else:
        assert item.status == current and events == []
        stand_in = order.inventory_item
        assert stand_in.pk != item.pk and stand_in.purchase_price is None
        assert stand_in.status == path[-1]


@pytest.mark.parametrize("current", STATUSES)
def test_sales_report_import(tmp_path, current):
    product = make_product(sku="HQ4540", style_code="HQ4540")
    size = Size.objects.get(kind="men", region="US", value="6")
    item = make_stock(product=product, size=size, status=current, purchase_date=date(2023, 1, 2))
    path, number = one_sale_report(tmp_path)
    assert import_report(path).committed
    assert_sold_or_stand_in(item, current, Order.objects.get(external_id=number))


def test_sales_report_import_obeys_the_table_not_its_own_list(tmp_path, monkeypatch):
    # Were presales forbidden, an import matching an incoming pair would write nothing.
    monkeypatch.setitem(
        workflow.TRANSITIONS,
        StockStatus.INCOMING,
        workflow.TRANSITIONS[StockStatus.INCOMING] - {StockStatus.SOLD},
    )
    product = make_product(sku="HQ4540", style_code="HQ4540")
    size = Size.objects.get(kind="men", region="US", value="6")
    item = make_stock(product=product, size=size, status="incoming", purchase_date=date(2023, 1, 2))
    path, _ = one_sale_report(tmp_path)
    with pytest.raises(TransitionError, match=rf"Paar #{item.pk}: Ein Paar im Status „Unterwegs“"):
        import_report(path)
    assert not Order.objects.exists() and StockItem.objects.get().status == "incoming"
    assert not StockEvent.objects.exists()


# --- the StockX API syncs ---------------------------------------------------------------
# One sync run per path, a pair in every status: each sale or sold listing meets one pair.

SIZE_10 = {"variantId": "a8d3f6b2-1e47-4c9a-b5d0-7f2e6c3a9b14", "variantValue": "10"}


def pair_per_status(**kw) -> dict[str, StockItem]:
    """A pair in every status, each of its own product (style WF-<STATUS>, US men 10)."""
    size = Size.objects.get(kind="men", region="US", value="10")
    return {
        status: make_stock(
            product=make_product(sku=f"WF-{status.upper()}", style_code=f"WF-{status.upper()}"),
            size=size,
            status=status,
            **kw,
        )
        for status in STATUSES
    }


def api_order(status: str, **kw) -> dict:
    """A StockX order of the product of pair_per_status()[status]."""
    product = {"productId": f"p-{status}", "productName": "Sneaker", "styleId": f"WF-{status}"}
    return make_api_order(
        orderNumber=f"40000000-{STATUSES.index(status):08d}", product=product, variant=SIZE_10, **kw
    )


def run_order_sync() -> dict:
    batch = ImportBatch.objects.create(source_type=ImportBatch.Source.STOCKX_ORDERS)
    return sync_orders(client=get_client(), batch=batch)


def test_order_sync(stockx_connected):
    pairs = pair_per_status()
    for status in STATUSES:
        stockx_connected.add_order(api_order(status))
    run_order_sync()
    for status, item in pairs.items():
        order = Order.objects.get(external_id=api_order(status)["orderNumber"])
        assert_sold_or_stand_in(item, status, order)


def test_order_sync_through_its_listing(stockx_connected):
    pairs = pair_per_status()
    for status, item in pairs.items():
        Listing.objects.create(
            marketplace=Marketplace.objects.get(slug="stockx"),
            external_id=f"listing-{status}",
            status="matched",
            amount="142.00",
            inventory_item=item,
        )
        stockx_connected.add_order(api_order(status, listingId=f"listing-{status}"))
    run_order_sync()
    for status, item in pairs.items():
        order = Order.objects.get(external_id=api_order(status)["orderNumber"])
        if status == StockStatus.SOLD:
            # Already sold by the listing sync: the order takes it and it follows the order.
            assert order.inventory_item_id == item.pk
            steps = [e.to_status for e in item.events.order_by("id")]
            assert steps == FOLLOWS.get(order.status, ["sold"])[1:]
        else:
            assert_sold_or_stand_in(item, status, order)


def test_order_sync_obeys_the_table_not_its_own_list(stockx_connected, monkeypatch):
    monkeypatch.setitem(
        workflow.TRANSITIONS,
        StockStatus.INCOMING,
        workflow.TRANSITIONS[StockStatus.INCOMING] - {StockStatus.SOLD},
    )
    item = pair_per_status()["incoming"]
    stockx_connected.add_order(api_order("incoming"))
    with pytest.raises(TransitionError, match=rf"Paar #{item.pk}: Ein Paar im Status „Unterwegs“"):
        run_order_sync()
    assert not Order.objects.exists() and not StockEvent.objects.exists()
    assert StockItem.objects.get(pk=item.pk).status == "incoming"


def test_listing_sync_selling_pairs(stockx_connected):
    pairs = pair_per_status()
    for status, item in pairs.items():
        item.external_ids = {"stockx_listing_id": f"L-{status}"}
        item.save(update_fields=["external_ids"])
        stockx_connected.add_listing(make_listing(listingId=f"L-{status}", status="MATCHED"))
    batch = ImportBatch.objects.create(source_type=ImportBatch.Source.STOCKX_LISTINGS)
    counts = sync_listings(client=get_client(), batch=batch)
    sold = [s for s, item in pairs.items() if assert_follows_table(item, s, StockStatus.SOLD)]
    assert sorted(sold) == sorted(workflow.sources(StockStatus.SOLD)) and counts["sold"] == 4
    for status, item in pairs.items():
        assert Listing.objects.get(external_id=f"L-{status}").inventory_item_id == item.pk
