"""Importing retailer feeds (Awin and other layouts through a column mapping) into
`integration.source_prices`, matched to our catalog — through the one import frame.

    check_feed(batch)   -> stream the file (plain or gzip) into import_records: every row
                           parsed (Decimal prices, stock, deep link, feed date) and matched
                           (pricing/feed_match.py), or rejected with its errors
    commit_feed(batch)  -> per retailer in the feed: upsert its offers on the offer id,
                           delete its offers that vanished from the feed; set-based SQL
                           straight from import_records (100,000 rows in seconds)

A re-import replaces the retailer's previous offers and is idempotent (an unchanged offer
is not written). Functions registered with `after_import` run once an import is committed
(e.g. buying opportunities recomputed).

The feed's URL is a secret (`core.system_config`, encrypted; Settings on the feed page):
`import_feed_from_url` downloads it for the scheduled task and the "Download now" button.
The URL is never logged nor written into a message or a batch: Awin's carries the API key.
"""

import logging
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sales.stockx_import import copy_records
from soleflip.core import imports
from soleflip.core.models import ImportBatch, ImportRecord, SystemConfig
from soleflip.lib.bulk import dumps
from soleflip.lib.rows import ImportFileError, RowError, file_size

from .feed_files import PRESETS, FeedFile, FeedMapping, RowReader, dash_style
from .feed_match import Catalog
from .feed_models import SourcePrice

log = logging.getLogger(__name__)

SOURCE = ImportBatch.Source.RETAILER_FEED
PROGRESS_EVERY = 5000
URL_KEY = "feeds.url"
PRESET_KEY = "feeds.preset"
RETAILER_KEY = "feeds.retailer"
SCHEDULE_KEY = "feeds.schedule"
DOWNLOAD_TIMEOUT = 60
MATCH_KINDS = [k.value for k in SourcePrice.Match]


@dataclass
class FeedOptions:
    """The upload's (or command's, or schedule's) choices, kept on the batch."""

    preset: str = "awin"
    retailer: str = ""  # when the feed has no retailer column
    feed_date: str = ""  # ISO; when the feed has no date column (the file's or URL's date)

    @classmethod
    def of(cls, batch: ImportBatch) -> "FeedOptions":
        options = batch.options or {}
        return cls(
            preset=options.get("preset") or "awin",
            retailer=options.get("retailer", ""),
            feed_date=options.get("feed_date", ""),
        )

    def as_dict(self) -> dict:
        return {"preset": self.preset, "retailer": self.retailer, "feed_date": self.feed_date}

    @property
    def mapping(self) -> FeedMapping:
        if self.preset not in PRESETS:
            raise ImportFileError(
                _("There is no feed preset %(preset)s (known: %(known)s).")
                % {"preset": self.preset, "known": ", ".join(sorted(PRESETS))}
            )
        return PRESETS[self.preset]


@dataclass
class FeedPlan:
    rows: int = 0
    valid: int = 0
    rejected: int = 0
    matched: dict = field(default_factory=lambda: dict.fromkeys(MATCH_KINDS, 0))
    in_stock: int = 0
    retailers: list[str] = field(default_factory=list)
    new: int = 0
    gone: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


# --- check ---------------------------------------------------------------------------------


