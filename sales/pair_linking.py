"""Finding each sale its pair, for the StockX report import, other marketplaces' exports
and the StockX API order sync: the oldest matching unsold pair (FIFO), else a new pair
with the purchase cost missing; the pair moved (or created) as far as its order has got,
a history row per step."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import ON_HAND_STATUSES, StockItem, StockStatus
from inventory.services import NewSoldPair, create_sold_pairs, transition_pairs

from .models import Marketplace, OrderStatus
from .profit import compute_profit, cost_basis, treatment_for


@dataclass
class Links:
    """What link_pairs did: rows (order number, stock id, output VAT, gross profit, net
    profit, ROI, shelf days), how many sales were matched to stock, how many have no cost."""

    rows: list[tuple] = field(default_factory=list)
    matched: int = 0
    cost_missing: int = 0


def fifo(wanted: list[tuple], candidates: list[tuple]) -> dict:
    """FIFO matching. `wanted` = (sale key, product_id, size_id, sold_at); candidates =
    unsold pairs (stock_id, product_id, size_id, purchase_date, status). Each sale, oldest
    first, takes a pair of the same product and size bought on or before the sale date:
    a pair on hand (in stock, listed, reserved) before one still incoming (a presale),
    the oldest purchase first within each. Returns {sale key: stock_id}."""
    pool: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for stock_id, product_id, size_id, bought, status in candidates:
        pool[(product_id, size_id)].append((status not in ON_HAND_STATUSES, bought, stock_id))
    for pairs in pool.values():
        pairs.sort(key=lambda p: (p[0], p[1] is None, p[1] or datetime.min.date(), p[2]))
    matches = {}
    for key, product_id, size_id, sold_at in sorted(wanted, key=lambda w: (w[3], w[0])):
        pairs = pool.get((product_id, size_id))
        if not pairs:
            continue
        sold_on = timezone.localdate(sold_at)
        for index, (_incoming, bought, stock_id) in enumerate(pairs):
            if bought is None or bought <= sold_on:
                matches[key] = stock_id
                del pairs[index]
                break
    return matches


class Existing(NamedTuple):
    """An order already here: its status, whether it has its pair, whether that pair's
    cost is known."""

    status: str
    linked: bool
    cost_known: bool


def existing_orders(marketplace_id: int, numbers: list[str]) -> dict[str, Existing]:
    """The orders of these numbers already here, by order number."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT o.external_id, o.status, o.inventory_item_id IS NOT NULL,
                      s.purchase_price IS NOT NULL
               FROM sales."order" o LEFT JOIN inventory.stock s ON s.id = o.inventory_item_id
               WHERE o.marketplace_id = %s AND o.external_id = ANY(%s)""",
            [marketplace_id, numbers],
        )
        return {number: Existing(*rest) for number, *rest in cursor.fetchall()}


def cost_missing_of_linked(existing: dict[str, Existing]) -> int:
    """How many of the orders already linked to a pair lack that pair's cost."""
    return sum(1 for order in existing.values() if order.linked and not order.cost_known)


