"""Who may open which page and run which action: one declarative table of every URL name
(GET pages and POST actions) × role, each cell its own test, plus a guard that fails when
the project gains a URL name the table does not classify. Then the admin per role.

Outcomes: LOGIN (302 to the log-in page), OK (200), DONE (a redirect after the write took
place), DENIED (403 and nothing written), LOGGED_OUT. A refused write is checked in the
database, not only by its status code."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from catalog.models import Category, Product, Size
from inventory.models import StockItem, StockStatus
from pricing.feed_models import SourcePrice
from pricing.models import RepricingRun
from sales.models import ExportJob, Listing, Marketplace, Order
from soleflip.core.models import ImportBatch, LoginEvent, SystemConfig, User
from suppliers.models import Supplier, SupplierAccount
from tests.factories import make_order, make_product, make_stock, make_supplier, make_user

pytestmark = pytest.mark.django_db

LOGIN, OK, DONE, DENIED, LOGGED_OUT = "login", "ok", "done", "denied", "logged_out"
ROLES = ("anonymous", "norole", "viewer", "staff", "owner")

# Expectations shared by most rows. "norole" is a logged-in user in no group (a new
# account before the owner gives it a role): refused everywhere.
READ = dict(anonymous=LOGIN, norole=DENIED, viewer=OK, staff=OK, owner=OK)
WORK_PAGE = dict(anonymous=LOGIN, norole=DENIED, viewer=DENIED, staff=OK, owner=OK)
WORK = dict(anonymous=LOGIN, norole=DENIED, viewer=DENIED, staff=DONE, owner=DONE)
OWNER_ONLY = dict(anonymous=LOGIN, norole=DENIED, viewer=DENIED, staff=DENIED, owner=DONE)
OWNER_PAGE = dict(anonymous=LOGIN, norole=DENIED, viewer=DENIED, staff=DENIED, owner=OK)

UNCLASSIFIED_NAMESPACES: tuple[str, ...] = ()
UNCLASSIFIED_PREFIXES: tuple[str, ...] = ()


class World:
    """The objects the URLs need, made fresh for every test."""

    def __init__(self, client):
        self.client = client
        self.product = make_product(
            name="ACL Sneaker", category=Category.objects.get(slug="sneakers")
        )
        self.size = Size.objects.get(kind="men", region="US", value="10")
        self.supplier = make_supplier(name="ACL Supplier")
        self.pair = make_stock(product=self.product, size=self.size, supplier=self.supplier)
        self.sold = make_stock(status=StockStatus.SOLD, purchase_price=None)
        self.order = make_order(inventory_item=self.sold)
        self.by_hand = make_order(
            inventory_item=make_stock(status=StockStatus.SOLD),
            platform_specific_data={"entered_by_hand": True},
        )
        self.stockx = Marketplace.objects.get(slug="stockx")
        self.payout_day = timezone.now() - timedelta(days=3)
        self.paid = make_order(
            marketplace=self.stockx,
            payout_reference="P-ACL",
            payout_date=self.payout_day,
            net_proceeds=Decimal("150.00"),
        )
        self.purchases_batch = ImportBatch.objects.create(
            source_type=ImportBatch.Source.PURCHASES, status=ImportBatch.Status.VALIDATED
        )
        self.ask = Listing.objects.create(
            inventory_item=self.pair,
            marketplace=self.stockx,
            external_id="ACL-ASK",
            status="active",
            amount=Decimal("150.00"),
            currency="EUR",
        )
        self.stockx_batch = ImportBatch.objects.create(
            source_type=ImportBatch.Source.STOCKX_SALES_REPORT,
            status=ImportBatch.Status.VALIDATED,
        )
        self.failed_batch = ImportBatch.objects.create(
            source_type=ImportBatch.Source.PURCHASES, status=ImportBatch.Status.FAILED
        )
        self.failed_batch.file.save("acl-failed.csv", ContentFile(b"sku,size\n"))
        self.run = RepricingRun.objects.create(total=0)
        self.workbook = ExportJob.objects.create(start="2025-01-01", end="2025-01-31")
        self.workbook.begin(lines=0)
        self.workbook.finish(ContentFile(b"PK acl workbook"))

    def batch_status(self, batch) -> str:
        batch.refresh_from_db()
        return batch.status


def csv_upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def acl_offer() -> SourcePrice:
    return SourcePrice.objects.create(
        source="awin", supplier_name="ACL Shop", external_id="acl-1", ean="1234567890123",
        buy_price=Decimal("99.00"), currency="EUR",
    )  # fmt: skip


def supplier_form(name: str) -> dict:
    return {
        "name": name,
        "supplier_type": "retailer",
        "status": "active",
        "vat_rate": "19",
        "default_tax_scheme": "standard",
    }


def purchase_form(w: World) -> dict:
    return {
        "product": w.product.pk,
        "code": w.product.sku,
        "supplier": "ACL Purchase Supplier",
        "purchase_date": str(timezone.localdate() - timedelta(days=2)),
        "gross": "119.00",
        "vat": "standard",
        f"qty_{w.size.pk}": "1",
    }


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    expect: dict
    url: Callable[[World], str]
    data: Callable[[World], dict] | None = None
    # For writes: did the write happen? Must hold after DONE and not after LOGIN/DENIED.
    done: Callable[[World], bool] | None = None
    variant: str = ""

    @property
    def id(self) -> str:
        variant = f"({self.variant})" if self.variant else ""
        return f"{self.name}{variant}-{self.method}"


def page(name: str, expect: dict, *args: Callable[[World], object], variant: str = "") -> Case:
    return Case(
        name,
        "GET",
        expect,
        lambda w: reverse(name, args=[arg(w) for arg in args]),
        variant=variant,
    )


def pk(attr: str) -> Callable[[World], int]:
    return lambda w: getattr(w, attr).pk


def const(value) -> Callable[[World], object]:
    return lambda w: value


CASES = [
    # Site
    page("dashboard", READ),
    Case(
        "dashboard-refresh",
        "POST",
        WORK,
        lambda w: reverse("dashboard-refresh"),
        lambda w: {"next": reverse("inventory:stock-list")},
    ),
    page("login", dict(anonymous=OK, norole=DONE, viewer=DONE, staff=DONE, owner=DONE)),
    page("favicon", dict(anonymous=OK, norole=OK, viewer=OK, staff=OK, owner=OK)),
    Case(
        "language",
        "POST",
        dict(anonymous=DONE, norole=DONE, viewer=DONE, staff=DONE, owner=DONE),
        lambda w: reverse("language"),
        lambda w: {"language": "en", "next": "/"},
    ),
    Case(
        "logout",
        "POST",
        dict(
            anonymous=LOGIN,
            norole=LOGGED_OUT,
            viewer=LOGGED_OUT,
            staff=LOGGED_OUT,
            owner=LOGGED_OUT,
        ),
        lambda w: reverse("logout"),
    ),
    # Inventory
    page("inventory:stock-list", READ),
    page("inventory:stock-export", READ),
    page("inventory:stock-detail", READ, pk("pair")),
    Case(
        "inventory:stock-action",
        "POST",
        WORK,
        lambda w: reverse("inventory:stock-action", args=[w.pair.pk, "status"]),
        lambda w: {"status": "listed", "reason": "acl"},
        lambda w: StockItem.objects.get(pk=w.pair.pk).status == "listed",
        variant="status",
    ),
    Case(
        "inventory:stock-action",
        "POST",
        WORK,
        lambda w: reverse("inventory:stock-action", args=[w.pair.pk, "reserve"]),
        lambda w: {"status": "reserved", "reason": "acl"},
        lambda w: StockItem.objects.get(pk=w.pair.pk).status == "reserved",
        variant="reserve",
    ),
    Case(
        "inventory:stock-bulk",
        "POST",
        WORK,
        lambda w: reverse("inventory:stock-bulk"),
        lambda w: {"action": "location", "selected": [w.pair.pk], "location": "Shelf ACL"},
        lambda w: StockItem.objects.get(pk=w.pair.pk).location == "Shelf ACL",
        variant="location",
    ),
    Case(
        "inventory:stock-bulk",
        "POST",
        WORK,
        lambda w: reverse("inventory:stock-bulk"),
        lambda w: {"action": "status", "selected": [w.pair.pk], "status": "listed"},
        lambda w: StockItem.objects.get(pk=w.pair.pk).status == "listed",
        variant="status",
    ),
    Case(
        "inventory:stock-bulk",
        "POST",
        dict(anonymous=LOGIN, norole=DENIED, viewer=DENIED, staff=DENIED, owner=OK),
        lambda w: reverse("inventory:stock-bulk"),
        lambda w: {"action": "delete", "selected": [w.pair.pk]},
        variant="delete-confirm-page",
    ),
    Case(
        "inventory:stock-bulk",
        "POST",
        OWNER_ONLY,
        lambda w: reverse("inventory:stock-bulk"),
        lambda w: {"action": "delete", "selected": [w.pair.pk], "confirm": "on"},
        lambda w: not StockItem.objects.filter(pk=w.pair.pk).exists(),
        variant="delete",
    ),
    # Suppliers
    page("suppliers:supplier-list", READ),
    page("suppliers:supplier-detail", READ, pk("supplier")),
    page("suppliers:supplier-create", WORK_PAGE),
    Case(
        "suppliers:supplier-create",
        "POST",
        WORK,
        lambda w: reverse("suppliers:supplier-create"),
        lambda w: supplier_form("ACL New Supplier"),
        lambda w: Supplier.objects.filter(name="ACL New Supplier").exists(),
    ),
    page("suppliers:supplier-edit", WORK_PAGE, pk("supplier")),
    Case(
        "suppliers:supplier-edit",
        "POST",
        WORK,
        lambda w: reverse("suppliers:supplier-edit", args=[w.supplier.pk]),
        lambda w: supplier_form("ACL Renamed"),
        lambda w: Supplier.objects.get(pk=w.supplier.pk).name == "ACL Renamed",
    ),
    page("suppliers:account-import", WORK_PAGE),
    Case(
        "suppliers:account-import",
        "POST",
        WORK,
        lambda w: reverse("suppliers:account-import"),
        lambda w: {
            "file": csv_upload("accounts.csv", "EMAIL,PASSWORD\nacl@example.com,acl-pw-1\n"),
            "supplier": w.supplier.pk,
        },
        lambda w: ImportBatch.objects.filter(source_file="accounts.csv").exists(),
    ),
    # Purchases
    page("purchases:add", WORK_PAGE),
    Case(
        "purchases:add",
        "POST",
        WORK,
        lambda w: reverse("purchases:add"),
        purchase_form,
        lambda w: StockItem.objects.filter(supplier__name="ACL Purchase Supplier").exists(),
    ),
    page("purchases:suggest", WORK_PAGE),
    page("purchases:import", WORK_PAGE),
    Case(
        "purchases:import",
        "POST",
        WORK,
        lambda w: reverse("purchases:import"),
        lambda w: {"file": csv_upload("acl-purchases.csv", "sku,size\n")},
        lambda w: ImportBatch.objects.filter(source_file="acl-purchases.csv").exists(),
    ),
    page("purchases:template", WORK_PAGE),
    # Sales
    page("sales:order-list", READ),
    page("sales:order-detail", READ, pk("order")),
    page("sales:stockx-upload", WORK_PAGE),
    page("sales:marketplace-upload", WORK_PAGE),
    Case(
        "sales:marketplace-upload",
        "POST",
        WORK,
        lambda w: reverse("sales:marketplace-upload"),
        lambda w: {
            "marketplace": "alias",
            "mapping": "shipped",
            "file": csv_upload("acl-alias.csv", "ORDER_NUMBER\n"),
        },
        lambda w: ImportBatch.objects.filter(source_file="acl-alias.csv").exists(),
    ),
    Case(
        "sales:stockx-upload",
        "POST",
        WORK,
        lambda w: reverse("sales:stockx-upload"),
        lambda w: {"file": csv_upload("acl-stockx.csv", "Order Number\n")},
        lambda w: ImportBatch.objects.filter(source_file="acl-stockx.csv").exists(),
    ),
    page("sales:missing-cost", WORK_PAGE),
    page("sales:sell", WORK_PAGE),
    page("sales:fee-check", READ),
    Case(
        "sales:sale-cancel",
        "POST",
        WORK,
        lambda w: reverse("sales:sale-cancel", args=[w.by_hand.pk]),
        None,
        lambda w: Order.objects.get(pk=w.by_hand.pk).status == "cancelled",
    ),
    Case(
        "sales:sale-change",
        "POST",
        WORK,
        lambda w: reverse("sales:sale-change", args=[w.by_hand.pk]),
        lambda w: {"change-price": "300", "change-sold_on": "2025-01-10"},
        lambda w: Order.objects.get(pk=w.by_hand.pk).gross_sale == Decimal("300.00"),
    ),
    Case(
        "sales:sell",
        "POST",
        WORK,
        lambda w: reverse("sales:sell"),
        lambda w: {
            "marketplace": Marketplace.objects.get(slug="local").pk,
            "sold_on": "2025-01-15",
            "line-TOTAL_FORMS": 1,
            "line-INITIAL_FORMS": 0,
            "line-0-pair": w.pair.pk,
            "line-0-price": "150",
            "save": "1",
        },
        lambda w: Order.objects.filter(inventory_item=w.pair, marketplace__slug="local").exists(),
    ),
    Case(
        "sales:enter-cost",
        "POST",
        WORK,
        lambda w: reverse("sales:enter-cost", args=[w.order.pk]),
        lambda w: {"gross": "119.00", "tax_scheme": "standard", "vat_rate": "19"},
        lambda w: StockItem.objects.get(pk=w.sold.pk).purchase_price == Decimal("100.00"),
    ),
    page("sales:payouts", READ),
    Case(
        "sales:payout-received",
        "POST",
        WORK,
        lambda w: reverse("sales:payout-received"),
        lambda w: {
            "marketplace": w.stockx.pk,
            "reference": "P-ACL",
            "payout_date": timezone.localdate(w.payout_day).isoformat(),
            "amount": "150.00",
        },
        lambda w: Order.objects.get(pk=w.paid.pk).payout_received,
    ),
    page("sales:export", READ),
    page("sales:export-download", READ, const("sales.csv")),
    # Building a workbook writes only the job that builds it: every role that may read the
    # export may start one.
    Case(
        "sales:export-workbook",
        "POST",
        dict(anonymous=LOGIN, norole=DENIED, viewer=DONE, staff=DONE, owner=DONE),
        lambda w: reverse("sales:export-workbook"),
        lambda w: {"period": "custom", "start": "2025-03-01", "end": "2025-03-31"},
        lambda w: ExportJob.objects.filter(start="2025-03-01", end="2025-03-31").exists(),
    ),
    page("sales:export-job", READ, pk("workbook")),
    page("sales:export-job-file", READ, pk("workbook")),
    # Catalog, pricing, imports
    page("catalog:product-list", READ),
    page("catalog:product-detail", READ, pk("product")),
    page("inventory:recommendations", READ),
    page("pricing:market-price-list", READ),
    page("pricing:stale-stock", READ),
    page("pricing:repricing", READ),
    page("pricing:repricing-run", READ, pk("run")),
    # Repricing changes asks (daily work); the automatic switch is a setting (Owner only).
    Case(
        "pricing:repricing-apply",
        "POST",
        WORK,
        lambda w: reverse("pricing:repricing-apply"),
        lambda w: {"selected": [str(w.ask.pk)]},
        lambda w: RepricingRun.objects.filter(items__listing=w.ask).exists(),
    ),
    Case(
        "pricing:repricing-run-stop",
        "POST",
        WORK,
        lambda w: reverse("pricing:repricing-run-stop", args=[w.run.pk]),
        lambda w: {},
        lambda w: RepricingRun.objects.get(pk=w.run.pk).status == "stopped",
    ),
    # A run that has not stalled is left alone (a redirect back to it).
    Case(
        "pricing:repricing-run-resume",
        "POST",
        WORK,
        lambda w: reverse("pricing:repricing-run-resume", args=[w.run.pk]),
    ),
    # Without a connection asking StockX again answers with a message (a redirect).
    Case(
        "pricing:repricing-run-settle",
        "POST",
        WORK,
        lambda w: reverse("pricing:repricing-run-settle", args=[w.run.pk]),
    ),
    Case(
        "pricing:repricing-auto",
        "POST",
        OWNER_ONLY,
        lambda w: reverse("pricing:repricing-auto"),
        lambda w: {"on": "0"},
        lambda w: SystemConfig.objects.get_value("pricing.auto_repricing") == "off",
    ),
    Case(
        "pricing:accept",
        "POST",
        WORK,
        lambda w: reverse("pricing:accept", args=[w.pair.pk]),
        lambda w: {},
        lambda w: StockItem.objects.get(pk=w.pair.pk).asking_price is not None,
    ),
    # Retailer feeds: reading and importing feeds is daily work, the feed URL a setting.
    page("pricing:feed-list", READ),
    page("pricing:feed-upload", WORK_PAGE),
    Case(
        "pricing:feed-upload",
        "POST",
        WORK,
        lambda w: reverse("pricing:feed-upload"),
        lambda w: {"file": csv_upload("acl-feed.csv", "aw_product_id\n"), "preset": "awin"},
        lambda w: ImportBatch.objects.filter(source_file="acl-feed.csv").exists(),
    ),
    # Without a StockX connection the look-up answers with a message (a redirect).
    Case(
        "pricing:feed-look-up",
        "POST",
        WORK,
        lambda w: reverse("pricing:feed-look-up", args=[acl_offer().pk]),
    ),
    page("pricing:feed-settings", OWNER_PAGE),
    Case(
        "pricing:feed-settings",
        "POST",
        OWNER_ONLY,
        lambda w: reverse("pricing:feed-settings"),
        lambda w: {"preset": "awin", "scheduled": "on"},
        lambda w: SystemConfig.objects.get_value("feeds.schedule") == "on",
    ),
    # Without a stored URL "Download and import" answers with a message (a redirect).
    Case("pricing:feed-download", "POST", OWNER_ONLY, lambda w: reverse("pricing:feed-download")),
    # Opportunities and "Should I buy?" read; the StockX look-up is daily work (without a
    # connection it answers with a message), the thresholds are a setting (Owner only).
    page("pricing:opportunities", READ),
    page("pricing:buy-check", READ),
    Case(
        "pricing:buy-check-stockx",
        "POST",
        WORK,
        lambda w: reverse("pricing:buy-check-stockx"),
        lambda w: {"code": "4006381333931"},
    ),
    Case(
        "pricing:buy-thresholds",
        "POST",
        OWNER_ONLY,
        lambda w: reverse("pricing:buy-thresholds"),
        lambda w: {"min_profit": "12", "min_roi": "10"},
        lambda w: SystemConfig.objects.get_value("pricing.buy_min_profit") == "12.00",
    ),
    page("imports:batch-list", READ),
    page("imports:batch-detail", READ, pk("purchases_batch")),
    page("imports:batch-status", READ, pk("stockx_batch")),
    # The frame's Import and Run-again buttons need the importer's permission.
    Case(
        "imports:batch-commit",
        "POST",
        WORK,
        lambda w: reverse("imports:batch-commit", args=[w.purchases_batch.pk]),
        lambda w: {},
        lambda w: w.batch_status(w.purchases_batch) == ImportBatch.Status.IMPORTING,
        variant="purchases",
    ),
    Case(
        "imports:batch-commit",
        "POST",
        WORK,
        lambda w: reverse("imports:batch-commit", args=[w.stockx_batch.pk]),
        lambda w: {},
        lambda w: w.batch_status(w.stockx_batch) == ImportBatch.Status.IMPORTING,
        variant="stockx",
    ),
    Case(
        "imports:batch-retry",
        "POST",
        WORK,
        lambda w: reverse("imports:batch-retry", args=[w.failed_batch.pk]),
        lambda w: {},
        lambda w: w.batch_status(w.failed_batch) == ImportBatch.Status.PENDING,
    ),
    # StockX: the connection is a setting (Owner only); asks are daily work. Without a
    # connection the ask actions answer with a message on the pair's page (a redirect).
    page("stockx:settings", OWNER_PAGE),
    Case(
        "stockx:settings",
        "POST",
        OWNER_ONLY,
        lambda w: reverse("stockx:settings"),
        lambda w: {"client_id": "acl-client-id"},
        lambda w: SystemConfig.objects.filter(key="stockx_client_id").exists(),
    ),
    Case("stockx:connect", "POST", OWNER_ONLY, lambda w: reverse("stockx:connect")),
    # Retention periods are settings too (Owner only).
    page("retention:settings", OWNER_PAGE),
    Case(
        "retention:settings",
        "POST",
        OWNER_ONLY,
        lambda w: reverse("retention:settings"),
        lambda w: {"import_records_days": "90", "login_events_days": "30"},
        lambda w: SystemConfig.objects.get_value("retention_import_records_days") == "90",
    ),
    Case("stockx:callback", "GET", OWNER_ONLY, lambda w: reverse("stockx:callback")),
    Case(
        "stockx-asks:create",
        "POST",
        WORK,
        lambda w: reverse("stockx-asks:create", args=[w.pair.pk]),
        lambda w: {"amount": "150"},
    ),
    Case(
        "stockx-asks:price",
        "POST",
        WORK,
        lambda w: reverse("stockx-asks:price", args=[w.ask.pk]),
        lambda w: {"amount": "140"},
    ),
    # Without a connection these answer with a message on the product page (a redirect).
    Case(
        "stockx-catalog:look-up",
        "POST",
        WORK,
        lambda w: reverse("stockx-catalog:look-up", args=[w.product.pk]),
    ),
    Case(
        "stockx-catalog:accept",
        "POST",
        WORK,
        lambda w: reverse("stockx-catalog:accept", args=[w.product.pk]),
    ),
    Case(
        "stockx-asks:delete", "POST", WORK, lambda w: reverse("stockx-asks:delete", args=[w.ask.pk])
    ),
]

# The admin site's own pages; the model pages (app_model_view) are covered by the admin
# tests below for every registered model.
ADMIN_SITE_NAMES = {
    "index",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "autocomplete",
    "jsi18n",
    "view_on_site",
    "app_list",
    "auth_user_password_change",  # UserAdmin's own page (the name is Django's)
}
MODEL_ADMIN_VIEWS = ("changelist", "add", "history", "delete", "change")
ADMIN_MODELS = sorted(
    (model for model in apps.get_models() if admin.site.is_registered(model)),
    key=lambda m: m._meta.label,
)


@pytest.fixture
def role_user(request):
    def get(role: str):
        if role == "anonymous":
            return None
        if role == "norole":
            return make_user(username="norole")
        return request.getfixturevalue(role)

    return get


def assert_outcome(response, expected: str, case: Case) -> None:
    login = reverse("login")
    where = response.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302 and where.startswith(login), (response, where)
    elif expected == OK:
        assert response.status_code == 200, response
    elif expected == DONE:
        assert response.status_code == 302 and not where.startswith(login), (response, where)
    elif expected == LOGGED_OUT:
        assert response.status_code == 302 and where.startswith(login), (response, where)
    else:
        assert response.status_code == 403, response


@pytest.mark.parametrize(
    "role, case",
    [(role, case) for case in CASES for role in ROLES],
    ids=[f"{role}-{case.id}" for case in CASES for role in ROLES],
)
def test_access(client, role_user, role, case):
    user = role_user(role)
    if user is not None:
        client.force_login(user)
    w = World(client)
    url = case.url(w)
    if case.method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, case.data(w) if case.data else {})
    expected = case.expect[role]
    assert_outcome(response, expected, case)
    if case.done is not None:
        wrote = case.done(w)
        assert wrote is (expected == DONE), "the write happened" if wrote else "nothing written"
    if expected == LOGGED_OUT:
        assert "_auth_user_id" not in client.session


def project_url_names(resolver=None, namespace="", prefix=""):
    """(namespace, name, route) of every URL pattern of the project; name may be None."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from project_url_names(pattern, full, route)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern.name, route


