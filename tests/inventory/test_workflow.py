"""The stock workflow: every transition allowed or refused, history for every change,
reservations under row locks."""

import threading
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection

from inventory.models import StockEvent, StockItem, StockStatus
from inventory.workflow import TRANSITIONS, TransitionError
from tests.factories import make_stock, make_supplier, make_user

STATUSES = [s.value for s in StockStatus]


@pytest.mark.django_db
@pytest.mark.parametrize("current", STATUSES)
@pytest.mark.parametrize("target", STATUSES)
def test_every_transition_is_allowed_or_refused(current, target):
    item = make_stock(status=current)
    if target in TRANSITIONS[current]:
        event = item.transition(target, reason="test")
        assert item.status == target and StockItem.objects.get(pk=item.pk).status == target
        assert (event.from_status, event.to_status, event.kind) == (current, target, "status")
    else:
        with pytest.raises(TransitionError) as refused:
            item.transition(target)
        assert StockItem.objects.get(pk=item.pk).status == current
        assert not StockEvent.objects.filter(stock=item).exists()
        assert "kann nicht zu" in str(refused.value) or "bereits" in str(refused.value)


@pytest.mark.django_db
def test_refusal_names_what_is_allowed():
    with pytest.raises(
        TransitionError,
        match=r"kann nicht zu „Gelistet“ wechseln \(erlaubt: Storniert, Auf Lager, Verloren, Verkauft\)",
    ):
        make_stock(status="incoming").transition("listed")


@pytest.mark.django_db
def test_history_records_who_when_why_and_values():
    user = make_user()
    item = make_stock(status="in_stock", location="Regal 1")
    item.transition("listed", user=user, reason="Listed on StockX")
    item.reserve(user=user, reason="Held for a customer")
    item.release(user=user, reason="Customer backed out")
    supplier = make_supplier()
    item.edit(
        {"location": "Lager B", "purchase_price": D("95.00"), "supplier_id": supplier.pk},
        user=user,
        reason="Recount",
    )
    assert item.edit({"location": "Lager B"}, user=user) is None  # nothing changed, no event
    events = list(StockEvent.objects.filter(stock=item).order_by("id"))
    assert [e.kind for e in events] == ["status", "reserved", "released", "updated"]
    assert all(e.user == user and e.created_at for e in events)
    edit = events[-1]
    assert edit.before == {"location": "Regal 1", "purchase_price": "100.00", "supplier_id": None}
    assert edit.after == {
        "location": "Lager B",
        "purchase_price": "95.00",
        "supplier_id": supplier.pk,
    }
    assert events[1].after == {"status": "reserved", "reserved_quantity": 1}


@pytest.mark.django_db
def test_edit_refuses_status_and_invalid_values():
    item = make_stock()
    with pytest.raises(ValueError, match="Not editable"):
        item.edit({"status": "sold"})
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        item.edit({"delivery_date": date(2020, 1, 1)})  # before the purchase date
    assert not StockEvent.objects.filter(stock=item).exists()


@pytest.mark.django_db
def test_reserve_and_release_rules():
    item = make_stock(status="in_stock")
    item.reserve()
    assert (item.status, item.reserved_quantity, item.available_quantity) == ("reserved", 1, 0)
    with pytest.raises(TransitionError, match="nur noch 0"):
        item.reserve()
    item.release()
    assert (item.status, item.reserved_quantity) == ("in_stock", 0)
    with pytest.raises(TransitionError, match="nicht reserviert"):
        item.release()
    with pytest.raises(TransitionError, match="kann nicht reserviert werden"):
        make_stock(status="sold").reserve()


@pytest.mark.django_db
def test_returns_restock_or_mark_damaged():
    back = make_stock(status="completed")
    back.process_return(damaged=False)
    assert (back.status, back.damaged) == ("in_stock", False)
    broken = make_stock(status="shipped")
    broken.process_return(damaged=True, reason="Sole separated")
    assert (broken.status, broken.damaged) == ("returned", True)
    assert StockEvent.objects.get(stock=broken).reason == "Sole separated"
    with pytest.raises(TransitionError):
        make_stock(status="incoming").process_return(damaged=False)


@pytest.mark.django_db(transaction=True)
def test_two_people_cannot_reserve_the_last_pair():
    item = make_stock(status="in_stock")
    barrier = threading.Barrier(2)
    results = []

    def attempt():
        try:
            barrier.wait()
            StockItem.objects.get(pk=item.pk).reserve(reason="race")
            results.append("reserved")
        except TransitionError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "reserved"]
    item.refresh_from_db()
    assert item.reserved_quantity == 1
    assert StockEvent.objects.filter(stock=item, kind="reserved").count() == 1


@pytest.mark.django_db
def test_admin_edits_leave_history_and_respect_the_workflow(superuser, client):
    from django.urls import reverse

    client.force_login(superuser)
    item = make_stock(status="in_stock", location="Regal 1")
    url = reverse("admin:inventory_stockitem_change", args=[item.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "product": item.product_id,
            "size": item.size_id,
            "status": "in_stock",
            "location": "Lager Z",
            "purchase_date": "2025-01-10",
            "tax_scheme": "standard",
            "stockevent_set-TOTAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        }
    )
    data.pop("external_ids", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.location == "Lager Z"
    event = StockEvent.objects.get(stock=item)
    assert (event.kind, event.before, event.after, event.user) == (
        "updated",
        {"location": "Regal 1"},
        {"location": "Lager Z"},
        superuser,
    )
    data["status"] = "completed"
    response = client.post(url, data)
    assert (
        response.status_code == 200
        and "kann nicht zu „Abgeschlossen“ wechseln" in response.content.decode()
    )
    item.refresh_from_db()
    assert item.status == "in_stock"
