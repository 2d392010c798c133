"""Importing a StockX sales report: validate every row, show what would happen, then write
everything in one transaction.

    validate_report(batch)  -> stream the file, keep every row in integration.import_records
                               (raw values, parsed values, errors); nothing else is written
    plan_report(batch)      -> the preview: new / updated / unchanged orders, new products
                               and brands, rows matched to stock, rows without a cost
    commit_report(batch)    -> brands, products, sizes, each sale's pair (pair_linking.py:
                               FIFO from stock, else a new pair with the cost missing,
                               history), orders (upsert on the order number), profit

Re-importing a file is idempotent: the order number is the natural key
(UNIQUE marketplace + external_id), so an unchanged row is reported "unchanged".
"""

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog.classify import BrandMatcher, categories_by_slug, category_slug_for
from catalog.models import Product
from catalog.sizes import SizeKey, SizeResolver, parse_size
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.lib.bulk import copy_rows, dumps

from .models import Marketplace
from .pair_linking import (
    cost_missing_of_linked,
    existing_orders,
    fifo,
    link_pairs,
    unsold_candidates,
)
from .stockx_report import ReportFileError, read_report

PROGRESS_EVERY = 5000
RECORD_COLUMNS = (
    "id",
    "batch_id",
    "line_number",
    "source_data",
    "processed_data",
    "status",
    "validation_errors",
    "created_at",
)


_COUNTS = (
    "rows",
    "valid",
    "rejected",
    "new_orders",
    "updated_orders",
    "unchanged_orders",
    "matched_to_stock",
    "cost_missing",
    "fee_mismatches",
    "rounding",
)


@dataclass
class Plan:
    """What committing the batch would do (also the preview shown before "Import")."""

    rows: int = 0
    valid: int = 0
    rejected: int = 0
    new_orders: int = 0
    updated_orders: int = 0
    unchanged_orders: int = 0
    new_products: list[str] = field(default_factory=list)
    new_brands: list[str] = field(default_factory=list)
    matched_to_stock: int = 0
    cost_missing: int = 0
    fee_mismatches: int = 0
    rounding: int = 0  # rows whose columns were a few cents off (StockX's rounding)
    rounding_lines: list[int] = field(default_factory=list)
    # The valid rows, kept in memory when the import follows the check in one process.
    sales: list["_Sale"] | None = None

    def as_dict(self) -> dict:
        return {
            **{k: v for k, v in self.__dict__.items() if k != "sales" and not isinstance(v, list)},
            "new_products": len(self.new_products),
            "new_brands": self.new_brands[:200],
            "new_product_examples": self.new_products[:50],
            "rounding_lines": self.rounding_lines[:50],
        }

    @classmethod
    def from_summary(cls, summary: dict) -> "Plan":
        """The plan kept on a batch (new_products holds the examples, not every sku)."""
        plan = cls(**{k: v for k, v in summary.items() if k in _COUNTS})
        plan.new_products = list(summary.get("new_product_examples", []))
        plan.new_brands = list(summary.get("new_brands", []))
        plan.rounding_lines = list(summary.get("rounding_lines", []))
        return plan


def product_sku(row_style: str | None, item: str) -> str:
    """Style code as the SKU ("A/B" dual styles keep both); items without a style are keyed
    by their name, so different items never collapse into one product."""
    if row_style:
        return re.sub(r"\s+", "", row_style).upper()[:100]
    key = "ITEM-" + slugify(item).upper()
    if len(key) > 100:
        digest = hashlib.sha1(item.encode()).hexdigest()[:8].upper()
        key = f"{key[:91]}-{digest}"
    return key


def stockx() -> Marketplace:
    return Marketplace.objects.get(slug="stockx")


