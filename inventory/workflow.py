"""The stock workflow in one place: which status may follow which. Every path that
changes a pair's status checks this table: the pair's page, the admin, the bulk action,
the StockX import and API sync (through inventory.services.transition_pairs).

incoming  -> in_stock, sold (sold while in transit: a presale), cancelled, lost
in_stock  -> listed, reserved, sold, lost, cancelled
listed    -> in_stock, reserved, sold, lost
reserved  -> in_stock, listed, sold
sold      -> shipped, in_stock (sale cancelled before shipping), returned
shipped   -> completed, returned, lost
completed -> returned
returned  -> in_stock (restocked), lost (written off)
lost      -> in_stock (found again)
cancelled -> (final)
"""

from .choices import StockStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.INCOMING: frozenset({S.IN_STOCK, S.SOLD, S.CANCELLED, S.LOST}),
    S.IN_STOCK: frozenset({S.LISTED, S.RESERVED, S.SOLD, S.LOST, S.CANCELLED}),
    S.LISTED: frozenset({S.IN_STOCK, S.RESERVED, S.SOLD, S.LOST}),
    S.RESERVED: frozenset({S.IN_STOCK, S.LISTED, S.SOLD}),
    S.SOLD: frozenset({S.SHIPPED, S.IN_STOCK, S.RETURNED}),
    S.SHIPPED: frozenset({S.COMPLETED, S.RETURNED, S.LOST}),
    S.COMPLETED: frozenset({S.RETURNED}),
    S.RETURNED: frozenset({S.IN_STOCK, S.LOST}),
    S.LOST: frozenset({S.IN_STOCK}),
    S.CANCELLED: frozenset(),
}


class TransitionError(ValueError):
    """A status change the workflow does not allow; the message says why."""


def allowed(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def sources(target: str) -> list[str]:
    """The statuses `target` may follow, for checking many pairs in one query."""
    return sorted(current for current, targets in TRANSITIONS.items() if target in targets)


def check(current: str, target: str) -> None:
    if current == target:
        raise TransitionError(f"The pair is already {S(current).label.lower()}.")
    if not allowed(current, target):
        options = (
            ", ".join(S(t).label.lower() for t in sorted(TRANSITIONS.get(current, ()))) or "nothing"
        )
        raise TransitionError(
            f"A pair that is {S(current).label.lower()} cannot become {S(target).label.lower()} "
            f"(allowed: {options})."
        )
