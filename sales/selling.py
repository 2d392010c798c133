"""A sale on any marketplace, recorded by hand (a pair's page, the Sell page): the fees are
quoted by the fee engine and any line the marketplace really charged differently is
entered over the quote; the payout follows, profit and output VAT come from the one
profit formula (recompute_profit), and the pairs move through the workflow with history.
Several pairs sold together (an event, a bundle) are one call: all or nothing.

Order fields from the quote: transaction, cash-out and other fees -> platform_fee,
payment processing -> payment_fee, shipping -> shipping_cost. What was quoted and what
was entered is kept in the order's platform_specific_data["fees"].
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.choices import StockStatus
from inventory.models import StockItem
from inventory.services import transition_pairs
from inventory.workflow import TransitionError
from soleflip.lib.formats import format_euro

from .fees import FeeSchedule, Quote
from .models import Marketplace, Order
from .profit import pair_profit
from .services import recompute_profit

FEE_FIELDS = ("platform_fee", "payment_fee", "shipping_cost")
FIELD_OF_FEE_TYPE = {
    "transaction": "platform_fee",
    "cash_out": "platform_fee",
    "custom": "platform_fee",
    "payment_processing": "payment_fee",
    "shipping": "shipping_cost",
}


class SaleError(ValueError):
    """A sale that cannot be recorded; the message says why."""


@dataclass(frozen=True)
class SaleLine:
    """One pair of a sale at its price; `fees` holds what the marketplace really charged
    for a fee field (platform_fee, payment_fee, shipping_cost), over the quote."""

    pair_id: int
    price: Decimal
    fees: dict[str, Decimal] = field(default_factory=dict)


def quoted_fees(quote: Quote) -> dict[str, Decimal]:
    """The quote's lines summed into the order's three fee fields."""
    fees = dict.fromkeys(FEE_FIELDS, Decimal("0.00"))
    for line in quote.lines:
        fees[FIELD_OF_FEE_TYPE[line.fee_type]] += line.amount
    return fees


def breakdown(quote: Quote, entered: dict[str, Decimal]) -> tuple[dict, dict]:
    """The fee fields of a sale (entered wins over quoted) and where each came from."""
    fees = quoted_fees(quote)
    source = dict.fromkeys(FEE_FIELDS, "quoted")
    for name, amount in entered.items():
        if name not in fees:
            raise SaleError(_("Unknown fee field %(name)s.") % {"name": name})
        if amount is not None:
            fees[name], source[name] = amount, "entered"
    return fees, source


def _external_id(marketplace: Marketplace, order_number: str, pair_id: int, together: int) -> str:
    """The marketplace's order number; for a sale without one (in person) or for each
    pair of several sold under one number, one derived from the pair (-2, -3 … when the
    pair was sold before and that sale cancelled)."""
    if order_number and together == 1:
        return order_number
    base = f"{order_number or 'SF'}-{pair_id}"
    taken = set(
        Order.objects.filter(marketplace=marketplace, external_id__startswith=base).values_list(
            "external_id", flat=True
        )
    )
    if not order_number:
        return next(
            c
            for n in range(1, len(taken) + 2)
            if (c := base if n == 1 else f"{base}-{n}") not in taken
        )
    return base


@transaction.atomic
def record_sale(
    *,
    marketplace: Marketplace,
    lines: list[SaleLine],
    sold_at: datetime,
    order_number: str = "",
    buyer_country: str = "",
    paid: bool = False,
    user=None,
) -> list[Order]:
    """Record the sale of one or more pairs; returns the orders (one per pair). `paid`:
    the money came at once (in person), so the payout is received on the sale's day."""
    if not lines:
        raise SaleError(_("Choose at least one pair."))
    ids = [line.pair_id for line in lines]
    if len(set(ids)) != len(ids):
        raise SaleError(_("Each pair can be sold only once in a sale."))
    pairs = StockItem.objects.in_bulk(ids)
    missing = sorted(set(ids) - set(pairs))
    if missing:
        raise SaleError(_("Pair #%(pair)s does not exist.") % {"pair": missing[0]})
    schedule = FeeSchedule.of(marketplace)
    sold_on = timezone.localdate(sold_at)
    orders = []
    for line in lines:
        external_id = _external_id(marketplace, order_number.strip(), line.pair_id, len(lines))
        if Order.objects.filter(marketplace=marketplace, external_id=external_id).exists():
            raise SaleError(
                _("%(marketplace)s already has an order %(number)s.")
                % {"marketplace": marketplace, "number": external_id}
            )
        quote = schedule.quote(line.price, sold_on)
        fees, source = breakdown(quote, line.fees)
        payout = quote.price - sum(fees.values())
        if payout < 0:
            raise SaleError(
                _("The fees (%(fees)s) are more than the price of pair #%(pair)s.")
                % {"fees": format_euro(sum(fees.values())), "pair": line.pair_id}
            )
        orders.append(
            Order(
                marketplace=marketplace,
                external_id=external_id,
                inventory_item=pairs[line.pair_id],
                status=Order.Status.COMPLETED,
                sold_at=sold_at,
                gross_sale=quote.price,
                net_proceeds=payout,
                payout_received=paid,
                payout_date=sold_at if paid else None,
                payout_amount_received=payout if paid else None,
                buyer_destination_country=buyer_country,
                platform_specific_data={
                    "entered_by_hand": True,
                    "fees": source,
                    "seller_level": quote.level,
                    "fee_rules": [line.rule.pk for line in quote.lines],
                },
                **fees,
            )
        )
    reasons = {o.inventory_item_id: _sold_reason(o) for o in orders}
    try:
        transition_pairs(
            status=StockStatus.SOLD, reasons=reasons, user_id=user.pk if user else None
        )
    except TransitionError as error:
        raise SaleError(str(error)) from error
    Order.objects.bulk_create(orders)
    recompute_profit(order_ids=[o.pk for o in orders])
    return list(Order.objects.filter(pk__in=[o.pk for o in orders]).order_by("pk"))


