"""The one StockX API client (public API v2) for the whole app.

    client = get_client()                     # StockXNotConnected if not set up
    order = client.get("/selling/orders/78451236-78351290")
    for order in client.pages("/selling/orders/history", {"fromDate": "2025-03-01"}, "orders"):
        ...

Behaviour (see docs in /work/shared/reference/stockx-api.md §4):
- every request sends `Authorization: Bearer <token>` and `x-api-key`; the access token is
  cached in the database for all processes until 60 s before it expires and refreshed by one
  process at a time (pg advisory lock);
- on 401 the token is dropped, refreshed once and the request repeated once; a refused
  refresh or a second 401 marks the connection "needs re-authorisation" (StockXAuthError);
- at most one request per STOCKX_MIN_INTERVAL seconds across all processes, and at most
  STOCKX_DAILY_REQUEST_BUDGET requests per UTC day (StockXBudgetExceeded), both kept in the
  shared state row (connection.reserve_request);
- GETs are retried on 429, 500/502/503/504 and timeouts with exponential back-off plus
  jitter, honouring Retry-After, at most MAX_ATTEMPTS attempts and STOCKX_MAX_RETRY_WAIT
  seconds of waiting; writes (POST/PATCH/PUT/DELETE) are never retried, because StockX may
  have acted on them: the caller re-reads the listing or operation instead;
- error messages come from StockX's JSON `message` (else its text) and never contain
  credentials or tokens.
"""

import email.utils
import logging
import random
import time
from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import quote, urlencode

import requests
from django.conf import settings
from django.utils.translation import gettext

from soleflip.lib.formats import format_number

from . import connection

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRYABLE_STATUSES = {429, 500, 502, 503, 504}
AUDIENCE = "gateway.stockx.com"
SCOPE = "offline_access openid"
USER_AGENT = "SoleFlip/1.0"
# How much of StockX's error text we keep in a message.
MESSAGE_LIMIT = 500


class StockXError(Exception):
    """A request to StockX failed; `status` is the HTTP status (None: no response)."""

    def __init__(self, status: int | None, message: str):
        self.status = status
        self.message = message
        super().__init__(f"StockX {status}: {message}" if status else f"StockX: {message}")


class StockXNotFound(StockXError):
    pass


class StockXAuthError(StockXError):
    """StockX refused our credentials; the connection now needs re-authorisation."""


class StockXRateLimited(StockXError):
    pass


class StockXBudgetExceeded(StockXError):
    pass


class StockXNotConnected(StockXError):
    """No usable connection: credentials missing or re-authorisation needed."""

    def __init__(self, message: str):
        super().__init__(None, message)


def get_client() -> "StockXClient":
    credentials = connection.load_credentials()
    if credentials is None:
        missing = ", ".join(connection.missing_credentials())
        raise StockXNotConnected(
            gettext("StockX is not configured (missing: %(missing)s).") % {"missing": missing}
        )
    if connection.get_state().needs_reauth:
        raise StockXNotConnected(
            gettext("StockX needs re-authorisation: connect again under Settings → StockX.")
        )
    return StockXClient(credentials)


