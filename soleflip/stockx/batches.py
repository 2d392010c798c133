"""Changing many StockX ask prices at once through StockX's batch endpoints.

    results = update_prices(client, [("<listingId>", Decimal("149.00")), ...],
                            on_progress=lambda done, total: ...)
    for listing_id, result in results.items():
        result.outcome, result.message     # see OUTCOMES below

    later = settle(client, batch_id, [listing ids])   # re-read a batch (only GETs)

How (reference: /work/shared/reference/stockx-api.md §2.2 "Batch operations", §4):
- the changes go out in chunks of at most STOCKX_BATCH_SIZE (StockX allows 100) through
  `POST /selling/batch/update-listing`, every price in EUR; before each chunk its items are
  reserved against StockX's item throttle (reserve_items, below);
- each batch's status is polled at most STOCKX_BATCH_POLLS times, STOCKX_BATCH_POLL_INTERVAL
  seconds apart, until COMPLETED; then its items are read (every page, if StockX pages) and
  each item decides its listing's outcome; on_progress(done, total) follows every chunk;
- a write is never repeated: when the POST's answer is lost (timeout, no connection, 5xx)
  StockX may or may not have taken the batch, so every listing of the chunk is read back
  (`GET /selling/listings/{id}`, one request each) and judged by the price it shows.

Outcomes (ItemResult.outcome). `amount` is always the requested new price (for settle():
the price the batch asked for, None if the batch does not hold the listing); `message`
says in words for the page what happened ("" when changed):
- "changed"      StockX confirmed the new price (its batch item COMPLETED, or after a lost
                 answer the listing shows the new price).
- "refused"      StockX refused it: message = StockX's reason (a failed item, a 4xx for the
                 whole batch, a listing StockX does not know). The old price stands; the
                 same request will most likely be refused again.
- "not_changed"  StockX did not answer the batch and the listing, read back, does not show
                 the new price: the new price is not in effect. Sending it again is safe:
                 an update sets an absolute price, so even if StockX works off the lost
                 batch later, the price ends the same (the listing sync shows it either way).
- "not_sent"     never taken by StockX: its daily item limit is reached, the 5-minute
                 window stays full longer than STOCKX_BATCH_MAX_WAIT, the client's daily
                 request budget is used up, or StockX refused the connection (401/403/429).
                 Nothing after it is sent either. The old price stands; try again later
                 (the message says when, where known).
- "unknown"      StockX took the batch but we could not find out how the item went (not
                 finished within the polls, or reading the batch failed). batch_id is set:
                 settle(client, batch_id, listing_ids) reads the batch again later.

Item throttle: StockX allows STOCKX_BATCH_ITEMS_PER_WINDOW (500) items per
STOCKX_BATCH_WINDOW_SECONDS (300) and STOCKX_BATCH_ITEMS_PER_DAY (50,000) per UTC day, over
all our processes. The counts live in one `core.system_config` row (key
"stockx_batch_items", JSON, encrypted like every value there), changed only under a
PostgreSQL advisory lock on the client's private autocommit connection
(connection.state_cursor), so every worker process sees the same counts and a caller's
rollback does not un-count items StockX has seen. Reserved items count even when the
batch then fails: StockX may have counted them.
"""

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_start
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from soleflip.core import crypto
from soleflip.lib.formats import format_datetime, format_euro, format_number

from . import connection
from .client import StockXBudgetExceeded, StockXError, StockXNotFound

log = logging.getLogger(__name__)

CHANGED = "changed"
REFUSED = "refused"
NOT_CHANGED = "not_changed"
NOT_SENT = "not_sent"
UNKNOWN = "unknown"
OUTCOMES = (CHANGED, REFUSED, NOT_CHANGED, NOT_SENT, UNKNOWN)

UPDATE_PATH = "/selling/batch/update-listing"
# StockX takes at most this many items per batch, whatever the setting says.
MAX_BATCH_SIZE = 100
CURRENCY = "EUR"
# The shared item counts (core.system_config) and the advisory lock that guards them.
THROTTLE_KEY = "stockx_batch_items"
THROTTLE_LOCK_KEY = 7_352_011_002


@dataclass(frozen=True)
class ItemResult:
    """What became of one listing's new price (see the module docstring for outcomes)."""

    listing_id: str
    outcome: str
    amount: Decimal | None
    message: str = ""
    batch_id: str = ""


