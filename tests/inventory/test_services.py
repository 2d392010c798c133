import pytest

from inventory import services
from inventory.models import StockEvent, StockItem
from tests.factories import make_stock, make_user

pytestmark = pytest.mark.django_db


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
        f"#{pairs['listed'].pk}: a listed pair cannot be deleted; put it back in stock first",
        f"#{pairs['reserved'].pk}: a reserved pair cannot be deleted; put it back in stock first",
        f"#{pairs['sold'].pk}: a sold pair is kept for its sale",
        f"#{pairs['shipped'].pk}: a shipped pair is kept for its sale",
        f"#{pairs['completed'].pk}: a completed pair is kept for its sale",
        f"#{pairs['returned'].pk}: a returned pair is kept for its sale",
        f"#{gone.pk}: the pair no longer exists (deleted meanwhile)",
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
    refusal = f"#{pair.pk}: The pair no longer exists (deleted meanwhile)."
    assert services.bulk_transition(items=[stale], status="listed").refused == [refusal]
    assert services.bulk_move(items=[stale], location="Lager Z").refused == [refusal]
