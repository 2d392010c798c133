"""Importing any marketplace's sales export (Alias/GOAT, eBay, …) through the import
frame, on the same rules as the StockX report: every row kept with its errors, all or
nothing unless invalid rows are skipped, idempotent on marketplace + order number, FIFO
matching to stock and the missing-cost queue (the StockX import's planning and commit,
sales/stockx_import.py, given the marketplace).

What is particular to these files happens in the check:
- the columns are read through the batch's mapping (sales/marketplace_files.py);
- an amount in another currency is converted with the EUR rate of the payout date (else
  the sale date; the latest of the 7 days before), kept beside the original; a row without
  a rate is refused, never counted as EUR;
- fees the file does not report are quoted by the fee engine and marked "quoted"; when
  the file reports the payout but no fees, the fees are what the payout leaves
  ("derived").
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.lib.bulk import dumps
from soleflip.lib.formats import format_date
from soleflip.lib.parsing import to_cents
from soleflip.lib.rows import ImportFileError, RowError

from .fees import FeeSchedule
from .marketplace_files import (
    FEES,
    Mapping,
    MarketSale,
    parse_sale,
    preset_for,
    read_export,
)
from .models import ExchangeRate, Marketplace, SalesMapping
from .selling import quoted_fees
from .stockx_import import Plan, commit_report, copy_records, keep_sales, plan_report, sale_from

RATE_DAYS_BACK = 7


class Rates:
    """EUR rates by currency and day, read once per import."""

    def __init__(self, currencies: set[str]):
        self._rates: dict[str, list[tuple[date, Decimal]]] = {}
        for rate in ExchangeRate.objects.filter(currency__in=currencies).order_by("-rate_date"):
            self._rates.setdefault(rate.currency, []).append((rate.rate_date, rate.eur_per_unit))

    def on(self, currency: str, day: date) -> Decimal | None:
        earliest = day - timedelta(days=RATE_DAYS_BACK)
        for rate_date, value in self._rates.get(currency, ()):
            if earliest <= rate_date <= day:
                return value
        return None


@dataclass
class Options:
    """The upload form's choices (MarketplaceSalesForm.options), kept on the batch."""

    marketplace: Marketplace
    saved_mapping: SalesMapping | None
    overrides: dict[str, str]
    currency: str
    save_as: str  # a name to keep the mapping under, or ""

    @classmethod
    def of(cls, batch: ImportBatch) -> "Options":
        options = batch.options or {}
        saved = options.get("saved_mapping")
        return cls(
            marketplace=Marketplace.objects.get(slug=options["marketplace"]),
            saved_mapping=SalesMapping.objects.filter(pk=saved).first() if saved else None,
            overrides=options.get("overrides", {}),
            currency=options.get("currency", ""),
            save_as=options.get("save_as", ""),
        )

    def mapping_for(self, header: list[str]) -> Mapping:
        """The saved mapping, else the marketplace's preset or a guess from the header;
        with this upload's own column names and currency over it."""
        if self.saved_mapping is not None:
            base = Mapping.from_dict(self.saved_mapping.mapping)
        else:
            base = preset_for(self.marketplace.slug, header)
        fitted = base.fitted(header, self.overrides)
        fitted.currency = self.currency or base.currency
        return fitted


def check_export(batch: ImportBatch, *, progress=None, preview: bool = True) -> Plan:
    """Read the export into import_records (parsed rows in the StockX report's shape, so
    the same planning and commit apply). Raises ImportFileError for an unusable file or a
    mapping that does not fit it (naming the file's columns)."""
    options = Options.of(batch)
    header, rows = read_export(Path(batch.file.path), max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES)
    mapping = options.mapping_for(header)
    problems = mapping.missing(header)
    if problems:
        raise ImportFileError(
            _(
                "The column mapping does not fit this file: %(problems)s. Its columns are: %(columns)s."
            )
            % {"problems": "; ".join(problems), "columns": ", ".join(header)}
        )
    parsed = [parse_sale(row, mapping) for row in rows]
    rates = Rates({s.values["currency"] for s in parsed if s.valid} - {"EUR"})
    schedule = FeeSchedule.of(options.marketplace)
    plan, first_line, now = Plan(), {}, timezone.now()
    # Without a preview the import follows at once: the valid rows stay in memory for it.
    kept: list | None = None if preview else []

    def records(sales):
        for sale in sales:
            if sale.valid:
                _complete(sale, mapping, schedule, rates, first_line)
            plan.rows += 1
            plan.valid += sale.valid
            plan.rejected += not sale.valid
            if kept is not None and sale.valid:
                kept.append((plan.rows - 1, sale_from(0, sale.values)))
            yield (
                batch.pk,
                sale.line,
                dumps(sale.raw),
                dumps(sale.values if sale.valid else None),
                ImportRecord.Status.VALID if sale.valid else ImportRecord.Status.REJECTED,
                dumps([e.as_dict() for e in sale.errors]),
                now,
            )

    ids = copy_records(
        records(parsed), progress=progress and (lambda: progress(plan.rows, len(parsed)))
    )
    if kept is not None:
        plan.sales = keep_sales(kept, ids)
    if options.save_as:
        SalesMapping.objects.update_or_create(
            marketplace=options.marketplace,
            name=options.save_as,
            defaults={"mapping": mapping.as_dict()},
        )
    plan.mapping = mapping.as_dict()
    if preview:
        plan_report(batch, plan, options.marketplace)
    return plan


