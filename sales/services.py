"""Sales services: importing the StockX sales report, profit, and costs that arrive late."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import workflow
from inventory.models import SOLD_STATUSES, StockEvent, StockItem, StockStatus
from inventory.services import transition_pairs
from soleflip.core import imports
from soleflip.core.models import ImportBatch
from soleflip.lib.analytics import refresh_after_commit
from soleflip.lib.bulk import update_from_arrays
from soleflip.lib.money import GERMAN_VAT, purchase_cost
from soleflip.lib.rows import ImportFileError

from . import stockx_import
from .models import Marketplace, Order, OrderStatus
from .profit import compute_profit, cost_basis, treatment_for


@dataclass
class ImportResult:
    batch: ImportBatch
    plan: stockx_import.Plan | None
    file_error: str = ""
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_error and (self.plan is None or not self.plan.rejected)


def import_stockx_sales(*, batch: ImportBatch, commit: bool = True, progress=None) -> ImportResult:
    """Check the batch's file and, unless `commit` is False (dry run / preview) or rows
    are invalid without `batch.skip_invalid`, write everything in one transaction, through
    the import frame. `progress(rows_checked, rows_estimated)` is called as the file is read."""
    try:
        written = imports.run_batch(batch, commit=commit, progress=progress)
    except ImportFileError as exc:
        batch.refresh_from_db()
        return ImportResult(batch=batch, plan=None, file_error=str(exc))
    batch.refresh_from_db()
    return ImportResult(
        batch=batch, plan=stockx_import.Plan.from_summary(batch.summary), committed=bool(written)
    )


_PROFIT_COLUMNS = (
    ("output_vat", "numeric"),
    ("gross_profit", "numeric"),
    ("net_profit", "numeric"),
    ("roi", "numeric"),
    ("shelf_life_days", "integer"),
)


def recompute_profit(*, order_ids: list[int]) -> int:
    """Store profit, ROI and shelf life on the orders whose pair's cost is known, and clear
    them where it is not (an order without a known cost never shows a profit)."""
    rows = []
    orders = (
        Order.objects.filter(pk__in=order_ids)
        .select_related("inventory_item", "marketplace")
        .only(
            "gross_sale",
            "net_proceeds",
            "sold_at",
            "marketplace__output_vat",
            "inventory_item__tax_scheme",
            "inventory_item__purchase_price",
            "inventory_item__gross_purchase_price",
            "inventory_item__purchase_date",
        )
    )
    for order in orders.iterator(chunk_size=5000):
        item = order.inventory_item
        cost = item and cost_basis(
            tax_scheme=item.tax_scheme,
            net_price=item.purchase_price,
            gross_price=item.gross_purchase_price,
        )
        if cost is None or order.gross_sale is None or order.net_proceeds is None:
            rows.append((order.pk, None, None, None, None, None))
            continue
        profit = compute_profit(
            gross_sale=order.gross_sale,
            net_proceeds=order.net_proceeds,
            cost=cost,
            treatment=treatment_for(order.marketplace.output_vat, item.tax_scheme),
            sold_on=order.sold_at and timezone.localdate(order.sold_at),
            purchased_on=item.purchase_date,
        )
        rows.append(
            (
                order.pk,
                profit.output_vat,
                profit.gross_profit,
                profit.net_profit,
                profit.roi,
                profit.shelf_life_days,
            )
        )
    refresh_after_commit()
    with connection.cursor() as cursor:
        return update_from_arrays(cursor, 'sales."order"', "id", _PROFIT_COLUMNS, rows)


@transaction.atomic
def set_output_vat(*, marketplace: Marketplace, treatment: str) -> int:
    """Change a marketplace's output-VAT treatment and recompute the profit of its orders.
    Returns the number of orders recomputed."""
    if marketplace.output_vat != treatment:  # the admin has saved it already
        marketplace.output_vat = treatment
        marketplace.full_clean()
        marketplace.save(update_fields=["output_vat", "updated_at"])
    return recompute_profit(order_ids=list(marketplace.orders.values_list("pk", flat=True)))


@transaction.atomic
def enter_missing_cost(
    *,
    item: StockItem,
    gross: Decimal,
    tax_scheme: str,
    vat_rate: Decimal = GERMAN_VAT,
    purchase_date: date | None = None,
    user=None,
) -> StockItem:
    """Enter the purchase cost of a sold pair whose cost was missing; profit follows at once."""
    item = StockItem.objects.select_for_update().get(pk=item.pk)
    cost = purchase_cost(gross=gross, tax_scheme=tax_scheme, vat_rate=vat_rate)
    before = {
        "purchase_price": item.purchase_price,
        "gross_purchase_price": item.gross_purchase_price,
        "purchase_date": item.purchase_date,
    }
    item.purchase_price, item.gross_purchase_price = cost.net, cost.gross
    item.vat_rate, item.vat_amount, item.tax_scheme = cost.vat_rate, cost.vat, tax_scheme
    item.purchase_date = purchase_date or item.purchase_date
    item.save(
        update_fields=[
            "purchase_price",
            "gross_purchase_price",
            "vat_rate",
            "vat_amount",
            "tax_scheme",
            "purchase_date",
            "updated_at",
        ]
    )
    after = {
        "purchase_price": cost.net,
        "gross_purchase_price": cost.gross,
        "purchase_date": item.purchase_date,
    }
    StockEvent.objects.create(
        stock=item,
        user=user,
        kind=StockEvent.Kind.COST,
        reason=_("Purchase cost entered"),
        before={k: None if v is None else str(v) for k, v in before.items()},
        after={k: None if v is None else str(v) for k, v in after.items()},
    )
    recompute_profit(order_ids=list(item.orders.values_list("pk", flat=True)))
    return item


@transaction.atomic
def fill_cost_from_purchase(
    *,
    product_id: int,
    size_id: int,
    purchase_date: date | None,
    gross: Decimal,
    tax_scheme: str,
    vat_rate: Decimal = GERMAN_VAT,
    user=None,
    **purchase_fields,
) -> StockItem | None:
    """A purchase recorded after its sale: if a sold pair of the same product and size is
    still waiting for its cost, and was sold on or after this purchase date, the purchase
    becomes that pair's cost (the oldest such sale first) instead of new phantom stock.
    Returns the filled pair, or None when the caller should create a new pair.
    `purchase_fields` (supplier, delivery_date, purchase_order_number, invoice_number,
    location, ean) are copied onto the pair."""
    candidates = (
        StockItem.objects.select_for_update(of=("self",))
        .filter(
            product_id=product_id,
            size_id=size_id,
            status__in=SOLD_STATUSES,
            purchase_price__isnull=True,
            orders__isnull=False,
        )
        .order_by("orders__sold_at", "id")
    )
    if purchase_date:
        candidates = candidates.filter(orders__sold_at__date__gte=purchase_date)
    item = candidates.first()
    if item is None:
        return None
    for name, value in purchase_fields.items():
        setattr(item, name, value)
    item.save(update_fields=[*purchase_fields, "updated_at"])
    return enter_missing_cost(
        item=item,
        gross=gross,
        tax_scheme=tax_scheme,
        vat_rate=vat_rate,
        purchase_date=purchase_date,
        user=user,
    )


# Where a pair stands once its order has got this far, and the steps that lead there.
PAIR_FOLLOWS = {
    OrderStatus.SHIPPED: (StockStatus.SHIPPED,),
    OrderStatus.COMPLETED: (StockStatus.SHIPPED, StockStatus.COMPLETED),
}


def follow_orders(*, marketplace_id: int, numbers: list[str], user_id: int | None = None) -> int:
    """Move the sold pairs of these orders on as far as their orders have got (shipped,
    completed), step by step through the workflow with a history row per step: a pair
    whose order is completed goes sold -> shipped -> completed. Never moves a pair back;
    cancelled and returned orders are the syncs' business. Set-based: one statement per
    step. Returns the number of moves."""
    rows = list(
        Order.objects.filter(
            marketplace_id=marketplace_id,
            external_id__in=numbers,
            status__in=list(PAIR_FOLLOWS),
            inventory_item__isnull=False,
        ).values_list("inventory_item_id", "inventory_item__status", "status", "external_id")
    )
    moved = 0
    current = {pair: status for pair, status, _order_status, _number in rows}
    for step in (StockStatus.SHIPPED, StockStatus.COMPLETED):
        reasons = {
            pair: _("Order %(number)s %(status)s")
            % {"number": number, "status": OrderStatus(order_status).label.lower()}
            for pair, _status, order_status, number in rows
            if step in PAIR_FOLLOWS[order_status]
            and current[pair] in workflow.sources(step)
            and current[pair] != step
        }
        moved += transition_pairs(status=step, reasons=reasons, user_id=user_id)
        current.update(dict.fromkeys(reasons, step))
    return moved
