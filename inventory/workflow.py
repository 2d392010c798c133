"""The stock workflow in one place: which status may follow which.

incoming  -> in_stock, cancelled, lost
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
    S.INCOMING: frozenset({S.IN_STOCK, S.CANCELLED, S.LOST}),
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
