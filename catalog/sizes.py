"""Turning a size as marketplaces write it ("10.5", "6.5W", "5.5Y", "7C", "42", "M",
"L/XL", "34W/32L", "12W / 10.5M", "N/A") into a row of the unified size table.

The item name's markers "(W)", "(Women's)", "(GS)", "(PS)", "(TD)", "(Kids)" decide the
kind where the token alone cannot (a plain "8" on a "(W)" item is women's 8)."""

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Size

APPAREL_ORDER = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"]
APPAREL_ALIASES = {"2XL": "XXL", "3XL": "XXXL", "XXXXL": "4XL"}
_NUM = r"(\d{1,2}(?:\.5)?)"
_MARKERS = [
    (re.compile(r"\((?:W|Wmns|Women'?s)\)|\bWomen'?s\b|\bWMNS\b", re.IGNORECASE), Size.Kind.WOMEN),
    (re.compile(r"\(GS\)|\bGrade School\b", re.IGNORECASE), Size.Kind.GS),
    (re.compile(r"\(PS\)|\bPre-?School\b", re.IGNORECASE), Size.Kind.PS),
    (re.compile(r"\(TD\)|\bToddler\b|\bInfant\b", re.IGNORECASE), Size.Kind.TD),
    (re.compile(r"\(Kids\)", re.IGNORECASE), Size.Kind.PS),
]


@dataclass(frozen=True)
class SizeKey:
    kind: str
    region: str
    value: str

    @property
    def display(self) -> str:
        if self.kind == Size.Kind.ONE_SIZE:
            return "One size"
        if self.region in (Size.Region.US, Size.Region.EU, Size.Region.UK):
            return f"{self.region} {self.value}"
        return self.value


ONE_SIZE = SizeKey(Size.Kind.ONE_SIZE, Size.Region.INTL, "OS")


def kind_from_item(item_name: str) -> str | None:
    for pattern, kind in _MARKERS:
        if pattern.search(item_name or ""):
            return kind
    return None


def _fmt(number: str) -> str:
    """'10.0' -> '10', '8.50' -> '8.5'."""
    value = Decimal(number).normalize()
    return f"{value:f}"


