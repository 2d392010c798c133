"""Catalog enrichment from StockX: find our product on StockX by style code
(`/catalog/search`) or barcode (`/catalog/products/variants/gtins/{gtin}`), then store its
title, brand, category, retail price, release date and StockX product id, its variants
(sizes with StockX's size-chart conversions and GTINs) and today's market data per size
(lowest ask, highest bid, sell faster, earn more, in EUR) as a dated `MarketPrice` row, so
the rows over time are the price history.

A weak match is never written over our data: a search whose best result has another style
code, or a barcode that leads to a product whose style differs from ours, is queued for
review instead (an import row "Needs review" on the batch with both sides named, and the
product flagged in `enrichment_data["stockx_review"]`).
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog.classify import BrandMatcher, categories_by_slug, category_slug_for
from catalog.models import Brand, Product, ProductVariant
from catalog.sizes import SizeResolver, parse_size
from inventory.models import StockItem
from pricing.models import MarketPrice
from sales import stockx_import
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.lib.analytics import refresh_after_commit

from .client import StockXError, StockXNotFound
from .connection import record_sync
from .sync_orders import (
    BadValue,
    api_date,
    api_money,
    fail_batch,
    finish_batch,
    start_batch,
    unexpected_failure,
)

CURRENCY = "EUR"
SEARCH_PAGE_SIZE = 10
# StockX productType -> our category slug (others: from the title's words).
PRODUCT_TYPES = {"sneakers": "sneakers", "handbags": "bags", "collectibles": "figures"}
REVIEW_KEY = "stockx_review"


def normalize_style(code: str | None) -> str:
    return re.sub(r"\s+", "", code or "").upper()


def same_style(ours: str, theirs: str | None) -> bool:
    """Style codes agree (case and spaces ignored; "A/B" dual styles match either part)."""
    ours, theirs = normalize_style(ours), normalize_style(theirs)
    if not ours or not theirs:
        return False
    return ours == theirs or bool(set(ours.split("/")) & set(theirs.split("/")))


def best_result(results: list[dict], code: str) -> tuple[dict | None, bool]:
    """(result, strong): the search result with our style code, else the first one as a
    weak match, else (None, False)."""
    for result in results:
        if same_style(code, result.get("styleId")):
            return result, True
    return (results[0], False) if results else (None, False)


@dataclass
class Target:
    """One thing to enrich: our product (None when only a code or barcode is known)."""

    key: str
    product: Product | None = None
    style: str = ""
    gtin: str = ""
    accept: str = ""  # a StockX product id staff checked and accepted for `product`
    outcome: str = ""
    message: str = ""
    errors: list[dict] = field(default_factory=list)


def enrich(
    *,
    client,
    batch: ImportBatch,
    sku: str | None = None,
    ean: str | None = None,
    missing: bool = False,
    accept: Product | None = None,
) -> dict:
    """Enrich the product with this SKU/style code, the product with this barcode,
    (`missing`) every product in stock without a StockX product id, or (`accept`) a product
    from the StockX candidate of its review, which staff checked and accepted. Each product is written
    in its own transaction; a StockX failure stops the run (products done so far stay).
    Returns the counts (also stored on the batch)."""
    start_batch(batch)
    targets = _targets(sku=sku, ean=ean, missing=missing, accept=accept)
    counts = {"total": len(targets), "created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    counts.update(review=0, not_found=0, variants=0, market_prices=0)
    records = []
    catalog = (BrandMatcher(), categories_by_slug())  # read once per run
    try:
        for line, target in enumerate(targets, start=1):
            try:
                with transaction.atomic():
                    _enrich_one(client, batch, target, counts, catalog)
            except BadValue as exc:
                target.outcome, target.errors = "rejected", [exc.error]
            counts[target.outcome] += 1
            records.append(_record(batch, line, target))
            batch.report_progress(line, len(targets))  # also the run's heartbeat
    except StockXError as exc:
        ImportRecord.objects.bulk_create(records)
        return fail_batch(batch, "catalog", exc, counts)
    except Exception as exc:
        ImportRecord.objects.bulk_create(records)
        fail_batch(batch, "catalog", unexpected_failure(exc), counts)
        raise
    with transaction.atomic():
        ImportRecord.objects.bulk_create(records)
        finish_batch(batch, counts)
        record_sync("catalog", started_at=batch.started_at, items=len(targets))
    return counts


def _targets(*, sku, ean, missing, accept=None) -> list[Target]:
    if accept is not None:
        flag = accept.enrichment_data.get(REVIEW_KEY) or {}
        candidate = (flag.get("candidate") or {}).get("productId")
        if not candidate:
            raise ValueError(
                _("%(sku)s has no StockX match waiting for review.") % {"sku": accept.sku}
            )
        return [Target(key=accept.sku, product=accept, style=accept.style_code, accept=candidate)]
    if sku:
        code = normalize_style(sku)
        product = Product.objects.filter(Q(sku__iexact=code) | Q(style_code__iexact=code)).first()
        return [Target(key=code, product=product, style=(product and product.style_code) or code)]
    if ean:
        return [Target(key=ean.strip(), gtin=ean.strip())]
    if missing:
        products = (
            Product.objects.filter(
                stockx_product_id__isnull=True,
                stock_items__status__in=StockItem.UNSOLD_STATUSES,
            )
            # A product waiting for review is not searched again every night.
            .exclude(enrichment_data__has_key=REVIEW_KEY)
            .distinct()
            .order_by("sku")
        )
        return [Target(key=p.sku, product=p, style=p.style_code or p.sku) for p in products]
    raise ValueError("Say what to enrich: a SKU, an EAN or missing=True.")


def _record(batch: ImportBatch, line: int, target: Target) -> ImportRecord:
    status = {
        "review": ImportRecord.Status.REVIEW,
        "not_found": ImportRecord.Status.UNCHANGED,
    }.get(target.outcome, target.outcome)
    errors = target.errors or (
        [{"column": "match", "value": target.key, "reason": target.message}]
        if target.message
        else []
    )
    return ImportRecord(
        batch=batch,
        line_number=line,
        source_data={"query": target.key, "product": target.product and target.product.sku},
        processed_data={"order_number": target.key, "message": target.message},
        status=status,
        validation_errors=[{"line": line, **e} for e in errors],
    )


def _enrich_one(client, batch, target: Target, counts: dict, catalog: tuple) -> None:
    if target.accept:
        data, strong = client.get(f"/catalog/products/{target.accept}"), True
    elif target.gtin:
        data, strong = _by_gtin(client, target)
    else:
        try:
            found = client.get(
                "/catalog/search", {"query": target.style, "pageSize": SEARCH_PAGE_SIZE}
            )
        except StockXNotFound:
            found = {}
        data, strong = best_result(found.get("products") or [], target.style)
        if data and strong:
            data = client.get(f"/catalog/products/{data['productId']}")
    if data is None:
        target.outcome = "not_found"
        target.message = _("StockX has no product for %(key)s") % {"key": target.key}
        return
    holder = Product.objects.filter(stockx_product_id=data["productId"]).first()
    if holder and target.product and holder.pk != target.product.pk:
        strong = False
        target.message = _("the StockX product is already linked to %(sku)s") % {"sku": holder.sku}
    if not strong:
        _queue_review(batch, target, data)
        return
    product = target.product or holder
    created = product is None
    product = _apply_product(product, data, *catalog)
    target.product = product
    variants = client.get(f"/catalog/products/{data['productId']}/variants") or []
    counts["variants"] += _apply_variants(product, variants, data)
    market = client.get(
        f"/catalog/products/{data['productId']}/market-data", {"currencyCode": CURRENCY}
    )
    counts["market_prices"] += _apply_market(product, market or [])
    target.outcome = "created" if created else "updated"
    target.message = ""


def _by_gtin(client, target: Target) -> tuple[dict | None, bool]:
    """The StockX product of a barcode and whether it is a strong match for our product
    (found by the barcode on a variant, a product or a pair)."""
    if not re.fullmatch(r"\d{8,14}", target.gtin):
        raise BadValue("ean", target.gtin, _("is not a barcode (8 to 14 digits)"))
    try:
        variant = client.get(f"/catalog/products/variants/gtins/{target.gtin}")
    except StockXNotFound:
        return None, False
    except StockXError as exc:
        if exc.status != 400:
            raise
        reason = _("was refused by StockX (%(reason)s)") % {"reason": exc.message}
        raise BadValue("ean", target.gtin, reason) from None
    data = client.get(f"/catalog/products/{variant['productId']}")
    product = (
        Product.objects.filter(variants__gtins__contains=[{"identifier": target.gtin}]).first()
        or Product.objects.filter(ean=target.gtin).first()
        or Product.objects.filter(stock_items__ean=target.gtin).first()
        or Product.objects.filter(stockx_product_id=data["productId"]).first()
    )
    target.product = product
    if product is None:
        sku = stockx_import.product_sku(data.get("styleId") or None, data.get("title") or "")
        target.product = Product.objects.filter(sku=sku).first()
        return data, True
    ours = product.style_code or product.sku
    strong = product.stockx_product_id == data["productId"] or same_style(ours, data.get("styleId"))
    return data, strong


def _queue_review(batch: ImportBatch, target: Target, data: dict) -> None:
    """Nothing of a weak match is written except the flag on our product."""
    theirs = _("%(title)s (style %(style)s)") % {
        "title": data.get("title") or "?",
        "style": data.get("styleId") or _("none"),
    }
    target.outcome = "review"
    target.message = (
        _("weak match: StockX's best result for %(key)s is %(theirs)s")
        % {"key": target.key, "theirs": theirs}
        + (f"; {target.message}" if target.message else "")
        + "; "
        + _("not applied, check it and enrich by the right style code or EAN")
    )
    if target.product is not None:
        flag = {
            "batch": batch.pk,
            "query": target.key,
            "candidate": {
                "productId": data.get("productId"),
                "styleId": data.get("styleId"),
                "title": data.get("title"),
            },
            "message": target.message,
            "at": timezone.now().isoformat(),
        }
        Product.objects.filter(pk=target.product.pk).update(
            enrichment_data={**target.product.enrichment_data, REVIEW_KEY: flag}
        )


def _brand(data: dict, matcher: BrandMatcher) -> Brand:
    name = (data.get("brand") or "").strip()
    if name:
        brand = matcher.by_slug.get(slugify(name))
        if brand:
            return brand
    brand_id, unknown = matcher.brand_for(name or data.get("title") or "")
    if brand_id is not None:
        return Brand.objects.get(pk=brand_id)
    return matcher.get_or_create_unknown(name or unknown)


def _apply_product(
    product: Product | None, data: dict, matcher: BrandMatcher, categories: dict
) -> Product:
    """Write StockX's product data onto ours (or a new product), clearing a review flag."""
    attributes = data.get("productAttributes") or {}
    title = (data.get("title") or "").strip()
    style = (data.get("styleId") or "").strip()
    slug = PRODUCT_TYPES.get((data.get("productType") or "").lower()) or category_slug_for(title)
    category = categories.get(slug) or categories.get(slug.split("-")[0])
    if product is None:
        product = Product(sku=stockx_import.product_sku(style or None, title or data["productId"]))
        product.category = category or categories["other"]
    elif category is not None:
        product.category = category
    product.name = (title or product.name)[:255]
    product.style_code = product.style_code or style[:100]
    product.brand = _brand(data, matcher)
    product.stockx_product_id = data["productId"]
    # StockX names no currency for retailPrice (it is the US retail price in practice), so
    # it only fills a missing retail price and never replaces one entered here.
    if product.retail_price is None:
        product.retail_price = api_money(attributes.get("retailPrice"), "retailPrice")
    product.release_date = api_date(attributes.get("releaseDate"), "releaseDate")
    product.colorway = product.colorway or (attributes.get("colorway") or "")[:255]
    enrichment = {k: v for k, v in product.enrichment_data.items() if k != REVIEW_KEY}
    enrichment["stockx"] = data
    product.enrichment_data = enrichment
    product.last_enriched_at = timezone.now()
    product.full_clean(exclude=["brand", "category"], validate_unique=False)
    product.save()
    return product


