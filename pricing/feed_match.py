"""Matching retailer offers to our catalog, each with its reason in words:

1. by EAN/GTIN: a barcode of one of our StockX variants (product and size), of a pair we
   bought (purchases keep the box's EAN: product and size), or a product's own EAN (the
   product; the size from the feed's size as in 2.);
2. by style code (the row's candidates, dash form; compared on letters and digits only, so
   `1203A544.101` = `1203A544-101`) plus the size: the feed's EU size ("42", "42.5",
   "42 2/3") converted for the product's size chart — the EU sizes StockX gives for its
   variants, else adidas' chart in thirds for adidas, else the size table (Nike's chart)
   of the product's size family. A style match whose size does not convert is kept as
   matched by style only (size unknown).

Everything is read once per import (`Catalog`): a 100,000-row feed matches without a query
per row. Barcodes are compared as GTIN-14 (a 12-digit UPC equals its 13-digit EAN with a
leading zero).
"""

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from django.db import connection
from django.utils.translation import get_language, gettext

from catalog.models import Product, Size
from catalog.sizes import SizeKey, parse_size, product_size_kind

from .feed_files import style_key
from .feed_models import SourcePrice

_EU = re.compile(r"(?:EU\s*)?(\d{2})(?:[.,](\d))?(?:\s*(1/3|2/3|1/2|⅓|⅔|½))?", re.IGNORECASE)
_THIRDS = {"1/3": Fraction(1, 3), "⅓": Fraction(1, 3), "2/3": Fraction(2, 3), "⅔": Fraction(2, 3),
           "1/2": Fraction(1, 2), "½": Fraction(1, 2)}  # fmt: skip
DETAIL_MAX = 255


@lru_cache(maxsize=256)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _(message: str) -> str:
    """gettext, remembered per language: a reason is written for every row of a feed."""
    return _translated(get_language(), message)


def gtin_key(code: str) -> str:
    return code.strip().zfill(14)


def parse_eu(label: str | None) -> Fraction | None:
    """An EU shoe size as a fraction ("42 2/3" -> 128/3, "42,5" -> 85/2), or None when the
    label is no EU size (a US or letter size)."""
    match = _EU.fullmatch((label or "").strip())
    if not match:
        return None
    value = Fraction(int(match[1]))
    if match[2]:
        value += Fraction(int(match[2]), 10)
    if match[3]:
        if match[2]:
            return None
        value += _THIRDS[match[3]]
    return value if 15 <= value <= 55 else None


def eu_text(value: Fraction) -> str:
    """An EU size as labels write it: 42, 42.5, 42 2/3."""
    whole, rest = divmod(value, 1)
    if rest == 0:
        return str(whole)
    if rest.denominator == 3:
        return f"{whole} {rest.numerator}/3"
    return f"{Decimal(rest.numerator) / Decimal(rest.denominator) + whole:f}"


def adidas_us(eu: Fraction) -> Fraction | None:
    """adidas' chart: EU 36 = US 4 (men), each US half size is 2/3 of an EU size
    (EU 40 2/3 = US 7.5, 42 2/3 = US 9, 44 = US 10)."""
    us = 4 + (eu - 36) * Fraction(3, 4)
    return us if us >= 1 and (us * 2).denominator == 1 else None


def _us(value: Fraction) -> str:
    """A US size as the size table writes it: 9, 7.5."""
    return f"{Decimal(value.numerator) / Decimal(value.denominator):f}"


@dataclass(frozen=True, slots=True)
class Match:
    product_id: int | None
    size_id: int | None
    kind: str
    detail: str
    style: str = ""  # the style code that matched