def check_feed(batch: ImportBatch, *, progress=None, preview: bool = True) -> FeedPlan:
    """Read, parse and match every row into import_records. Raises ImportFileError for a
    file that cannot be used (naming what is wrong)."""
    options = FeedOptions.of(batch)
    fallback_day = date.fromisoformat(options.feed_date) if options.feed_date else None
    fallback_day = fallback_day or timezone.localdate()
    with FeedFile(Path(batch.file.path), max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES) as feed:
        mapping = options.mapping.fitted(feed.header)
        problems = mapping.missing(feed.header)
        if problems:
            raise ImportFileError(
                _(
                    "The column mapping does not fit this file: %(problems)s. Its columns "
                    "are: %(columns)s."
                )
                % {"problems": "; ".join(problems), "columns": ", ".join(feed.header[:100])}
            )
        reader = RowReader(mapping, feed.header, retailer=options.retailer)
        offers = []
        for line, cells in feed.rows():
            offers.append(reader.read(line, cells))
            if progress and len(offers) % PROGRESS_EVERY == 0:
                estimate = round(len(offers) / max(feed.fraction_read, 0.01))
                progress(len(offers), 2 * estimate)
    if not offers:
        raise ImportFileError(_("The file has a header but no rows."))
    _flag_duplicates(offers, mapping)
    catalog = Catalog()
    catalog.prepare(
        {
            pid
            for offer in offers
            if not offer.errors
            for pid in catalog.candidates(offer.values["ean"], offer.styles)
        }
    )
    plan, now = FeedPlan(), timezone.now()
    retailers = set()

    def records():
        for offer in offers:
            values = offer.values
            plan.rows += 1
            if offer.errors:
                plan.rejected += 1
                parsed, status = None, ImportRecord.Status.REJECTED
            else:
                plan.valid += 1
                found = catalog.match(
                    ean=values["ean"], styles=offer.styles, size=values["size"],
                    title=values["title"],
                )  # fmt: skip
                plan.matched[found.kind] += 1
                plan.in_stock += bool(values["in_stock"])
                retailers.add(values["retailer"])
                parsed = {
                    **values,
                    "style_code": found.style or values["style_code"],
                    "buy_price": str(values["buy_price"]),
                    "delivery_cost": None
                    if values["delivery_cost"] is None
                    else str(values["delivery_cost"]),
                    "feed_date": (values["feed_date"] or fallback_day).isoformat(),
                    "product_id": found.product_id,
                    "size_id": found.size_id,
                    "match": found.kind,
                    "match_detail": found.detail,
                }
                status = ImportRecord.Status.VALID
            yield (
                batch.pk,
                offer.line,
                dumps(offer.raw),
                dumps(parsed),
                status,
                dumps([e.as_dict() for e in offer.errors]),
                now,
            )

    total = 2 * len(offers)
    with connection.cursor() as cursor:
        # The rows are written in chunks, each committed: without waiting for the disk at
        # every chunk (a crash loses at most the last chunks of a check, which is then
        # failed as stale and checked again; nothing of the domain is written here).
        cursor.execute("SET synchronous_commit TO off")
        try:
            copy_records(
                records(),
                progress=progress and (lambda: progress(len(offers) + plan.rows, total)),
            )
        finally:
            cursor.execute("RESET synchronous_commit")
    plan.retailers = sorted(retailers)
    if preview:
        _compare(batch, plan, options)
    return plan


def _flag_duplicates(offers, mapping: FeedMapping) -> None:
    first: dict[tuple[str, str], int] = {}
    column = mapping.columns["external_id"]
    for offer in offers:
        if offer.errors:
            continue
        key = (offer.values["retailer"], offer.values["external_id"])
        if key in first:
            offer.errors.append(
                RowError(
                    offer.line,
                    column,
                    key[1],
                    _("appears twice in the file (first on line %(line)s)") % {"line": first[key]},
                )
            )
        else:
            first[key] = offer.line


def _compare(batch: ImportBatch, plan: FeedPlan, options: FeedOptions) -> None:
    """The preview's new offers and offers gone from the feed (against what is stored)."""
    with transaction.atomic(), connection.cursor() as cursor:
        _feed_table(cursor, batch.pk)
        cursor.execute(
            """SELECT
                 (SELECT count(*) FROM feed_offer f WHERE NOT EXISTS (
                    SELECT 1 FROM integration.source_prices sp WHERE sp.source = %s
                    AND sp.supplier_name = f.retailer AND sp.external_id = f.external_id)),
                 (SELECT count(*) FROM integration.source_prices sp
                  WHERE sp.source = %s AND sp.supplier_name = ANY(%s) AND NOT EXISTS (
                    SELECT 1 FROM feed_offer f WHERE f.retailer = sp.supplier_name
                    AND f.external_id = sp.external_id))""",
            [options.preset, options.preset, plan.retailers],
        )
        plan.new, plan.gone = cursor.fetchone()