def validate_report(batch: ImportBatch, *, preview: bool = True, progress=None) -> Plan:
    """Stream the file into import_records (the frame has cleared them and owns the
    batch's status). `preview` also works out what an import would do; without it the
    import follows at once in this process, so the valid rows are kept in memory for it
    (Plan.sales) instead of being read back. Raises ReportFileError for a file that is not
    a report."""
    path = Path(batch.file.path)
    total_lines = max(1, _count_lines(path) - 1)
    plan, now, last_line = Plan(), timezone.now(), [1]
    kept: list[tuple[int, _Sale]] | None = None if preview else []

    def records(rows):
        for row in rows:
            plan.rows += 1
            plan.valid += row.valid
            plan.rejected += not row.valid
            plan.fee_mismatches += row.fee_mismatch
            if row.rounding:
                plan.rounding += 1
                plan.rounding_lines.append(row.line)
            last_line[0] = row.line
            parsed = row.parsed() if row.valid else None
            if kept is not None and parsed is not None:
                kept.append((plan.rows - 1, _sale_of(row)))
            yield (
                batch.pk,
                row.line,
                dumps(row.cells),  # the values; their names once, in batch.columns
                dumps(parsed),
                ImportRecord.Status.VALID if row.valid else ImportRecord.Status.REJECTED,
                dumps(row.errors),
                now,
            )

    header: list[str] = []
    rows = read_report(path, max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES, header_out=header)
    ids = copy_records(
        records(rows),
        progress=progress
        and (lambda: progress(plan.rows, round(total_lines * plan.rows / last_line[0]))),
    )
    if plan.rows == 0:
        raise ReportFileError(_("The file has a header but no rows."))
    batch.columns = header
    batch.save(update_fields=["columns"])
    if kept is not None:
        plan.sales = keep_sales(kept, ids)
    if preview:
        plan_report(batch, plan)
    return plan


def keep_sales(kept: list[tuple[int, "_Sale"]], ids: list[int]) -> list["_Sale"]:
    """The kept sales with their records' ids (`kept` holds each sale's position among
    the records copied)."""
    for position, sale in kept:
        sale.record_id = ids[position]
    return [sale for _position, sale in kept]


def copy_records(records: Iterator[tuple], *, progress: Callable[[], None] | None) -> list[int]:
    """Rows of `integration.import_records` (RECORD_COLUMNS after the id) in one COPY per
    chunk of PROGRESS_EVERY, each in its own transaction (a savepoint when called inside
    one), so a file error mid-way leaves the connection usable; `progress()` after each
    chunk, for the upload page. Each chunk's ids are taken from the table's sequence
    first, so they are known without reading anything back (a short last chunk leaves a
    gap in the sequence); the rows stream into the COPY as they are read, so the server
    stores one while the next is parsed. Returns the ids in the records' order."""
    ids: list[int] = []
    with connection.cursor() as cursor:
        while True:
            with transaction.atomic():
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('integration.import_records', 'id'))"
                    " FROM generate_series(1, %s)",
                    [PROGRESS_EVERY],
                )
                block = [row[0] for row in cursor.fetchall()]
                written = copy_rows(
                    cursor,
                    "integration.import_records",
                    RECORD_COLUMNS,
                    (
                        (record_id, *row)
                        for record_id, row in zip(
                            block, islice(records, PROGRESS_EVERY), strict=False
                        )
                    ),
                )
            ids.extend(block[:written])
            if written < PROGRESS_EVERY:
                break
            if progress:
                progress()
    if progress:
        progress()
    return ids


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
    return count


# --- planning ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Sale:
    record_id: int
    order_number: str
    sku: str
    size: SizeKey
    sold_at: datetime
    item: str
    style: str | None
    sku_name: str
    gross_sale: Decimal | None
    net_proceeds: Decimal | None


@lru_cache(maxsize=50_000)  # a report repeats its items and sizes many times
def _size_key(token: str | None, item: str) -> SizeKey:
    return parse_size(token, item)


def sale_from(record_id: int, p: dict) -> _Sale:
    """A valid row's parsed values (as kept in import_records.processed_data) as a sale:
    what matching needs (the order's columns are read from the import rows in SQL)."""
    money = lambda v: None if v is None else Decimal(v)  # noqa: E731
    return _Sale(
        record_id,
        p["order_number"],
        _sku_of(p["style"], p["item"]),
        _size_key(p["size"], p["item"]),
        datetime.fromisoformat(p["sold_at"]),
        p["item"],
        p["style"],
        p["sku_name"] or "",
        money(p["gross_sale"]),
        money(p["net_proceeds"]),
    )


def _sale_of(row) -> _Sale:
    """A valid report row as a sale, from its typed values (the command line's import)."""
    return _Sale(
        0,
        row.order_number,
        _sku_of(row.style, row.item),
        _size_key(row.size_token, row.item),
        row.sold_at,
        row.item,
        row.style,
        row.sku_name,
        row.gross_sale,
        row.net_proceeds,
    )


@lru_cache(maxsize=50_000)
def _sku_of(style: str | None, item: str) -> str:
    return product_sku(style, item)