def _sold_reason(order: Order) -> str:
    return _("Sold on %(marketplace)s, order %(number)s") % {
        "marketplace": order.marketplace,
        "number": order.external_id,
    }


@transaction.atomic
def change_sale(
    order: Order, *, price: Decimal, sold_at: datetime, fees: dict[str, Decimal], user=None
) -> Order:
    """A corrected price, date or fee of a sale recorded by hand: quoted again, the
    entered fees over the quote, profit recomputed."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    quote = FeeSchedule.of(order.marketplace).quote(price, timezone.localdate(sold_at))
    values, source = breakdown(quote, fees)
    order.gross_sale, order.sold_at = quote.price, sold_at
    for name, amount in values.items():
        setattr(order, name, amount)
    order.net_proceeds = quote.price - sum(values.values())
    if order.net_proceeds < 0:
        raise SaleError(_("The fees are more than the price."))
    order.platform_specific_data = {
        **order.platform_specific_data,
        "fees": source,
        "seller_level": quote.level,
        "fee_rules": [line.rule.pk for line in quote.lines],
    }
    order.save()
    recompute_profit(order_ids=[order.pk])
    order.refresh_from_db()
    return order


@transaction.atomic
def cancel_sale(order: Order, *, user=None) -> Order:
    """The sale did not happen: the order is cancelled and its pair goes back to stock
    (with history) and is free to be sold again."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status == Order.Status.CANCELLED:
        raise SaleError(_("The order is already cancelled."))
    item = order.inventory_item
    if item is not None:
        item.refresh_from_db()
        if item.status != StockStatus.SOLD:
            raise SaleError(
                _("The pair is %(status)s; only a sold pair that has not shipped goes back.")
                % {"status": item.get_status_display()}
            )
        item.transition(
            StockStatus.IN_STOCK,
            user=user,
            reason=_("Sale %(number)s cancelled") % {"number": order.external_id},
        )
    order.status = Order.Status.CANCELLED
    order.inventory_item = None
    order.save(update_fields=["status", "inventory_item", "updated_at"])
    recompute_profit(order_ids=[order.pk])
    return order


@dataclass(frozen=True)
class LinePreview:
    """What a sale line will be before it is saved: every fee (quoted or entered), the
    payout and, when the pair's cost is known, output VAT and profit."""

    pair: StockItem
    quote: Quote
    fees: dict[str, Decimal]
    source: dict[str, str]
    payout: Decimal
    output_vat: Decimal | None
    net_profit: Decimal | None
    roi: Decimal | None


def preview_line(
    schedule: FeeSchedule, pair: StockItem, price: Decimal, entered: dict, sold_on
) -> LinePreview:
    quote = schedule.quote(price, sold_on)
    fees, source = breakdown(quote, entered)
    payout = quote.price - sum(fees.values())
    profit = pair_profit(
        pair=pair,
        treatment=schedule.marketplace.output_vat,
        gross_sale=quote.price,
        net_proceeds=payout,
        sold_on=sold_on,
    )
    if profit is None:
        return LinePreview(pair, quote, fees, source, payout, None, None, None)
    return LinePreview(
        pair, quote, fees, source, payout, profit.output_vat, profit.net_profit, profit.roi
    )
