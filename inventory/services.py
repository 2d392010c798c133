"""Inventory services: bulk work on many pairs.

The pages' bulk actions go pair by pair through the model's verbs (a refused pair is
listed, the others move). The imports and syncs move or create thousands of pairs at once
with `transition_pairs` and `create_sold_pairs`: one statement each, all or nothing, the
same workflow table and the same history rows as the model's verbs.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from soleflip.lib.bulk import copy_rows

from . import workflow
from .models import ON_HAND_STATUSES, StockEvent, StockItem, StockStatus, TaxScheme
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
            item.transition(status, user=user, reason=reason or _("Bulk change"))
            result.changed += 1
        except TransitionError as exc:
            result.refused.append(f"#{item.pk}: {exc}")
    return result


def bulk_move(*, items, location: str, user=None) -> BulkResult:
    result = BulkResult()
    for item in items:
        try:
            if item.edit({"location": location}, user=user, reason=_("Moved")):
                result.changed += 1
        except TransitionError as exc:  # the pair was deleted meanwhile
            result.refused.append(f"#{item.pk}: {exc}")
    return result


@transaction.atomic
def delete_pairs(*, ids: Iterable[int], user=None) -> BulkResult:
    """Delete pairs that were never sold (a sold pair carries an order's cost). The pairs
    are locked and their status read under the lock, so a pair sold since the caller
    looked at it is refused, not deleted, and a sale waiting for the lock finds the pair
    gone; a pair already deleted is listed as such. All in one transaction. The history
    stays: a `deleted` event with the pair's last values, detached from the pair."""
    wanted = sorted(set(ids))
    # Locked in id order, so two deletes of overlapping selections cannot deadlock.
    locked = {
        item.pk: item
        for item in StockItem.objects.select_related("product", "size")
        .select_for_update(of=("self",))
        .filter(pk__in=wanted)
        .order_by("pk")
    }
    result = BulkResult()
    for pk in wanted:
        item = locked.get(pk)
        why = _undeletable(item)
        if why:
            result.refused.append(f"#{pk}: {why}")
            continue
        StockEvent.objects.create(
            stock=item,
            user=user,
            kind=StockEvent.Kind.DELETED,
            from_status=item.status,
            reason=_("Deleted pair #%(id)s (%(sku)s, %(size)s)")
            % {"id": item.pk, "sku": item.product.sku, "size": item.size},
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


def _undeletable(item: StockItem | None) -> str:
    """Why this (locked) pair may not be deleted; empty if it may."""
    if item is None:
        return _("the pair no longer exists (deleted meanwhile)")
    if item.status in DELETABLE:
        return ""
    status = {"status": workflow.label(item.status)}
    if item.status in ON_HAND_STATUSES:
        return _("a %(status)s pair cannot be deleted; put it back in stock first") % status
    return _("a %(status)s pair is kept for its sale") % status


# How many refused pairs an all-or-nothing refusal names before it says "and N more".
REFUSALS_NAMED = 5

_TRANSITION_PAIRS = """
    WITH wanted AS (
        SELECT * FROM unnest(%(ids)s::bigint[]) AS w(id)
    ), locked AS (
        SELECT s.id, s.status FROM inventory.stock s JOIN wanted w ON w.id = s.id
        ORDER BY s.id FOR UPDATE OF s
    ), refused AS (
        SELECT id, status FROM locked WHERE status <> ALL(%(sources)s::text[])
    ), moved AS (
        UPDATE inventory.stock s SET status = %(final)s::text,
            reserved_quantity = CASE WHEN %(final)s::text = 'reserved'
                                     THEN s.reserved_quantity ELSE 0 END,
            updated_at = now()
        FROM locked l
        WHERE s.id = l.id AND NOT EXISTS (SELECT FROM refused)
          AND (SELECT count(*) FROM locked) = %(count)s
        RETURNING s.id, l.status AS from_status
    ), steps AS (
        SELECT p.status, p.n, lag(p.status) OVER (ORDER BY p.n) AS previous
        FROM unnest(%(path)s::text[]) WITH ORDINALITY AS p(status, n)
    ), reasons AS (
        SELECT * FROM unnest(%(reason_ids)s::bigint[], %(reason_steps)s::bigint[],
                             %(reasons)s::text[]) AS r(id, n, reason)
    ), logged AS (
        INSERT INTO inventory.stock_event
            (stock_id, user_id, kind, from_status, to_status, reason, before, after, created_at)
        SELECT m.id, %(user)s::bigint,
               CASE WHEN p.status = 'sold' THEN 'sold' ELSE 'status' END,
               coalesce(p.previous, m.from_status), p.status, r.reason,
               jsonb_build_object('status', coalesce(p.previous, m.from_status)),
               jsonb_build_object('status', p.status), now()
        FROM moved m CROSS JOIN steps p JOIN reasons r ON r.id = m.id AND r.n = p.n
        ORDER BY m.id, p.n
    )
    SELECT id, status FROM refused
    UNION ALL  -- pairs that do not exist, looked for only when some are missing
    SELECT w.id, NULL FROM wanted w
    WHERE (SELECT count(*) FROM locked) <> %(count)s
      AND NOT EXISTS (SELECT FROM locked l WHERE l.id = w.id)
    ORDER BY id
"""


def transition_pairs(
    *,
    status: str,
    reasons: Mapping[int, str],
    user_id: int | None = None,
    then: Sequence[tuple[str, Mapping[int, str]]] = (),
) -> int:
    """Move many pairs to `status` at once; `reasons` maps each pair's id to the reason
    kept in its history. All or nothing: each pair's move is checked against the workflow
    table (inventory/workflow.py) on the locked row, and if any pair may not make it (or
    does not exist) nothing is written and TransitionError names those pairs and their
    statuses. Otherwise one statement moves them all and writes a history row per pair as
    StockItem.transition does (kind "sold" for a sale, else "status"; before and after
    hold the status; a reservation ends unless the target is reserved). Returns the number
    of pairs moved. Built for the imports and syncs (100,000 pairs in one statement).

    `then`: further steps, each (status, {pair id: reason}), taken at once in the same
    statement with a history row per step (a sold pair whose order is completed goes
    sold -> shipped -> completed: one UPDATE, three history rows)."""
    if not reasons:
        return 0
    path = [StockStatus(status), *(StockStatus(step) for step, _reasons in then)]
    for current, target in zip(path, path[1:], strict=False):
        workflow.check(current, target)  # the later steps are the same for every pair
    step_reasons = [reasons, *(later for _step, later in then)]
    ids = list(reasons)
    with connection.cursor() as cursor:
        cursor.execute(
            _TRANSITION_PAIRS,
            {
                "ids": ids,
                "count": len(ids),
                "sources": workflow.sources(path[0]),
                "final": path[-1].value,
                "path": [step.value for step in path],
                "reason_ids": ids * len(path),
                "reason_steps": [n for n in range(1, len(path) + 1) for _id in ids],
                "reasons": [by_pair[i] for by_pair in step_reasons for i in ids],
                "user": user_id,
            },
        )
        refused = cursor.fetchall()
    if refused:
        raise TransitionError(_refusal(refused, path[0], total=len(reasons)))
    return len(reasons)


def _refusal(refused: list[tuple[int, str | None]], target: StockStatus, *, total: int) -> str:
    """Names the refused pairs (the first few) with what their status allows."""
    why = []
    for pk, current in refused[:REFUSALS_NAMED]:
        if current is None:
            why.append(_("pair #%(id)s does not exist") % {"id": pk})
            continue
        try:
            workflow.check(current, target)
        except TransitionError as exc:
            why.append(_("pair #%(id)s: %(reason)s") % {"id": pk, "reason": exc})
    more = len(refused) - len(why)
    text = ngettext(
        "%(refused)s of %(total)s pair cannot become %(status)s, so none was changed: %(reasons)s",
        "%(refused)s of %(total)s pairs cannot become %(status)s, so none was changed: %(reasons)s",
        total,
    ) % {
        "refused": len(refused),
        "total": total,
        "status": workflow.label(target),
        "reasons": "; ".join(why),
    }
    return text + (_(" (and %(count)s more)") % {"count": more} if more else "")


class NewSoldPair(NamedTuple):
    """A sale that found no pair in stock: its key (e.g. the order number, kept in the
    pair's external_ids), product, size and the reason for the pair's history row."""

    key: str
    product_id: int
    size_id: int
    reason: str


_NEW_SOLD_PAIRS = """
    CREATE TEMP TABLE IF NOT EXISTS new_sold_pairs (
        key text, product_id bigint, size_id bigint, reason text
    ) ON COMMIT DROP
"""
_CREATE_SOLD_PAIRS = """
    WITH v AS (
        SELECT * FROM new_sold_pairs
    ), created AS (
        INSERT INTO inventory.stock (
            product_id, size_id, quantity, reserved_quantity, status, currency, tax_scheme,
            purchase_order_number, invoice_number, location, ean, external_ids, notes,
            created_at, updated_at)
        SELECT v.product_id, v.size_id, 1, 0, %(status)s::text, 'EUR', %(scheme)s::text,
               '', '', '', '', jsonb_build_object(%(key_name)s::text, v.key), %(notes)s::text,
               now(), now()
        FROM v
        RETURNING id, external_ids->>%(key_name)s::text AS key
    ), logged AS (
        INSERT INTO inventory.stock_event
            (stock_id, user_id, kind, from_status, to_status, reason, before, after, created_at)
        SELECT c.id, %(user)s::bigint, %(kind)s::text, '', %(status)s::text, v.reason,
               '{}'::jsonb, jsonb_build_object('status', %(status)s::text), now()
        FROM created c JOIN v ON v.key = c.key
    )
    SELECT key, id FROM created
"""


def create_sold_pairs(
    *,
    pairs: Sequence[NewSoldPair],
    key_name: str,
    notes: str,
    user_id: int | None = None,
    status: str = StockStatus.SOLD,
) -> dict[str, int]:
    """Create a pair already sold for each sale that found none in stock, its purchase
    cost missing (NULL) until someone enters it (Sales -> Missing costs). A creation, not
    a move, so the workflow table has no say; each pair gets a history row of kind "sold"
    with no from_status. `key_name` names the key in the pair's external_ids (keys must be
    unique). `status`: where the sale has got (a completed order's pair is created
    completed, with the one history row). One statement for all; returns {key: new pair
    id}."""
    if not pairs:
        return {}
    keys = [p.key for p in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("Each new sold pair needs its own key.")
    # The pairs go in by COPY (100,000 of them as array parameters cost seconds to send).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_NEW_SOLD_PAIRS)
        cursor.execute("TRUNCATE new_sold_pairs")
        copy_rows(cursor, "new_sold_pairs", ("key", "product_id", "size_id", "reason"), pairs)
        cursor.execute(
            _CREATE_SOLD_PAIRS,
            {
                "status": StockStatus(status).value,
                "scheme": TaxScheme.STANDARD.value,
                "kind": StockEvent.Kind.SOLD.value,
                "key_name": key_name,
                "notes": notes,
                "user": user_id,
            },
        )
        return dict(cursor.fetchall())
