"""Listing a pair on StockX from the app: create an ask, change its price, take it down.

Every write is asynchronous at StockX: it answers with an operation that we poll until it
SUCCEEDED or FAILED (at most ASK_POLLS times). Only a success changes our listing and the
pair (through the stock workflow, so the history shows it). A write is never repeated
blindly: when StockX's answer is lost (timeout, 5xx) we read the listing back and go by
what it says. The variant comes from the product's StockX id and the pair's size, never
"the first variant"; the ask price never touches the purchase cost.
"""

import time
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import ProductVariant
from catalog.sizes import SizeResolver, parse_size
from inventory.models import StockItem, StockStatus
from pricing.models import MarketPrice, PriceHistory
from sales.models import LIVE_LISTING_STATUSES, Listing, ListingStatus, Marketplace
from soleflip.lib.formats import format_euro

from .client import StockXError, StockXNotFound

LIVE = LIVE_LISTING_STATUSES


class AskError(Exception):
    """Why an ask could not be placed or changed, in words for the page."""


def stockx_market() -> Marketplace:
    return Marketplace.objects.get(slug="stockx")


def live_asks(item: StockItem):
    return Listing.objects.filter(
        inventory_item=item, marketplace__slug="stockx", status__in=LIVE
    ).order_by("-created_at")


def suggested_price(item: StockItem) -> Decimal | None:
    """The latest StockX market data for the pair's product and size, in EUR: "earn more"
    if known, else the lowest ask."""
    price = (
        MarketPrice.objects.filter(
            product_id=item.product_id,
            size_id=item.size_id,
            marketplace__slug="stockx",
            currency="EUR",
        )
        .order_by("-price_date", "-id")
        .first()
    )
    return price and (price.earn_more or price.lowest_ask)


def variant_id(*, client, item: StockItem) -> str:
    """The StockX variant of the pair: from our stored variants, else from StockX's
    variants of the product matched on the size."""
    product = item.product
    if not product.stockx_product_id:
        raise AskError(
            _(
                "%(sku)s has no StockX product yet: enrich it first "
                "(python manage.py stockx_enrich --sku %(sku)s)."
            )
            % {"sku": product.sku}
        )
    stored = (
        ProductVariant.objects.filter(product=product, size_id=item.size_id)
        .exclude(stockx_variant_id=None)
        .values_list("stockx_variant_id", flat=True)
        .first()
    )
    if stored:
        return stored
    variants = client.get(f"/catalog/products/{product.stockx_product_id}/variants")
    resolver = SizeResolver()
    found = [
        v["variantId"]
        for v in variants
        if resolver.id_for(parse_size(v.get("variantValue"), product.name)) == item.size_id
    ]
    if len(found) != 1:
        where = {"sku": product.sku, "size": item.size, "n": len(found)}
        if not found:
            raise AskError(_("StockX has no variants of %(sku)s in size %(size)s.") % where)
        raise AskError(_("StockX has %(n)s variants of %(sku)s in size %(size)s.") % where)
    return found[0]


def create_ask(
    *, client, item: StockItem, amount: Decimal, user=None, reason: str | None = None
) -> Listing:
    if item.status != StockStatus.IN_STOCK:
        raise AskError(
            _("Only a pair in stock can be listed (this one is %(status)s).")
            % {"status": item.get_status_display()}
        )
    if live_asks(item).exists():
        raise AskError(_("This pair already has a live StockX ask: change its price instead."))
    _check_amount(amount)
    variant = variant_id(client=client, item=item)
    body = {"amount": _amount(amount), "variantId": variant, "currencyCode": "EUR"}
    try:
        operation = client.post("/selling/listings", json=body)
    except StockXError as exc:
        if exc.status is not None and exc.status < 500:
            raise AskError(
                _("StockX refused the ask: %(reason)s") % {"reason": exc.message}
            ) from exc
        operation = _created_meanwhile(client, variant, amount)
        if operation is None:
            raise AskError(
                _(
                    "StockX did not answer and no new ask of this size is there: nothing was "
                    "listed. Try again."
                )
            ) from exc
    outcome = _finish(client, operation)
    if outcome["operationStatus"] == "FAILED":
        raise AskError(_("StockX did not list the pair: %(reason)s") % {"reason": _error(outcome)})
    with transaction.atomic():
        listing = Listing.objects.create(
            inventory_item=item,
            marketplace=stockx_market(),
            external_id=operation["listingId"],
            status=_status(outcome),
            amount=amount,
            currency="EUR",
            listed_at=timezone.now(),
            raw_data={"operation": outcome, "variantId": variant},
        )
        if listing.status == ListingStatus.ACTIVE:
            why = _("Listed on StockX at %(amount)s") % {"amount": format_euro(amount)}
            item.transition(StockStatus.LISTED, user=user, reason=why)
        record_ask_price(listing, source="stockx_ask", user=user, reason=reason or _("manual"))
    return listing


