"""The one fee engine: what a marketplace charges for a sale, line by line, and what it
pays out; and the inverse, the price a target payout needs.

A marketplace's dated rules (`FeeRule`, table `platform.marketplace_fee_structure`) are
loaded once into a `FeeSchedule`, which then quotes any number of sales without touching
the database. For each fee type the rule in force on the sale's date applies: the one for
the seller's level on that date (`SellerLevel`, dated) when there is one, else the one
for every level.

Each line is `percentage` % of its base plus `fixed_amount`, at least `minimum_amount`,
rounded half up to the cent. The base is the sale price, except for a cash-out fee, which
is taken from what is left after the other fees (Alias/GOAT pay out the balance minus the
cash-out percentage).

Worked example (StockX, level 1, 15.07.2024, price 150.00 €): transaction fee 9 % = 13.50,
payment processing 3 % = 4.50, payout 132.00. At 40.00 € the 9 % (3.60) is below the 5.00
minimum: 5.00 + 1.20, payout 33.80.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from soleflip.lib.parsing import to_cents

from .models import FeeRule, Marketplace, SellerLevel

CENT = Decimal("0.01")
CASH_OUT = FeeRule.FeeType.CASH_OUT


@dataclass(frozen=True)
class FeeLine:
    fee_type: str
    base: Decimal
    amount: Decimal
    rule: FeeRule
    minimum_applied: bool

    @property
    def label(self) -> str:
        return self.rule.get_fee_type_display()

    @property
    def estimate(self) -> bool:
        """The rule's figure is not confirmed by the marketplace."""
        return self.rule.is_estimate


@dataclass(frozen=True)
class Quote:
    price: Decimal
    on: date
    level: int | None
    lines: tuple[FeeLine, ...]

    @property
    def total_fees(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def payout(self) -> Decimal:
        return self.price - self.total_fees

    @property
    def estimate(self) -> bool:
        return any(line.estimate for line in self.lines)

    def amount(self, fee_type: str) -> Decimal:
        """The fee of one type (0.00 when the marketplace charges none)."""
        return sum(
            (line.amount for line in self.lines if line.fee_type == fee_type), Decimal("0.00")
        )


class FeeSchedule:
    """Every fee rule of one marketplace, in memory."""

    def __init__(
        self, marketplace: Marketplace, rules: list[FeeRule], levels: list[SellerLevel] = ()
    ):
        self.marketplace = marketplace
        self._by_type: dict[str, list[FeeRule]] = defaultdict(list)
        for rule in sorted(rules, key=lambda r: r.effective_from, reverse=True):
            self._by_type[rule.fee_type].append(rule)
        self._levels = sorted(levels, key=lambda x: x.effective_from, reverse=True)
        self._rules_on: dict[tuple[date, int | None], list[FeeRule]] = {}

    @classmethod
    def of(cls, marketplace: Marketplace) -> "FeeSchedule":
        return cls(
            marketplace,
            list(FeeRule.objects.filter(marketplace=marketplace)),
            list(SellerLevel.objects.filter(marketplace=marketplace)),
        )

    def level_on(self, on: date) -> int | None:
        """The seller's level on a date: the latest change on or before it."""
        return next((x.level for x in self._levels if x.effective_from <= on), None)

    def rules_on(self, on: date, level: int | None) -> list[FeeRule]:
        """Per fee type the rule in force on `on`: the level's own, else the all-levels one.
        Cash-out last, as it is taken from what the other fees leave. Worked out once per
        day and level (a floor's search quotes the same day twenty times)."""
        key = (on, level)
        if key not in self._rules_on:
            self._rules_on[key] = self._choose_rules(on, level)
        return self._rules_on[key]

    def _choose_rules(self, on: date, level: int | None) -> list[FeeRule]:
        chosen = []
        for rules in self._by_type.values():
            current = [
                r
                for r in rules
                if r.effective_from <= on and (r.effective_until is None or on <= r.effective_until)
            ]
            own = [r for r in current if level is not None and r.seller_level == level]
            general = [r for r in current if r.seller_level is None]
            if own or general:
                chosen.append((own or general)[0])
        return sorted(chosen, key=lambda r: (r.fee_type == CASH_OUT, r.fee_type))

    def quote(self, price: Decimal, on: date, level: int | None = None) -> Quote:
        """Every fee line of a sale at `price` on `on` for a seller at `level` (by default
        the seller's level on that date)."""
        price = to_cents(Decimal(price))
        if level is None:
            level = self.level_on(on)
        lines: list[FeeLine] = []
        for rule in self.rules_on(on, level):
            base = price if rule.fee_type != CASH_OUT else price - sum(x.amount for x in lines)
            amount = to_cents(base * rule.percentage / 100 + rule.fixed_amount)
            minimum_applied = rule.minimum_amount is not None and amount < rule.minimum_amount
            if minimum_applied:
                amount = rule.minimum_amount
            lines.append(FeeLine(rule.fee_type, base, amount, rule, minimum_applied))
        return Quote(price=price, on=on, level=level, lines=tuple(lines))

    def price_for_payout(self, payout: Decimal, on: date, level: int | None = None) -> Decimal:
        """The lowest price (to the cent) whose payout reaches `payout` (at `level`, by
        default the seller's level on `on`)."""
        target = to_cents(Decimal(payout))
        if level is None:
            level = self.level_on(on)
        return lowest_price(lambda p: self.quote(p, on, level).payout >= target, start=target)


def lowest_price(reaches, *, start: Decimal = Decimal("0.00")) -> Decimal:
    """The lowest price (to the cent) for which `reaches(price)` holds, where it holds from
    some price on: the payout or profit of a sale grows with its price, since a cent more
    price never costs more than a cent of fees (give or take a cent where several lines
    round up together): a binary search over cents, then a look at the few cents below
    for such a dip. `start`: a price known not to be above the answer."""
    low = max(to_cents(Decimal(start)), Decimal("0.00"))
    high = max(low, Decimal("1.00")) * 2 + 100
    while not reaches(high):
        high *= 2
    while high - low > CENT:
        middle = to_cents((low + high) / 2)
        if reaches(middle):
            high = middle
        else:
            low = middle
    found = low if reaches(low) else high
    below = [found - CENT * n for n in (3, 2, 1) if found - CENT * n >= 0]
    return next((p for p in below if reaches(p)), found)
