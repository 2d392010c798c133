import pytest

from inventory import services
from inventory.models import StockEvent, StockItem
from tests.factories import make_stock, make_user

pytestmark = pytest.mark.django_db

UNDELETABLE = "kann nicht gelöscht werden; zuerst wieder auf Lager nehmen"
KEPT = "bleibt für seinen Verkauf erhalten"


def test_delete_pairs_deletes_only_pairs_never_sold_and_names_the_rest():
    user = make_user()
    statuses = ["incoming", "in_stock", "cancelled", "lost", "listed", "reserved", "sold"]
    statuses += ["shipped", "completed", "returned"]
    pairs = {status: make_stock(status=status) for status in statuses}
    gone = make_stock()
    StockItem.objects.filter(pk=gone.pk).delete()

    result = services.delete_pairs(ids=[p.pk for p in pairs.values()] + [gone.pk], user=user)

    assert result.changed == 4
    assert result.refused == [
        f"#{pairs['listed'].pk}: ein Paar im Status „Gelistet“ {UNDELETABLE}",
        f"#{pairs['reserved'].pk}: ein Paar im Status „Reserviert“ {UNDELETABLE}",
        f"#{pairs['sold'].pk}: ein Paar im Status „Verkauft“ {KEPT}",
        f"#{pairs['shipped'].pk}: ein Paar im Status „Versendet“ {KEPT}",
        f"#{pairs['completed'].pk}: ein Paar im Status „Abgeschlossen“ {KEPT}",
        f"#{pairs['returned'].pk}: ein Paar im Status „Retoure“ {KEPT}",
        f"#{gone.pk}: das Paar gibt es nicht mehr (inzwischen gelöscht)",
    ]
    left = set(StockItem.objects.values_list("status", flat=True))
    assert left == {"listed", "reserved", "sold", "shipped", "completed", "returned"}
    deleted = StockEvent.objects.filter(kind="deleted")
    assert sorted(deleted.values_list("from_status", flat=True)) == [
        "cancelled",
        "in_stock",
        "incoming",
        "lost",
    ]
    assert all(e.stock_id is None and e.user == user for e in deleted)


def test_bulk_changes_name_a_pair_deleted_since_it_was_read():
    pair = make_stock(status="in_stock")
    stale = StockItem.objects.get(pk=pair.pk)
    services.delete_pairs(ids=[pair.pk])
    refusal = f"#{pair.pk}: Das Paar gibt es nicht mehr (inzwischen gelöscht)."
    assert services.bulk_transition(items=[stale], status="listed").refused == [refusal]
    assert services.bulk_move(items=[stale], location="Lager Z").refused == [refusal]