def _complete(sale: MarketSale, mapping: Mapping, schedule, rates: Rates, first_line: dict):
    """Duplicates, currency, fees and payout of a parsed row; the values become the
    StockX report's record shape (an error makes the row invalid)."""
    v = sale.values
    number = v["order_number"]
    if number in first_line:
        sale.errors.append(
            RowError(
                sale.line,
                mapping.columns["order_number"],
                number,
                _("appears twice in the file (first on line %(line)s)")
                % {"line": first_line[number]},
            )
        )
        return
    first_line[number] = sale.line
    sold_on = timezone.localdate(v["sold_at"])
    original = {name: v[name] for name in ("sale_price", *FEES, "payout") if v[name] is not None}
    rate = Decimal("1")
    if v["currency"] != "EUR":
        day = timezone.localdate(v["payout_date"]) if v["payout_date"] else sold_on
        rate = rates.on(v["currency"], day)
        if rate is None:
            sale.errors.append(
                RowError(
                    sale.line,
                    mapping.columns.get("currency", mapping.columns["sale_price"]),
                    v["currency"],
                    _(
                        "has no EUR exchange rate for %(day)s (enter it under Admin → Exchange rates)"
                    )
                    % {"day": format_date(day)},
                )
            )
            return
    euro = {name: to_cents(amount * rate) for name, amount in original.items()}
    price = euro["sale_price"]
    fees, source = {}, {}
    reported = {name: euro[name] for name in FEES if name in euro}
    if "payout" in euro and not reported:
        fees = {"platform_fee": price - euro["payout"], "payment_fee": Decimal("0.00"),
                "shipping_cost": Decimal("0.00")}  # fmt: skip
        source = dict.fromkeys(FEES, "derived")
    else:
        quoted = quoted_fees(schedule.quote(price, sold_on))
        for name in FEES:
            fees[name] = reported.get(name, quoted[name])
            source[name] = "reported" if name in reported else "quoted"
    payout = euro.get("payout", price - sum(fees.values()))
    if payout < 0 or fees["platform_fee"] < 0:
        sale.errors.append(
            RowError(
                sale.line,
                mapping.columns.get("payout", mapping.columns["sale_price"]),
                str(original.get("payout", "")),
                _("is more than the sale price minus the fees"),
            )
        )
        return
    sale.values = {
        "order_number": number,
        "sold_at": v["sold_at"].isoformat(),
        "item": v["item"] or v["style_code"],
        "sku_name": "",
        "style": v["style_code"],
        "size": v["size"],
        "currency": "EUR",
        "gross_sale": str(price),
        "net_proceeds": str(payout),
        "payment_fee": str(fees["payment_fee"]),
        "shipping_cost": str(fees["shipping_cost"]),
        "seller_fee": str(reported["platform_fee"]) if "platform_fee" in reported else None,
        "platform_fee": str(fees["platform_fee"]),
        "fee_mismatch": False,
        "rounding": None,
        "payout_date": v["payout_date"].isoformat() if v["payout_date"] else None,
        "payout_reference": "",
        "invoice_number": "",
        "country": v["buyer_country"],
        "city": "",
        "extra": {
            "fees": source,
            "currency": v["currency"],
            "rate": format(rate.normalize(), "f"),
            "original": {k: str(a) for k, a in original.items()},
        },
    }


def commit_export(batch: ImportBatch, sales=None) -> Plan:
    return commit_report(batch, Options.of(batch).marketplace, sales)
