"""The stored StockX connection: credentials, status, shared token, limiter and sync records.

Credentials are the four encrypted `core.system_config` keys the original used. Everything
the client must share between processes lives in the single `integration.stockx_state` row,
read and written through a private autocommit connection (`state_cursor`): a request that
reached StockX stays counted, a refreshed token stays cached and a "needs re-authorisation"
mark stays set even when the caller's transaction rolls back, and the row lock is held for
one statement, never for the caller's whole transaction."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from soleflip.core import crypto
from soleflip.core.models import SystemConfig

from .models import StockXState, StockXSync, SyncKind

# Field name -> system_config key, in the order forms and messages list them.
CREDENTIAL_KEYS = {
    "client_id": "stockx_client_id",
    "client_secret": "stockx_client_secret",
    "api_key": "stockx_api_key",
    "refresh_token": "stockx_refresh_token",
}
CREDENTIAL_LABELS = {
    "client_id": _("client ID"),
    "client_secret": _("client secret"),
    "api_key": _("API key"),
    "refresh_token": _("refresh token"),
}
# An access token counts as valid until this many seconds before StockX says it expires.
TOKEN_MARGIN_SECONDS = 60
# pg_advisory_lock key that serialises token refreshes across processes.
TOKEN_LOCK_KEY = 7_352_011_001


class Status:
    CONNECTED = "connected"
    NEEDS_REAUTH = "needs_reauth"
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True)
class Credentials:
    """The four stored values. repr() never shows them."""

    client_id: str = field(repr=False)
    client_secret: str = field(repr=False)
    api_key: str = field(repr=False)
    refresh_token: str = field(repr=False)


def stored_credentials() -> dict[str, str]:
    """Field name -> stored value ("" when not set)."""
    rows = dict(
        SystemConfig.objects.filter(key__in=CREDENTIAL_KEYS.values()).values_list("key", "value")
    )
    return {name: rows.get(key) or "" for name, key in CREDENTIAL_KEYS.items()}


def missing_credentials(values: dict[str, str] | None = None) -> list[str]:
    values = stored_credentials() if values is None else values
    return [str(CREDENTIAL_LABELS[name]) for name in CREDENTIAL_KEYS if not values.get(name)]


def load_credentials() -> Credentials | None:
    values = stored_credentials()
    return None if missing_credentials(values) else Credentials(**values)


def store_credentials(**values: str) -> list[str]:
    """Store the given non-empty credentials (others stay as they are) and return the names
    stored. A new set of credentials invalidates the cached access token; a new refresh
    token also clears the re-authorisation mark."""
    stored = []
    with transaction.atomic():
        for name, value in values.items():
            if name not in CREDENTIAL_KEYS:
                raise ValueError(f"Unknown StockX credential {name!r}.")
            value = (value or "").strip()
            if value:
                SystemConfig.objects.set_value(
                    CREDENTIAL_KEYS[name], value, description=f"StockX {CREDENTIAL_LABELS[name]}"
                )
                stored.append(name)
    if stored:
        forget_access_token(clear_reauth="refresh_token" in stored)
    return stored


def get_state() -> StockXState:
    """The shared state row as the page shows it (an unsaved default when none exists yet)."""
    return StockXState.objects.filter(pk=1).first() or StockXState(pk=1)


def status(state: StockXState | None = None) -> str:
    if missing_credentials():
        return Status.NOT_CONFIGURED
    state = state or get_state()
    return Status.NEEDS_REAUTH if state.needs_reauth else Status.CONNECTED


def utc_today():
    return timezone.now().astimezone(UTC).date()


# --- the shared row, through a private autocommit connection -----------------------------


@contextmanager
def state_cursor() -> Iterator:
    """A cursor on a fresh autocommit connection to the same database, closed afterwards
    (which also releases any advisory lock taken on it). Makes sure the row exists."""
    conn = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                'INSERT INTO "integration"."stockx_state" (id, access_token, needs_reauth, '
                "last_error, requests_today) VALUES (1, '', false, '', 0) "
                "ON CONFLICT (id) DO NOTHING"
            )
            yield cursor
    finally:
        conn.close()


@dataclass
class Reservation:
    """A granted request slot: sleep `wait` seconds, then send."""

    wait: float
    requests_today: int


def reserve_request(*, interval: float, budget: int) -> Reservation | None:
    """Take the next request slot and count the request against today's (UTC) budget in one
    statement: the row lock serialises all processes, each slot starts `interval` seconds
    after the previous one. Returns None when the budget is used up (nothing counted)."""
    with state_cursor() as cursor:
        cursor.execute(
            """
            UPDATE "integration"."stockx_state" SET
                requests_today = CASE WHEN budget_day = (clock_timestamp() AT TIME ZONE 'UTC')::date
                                      THEN requests_today + 1 ELSE 1 END,
                budget_day = (clock_timestamp() AT TIME ZONE 'UTC')::date,
                next_request_at = GREATEST(COALESCE(next_request_at, clock_timestamp()),
                                           clock_timestamp()) + make_interval(secs => %s)
            WHERE id = 1 AND (budget_day IS DISTINCT FROM (clock_timestamp() AT TIME ZONE 'UTC')::date
                              OR requests_today < %s)
            RETURNING
                EXTRACT(EPOCH FROM next_request_at - make_interval(secs => %s) - clock_timestamp()),
                requests_today
            """,
            [interval, budget, interval],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return Reservation(wait=max(0.0, float(row[0])), requests_today=row[1])


def cached_token() -> str:
    """The shared access token if it is valid for more than TOKEN_MARGIN_SECONDS, else ""."""
    with state_cursor() as cursor:
        return TokenLock(cursor).valid_token()


class TokenLock:
    """Held while one process refreshes the access token; others wait, then reuse it."""

    def __init__(self, cursor):
        self.cursor = cursor

    def valid_token(self) -> str:
        self.cursor.execute(
            'SELECT access_token FROM "integration"."stockx_state" WHERE id = 1 '
            "AND token_expires_at - make_interval(secs => %s) > clock_timestamp()",
            [TOKEN_MARGIN_SECONDS],
        )
        row = self.cursor.fetchone()
        return crypto.decrypt(row[0]) if row and row[0] else ""

    def save_token(self, token: str, expires_in: float) -> None:
        save_access_token(token, expires_in, cursor=self.cursor)


@contextmanager
def token_lock() -> Iterator[TokenLock]:
    with state_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [TOKEN_LOCK_KEY])
        try:
            yield TokenLock(cursor)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [TOKEN_LOCK_KEY])


def save_access_token(token: str, expires_in: float, *, cursor=None) -> None:
    """Cache a new access token for every process and clear the re-authorisation mark."""
    sql = (
        'UPDATE "integration"."stockx_state" SET access_token = %s, '
        "token_expires_at = clock_timestamp() + make_interval(secs => %s), "
        "token_refreshed_at = clock_timestamp(), needs_reauth = false WHERE id = 1"
    )
    params = [crypto.encrypt(token), float(expires_in)]
    if cursor is not None:
        cursor.execute(sql, params)
        return
    with state_cursor() as cursor:
        cursor.execute(sql, params)


def forget_access_token(*, clear_reauth: bool = False) -> None:
    with state_cursor() as cursor:
        cursor.execute(
            'UPDATE "integration"."stockx_state" SET access_token = \'\', token_expires_at = NULL'
            + (", needs_reauth = false" if clear_reauth else "")
            + " WHERE id = 1"
        )


def record_error(message: str) -> None:
    """Remember the last thing that went wrong (shown on the settings page). Never pass
    secrets: callers build the message from status codes and StockX's error text."""
    with state_cursor() as cursor:
        cursor.execute(
            'UPDATE "integration"."stockx_state" SET last_error = %s, '
            "last_error_at = clock_timestamp() WHERE id = 1",
            [message[:2000]],
        )