def _apply_variants(product: Product, variants: list[dict], data: dict) -> int:
    """Upsert StockX's variants as ours (one per size); returns how many were written."""
    resolver = SizeResolver()
    title = data.get("title") or product.name
    keys = {v["variantId"]: parse_size(v.get("variantValue"), title) for v in variants}
    for key in keys.values():
        resolver.id_for(key)
    resolver.create_missing()
    taken = set(
        ProductVariant.objects.filter(product=product)
        .exclude(stockx_variant_id__in=list(keys))
        .values_list("size_id", flat=True)
    )
    rows = []
    for data_variant in variants:
        size_id = resolver.id_for(keys[data_variant["variantId"]])
        if size_id in taken:
            continue  # two StockX variants in one of our sizes: the first one wins
        taken.add(size_id)
        rows.append(
            ProductVariant(
                stockx_variant_id=data_variant["variantId"],
                product=product,
                size_id=size_id,
                variant_value=str(data_variant.get("variantValue") or "")[:40],
                gtins=data_variant.get("gtins") or [],
                size_chart=data_variant.get("sizeChart") or {},
                is_flex_eligible=bool(data_variant.get("isFlexEligible")),
                is_direct_eligible=bool(data_variant.get("isDirectEligible")),
            )
        )
    ProductVariant.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["stockx_variant_id"],
        update_fields=[
            "product",
            "size",
            "variant_value",
            "gtins",
            "size_chart",
            "is_flex_eligible",
            "is_direct_eligible",
            "updated_at",
        ],
    )
    return len(rows)