def _feed_table(cursor, batch_id: int) -> None:
    """The batch's valid offers as a temporary table `feed_offer` (typed columns, with
    statistics, so the joins against the stored offers are hash joins), dropped at the end
    of the transaction."""
    cursor.execute("DROP TABLE IF EXISTS feed_offer")  # an outer transaction may hold one
    cursor.execute(
        """CREATE TEMPORARY TABLE feed_offer ON COMMIT DROP AS
           SELECT d->>'retailer' AS retailer, d->>'external_id' AS external_id,
                  d->>'retailer_id' AS retailer_id, d->>'title' AS title,
                  d->>'brand' AS brand_name, d->>'ean' AS ean,
                  d->>'style_code' AS style_code, d->>'size' AS size_label,
                  (d->>'buy_price')::numeric(12, 2) AS buy_price,
                  (d->>'delivery_cost')::numeric(12, 2) AS delivery_cost,
                  d->>'currency' AS currency, (d->>'in_stock')::boolean AS in_stock,
                  d->>'availability' AS availability, (d->>'stock_qty')::integer AS stock_qty,
                  d->>'product_url' AS product_url, (d->>'feed_date')::date AS feed_date,
                  (d->>'product_id')::bigint AS product_id, (d->>'size_id')::bigint AS size_id,
                  d->>'match' AS match, d->>'match_detail' AS match_detail,
                  r.source_data AS raw_data
           FROM integration.import_records r, LATERAL (SELECT r.processed_data AS d) AS v
           WHERE r.batch_id = %s AND r.status = 'valid'""",
        [batch_id],
    )
    cursor.execute("ANALYZE feed_offer")


# --- commit --------------------------------------------------------------------------------

_COLUMNS = (
    "product_id", "size_id", "source", "supplier_name", "retailer_id", "external_id", "title",
    "brand_name", "ean", "style_code", "size_label", "buy_price", "delivery_cost", "currency",
    "in_stock", "availability", "stock_qty", "product_url", "feed_date", "match",
    "match_detail", "raw_data",
)  # fmt: skip

_after_import: list[Callable[..., None]] = []


def after_import(hook: Callable[..., None]) -> Callable[..., None]:
    """Register `hook(batch=ImportBatch, retailers=list[str])`, called once a feed import
    has committed (in the committing process; enqueue heavy work from it)."""
    _after_import.append(hook)
    return hook


@dataclass
class Replaced:
    created: int
    updated: int
    unchanged: int
    removed: int


