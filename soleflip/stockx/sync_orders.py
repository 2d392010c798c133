"""StockX order sync: `/selling/orders/history` and `/selling/orders/active` into
`sales.order`, upserted on the order number (the key the sales-report import uses, so an
order imported from the CSV is updated, never duplicated; its invoice number, buyer
country and payout reference stay).

Money from the order's `payout` (stockx-api.md §2.1):

    gross_sale   = salePrice (else the order's amount)
    platform_fee = −Σ transaction-fee adjustments ("Transaction Fee (8.5%)",
                   "MinTransactionFee", and any other adjustment not listed below)
    payment_fee  = −Σ "Payment Proc…" adjustments
    shipping     = −Σ "Shipping" adjustments
    net_proceeds = totalPayout

The sold pair is found exactly as the report import does (sales.stockx_import.link_sales:
FIFO over unsold pairs, else a sold pair with the cost missing); a pair listed through the
order's listing is taken first. Profit is recomputed for every order written. A cancelled
order gives its pair back to stock (a stand-in pair made for it is deleted, history kept);
a returned one marks its pair returned. Statuses: STATUS_MAP (unknown -> pending, the raw
status kept in platform_specific_data).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.models import Product
from catalog.sizes import SizeResolver, parse_size
from inventory.models import StockItem, StockStatus
from inventory.services import delete_pairs, transition_pairs
from sales import stockx_import
from sales.models import Listing, Order, OrderStatus
from sales.services import follow_orders, recompute_profit
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.lib.parsing import check_amount, to_cents

from .client import StockXError
from .connection import last_success, record_sync
from .models import SyncKind

PAGE_SIZE = 100
# The periodic sync asks for orders created this many days before its last good run, so
# late changes (a return, a cancellation) to recent orders are picked up too.
LOOKBACK_DAYS = 30
S = OrderStatus
# StockX order statuses (history and active enums) onto ours; unknown strings -> pending.
STATUS_MAP = {
    "CREATED": S.PENDING,
    "PENDING": S.PENDING,
    "CCAUTHORIZATIONFAILED": S.PENDING,
    "SUSPENDED": S.PENDING,
    "SHIPPED": S.SHIPPED,
    "RECEIVED": S.AUTHENTICATING,
    "AUTHENTICATING": S.AUTHENTICATING,
    # Authenticated but not yet paid out: not completed until the payout went through.
    "AUTHENTICATED": S.AUTHENTICATING,
    "PAYOUTPENDING": S.AUTHENTICATING,
    "PAYOUTFAILED": S.AUTHENTICATING,
    "PAYOUTCOMPLETED": S.COMPLETED,
    "SYSTEMFULFILLED": S.COMPLETED,
    "COMPLETED": S.COMPLETED,
    "CANCELED": S.CANCELLED,
    "DIDNOTSHIP": S.CANCELLED,
    "AUTHFAILED": S.CANCELLED,
    "RETURNED": S.RETURNED,
}
NOT_SOLD = (S.CANCELLED, S.RETURNED)
MONEY_FIELDS = ("gross_sale", "platform_fee", "payment_fee", "shipping_cost", "net_proceeds")


class BadValue(ValueError):
    """A value in StockX's JSON we cannot use: names the field and the value."""

    def __init__(self, field_name: str, value, reason: str) -> None:
        super().__init__(f'{field_name}: "{value}" {reason}')
        self.error = {"column": field_name, "value": None if value is None else str(value)}
        self.error["reason"] = reason


# --- reading StockX JSON (pure functions) ------------------------------------------------


def api_money(value, field_name: str) -> Decimal | None:
    """A StockX amount ("76.81", "-4.5", or a number) as Decimal to the cent."""
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise BadValue(field_name, value, _("is not an amount")) from None
    if not amount.is_finite():
        raise BadValue(field_name, value, _("is not an amount"))
    try:
        return check_amount(to_cents(amount))
    except ValueError as exc:
        raise BadValue(field_name, value, str(exc)) from None


