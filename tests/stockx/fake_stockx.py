"""A local fake of StockX: the public API v2 and the Auth0 token/authorize endpoints.

It runs in a thread of the test process (ThreadingHTTPServer on 127.0.0.1, random port)
and answers like /work/shared/reference/stockx-api.md describes. Tests fill its in-memory
state and read back what it saw.

Starting (normally through the fixtures in tests/stockx/conftest.py):

    fake = FakeStockX().start()    # fake.api_url = "http://127.0.0.1:<port>/v2"
    ...                            # fake.auth_url = "http://127.0.0.1:<port>"
    fake.stop()

    stockx_fake       fixture: a started fake; settings STOCKX_API_BASE_URL/STOCKX_AUTH_BASE_URL
                      point at it; STOCKX_MIN_INTERVAL=0.01, STOCKX_RETRY_BASE_DELAY=0.01;
                      the shared StockX state row is reset before and after.
    stockx_connected  fixture: stockx_fake plus the fake's credentials stored in
                      core.system_config, so `get_client()` works; returns the fake.

Credentials the fake accepts: fake.client_id, fake.client_secret, fake.api_key and any
refresh token in fake.refresh_tokens (fake.refresh_token is the first one). Access tokens
are issued by /oauth/token and live in fake.access_tokens.

Auth endpoints (at auth_url):
    GET  /authorize?response_type=code&client_id=…&redirect_uri=…&state=…   302 to
         redirect_uri?code=…&state=… (the user "grants" at once; fake.authorize_requests
         records the query); wrong client_id or response_type -> 400.
    POST /oauth/token (form): grant_type=authorization_code (client_id, client_secret, code,
         redirect_uri) returns access_token, refresh_token, id_token, expires_in;
         grant_type=refresh_token (client_id, client_secret, refresh_token, audience optional)
         returns access_token, expires_in (fake.expires_in, default 43200), no refresh_token
         (unless fake.rotate_refresh_tokens: then a new one, and the old one stops working).
         Bad client -> 401 invalid_client; unknown code/refresh token -> 403
         {"error": "invalid_grant", "error_description": "Unknown or invalid refresh token."}.
    fake.token_requests: the forms posted (dicts); fake.refresh_count: refresh grants that
    succeeded; fake.revoke_refresh_tokens() makes every refresh token invalid.

API endpoints (at api_url). Every call needs `x-api-key` (missing/wrong -> 403) and
`Authorization: Bearer <issued token>` (missing/unknown -> 401); errors are
{"statusCode": n, "message": "…"}. Page endpoints take pageNumber/pageSize and answer
{count, pageSize, pageNumber, hasNextPage, <items>}; pageSize outside 1–100 (1–50 for
search) or a bad pageNumber/date -> 400.
    GET    /selling/orders/history       orders whose status is a history status
                                         (AUTHFAILED, DIDNOTSHIP, CANCELED, COMPLETED,
                                         RETURNED); filters fromDate/toDate (createdAt date),
                                         orderStatus, productId, variantId, inventoryTypes
    GET    /selling/orders/active        the other orders; same filters except the dates
    GET    /selling/orders/{orderNumber} the order plus `shipment` (404 if unknown)
    GET    /selling/listings             filters listingStatuses, productIds, variantIds,
                                         inventoryTypes, fromDate/toDate (createdAt date)
    GET    /selling/listings/{id}        listing plus payout and lastOperation (404)
    POST   /selling/listings             {amount, variantId, currencyCode?, expiresAt?,
                                         active?} -> 201 operation CREATE, PENDING; the new
                                         listing is INACTIVE until the operation finishes
    PATCH  /selling/listings/{id}        -> operation UPDATE (amount/currencyCode/expiresAt)
    PUT    /selling/listings/{id}/activate | /deactivate -> operation ACTIVATE/DEACTIVATE
    DELETE /selling/listings/{id}        -> operation DELETE (listing DELETED on success)
    GET    /selling/listings/{id}/operations/{opId}   the operation; see below
    GET    /selling/listings/{id}/operations          {nextCursor, operations} (cursor paging)
    POST   /selling/batch/{kind}-listing  kind create|update|delete; {items:[…]} with 1–100
                                         items (else 400); update/delete items need listingId,
                                         create items variantId, amount and quantity (400)
                                         -> 201 batch status, QUEUED
    GET    /selling/batch/{kind}-listing/{batchId}          batch status (404); see below
    GET    /selling/batch/{kind}-listing/{batchId}/items    {items:[{itemId, status,
                                         listingInput, result, error}]}; filter `status`;
                                         paged like the others when fake.batch_items_page_size
                                         is set (default None: all items, no paging keys)
    GET    /catalog/search?query=…       matches styleId, a variant GTIN, or all words of the
                                         title (case-insensitive); key `products`
    GET    /catalog/products/{id}                     product (404)
    GET    /catalog/products/{id}/variants            bare array of variants
    GET    /catalog/products/{id}/variants/{vid}      variant (400 if it belongs to another
                                                      product, 404 if unknown)
    GET    /catalog/products/variants/gtins/{gtin}    variant (400 not 8–14 digits, 404)
    GET    /catalog/products/{id}/variants/{vid}/market-data?currencyCode=EUR
    GET    /catalog/products/{id}/market-data?currencyCode=EUR   bare array, one per variant
           (amounts set with fake.set_market_data; otherwise all null)

Listing operations finish on a later poll: an operation answers PENDING to the first
fake.pending_polls polls of GET …/operations/{opId} (default 0: the first poll already
shows the outcome), then fake.listing_outcome ("SUCCEEDED", default, or "FAILED" with
error fake.failure_message). Only a SUCCEEDED operation changes the listing.
fake.finish_operations() finishes all pending ones at once.

Batches work like operations, item by item. The POST answers QUEUED with
itemStatuses {"QUEUED": n}. With fake.batch_polls = 0 (default) StockX works the batch off
right after accepting it (so a lost POST answer can still have changed the listings) and
the first GET shows COMPLETED. With batch_polls = n the first n GETs of the status answer
IN_PROGRESS, each working off a share of the items still queued, and the next one finishes
the rest (COMPLETED). fake.finish_batches() finishes every batch at once. An item of an
update batch FAILS with "Listing not found" (unknown listing), "Listing is not active"
(status not ACTIVE) or the message given to fake.refuse_listing(listing_id, message);
otherwise it COMPLETES: the listing takes the new amount/currencyCode, updatedAt, its
`batch` {batchId, taskId} and a SUCCEEDED UPDATE lastOperation. Delete items set the
listing DELETED; create items add an ACTIVE listing per quantity. fake.batches holds them
by batchId (FakeBatch: kind, data = the status, items).

Filling state (builders return spec-shaped dicts with the reference examples' values and
fresh ids; pass keyword overrides; nested dicts are replaced, not merged):
    fake.add_order(make_order(orderNumber="…", status="COMPLETED", createdAt="…"))
    fake.add_listing(make_listing(status="ACTIVE", amount="165"))
    product = make_product(styleId="DD1391-100", title="Nike Dunk Low Retro White Black")
    fake.add_product(product, [make_variant(product, variantValue="10", gtins=[...])])
    fake.set_market_data(product_id, variant_id, "EUR", lowestAskAmount="158", ...)

Misbehaving on purpose (API requests only, in arrival order):
    fake.fail_next(429, count=2, retry_after="1")   # next 2 API requests get 429 (+header)
    fake.fail_next(503)                             # next API request gets 503 (nothing
                                                    # applied: StockX did not act on it)
    fake.fail_next(500, target="token")             # next token request gets 500
    fake.fail_next(502, body="<html>Bad gateway</html>")  # plain-text body, not JSON
    fake.stall_next(seconds=2.0, count=1)           # next API request answers late
    fake.stall_next(seconds=2.0, after=True)        # ... handled first, then the answer is
                                                    # late (StockX acted, we time out)
    fake.revoke_tokens()                            # every issued access token -> 401

Recorded: fake.requests is a list of Recorded(method, path, query, headers, json, at)
for API requests (path without the /v2 prefix, query as a dict of single values, `at` =
time.time() on arrival; requests that fail auth or injected errors are recorded too).
fake.api_calls(method=None, path=None) filters them.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

HISTORY_STATUSES = {"AUTHFAILED", "DIDNOTSHIP", "CANCELED", "COMPLETED", "RETURNED"}
LISTING_STATUSES = {"INACTIVE", "ACTIVE", "DELETED", "CANCELED", "MATCHED", "COMPLETED"}


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _new_id() -> str:
    return str(uuid.uuid4())


# --- builders ------------------------------------------------------------------------------


def make_product(**overrides) -> dict:
    product = {
        "productId": _new_id(),
        "urlKey": "nike-dunk-low-retro-white-black-2021",
        "styleId": "DD1391-100",
        "productType": "sneakers",
        "title": "Nike Dunk Low Retro White Black",
        "brand": "Nike",
        "productAttributes": {
            "gender": "men",
            "season": None,
            "releaseDate": "2021-03-10",
            "retailPrice": 110,
            "colorway": "White/Black-White",
            "color": None,
        },
        "sizeChart": {
            "availableConversions": [
                {"name": "US M", "type": "us m"},
                {"name": "UK", "type": "uk"},
                {"name": "EU", "type": "eu"},
                {"name": "CM", "type": "cm"},
            ],
            "defaultConversion": {"name": "US M", "type": "us m"},
        },
        "isFlexEligible": True,
        "isDirectEligible": False,
    }
    product.update(overrides)
    return product


def make_variant(product: dict, **overrides) -> dict:
    value = overrides.get("variantValue", "10")
    variant = {
        "productId": product["productId"],
        "variantId": _new_id(),
        "variantName": f"{product.get('urlKey') or 'product'}:{value}",
        "variantValue": value,
        "sizeChart": {
            "defaultConversion": {"size": value, "type": "us m"},
            "availableConversions": [{"size": f"US M {value}", "type": "us m"}],
        },
        "gtins": [{"identifier": "195866000000", "type": "UPC"}],
        "isFlexEligible": True,
        "isDirectEligible": False,
    }
    variant.update(overrides)
    return variant


def make_order(**overrides) -> dict:
    order = {
        "orderNumber": f"{uuid.uuid4().int % 10**8:08d}-{uuid.uuid4().int % 10**8:08d}",
        "listingId": _new_id(),
        "askId": str(uuid.uuid4().int % 10**20),
        "amount": "142",
        "currencyCode": "EUR",
        "status": "COMPLETED",
        "createdAt": "2025-03-14T09:21:05.000Z",
        "updatedAt": "2025-03-22T16:40:12.000Z",
        "inventoryType": "STANDARD",
        "product": {
            "productId": "5e2b7c41-9a0d-4f3e-8b6a-1c7d2e9f4a58",
            "productName": "Nike Dunk Low Retro White Black",
            "styleId": "DD1391-100",
        },
        "variant": {
            "variantId": "a8d3f6b2-1e47-4c9a-b5d0-7f2e6c3a9b14",
            "variantName": "Nike-Dunk-Low-Retro-White-Black-2021:17",
            "variantValue": "10",
        },
        "authenticationDetails": {"status": None, "failureNotes": None},
        "payout": {
            "totalPayout": "121.17",
            "salePrice": "142",
            "totalAdjustments": "-20.83",
            "currencyCode": "EUR",
            "adjustments": [
                {
                    "adjustmentType": "Transaction Fee (8.5%)",
                    "amount": "-12.07",
                    "percentage": "0.085",
                },
                {"adjustmentType": "Payment Proc. (3%)", "amount": "-4.26", "percentage": "0.03"},
                {"adjustmentType": "Shipping", "amount": "-4.5", "percentage": "0"},
            ],
        },
        "initiatedShipments": None,
    }
    order.update(overrides)
    return order


def make_shipment(order_number: str) -> dict:
    return {
        "shipByDate": "2025-03-17T23:59:59.000Z",
        "trackingNumber": "1Z999AA10123456784",
        "trackingUrl": "https://www.ups.com/track?tracknum=1Z999AA10123456784",
        "carrierCode": "UPS",
        "shippingLabelUrl": None,
        "shippingDocumentUrl": f"https://api.stockx.com/v2/selling/orders/{order_number}/shipping-document/S-1",
    }


def make_listing(**overrides) -> dict:
    listing = {
        "listingId": _new_id(),
        "status": "ACTIVE",
        "amount": "165",
        "currencyCode": "EUR",
        "inventoryType": "STANDARD",
        "createdAt": "2025-02-02T10:00:00.000Z",
        "updatedAt": "2025-02-20T08:15:30.000Z",
        "batch": None,
        "ask": {
            "askId": str(uuid.uuid4().int % 10**20),
            "askCreatedAt": "2025-02-02T10:00:01.000Z",
            "askUpdatedAt": "2025-02-20T08:15:30.000Z",
            "askExpiresAt": "2026-02-02T10:00:00.000Z",
        },
        "order": None,
        "product": {
            "productId": "5e2b7c41-9a0d-4f3e-8b6a-1c7d2e9f4a58",
            "productName": "Nike Dunk Low Retro White Black",
            "styleId": "DD1391-100",
        },
        "variant": {
            "variantId": "a8d3f6b2-1e47-4c9a-b5d0-7f2e6c3a9b14",
            "variantName": "Nike-Dunk-Low-Retro-White-Black-2021:17",
            "variantValue": "10",
        },
        "authenticationDetails": None,
        "initiatedShipments": None,
    }
    listing.update(overrides)
    return listing


MARKET_FIELDS = (
    "lowestAskAmount",
    "highestBidAmount",
    "sellFasterAmount",
    "earnMoreAmount",
    "flexLowestAskAmount",
)


def make_market_data(product_id: str, variant_id: str, currency: str = "EUR", **amounts) -> dict:
    data = {"productId": product_id, "variantId": variant_id, "currencyCode": currency}
    data.update({name: None for name in MARKET_FIELDS})
    empty = {
        "lowestAsk": None,
        "highestBidAmount": None,
        "sellFaster": None,
        "earnMore": None,
        "beatUS": None,
    }
    data.update(
        standardMarketData=dict(empty), flexMarketData=dict(empty), directMarketData=dict(empty)
    )
    data.update(amounts)
    return data


# --- the server ----------------------------------------------------------------------------


@dataclass
class Recorded:
    method: str
    path: str
    query: dict
    headers: dict
    json: object
    at: float


@dataclass
class _Failure:
    status: int
    retry_after: str | None
    target: str
    body: str | None = None


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None, raw=None):
        self.status, self.message, self.headers = status, message, headers or {}
        self.raw = raw  # a plain-text body instead of the JSON error


@dataclass
class FakeBatch:
    kind: str  # create, update or delete
    data: dict  # the batch status as GET answers it
    items: list[dict] = field(default_factory=list)
    remaining_polls: int = 0


@dataclass
class _Operation:
    data: dict
    changes: dict = field(default_factory=dict)
    remaining_polls: int = 0


class FakeStockX:
    def __init__(self):
        self.client_id = "fake-client-id"
        self.client_secret = "fake-client-secret-9f8e7d"
        self.api_key = "fake-api-key-3c2b1a"
        self.refresh_token = "fake-refresh-token-5a4b3c"
        self.refresh_tokens: set[str] = {self.refresh_token}
        self.access_tokens: set[str] = set()
        self.codes: dict[str, dict] = {}
        self.expires_in = 43200
        self.rotate_refresh_tokens = False
        self.refresh_count = 0
        self.token_requests: list[dict] = []
        self.authorize_requests: list[dict] = []
        self.requests: list[Recorded] = []
        self.orders: dict[str, dict] = {}
        self.shipments: dict[str, dict] = {}
        self.listings: dict[str, dict] = {}
        self.operations: dict[str, _Operation] = {}
        self.products: dict[str, dict] = {}
        self.variants: dict[str, dict] = {}
        self.market_data: dict[tuple[str, str], dict] = {}
        self.listing_outcome = "SUCCEEDED"
        self.failure_message = "Listing amount is below the minimum ask."
        self.pending_polls = 0
        self.batches: dict[str, FakeBatch] = {}
        self.batch_polls = 0
        self.batch_items_page_size: int | None = None
        self.refused_listings: dict[str, str] = {}
        self._failures: list[_Failure] = []
        self._stalls: list[tuple[float, bool]] = []
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None

    # --- lifecycle

    def start(self) -> FakeStockX:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def auth_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.auth_url + "/v2"

    # --- state for tests

    def add_order(self, order: dict, shipment: dict | None = None) -> dict:
        with self.lock:
            self.orders[order["orderNumber"]] = order
            self.shipments[order["orderNumber"]] = shipment or make_shipment(order["orderNumber"])
        return order

    def add_listing(self, listing: dict) -> dict:
        with self.lock:
            self.listings[listing["listingId"]] = listing
        return listing

    def add_product(self, product: dict, variants: list[dict] = ()) -> dict:
        with self.lock:
            self.products[product["productId"]] = product
            for variant in variants:
                self.variants[variant["variantId"]] = variant
        return product

    def set_market_data(
        self, product_id: str, variant_id: str, currency: str = "EUR", **amounts
    ) -> dict:
        data = make_market_data(product_id, variant_id, currency, **amounts)
        with self.lock:
            self.market_data[(variant_id, currency)] = data
        return data

    def fail_next(
        self,
        status: int,
        count: int = 1,
        retry_after: str | None = None,
        target: str = "api",
        body: str | None = None,
    ):
        with self.lock:
            self._failures.extend(_Failure(status, retry_after, target, body) for _ in range(count))

    def stall_next(self, seconds: float, count: int = 1, after: bool = False) -> None:
        """Delay the answer to the next `count` API requests; `after`: handle the request
        first (StockX acted on it), then delay the answer."""
        with self.lock:
            self._stalls.extend([(seconds, after)] * count)

    def refuse_listing(self, listing_id: str, message: str) -> None:
        """Batch items for this listing fail with `message`."""
        with self.lock:
            self.refused_listings[listing_id] = message

    def finish_batches(self) -> None:
        with self.lock:
            for batch in self.batches.values():
                self._work_batch(batch, len(batch.items))

    def revoke_tokens(self) -> None:
        with self.lock:
            self.access_tokens.clear()

    def revoke_refresh_tokens(self) -> None:
        with self.lock:
            self.refresh_tokens.clear()

    def finish_operations(self) -> None:
        with self.lock:
            for op in self.operations.values():
                if op.data["operationStatus"] == "PENDING":
                    self._finish(op)

    def api_calls(self, method: str | None = None, path: str | None = None) -> list[Recorded]:
        with self.lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method) and (path is None or r.path == path)
            ]

    # --- failure injection

    def _take_failure(self, target: str) -> _Failure | None:
        with self.lock:
            for i, failure in enumerate(self._failures):
                if failure.target == target:
                    return self._failures.pop(i)
        return None

    def _take_stall(self) -> tuple[float, bool]:
        with self.lock:
            return self._stalls.pop(0) if self._stalls else (0.0, False)

    # --- auth

    def authorize(self, query: dict) -> str:
        with self.lock:
            self.authorize_requests.append(query)
            if query.get("response_type") != "code" or query.get("client_id") != self.client_id:
                raise ApiError(400, "invalid authorize request")
            code = "code-" + uuid.uuid4().hex
            self.codes[code] = {"redirect_uri": query.get("redirect_uri", "")}
        separator = "&" if "?" in query["redirect_uri"] else "?"
        return (
            query["redirect_uri"]
            + separator
            + urlencode({"code": code, "state": query.get("state", "")})
        )

    def token(self, form: dict) -> tuple[int, dict]:
        with self.lock:
            self.token_requests.append(form)
            failure = self._take_failure("token")
            if failure:
                return failure.status, {"error": "server_error", "error_description": "injected"}
            if (
                form.get("client_id") != self.client_id
                or form.get("client_secret") != self.client_secret
            ):
                return 401, {"error": "invalid_client", "error_description": "Unknown client."}
            grant = form.get("grant_type")
            access = "fake-access-" + uuid.uuid4().hex
            if grant == "authorization_code":
                code = self.codes.pop(form.get("code", ""), None)
                if code is None or code["redirect_uri"] != form.get("redirect_uri"):
                    return 403, {
                        "error": "invalid_grant",
                        "error_description": "Invalid authorization code",
                    }
                refresh = "fake-refresh-" + uuid.uuid4().hex
                self.refresh_tokens.add(refresh)
                self.access_tokens.add(access)
                return 200, {
                    "access_token": access,
                    "refresh_token": refresh,
                    "id_token": "eyJfake.id.sig",
                    "scope": "openid offline_access",
                    "expires_in": self.expires_in,
                    "token_type": "Bearer",
                }
            if grant == "refresh_token":
                if form.get("refresh_token") not in self.refresh_tokens:
                    return 403, {
                        "error": "invalid_grant",
                        "error_description": "Unknown or invalid refresh token.",
                    }
                self.refresh_count += 1
                self.access_tokens.add(access)
                answer = {
                    "access_token": access,
                    "expires_in": self.expires_in,
                    "id_token": "eyJfake.id.sig",
                    "scope": "openid email offline_access",
                    "token_type": "Bearer",
                }
                if self.rotate_refresh_tokens:
                    self.refresh_tokens.discard(form["refresh_token"])
                    answer["refresh_token"] = "fake-refresh-" + uuid.uuid4().hex
                    self.refresh_tokens.add(answer["refresh_token"])
                return 200, answer
            return 400, {
                "error": "unsupported_grant_type",
                "error_description": "Unsupported grant.",
            }

    # --- API

    def handle_api(
        self, method: str, path: str, query: dict, headers: dict, body
    ) -> tuple[int, object]:
        if headers.get("x-api-key") != self.api_key:
            raise ApiError(403, "Forbidden")
        auth = headers.get("authorization", "")
        with self.lock:
            token_ok = auth.startswith("Bearer ") and auth[7:] in self.access_tokens
        if not token_ok:
            raise ApiError(401, "Unauthorized")
        failure = self._take_failure("api")
        if failure:
            extra = {"Retry-After": failure.retry_after} if failure.retry_after else {}
            message = "Too Many Requests" if failure.status == 429 else "Internal server error"
            raise ApiError(failure.status, message, extra, failure.body)
        for route_method, pattern, name in ROUTES:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                with self.lock:
                    return getattr(self, name)(query, body, *match.groups())
        raise ApiError(404, "Not found")

    # orders

    def orders_history(self, query, body):
        return 200, self._page(self._filter_orders(query, history=True), query, "orders")

    def orders_active(self, query, body):
        return 200, self._page(self._filter_orders(query, history=False), query, "orders")

    def order_detail(self, query, body, number):
        if number not in self.orders:
            raise ApiError(404, "Order not found")
        return 200, {**copy.deepcopy(self.orders[number]), "shipment": self.shipments[number]}

    def _filter_orders(self, query, *, history: bool) -> list[dict]:
        statuses = _csv(query.get("orderStatus"))
        types = _csv(query.get("inventoryTypes"))
        start, end = _date(query, "fromDate"), _date(query, "toDate")
        found = []
        for order in self.orders.values():
            if (order["status"] in HISTORY_STATUSES) != history:
                continue
            day = (order.get("createdAt") or "")[:10]
            if history and ((start and day < start) or (end and day > end)):
                continue
            if statuses and order["status"] not in statuses:
                continue
            if types and order.get("inventoryType") not in types:
                continue
            if query.get("productId") and order["product"]["productId"] != query["productId"]:
                continue
            if query.get("variantId") and order["variant"]["variantId"] != query["variantId"]:
                continue
            found.append(order)
        return sorted(found, key=lambda o: o.get("createdAt") or "")

    # listings

    def listings_list(self, query, body):
        statuses = _csv(query.get("listingStatuses"))
        products, variants = _csv(query.get("productIds")), _csv(query.get("variantIds"))
        types = _csv(query.get("inventoryTypes"))
        start, end = _date(query, "fromDate"), _date(query, "toDate")
        found = []
        for listing in self.listings.values():
            day = (listing.get("createdAt") or "")[:10]
            if (start and day < start) or (end and day > end):
                continue
            if statuses and listing["status"] not in statuses:
                continue
            if products and (listing.get("product") or {}).get("productId") not in products:
                continue
            if variants and (listing.get("variant") or {}).get("variantId") not in variants:
                continue
            if types and listing.get("inventoryType") not in types:
                continue
            found.append({k: v for k, v in listing.items() if k not in ("payout", "lastOperation")})
        found.sort(key=lambda item: item.get("createdAt") or "")
        return 200, self._page(found, query, "listings")

    def listing_detail(self, query, body, listing_id):
        listing = self._listing(listing_id)
        detail = copy.deepcopy(listing)
        detail.setdefault("payout", None)
        detail.setdefault("lastOperation", None)
        return 200, detail

    def listing_create(self, query, body, *_):
        body = body if isinstance(body, dict) else {}
        if not body.get("amount") or not body.get("variantId"):
            raise ApiError(400, "amount and variantId are required")
        variant = self.variants.get(body["variantId"])
        product = self.products.get(variant["productId"]) if variant else None
        now = _now_iso()
        listing = make_listing(
            status="INACTIVE",
            amount=None,
            currencyCode=body.get("currencyCode", "USD"),
            createdAt=now,
            updatedAt=now,
            ask=None,
            product={
                "productId": product["productId"] if product else None,
                "productName": product.get("title") if product else None,
                "styleId": product.get("styleId") if product else None,
            },
            variant={
                "variantId": body["variantId"],
                "variantName": variant.get("variantName") if variant else None,
                "variantValue": variant.get("variantValue") if variant else None,
            },
        )
        self.listings[listing["listingId"]] = listing
        changes = {
            "amount": str(body["amount"]),
            "currencyCode": body.get("currencyCode", "USD"),
            "expiresAt": body.get("expiresAt"),
            "status": "ACTIVE" if body.get("active", True) else "INACTIVE",
        }
        return 201, self._operation(listing, "CREATE", changes)

    def listing_update(self, query, body, listing_id):
        listing = self._listing(listing_id)
        body = body if isinstance(body, dict) else {}
        changes = {k: body[k] for k in ("amount", "currencyCode", "expiresAt") if k in body}
        if "amount" in changes:
            changes["amount"] = str(changes["amount"])
        return 200, self._operation(listing, "UPDATE", changes)

    def listing_activate(self, query, body, listing_id):
        listing = self._listing(listing_id)
        body = body if isinstance(body, dict) else {}
        changes = {k: body[k] for k in ("amount", "currencyCode", "expiresAt") if k in body}
        return 200, self._operation(listing, "ACTIVATE", {**changes, "status": "ACTIVE"})

    def listing_deactivate(self, query, body, listing_id):
        listing = self._listing(listing_id)
        return 200, self._operation(listing, "DEACTIVATE", {"status": "INACTIVE"})

    def listing_delete(self, query, body, listing_id):
        listing = self._listing(listing_id)
        return 200, self._operation(listing, "DELETE", {"status": "DELETED"})

    def operation_detail(self, query, body, listing_id, operation_id):
        op = self.operations.get(operation_id)
        if op is None or op.data["listingId"] != listing_id:
            raise ApiError(404, "Operation not found")
        if op.data["operationStatus"] == "PENDING":
            if op.remaining_polls > 0:
                op.remaining_polls -= 1
            else:
                self._finish(op)
        return 200, copy.deepcopy(op.data)

    def operations_list(self, query, body, listing_id):
        self._listing(listing_id)
        ops = [op.data for op in self.operations.values() if op.data["listingId"] == listing_id]
        size = _int(query, "pageSize", 10, 1, 100)
        start = _int(query, "cursor", 0, 0, 10**9)
        chunk = ops[start : start + size]
        more = start + size < len(ops)
        return 200, {
            "nextCursor": str(start + size) if more else None,
            "operations": copy.deepcopy(chunk),
        }

    def _listing(self, listing_id) -> dict:
        if listing_id not in self.listings:
            raise ApiError(404, "Listing not found")
        return self.listings[listing_id]

    def _operation(self, listing: dict, kind: str, changes: dict) -> dict:
        now = _now_iso()
        operation_id = _new_id()
        data = {
            "listingId": listing["listingId"],
            "operationId": operation_id,
            "operationType": kind,
            "operationStatus": "PENDING",
            "operationUrl": f"{self.api_url}/selling/listings/{listing['listingId']}/operations/{operation_id}",
            "operationInitiatedBy": "USER",
            "operationInitiatedVia": "PUBLIC-API",
            "createdAt": now,
            "updatedAt": now,
            "changes": {"additions": {}, "updates": {}, "removals": {}},
            "error": None,
        }
        if kind == "CREATE":
            data["changes"]["additions"] = {
                "active": changes["status"] == "ACTIVE",
                "askData": {
                    "amount": changes["amount"],
                    "currency": changes["currencyCode"],
                    "expiresAt": changes["expiresAt"],
                },
            }
        else:
            data["changes"]["updates"] = {k: v for k, v in changes.items() if k != "status"}
        self.operations[operation_id] = _Operation(data, changes, self.pending_polls)
        listing["lastOperation"] = {
            "operationId": operation_id,
            "operationType": kind,
            "operationStatus": "PENDING",
            "operationInitiatedBy": "USER",
            "operationInitiatedVia": "PUBLIC-API",
            "operationCreatedAt": now,
            "operationUpdatedAt": now,
            "changes": data["changes"],
            "error": None,
        }
        return copy.deepcopy(data)

    def _finish(self, op: _Operation) -> None:
        now = _now_iso()
        data = op.data
        listing = self.listings.get(data["listingId"])
        if self.listing_outcome == "FAILED":
            data.update(operationStatus="FAILED", error=self.failure_message, updatedAt=now)
        else:
            data.update(operationStatus="SUCCEEDED", updatedAt=now)
            if listing is not None:
                for key in ("amount", "currencyCode", "status"):
                    if op.changes.get(key) is not None:
                        listing[key] = op.changes[key]
                if data["operationType"] in ("CREATE", "ACTIVATE") and listing.get("ask") is None:
                    listing["ask"] = {
                        "askId": str(uuid.uuid4().int % 10**20),
                        "askCreatedAt": now,
                        "askUpdatedAt": now,
                        "askExpiresAt": op.changes.get("expiresAt"),
                    }
                listing["updatedAt"] = now
        if (
            listing is not None
            and (listing.get("lastOperation") or {}).get("operationId") == data["operationId"]
        ):
            listing["lastOperation"].update(
                operationStatus=data["operationStatus"], operationUpdatedAt=now, error=data["error"]
            )

    # batches

    def batch_create(self, query, body, kind):
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list) or not 1 <= len(items) <= 100:
            raise ApiError(400, "items must hold 1 to 100 entries")
        required = ("variantId", "amount", "quantity") if kind == "create" else ("listingId",)
        for number, item in enumerate(items, 1):
            if not isinstance(item, dict) or any(not item.get(key) for key in required):
                raise ApiError(400, f"item {number}: {', '.join(required)} required")
        now = _now_iso()
        batch_id = _new_id()
        batch = FakeBatch(
            kind,
            {
                "batchId": batch_id,
                "status": "QUEUED",
                "completedAt": None,
                "createdAt": now,
                "updatedAt": now,
                "totalItems": len(items),
                "itemStatuses": {"QUEUED": len(items)},
            },
            [
                {
                    "itemId": _new_id(),
                    "status": "QUEUED",
                    "listingInput": copy.deepcopy(item),
                    "result": None,
                    "error": None,
                }
                for item in items
            ],
            self.batch_polls,
        )
        self.batches[batch_id] = batch
        answer = copy.deepcopy(batch.data)
        if not batch.remaining_polls:
            self._work_batch(batch, len(items))  # at once, as if StockX were idle
        return 201, answer

    def batch_detail(self, query, body, kind, batch_id):
        batch = self._batch(kind, batch_id)
        if batch.data["status"] != "COMPLETED":
            queued = sum(item["status"] == "QUEUED" for item in batch.items)
            if batch.remaining_polls > 0:
                # An even share of what is left per poll, the rest on the last one.
                share = -(-queued // (batch.remaining_polls + 1))
                batch.remaining_polls -= 1
                self._work_batch(batch, share)
            else:
                self._work_batch(batch, queued)
        return 200, copy.deepcopy(batch.data)

    def batch_items(self, query, body, kind, batch_id):
        batch = self._batch(kind, batch_id)
        wanted = _csv(query.get("status"))
        items = [item for item in batch.items if not wanted or item["status"] in wanted]
        if self.batch_items_page_size is None:
            return 200, {"items": copy.deepcopy(items)}
        return 200, self._page(items, query, "items", default_size=self.batch_items_page_size)

    def _batch(self, kind, batch_id) -> FakeBatch:
        batch = self.batches.get(batch_id)
        if batch is None or batch.kind != kind:
            raise ApiError(404, "Batch not found")
        return batch

    def _work_batch(self, batch: FakeBatch, count: int) -> None:
        """Work off the next `count` queued items; COMPLETED when none is left."""
        now = _now_iso()
        for item in [item for item in batch.items if item["status"] == "QUEUED"][:count]:
            error = self._batch_item(batch, item, now)
            item["status"] = "FAILED" if error else "COMPLETED"
            item["error"] = error
        counts: dict[str, int] = {}
        for item in batch.items:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        done = not counts.get("QUEUED")
        batch.data.update(
            status="COMPLETED" if done else "IN_PROGRESS",
            completedAt=now if done else None,
            updatedAt=now,
            itemStatuses=counts,
        )

    def _batch_item(self, batch: FakeBatch, item: dict, now: str) -> str | None:
        """Apply one item; StockX's error text when it fails."""
        data = item["listingInput"]
        if batch.kind == "create":
            variant = self.variants.get(data["variantId"])
            if variant is None:
                return "Variant not found"
            for _n in range(int(data["quantity"])):
                listing = make_listing(
                    amount=str(data["amount"]),
                    currencyCode=data.get("currencyCode", "USD"),
                    status="ACTIVE" if data.get("active", True) else "INACTIVE",
                    createdAt=now,
                    updatedAt=now,
                    variant={
                        "variantId": variant["variantId"],
                        "variantName": variant.get("variantName"),
                        "variantValue": variant.get("variantValue"),
                    },
                    batch={"batchId": batch.data["batchId"], "taskId": item["itemId"]},
                )
                self.listings[listing["listingId"]] = listing
            item["result"] = {"askId": listing["ask"]["askId"], "listingId": listing["listingId"]}
            return None
        listing = self.listings.get(data["listingId"])
        if listing is None:
            return "Listing not found"
        if data["listingId"] in self.refused_listings:
            return self.refused_listings[data["listingId"]]
        if batch.kind == "delete":
            if listing["status"] not in ("ACTIVE", "INACTIVE"):
                return "Listing cannot be deleted"
            changes, kind = {"status": "DELETED"}, "DELETE"
        else:
            if listing["status"] != "ACTIVE":
                return "Listing is not active"
            changes = {k: data[k] for k in ("amount", "currencyCode", "expiresAt") if k in data}
            if "amount" in changes:
                changes["amount"] = str(changes["amount"])
            kind = "UPDATE"
        listing.update({k: v for k, v in changes.items() if k != "expiresAt"})
        listing["updatedAt"] = now
        listing["batch"] = {"batchId": batch.data["batchId"], "taskId": item["itemId"]}
        listing["lastOperation"] = {
            "operationId": _new_id(),
            "operationType": kind,
            "operationStatus": "SUCCEEDED",
            "operationInitiatedBy": "USER",
            "operationInitiatedVia": "PUBLIC-API",
            "operationCreatedAt": now,
            "operationUpdatedAt": now,
            "changes": {"additions": {}, "updates": changes, "removals": {}},
            "error": None,
        }
        item["result"] = {
            "askId": (listing.get("ask") or {}).get("askId"),
            "listingId": listing["listingId"],
        }
        return None

    # catalog

    def catalog_search(self, query, body):
        text = (query.get("query") or "").strip()
        if not 1 <= len(text) <= 100:
            raise ApiError(400, "query must be 1-100 characters")
        needle = text.lower()
        words = needle.split()
        found = []
        for product in self.products.values():
            gtins = {
                g["identifier"]
                for v in self.variants.values()
                if v["productId"] == product["productId"]
                for g in v.get("gtins") or []
            }
            title = (product.get("title") or "").lower()
            if (
                (product.get("styleId") or "").lower() == needle
                or text in gtins
                or all(word in title for word in words)
            ):
                found.append(product)
        return 200, self._page(found, query, "products", max_size=50, default_size=1)

    def product_detail(self, query, body, product_id):
        return 200, copy.deepcopy(self._product(product_id))

    def product_variants(self, query, body, product_id):
        self._product(product_id)
        return 200, [
            copy.deepcopy(v) for v in self.variants.values() if v["productId"] == product_id
        ]

    def variant_detail(self, query, body, product_id, variant_id):
        self._product(product_id)
        return 200, copy.deepcopy(self._variant_of(product_id, variant_id))

    def variant_by_gtin(self, query, body, gtin):
        if not re.fullmatch(r"\d{8,14}", gtin):
            raise ApiError(400, "Invalid GTIN")
        for variant in self.variants.values():
            if any(g["identifier"] == gtin for g in variant.get("gtins") or []):
                return 200, copy.deepcopy(variant)
        raise ApiError(404, "Variant not found")

    def variant_market_data(self, query, body, product_id, variant_id):
        self._product(product_id)
        self._variant_of(product_id, variant_id)
        return 200, self._market(product_id, variant_id, query.get("currencyCode", "USD"))

    def product_market_data(self, query, body, product_id):
        self._product(product_id)
        currency = query.get("currencyCode", "USD")
        return 200, [
            self._market(product_id, v["variantId"], currency)
            for v in self.variants.values()
            if v["productId"] == product_id
        ]

    def _product(self, product_id) -> dict:
        if product_id not in self.products:
            raise ApiError(404, "Product not found")
        return self.products[product_id]

    def _variant_of(self, product_id, variant_id) -> dict:
        variant = self.variants.get(variant_id)
        if variant is None:
            raise ApiError(404, "Variant not found")
        if variant["productId"] != product_id:
            raise ApiError(400, "Variant does not belong to the product.")
        return variant

    def _market(self, product_id, variant_id, currency) -> dict:
        data = self.market_data.get((variant_id, currency))
        return copy.deepcopy(data) if data else make_market_data(product_id, variant_id, currency)

    # paging

    @staticmethod
    def _page(
        items: list, query: dict, key: str, *, max_size: int = 100, default_size: int = 10
    ) -> dict:
        number = _int(query, "pageNumber", 1, 1, 10**6)
        size = _int(query, "pageSize", default_size, 1, max_size)
        start = (number - 1) * size
        chunk = items[start : start + size]
        return {
            "count": len(items),
            "pageSize": size,
            "pageNumber": number,
            "hasNextPage": start + size < len(items),
            key: copy.deepcopy(chunk),
        }


