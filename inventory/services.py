"""Inventory services: bulk work on many pairs, each change through the model's verbs."""

from dataclasses import dataclass, field

from django.db import transaction

from .models import StockEvent, StockItem, StockStatus
from .workflow import TransitionError

DELETABLE = (StockStatus.INCOMING, StockStatus.IN_STOCK, StockStatus.CANCELLED, StockStatus.LOST)


@dataclass
class BulkResult:
    changed: int = 0
    refused: list[str] = field(default_factory=list)


def bulk_transition(*, items, status: str, user=None, reason: str = "") -> BulkResult:
    """Move each pair on its own (all allowed moves happen; refusals are listed)."""
    result = BulkResult()
    for item in items:
        try:
            item.transition(status, user=user, reason=reason or "Bulk change")
            result.changed += 1
        except TransitionError as exc:
            result.refused.append(f"#{item.pk}: {exc}")
    return result


def bulk_move(*, items, location: str, user=None) -> BulkResult:
    result = BulkResult()
    for item in items:
        if item.edit({"location": location}, user=user, reason="Moved"):
            result.changed += 1
    return result


@transaction.atomic
def delete_pairs(*, items, user=None) -> BulkResult:
    """Delete pairs that were never sold (a sold pair carries an order's cost). The history
    stays: a `deleted` event with the pair's last values, detached from the pair."""
    result = BulkResult()
    for item in items:
        if item.status not in DELETABLE:
            result.refused.append(
                f"#{item.pk}: a {item.get_status_display().lower()} pair is kept for its sale"
            )
            continue
        StockEvent.objects.create(
            stock=item,
            user=user,
            kind=StockEvent.Kind.DELETED,
            from_status=item.status,
            reason=f"Deleted pair #{item.pk} ({item.product.sku}, {item.size})",
            before={
                "product": item.product.sku,
                "size": str(item.size),
                "status": item.status,
                "purchase_price": str(item.purchase_price),
                "location": item.location,
            },
        )
        StockItem.objects.filter(pk=item.pk).delete()
        result.changed += 1
    return result