def _valid_sales(batch: ImportBatch) -> list[_Sale]:
    """The valid rows read back from import_records (the upload page's import, which runs
    after the preview in another request)."""
    records = (
        ImportRecord.objects.filter(batch=batch)
        .exclude(status=ImportRecord.Status.REJECTED)
        .order_by("line_number")
        .values_list("id", "processed_data")
    )
    return [sale_from(record_id, parsed) for record_id, parsed in records.iterator(5000)]


_INCOMING = """
    SELECT r.id AS record_id, p->>'order_number' AS external_id,
           (p->>'sold_at')::timestamptz AS sold_at, p->>'currency' AS currency_code,
           (p->>'gross_sale')::numeric AS gross_sale, (p->>'platform_fee')::numeric AS platform_fee,
           (p->>'payment_fee')::numeric AS payment_fee,
           (p->>'shipping_cost')::numeric AS shipping_cost,
           (p->>'net_proceeds')::numeric AS net_proceeds,
           (p->>'payout_date')::timestamptz AS payout_date,
           p->>'payout_reference' AS payout_reference, p->>'invoice_number' AS invoice_number,
           p->>'country' AS buyer_destination_country, p->>'city' AS buyer_destination_city,
           jsonb_build_object('source', %(source)s::text, 'item', p->'item',
                              'style', p->'style', 'size', p->'size',
                              'seller_fee_reported', p->'seller_fee',
                              'fee_mismatch', p->'fee_mismatch',
                              'rounding', p->'rounding')
             || coalesce(p->'extra', '{}'::jsonb) AS platform_specific_data
    FROM integration.import_records r, LATERAL (SELECT r.processed_data AS p) j
    WHERE r.batch_id = %(batch)s AND r.status <> 'rejected'
"""
# The fields a re-import may change; an order whose values all match is "unchanged".
_COMPARED = (
    "sold_at",
    "currency_code",
    "gross_sale",
    "platform_fee",
    "payment_fee",
    "shipping_cost",
    "net_proceeds",
    "payout_date",
    "payout_reference",
    "invoice_number",
    "buyer_destination_country",
    "buyer_destination_city",
)