class BatchLimitReached(Exception):
    """StockX's batch item throttle leaves no room: `free_at` (aware, UTC) is when it does;
    `daily` says whether the daily limit (else the window) is the reason. str() and
    `message` say so in words for the page."""

    def __init__(self, *, free_at: datetime, daily: bool):
        self.free_at, self.daily = free_at, daily
        when = format_datetime(free_at)
        if daily:
            self.message = _(
                "StockX's daily limit of %(limit)s batch items is reached; "
                "try again after %(when)s."
            ) % {"limit": format_number(settings.STOCKX_BATCH_ITEMS_PER_DAY), "when": when}
        else:
            self.message = _(
                "StockX's limit of %(limit)s batch items per %(minutes)s minutes is reached; "
                "try again after %(when)s."
            ) % {
                "limit": format_number(settings.STOCKX_BATCH_ITEMS_PER_WINDOW),
                "minutes": format_number(_minutes(settings.STOCKX_BATCH_WINDOW_SECONDS)),
                "when": when,
            }
        super().__init__(self.message)


def update_prices(
    client,
    changes: Iterable[tuple[str, Decimal]],
    *,
    on_progress: Callable[[int, int], object] | None = None,
) -> dict[str, ItemResult]:
    """Set each listing's ask to its new EUR price through StockX batches; listing id ->
    ItemResult, in the order given. A listing may appear once; prices must be above
    zero (ValueError otherwise: the caller's form checks that). Takes about one second
    per request (the client's limiter) plus the polls, and waits for StockX's item
    window when it is full; run it in a task, not in a request."""
    wanted = _checked(changes)
    total = len(wanted)
    size = max(
        1, min(settings.STOCKX_BATCH_SIZE, MAX_BATCH_SIZE, settings.STOCKX_BATCH_ITEMS_PER_WINDOW)
    )
    results: dict[str, ItemResult] = {}
    stopped = ""  # once set, everything left is not sent, with this reason
    position = 0
    while position < total:
        chunk = wanted[position : position + size]
        if not stopped:
            try:
                chunk = chunk[: reserve_items(len(chunk))]
            except BatchLimitReached as exc:
                log.warning(
                    "StockX batch item limit reached (daily: %s), free at %s",
                    exc.daily,
                    exc.free_at.isoformat(),
                )
                stopped = exc.message
        if stopped:
            chunk = wanted[position:]
            results.update(_all(chunk, NOT_SENT, stopped))
        else:
            sent, stopped = _send(client, chunk)
            results.update(sent)
        position += len(chunk)
        if on_progress is not None:
            on_progress(len(results), total)
    return {listing_id: results[listing_id] for listing_id, _amount in wanted}


def settle(client, batch_id: str, listing_ids: Iterable[str]) -> dict[str, ItemResult]:
    """Read a batch StockX took again (for "unknown" results): listing id -> ItemResult,
    now "changed", "refused" or still "unknown". Only reads; call it as often as needed."""
    return _read_items(client, batch_id, dict.fromkeys(listing_ids))


def reserve_items(count: int) -> int:
    """Reserve up to `count` batch items against StockX's item throttle, for all
    processes (fewer when the day has fewer left or one window holds fewer); sleeps until
    the window has room (at most STOCKX_BATCH_MAX_WAIT seconds) and returns the number
    reserved. BatchLimitReached when the day's items are used up or the window would need
    a longer wait (nothing is reserved then)."""
    per_window = settings.STOCKX_BATCH_ITEMS_PER_WINDOW
    window = settings.STOCKX_BATCH_WINDOW_SECONDS
    with connection.state_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [THROTTLE_LOCK_KEY])
        try:
            cursor.execute(
                "SELECT EXTRACT(EPOCH FROM clock_timestamp()), "
                "(clock_timestamp() AT TIME ZONE 'UTC')::date"
            )
            now, today = cursor.fetchone()
            now = float(now)
            state = _load_counts(cursor, today)
            left_today = settings.STOCKX_BATCH_ITEMS_PER_DAY - state["day_items"]
            if left_today <= 0:
                tomorrow = datetime.combine(today + timedelta(days=1), day_start.min, tzinfo=UTC)
                raise BatchLimitReached(free_at=tomorrow, daily=True)
            granted = min(count, left_today, per_window)
            # Items already sent or reserved that still count at the moment we could send.
            entries = [(start, n) for start, n in state["window"] if start > now - window]
            start = _window_start(entries, now, granted, per_window, window)
            if start - now > settings.STOCKX_BATCH_MAX_WAIT:
                raise BatchLimitReached(free_at=datetime.fromtimestamp(start, UTC), daily=False)
            state["day_items"] += granted
            state["window"] = [*entries, (start, granted)]
            _save_counts(cursor, state)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [THROTTLE_LOCK_KEY])
    if start > now:
        log.info("StockX batch items: window full, waiting %.1f s", start - now)
        time.sleep(start - now)
    return granted


