"""Reading a retailer's product feed: a CSV (plain or gzip, streamed) read through a column
mapping of the shared mechanism (soleflip/lib/mapping.py). Presets name the columns of the
layouts we know: Awin's 92-column product feed, and the Google Shopping layout many other
networks use. Each row becomes one offer with every bad value a RowError naming line,
column and value.

Where a style code hides: the mapped style-code column (Awin's `model_number`), else the
text after the last "|" of the description ("Ein Klassiker. | 1203A544.101"). Style codes
are kept with a dash: `1203A544.101`, `1203A544 101` and `1203A544-101` are one code.
"""

import csv
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sales.marketplace_files import parse_day
from soleflip.lib.mapping import ColumnMapping, Schema
from soleflip.lib.parsing import clean, parse_money
from soleflip.lib.rows import ImportFileError, RowError, too_large

FIELDS = {
    "external_id": gettext_lazy("Offer ID"),
    "title": gettext_lazy("Title"),
    "brand": gettext_lazy("Brand"),
    "buy_price": gettext_lazy("Price"),
    "currency": gettext_lazy("Currency"),
    "delivery_cost": gettext_lazy("Delivery cost"),
    "product_url": gettext_lazy("Offer link"),
    "retailer": gettext_lazy("Retailer"),
    "retailer_id": gettext_lazy("Retailer ID"),
    "ean": gettext_lazy("EAN"),
    "gtin": gettext_lazy("GTIN (when the EAN is empty)"),
    "style_code": gettext_lazy("Style code"),
    "description": gettext_lazy("Description (style code after the last |)"),
    "size": gettext_lazy("Size"),
    "in_stock": gettext_lazy("In stock"),
    "stock_qty": gettext_lazy("Stock quantity"),
    "availability": gettext_lazy("Availability"),
    "feed_date": gettext_lazy("Feed date"),
}
REQUIRED = ("external_id", "buy_price")
GUESSES = {
    "external_id": ("id", "product id", "offer id", "aw product id", "sku"),
    "title": ("title", "product name", "name"),
    "brand": ("brand", "brand name", "marke"),
    "buy_price": ("price", "search price", "sale price", "preis"),
    "currency": ("currency", "währung"),
    "delivery_cost": ("delivery cost", "shipping", "versandkosten"),
    "product_url": ("link", "deep link", "aw deep link", "url"),
    "retailer": ("merchant name", "retailer", "shop"),
    "ean": ("ean", "gtin", "barcode"),
    "style_code": ("mpn", "model number", "style code", "style"),
    "size": ("size", "größe", "fashion:size"),
    "in_stock": ("in stock",),
    "stock_qty": ("stock quantity", "quantity"),
    "availability": ("availability", "stock status"),
}
FEED = Schema(fields=FIELDS, required=REQUIRED, guesses=GUESSES)


class FeedMapping(ColumnMapping):
    """Offer field -> column of a retailer feed."""

    schema = FEED


AWIN = FeedMapping(
    columns={
        "external_id": "aw_product_id",
        "title": "product_name",
        "brand": "brand_name",
        "buy_price": "search_price",
        "currency": "currency",
        "delivery_cost": "delivery_cost",
        "product_url": "aw_deep_link",
        "retailer": "merchant_name",
        "retailer_id": "merchant_id",
        "ean": "ean",
        "gtin": "product_GTIN",
        "style_code": "model_number",
        "description": "description",
        "size": "Fashion:size",
        "in_stock": "in_stock",
        "stock_qty": "stock_quantity",
        "availability": "stock_status",
        "feed_date": "last_updated",
    }
)
GOOGLE = FeedMapping(
    columns={
        "external_id": "id",
        "title": "title",
        "brand": "brand",
        "buy_price": "price",
        "product_url": "link",
        "ean": "gtin",
        "style_code": "mpn",
        "description": "description",
        "size": "size",
        "availability": "availability",
        "delivery_cost": "shipping",
    }
)
PRESETS = {"awin": AWIN, "google": GOOGLE}
PRESET_LABELS = {
    "awin": gettext_lazy("Awin product feed"),
    "google": gettext_lazy("Google Shopping feed"),
}

GZIP_MAGIC = b"\x1f\x8b"
_SEPARATORS = re.compile(r"[\s.\-_]+")
# A style code: letters and digits, at most two separators (DD1391-100, 1203A544.101,
# 408452 103, BB550WT1); at least one digit, 5 to 20 characters.
_STYLE = re.compile(r"[A-Z0-9]{2,14}(?:[\s.\-][A-Z0-9]{1,8}){0,2}")
_EAN = re.compile(r"\d{8}|\d{12,14}")
_TRUE = frozenset({"1", "true", "yes", "y", "ja", "in stock", "instock", "in_stock", "available"})
_FALSE = frozenset({"0", "false", "no", "n", "nein", "out of stock", "outofstock", "out_of_stock",
                    "sold out", "discontinued", "unavailable"})  # fmt: skip