class StockXClient:
    def __init__(self, credentials: connection.Credentials):
        self._credentials = credentials
        self._session = requests.Session()
        self._session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    def __repr__(self) -> str:
        return f"<StockXClient {settings.STOCKX_API_BASE_URL}>"

    def get(self, path: str, params: dict | None = None) -> dict | list:
        return self._request("GET", path, params=params)

    def post(self, path: str, json: dict | None = None) -> dict | list | None:
        return self._request("POST", path, json=json)

    def patch(self, path: str, json: dict | None = None) -> dict | list | None:
        return self._request("PATCH", path, json=json)

    def put(self, path: str, json: dict | None = None) -> dict | list | None:
        return self._request("PUT", path, json=json)

    def delete(self, path: str) -> dict | list | None:
        return self._request("DELETE", path)

    def pages(self, path: str, params: dict | None, items_key: str) -> Iterator[dict]:
        """Every item of a pageNumber/pageSize listing (pageSize 100 unless given), page by
        page, until StockX says hasNextPage is false or a page comes back empty."""
        params = dict(params or {})
        params.setdefault("pageSize", 100)
        page = int(params.pop("pageNumber", 1))
        while True:
            data = self.get(path, {**params, "pageNumber": page})
            items = data.get(items_key) or []
            yield from items
            if not items or not data.get("hasNextPage"):
                return
            page += 1

    # --- internals -------------------------------------------------------------------

    def _request(self, method: str, path: str, *, params=None, json=None):
        url = settings.STOCKX_API_BASE_URL.rstrip("/") + "/" + path.lstrip("/")
        retry_401 = True
        attempt = 1
        waited = 0.0
        while True:
            token = self._slot()
            try:
                response = self._session.request(
                    method,
                    url,
                    params=params,
                    json=json,
                    headers={
                        "Authorization": f"Bearer {token}",
                        "x-api-key": self._credentials.api_key,
                    },
                    timeout=settings.STOCKX_TIMEOUT,
                )
            except requests.RequestException as exc:
                reason = _network_reason(exc)
                delay = _retry_delay(method, attempt, waited, None)
                if delay is None:
                    message = f"{method} {path}: {reason}"
                    connection.record_error(message)
                    raise StockXError(None, message) from None
                log.warning("StockX %s %s: %s, retrying in %.1f s", method, path, reason, delay)
            else:
                status = response.status_code
                log.debug("StockX %s %s -> %s", method, path, status)
                if status < 400:
                    return _body(response)
                message = _error_message(response)
                if status == 401:
                    if retry_401:
                        # The token was rejected early: drop it, refresh once, repeat once.
                        retry_401 = False
                        refresh_access_token(self._credentials, rejected=token)
                        continue
                    text = f"{method} {path} refused a freshly refreshed token: {message}"
                    connection.mark_needs_reauth(text)
                    raise StockXAuthError(status, message)
                delay = None
                if status in RETRYABLE_STATUSES:
                    delay = _retry_delay(
                        method, attempt, waited, response.headers.get("Retry-After")
                    )
                if delay is None:
                    raise self._failure(method, path, status, message)
                log.warning("StockX %s %s -> %s, retrying in %.1f s", method, path, status, delay)
            time.sleep(delay)
            waited += delay
            attempt += 1

    def _slot(self) -> str:
        """Return a valid token, then wait for our turn (all processes share one limiter).
        The token comes first so that a refresh cannot delay a request past its slot."""
        token = connection.cached_token() or refresh_access_token(self._credentials)
        reservation = connection.reserve_request(
            # 2 % on top: a request leaves a moment after its slot, and that lateness must
            # not bring it closer than the interval to the next process's request.
            interval=settings.STOCKX_MIN_INTERVAL * 1.02,
            budget=settings.STOCKX_DAILY_REQUEST_BUDGET,
        )
        if reservation is None:
            budget = settings.STOCKX_DAILY_REQUEST_BUDGET
            message = gettext(
                "the daily budget of %(budget)s requests is used up (resets at 00:00 UTC)"
            ) % {"budget": budget}
            connection.record_error(message)
            raise StockXBudgetExceeded(None, message)
        time.sleep(reservation.wait)
        return token

    @staticmethod
    def _failure(method: str, path: str, status: int, message: str) -> StockXError:
        if status == 404:
            return StockXNotFound(status, message)
        if status != 400:
            # 400 is the caller's input; everything else says something about the connection.
            connection.record_error(f"{method} {path} -> {status}: {message}")
        if status == 429:
            return StockXRateLimited(status, message)
        return StockXError(status, message)