ID = r"([^/]+)"
ROUTES = [
    ("GET", r"/selling/orders/history", "orders_history"),
    ("GET", r"/selling/orders/active", "orders_active"),
    ("GET", rf"/selling/orders/{ID}", "order_detail"),
    ("GET", r"/selling/listings", "listings_list"),
    ("POST", r"/selling/listings", "listing_create"),
    ("GET", rf"/selling/listings/{ID}/operations", "operations_list"),
    ("GET", rf"/selling/listings/{ID}/operations/{ID}", "operation_detail"),
    ("PUT", rf"/selling/listings/{ID}/activate", "listing_activate"),
    ("PUT", rf"/selling/listings/{ID}/deactivate", "listing_deactivate"),
    ("GET", rf"/selling/listings/{ID}", "listing_detail"),
    ("PATCH", rf"/selling/listings/{ID}", "listing_update"),
    ("DELETE", rf"/selling/listings/{ID}", "listing_delete"),
    ("POST", r"/selling/batch/(create|update|delete)-listing", "batch_create"),
    ("GET", rf"/selling/batch/(create|update|delete)-listing/{ID}", "batch_detail"),
    ("GET", rf"/selling/batch/(create|update|delete)-listing/{ID}/items", "batch_items"),
    ("GET", r"/catalog/search", "catalog_search"),
    ("GET", rf"/catalog/products/variants/gtins/{ID}", "variant_by_gtin"),
    ("GET", rf"/catalog/products/{ID}/variants/{ID}/market-data", "variant_market_data"),
    ("GET", rf"/catalog/products/{ID}/market-data", "product_market_data"),
    ("GET", rf"/catalog/products/{ID}/variants/{ID}", "variant_detail"),
    ("GET", rf"/catalog/products/{ID}/variants", "product_variants"),
    ("GET", rf"/catalog/products/{ID}", "product_detail"),
]


