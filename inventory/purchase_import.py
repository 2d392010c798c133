"""Importing a purchases CSV: every row validated first, then written in one transaction.

Header (case-insensitive, any order): sku, ean, name, brand, size, supplier,
purchase_date (YYYY-MM-DD or DD.MM.YYYY), delivery_date, gross_price (per pair, EUR,
"." or "," decimal), vat_rate (e.g. 19), tax_scheme (standard | margin), quantity,
order_number, invoice_number, location, notes. sku or ean is required; size uses the
StockX tokens ("10.5", "6.5W", "5.5Y", "7C", "42", "M"). Unknown suppliers and products
are created. Idempotent on supplier + order number + line: each pair keeps the key
`supplier|order|line|n`, and a re-import finds it.
"""

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.classify import categories_by_slug, category_slug_for
from catalog.models import Product
from catalog.sizes import SizeResolver, parse_size
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.lib.analytics import refresh_after_commit
from soleflip.lib.money import GERMAN_VAT
from soleflip.lib.parsing import check_date, clean, parse_date, parse_money
from soleflip.lib.rows import ImportFileError, RowError, read_csv
from suppliers.models import Supplier

from . import purchases
from .models import StockItem

COLUMNS = (
    "sku",
    "ean",
    "name",
    "brand",
    "size",
    "supplier",
    "purchase_date",
    "delivery_date",
    "gross_price",
    "vat_rate",
    "tax_scheme",
    "quantity",
    "order_number",
    "invoice_number",
    "location",
    "notes",
)
REQUIRED = ("size", "supplier", "purchase_date", "gross_price")
MAX_QUANTITY = 500  # pairs in one line
TEMPLATE_ROWS = [
    [
        "DD1391-100",
        "",
        "Nike Dunk Low Retro White Black Panda",
        "Nike",
        "10.5",
        "Nike Store DE",
        "2025-03-14",
        "2025-03-18",
        "119,99",
        "19",
        "standard",
        "2",
        "C01234567",
        "RE-2025-0042",
        "Regal 1",
        "",
    ],
    [
        "IE3437",
        "4067886000000",
        "adidas Samba OG White Black",
        "",
        "42",
        "Privatverkauf",
        "14.03.2025",
        "",
        "85.00",
        "",
        "margin",
        "1",
        "",
        "",
        "Lager B",
        "auf Kleinanzeigen gekauft",
    ],
]


# The frame's file error, under the name this module has always raised.
PurchaseFileError = ImportFileError


@dataclass
class PurchaseRow:
    line: int
    raw: dict
    errors: list = field(default_factory=list)
    values: dict = field(default_factory=dict)

    def error(self, column: str, value, reason: str) -> None:
        self.errors.append(RowError(self.line, column, value, reason).as_dict())


@dataclass
class PurchasePlan:
    rows: int = 0
    rejected: int = 0
    pairs: int = 0
    created: int = 0
    unchanged: int = 0
    filled: int = 0
    new_products: int = 0
    new_suppliers: int = 0


def template_csv() -> str:
    """The downloadable example file."""
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()


def _header(names: list[str]) -> list[str]:
    header = [h.lower() for h in names]
    missing = [c for c in REQUIRED if c not in header]
    if "sku" not in header and "ean" not in header:
        missing.append(_("sku or ean"))
    if missing:
        raise ImportFileError(
            _("Columns missing from the header: %(columns)s (download the template).")
            % {"columns": ", ".join(missing)}
        )
    return header


def read_rows(path: Path) -> list[PurchaseRow]:
    rows = read_csv(path, max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES, header=_header)
    return [PurchaseRow(line=row.line, raw=row.raw) for row in rows]