def parse_size(token: str | None, item_name: str = "") -> SizeKey:
    """The size key for a token; unknown shapes become kind `other` with the token kept
    verbatim, so nothing is lost and the same token always maps to the same size."""
    text = re.sub(r"\s+", " ", (token or "").strip())
    if text.upper() in ("", "N/A", "NA", "OS", "ONE SIZE", "ONESIZE", "O/S"):
        return ONE_SIZE
    text = re.sub(r"^(US|EU|UK)\s+", lambda m: m.group(1).upper() + " ", text, flags=re.I)
    marker = kind_from_item(item_name)
    upper = text.upper()

    if upper in APPAREL_ORDER or upper in APPAREL_ALIASES:
        return SizeKey(Size.Kind.APPAREL, Size.Region.INTL, APPAREL_ALIASES.get(upper, upper))
    combo = re.fullmatch(r"(X{0,3}[SML]|XL)\s*/\s*(X{0,3}[SML]|XL)", upper)
    if combo:
        return SizeKey(Size.Kind.APPAREL, Size.Region.INTL, f"{combo[1]}/{combo[2]}")
    jeans = re.fullmatch(r"(\d{2})\s*W\s*/\s*(\d{2})\s*L", upper)
    if jeans:
        return SizeKey(Size.Kind.APPAREL, Size.Region.INTL, f"{jeans[1]}W/{jeans[2]}L")
    # Unisex labels "12W / 10.5M" are filed under the men's size.
    unisex = re.fullmatch(rf"{_NUM}\s*W\s*/\s*{_NUM}\s*M", upper)
    if unisex:
        return SizeKey(Size.Kind.MEN, Size.Region.US, _fmt(unisex[2]))

    region_match = re.fullmatch(rf"(US|EU|UK) {_NUM}([WYC]?)", upper)
    if region_match and region_match[1] in ("EU", "UK"):
        return SizeKey(Size.Kind.MEN, region_match[1], _fmt(region_match[2]))
    if region_match:
        upper = region_match[2] + region_match[3]

    suffixed = re.fullmatch(rf"{_NUM}([WYC])", upper)
    if suffixed:
        number, suffix = _fmt(suffixed[1]), suffixed[2]
        n = Decimal(number)
        if suffix == "W":
            return SizeKey(Size.Kind.WOMEN, Size.Region.US, f"{number}W")
        if suffix == "Y":
            kind = Size.Kind.PS if marker == Size.Kind.PS or n < Decimal("3.5") else Size.Kind.GS
            return SizeKey(kind, Size.Region.US, f"{number}Y")
        kind = (
            marker
            if marker in (Size.Kind.PS, Size.Kind.TD)
            else (Size.Kind.PS if n >= Decimal("10.5") else Size.Kind.TD)
        )
        return SizeKey(kind, Size.Region.US, f"{number}C")

    plain = re.fullmatch(_NUM, upper)
    if plain:
        number = _fmt(plain[1])
        n = Decimal(number)
        if n >= 33:
            return SizeKey(Size.Kind.MEN, Size.Region.EU, number)
        if marker == Size.Kind.WOMEN:
            return SizeKey(Size.Kind.WOMEN, Size.Region.US, f"{number}W")
        if marker == Size.Kind.GS:
            return SizeKey(Size.Kind.GS, Size.Region.US, f"{number}Y")
        if marker in (Size.Kind.PS, Size.Kind.TD):
            return SizeKey(marker, Size.Region.US, f"{number}C")
        return SizeKey(Size.Kind.MEN, Size.Region.US, number)
    return SizeKey(Size.Kind.OTHER, Size.Region.INTL, text[:30])


class SizeResolver:
    """Maps size keys to Size ids with one query up front; sizes not in the table yet are
    created together by `create_missing()` (one bulk insert)."""

    def __init__(self) -> None:
        self._ids = {
            SizeKey(kind, region, value): pk
            for pk, kind, region, value in Size.objects.values_list("id", "kind", "region", "value")
        }
        self.missing: set[SizeKey] = set()

    def id_for(self, key: SizeKey) -> int | None:
        size_id = self._ids.get(key)
        if size_id is None:
            self.missing.add(key)
        return size_id

    def create_missing(self) -> list[Size]:
        if not self.missing:
            return []
        created = Size.objects.bulk_create(
            [
                Size(kind=k.kind, region=k.region, value=k.value, display=k.display, sort_order=999)
                for k in sorted(self.missing, key=lambda k: (k.kind, k.region, k.value))
            ],
            ignore_conflicts=True,
        )
        # ignore_conflicts leaves pks unset; read the ids back.
        for pk, kind, region, value in Size.objects.filter(
            value__in=[k.value for k in self.missing]
        ).values_list("id", "kind", "region", "value"):
            self._ids[SizeKey(kind, region, value)] = pk
        self.missing.clear()
        return created


# The size grid of the "Add purchase" page: the sizes that fit a product first, every other
# size one can buy behind "more sizes". Shoe sizes are offered in US (what labels and
# marketplaces key on) with EU beside them; EU and UK rows only convert, they are not offered.
SHOE_KINDS = (Size.Kind.MEN, Size.Kind.WOMEN, Size.Kind.GS, Size.Kind.PS, Size.Kind.TD)
GRID_KINDS = (*SHOE_KINDS, Size.Kind.APPAREL, Size.Kind.ONE_SIZE)
GRID_GROUPS = {
    Size.Kind.MEN: _("Men's sizes"),
    Size.Kind.WOMEN: _("Women's sizes"),
    Size.Kind.GS: _("Kids: grade school (GS)"),
    Size.Kind.PS: _("Kids: pre-school (PS)"),
    Size.Kind.TD: _("Kids: toddler (TD)"),
    Size.Kind.APPAREL: _("Apparel sizes"),
    Size.Kind.ONE_SIZE: _("One size"),
}


