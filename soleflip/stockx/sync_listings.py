"""StockX listing sync: every listing of `/selling/listings` into `sales.listing`, upserted
on the StockX listing id, and tied to the pair it sells where we know it.

The pair of a listing is, in this order: the pair already linked; a pair whose
`external_ids.stockx_listing_id` is the listing id; the pair of the order sold through the
listing; and, for an ACTIVE listing only, the oldest in-stock pair of the same product and
size that no other live listing holds. Status moves go through the stock workflow (so each
leaves a history row) when a listing is new, changes status or gets its pair:

    ACTIVE                      in stock -> listed
    MATCHED / COMPLETED         unsold   -> sold
    DELETED / CANCELED / INACTIVE  listed -> in stock (unless another live listing holds it)

The ask price is a selling price: it goes to the listing and the price history, never into
a pair's purchase cost.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.sizes import SizeResolver, parse_size
from inventory.models import StockItem, StockStatus
from inventory.services import transition_pairs
from sales import stockx_import
from sales.models import LIVE_LISTING_STATUSES, Listing, ListingStatus, Order
from soleflip.core.models import ImportBatch, ImportRecord

from .asks import record_ask_price
from .sync_orders import BadValue, api_datetime, api_money, run_sync

PAGE_SIZE = 100
L = ListingStatus
STATUS_MAP = {
    "ACTIVE": L.ACTIVE,
    "INACTIVE": L.INACTIVE,
    "MATCHED": L.MATCHED,
    "COMPLETED": L.COMPLETED,
    "DELETED": L.DELETED,
    "CANCELED": L.CANCELLED,
    "CANCELLED": L.CANCELLED,
    "EXPIRED": L.EXPIRED,
    "FAILED": L.FAILED,
}
LIVE = LIVE_LISTING_STATUSES
SOLD = (L.MATCHED, L.COMPLETED)
ENDED = (L.DELETED, L.CANCELLED, L.INACTIVE, L.EXPIRED, L.FAILED)


@dataclass
class ApiListing:
    raw: dict
    listing_id: str = ""
    raw_status: str = ""
    status: str = L.PENDING
    amount: Decimal | None = None
    currency: str = "EUR"
    inventory_type: str = ""
    listed_at: datetime | None = None
    expires_at: datetime | None = None
    product_id: str = ""
    product_name: str = ""
    style_id: str = ""
    variant_value: str = ""
    order_number: str = ""
    errors: list[dict] = field(default_factory=list)


def read_listing(data: dict) -> ApiListing:
    """A listing of /selling/listings, checked field by field."""
    item = ApiListing(raw=data)  # StockX's listing as read, not a pair: its status is the ask's
    item.listing_id = str(data.get("listingId") or "").strip()
    if not item.listing_id:
        item.errors.append({"column": "listingId", "value": None, "reason": _("is missing")})
    item.raw_status = str(data.get("status") or "")
    item.status = STATUS_MAP.get(item.raw_status.upper(), L.PENDING)
    item.currency = str(data.get("currencyCode") or "EUR")
    if not re.fullmatch(r"[A-Z]{3}", item.currency):
        item.errors.append(
            {"column": "currencyCode", "value": item.currency, "reason": _("is not a currency")}
        )
    item.inventory_type = str(data.get("inventoryType") or "")[:30]
    product, variant = data.get("product") or {}, data.get("variant") or {}
    item.product_id = str(product.get("productId") or "")
    item.product_name = str(product.get("productName") or "")
    item.style_id = str(product.get("styleId") or "").strip()
    item.variant_value = str(variant.get("variantValue") or "").strip()
    item.order_number = str((data.get("order") or {}).get("orderNumber") or "")
    try:
        item.amount = api_money(data.get("amount"), "amount")
        if item.amount is not None and item.amount < 0:
            raise BadValue("amount", data.get("amount"), _("is negative"))
        item.listed_at = api_datetime(data.get("createdAt"), "createdAt")
        ask = data.get("ask") or {}
        item.expires_at = api_datetime(ask.get("askExpiresAt"), "ask.askExpiresAt")
    except BadValue as exc:
        item.errors.append(exc.error)
    return item


def sync_listings(*, client, batch: ImportBatch) -> dict:
    """Pull every StockX listing into sales.Listing (see the module docstring); listings
    with unusable values are recorded as rejected rows, the rest written in one
    transaction. Returns the counts (also stored on the batch)."""
    return run_sync(
        batch=batch,
        kind="listings",
        fetch=lambda: list(client.pages("/selling/listings", {"pageSize": PAGE_SIZE}, "listings")),
        read=read_listing,
        write=_write,
    )


def _write(batch: ImportBatch, listings: list[ApiListing]) -> dict:
    market = stockx_import.stockx()
    existing = {
        row.external_id: row
        for row in Listing.objects.select_for_update(of=("self",))
        .select_related("inventory_item")
        .filter(marketplace=market, external_id__in=[x.listing_id for x in listings])
    }
    known = _Known(market, listings)
    outcomes: dict[str, str] = {}
    moves = {"listed": 0, "sold": 0, "back_in_stock": 0}
    records = []
    for line, api in enumerate(listings, start=1):
        row = existing.get(api.listing_id)
        if not api.errors and row is None and api.amount is None:
            api.errors.append({"column": "amount", "value": None, "reason": _("is missing")})
        if api.errors:
            records.append(_record(batch, line, api, ImportRecord.Status.REJECTED))
            continue
        outcome, row, moved = _upsert(market, api, row, known)
        outcomes[api.listing_id] = outcome
        if moved:
            moves[moved] += 1
        if outcome != "unchanged":  # counted only: the sync runs every 30 minutes
            records.append(_record(batch, line, api, outcome))
    ImportRecord.objects.bulk_create(records, batch_size=1000)
    _link_orders(market)
    values = list(outcomes.values())
    return {
        "created": values.count("created"),
        "updated": values.count("updated"),
        "unchanged": values.count("unchanged"),
        "rejected": sum(1 for x in listings if x.errors),
        **moves,
    }


def _link_orders(market) -> None:
    """Orders synced before their listing get it now (the order keeps the listing id)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE sales."order" o SET listing_id = l.id
               FROM sales.listing l
               WHERE o.marketplace_id = %s AND l.marketplace_id = o.marketplace_id
                 AND o.listing_id IS NULL AND l.status = ANY(%s)
                 AND l.external_id = o.platform_specific_data->>'listing_id'""",
            [market.pk, list(SOLD)],
        )


def _record(batch, line, api: ApiListing, status: str) -> ImportRecord:
    return ImportRecord(
        batch=batch,
        line_number=line,
        source_data=api.raw,
        processed_data={"order_number": _("listing %(id)s") % {"id": api.listing_id}},
        status=status,
        validation_errors=[{"line": line, **e} for e in api.errors],
    )


_COMPARED = (
    "status",
    "amount",
    "currency",
    "inventory_type",
    "expires_at",
    "listed_at",
    "raw_data",
    "inventory_item_id",
)


def _upsert(market, api: ApiListing, row: Listing | None, known: "_Known"):
    """Create or update one listing and move its pair; returns (outcome, listing, move).
    An unchanged listing is not written."""
    created = row is None
    if created:
        row = Listing(marketplace=market, external_id=api.listing_id)
    before = None if created else tuple(getattr(row, name) for name in _COMPARED)
    status_changed = created or row.status != api.status
    price_changed = api.amount is not None and row.amount != api.amount
    previous = None if created else row.amount
    row.status = api.status
    if api.amount is not None:
        row.amount = api.amount
    row.currency = api.currency
    row.inventory_type = api.inventory_type
    row.expires_at = api.expires_at
    row.listed_at = row.listed_at or api.listed_at
    row.raw_data = api.raw
    pair_is_new = False
    if row.inventory_item_id is None:
        item = known.pair_for(api)
        if item is not None:
            row.inventory_item, pair_is_new = item, True
    if before is not None and before == tuple(getattr(row, name) for name in _COMPARED):
        return "unchanged", row, ""
    # Check constraints hold by construction (read_listing); see sync_orders._upsert.
    row.full_clean(exclude=["marketplace", "inventory_item"], validate_constraints=False)
    row.save()
    move = ""
    if row.inventory_item_id and (status_changed or pair_is_new):
        move = _move_pair(row, api)
    if price_changed and row.inventory_item_id:
        record_ask_price(
            row, source="stockx_listings", previous=previous, reason=_("changed on StockX")
        )
    return ("created" if created else "updated"), row, move


class _Known:
    """What finding a listing's pair needs, read once per run instead of per listing."""

    def __init__(self, market, listings: list[ApiListing]) -> None:
        ids = [x.listing_id for x in listings if x.listing_id]
        self.by_listing_id: dict[str, StockItem] = {}
        for item in StockItem.objects.filter(external_ids__stockx_listing_id__in=ids).order_by(
            "-id"
        ):
            self.by_listing_id[item.external_ids["stockx_listing_id"]] = item
        self.sold_through: dict[str, StockItem] = {
            order.platform_specific_data["listing_id"]: order.inventory_item
            for order in Order.objects.filter(
                marketplace=market,
                inventory_item__isnull=False,
                platform_specific_data__listing_id__in=ids,
            ).select_related("inventory_item")
        }
        active = [x for x in listings if x.status == L.ACTIVE]
        self.products_by_id = {
            p.stockx_product_id: p
            for p in Product.objects.filter(
                stockx_product_id__in=[x.product_id for x in active if x.product_id]
            )
        }
        self.products_by_sku = {
            p.sku: p
            for p in Product.objects.filter(
                sku__in=[stockx_import.product_sku(x.style_id, "") for x in active if x.style_id]
            )
        }
        self.sizes = SizeResolver()
        # (product, size) keys that have a free pair at all: most asks have none.
        self.free = set(
            StockItem.objects.filter(
                status=StockStatus.IN_STOCK,
                product__in=[*self.products_by_id.values(), *self.products_by_sku.values()],
            )
            .exclude(listings__status__in=LIVE)
            .values_list("product_id", "size_id")
        )

    def pair_for(self, api: ApiListing) -> StockItem | None:
        item = self.by_listing_id.get(api.listing_id)
        if item is not None:
            return item
        if api.status in SOLD:
            return self.sold_through.get(api.listing_id)
        if api.status != L.ACTIVE:
            return None
        product = self.product_for(api)
        size_id = product and self.sizes.id_for(
            parse_size(api.variant_value, api.product_name or product.name)
        )
        if not size_id or (product.pk, size_id) not in self.free:
            return None
        return (
            StockItem.objects.select_for_update()
            .filter(product=product, size_id=size_id, status=StockStatus.IN_STOCK)
            .exclude(listings__status__in=LIVE)
            .order_by("purchase_date", "id")
            .first()
        )

    def product_for(self, api: ApiListing) -> Product | None:
        """Our product for the listing (never created here: a listing without stock of
        ours stays unlinked)."""
        product = self.products_by_id.get(api.product_id)
        if product is None and api.style_id:
            product = self.products_by_sku.get(stockx_import.product_sku(api.style_id, ""))
        return product


def _move_pair(row: Listing, api: ApiListing) -> str:
    item = StockItem.objects.get(pk=row.inventory_item_id)
    reason = _("StockX listing %(id)s %(status)s") % {
        "id": api.listing_id,
        "status": api.raw_status.lower() or row.status,
    }
    if row.status == L.ACTIVE and item.status == StockStatus.IN_STOCK:
        item.transition(StockStatus.LISTED, reason=reason)
        return "listed"
    if row.status in SOLD and item.status in StockItem.UNSOLD_STATUSES:
        transition_pairs(status=StockStatus.SOLD, reasons={item.pk: reason})
        return "sold"
    if row.status in ENDED and item.status == StockStatus.LISTED:
        still_live = (
            Listing.objects.filter(inventory_item=item, status=L.ACTIVE).exclude(pk=row.pk).exists()
        )
        if not still_live:
            item.transition(StockStatus.IN_STOCK, reason=reason)
            return "back_in_stock"
    return ""