def _classify_orders(batch: ImportBatch, marketplace_id: int, source: str) -> dict[str, int]:
    old = ", ".join(f"o.{c}" for c in _COMPARED)
    new = ", ".join(f"i.{c}" for c in _COMPARED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH incoming AS ({_INCOMING})
                SELECT CASE WHEN o.id IS NULL THEN 'new'
                            WHEN ({old}) IS DISTINCT FROM ({new}) THEN 'updated'
                            ELSE 'unchanged' END, count(*)
                FROM incoming i LEFT JOIN sales."order" o
                  ON o.marketplace_id = %(market)s AND o.external_id = i.external_id
                GROUP BY 1""",
            {"batch": batch.pk, "market": marketplace_id, "source": source},
        )
        return dict(cursor.fetchall())


def _existing_products(skus: set[str]) -> dict[str, int]:
    return dict(Product.objects.filter(sku__in=list(skus)).values_list("sku", "id"))


def plan_report(
    batch: ImportBatch, plan: Plan | None = None, market: Marketplace | None = None
) -> Plan:
    """Fill the preview numbers for a validated batch (reads only). `market`: the
    marketplace of the sales (StockX by default; other marketplaces' exports are checked
    into the same record shape by sales/marketplace_import.py)."""
    plan = plan or Plan(
        **{
            k: v
            for k, v in batch.summary.items()
            if k in ("rows", "valid", "rejected", "fee_mismatches")
        }
    )
    market = market or stockx()
    counts = _classify_orders(batch, market.pk, batch.source_type)
    plan.new_orders = counts.get("new", 0)
    plan.updated_orders = counts.get("updated", 0)
    plan.unchanged_orders = counts.get("unchanged", 0)
    sales = _valid_sales(batch)
    existing = _existing_products({s.sku for s in sales})
    matcher = BrandMatcher()
    new_products: dict[str, _Sale] = {}
    for sale in sales:
        if sale.sku not in existing:
            new_products.setdefault(sale.sku, sale)
    plan.new_products = sorted(new_products)
    plan.new_brands = sorted(
        {
            name
            for sale in new_products.values()
            for brand_id, name in [matcher.brand_for(sale.item)]
            if brand_id is None
        }
        - {b.name for b in matcher.by_slug.values()}
    )
    # Matching preview: sales not yet linked to a pair, against today's unsold stock.
    here = existing_orders(market.pk, [s.order_number for s in sales])
    linked = {number for number, order in here.items() if order.linked}
    resolver = SizeResolver()
    wanted = []
    for index, sale in enumerate(sales):
        size_id = resolver.id_for(sale.size)
        if sale.order_number in linked or sale.sku not in existing or size_id is None:
            continue
        wanted.append((index, existing[sale.sku], size_id, sale.sold_at))
    with transaction.atomic():
        candidates = unsold_candidates({(w[1], w[2]) for w in wanted})
    plan.matched_to_stock = len(fifo(wanted, [c[:5] for c in candidates]))
    unmatched = len(sales) - len(linked) - plan.matched_to_stock
    plan.cost_missing = unmatched + cost_missing_of_linked(here)
    return plan


# --- committing -------------------------------------------------------------------------


def commit_report(
    batch: ImportBatch, market: Marketplace | None = None, sales: list[_Sale] | None = None
) -> Plan:
    """Write the checked batch (inside the frame's transaction). `sales`: the valid rows
    kept by the check in this process; read back from import_records when not given (the
    upload page's import). The pairs are found before the orders are written, so every
    order row is written once, straight from the import rows; the order points to its
    import row, which holds the raw row. `market` as for plan_report."""
    market = market or stockx()
    plan = Plan(
        **{
            k: batch.summary.get(k, 0)
            for k in ("rows", "valid", "rejected", "fee_mismatches", "rounding")
        }
    )
    plan.rounding_lines = list(batch.summary.get("rounding_lines", []))
    if sales is None:
        sales = _valid_sales(batch)
    existing = existing_orders(market.pk, [sale.order_number for sale in sales])
    product_ids, plan.new_products, plan.new_brands = _ensure_products(sales)
    resolver = SizeResolver()
    for sale in sales:
        resolver.id_for(sale.size)
    resolver.create_missing()
    linked = link_pairs(market, sales, product_ids, resolver, batch.created_by_id, existing)
    plan.matched_to_stock, plan.cost_missing = linked.matched, linked.cost_missing
    _stage_links(linked.rows)
    plan.new_orders, plan.updated_orders, changed = _upsert_orders(batch, market.pk)
    plan.unchanged_orders = len(sales) - plan.new_orders - plan.updated_orders
    from .services import follow_orders, recompute_profit

    # Pairs linked before this import move on as far as their orders have got (the pairs
    # linked now were moved there already).
    follow_orders(
        marketplace_id=market.pk,
        numbers=[number for number, order in existing.items() if order.linked],
        user_id=batch.created_by_id,
    )
    # Orders whose amounts changed on an already linked pair: profit follows the change.
    recompute_profit(order_ids=changed)
    return plan


def _ensure_products(sales: list[_Sale]) -> tuple[dict[str, int], list[str], list[str]]:
    """Product ids by sku, creating new products with brand and category detected from the
    item name (never a constant). Also returns the new skus and new brand names."""
    skus = {s.sku for s in sales}
    existing = _existing_products(skus)
    first_seen: dict[str, _Sale] = {}
    for sale in sales:
        if sale.sku not in existing:
            first_seen.setdefault(sale.sku, sale)
    if not first_seen:
        return existing, [], []
    matcher = BrandMatcher()
    known_brands = set(matcher.by_slug)
    categories = categories_by_slug()
    new = []
    for sku, sale in first_seen.items():
        brand_id, unknown = matcher.brand_for(sale.item)
        if brand_id is None:
            brand_id = matcher.get_or_create_unknown(unknown).pk
        slug = category_slug_for(sale.item, sale.size.kind)
        category = categories.get(slug) or categories.get(slug.split("-")[0]) or categories["other"]
        new.append(
            Product(
                sku=sku,
                style_code=sale.style or "",
                name=sale.item[:255],
                brand_id=brand_id,
                category=category,
                colorway=sale.sku_name[:255],
            )
        )
    Product.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    new_brands = sorted(b.name for slug, b in matcher.by_slug.items() if slug not in known_brands)
    return _existing_products(skus), sorted(first_seen), new_brands


_LINK_COLUMNS = (
    "order_number",
    "stock_id",
    "output_vat",
    "gross_profit",
    "net_profit",
    "roi",
    "shelf_life_days",
)


def _stage_links(rows: list[tuple]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """CREATE TEMP TABLE IF NOT EXISTS stockx_links (
                   order_number text PRIMARY KEY, stock_id bigint, output_vat numeric,
                   gross_profit numeric, net_profit numeric, roi numeric, shelf_life_days int
               ) ON COMMIT DROP"""
        )
        cursor.execute("TRUNCATE stockx_links")  # a second import in the same transaction
        copy_rows(cursor, "stockx_links", _LINK_COLUMNS, rows)


_PROFIT = ("output_vat", "gross_profit", "net_profit", "roi", "shelf_life_days")


def _upsert_orders(batch: ImportBatch, marketplace_id: int) -> tuple[int, int, list[int]]:
    """Insert the batch's orders that are new (with their pair and profit) and update the
    changed ones; unchanged rows are not touched. Returns (created, updated, ids of the
    updated orders whose pair was linked before, whose profit must follow)."""
    columns = ", ".join(_COMPARED)
    excluded = ", ".join(f"EXCLUDED.{c}" for c in _COMPARED)
    current = ", ".join(f"o.{c}" for c in _COMPARED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH incoming AS ({_INCOMING}), written AS (
            INSERT INTO sales."order" AS o (
                marketplace_id, external_id, stockx_order_number, status, {columns},
                inventory_item_id, {", ".join(_PROFIT)}, payout_received, source_record_id,
                raw_data, platform_specific_data, notes, created_at, updated_at)
            SELECT %(market)s, i.external_id, i.external_id, 'completed',
                   {", ".join(f"i.{c}" for c in _COMPARED)},
                   l.stock_id, {", ".join(f"l.{c}" for c in _PROFIT)}, false, i.record_id,
                   '{{}}', i.platform_specific_data, '', now(), now()
            FROM incoming i LEFT JOIN stockx_links l ON l.order_number = i.external_id
            ON CONFLICT (marketplace_id, external_id) DO UPDATE SET
                ({columns}) = ({excluded}),
                inventory_item_id = coalesce(o.inventory_item_id, EXCLUDED.inventory_item_id),
                ({", ".join(_PROFIT)}) = (
                    SELECT {", ".join(f"CASE WHEN o.inventory_item_id IS NULL THEN EXCLUDED.{c} ELSE o.{c} END" for c in _PROFIT)}
                ),
                source_record_id = EXCLUDED.source_record_id,
                platform_specific_data = o.platform_specific_data || EXCLUDED.platform_specific_data,
                updated_at = now()
            WHERE ({current}) IS DISTINCT FROM ({excluded})
               OR (o.inventory_item_id IS NULL AND EXCLUDED.inventory_item_id IS NOT NULL)
            RETURNING o.id, o.external_id, (xmax = 0) AS created
            )
            SELECT count(*) FILTER (WHERE w.created), count(*) FILTER (WHERE NOT w.created),
                   coalesce(array_agg(w.id) FILTER (WHERE NOT w.created AND l.stock_id IS NULL),
                            '{{}}')
            FROM written w LEFT JOIN stockx_links l ON l.order_number = w.external_id""",
            {"batch": batch.pk, "market": marketplace_id, "source": batch.source_type},
        )
        created, updated, changed = cursor.fetchone()
    return created, updated, changed


# --- shared with the StockX API order sync (soleflip/stockx/sync_orders.py) -------------

Sale = _Sale


def ensure_products(sales: list[_Sale]) -> dict[str, int]:
    """Product ids by sku for these sales, creating the missing products exactly as the
    report import does (brand from the patterns, unknown brands flagged for review)."""
    return _ensure_products(sales)[0]


def link_sales(
    *,
    sales: list[_Sale],
    product_ids: dict[str, int],
    resolver: SizeResolver,
    user_id: int | None = None,
    market: Marketplace | None = None,
) -> tuple[dict[str, int], Plan]:
    """Give each sale its pair as the report import does: the oldest matching unsold pair
    (FIFO), else a new sold pair with the cost missing; history rows included.
    Returns ({order number: stock id}, plan with matched_to_stock and cost_missing)."""
    linked = link_pairs(market or stockx(), sales, product_ids, resolver, user_id)
    plan = Plan(matched_to_stock=linked.matched, cost_missing=linked.cost_missing)
    return {row[0]: row[1] for row in linked.rows}, plan
