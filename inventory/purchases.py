"""Recording purchases: one stock row per pair, with net, VAT and gross from one formula.

A purchase may belong to a sale that was imported first: a pair of the same product and
size that was sold on or after the purchase date and is still waiting for its cost takes
this purchase as its cost, so the order of imports never creates phantom stock. Finding
that sale is sales' business: `sales` registers the function that does it
(`register_sold_pair_filler`, from its AppConfig.ready); inventory knows nothing of orders."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.classify import BrandMatcher, categories_by_slug, category_slug_for
from catalog.models import Category, Product, Size
from catalog.sizes import SizeGrid, size_grid
from soleflip.lib.analytics import refresh_after_commit
from soleflip.lib.money import GERMAN_VAT, purchase_cost
from soleflip.lib.parsing import to_cents
from suppliers.models import Supplier

from .models import StockEvent, StockItem, StockStatus

# Functions that may turn a purchase into the cost of an already sold pair; each returns
# the filled pair or None. Registered by `sales` at start-up.
_sold_pair_fillers: list[Callable[..., StockItem | None]] = []


def register_sold_pair_filler(func: Callable[..., StockItem | None]) -> None:
    if func not in _sold_pair_fillers:
        _sold_pair_fillers.append(func)


def _fill_sold_pair(**purchase) -> StockItem | None:
    for fill in _sold_pair_fillers:
        if item := fill(**purchase):
            return item
    return None


@dataclass
class PurchaseResult:
    created: list[StockItem]
    filled: list[StockItem]
    gross: Decimal = Decimal("0")  # per pair

    @property
    def pairs(self) -> int:
        return len(self.created) + len(self.filled)

    @property
    def total(self) -> Decimal:
        """What the line cost: pairs × gross price per pair."""
        return purchase_total(self.pairs, self.gross)


def purchase_total(pairs: int, gross: Decimal | None) -> Decimal | None:
    """Pairs × gross price per pair, to the cent (None without a price)."""
    return None if gross is None else to_cents(gross * pairs)


def size_grid_for(product: Product | None, preselected: Size | None = None) -> SizeGrid:
    """The size grid of "Add purchase": the sizes that fit the product first; the sizes of
    its pairs count towards its size family as its StockX variants do."""
    known = (
        dict(
            StockItem.objects.filter(product=product)
            .values_list("size__kind")
            .annotate(pairs=Count("id"))
        )
        if product is not None
        else {}
    )
    return size_grid(product, preselected=preselected, known_kinds=known)


def find_product(code: str) -> tuple[Product | None, Size | None]:
    """A product by style code / SKU or by barcode (product EAN, a variant's GTINs, or a
    pair's EAN, which also tells the size)."""
    code = code.strip()
    if not code:
        return None, None
    product = (
        Product.objects.filter(sku__iexact=code).first()
        or Product.objects.filter(style_code__iexact=code).first()
    )
    if product:
        return product, None
    if code.isdigit():
        if product := Product.objects.filter(ean=code).first():
            return product, None
        from catalog.models import ProductVariant

        variant = (
            ProductVariant.objects.select_related("product", "size")
            # StockX's enrichment keeps GTINs as {"identifier": …, "type": …}.
            .filter(Q(gtins__contains=[code]) | Q(gtins__contains=[{"identifier": code}]))
            .first()
        )
        if variant:
            return variant.product, variant.size
        pair = StockItem.objects.select_related("product", "size").filter(ean=code).first()
        if pair:
            return pair.product, pair.size
    return None, None


def suggest_product(name: str) -> dict:
    """Brand and category suggested from a new product's name."""
    matcher = BrandMatcher()
    brand_id, unknown = matcher.brand_for(name)
    return {"brand_id": brand_id, "new_brand": unknown, "category_slug": category_slug_for(name)}


@transaction.atomic
def create_product(
    *, sku: str, name: str, brand_id: int | None, category: Category, ean: str = ""
) -> Product:
    if brand_id is None:
        matcher = BrandMatcher()
        brand_id, unknown = matcher.brand_for(name)
        if brand_id is None:
            brand_id = matcher.get_or_create_unknown(unknown).pk
    return Product.objects.create(
        sku=sku.strip().upper(),
        style_code=sku.strip().upper(),
        name=name.strip(),
        brand_id=brand_id,
        category=category,
        ean=ean,
    )


def default_category() -> Category:
    categories = categories_by_slug()
    return categories.get("sneakers") or categories["other"]


@transaction.atomic
def record_purchase(
    *,
    product: Product,
    quantities: dict[int, int],
    gross: Decimal,
    tax_scheme: str,
    vat_rate: Decimal = GERMAN_VAT,
    supplier: Supplier | None = None,
    purchase_date: date | None = None,
    delivery_date: date | None = None,
    order_number: str = "",
    invoice_number: str = "",
    location: str = "",
    notes: str = "",
    ean: str = "",
    source_key: str = "",
    user=None,
) -> PurchaseResult:
    """One stock row per pair bought (quantities: size id -> pairs). A pair delivered on
    or before today is in stock, otherwise incoming. `source_key` (imports) marks a single
    pair so that a re-import finds it."""
    if source_key and sum(quantities.values()) != 1:
        raise ValueError("A source key names exactly one pair.")
    cost = purchase_cost(gross=gross, tax_scheme=tax_scheme, vat_rate=vat_rate)
    arrived = delivery_date is not None and delivery_date <= timezone.localdate()
    status = StockStatus.IN_STOCK if arrived else StockStatus.INCOMING
    shared = {
        "supplier": supplier,
        "delivery_date": delivery_date,
        "purchase_order_number": order_number,
        "invoice_number": invoice_number,
        "location": location,
        "source_key": source_key,
    }
    result = PurchaseResult(created=[], filled=[], gross=gross)
    refresh_after_commit()
    for size_id, count in quantities.items():
        for _pair in range(count):
            filled = _fill_sold_pair(
                product_id=product.pk,
                size_id=size_id,
                purchase_date=purchase_date,
                gross=gross,
                tax_scheme=tax_scheme,
                vat_rate=vat_rate,
                user=user,
                **shared,
            )
            if filled:
                result.filled.append(filled)
                continue
            item = StockItem.objects.create(
                product=product,
                size_id=size_id,
                status=status,
                purchase_date=purchase_date,
                purchase_price=cost.net,
                gross_purchase_price=cost.gross,
                vat_rate=cost.vat_rate,
                vat_amount=cost.vat,
                tax_scheme=tax_scheme,
                notes=notes,
                ean=ean,
                **shared,
            )
            StockEvent.objects.create(
                stock=item,
                user=user,
                kind=StockEvent.Kind.CREATED,
                to_status=status,
                reason=(_("Purchase %(order)s") % {"order": order_number}).strip(),
                after={
                    "status": status,
                    "purchase_price": str(cost.net),
                    "gross_purchase_price": str(cost.gross),
                },
            )
            result.created.append(item)
    return result
