"""The Django admin: every registered model opens, secrets never leak, append-only and
view-only models refuse writes, and the roles apply."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from catalog.models import ProductVariant
from inventory.models import StockEvent
from sales.models import Listing
from soleflip.core import crypto
from soleflip.core.models import ImportBatch, ImportRecord, SystemConfig, User
from suppliers.models import SupplierAccount
from tests.factories import (
    make_marketplace,
    make_order,
    make_product,
    make_size,
    make_stock,
    make_supplier,
    make_user,
)
from tests.test_access_matrix import ADMIN_MODELS

pytestmark = pytest.mark.django_db

SECRET_VALUE = "super-secret-value-123"
SECRET_PASSWORD = "hunter2-secret"
SECRET_PROXY = "http://user:proxypass@proxy:8080"

REGISTERED = ADMIN_MODELS


# --- helpers ---------------------------------------------------------------------------


def admin_url(model_or_obj, view: str = "changelist", *args) -> str:
    opts = model_or_obj._meta
    if view in ("change", "history", "delete") and not args:
        args = (model_or_obj.pk,)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def body(response) -> str:
    return response.content.decode()


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def make_account(**kw) -> SupplierAccount:
    if "supplier" not in kw:
        kw["supplier"] = make_supplier()
    kw.setdefault("email", "buyer@example.com")
    kw.setdefault("password", SECRET_PASSWORD)
    kw.setdefault("proxy_config", SECRET_PROXY)
    return SupplierAccount.objects.create(**kw)


def account_post_data(account: SupplierAccount, **overrides) -> dict:
    data = {
        "supplier": account.supplier_id,
        "email": account.email,
        "account_status": account.account_status,
        "list_name": account.list_name,
        "new_password": "",
        "new_proxy_config": "",
        "first_name": "",
        "last_name": "",
        "address_line_1": "",
        "address_line_2": "",
        "zip_code": "",
        "city": "",
        "state_code": "",
        "country_code": "",
        "phone_number": "",
        "payment_provider": "",
        "payment_method_token": "",
        "payment_method_brand": "",
        "payment_method_last4": "",
        "browser_preference": "",
        "notes": "",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def make_stock_event(**kw) -> StockEvent:
    if "stock" not in kw:
        kw["stock"] = make_stock()
    kw.setdefault("kind", StockEvent.Kind.CREATED)
    kw.setdefault("to_status", "in_stock")
    kw.setdefault("after", {"status": "in_stock", "purchase_price": "100.00"})
    return StockEvent.objects.create(**kw)


@pytest.fixture
def admin_client_(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def secrets():
    config = SystemConfig.objects.create(
        key="stockx_client_secret", value=SECRET_VALUE, description="StockX API"
    )
    account = make_account()
    return config, account


def assert_no_secrets(text: str, *tokens: str) -> None:
    for secret in (SECRET_VALUE, SECRET_PASSWORD, SECRET_PROXY, "proxypass", *tokens):
        assert secret not in text, f"secret {secret[:6]}… rendered"


# --- every model opens ---------------------------------------------------------------


def test_site_titles():
    assert admin.site.site_header == "SoleFlip-Verwaltung"
    assert admin.site.index_title == "Daten des Backoffice"
    with translation.override("en"):
        assert admin.site.site_header == "SoleFlip admin"
        assert admin.site.site_title == "SoleFlip admin"
        assert admin.site.index_title == "Back office data"


def test_admin_index(admin_client_):
    response = admin_client_.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "SoleFlip-Verwaltung" in body(response)


def test_admin_speaks_the_users_language(client, owner):
    """The model names are German in the admin, English for a user who chose English."""
    client.force_login(staff_login(owner))
    page = body(client.get(reverse("admin:index")))
    assert "Importläufe" in page and "Systemeinstellungen" in page and "Anmeldungen" in page
    assert ">System<" in page  # the core app's name
    client.logout()
    owner.language = "en"
    owner.save(update_fields=["language"])
    client.force_login(owner)
    page = body(client.get(reverse("admin:index")))
    assert "SoleFlip admin" in page and "Import batches" in page and "System settings" in page


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_and_add_page_open(admin_client_, superuser, model):
    model_admin = admin.site.get_model_admin(model)
    response = admin_client_.get(admin_url(model))
    assert response.status_code == 200

    request = RequestFactory().get("/")
    request.user = superuser
    response = admin_client_.get(admin_url(model, "add"))
    if model_admin.has_add_permission(request):
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_every_domain_model_is_registered():
    for label in ("core", "catalog", "suppliers", "inventory", "sales", "pricing"):
        for model in apps.get_app_config(label).get_models():
            assert admin.site.is_registered(model), model._meta.label


def test_change_pages_of_key_models_open(admin_client_, secrets):
    config, account = secrets
    product = make_product(enrichment_data={"colors": ["black", "white"]})
    ProductVariant.objects.create(product=product, size=make_size(), gtins=["0194953012345"])
    stock = make_stock(product=product, supplier=account.supplier)
    make_stock_event(stock=stock)
    order = make_order(inventory_item=stock, raw_data={"orderNumber": "123"})
    listing = Listing.objects.create(
        inventory_item=stock,
        marketplace=order.marketplace,
        external_id="ask-1",
        status="active",
        amount=Decimal("210.00"),
    )
    batch = ImportBatch.objects.create(source_type=ImportBatch.Source.PURCHASES, total_records=1)
    ImportRecord.objects.create(
        batch=batch,
        line_number=2,
        source_data={"sku": "X"},
        status="rejected",
        validation_errors=["bad price"],
    )
    for obj in (
        product,
        stock,
        order,
        listing,
        account,
        account.supplier,
        config,
        batch,
        order.marketplace,
        product.brand,
    ):
        response = admin_client_.get(admin_url(obj, "change"))
        assert response.status_code == 200, obj._meta.label
        assert response.context["original"] == obj, obj._meta.label


def test_json_is_pretty_printed_read_only_and_escaped(admin_client_):
    order = make_order(raw_data={"note": "<script>alert(1)</script>", "items": [1, 2]})
    response = admin_client_.get(admin_url(order, "change"))
    text = body(response)
    assert '<pre class="soleflip-json"' in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)" not in text
    form = response.context["adminform"].form
    assert "raw_data" not in form.fields
    assert "platform_specific_data" not in form.fields


def test_import_batch_shows_records_and_links_to_filtered_changelist(admin_client_):
    batch = ImportBatch.objects.create(source_type=ImportBatch.Source.PURCHASES, total_records=60)
    other = ImportBatch.objects.create(source_type=ImportBatch.Source.PURCHASES)
    ImportRecord.objects.bulk_create(
        ImportRecord(batch=batch, line_number=n, source_data={"n": n}, status="valid")
        for n in range(1, 61)
    )
    ImportRecord.objects.create(batch=other, line_number=1, source_data={}, status="valid")
    response = admin_client_.get(admin_url(batch, "change"))
    assert response.status_code == 200
    text = body(response)
    link = reverse("admin:core_importrecord_changelist") + f"?batch__id__exact={batch.pk}"
    assert link.replace("&", "&amp;") in text or link in text
    assert "die ersten 50 von 60 angezeigt" in text and "Alle 60 Zeilen dieses Importlaufs" in text
    assert "Zusammenfassung" in text  # the JSON field's label, from its verbose name

    response = admin_client_.get(link)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 60


def test_import_record_is_view_only(admin_client_):
    batch = ImportBatch.objects.create(source_type=ImportBatch.Source.PURCHASES)
    record = ImportRecord.objects.create(batch=batch, line_number=1, source_data={}, status="valid")
    response = admin_client_.get(admin_url(record, "change"))
    assert response.status_code == 200
    assert 'name="_save"' not in body(response)
    assert admin_client_.post(admin_url(record, "change"), {}).status_code == 403
    assert admin_client_.get(admin_url(ImportRecord, "add")).status_code == 403


# --- changelists do not run one query per row ------------------------------------------


@pytest.mark.parametrize(
    "model_factory",
    [
        pytest.param(lambda: make_stock(supplier=make_supplier()), id="stockitem"),
        pytest.param(lambda: make_order(inventory_item=make_stock()), id="order"),
        pytest.param(lambda: make_stock_event(), id="stockevent"),
        pytest.param(
            lambda: ProductVariant.objects.create(product=make_product(), size=make_size()),
            id="productvariant",
        ),
        pytest.param(lambda: make_account(supplier=make_supplier()), id="supplieraccount"),
    ],
)
def test_changelist_query_count_does_not_grow_with_rows(admin_client_, model_factory):
    first = model_factory()
    url = admin_url(type(first))
    admin_client_.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert admin_client_.get(url).status_code == 200
    for _ in range(5):
        model_factory()
    with CaptureQueriesContext(connection) as many:
        assert admin_client_.get(url).status_code == 200
    assert len(many) == len(few)


# --- secrets -----------------------------------------------------------------------------


def test_secrets_are_never_rendered(admin_client_, secrets):
    config, account = secrets
    tokens = (
        raw_column('core."system_config"', "value_encrypted", config.pk),
        raw_column('supplier."account"', "password_encrypted", account.pk),
        raw_column('supplier."account"', "proxy_config_encrypted", account.pk),
    )
    assert all(tokens) and SECRET_VALUE not in tokens[0]

    pages = [
        admin_url(SystemConfig),
        admin_url(SystemConfig) + "?q=stockx",
        admin_url(config, "change"),
        admin_url(config, "history"),
        admin_url(config, "delete"),
        admin_url(SupplierAccount),
        admin_url(account, "change"),
        admin_url(account, "history"),
        admin_url(account, "delete"),
        admin_url(account.supplier, "change"),
        admin_url(account.supplier, "delete"),
        reverse("admin:index"),
    ]
    for url in pages:
        response = admin_client_.get(url)
        assert response.status_code == 200, url
        assert_no_secrets(body(response), *tokens)

    change = body(admin_client_.get(admin_url(account, "change")))
    assert 'type="password"' in change
    assert ">hinterlegt<" in change  # the supplier account's secrets, German
    config_page = admin_client_.get(admin_url(config, "change"))
    assert "value" not in config_page.context["adminform"].form.fields
    assert ">hinterlegt<" in body(config_page)


def test_supplier_account_password_write_only(admin_client_, secrets):
    _, account = secrets
    url = admin_url(account, "change")

    response = admin_client_.post(url, account_post_data(account, new_password="n3w-pass-456"))
    assert response.status_code == 302, response.context and response.context["adminform"].errors
    account.refresh_from_db()
    assert account.password == "n3w-pass-456"
    assert account.proxy_config == SECRET_PROXY
    token = raw_column('supplier."account"', "password_encrypted", account.pk)
    assert "n3w-pass-456" not in token
    assert crypto.decrypt(token) == "n3w-pass-456"

    # Blank keeps the current secrets.
    response = admin_client_.post(url, account_post_data(account, list_name="Drop list"))
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.password == "n3w-pass-456"
    assert account.proxy_config == SECRET_PROXY
    assert account.list_name == "Drop list"

    # A new proxy replaces the old one; the history never shows either.
    response = admin_client_.post(
        url, account_post_data(account, new_proxy_config="http://u:newproxy@p:1")
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.proxy_config == "http://u:newproxy@p:1"
    history = body(admin_client_.get(admin_url(account, "history")))
    assert "n3w-pass-456" not in history and "newproxy" not in history


def test_supplier_account_add_with_password(admin_client_):
    supplier = make_supplier()
    data = account_post_data(
        SupplierAccount(supplier=supplier, email="new@example.com"),
        new_password="first-pass-789",
    )
    response = admin_client_.post(admin_url(SupplierAccount, "add"), data)
    assert response.status_code == 302
    account = SupplierAccount.objects.get(email="new@example.com")
    assert account.password == "first-pass-789"
    assert account.proxy_config == ""


def test_system_config_value_write_only(admin_client_, secrets):
    config, _ = secrets
    url = admin_url(config, "change")
    data = {"key": config.key, "description": "rotated", "new_value": "", "_save": "Save"}

    response = admin_client_.post(url, data)
    assert response.status_code == 302
    config.refresh_from_db()
    assert config.value == SECRET_VALUE
    assert config.description == "rotated"

    response = admin_client_.post(url, {**data, "new_value": "rotated-secret-999"})
    assert response.status_code == 302
    config.refresh_from_db()
    assert config.value == "rotated-secret-999"
    token = raw_column('core."system_config"', "value_encrypted", config.pk)
    assert crypto.decrypt(token) == "rotated-secret-999"
    assert "rotated-secret-999" not in body(admin_client_.get(url))


def test_system_config_add_requires_value(admin_client_):
    url = admin_url(SystemConfig, "add")
    response = admin_client_.post(url, {"key": "k1", "description": "", "new_value": ""})
    assert response.status_code == 200
    assert not SystemConfig.objects.filter(key="k1").exists()
    response = admin_client_.post(url, {"key": "k1", "description": "", "new_value": "v-1"})
    assert response.status_code == 302
    assert SystemConfig.objects.get_value("k1") == "v-1"


# --- append-only stock events ------------------------------------------------------------


def test_stock_event_is_view_only(admin_client_):
    event = make_stock_event()
    url = admin_url(event, "change")
    response = admin_client_.get(url)
    assert response.status_code == 200
    text = body(response)
    assert 'name="_save"' not in text
    assert 'name="_continue"' not in text
    assert admin_client_.post(url, {"kind": "deleted", "reason": "x"}).status_code == 403
    assert admin_client_.get(admin_url(event, "delete")).status_code == 403
    assert admin_client_.get(admin_url(StockEvent, "add")).status_code == 403
    changelist = admin_client_.get(admin_url(StockEvent))
    assert "delete_selected" not in body(changelist)
    event.refresh_from_db()
    assert event.kind == StockEvent.Kind.CREATED


def test_stock_item_change_page_shows_events_read_only(admin_client_):
    event = make_stock_event(reason="Bought at retail")
    response = admin_client_.get(admin_url(event.stock, "change"))
    assert response.status_code == 200
    assert "Bought at retail" in body(response)


# --- roles ---------------------------------------------------------------------------------


def test_staff_cannot_open_system_config_nor_delete_stock(client, staff, secrets):
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    make_stock()
    assert client.get(admin_url(SystemConfig)).status_code == 403
    config, _ = secrets
    assert client.get(admin_url(config, "change")).status_code == 403

    response = client.get(admin_url(make_stock()._meta.model))
    assert response.status_code == 200
    assert "delete_selected" not in body(response)
    action_form = response.context["action_form"]
    if action_form is not None:
        choices = [c[0] for c in action_form.fields["action"].choices]
        assert "delete_selected" not in choices


def test_superuser_has_delete_action_on_stock(admin_client_):
    make_stock()
    response = admin_client_.get(admin_url(make_stock()._meta.model))
    assert "delete_selected" in body(response)


def test_owner_manages_system_config(client, owner, secrets):
    owner.is_staff = True
    owner.save()
    client.force_login(owner)
    config, _ = secrets
    assert client.get(admin_url(SystemConfig)).status_code == 200
    response = client.get(admin_url(config, "change"))
    assert response.status_code == 200
    assert_no_secrets(body(response))


def test_viewer_can_view_but_not_change_product(client, viewer):
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    product = make_product(name="Viewer Sneaker")
    url = admin_url(product, "change")
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in body(response)
    data = {
        "sku": product.sku,
        "name": "Changed",
        "category": product.category_id,
        "brand": product.brand_id,
    }
    assert client.post(url, data).status_code == 403
    product.refresh_from_db()
    assert product.name == "Viewer Sneaker"
    assert client.get(admin_url(product, "delete")).status_code == 403


def test_fee_rules_inline_on_marketplace(admin_client_):
    marketplace = make_marketplace()
    marketplace.fee_rules.create(
        fee_type="transaction", percentage=Decimal("9.000"), effective_from=date(2025, 1, 1)
    )
    response = admin_client_.get(admin_url(marketplace, "change"))
    assert response.status_code == 200
    assert "fee_rules-TOTAL_FORMS" in body(response)


# --- GDPR erasure: the Owner's admin action --------------------------------------------


def staff_login(user) -> User:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.mark.parametrize("role, sees", [("viewer", False), ("staff", False), ("owner", True)])
@pytest.mark.parametrize("model", [User, SupplierAccount], ids=lambda m: m._meta.label)
def test_anonymise_action_is_offered_to_the_owner_only(request, role, sees, model):
    user = staff_login(request.getfixturevalue(role))
    admin_request = RequestFactory().get("/admin/")
    admin_request.user = User.objects.get(pk=user.pk)
    actions = admin.site.get_model_admin(model).get_actions(admin_request)
    assert ("anonymise_selected" in actions) is sees


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_staff_and_viewer_cannot_anonymise_an_account(client, request, role):
    client.force_login(staff_login(request.getfixturevalue(role)))
    account = make_account()
    data = {"action": "anonymise_selected", "_selected_action": [account.pk], "post": "yes"}

    response = client.post(admin_url(SupplierAccount), data)

    assert response.status_code in (200, 302)
    assert "anonymise" not in body(client.get(admin_url(SupplierAccount)))
    account.refresh_from_db()
    assert account.email == "buyer@example.com" and account.password == SECRET_PASSWORD


@pytest.mark.parametrize("role", ["viewer", "staff"])
def test_staff_and_viewer_cannot_anonymise_a_user(client, request, role):
    client.force_login(staff_login(request.getfixturevalue(role)))
    target = make_user(username="keep-me", email="keep@example.com")
    data = {"action": "anonymise_selected", "_selected_action": [target.pk], "post": "yes"}

    assert client.post(admin_url(User), data).status_code == 403
    target.refresh_from_db()
    assert target.username == "keep-me" and target.is_active


def test_owner_anonymises_an_account_after_confirming(client, owner):
    client.force_login(staff_login(owner))
    account = make_account(first_name="Jana", phone_number="+49 30 123456")
    data = {"action": "anonymise_selected", "_selected_action": [account.pk]}

    confirm = client.post(admin_url(SupplierAccount), data)

    assert confirm.status_code == 200 and "Ja, anonymisieren" in body(confirm)
    assert "buyer@example.com" in body(confirm)
    assert_no_secrets(body(confirm))
    account.refresh_from_db()
    assert account.first_name == "Jana"  # nothing happens before the confirmation

    done = client.post(admin_url(SupplierAccount), {**data, "post": "yes"}, follow=True)

    assert f"1 {SupplierAccount._meta.verbose_name} anonymisiert." in body(done)
    account.refresh_from_db()
    assert account.email == f"erased-{account.pk}@erased.invalid"
    assert (account.first_name, account.phone_number, account.password) == ("", "", "")
    history = body(client.get(admin_url(account, "history")))
    assert "Anonymisiert (DSGVO-Löschung)" in history and "buyer@example.com" not in history


def test_owner_anonymises_a_user_but_not_themselves(client, owner):
    client.force_login(staff_login(owner))
    target = make_user(username="jana", email="jana@example.com", first_name="Jana")
    data = {
        "action": "anonymise_selected",
        "_selected_action": [target.pk, owner.pk],
        "post": "yes",
    }

    done = client.post(admin_url(User), data, follow=True)

    assert "Das eigene Login kann nicht anonymisiert werden." in body(done)
    assert "1 Benutzer anonymisiert." in body(done)
    target.refresh_from_db()
    assert (target.username, target.email, target.is_active) == (f"erased-{target.pk}", "", False)
    owner.refresh_from_db()
    assert owner.username == "owner" and owner.is_active