def _validate(row: PurchaseRow) -> None:
    raw, values = row.raw, row.values
    values["sku"] = (clean(raw.get("sku")) or "").upper()
    values["ean"] = clean(raw.get("ean")) or ""
    if not values["sku"] and not values["ean"]:
        row.error("sku", raw.get("sku"), _("sku or ean is required"))
    if values["ean"] and not (values["ean"].isdigit() and len(values["ean"]) in (8, 12, 13, 14)):
        row.error("ean", raw.get("ean"), _("is not a barcode (8, 12, 13 or 14 digits)"))
    values["name"] = clean(raw.get("name")) or ""
    values["size"] = clean(raw.get("size"))
    values["supplier"] = clean(raw.get("supplier")) or ""
    if not values["supplier"]:
        row.error("supplier", raw.get("supplier"), _("is required"))
    today = timezone.localdate()
    # A purchase is dated today at the latest; a delivery may be expected up to a year on.
    for column, required, latest, what in (
        ("purchase_date", True, today, _("purchase date")),
        ("delivery_date", False, today + timedelta(days=365), _("delivery date")),
    ):
        try:
            values[column] = parse_date(raw.get(column))
            if values[column] is not None:
                check_date(values[column], latest=latest, what=what)
        except ValueError as exc:
            values[column] = None
            row.error(column, raw.get(column), str(exc))
            continue
        if required and values[column] is None:
            row.error(column, raw.get(column), _("is required"))
    if (
        values.get("purchase_date")
        and values.get("delivery_date")
        and values["delivery_date"] < values["purchase_date"]
    ):
        row.error("delivery_date", raw.get("delivery_date"), _("is before the purchase date"))
    try:
        values["gross"] = parse_money(raw.get("gross_price"))
        if values["gross"] is None:
            row.error("gross_price", raw.get("gross_price"), _("is required"))
        elif values["gross"] < 0:
            row.error("gross_price", raw.get("gross_price"), _("must not be negative"))
    except ValueError as exc:
        row.error("gross_price", raw.get("gross_price"), str(exc))
    scheme = (clean(raw.get("tax_scheme")) or "standard").lower()
    if scheme not in ("standard", "margin"):
        row.error("tax_scheme", raw.get("tax_scheme"), _("must be standard or margin"))
    values["tax_scheme"] = scheme
    try:
        rate = parse_money(raw.get("vat_rate"))
        values["vat_rate"] = GERMAN_VAT if rate is None else rate
        if not 0 <= values["vat_rate"] <= 100:
            row.error("vat_rate", raw.get("vat_rate"), _("must be between 0 and 100"))
    except ValueError as exc:
        row.error("vat_rate", raw.get("vat_rate"), str(exc))
    quantity = clean(raw.get("quantity")) or "1"
    if not quantity.isdigit() or not 1 <= int(quantity) <= MAX_QUANTITY:
        row.error(
            "quantity",
            raw.get("quantity"),
            _("must be a whole number of pairs (1 to %(max)s)") % {"max": MAX_QUANTITY},
        )
    else:
        values["quantity"] = int(quantity)
    for name in ("order_number", "invoice_number", "location", "notes"):
        values[name] = clean(raw.get(name)) or ""


def _resolve_products(rows: list[PurchaseRow]) -> dict[str, Product]:
    """Existing products by sku or EAN; rows naming an unknown sku need a name."""
    skus = {r.values["sku"] for r in rows if r.values.get("sku")}
    eans = {r.values["ean"] for r in rows if r.values.get("ean")}
    found = {p.sku: p for p in Product.objects.filter(sku__in=skus)}
    found |= {f"ean:{p.ean}": p for p in Product.objects.filter(ean__in=eans)}
    for row in rows:
        v = row.values
        if v.get("sku") in found or f"ean:{v.get('ean')}" in found or row.errors:
            continue
        if v.get("ean") and not v.get("sku"):
            product, _size = purchases.find_product(v["ean"])
            if product:
                found[f"ean:{v['ean']}"] = product
                continue
            row.error(
                "ean",
                v["ean"],
                _("is not in the catalog; add a sku and name to create the product"),
            )
        elif not v.get("name"):
            row.error("name", "", _("is required for the new product %(sku)s") % {"sku": v["sku"]})
    return found