def full_name(namespace: str, name: str) -> str:
    return f"{namespace}:{name}" if namespace else name


def test_every_url_name_is_classified():
    """A new page or action must get a row in CASES (and so a test per role)."""
    classified = {case.name for case in CASES}
    model_admin_names = {
        f"{model._meta.app_label}_{model._meta.model_name}_{view}"
        for model in ADMIN_MODELS
        for view in MODEL_ADMIN_VIEWS
    }
    missing, unnamed = [], []
    for namespace, name, route in project_url_names():
        if namespace in UNCLASSIFIED_NAMESPACES or route.startswith(UNCLASSIFIED_PREFIXES):
            continue
        if namespace == "admin":
            # The admin's unnamed patterns only redirect (old change URLs, the catch-all).
            if name is not None and name not in ADMIN_SITE_NAMES | model_admin_names:
                missing.append(full_name(namespace, name))
        elif name is None:
            unnamed.append(route)
        elif full_name(namespace, name) not in classified:
            missing.append(full_name(namespace, name))
    assert not missing, f"URL names without a row in the access table: {missing}"
    assert not unnamed, f"URL patterns without a name: {unnamed}"


def test_every_table_row_names_a_real_url():
    names = {full_name(ns, name) for ns, name, _ in project_url_names() if name}
    assert {case.name for case in CASES} <= names


