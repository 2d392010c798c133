from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from sales.models import Marketplace, Order
from sales.payouts import mark_payout_received, overdue_orders, payout_groups
from tests.factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def payout():
    stockx = Marketplace.objects.get(slug="stockx")
    day = timezone.now() - timedelta(days=3)
    orders = [
        make_order(
            marketplace=stockx, payout_reference="P123", payout_date=day, net_proceeds=amount
        )
        for amount in (D("100.00"), D("50.00"), D("33.33"))
    ]
    return stockx, day, orders


def test_groups_total_the_orders_paid_out_together(payout):
    stockx, day, _ = payout
    [group] = payout_groups()
    assert (group.reference, group.orders, group.expected, group.state) == (
        "P123",
        3,
        D("183.33"),
        "open",
    )


def test_matching_amount_is_received(payout):
    stockx, day, _ = payout
    group = mark_payout_received(
        marketplace_id=stockx.pk, reference="P123", payout_date=day.date(), amount=D("183.33")
    )
    assert (group.state, group.received, group.difference) == ("received", D("183.33"), D("0.00"))
    assert Order.objects.filter(payout_received=True).count() == 3


def test_short_payment_is_a_discrepancy(payout, owner, client):
    stockx, day, _ = payout
    client.force_login(owner)
    response = client.post(
        reverse("sales:payout-received"),
        {
            "marketplace": stockx.pk,
            "reference": "P123",
            "payout_date": day.date().isoformat(),
            "amount": "180.00",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "mit einer Abweichung von -3,33 € zu den erwarteten 183,33 € erfasst" in body
    assert "Abweichung</span>" in body
    [group] = payout_groups()
    assert group.received == D("180.00") and group.difference == D("-3.33")


def test_matching_payout_says_so_in_the_users_language(payout, owner, client):
    stockx, day, _ = payout
    client.force_login(owner)
    post = {"marketplace": stockx.pk, "reference": "P123", "payout_date": day.date().isoformat()}
    page = client.get(reverse("sales:payouts")).content.decode()
    # The hidden fields carry machine values, the visible date is German.
    paid_out = timezone.localdate(day)
    assert f'name="payout_date" value="{paid_out.isoformat()}"' in page
    assert f'name="marketplace" value="{stockx.pk}"' in page
    assert f'<td class="nowrap">{paid_out:%d.%m.%Y}</td>' in page and "offen</span>" in page
    client.post(reverse("language"), {"language": "en"})
    body = client.post(
        reverse("sales:payout-received"), {**post, "amount": "183.33"}, follow=True
    ).content.decode()
    assert "Payout of €183.33 recorded; it matches." in body and "received</span>" in body


def test_amount_with_a_decimal_comma_is_read_as_typed(payout, owner, client):
    stockx, day, _ = payout
    client.force_login(owner)
    post = {"marketplace": stockx.pk, "reference": "P123", "payout_date": f"{day:%d.%m.%Y}"}
    body = client.post(
        reverse("sales:payout-received"), {**post, "amount": "1,234"}, follow=True
    ).content.decode()
    assert "Geben Sie den Betrag ein, der auf dem Konto eingegangen ist" in body
    assert "ist mehrdeutig" in body
    assert payout_groups()[0].state == "open"
    client.post(reverse("sales:payout-received"), {**post, "amount": "183,33"})
    [group] = payout_groups()
    assert group.received == D("183.33") and group.state == "received"


def test_orders_unpaid_after_14_days_are_flagged(viewer, client):
    old = make_order(sold_at=timezone.now() - timedelta(days=20), external_id="OLD-1")
    make_order(sold_at=timezone.now() - timedelta(days=3), external_id="NEW-1")
    assert list(overdue_orders()) == [old]
    client.force_login(viewer)
    body = client.get(reverse("sales:payouts")).content.decode()
    assert "Nach 14 Tagen unbezahlte Verkäufe" in body and "OLD-1" in body and "NEW-1" not in body


def test_viewer_cannot_mark_received(viewer, client, payout):
    stockx, day, _ = payout
    client.force_login(viewer)
    response = client.post(
        reverse("sales:payout-received"),
        {
            "marketplace": stockx.pk,
            "reference": "P123",
            "payout_date": day.date().isoformat(),
            "amount": "1",
        },
    )
    assert response.status_code == 403