def unsold_candidates(keys: set[tuple[int, int]]) -> list[tuple]:
    """Unsold pairs of the given (product, size) keys, locked for this transaction:
    (stock_id, product_id, size_id, purchase_date, status, tax_scheme, net, gross)."""
    if not keys:
        return []
    products, sizes = zip(*keys, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT s.id, s.product_id, s.size_id, s.purchase_date, s.status, s.tax_scheme,
                      s.purchase_price, s.gross_purchase_price
               FROM inventory.stock s
               JOIN unnest(%s::bigint[], %s::bigint[]) AS k(product_id, size_id)
                 ON s.product_id = k.product_id AND s.size_id = k.size_id
               WHERE s.status = ANY(%s) FOR UPDATE OF s""",
            [list(products), list(sizes), [str(s) for s in StockItem.UNSOLD_STATUSES]],
        )
        return cursor.fetchall()


def link_pairs(
    market, sales, product_ids, resolver, user_id, existing: dict[str, Existing] | None = None
) -> Links:
    """Find every sale its pair before the orders are written: the oldest matching unsold
    pair (FIFO), or a new sold pair with the purchase cost missing. `existing`: the
    orders already here (existing_orders); given, a pair is moved (or created) as far as
    its order has got, a new order being completed. Without it (the API sync) the pairs
    become sold and the sync moves them on."""
    follow = existing is not None
    if existing is None:
        existing = existing_orders(market.pk, [s.order_number for s in sales])
    by_number = {s.order_number: s for s in sales}
    wanted = [
        (s.order_number, product_ids[s.sku], resolver.id_for(s.size), s.sold_at)
        for s in sales
        if not (s.order_number in existing and existing[s.order_number].linked)
    ]
    candidates = unsold_candidates({(w[1], w[2]) for w in wanted})
    info = {c[0]: c for c in candidates}
    matches = fifo(wanted, [c[:5] for c in candidates])
    # The status each sale's order has (or gets: a new order is completed).
    new = Existing(OrderStatus.COMPLETED, False, False)
    order_status = {w[0]: existing.get(w[0], new).status if follow else "" for w in wanted}
    created = _create_cost_missing_pairs(
        [w for w in wanted if w[0] not in matches], user_id, market, order_status
    )
    cost_missing = len(created) + cost_missing_of_linked(existing)
    _record_sold(matches, user_id, market, order_status)
    rows = []
    for number, stock_id in matches.items():
        *_ids, bought, _status, scheme, net, gross = info[stock_id]
        sale, cost = (
            by_number[number],
            cost_basis(tax_scheme=scheme, net_price=net, gross_price=gross),
        )
        # No profit without a cost, or (an API order before its payout) without the amounts.
        if cost is None or sale.gross_sale is None or sale.net_proceeds is None:
            rows.append((number, stock_id, None, None, None, None, None))
            continue
        p = compute_profit(
            gross_sale=sale.gross_sale,
            net_proceeds=sale.net_proceeds,
            cost=cost,
            treatment=treatment_for(market.output_vat, scheme),
            sold_on=timezone.localdate(sale.sold_at),
            purchased_on=bought,
        )
        rows.append(
            (number, stock_id, p.output_vat, p.gross_profit, p.net_profit, p.roi, p.shelf_life_days)
        )
    rows.extend(
        (number, stock_id, None, None, None, None, None) for number, stock_id in created.items()
    )
    return Links(rows, len(matches), cost_missing)


def _steps(order_status: str) -> tuple[str, ...]:
    """The pair's statuses after sold for an order that has got this far."""
    from .services import PAIR_FOLLOWS

    return PAIR_FOLLOWS.get(order_status, ())


def _create_cost_missing_pairs(
    unmatched: list[tuple], user_id: int | None, market: Marketplace, order_status: dict
) -> dict[str, int]:
    """A pair per unmatched sale, flagged by its missing purchase cost, created as far as
    its order has got (sold, or completed for a completed order) with its history row.
    Returns {order number: stock id}."""
    reason = _("Created from %(marketplace)s order %(number)s; purchase cost missing")
    groups: dict[str, list[NewSoldPair]] = defaultdict(list)
    for number, product_id, size_id, _sold_at in unmatched:
        status = (_steps(order_status[number]) or (StockStatus.SOLD,))[-1]
        groups[status].append(
            NewSoldPair(
                number, product_id, size_id, reason % {"marketplace": market, "number": number}
            )
        )
    created = {}
    for status, pairs in groups.items():
        created |= create_sold_pairs(
            pairs=pairs,
            key_name=f"{market.slug}_order_number",
            notes=_("Created from a %(marketplace)s sale; purchase cost missing")
            % {"marketplace": market},
            user_id=user_id,
            status=status,
        )
    return created


def _record_sold(
    matches: dict[str, int], user_id: int | None, market: Marketplace, order_status: dict
) -> None:
    """Matched pairs become sold, and move on as far as their orders have got, each step
    with its history row, checked against the workflow like every status change; a
    refused pair aborts the whole import (all or nothing)."""
    sold = _("Sold on %(marketplace)s, order %(number)s")
    followed = _("Order %(number)s %(status)s")
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for number, stock_id in matches.items():
        groups[order_status[number]][number] = stock_id
    for status, pairs in groups.items():
        label = OrderStatus(status).label.lower() if status else ""
        transition_pairs(
            status=StockStatus.SOLD,
            reasons={
                stock_id: sold % {"marketplace": market, "number": number}
                for number, stock_id in pairs.items()
            },
            then=[
                (
                    step,
                    {
                        stock_id: followed % {"number": number, "status": label}
                        for number, stock_id in pairs.items()
                    },
                )
                for step in _steps(status)
            ],
            user_id=user_id,
        )