# Controls shown per role: links and buttons follow the same permissions the views
# enforce (the views refuse anyway, as the table above proves).
WORKERS = ("staff", "owner")
CONTROLS = [
    # (page, what the page would contain, roles that see it)
    (lambda w: reverse("dashboard"), lambda w: reverse("dashboard-refresh"), WORKERS),
    (lambda w: reverse("inventory:stock-list"), lambda w: 'aria-label="Sammelaktion"', WORKERS),
    (lambda w: reverse("inventory:stock-list"), lambda w: reverse("purchases:add"), WORKERS),
    (lambda w: reverse("inventory:stock-list"), lambda w: '<option value="delete">', ("owner",)),
    (
        lambda w: reverse("inventory:stock-detail", args=[w.pair.pk]),
        lambda w: reverse("inventory:stock-action", args=[w.pair.pk, "status"]),
        WORKERS,
    ),
    (lambda w: reverse("sales:order-list"), lambda w: reverse("sales:missing-cost"), WORKERS),
    (lambda w: reverse("sales:payouts"), lambda w: reverse("sales:payout-received"), WORKERS),
    (
        lambda w: reverse("suppliers:supplier-list"),
        lambda w: reverse("suppliers:supplier-create"),
        WORKERS,
    ),
    (
        lambda w: reverse("suppliers:supplier-list"),
        lambda w: reverse("suppliers:account-import"),
        WORKERS,
    ),
    (
        lambda w: reverse("suppliers:supplier-detail", args=[w.supplier.pk]),
        lambda w: reverse("suppliers:supplier-edit", args=[w.supplier.pk]),
        WORKERS,
    ),
    (lambda w: reverse("imports:batch-list"), lambda w: reverse("purchases:import"), WORKERS),
    (lambda w: reverse("imports:batch-list"), lambda w: reverse("sales:stockx-upload"), WORKERS),
    (lambda w: reverse("dashboard"), lambda w: "/settings/", ("owner",)),
    (
        lambda w: reverse("imports:batch-detail", args=[w.purchases_batch.pk]),
        lambda w: reverse("imports:batch-commit", args=[w.purchases_batch.pk]),
        WORKERS,
    ),
]