def api_datetime(value, field_name: str) -> datetime | None:
    """An ISO-8601 timestamp like 2025-03-14T09:21:05.000Z (UTC when no offset)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise BadValue(field_name, value, _("is not an ISO timestamp")) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def api_date(value, field_name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise BadValue(field_name, value, _("is not a date (YYYY-MM-DD)")) from None


def map_status(raw: str | None) -> str:
    return STATUS_MAP.get((raw or "").strip().upper(), S.PENDING)


def adjustment_kind(adjustment_type: str) -> str:
    """Which fee an adjustment is: payment, shipping, else platform (transaction fees,
    the minimum transaction fee and anything StockX adds later, so the payout identity
    gross − fees = payout always holds)."""
    text = (adjustment_type or "").lower()
    if "payment proc" in text:
        return "payment_fee"
    if "shipping" in text:
        return "shipping_cost"
    return "platform_fee"


def payout_breakdown(payout: dict, amount) -> dict:
    """The order's money from its `payout` object (see the module docstring)."""
    gross = api_money(payout.get("salePrice"), "payout.salePrice")
    if gross is None:
        gross = api_money(amount, "amount")
    fees = {"platform_fee": Decimal("0.00"), "payment_fee": Decimal("0.00")}
    fees["shipping_cost"] = Decimal("0.00")
    for index, adjustment in enumerate(payout.get("adjustments") or []):
        name = f"payout.adjustments[{index}].amount"
        value = api_money(adjustment.get("amount"), name) or Decimal("0.00")
        fees[adjustment_kind(adjustment.get("adjustmentType", ""))] -= value
    net = api_money(payout.get("totalPayout"), "payout.totalPayout")
    if net is None and gross is not None:
        net = gross - sum(fees.values())
    for name in ("platform_fee", "payment_fee"):
        if fees[name] < 0:
            raise BadValue(f"payout {name}", fees[name], _("is negative (a credit, not a fee)"))
    if net is not None and net < 0:
        raise BadValue("payout.totalPayout", net, _("is negative"))
    if gross is not None and gross < 0:
        raise BadValue("payout.salePrice", gross, _("is negative"))
    return {"gross_sale": gross, **fees, "net_proceeds": net}


@dataclass
class ApiOrder:
    """One StockX order, read and checked; `errors` lists what is wrong with it."""

    raw: dict
    number: str = ""
    raw_status: str = ""
    status: str = S.PENDING
    sold_at: datetime | None = None
    currency: str = "EUR"
    money: dict = field(default_factory=dict)
    has_payout: bool = False
    product_id: str = ""
    product_name: str = ""
    style_id: str = ""
    variant_id: str = ""
    variant_value: str = ""
    listing_id: str = ""
    ask_id: str = ""
    # totalPayout minus (salePrice − fees) when StockX's numbers do not add up.
    payout_difference: Decimal | None = None
    errors: list[dict] = field(default_factory=list)

    @property
    def sku(self) -> str:
        return stockx_import.product_sku(self.style_id or None, self.product_name)

    def platform_data(self) -> dict:
        """What the sales report lacks, kept on the order (`platform_specific_data`)."""
        shipments = self.raw.get("initiatedShipments") or {}
        extra = {}
        if self.payout_difference:
            extra["payout_difference"] = str(self.payout_difference)
        return {
            **extra,
            "stockx_status": self.raw_status,
            "product_id": self.product_id,
            "variant_id": self.variant_id,
            "style_id": self.style_id,
            "variant_value": self.variant_value,
            "ask_id": self.ask_id,
            "listing_id": self.listing_id,
            "inventory_type": self.raw.get("inventoryType") or "",
            "shipment_display_id": ((shipments.get("inbound") or {}).get("displayId") or ""),
            "api_updated_at": self.raw.get("updatedAt"),
        }


