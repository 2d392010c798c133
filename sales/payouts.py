"""Payouts: the orders a marketplace paid out together, grouped by payout reference (or,
without one, by payout date), and their reconciliation with what reached the bank."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.postgres.aggregates import BoolAnd
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from soleflip.lib.parsing import to_cents

from .models import Order

OVERDUE_AFTER = timedelta(days=14)


@dataclass
class PayoutGroup:
    marketplace_id: int
    marketplace: str
    reference: str
    payout_date: date | None
    orders: int
    expected: Decimal
    received: Decimal | None
    all_received: bool

    @property
    def difference(self) -> Decimal | None:
        return (
            None
            if not self.all_received or self.received is None
            else self.received - self.expected
        )

    @property
    def state(self) -> str:
        if not self.all_received:
            return "open"
        return "discrepancy" if self.difference else "received"


def payout_groups(orders=None) -> list[PayoutGroup]:
    orders = (orders or Order.objects.all()).exclude(status__in=["cancelled", "returned"])
    rows = (
        orders.filter(payout_date__isnull=False)
        .annotate(day=TruncDate("payout_date"))
        .values("marketplace_id", "marketplace__name", "payout_reference", "day")
        .annotate(
            n=Count("id"),
            expected=Sum("net_proceeds"),
            received=Sum("payout_amount_received"),
            all_received=BoolAnd("payout_received"),
        )
        .order_by("-day", "payout_reference")
    )
    return [
        PayoutGroup(
            r["marketplace_id"],
            r["marketplace__name"],
            r["payout_reference"],
            r["day"],
            r["n"],
            r["expected"] or Decimal("0"),
            r["received"],
            r["all_received"],
        )
        for r in rows
    ]


def overdue_orders():
    """Sold more than 14 days ago and still not paid out (cancelled and returned aside)."""
    cutoff = timezone.now() - OVERDUE_AFTER
    return Order.objects.exclude(status__in=["cancelled", "returned"]).filter(
        sold_at__lt=cutoff, payout_received=False
    )


def _group(marketplace_id: int, reference: str, payout_date: date):
    orders = Order.objects.filter(marketplace_id=marketplace_id, payout_date__date=payout_date)
    return (
        orders.filter(payout_reference=reference)
        if reference
        else orders.filter(payout_reference="")
    )


@transaction.atomic
def mark_payout_received(
    *, marketplace_id: int, reference: str, payout_date: date, amount: Decimal
) -> PayoutGroup:
    """Record the amount that reached the bank for a payout. The amount is shared over the
    group's orders in proportion to their payouts (to the cent, the rest on the last one),
    so the group's received total is the bank amount and a difference to the expected
    total shows as a discrepancy."""
    orders = list(_group(marketplace_id, reference, payout_date).select_for_update().order_by("id"))
    if not orders:
        raise ValueError(_("No orders belong to this payout."))
    expected = sum((o.net_proceeds or Decimal("0")) for o in orders)
    shared = Decimal("0")
    for order in orders:
        share = (
            to_cents(amount * (order.net_proceeds or 0) / expected) if expected else Decimal("0")
        )
        order.payout_received, order.payout_amount_received = True, share
        shared += share
    orders[-1].payout_amount_received += amount - shared
    Order.objects.bulk_update(orders, ["payout_received", "payout_amount_received", "updated_at"])
    [group] = payout_groups(Order.objects.filter(pk__in=[o.pk for o in orders]))
    return group