def _csv(value: str | None) -> set[str]:
    return {part.strip() for part in (value or "").split(",") if part.strip()}


def _int(query: dict, name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"{name} must be an integer") from None
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low} and {high}")
    return value


def _date(query: dict, name: str) -> str | None:
    raw = query.get(name)
    if raw is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise ApiError(400, f"{name} must be YYYY-MM-DD")
    return raw


class _Handler(BaseHTTPRequestHandler):
    fake: FakeStockX

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def _dispatch(self, method: str) -> None:
        at = time.time()
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake = self.fake
        if parts.path == "/authorize" and method == "GET":
            try:
                location = fake.authorize(query)
            except ApiError as exc:
                return self._json(
                    exc.status, {"error": "invalid_request", "error_description": exc.message}
                )
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if parts.path == "/oauth/token" and method == "POST":
            form = dict(parse_qsl(raw.decode(), keep_blank_values=True))
            status, data = fake.token(form)
            return self._json(status, data)
        if not parts.path.startswith("/v2/"):
            return self._json(404, {"statusCode": 404, "message": "Not found"})
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        path = parts.path[3:]
        with fake.lock:
            fake.requests.append(Recorded(method, path, query, headers, body, at))
        stall, after = fake._take_stall()
        if stall and not after:
            time.sleep(stall)
        try:
            if raw and body is None:
                raise ApiError(400, "Body is not valid JSON")
            status, data = fake.handle_api(method, path, query, headers, body)
        except ApiError as exc:
            if stall and after:
                time.sleep(stall)
            if exc.raw is not None:
                return self._send(exc.status, exc.raw.encode(), "text/html", exc.headers)
            return self._json(
                exc.status, {"statusCode": exc.status, "message": exc.message}, exc.headers
            )
        if stall and after:
            time.sleep(stall)
        self._json(status, data)

    def _json(self, status: int, data, headers: dict | None = None) -> None:
        self._send(status, json.dumps(data).encode(), "application/json", headers)

    def _send(self, status: int, payload: bytes, content_type: str, headers=None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_PATCH(self):
        self._dispatch("PATCH")

    def do_PUT(self):
        self._dispatch("PUT")

    def do_DELETE(self):
        self._dispatch("DELETE")