CONTROL_IDS = [
    "dashboard-refresh",
    "stock-list-bulk",
    "stock-list-add-purchase",
    "stock-list-delete",
    "stock-detail-actions",
    "order-list-missing-cost",
    "payouts-received",
    "supplier-list-create",
    "supplier-list-import",
    "supplier-detail-edit",
    "batch-list-purchases",
    "batch-list-stockx",
    "navbar-settings",
    "batch-import-button",
]


@pytest.mark.parametrize("role", ["viewer", "staff", "owner"])
@pytest.mark.parametrize("page_url, control, roles", CONTROLS, ids=CONTROL_IDS)
def test_controls_follow_the_role(client, request, role, page_url, control, roles):
    client.force_login(request.getfixturevalue(role))
    w = World(client)
    response = client.get(page_url(w))
    assert response.status_code == 200
    shown = control(w) in response.content.decode()
    assert shown is (role in roles), (page_url(w), control(w))


# --- the admin, per role -------------------------------------------------------------------

DAILY_MODELS = (Product, StockItem, Order, Supplier)
OWNER_MODELS = (SystemConfig, User, Group, LoginEvent)
# The StockX connection (its state holds the access token) is the owner's settings too.
OWNER_APPS = ("stockx",)


def owner_only(model) -> bool:
    return model in OWNER_MODELS or model._meta.app_label in OWNER_APPS