@dataclass(frozen=True)
class GridSize:
    """One button of the grid: "US 9 · EU 42.5". Sizes are data: their decimal point stays
    as the size chart writes it, whatever the language."""

    size: Size

    @property
    def primary(self) -> str:
        return (
            str(GRID_GROUPS[Size.Kind.ONE_SIZE])
            if self.size.kind == Size.Kind.ONE_SIZE
            else self.size.display
        )

    @property
    def eu(self) -> str:
        if self.size.kind not in SHOE_KINDS or self.size.region != Size.Region.US:
            return ""
        return f"EU {_fmt(str(self.size.eu_value))}" if self.size.eu_value is not None else ""

    @property
    def label(self) -> str:
        return " · ".join(filter(None, [self.primary, self.eu]))


@dataclass
class SizeGrid:
    kind: str
    fitting: list[GridSize]
    more: list[tuple[str, list[GridSize]]]  # (group label, sizes) per kind

    @property
    def title(self) -> str:
        return str(GRID_GROUPS[self.kind])

    @property
    def sizes(self) -> list[Size]:
        """Every size offered, fitting or not: the quantities a form may post."""
        return [g.size for g in self.fitting] + [
            g.size for _label, group in self.more for g in group
        ]


def product_size_kind(
    product,
    known_kinds: Mapping[str, int] | None = None,
    *,
    variant_kinds: Mapping[str, int] | None = None,
) -> str:
    """The size family a product is bought in: apparel sizes for apparel, one size for
    everything that is neither apparel nor sneakers, and for sneakers the name's marker
    ("(W)", "(GS)", "(PS)", "(TD)"), else the family of the sizes it already has (its
    StockX variants, and `known_kinds` from the caller: pairs per kind), else men's. A product
    not in the catalog yet counts as a men's sneaker. `variant_kinds` (variants per kind)
    spares the query for callers that read many products' variants at once."""
    path = product.category.path if product is not None else "sneakers"
    if path.startswith("apparel"):
        return Size.Kind.APPAREL
    if not path.startswith("sneakers"):
        return Size.Kind.ONE_SIZE
    if product is None:
        return Size.Kind.MEN
    if marker := kind_from_item(product.name):
        return marker
    if variant_kinds is None:
        variant_kinds = Counter(product.variants.values_list("size__kind", flat=True))
    known = Counter(variant_kinds) + Counter(known_kinds)
    shoe = [kind for kind, _count in known.most_common() if kind in SHOE_KINDS]
    return shoe[0] if shoe else Size.Kind.MEN


def size_grid(
    product, *, preselected: Size | None = None, known_kinds: Mapping[str, int] | None = None
) -> SizeGrid:
    """The grid for a product (None: one still to be created). A preselected size (a
    scanned barcode) is always among the fitting sizes, whatever its family."""
    kind = product_size_kind(product, known_kinds)
    offered = Size.objects.filter(
        Q(region=Size.Region.US, kind__in=SHOE_KINDS)
        | Q(kind__in=[Size.Kind.APPAREL, Size.Kind.ONE_SIZE])
    ).order_by("sort_order", "pk")
    by_kind: dict[str, list[GridSize]] = {k: [] for k in GRID_KINDS}
    for size in offered:
        by_kind[size.kind].append(GridSize(size))
    fitting = by_kind.pop(kind)
    if preselected is not None and preselected.pk not in {g.size.pk for g in fitting}:
        for group in by_kind.values():
            group[:] = [g for g in group if g.size.pk != preselected.pk]
        fitting.append(GridSize(preselected))
    more = [(str(GRID_GROUPS[k]), group) for k, group in by_kind.items() if group]
    return SizeGrid(kind=kind, fitting=fitting, more=more)