def _retry_delay(method: str, attempt: int, waited: float, retry_after: str | None):
    """Seconds to wait before the next attempt, or None when we must not retry."""
    if method != "GET" or attempt >= MAX_ATTEMPTS:
        return None
    delay = _parse_retry_after(retry_after)
    if delay is None:
        base = settings.STOCKX_RETRY_BASE_DELAY * 2 ** (attempt - 1)
        delay = base * (1 + random.uniform(0, 0.1))
    if waited + delay > settings.STOCKX_MAX_RETRY_WAIT:
        return None
    return delay


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _network_reason(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return gettext("no answer within %(seconds)s s") % {
            "seconds": format_number(Decimal(f"{settings.STOCKX_TIMEOUT:g}"))
        }
    return gettext("connection failed (%(error)s)") % {"error": type(exc).__name__}


def _body(response: requests.Response):
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise StockXError(
            response.status_code, gettext("StockX answered with something that is not JSON")
        ) from None


def _error_message(response: requests.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        if isinstance(data.get("error"), str) and isinstance(data.get("error_description"), str):
            return f"{data['error']}: {data['error_description']}"[:MESSAGE_LIMIT]
        for key in ("message", "error_description", "error"):
            if isinstance(data.get(key), str) and data[key]:
                return data[key][:MESSAGE_LIMIT]
    text = response.text.strip()
    return text[:MESSAGE_LIMIT] if text else response.reason or "no message"


# --- OAuth (accounts.stockx.com) ----------------------------------------------------------


def authorize_url(*, client_id: str, redirect_uri: str, state: str) -> str:
    """Where the owner's browser goes to grant us access (authorization-code flow)."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": SCOPE,
            "audience": AUDIENCE,
            "state": state,
        },
        quote_via=quote,
    )
    return settings.STOCKX_AUTH_BASE_URL.rstrip("/") + "/authorize?" + query


def exchange_code(*, code: str, redirect_uri: str) -> None:
    """Trade an authorization code for tokens; store the refresh token and cache the access
    token. StockXAuthError if StockX refuses the code."""
    values = connection.stored_credentials()
    data = _token_request(
        {
            "grant_type": "authorization_code",
            "client_id": values["client_id"],
            "client_secret": values["client_secret"],
            "code": code,
            "redirect_uri": redirect_uri,
        },
        mark_reauth=False,
    )
    if not data.get("refresh_token"):
        raise StockXAuthError(
            None, gettext("StockX returned no refresh token (was offline_access granted?)")
        )
    connection.store_credentials(refresh_token=data["refresh_token"])
    connection.save_access_token(data["access_token"], data.get("expires_in", 3600))


def refresh_access_token(credentials: connection.Credentials, *, rejected: str = "") -> str:
    """A valid access token: the cached one unless it is missing, expiring or `rejected`,
    else a new one from the refresh token. One process refreshes at a time; the others
    wait for the lock and then use its token."""
    with connection.token_lock() as lock:
        current = lock.valid_token()
        if current and current != rejected:
            return current
        data = _token_request(
            {
                "grant_type": "refresh_token",
                "client_id": credentials.client_id,
                "client_secret": credentials.client_secret,
                "audience": AUDIENCE,
                "refresh_token": credentials.refresh_token,
            },
            mark_reauth=True,
        )
        if data.get("refresh_token") and data["refresh_token"] != credentials.refresh_token:
            # StockX does not rotate refresh tokens today; if it ever does, keep the new one
            # (before caching the access token: storing credentials drops the cached one).
            connection.store_credentials(refresh_token=data["refresh_token"])
        lock.save_token(data["access_token"], data.get("expires_in", 3600))
    log.info("StockX access token refreshed")
    return data["access_token"]


def _token_request(form: dict, *, mark_reauth: bool) -> dict:
    """POST to /oauth/token. A 4xx means the grant was refused (StockXAuthError, and the
    connection is marked for re-authorisation when `mark_reauth`); 5xx and network errors
    are retried like GETs (the token endpoint is idempotent)."""
    url = settings.STOCKX_AUTH_BASE_URL.rstrip("/") + "/oauth/token"
    attempt, waited = 1, 0.0
    while True:
        try:
            response = requests.post(
                url, data=form, timeout=settings.STOCKX_TIMEOUT, headers={"User-Agent": USER_AGENT}
            )
        except requests.RequestException as exc:
            status = None
            message = gettext("token request: %(reason)s") % {"reason": _network_reason(exc)}
        else:
            status = response.status_code
            if status < 400:
                data = _body(response) or {}
                if not data.get("access_token"):
                    raise StockXError(status, gettext("StockX token answer holds no access token"))
                return data
            message = gettext("token request refused: %(reason)s") % {
                "reason": _error_message(response)
            }
            if status < 500 and status != 429:
                if mark_reauth:
                    connection.mark_needs_reauth(message)
                raise StockXAuthError(status, message)
        delay = _retry_delay("GET", attempt, waited, None)
        if delay is None:
            connection.record_error(message)
            raise StockXError(status, message)
        time.sleep(delay)
        waited += delay
        attempt += 1