_BACKORDER = frozenset({"preorder", "pre-order", "backorder", "limited availability"})


def style_key(code: str) -> str:
    """The comparison key of a style code: letters and digits only, upper case."""
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def dash_style(code: str | None) -> str:
    """A style code as we write it: upper case, separators as one dash, or "" when the text
    is no style code (a sentence, a price)."""
    text = (code or "").strip().upper()
    if not text or not _STYLE.fullmatch(text) or not re.search(r"\d", text):
        return ""
    if not 5 <= len(style_key(text)) <= 20:
        return ""
    return _SEPARATORS.sub("-", text)


def style_candidates(style: str | None, description: str | None) -> list[str]:
    """The style codes a row offers, in dash form, best first: the style-code column, then
    what follows the last "|" of the description. Digits alone come last: Awin's
    model_number often holds the shop's article number (000514002), not a style code."""
    found = []
    tail = (description or "").rpartition("|")[2] if "|" in (description or "") else ""
    for text in (style, tail):
        code = dash_style(text)
        if code and code not in found:
            found.append(code)
    found.sort(key=str.isdigit)
    return found


def parse_ean(value: str | None) -> str:
    text = clean(value)
    if text is None:
        return ""
    text = text.replace(" ", "")
    if not _EAN.fullmatch(text):
        raise ValueError(_("is not an EAN/GTIN (8, 12, 13 or 14 digits)"))
    return text


def parse_flag(value: str | None) -> bool | None:
    text = clean(value)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in _TRUE or lowered in _BACKORDER:
        return lowered in _TRUE
    if lowered in _FALSE:
        return False
    raise ValueError(_("is neither yes nor no (1/0, true/false, in stock/out of stock)"))


def parse_quantity(value: str | None) -> int | None:
    text = clean(value)
    if text is None:
        return None
    if not text.isdigit() or len(text) > 9:
        raise ValueError(_("is not a whole number of pairs"))
    return int(text)


def parse_price(value: str | None) -> Decimal | None:
    amount = parse_money(value)
    if amount is not None and amount < 0:
        raise ValueError(_("is negative"))
    return amount


def parse_link(value: str | None) -> str:
    text = clean(value)
    if text is None:
        return ""
    if not text.lower().startswith(("http://", "https://")) or len(text) > 1000:
        raise ValueError(_("is not a web link (http… or https…, at most 1000 characters)"))
    return text


# --- reading the file --------------------------------------------------------------------