def change_price(
    *, client, listing: Listing, amount: Decimal, user=None, reason: str | None = None
) -> Listing:
    _check_amount(amount)
    path = f"/selling/listings/{listing.external_id}"
    try:
        operation = client.patch(path, json={"amount": _amount(amount), "currencyCode": "EUR"})
    except StockXError as exc:
        if exc.status is not None and exc.status < 500:
            raise AskError(
                _("StockX refused the new price: %(reason)s") % {"reason": exc.message}
            ) from exc
        operation = None
    if operation is not None:
        outcome = _finish(client, operation)
        if outcome["operationStatus"] == "FAILED":
            raise AskError(_("StockX kept the old price: %(reason)s") % {"reason": _error(outcome)})
    current = _read_back(client, listing)
    if current.get("amount") is None or Decimal(str(current["amount"])) != amount:
        raise AskError(_("StockX still shows the old price; nothing was changed here."))
    previous, listing.amount = listing.amount, amount
    listing.raw_data = {**listing.raw_data, "listing": current}
    listing.save(update_fields=["amount", "raw_data", "updated_at"])
    record_ask_price(
        listing, source="stockx_ask", previous=previous, user=user, reason=reason or _("manual")
    )
    return listing


def take_down(*, client, listing: Listing, user=None) -> Listing:
    path = f"/selling/listings/{listing.external_id}"
    try:
        operation = client.delete(path)
    except StockXError as exc:
        if exc.status is not None and exc.status < 500 and exc.status != 404:
            raise AskError(
                _("StockX refused to delete the ask: %(reason)s") % {"reason": exc.message}
            ) from exc
        operation = None
    if operation is not None:
        outcome = _finish(client, operation)
        if outcome["operationStatus"] == "FAILED":
            raise AskError(_("StockX kept the ask: %(reason)s") % {"reason": _error(outcome)})
    try:
        current = _read_back(client, listing)
    except StockXNotFound:
        current = {"status": "DELETED"}
    if current.get("status") not in ("DELETED", "CANCELED"):
        raise AskError(_("StockX still shows the ask; nothing was changed here."))
    with transaction.atomic():
        listing.status = ListingStatus.DELETED
        listing.save(update_fields=["status", "updated_at"])
        item = listing.inventory_item
        if item and item.status == StockStatus.LISTED and not live_asks(item).exists():
            item.transition(StockStatus.IN_STOCK, user=user, reason=_("StockX ask taken down"))
    return listing


# --- internals -------------------------------------------------------------------------


def _check_amount(amount: Decimal) -> None:
    if amount <= 0:
        raise AskError(
            _("The price must be above zero (got %(amount)s).") % {"amount": format_euro(amount)}
        )


def _amount(amount: Decimal) -> str:
    return format(amount.quantize(Decimal("0.01")).normalize(), "f")


def _finish(client, operation: dict) -> dict:
    """Poll the operation until it is no longer PENDING (bounded); the last answer."""
    path = f"/selling/listings/{operation['listingId']}/operations/{operation['operationId']}"
    for _poll in range(settings.STOCKX_ASK_POLLS):
        if operation.get("operationStatus") != "PENDING" or not operation.get("operationId"):
            return operation
        time.sleep(settings.STOCKX_ASK_POLL_INTERVAL)
        operation = client.get(path)
    return operation


def _status(operation: dict) -> str:
    return (
        ListingStatus.ACTIVE
        if operation["operationStatus"] == "SUCCEEDED"
        else ListingStatus.PENDING  # the listing sync finishes it
    )


def _error(operation: dict) -> str:
    error = operation.get("error")
    if isinstance(error, dict):
        error = error.get("message") or error.get("errorMessage")
    return str(error or _("no reason given"))


def _read_back(client, listing: Listing) -> dict:
    return client.get(f"/selling/listings/{listing.external_id}")


def _created_meanwhile(client, variant: str, amount: Decimal) -> dict | None:
    """After a lost answer to a create: the new ask of this variant and price that we do
    not know yet, as an operation to poll, or None."""
    query = {"variantIds": variant, "listingStatuses": "ACTIVE,INACTIVE"}
    found = list(client.pages("/selling/listings", query, "listings"))
    known = set(
        Listing.objects.filter(
            marketplace__slug="stockx", external_id__in=[d["listingId"] for d in found]
        ).values_list("external_id", flat=True)
    )
    for data in found:
        if data["listingId"] in known or data.get("amount") is None:
            continue
        if Decimal(str(data["amount"])) == amount:
            last = data.get("lastOperation") or {}
            return {
                "listingId": data["listingId"],
                "operationId": last.get("operationId", ""),
                "operationStatus": "SUCCEEDED" if data["status"] == "ACTIVE" else "PENDING",
            }
    return None


def record_ask_price(
    listing: Listing, *, source: str, previous=None, user=None, reason: str = ""
) -> None:
    """The ask's price as a dated row of the pair's price history (never its cost): who
    changed it from what, and why ("manual", a rule's name, the StockX sync). The ask's
    price_set_at and the pair's asking price follow it."""
    item = listing.inventory_item
    listing.price_set_at = timezone.now()
    Listing.objects.filter(pk=listing.pk).update(price_set_at=listing.price_set_at)
    if item is None:
        return
    if item.asking_price != listing.amount:
        item.asking_price = listing.amount
        StockItem.objects.filter(pk=item.pk).update(asking_price=listing.amount)
    PriceHistory.objects.create(
        previous_amount=previous,
        changed_by=user,
        reason=reason[:255],
        product_id=item.product_id,
        inventory_item=item,
        marketplace=listing.marketplace,
        price_date=timezone.localdate(),
        price_type=PriceHistory.PriceType.LISTING,
        price_amount=listing.amount,
        currency=listing.currency,
        source=source,
        additional_data={"listing_id": listing.external_id, "status": listing.status},
    )
