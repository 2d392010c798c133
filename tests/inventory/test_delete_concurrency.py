"""A bulk delete racing a sale, another delete or a Staff change of the same pair. Each
test holds one side's transaction open until the other side's request waits for it, then
lets it commit. Before the delete locked the pairs and read their status under the lock,
a pair sold meanwhile was deleted (or the delete died with an IntegrityError on its
history), and a change of a pair deleted meanwhile was a 500."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from inventory import services
from inventory.models import StockEvent, StockItem
from tests.conftest import seed_reference_data
from tests.factories import make_stock

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """An earlier transactional test's flush may have emptied the seeded reference data
    (the roles among it): put it back (the seeds are idempotent)."""
    seed_reference_data()


def logged_in(user) -> Client:
    # A 500 comes back as a response to assert on, not as an exception in the thread.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def wait_for_a_lock_wait(timeout: float = 30) -> None:
    """Until some other connection to the test database waits for a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    pytest.fail("the racing request never waited for the lock")


def race(hold, request) -> list:
    """Runs `hold` in a transaction that stays open until `request` (run in another
    thread once `hold` is done) waits for a lock; returns what `request` returned."""
    held, release, responses = threading.Event(), threading.Event(), []

    def holder():
        try:
            with transaction.atomic():
                hold()
                held.set()
                release.wait(30)
        finally:
            connection.close()

    def requester():
        try:
            held.wait(30)
            responses.append(request())
        finally:
            connection.close()

    threads = [threading.Thread(target=holder), threading.Thread(target=requester)]
    for thread in threads:
        thread.start()
    try:
        wait_for_a_lock_wait()
    finally:
        release.set()
        for thread in threads:
            thread.join()
    return responses


def messages(client: Client) -> str:
    """The messages the next page shows the client's user."""
    return " ".join(str(m) for m in client.get(reverse("inventory:stock-list")).context["messages"])


def confirmed_delete(client: Client, pair: StockItem):
    return client.post(
        reverse("inventory:stock-bulk"),
        {"action": "delete", "confirm": "on", "selected": [pair.pk]},
    )


def test_a_pair_sold_while_its_delete_waits_is_kept(owner):
    pair = make_stock(status="in_stock")
    client = logged_in(owner)

    def sell():
        StockItem.objects.get(pk=pair.pk).transition("sold", reason="Sold on StockX")

    [response] = race(sell, lambda: confirmed_delete(client, pair))

    assert response.status_code == 302
    shown = messages(client)
    assert "0 Paare gelöscht." in shown
    assert f"#{pair.pk}: ein Paar im Status „Verkauft“ bleibt für seinen Verkauf erhalten" in shown
    assert StockItem.objects.get(pk=pair.pk).status == "sold"
    assert StockEvent.objects.filter(stock=pair, kind="status", to_status="sold").exists()
    assert not StockEvent.objects.filter(kind="deleted").exists()


def test_a_pair_deleted_while_a_second_delete_waits_is_deleted_once(owner):
    pair = make_stock(status="in_stock")
    client = logged_in(owner)

    [response] = race(
        lambda: services.delete_pairs(ids=[pair.pk], user=owner),
        lambda: confirmed_delete(client, pair),
    )

    assert response.status_code == 302
    assert f"#{pair.pk}: das Paar gibt es nicht mehr (inzwischen gelöscht)" in messages(client)
    assert not StockItem.objects.filter(pk=pair.pk).exists()
    assert StockEvent.objects.filter(kind="deleted").count() == 1


@pytest.mark.parametrize(
    ("url", "data"),
    [
        pytest.param(
            lambda p: reverse("inventory:stock-bulk"),
            lambda p: {"action": "status", "status": "sold", "selected": [p.pk]},
            id="bulk-sell",
        ),
        pytest.param(
            lambda p: reverse("inventory:stock-bulk"),
            lambda p: {"action": "location", "location": "Lager Z", "selected": [p.pk]},
            id="bulk-move",
        ),
        pytest.param(
            lambda p: reverse("inventory:stock-action", args=[p.pk, "status"]),
            lambda p: {"status": "sold", "reason": "Sold in the shop"},
            id="pair-page-sell",
        ),
    ],
)
def test_staff_changing_a_pair_while_it_is_deleted_gets_a_refusal(owner, staff, url, data):
    pair = make_stock(status="in_stock")
    client = logged_in(staff)

    [response] = race(
        lambda: services.delete_pairs(ids=[pair.pk], user=owner),
        lambda: client.post(url(pair), data(pair)),
    )

    assert response.status_code == 302
    assert "Das Paar gibt es nicht mehr (inzwischen gelöscht)." in messages(client)
    assert not StockItem.objects.filter(pk=pair.pk).exists()
    assert list(StockEvent.objects.values_list("kind", flat=True)) == ["deleted"]