class FeedFile:
    """A feed file opened for streaming: the header, then the rows one at a time (never
    the whole file in memory), with how far the reading has come for a progress bar."""

    def __init__(self, path: Path, *, max_bytes: int):
        self.size = path.stat().st_size
        if self.size == 0:
            raise ImportFileError(_("The file is empty."))
        if self.size > max_bytes:
            raise ImportFileError(too_large(self.size, max_bytes))
        self._raw = path.open("rb")
        self.gzipped = self._raw.read(2) == GZIP_MAGIC
        self._text = self._open()
        try:
            sample = self._text.read(8192)
        except (OSError, EOFError) as exc:
            self.close()
            raise ImportFileError(_("The file is not a readable gzip archive.")) from exc
        except UnicodeDecodeError as exc:
            self.close()
            raise ImportFileError(_("The file is not UTF-8 text; save it as CSV UTF-8.")) from exc
        try:
            dialect = csv.Sniffer().sniff(sample.partition("\n")[0], delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        self._text.detach()  # the sample was read ahead: start again from the top
        self._text = self._open()
        self._reader = csv.reader(self._text, delimiter=dialect.delimiter)
        self.header = [h.strip() for h in self._next() or []]
        if not any(self.header):
            self.close()
            raise ImportFileError(_("The file has no header line."))

    def _open(self) -> io.TextIOWrapper:
        self._raw.seek(0)
        stream = gzip.GzipFile(fileobj=self._raw, mode="rb") if self.gzipped else self._raw
        return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")

    def _next(self) -> list[str] | None:
        try:
            return next(self._reader, None)
        except csv.Error as exc:
            raise ImportFileError(
                _("Line %(line)s is not readable CSV (%(error)s).")
                % {"line": self._reader.line_num, "error": exc}
            ) from exc
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("Line %(line)s is not UTF-8 text; save the file as CSV UTF-8.")
                % {"line": self._reader.line_num + 1}
            ) from exc
        except (OSError, EOFError) as exc:
            raise ImportFileError(
                _("The gzip archive is damaged or cut off after line %(line)s.")
                % {"line": self._reader.line_num}
            ) from exc

    @property
    def fraction_read(self) -> float:
        return min(1.0, self._raw.tell() / self.size)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of every non-empty row; a quoted value over several lines keeps
        the line its row starts on."""
        start = self._reader.line_num + 1
        while (cells := self._next()) is not None:
            line, start = start, self._reader.line_num + 1
            if any(cells):
                yield line, cells

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> "FeedFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- one row -------------------------------------------------------------------------------


@dataclass(slots=True)
class Offer:
    line: int
    raw: dict[str, str]
    values: dict = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)


class RowReader:
    """Turns the cells of a row into an offer through the mapping (column positions worked
    out once per file)."""

    def __init__(self, mapping: FeedMapping, header: list[str], *, retailer: str = ""):
        self.mapping = mapping
        self.header = header
        self.at = {name: header.index(column) for name, column in mapping.columns.items()}
        self.retailer = retailer
        self.today = timezone.localdate()

    def read(self, line: int, cells: list[str]) -> Offer:
        raw = dict(filter(itemgetter(1), zip(self.header, cells, strict=False)))  # non-empty
        offer = Offer(line, raw)
        columns = self.mapping.columns
        cell = {name: cells[at] for name, at in self.at.items() if at < len(cells)}

        def parsed(name: str, parser):
            value = cell.get(name)
            if not value or value.isspace():
                return None  # every parser's "missing"
            try:
                return parser(value)
            except ValueError as exc:
                offer.errors.append(RowError(line, columns[name], value, str(exc)))
                return None

        def text(name: str, limit: int) -> str:
            value = (cell.get(name) or "").strip()
            if len(value) > limit:
                offer.errors.append(
                    RowError(
                        line,
                        columns[name],
                        value[:60] + "…",
                        _("is longer than %(limit)s characters") % {"limit": limit},
                    )
                )
            return value

        if "\x00" in "".join(cells):
            # PostgreSQL cannot store it; a NUL means a damaged or binary file.
            column = next(h for h, value in raw.items() if "\x00" in value)
            offer.errors.append(RowError(line, column, "", _("contains a NUL byte")))
            raw.update({h: value.replace("\x00", "") for h, value in raw.items()})
            cell = {name: value.replace("\x00", "") for name, value in cell.items()}
        external_id = text("external_id", 255)
        price = parsed("buy_price", parse_price)
        for name, value in (("external_id", external_id), ("buy_price", price)):
            if value in (None, "") and not any(e.column == columns[name] for e in offer.errors):
                offer.errors.append(RowError(line, columns[name], "", _("is empty")))
        retailer = text("retailer", 100) or self.retailer
        if not retailer:
            offer.errors.append(
                RowError(
                    line,
                    columns.get("retailer", str(FIELDS["retailer"])),
                    "",
                    _("is empty (name the retailer on the upload page or with --retailer)"),
                )
            )
        ean = parsed("ean", parse_ean) or parsed("gtin", parse_ean) or ""
        currency = (text("currency", 3) or self.mapping.currency).upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            offer.errors.append(
                RowError(line, columns.get("currency", ""), currency, _("is not a currency code"))
            )
        quantity = parsed("stock_qty", parse_quantity)
        availability = text("availability", 50)
        in_stock = parsed("in_stock", parse_flag)
        if in_stock is None and availability:
            try:
                in_stock = parse_flag(availability)
            except ValueError:
                in_stock = None
        if in_stock is None:
            in_stock = quantity != 0
        feed_day = parsed("feed_date", parse_day)
        offer.styles = style_candidates(cell.get("style_code"), cell.get("description"))
        offer.values = {
            "external_id": external_id,
            "title": text("title", 500),
            "brand": text("brand", 100),
            "buy_price": price,
            "currency": currency,
            "delivery_cost": parsed("delivery_cost", parse_price),
            "product_url": parsed("product_url", parse_link) or "",
            "retailer": retailer,
            "retailer_id": text("retailer_id", 50),
            "ean": ean,
            "style_code": offer.styles[0] if offer.styles else "",
            "size": text("size", 30),
            "in_stock": in_stock,
            "stock_qty": quantity,
            "availability": availability,
            "feed_date": (timezone.localdate(feed_day) if feed_day else None),
        }
        return offer