def commit_feed(batch: ImportBatch) -> Replaced:
    """Write the batch's valid offers, replacing each retailer's previous ones from this
    source (runs in the frame's transaction)."""
    options = FeedOptions.of(batch)
    with connection.cursor() as cursor:
        _feed_table(cursor, batch.pk)
        cursor.execute("SELECT DISTINCT retailer FROM feed_offer ORDER BY 1")
        retailers = [name for (name,) in cursor.fetchall()]
        gone = """sp.source = %s AND sp.supplier_name = ANY(%s) AND NOT EXISTS (
                 SELECT 1 FROM feed_offer f
                 WHERE f.retailer = sp.supplier_name AND f.external_id = sp.external_id)"""
        # An offer gone from the feed takes its opportunity figures along (their foreign
        # key is Django's, without ON DELETE CASCADE in the database).
        cursor.execute(
            f"""DELETE FROM pricing.offer_checks oc USING integration.source_prices sp
                WHERE oc.offer_id = sp.id AND {gone}""",
            [options.preset, retailers],
        )
        cursor.execute(
            f"DELETE FROM integration.source_prices sp WHERE {gone}", [options.preset, retailers]
        )
        removed = cursor.rowcount
        columns = ", ".join(_COLUMNS)
        # Changed: any offer column (not the batch, nor when it was written).
        changed = " OR ".join(f"sp.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in _COLUMNS)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*_COLUMNS, "batch_id", "last_updated"))
        # A product or size deleted since the check: the offer is kept unmatched.
        cursor.execute(
            f"""INSERT INTO integration.source_prices AS sp
                   ({columns}, batch_id, last_updated, created_at)
               SELECT p.id, CASE WHEN p.id IS NULL THEN NULL ELSE s.id END, %s,
                      f.retailer, f.retailer_id, f.external_id, f.title, f.brand_name, f.ean,
                      f.style_code, f.size_label, f.buy_price, f.delivery_cost, f.currency,
                      f.in_stock, f.availability, f.stock_qty, f.product_url, f.feed_date,
                      CASE WHEN p.id IS NULL THEN 'none' ELSE f.match END,
                      CASE WHEN p.id IS NULL AND f.match <> 'none' THEN '' ELSE f.match_detail END,
                      f.raw_data, %s, now(), now()
               FROM feed_offer f
               LEFT JOIN catalog.product p ON p.id = f.product_id
               LEFT JOIN catalog.sizes s ON s.id = f.size_id
               ON CONFLICT (source, supplier_name, external_id) WHERE external_id <> ''
               DO UPDATE SET {updates} WHERE {changed}
               RETURNING (xmax = 0)""",
            [options.preset, batch.pk],
        )
        inserted = [row[0] for row in cursor.fetchall()]
    created = sum(inserted)
    updated = len(inserted) - created
    unchanged = batch.summary.get("valid", 0) - len(inserted)
    transaction.on_commit(lambda: _run_hooks(batch, retailers))
    return Replaced(created=created, updated=updated, unchanged=unchanged, removed=removed)


@after_import
def purge_superseded_rows(*, batch: ImportBatch, retailers: list[str]) -> int:
    """Remove the rows of earlier completed feed imports whose retailers this import has
    replaced (their batches stay, marked purged, with counts and summary): the offers are
    in integration.source_prices, and a nightly feed would otherwise keep a whole feed of
    import rows per night for the retention period. Returns the rows removed."""
    now, covered, removed = timezone.now(), set(retailers), 0
    older = ImportBatch.objects.filter(
        source_type=SOURCE,
        status=ImportBatch.Status.COMPLETED,
        rows_purged_at__isnull=True,
        created_at__lt=batch.created_at,
    )
    for old in older:
        if not set(old.summary.get("retailers") or []) <= covered:
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            age = (now - (old.completed_at or old.created_at)).days
            ImportBatch.objects.filter(pk=old.pk).update(
                rows_purged_at=now, rows_retention_days=age
            )
            cursor.execute("DELETE FROM integration.import_records WHERE batch_id = %s", [old.pk])
            removed += cursor.rowcount
        if old.file:
            old.file.delete(save=False)
            ImportBatch.objects.filter(pk=old.pk).update(file="")
    return removed


def _run_hooks(batch: ImportBatch, retailers: list[str]) -> None:
    for hook in _after_import:
        try:
            hook(batch=batch, retailers=retailers)
        except Exception:  # one failing follow-up must not hide the others
            log.exception("After-import hook %s failed for %s", hook, batch)


def rematch(offers) -> int:
    """Match these stored offers again (after the catalog learnt a product, e.g. from a
    StockX look-up); returns how many are matched now."""
    offers = list(offers)
    if not offers:
        return 0
    catalog = Catalog()
    matched = []
    for offer in offers:
        found = catalog.match(
            ean=offer.ean,
            styles=[offer.style_code] if offer.style_code else [],
            size=offer.size_label,
            title=offer.title,
        )
        if found.product_id is None:
            continue
        offer.product_id, offer.size_id = found.product_id, found.size_id
        offer.match, offer.match_detail = found.kind, found.detail
        matched.append(offer)
    SourcePrice.objects.bulk_update(matched, ["product", "size", "match", "match_detail"])
    return len(matched)


def rematch_around(offer: SourcePrice) -> int:
    """Match again the unmatched offers with this offer's EAN or style code, and, once the
    offer is matched, every unmatched offer with its product's style code (a look-up by
    one size's EAN teaches the catalog the whole product)."""
    same = Q(pk=offer.pk)
    if offer.ean:
        same |= Q(ean=offer.ean)
    if offer.style_code:
        same |= Q(style_code=offer.style_code)
    count = rematch(SourcePrice.objects.unmatched().filter(same))
    offer.refresh_from_db()
    code = dash_style(offer.product.style_code) if offer.product_id else ""
    if code:
        count += rematch(SourcePrice.objects.unmatched().filter(style_code=code))
    return count


# --- the feed URL (a secret) ----------------------------------------------------------------


@dataclass
class UrlSettings:
    url: str
    preset: str
    retailer: str
    scheduled: bool


def url_settings() -> UrlSettings:
    values = dict(
        SystemConfig.objects.filter(
            key__in=[URL_KEY, PRESET_KEY, RETAILER_KEY, SCHEDULE_KEY]
        ).values_list("key", "value")
    )
    return UrlSettings(
        url=values.get(URL_KEY, ""),
        preset=values.get(PRESET_KEY) or "awin",
        retailer=values.get(RETAILER_KEY, ""),
        scheduled=values.get(SCHEDULE_KEY) == "on",
    )


def save_url_settings(*, url: str | None, preset: str, retailer: str, scheduled: bool) -> None:
    """Store the feed settings; `url` None keeps the stored URL, "" removes it."""
    with transaction.atomic():
        if url is not None:
            if url:
                SystemConfig.objects.set_value(URL_KEY, url, _("Retailer feed download URL"))
            else:
                SystemConfig.objects.filter(key=URL_KEY).delete()
        SystemConfig.objects.set_value(PRESET_KEY, preset, _("Retailer feed column preset"))
        SystemConfig.objects.set_value(RETAILER_KEY, retailer, _("Retailer feed retailer"))
        SystemConfig.objects.set_value(SCHEDULE_KEY, "on" if scheduled else "off")
    log.info("Retailer feed settings saved (preset %s, scheduled %s)", preset, scheduled)


class _Redact(logging.Filter):
    """Replaces the feed URL's path in log records (urllib3 logs the path it requests at
    DEBUG level; Awin's path holds the API key)."""

    def __init__(self, secret: str):
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret and self.secret in message:
            record.msg, record.args = message.replace(self.secret, "[feed URL]"), ()
        return True


@contextmanager
def _url_kept_out_of_logs(url: str):
    parts = urlsplit(url)
    redact = _Redact(parts.path + (f"?{parts.query}" if parts.query else ""))
    loggers = [logging.getLogger(name) for name in ("urllib3.connectionpool", "urllib3")]
    for logger in loggers:
        logger.addFilter(redact)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(redact)


def download_feed(url: str, target: Path) -> date | None:
    """Stream the feed at `url` into `target`; returns the day the server says it was
    last modified. Raises ImportFileError with a reason that never contains the URL."""
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    try:
        with (
            _url_kept_out_of_logs(url),
            requests.get(url, stream=True, timeout=DOWNLOAD_TIMEOUT) as response,
        ):
            if response.status_code != 200:
                raise ImportFileError(
                    _("The feed server answered HTTP %(status)s; nothing was imported.")
                    % {"status": response.status_code}
                )
            written = 0
            with target.open("wb") as handle:
                for chunk in response.raw.stream(1 << 16, decode_content=False):
                    written += len(chunk)
                    if written > limit:
                        raise ImportFileError(
                            _("The feed is larger than %(limit)s; nothing was imported.")
                            % {"limit": file_size(limit)}
                        )
                    handle.write(chunk)
            modified = response.headers.get("Last-Modified")
    except requests.RequestException as exc:
        # requests' messages quote the URL (and with it Awin's API key): only the kind.
        raise ImportFileError(
            _("The feed could not be downloaded (%(error)s).") % {"error": type(exc).__name__}
        ) from None
    if written == 0:
        raise ImportFileError(_("The feed server sent an empty file."))
    try:
        return timezone.localdate(parsedate_to_datetime(modified)) if modified else None
    except (TypeError, ValueError):
        return None


def import_feed_from_url(*, user=None) -> ImportBatch:
    """Download the configured feed and import it at once (all or nothing). The batch
    records a failed download too. Raises ImportFileError when no URL is stored."""
    config = url_settings()
    if not config.url:
        raise ImportFileError(_("No feed URL is stored (Pricing → Retailer feeds → Settings)."))
    name = f"feed-{config.preset}-{timezone.localdate():%Y%m%d}.csv"
    batch = ImportBatch.objects.create(
        source_type=SOURCE,
        source_file=_("Feed URL (%(preset)s)") % {"preset": config.preset},
        created_by=user,
        options=FeedOptions(preset=config.preset, retailer=config.retailer).as_dict(),
    )
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / name
        try:
            modified = download_feed(config.url, target)
        except ImportFileError as exc:
            batch.fail(str(exc), rows=0, rejected=0, summary={})
            log.warning("Retailer feed download failed: %s (batch %s)", exc, batch.pk)
            return batch
        options = FeedOptions(
            preset=config.preset,
            retailer=config.retailer,
            feed_date=(modified or timezone.localdate()).isoformat(),
        )
        batch.options = options.as_dict()
        with target.open("rb") as handle:
            batch.file.save(name, File(handle), save=False)
        batch.save(update_fields=["options", "file", "updated_at"])
    try:
        imports.run_batch(batch, commit=True)
    except ImportFileError:
        pass  # the reason is on the batch
    batch.refresh_from_db()
    return batch