def _apply_market(product: Product, rows: list[dict]) -> int:
    """Today's market price per size (one row per product, size and day: a rerun the same
    day updates it); the product keeps the lowest ask and highest bid over its sizes."""
    market = stockx_import.stockx()
    sizes = dict(
        ProductVariant.objects.filter(product=product).values_list("stockx_variant_id", "size_id")
    )
    today = timezone.localdate()
    prices = []
    for data in rows:
        if data.get("variantId") not in sizes:
            continue
        values = {
            name: api_money(data.get(key), key)
            for name, key in (
                ("lowest_ask", "lowestAskAmount"),
                ("highest_bid", "highestBidAmount"),
                ("sell_faster", "sellFasterAmount"),
                ("earn_more", "earnMoreAmount"),
            )
        }
        if all(v is None for v in values.values()):
            continue
        for name, value in values.items():
            if value is not None and value < 0:
                raise BadValue(f"market data {name}", value, _("is negative"))
        prices.append(
            MarketPrice(
                product=product,
                size_id=sizes[data["variantId"]],
                marketplace=market,
                price_date=today,
                currency=data.get("currencyCode") or CURRENCY,
                raw_data=data,
                **values,
            )
        )
    # One row per product, size, marketplace and day: a rerun the same day updates it.
    MarketPrice.objects.bulk_create(
        prices,
        update_conflicts=True,
        unique_fields=["product", "size", "marketplace", "price_date"],
        update_fields=[
            "currency",
            "raw_data",
            "lowest_ask",
            "highest_bid",
            "sell_faster",
            "earn_more",
        ],
    )
    if prices:
        refresh_after_commit()  # the stale-stock ranking reads analytics.current_market
    asks = [p.lowest_ask for p in prices if p.lowest_ask is not None]
    bids = [p.highest_bid for p in prices if p.highest_bid is not None]
    if asks or bids:
        product.lowest_ask = min(asks) if asks else None
        product.highest_bid = max(bids) if bids else None
        product.save(update_fields=["lowest_ask", "highest_bid", "updated_at"])
    return len(prices)