def mark_needs_reauth(message: str) -> None:
    """StockX refused our refresh token (or a fresh token): stop using the connection until
    the owner connects again."""
    with state_cursor() as cursor:
        cursor.execute(
            'UPDATE "integration"."stockx_state" SET needs_reauth = true, access_token = \'\', '
            "token_expires_at = NULL, last_error = %s, last_error_at = clock_timestamp() "
            "WHERE id = 1",
            [message[:2000]],
        )


# --- sync records (written in the syncs' own transaction) --------------------------------


def record_sync(
    kind: str,
    *,
    started_at=None,
    succeeded: bool = True,
    items: int = 0,
    error: str = "",
) -> StockXSync:
    """Record a finished sync run of `kind` (orders, listings or catalog). Call it inside the
    sync's transaction on success so the record commits with the data; on failure call it
    after the rollback with succeeded=False and a short error (no secrets)."""
    if kind not in SyncKind.values:
        raise ValueError(f"Unknown StockX sync kind {kind!r}; use one of {SyncKind.values}.")
    now = timezone.now()
    sync, _created = StockXSync.objects.get_or_create(kind=kind)
    sync.last_started_at = started_at or now
    sync.last_finished_at = now
    sync.succeeded = succeeded
    sync.items = items
    sync.error = "" if succeeded else error[:2000]
    if succeeded:
        sync.last_success_at = now
    sync.save()
    return sync


def last_success(kind: str):
    """When the last successful sync of `kind` finished (None if never)."""
    return StockXSync.objects.filter(kind=kind).values_list("last_success_at", flat=True).first()


def sync_records() -> list[StockXSync]:
    """One record per kind, in the order of SyncKind (unsaved blanks for kinds never run)."""
    found = {sync.kind: sync for sync in StockXSync.objects.all()}
    return [found.get(kind) or StockXSync(kind=kind) for kind in SyncKind.values]