def read_order(data: dict) -> ApiOrder:
    """An order object of /selling/orders/history or /active, checked field by field."""
    order = ApiOrder(raw=data)
    order.number = str(data.get("orderNumber") or "").strip()
    if not order.number:
        order.errors.append({"column": "orderNumber", "value": None, "reason": _("is missing")})
    elif len(order.number) > 100:
        order.errors.append(
            {"column": "orderNumber", "value": order.number, "reason": _("is too long")}
        )
    order.raw_status = str(data.get("status") or "")
    order.status = map_status(order.raw_status)
    product, variant = data.get("product") or {}, data.get("variant") or {}
    order.product_id = str(product.get("productId") or "")
    order.product_name = str(product.get("productName") or "").strip()
    order.style_id = str(product.get("styleId") or "").strip()
    order.variant_id = str(variant.get("variantId") or "")
    order.variant_value = str(variant.get("variantValue") or "").strip()
    order.listing_id = str(data.get("listingId") or "")
    order.ask_id = str(data.get("askId") or "")
    if not order.product_name and not order.style_id:
        order.product_name = f"StockX product {order.product_id or 'unknown'}"
    payout = data.get("payout") or None
    currency = (payout or {}).get("currencyCode") or data.get("currencyCode") or "EUR"
    if not re.fullmatch(r"[A-Z]{3}", str(currency)):
        order.errors.append(
            {"column": "currencyCode", "value": str(currency), "reason": _("is not a currency")}
        )
    order.currency = str(currency)
    try:
        order.sold_at = api_datetime(data.get("createdAt"), "createdAt")
    except BadValue as exc:
        order.errors.append(exc.error)
    try:
        if payout:
            order.money, order.has_payout = payout_breakdown(payout, data.get("amount")), True
            money = order.money
            if money["gross_sale"] is not None and money["net_proceeds"] is not None:
                fees = money["platform_fee"] + money["payment_fee"] + money["shipping_cost"]
                order.payout_difference = money["net_proceeds"] - (money["gross_sale"] - fees)
        else:
            order.money = {"gross_sale": api_money(data.get("amount"), "amount")}
            if (order.money["gross_sale"] or 0) < 0:
                raise BadValue("amount", data.get("amount"), _("is negative"))
    except BadValue as exc:
        order.errors.append(exc.error)
    if order.sold_at is None and not any(e["column"] == "createdAt" for e in order.errors):
        order.errors.append({"column": "createdAt", "value": None, "reason": _("is missing")})
    return order


# --- batches (shared by the three syncs) --------------------------------------------------


def start_batch(batch: ImportBatch) -> None:
    batch.start(ImportBatch.Status.IMPORTING)


def finish_batch(batch: ImportBatch, counts: dict, *, error: str = "") -> None:
    """Store the counts on the batch; a run-level error marks it failed."""
    rows, rejected = counts.get("total", 0), counts.get("rejected", 0)
    if error:
        batch.fail(error, rows=rows, rejected=rejected, summary=counts)
        return
    batch.finish(
        rows=rows,
        rejected=rejected,
        summary=counts,
        created=counts.get("created", 0),
        updated=counts.get("updated", 0),
        unchanged=counts.get("unchanged", 0),
        note=rejected_note(rejected),
    )


def rejected_note(rejected: int) -> str:
    """The batch page's note on the rows a sync could not use (German by default: syncs
    run outside a request)."""
    if not rejected:
        return ""
    return ngettext(
        "%(n)s item could not be used; see the rows below.",
        "%(n)s items could not be used; see the rows below.",
        rejected,
    ) % {"n": rejected}


def fail_batch(batch: ImportBatch, kind: str, exc: Exception, counts: dict) -> dict:
    """A run that could not finish (StockX unreachable, refused, over budget): nothing of
    it is written; the batch and the connection page say why."""
    message = _("StockX sync of %(kind)s failed: %(reason)s") % {
        "kind": SyncKind(kind).label,
        "reason": exc,
    }
    counts["error"] = message
    finish_batch(batch, counts, error=message)
    record_sync(kind, started_at=batch.started_at, succeeded=False, error=message)
    return counts