def items_today() -> int:
    """Batch items reserved so far on the current UTC day (all processes)."""
    with connection.state_cursor() as cursor:
        cursor.execute("SELECT (clock_timestamp() AT TIME ZONE 'UTC')::date")
        return _load_counts(cursor, cursor.fetchone()[0])["day_items"]


# --- one chunk -------------------------------------------------------------------------


def _send(client, chunk: list[tuple[str, Decimal]]) -> tuple[dict[str, ItemResult], str]:
    """POST one batch and find out what became of it; the results and, when nothing more
    should be sent, why."""
    body = {
        "items": [
            {"listingId": listing_id, "amount": _amount_text(amount), "currencyCode": CURRENCY}
            for listing_id, amount in chunk
        ]
    }
    try:
        status = client.post(UPDATE_PATH, json=body)
    except StockXBudgetExceeded as exc:
        # Raised before anything was sent: the client's own daily request budget.
        reason = _("nothing was sent: %(reason)s") % {"reason": exc.message}
        return _all(chunk, NOT_SENT, reason), reason
    except StockXError as exc:
        if exc.status is None or exc.status >= 500:
            log.warning("StockX batch answer lost (%s); reading %s listings back", exc, len(chunk))
            return _read_back(client, chunk), ""
        if exc.status in (401, 403, 429):
            reason = _("StockX did not take the batch (%(reason)s); try again later.") % {
                "reason": exc.message
            }
            return _all(chunk, NOT_SENT, reason), reason
        reason = _("StockX refused the batch: %(reason)s") % {"reason": exc.message}
        return _all(chunk, REFUSED, reason), ""
    batch_id = str((status or {}).get("batchId") or "")
    if not batch_id:
        # Taken, but without a batch to ask about: only the listings can tell.
        return _read_back(client, chunk), ""
    for _poll in range(settings.STOCKX_BATCH_POLLS):
        if status.get("status") == "COMPLETED":
            break
        time.sleep(settings.STOCKX_BATCH_POLL_INTERVAL)
        try:
            status = client.get(f"{UPDATE_PATH}/{batch_id}")
        except StockXError as exc:
            log.warning("StockX batch %s: status not readable (%s)", batch_id, exc)
            break  # the items still tell what is done
    return _read_items(client, batch_id, dict(chunk)), ""


def _read_items(client, batch_id: str, amounts: dict[str, Decimal | None]) -> dict[str, ItemResult]:
    """Each listing's outcome from the batch's items; listings whose item is not finished
    (or missing) stay "unknown" with the batch id."""
    try:
        items = list(_batch_items(client, batch_id))
    except StockXError as exc:
        reason = _(
            "StockX took batch %(batch)s but its result could not be read (%(reason)s); "
            "look again later."
        ) % {"batch": batch_id, "reason": exc.message}
        return {
            listing_id: ItemResult(listing_id, UNKNOWN, amount, reason, batch_id)
            for listing_id, amount in amounts.items()
        }
    found = {}
    for item in items:
        given = item.get("listingInput") or {}
        listing_id = given.get("listingId") or (item.get("result") or {}).get("listingId")
        found[listing_id] = item
    results = {}
    for listing_id, amount in amounts.items():
        item = found.get(listing_id) or {}
        if amount is None:
            amount = _decimal((item.get("listingInput") or {}).get("amount"))
        status = item.get("status")
        if status == "COMPLETED":
            result = ItemResult(listing_id, CHANGED, amount, "", batch_id)
        elif status == "FAILED":
            result = ItemResult(listing_id, REFUSED, amount, _item_error(item), batch_id)
        else:
            message = _("StockX has not finished batch %(batch)s yet; look again later.") % {
                "batch": batch_id
            }
            result = ItemResult(listing_id, UNKNOWN, amount, message, batch_id)
        results[listing_id] = result
    return results


def _batch_items(client, batch_id: str) -> Iterator[dict]:
    """Every item of the batch; follows pages when StockX answers with hasNextPage."""
    path = f"{UPDATE_PATH}/{batch_id}/items"
    params = None
    page = 1
    while True:
        data = client.get(path, params) or {}
        items = data.get("items") or []
        yield from items
        if not items or not data.get("hasNextPage"):
            return
        page += 1
        params = {"pageNumber": page, "pageSize": data.get("pageSize") or len(items)}


