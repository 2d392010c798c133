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

from django.utils.translation import get_language
from django.utils.translation import gettext as _

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


def label(status: str) -> str:
    """A status as a word inside a sentence: English runs it in lower case ("a pair that
    is in stock"); German keeps the label as it is (its nouns are capitalised: "Auf
    Lager") and quotes it in the sentence."""
    text = str(S(status).label)
    return text.lower() if (get_language() or "").startswith("en") else text


def check(current: str, target: str) -> None:
    if current == target:
        raise TransitionError(_("The pair is already %(status)s.") % {"status": label(current)})
    if not allowed(current, target):
        options = ", ".join(label(t) for t in sorted(TRANSITIONS.get(current, ())))
        raise TransitionError(
            _("A pair that is %(current)s cannot become %(target)s (allowed: %(options)s).")
            % {
                "current": label(current),
                "target": label(target),
                "options": options or _("nothing"),
            }
        )