def record(
    batch: ImportBatch, line: int, raw: dict, key: str, errors=(), status=""
) -> ImportRecord:
    errors = [{"line": line, **e} for e in errors]
    return ImportRecord(
        batch=batch,
        line_number=line,
        source_data=raw,
        processed_data={"order_number": key},
        status=status or (ImportRecord.Status.REJECTED if errors else ImportRecord.Status.VALID),
        validation_errors=errors,
    )


# --- the sync -----------------------------------------------------------------------------


def default_from_date() -> date | None:
    """The history start for a periodic run; None (all history) before the first good run."""
    last = last_success("orders")
    return None if last is None else timezone.localdate(last) - timedelta(days=LOOKBACK_DAYS)


def fetch_orders(client, *, from_date: date | None, to_date: date | None) -> list[dict]:
    """Every order of the history (in the date range) and every active order, all pages.
    An order in both lists counts once (the active copy is the newer)."""
    params: dict = {"pageSize": PAGE_SIZE}
    if from_date:
        params["fromDate"] = from_date.isoformat()
    if to_date:
        params["toDate"] = to_date.isoformat()
    by_number: dict[str, dict] = {}
    unnumbered = []
    for path, query in (
        ("/selling/orders/history", params),
        ("/selling/orders/active", {"pageSize": PAGE_SIZE}),
    ):
        for data in client.pages(path, dict(query), "orders"):
            number = str(data.get("orderNumber") or "").strip()
            if number:
                by_number[number] = data
            else:
                unnumbered.append(data)
    return [*by_number.values(), *unnumbered]


def sync_orders(
    *, client, batch: ImportBatch, from_date: date | None = None, to_date: date | None = None
) -> dict:
    """Pull StockX orders into sales.Order (see the module docstring). Orders with unusable
    values are recorded as rejected rows on the batch and the others are written, all in
    one transaction. Returns the counts (also stored on the batch)."""
    return run_sync(
        batch=batch,
        kind="orders",
        fetch=lambda: fetch_orders(client, from_date=from_date, to_date=to_date),
        read=read_order,
        write=_write,
    )