class Catalog:
    """Barcodes, style codes and sizes of the catalog, read once."""

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT v.product_id, v.size_id, COALESCE(g->>'identifier', g#>>'{}')
                   FROM catalog.product_variant v,
                        jsonb_array_elements(CASE jsonb_typeof(v.gtins) WHEN 'array'
                                             THEN v.gtins ELSE '[]'::jsonb END) g"""
            )
            self.variant_gtins = {
                gtin_key(code): (pid, sid) for pid, sid, code in cursor if code and code.isdigit()
            }
            cursor.execute(
                """SELECT DISTINCT ON (ean) ean, product_id, size_id FROM inventory.stock
                   WHERE ean <> '' ORDER BY ean, id DESC"""
            )
            self.pair_eans = {gtin_key(e): (p, s) for e, p, s in cursor if e.isdigit()}
            cursor.execute("SELECT ean, id FROM catalog.product WHERE ean <> '' ORDER BY id")
            self.product_eans = {}
            for ean, pid in cursor:
                if ean.isdigit():
                    self.product_eans.setdefault(gtin_key(ean), pid)
            cursor.execute("SELECT id, sku, style_code FROM catalog.product ORDER BY id")
            self.styles: dict[str, int] = {}
            by_sku: dict[str, int] = {}
            for pid, sku, style in cursor:
                for part in (style or "").split("/"):
                    if key := style_key(part):
                        self.styles.setdefault(key, pid)
                if not sku.startswith("ITEM-"):
                    for part in sku.split("/"):
                        if key := style_key(part):
                            by_sku.setdefault(key, pid)
            for key, pid in by_sku.items():
                self.styles.setdefault(key, pid)
        self.sizes: dict[SizeKey, int] = {}
        self.size_names: dict[int, str] = {}
        self.by_eu: dict[str, dict[Fraction, int]] = defaultdict(dict)
        for pk, kind, region, value, display, eu in Size.objects.order_by(
            "sort_order", "pk"
        ).values_list("id", "kind", "region", "value", "display", "eu_value"):
            self.sizes[SizeKey(kind, region, value)] = pk
            self.size_names[pk] = display
            if region == Size.Region.US and eu is not None:
                self.by_eu[kind].setdefault(Fraction(eu), pk)
        self._products: dict[int, tuple[str, str, dict[Fraction, int]]] = {}
        self._sizes: dict[tuple[int, str, str], tuple[int | None, str]] = {}

    def prepare(self, product_ids: set[int]) -> None:
        """Read the products a feed may match (size family, brand, StockX's EU sizes per
        variant), in two queries."""
        wanted = {pid for pid in product_ids if pid not in self._products}
        if not wanted:
            return
        kinds: dict[int, Counter] = defaultdict(Counter)
        charts: dict[int, dict[Fraction, int]] = defaultdict(dict)
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT v.product_id, v.size_id, s.kind, v.size_chart->'availableConversions'
                   FROM catalog.product_variant v LEFT JOIN catalog.sizes s ON s.id = v.size_id
                   WHERE v.product_id = ANY(%s)""",
                [list(wanted)],
            )
            for pid, sid, kind, conversions in cursor:
                if isinstance(conversions, str):  # Django reads jsonb as text
                    conversions = json.loads(conversions)
                if kind:
                    kinds[pid][kind] += 1
                for conversion in conversions if isinstance(conversions, list) else ():
                    if not isinstance(conversion, dict) or sid is None:
                        continue
                    if str(conversion.get("type", "")).lower() != "eu":
                        continue
                    eu = parse_eu(str(conversion.get("size", "")))
                    if eu is not None:
                        charts[pid].setdefault(eu, sid)
        for product in Product.objects.filter(pk__in=wanted).select_related("brand", "category"):
            kind = product_size_kind(product, variant_kinds=kinds[product.pk])
            brand = product.brand.name.lower() if product.brand else ""
            self._products[product.pk] = (kind, brand, charts[product.pk])

    def candidates(self, ean: str, styles: list[str]) -> set[int]:
        """The products a row could match (to `prepare` them together)."""
        found = set()
        if ean and (pid := self.product_eans.get(gtin_key(ean))):
            found.add(pid)
        for code in styles:
            if pid := self.styles.get(style_key(code)):
                found.add(pid)
        return found

    def size_for(self, product_id: int, label: str, title: str) -> tuple[int | None, str]:
        """Our size for the feed's size label on this product, and how it was converted."""
        key = (product_id, label, title)
        if key not in self._sizes:
            self._sizes[key] = self._convert(product_id, label, title)
        return self._sizes[key]

    def _convert(self, product_id: int, label: str, title: str) -> tuple[int | None, str]:
        if not label:
            return None, _("the feed gives no size")
        kind, brand, chart = self._products[product_id]
        eu = parse_eu(label)
        if eu is None:  # a US, UK or letter size: the size table as written
            size_id = self.sizes.get(parse_size(label, title))
            if size_id is None:
                return None, _("size %(label)s is not in the size table") % {"label": label}
            return size_id, _("size %(label)s") % {"label": self.size_names[size_id]}
        names = {"eu": eu_text(eu)}
        if eu in chart:
            size_id = chart[eu]
            names["size"] = self.size_names[size_id]
            return size_id, _("EU %(eu)s = %(size)s (StockX size chart)") % names
        if "adidas" in brand:
            us = adidas_us(eu)
            if us is not None:
                value = {"women": f"{_us(us + 1)}W", "gs": f"{_us(us)}Y"}.get(kind, _us(us))
                size_id = self.sizes.get(SizeKey(kind, Size.Region.US, value))
                if size_id is not None:
                    names["size"] = self.size_names[size_id]
                    return size_id, _("EU %(eu)s = %(size)s (adidas size chart)") % names
        size_id = self.by_eu.get(kind, {}).get(eu)
        if size_id is not None:
            names["size"] = self.size_names[size_id]
            return size_id, _("EU %(eu)s = %(size)s (size table)") % names
        names["family"] = Size.Kind(kind).label if kind in Size.Kind.values else kind
        return None, _("EU %(eu)s is not in the size chart (%(family)s)") % names

    def match(self, *, ean: str, styles: list[str], size: str, title: str) -> Match:
        """The best match of one offer, with its reason."""
        if ean:
            key = gtin_key(ean)
            if key in self.variant_gtins:
                pid, sid = self.variant_gtins[key]
                detail = _("EAN %(ean)s is the GTIN of our StockX variant %(size)s") % {
                    "ean": ean,
                    "size": self.size_names.get(sid, "?"),
                }
                return _match(pid, sid, SourcePrice.Match.EAN, detail)
            if key in self.pair_eans:
                pid, sid = self.pair_eans[key]
                detail = _("EAN %(ean)s is on a pair we bought (%(size)s)") % {
                    "ean": ean,
                    "size": self.size_names.get(sid, "?"),
                }
                return _match(pid, sid, SourcePrice.Match.EAN, detail)
            if key in self.product_eans:
                pid = self.product_eans[key]
                if pid not in self._products:
                    self.prepare({pid})
                sid, how = self.size_for(pid, size, title)
                detail = _("EAN %(ean)s is the product's EAN; %(size)s") % {
                    "ean": ean,
                    "size": how,
                }
                return _match(pid, sid, SourcePrice.Match.EAN, detail)
        for code in styles:
            pid = self.styles.get(style_key(code))
            if pid is None:
                continue
            if pid not in self._products:
                self.prepare({pid})
            sid, how = self.size_for(pid, size, title)
            values = {"code": code, "size": how}
            if sid is None:
                detail = _("style code %(code)s; size unknown: %(size)s") % values
                return _match(pid, None, SourcePrice.Match.STYLE, detail, code)
            detail = _("style code %(code)s and %(size)s") % values
            return _match(pid, sid, SourcePrice.Match.STYLE_SIZE, detail, code)
        if not ean and not styles:
            return _match(None, None, SourcePrice.Match.NONE, _("no EAN and no style code"))
        known = ", ".join(filter(None, [ean and f"EAN {ean}", *styles]))
        return _match(
            None,
            None,
            SourcePrice.Match.NONE,
            _("no product of ours has %(codes)s") % {"codes": known},
        )


def _match(product_id, size_id, kind, detail: str, style: str = "") -> Match:
    return Match(product_id, size_id, str(kind), detail[:DETAIL_MAX], style)