def admin_url(model_or_obj, view: str = "changelist") -> str:
    opts = model_or_obj._meta
    args = (model_or_obj.pk,) if view in ("change", "delete", "history") else ()
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def admin_user(request, role: str) -> User:
    user = request.getfixturevalue(role)
    user.is_staff = True  # may log into the admin; what they do there is the group's
    user.save(update_fields=["is_staff"])
    return user


def admin_request(user: User):
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(pk=user.pk)  # fresh permission cache
    return request


@pytest.mark.parametrize("role", ["viewer", "staff"])
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_admin_never_deletes_for_staff_or_viewer(request, role, model):
    user = admin_user(request, role)
    model_admin = admin.site.get_model_admin(model)
    assert not model_admin.has_delete_permission(admin_request(user))
    assert "delete_selected" not in model_admin.get_actions(admin_request(user))
    for inline in model_admin.get_inline_instances(admin_request(user)):
        assert not inline.has_delete_permission(admin_request(user)), inline
    if role == "viewer":
        assert not model_admin.has_add_permission(admin_request(user))
        assert not model_admin.has_change_permission(admin_request(user))
        assert not model_admin.get_actions(admin_request(user)), "an action a viewer could run"


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_admin_owner_may_do_what_a_superuser_may(request, superuser, model):
    owner = admin_user(request, "owner")
    model_admin = admin.site.get_model_admin(model)
    for check in ("view", "add", "change", "delete"):
        method = getattr(model_admin, f"has_{check}_permission")
        assert method(admin_request(owner)) == method(admin_request(superuser)), check


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_admin_owner_models_are_hidden_from_staff_and_viewer(request, model):
    """Settings, users, groups, the log-in log and the StockX connection are the owner's;
    everything else is visible to every role."""
    model_admin = admin.site.get_model_admin(model)
    for role in ("viewer", "staff"):
        user = admin_user(request, role)
        visible = model_admin.has_view_or_change_permission(admin_request(user))
        assert visible is not owner_only(model), role