def run_sync(*, batch: ImportBatch, kind: str, fetch, read, write) -> dict:
    """The frame of every StockX sync: fetch all payloads (a StockX failure fails the batch
    with nothing written), read each, write them all in one transaction with the batch's
    counts and the sync record. Returns the counts."""
    start_batch(batch)
    counts = {"total": 0, "created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    try:
        payloads = fetch()
    except StockXError as exc:
        return fail_batch(batch, kind, exc, counts)
    items = [read(data) for data in payloads]
    counts["total"] = len(items)
    try:
        with transaction.atomic():
            counts.update(write(batch, items))
            finish_batch(batch, counts)
            record_sync(kind, started_at=batch.started_at, items=len(items))
    except Exception as exc:
        fail_batch(batch, kind, unexpected_failure(exc), counts)
        raise
    return counts


def unexpected_failure(exc: Exception) -> Exception:
    detail = f"{type(exc).__name__}: {exc}"
    return Exception((_("nothing was written (%(detail)s)") % {"detail": detail})[:500])


def _write(batch: ImportBatch, orders: list[ApiOrder]) -> dict:
    market = stockx_import.stockx()
    valid = [o for o in orders if not o.errors]
    products = _resolve_products(valid)
    resolver = SizeResolver()
    sizes = {o.number: parse_size(o.variant_value, o.product_name) for o in valid}
    for key in sizes.values():
        resolver.id_for(key)
    resolver.create_missing()
    existing = {
        o.external_id: o
        for o in Order.objects.select_for_update(of=("self",))
        .select_related("inventory_item")
        .filter(marketplace=market, external_id__in=[o.number for o in valid])
    }
    listings = {
        lst.external_id: lst
        for lst in Listing.objects.select_related("inventory_item").filter(
            marketplace=market, external_id__in=[o.listing_id for o in valid if o.listing_id]
        )
    }
    outcomes, written, to_match = {}, [], []
    for api in valid:
        order = existing.get(api.number)
        outcome, order = _upsert(market, api, order, listings.get(api.listing_id))
        outcomes[api.number] = outcome
        if outcome != "unchanged":
            written.append(order.pk)
        if api.status in NOT_SOLD:
            _unsell(order, api)
        elif order.inventory_item_id is None:
            to_match.append((api, order))
    matched_by_listing = _match_through_listings(to_match, listings)
    rest = [(api, order) for api, order in to_match if api.number not in matched_by_listing]
    sales = [
        stockx_import.Sale(
            0,
            api.number,
            products[api.number].sku,
            sizes[api.number],
            api.sold_at,
            api.product_name,
            api.style_id or None,
            "",
            api.money.get("gross_sale"),
            api.money.get("net_proceeds"),
        )
        for api, _ in rest
    ]
    pairs, plan = stockx_import.link_sales(
        sales=sales,
        product_ids={p.sku: p.pk for p in products.values()},
        resolver=resolver,
        user_id=batch.created_by_id,
    )
    for api, order in rest:
        Order.objects.filter(pk=order.pk).update(inventory_item_id=pairs[api.number])
        written.append(order.pk)
    written.extend(order.pk for api, order in to_match if api.number in matched_by_listing)
    recompute_profit(order_ids=sorted(set(written)))
    follow_orders(
        marketplace_id=market.pk,
        numbers=[api.number for api in valid if api.status not in NOT_SOLD],
        user_id=batch.created_by_id,
    )
    # A row per order that changed or could not be used; unchanged ones are only counted
    # (the sync runs every 15 minutes).
    records = []
    for line, api in enumerate(orders, start=1):
        status = outcomes.get(api.number, ImportRecord.Status.REJECTED)
        if status != "unchanged":
            records.append(record(batch, line, api.raw, api.number, api.errors, status))
    ImportRecord.objects.bulk_create(records, batch_size=1000)
    values = list(outcomes.values())
    return {
        "created": values.count("created"),
        "updated": values.count("updated"),
        "unchanged": values.count("unchanged"),
        "rejected": len(orders) - len(valid),
        "matched_to_stock": plan.matched_to_stock + len(matched_by_listing),
        "cost_missing": plan.cost_missing,
    }


def _resolve_products(orders: list[ApiOrder]) -> dict[str, Product]:
    """{order number: product}: by StockX product id, then style code as SKU, else a new
    product made as the sales-report import makes it; the StockX id is stored on it."""
    by_stockx = {
        p.stockx_product_id: p
        for p in Product.objects.filter(
            stockx_product_id__in=[o.product_id for o in orders if o.product_id]
        )
    }
    found, rest = {}, []
    for order in orders:
        product = by_stockx.get(order.product_id)
        if product:
            found[order.number] = product
        else:
            rest.append(order)
    if rest:
        sales = [
            stockx_import.Sale(
                0,
                o.number,
                o.sku,
                parse_size(o.variant_value, o.product_name),
                o.sold_at,
                o.product_name or o.style_id,
                o.style_id or None,
                "",
                None,
                None,
            )
            for o in rest
        ]
        ids = stockx_import.ensure_products(sales)
        by_sku = Product.objects.in_bulk(list(ids.values()))
        taken = set(by_stockx)
        for order in rest:
            product = by_sku[ids[order.sku]]
            if order.product_id and not product.stockx_product_id and order.product_id not in taken:
                product.stockx_product_id = order.product_id
                product.save(update_fields=["stockx_product_id", "updated_at"])
                taken.add(order.product_id)
            found[order.number] = product
    return found


def _upsert(market, api: ApiOrder, order: Order | None, listing: Listing | None):
    """Create or update one order; returns (outcome, order)."""
    platform = api.platform_data()
    if order is None:
        order = Order(
            marketplace=market,
            external_id=api.number,
            stockx_order_number=api.number,
            raw_data=api.raw,
            platform_specific_data={"source": "stockx_api", **platform},
        )
        outcome = "created"
    else:
        outcome = "updated"
    before = _snapshot(order) if outcome == "updated" else None
    order.status = api.status
    order.sold_at = api.sold_at
    order.currency_code = api.currency
    if api.has_payout:
        for name in MONEY_FIELDS:
            setattr(order, name, api.money[name])
    elif order.gross_sale is None:
        order.gross_sale = api.money.get("gross_sale")
    if listing is not None:
        order.listing = listing
    if outcome == "updated":
        # A report-imported order keeps its CSV row as raw data; the API JSON sits beside it.
        if "orderNumber" in (order.raw_data or {}):
            order.raw_data = api.raw
        else:
            platform["api_raw"] = api.raw
        order.platform_specific_data = {**order.platform_specific_data, **platform}
        if _snapshot(order) == before:
            return "unchanged", order
    # The table's check constraints hold by construction (read_order refuses negative
    # amounts and bad currencies); checking them here would cost 8 queries an order.
    order.full_clean(
        exclude=["marketplace", "inventory_item", "listing"], validate_constraints=False
    )
    order.save()
    return outcome, order


def _snapshot(order: Order) -> tuple:
    return (
        order.status,
        order.sold_at,
        order.currency_code,
        *(getattr(order, name) for name in MONEY_FIELDS),
        order.listing_id,
        order.raw_data,
        order.platform_specific_data,
    )


def _match_through_listings(to_match, listings: dict[str, Listing]) -> set[str]:
    """Orders whose listing is tied to a pair take that pair (it is the one that sold);
    the unsold ones among them are sold together, through the stock workflow."""
    pair_of = {
        api.number: listings[api.listing_id].inventory_item_id
        for api, _ in to_match
        if api.listing_id in listings and listings[api.listing_id].inventory_item_id
    }
    taken = set(
        Order.objects.filter(inventory_item_id__in=pair_of.values()).values_list(
            "inventory_item_id", flat=True
        )
    )
    # The pairs' statuses now, locked until the sync commits.
    statuses = dict(
        StockItem.objects.select_for_update()
        .filter(pk__in=pair_of.values())
        .values_list("pk", "status")
    )
    matched, to_sell = set(), {}
    for api, order in to_match:
        pk = pair_of.get(api.number)
        if pk is None or pk in taken:
            continue
        if statuses[pk] in StockItem.UNSOLD_STATUSES:
            to_sell[pk] = _("Sold on StockX, order %(number)s") % {"number": api.number}
        elif statuses[pk] != StockStatus.SOLD:
            continue
        Order.objects.filter(pk=order.pk).update(inventory_item_id=pk)
        taken.add(pk)
        matched.add(api.number)
    transition_pairs(status=StockStatus.SOLD, reasons=to_sell)
    return matched


def _unsell(order: Order, api: ApiOrder) -> None:
    """A cancelled order gives its pair back to stock; a stand-in pair made for the sale
    (cost still missing) then goes, its history kept. A returned order marks it returned."""
    item = order.inventory_item
    if item is None:
        return
    item.refresh_from_db()
    if api.status == S.RETURNED:
        if item.is_sold:
            reason = _("StockX order %(number)s returned") % {"number": api.number}
            item.transition(StockStatus.RETURNED, reason=reason)
        return
    if item.status != StockStatus.SOLD:
        return
    stand_in = (
        item.purchase_price is None and item.external_ids.get("stockx_order_number") == api.number
    )
    item.transition(
        StockStatus.IN_STOCK,
        reason=_("StockX order %(number)s %(status)s")
        % {"number": api.number, "status": api.raw_status.lower() or _("cancelled")},
    )
    Order.objects.filter(pk=order.pk).update(inventory_item=None)
    order.inventory_item = None
    if stand_in:
        delete_pairs(ids=[item.pk])