def _read_back(client, chunk: list[tuple[str, Decimal]]) -> dict[str, ItemResult]:
    """After a lost answer: judge each listing by the price StockX shows now."""
    # A moment for StockX to work off a batch it did take.
    time.sleep(settings.STOCKX_BATCH_POLL_INTERVAL)
    results = {}
    for listing_id, amount in chunk:
        try:
            listing = client.get(f"/selling/listings/{listing_id}") or {}
        except StockXNotFound:
            message = _("StockX does not know this listing.")
            results[listing_id] = ItemResult(listing_id, REFUSED, amount, message)
            continue
        except StockXError as exc:
            message = _(
                "StockX did not answer and the listing could not be read (%(reason)s): "
                "check its price on StockX before trying again."
            ) % {"reason": exc.message}
            results[listing_id] = ItemResult(listing_id, UNKNOWN, amount, message)
            continue
        shown = _decimal(listing.get("amount"))
        if shown == amount:
            results[listing_id] = ItemResult(listing_id, CHANGED, amount)
        else:
            message = _(
                "StockX did not answer and the listing still shows %(shown)s: "
                "the new price is not in effect; try again."
            ) % {"shown": format_euro(shown)}
            results[listing_id] = ItemResult(listing_id, NOT_CHANGED, amount, message)
    return results


# --- the shared item counts ------------------------------------------------------------


def _load_counts(cursor, today: date) -> dict:
    """{"day": ISO date, "day_items": n, "window": [(start epoch, n), ...]}; a new day
    starts from zero."""
    cursor.execute(
        'SELECT value_encrypted FROM "core"."system_config" WHERE key = %s', [THROTTLE_KEY]
    )
    row = cursor.fetchone()
    state = json.loads(crypto.decrypt(row[0])) if row and row[0] else {}
    window = [(float(start), int(n)) for start, n in state.get("window") or []]
    if state.get("day") != today.isoformat():
        # The window spans midnight; only the day's count starts again.
        return {"day": today.isoformat(), "day_items": 0, "window": window}
    return {"day": state["day"], "day_items": int(state.get("day_items") or 0), "window": window}


def _save_counts(cursor, state: dict) -> None:
    cursor.execute(
        'INSERT INTO "core"."system_config" (key, value_encrypted, description, created_at, '
        "updated_at) VALUES (%s, %s, %s, clock_timestamp(), clock_timestamp()) "
        "ON CONFLICT (key) DO UPDATE SET value_encrypted = EXCLUDED.value_encrypted, "
        "updated_at = EXCLUDED.updated_at",
        [
            THROTTLE_KEY,
            crypto.encrypt(json.dumps(state)),
            "StockX batch items sent (today and in the current window); kept by the app",
        ],
    )


def _window_start(
    entries: list[tuple[float, int]], now: float, count: int, limit: int, window: float
) -> float:
    """The earliest moment from `now` at which `count` more items keep every window of
    `window` seconds within `limit`. Counting every entry that starts after t - window
    (later reservations too) over-counts a little, never under-counts."""
    for moment in [now, *sorted(start + window for start, _n in entries)]:
        if moment < now:
            continue
        used = sum(n for start, n in entries if start > moment - window)
        if used + count <= limit:
            return moment
    raise AssertionError("unreachable: every entry leaves the window eventually")


# --- small helpers ---------------------------------------------------------------------


def _checked(changes: Iterable[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    wanted, seen = [], set()
    for listing_id, amount in changes:
        listing_id = str(listing_id)
        if listing_id in seen:
            raise ValueError(f"Listing {listing_id} is given twice.")
        if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
            raise ValueError(f"Listing {listing_id}: the price must be a Decimal above zero.")
        seen.add(listing_id)
        wanted.append((listing_id, amount.quantize(Decimal("0.01"))))
    return wanted


def _all(chunk, outcome: str, message: str) -> dict[str, ItemResult]:
    return {
        listing_id: ItemResult(listing_id, outcome, amount, message) for listing_id, amount in chunk
    }


def _amount_text(amount: Decimal) -> str:
    """StockX's amount string: "149.5", "150"."""
    return format(amount.quantize(Decimal("0.01")).normalize(), "f")


def _decimal(value) -> Decimal | None:
    try:
        return None if value is None else Decimal(str(value))
    except InvalidOperation:
        return None


def _item_error(item: dict) -> str:
    error = item.get("error")
    if isinstance(error, dict):
        error = error.get("message") or error.get("errorMessage")
    return str(error or _("StockX gave no reason."))


def _minutes(seconds: float) -> Decimal:
    return Decimal(str(round(seconds / 60, 1))).normalize() + 0