def test_admin_viewer_views_but_cannot_change(client, request):
    client.force_login(admin_user(request, "viewer"))
    product = make_product(name="Admin Viewer Sneaker")
    assert client.get(admin_url(Product)).status_code == 200
    response = client.get(admin_url(product, "change"))
    assert response.status_code == 200 and b'name="_save"' not in response.content
    data = {"sku": product.sku, "name": "Changed", "category": product.category_id}
    assert client.post(admin_url(product, "change"), data).status_code == 403
    assert client.get(admin_url(Product, "add")).status_code == 403
    assert client.get(admin_url(product, "delete")).status_code == 403
    assert client.post(admin_url(product, "delete"), {"post": "yes"}).status_code == 403
    assert Product.objects.get(pk=product.pk).name == "Admin Viewer Sneaker"


def test_admin_staff_changes_daily_work_but_cannot_delete(client, request):
    client.force_login(admin_user(request, "staff"))
    supplier = make_supplier(name="Admin Staff Supplier")
    url = admin_url(supplier, "change")
    assert client.get(url).status_code == 200
    data = {
        **supplier_form("Admin Staff Renamed"),
        "slug": supplier.slug,
        "tags": "[]",
        "accounts-TOTAL_FORMS": "0",
        "accounts-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert Supplier.objects.get(pk=supplier.pk).name == "Admin Staff Renamed"
    assert client.get(admin_url(supplier, "delete")).status_code == 403
    assert client.post(admin_url(supplier, "delete"), {"post": "yes"}).status_code == 403
    changelist = client.post(
        admin_url(Supplier), {"action": "delete_selected", "_selected_action": [supplier.pk]}
    )
    assert Supplier.objects.filter(pk=supplier.pk).exists(), changelist


def test_admin_staff_cannot_delete_an_account_through_the_supplier_page(client, request):
    client.force_login(admin_user(request, "staff"))
    supplier = make_supplier(name="Inline Supplier")
    account = SupplierAccount.objects.create(supplier=supplier, email="inline@example.com")
    data = {
        **supplier_form(supplier.name),
        "slug": supplier.slug,
        "accounts-TOTAL_FORMS": "1",
        "accounts-INITIAL_FORMS": "1",
        "accounts-0-id": account.pk,
        "accounts-0-supplier": supplier.pk,
        "accounts-0-email": account.email,
        "accounts-0-account_status": "active",
        "accounts-0-DELETE": "on",
        "_save": "Save",
    }
    page = client.get(admin_url(supplier, "change"))
    assert page.status_code == 200 and b"accounts-0-DELETE" not in page.content
    response = client.post(admin_url(supplier, "change"), data)
    assert response.status_code == 302
    assert SupplierAccount.objects.filter(pk=account.pk).exists()


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_admin_settings_users_and_groups_are_the_owners(client, request, role):
    client.force_login(admin_user(request, role))
    config = SystemConfig.objects.create(key="acl_key", value="acl-secret-value")
    target = make_user(username="acl-target")
    for model in OWNER_MODELS:
        assert client.get(admin_url(model)).status_code == 403, model
    assert client.get(admin_url(config, "change")).status_code == 403
    assert client.get(admin_url(target, "change")).status_code == 403
    # No way to promote oneself: the user and group pages refuse writes too.
    me = User.objects.get(username=role)
    response = client.post(
        admin_url(me, "change"), {"username": role, "is_superuser": "on", "is_staff": "on"}
    )
    assert response.status_code == 403
    assert not User.objects.get(pk=me.pk).is_superuser
    group = Group.objects.get(name=role.capitalize())
    before = set(group.permissions.values_list("pk", flat=True))
    everything = list(Permission.objects.values_list("pk", flat=True))
    response = client.post(
        admin_url(group, "change"), {"name": group.name, "permissions": everything}
    )
    assert response.status_code == 403
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_admin_owner_does_everything(client, request):
    client.force_login(admin_user(request, "owner"))
    supplier = make_supplier(name="Admin Owner Supplier")
    config = SystemConfig.objects.create(key="acl_owner_key", value="acl-owner-secret")
    for model in (*DAILY_MODELS, *OWNER_MODELS):
        assert client.get(admin_url(model)).status_code == 200, model
    assert client.get(admin_url(config, "change")).status_code == 200
    assert client.get(admin_url(Group.objects.get(name="Staff"), "change")).status_code == 200
    assert client.get(admin_url(supplier, "delete")).status_code == 200
    response = client.post(admin_url(supplier, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Supplier.objects.filter(pk=supplier.pk).exists()
    pair = make_stock()
    response = client.post(
        admin_url(StockItem), {"action": "delete_selected", "_selected_action": [pair.pk]}
    )
    assert response.status_code == 200 and b"Sind Sie sicher" in response.content


@pytest.mark.parametrize("role", ["viewer", "staff", "owner"])
@pytest.mark.parametrize(
    "name",
    sorted(ADMIN_SITE_NAMES - {"login", "view_on_site", "app_list", "auth_user_password_change"}),
)
def test_admin_site_pages_open_for_admin_roles(client, request, role, name):
    client.force_login(admin_user(request, role))
    url = reverse(f"admin:{name}")
    if name == "logout":
        response = client.post(url)
        assert response.status_code == 302 and "_auth_user_id" not in client.session
    elif name == "autocomplete":
        assert client.get(url).status_code == 403  # without a field to complete
    else:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_admin_password_of_another_user_is_the_owners(client, request, role):
    client.force_login(admin_user(request, role))
    target = make_user(username="acl-target", password="old-pass-123")
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    assert client.get(url).status_code == 403
    data = {"password1": "taken-over-987", "password2": "taken-over-987"}
    assert client.post(url, data).status_code == 403
    assert User.objects.get(pk=target.pk).check_password("old-pass-123")


def test_admin_owner_sets_a_password(client, request):
    client.force_login(admin_user(request, "owner"))
    target = make_user(username="acl-target", password="old-pass-123")
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    assert client.get(url).status_code == 200
    data = {"password1": "N3w-owner-set-pass", "password2": "N3w-owner-set-pass"}
    data["usable_password"] = "true"
    assert client.post(url, data).status_code == 302
    assert User.objects.get(pk=target.pk).check_password("N3w-owner-set-pass")


def test_admin_is_closed_to_users_without_is_staff(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