def check_purchases(batch: ImportBatch, *, progress) -> PurchasePlan:
    """Validate every row and keep it in import_records (parsed values as text); writes
    nothing else. Raises ImportFileError for an unusable file."""
    rows = read_rows(Path(batch.file.path))
    for done, row in enumerate(rows, 1):
        _validate(row)
        if done % 1000 == 0:
            progress(done, len(rows))
    _resolve_products(rows)
    ImportRecord.objects.bulk_create(
        [
            ImportRecord(
                batch=batch,
                line_number=r.line,
                source_data=r.raw,
                status=ImportRecord.Status.REJECTED if r.errors else ImportRecord.Status.VALID,
                validation_errors=r.errors,
                processed_data=None
                if r.errors
                else {k: str(v) if v is not None else None for k, v in r.values.items()},
            )
            for r in rows
        ],
        batch_size=2000,
    )
    return PurchasePlan(rows=len(rows), rejected=sum(1 for r in rows if r.errors))


def commit_purchases(batch: ImportBatch) -> PurchasePlan:
    """Write the batch's valid rows (inside the import frame's transaction): one pair per
    unit of quantity; pairs a re-import finds by their key are left alone."""
    rows = [
        PurchaseRow(line=r.line_number, raw=r.source_data, values=_typed(r.processed_data))
        for r in batch.records.filter(status=ImportRecord.Status.VALID).order_by("line_number")
    ]
    plan = PurchasePlan(rows=batch.total_records, rejected=batch.error_records)
    _write(batch, rows, _resolve_products(rows), plan)
    refresh_after_commit()
    return plan


def _typed(values: dict) -> dict:
    """The parsed values of a row as kept in its record (text) back as Python values."""
    typed = dict(values)
    for name in ("purchase_date", "delivery_date"):
        typed[name] = values[name] and date.fromisoformat(values[name])
    typed["gross"], typed["vat_rate"] = Decimal(values["gross"]), Decimal(values["vat_rate"])
    typed["quantity"] = int(values["quantity"])
    return typed


def _write(batch, rows, products, plan: PurchasePlan) -> None:
    resolver = SizeResolver()
    for row in rows:
        resolver.id_for(parse_size(row.values["size"], row.values["name"]))
    resolver.create_missing()
    categories = categories_by_slug()
    suppliers: dict[str, object] = {}
    wanted = [_key(r, n) for r in rows for n in range(1, r.values["quantity"] + 1)]
    existing_keys = set(
        StockItem.objects.filter(source_key__in=wanted).values_list("source_key", flat=True)
    )
    for row in rows:
        v = row.values
        name = v["supplier"].lower()
        if name not in suppliers:
            suppliers[name], created = Supplier.objects.named(v["supplier"])
            plan.new_suppliers += created
        product = products.get(v["sku"]) or products.get(f"ean:{v['ean']}")
        if product is None:
            slug = category_slug_for(v["name"], parse_size(v["size"], v["name"]).kind)
            category = (
                categories.get(slug) or categories.get(slug.split("-")[0]) or categories["other"]
            )
            product = purchases.create_product(
                sku=v["sku"], name=v["name"], brand_id=None, category=category, ean=v["ean"]
            )
            products[v["sku"]] = product
            plan.new_products += 1
        size_id = resolver.id_for(parse_size(v["size"], v["name"]))
        for n in range(1, v["quantity"] + 1):
            plan.pairs += 1
            key = _key(row, n)
            if key in existing_keys:
                plan.unchanged += 1
                continue
            result = purchases.record_purchase(
                product=product,
                quantities={size_id: 1},
                gross=v["gross"],
                tax_scheme=v["tax_scheme"],
                vat_rate=v["vat_rate"],
                supplier=suppliers[name],
                purchase_date=v["purchase_date"],
                delivery_date=v["delivery_date"],
                order_number=v["order_number"],
                invoice_number=v["invoice_number"],
                location=v["location"],
                notes=v["notes"],
                ean=v["ean"],
                source_key=key,
                user=batch.created_by,
            )
            plan.created += len(result.created)
            plan.filled += len(result.filled)


def _key(row: PurchaseRow, n: int) -> str:
    v = row.raw
    return f"{(v.get('supplier') or '').strip().lower()}|{(v.get('order_number') or '').strip()}|{row.line}|{n}"
