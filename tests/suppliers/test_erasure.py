"""GDPR erasure of a supplier account: every personal field and secret goes (the
encrypted columns too), the account's import rows are scrubbed, and the purchases, pairs
and orders stay complete and linked to the same rows."""

import json
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from inventory.models import StockItem, StockStatus
from sales.models import Order
from soleflip.core import imports
from soleflip.core.crypto import encrypt
from soleflip.core.erasure import AUDIT_MESSAGE
from soleflip.core.models import ImportBatch, ImportRecord
from suppliers.models import PurchaseHistory, SupplierAccount
from suppliers.services import anonymise_account
from tests.factories import make_account, make_order, make_stock, make_supplier, make_user

pytestmark = pytest.mark.django_db

PERSONAL = {
    "email": "jana.schmidt@example.com",
    "first_name": "Jana",
    "last_name": "Schmidt",
    "address_line_1": "Lindenstraße 12",
    "address_line_2": "Hinterhaus",
    "city": "Leipzig",
    "zip_code": "04109",
    "state_code": "SN",
    "country_code": "DE",
    "phone_number": "+49 341 5550123",
    "list_name": "Jana drops",
    "browser_preference": "Firefox 128 profile 3",
    "notes": "Prefers pick-up in Leipzig",
    "payment_method_last4": "4242",
}
SECRETS = {
    "password": "jana-pw-7781",
    "proxy_config": "http://jana:proxypw@10.0.0.5:8080",
    "payment_method_token": "tok_jana_1234567890",
}
ENCRYPTED_COLUMNS = ("password_encrypted", "proxy_config_encrypted", "payment_method_token")


def account_row_as_text(account: SupplierAccount) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT row_to_json(a)::text FROM supplier."account" a WHERE id = %s', [account.pk]
        )
        return cursor.fetchone()[0]


def raw_columns(account: SupplierAccount) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {", ".join(ENCRYPTED_COLUMNS)} FROM supplier."account" WHERE id = %s',
            [account.pk],
        )
        return cursor.fetchone()


def assert_nothing_personal(text: str) -> None:
    values = [v for v in (*PERSONAL.values(), *SECRETS.values()) if len(v) > 5]
    # Codes and digits could occur by chance (in a timestamp, say): not looked for.
    for value in (*values, "jana", "schmidt"):
        assert value.lower() not in text.lower(), value


@pytest.fixture
def account():
    return make_account(
        supplier=make_supplier(name="Erasure Supplier"),
        account_status="active",
        **PERSONAL,
        **SECRETS,
    )


@pytest.fixture
def owner_user():
    return make_user(username="erasing-owner")


def accounts_batch(account, *, status=ImportBatch.Status.COMPLETED) -> ImportBatch:
    """An accounts import with a row of this account (as check_accounts keeps it: raw
    values with secrets redacted, parsed values with secrets encrypted until imported)
    and a row of somebody else."""
    batch = ImportBatch.objects.create(
        source_type=ImportBatch.Source.SUPPLIER_ACCOUNTS,
        status=status,
        total_records=2,
        processed_records=2,
    )
    raw = {
        "EMAIL": "Jana.Schmidt@Example.com",
        "FIRST_NAME": "Jana",
        "LAST_NAME": "Schmidt",
        "ADDRESS_LINE_1": "Lindenstraße 12",
        "CITY": "Leipzig",
        "ZIP_CODE": "04109",
        "PHONE_NUMBER": "+49 341 5550123",
        "LISTNAME": "Jana drops",
        "PASSWORD": "•••",
        "CC_NUMBER": "",
    }
    parsed = {
        "supplier_id": account.supplier_id,
        "email": "jana.schmidt@example.com",
        "first_name": "Jana",
        "last_name": "Schmidt",
        "city": "Leipzig",
        "list_name": "Jana drops",
        "password": encrypt(SECRETS["password"]),
        "proxy_config": "",
        "payment_method_token": "",
    }
    ImportRecord.objects.create(
        batch=batch,
        line_number=2,
        source_data=raw,
        processed_data=parsed,
        status=ImportRecord.Status.VALID,
        validation_errors=[
            {"line": 2, "column": "LISTNAME", "value": "Jana drops", "reason": "is unknown"}
        ],
    )
    ImportRecord.objects.create(
        batch=batch,
        line_number=3,
        source_data={"EMAIL": "other@example.com", "FIRST_NAME": "Otto", "CITY": "Bremen"},
        processed_data={
            "supplier_id": account.supplier_id,
            "email": "other@example.com",
            "first_name": "Otto",
            "password": "",
            "proxy_config": "",
            "payment_method_token": "",
        },
        status=ImportRecord.Status.VALID,
    )
    return batch


def test_every_personal_field_and_secret_is_gone(account, owner_user):
    anonymise_account(account=account, by=owner_user)

    account.refresh_from_db()
    assert account.email == f"erased-{account.pk}@erased.invalid"
    for name in PERSONAL:
        if name != "email":
            assert getattr(account, name) == "", name
    for name in SECRETS:
        assert getattr(account, name) == "", name
    assert account.account_status == SupplierAccount.Status.RETIRED
    assert not account.is_verified


def test_the_encrypted_columns_hold_no_token_any_more(account, owner_user):
    assert all(raw_columns(account))  # tokens before

    anonymise_account(account=account, by=owner_user)

    assert raw_columns(account) == ("", "", "")
    assert_nothing_personal(account_row_as_text(account))


def test_placeholders_are_unique_per_account(owner_user):
    supplier = make_supplier()
    first = make_account(supplier=supplier, email="a@example.com")
    second = make_account(supplier=supplier, email="b@example.com")

    anonymise_account(account=first, by=owner_user)
    anonymise_account(account=second, by=owner_user)

    emails = set(SupplierAccount.objects.filter(supplier=supplier).values_list("email", flat=True))
    assert emails == {f"erased-{first.pk}@erased.invalid", f"erased-{second.pk}@erased.invalid"}


def test_purchases_pairs_and_orders_stay_complete_and_linked(account, owner_user):
    purchase = PurchaseHistory.objects.create(
        supplier=account.supplier,
        account=account,
        order_reference="FTL-0042",
        purchase_amount=Decimal("119.00"),
        purchase_date=timezone.now(),
        purchase_status=PurchaseHistory.Status.DELIVERED,
    )
    pair = make_stock(supplier=account.supplier, status=StockStatus.SOLD)
    order = make_order(inventory_item=pair, buyer_destination_city="Wien")
    before = (
        PurchaseHistory.objects.filter(pk=purchase.pk).values().get(),
        StockItem.objects.filter(pk=pair.pk).values().get(),
        Order.objects.filter(pk=order.pk).values().get(),
    )

    anonymise_account(account=account, by=owner_user)

    after = (
        PurchaseHistory.objects.filter(pk=purchase.pk).values().get(),
        StockItem.objects.filter(pk=pair.pk).values().get(),
        Order.objects.filter(pk=order.pk).values().get(),
    )
    assert after == before
    assert after[0]["account_id"] == account.pk and after[0]["supplier_id"] == account.supplier_id
    assert after[1]["supplier_id"] == account.supplier_id
    assert after[2]["inventory_item_id"] == pair.pk


def test_the_accounts_import_rows_are_scrubbed(account, owner_user):
    batch = accounts_batch(account)
    others = ImportRecord.objects.get(batch=batch, line_number=3)

    scrubbed = anonymise_account(account=account, by=owner_user)

    assert scrubbed == 1
    record = ImportRecord.objects.get(batch=batch, line_number=2)
    placeholder = f"erased-{account.pk}@erased.invalid"
    assert record.source_data["EMAIL"] == placeholder
    assert record.source_data["FIRST_NAME"] == "[erased]"
    assert record.source_data["CC_NUMBER"] == ""  # empty stays empty: the row keeps its shape
    assert record.processed_data["email"] == placeholder
    assert record.processed_data["supplier_id"] == account.supplier_id
    assert record.processed_data["password"] == ""
    assert record.validation_errors[0]["value"] == "[erased]"
    assert record.validation_errors[0]["column"] == "LISTNAME"
    assert record.status == ImportRecord.Status.VALID and record.line_number == 2
    text = json.dumps([record.source_data, record.processed_data, record.validation_errors])
    assert_nothing_personal(text)
    assert ImportRecord.objects.get(pk=others.pk).source_data == others.source_data


def test_only_accounts_imports_are_scrubbed(account, owner_user):
    purchases = ImportBatch.objects.create(source_type=ImportBatch.Source.PURCHASES)
    row = ImportRecord.objects.create(
        batch=purchases,
        line_number=2,
        source_data={"EMAIL": PERSONAL["email"], "sku": "X"},
        status=ImportRecord.Status.CREATED,
    )

    assert anonymise_account(account=account, by=owner_user) == 0
    assert ImportRecord.objects.get(pk=row.pk).source_data == row.source_data


def test_importing_a_waiting_batch_afterwards_brings_nothing_back(account, owner_user):
    batch = accounts_batch(account, status=ImportBatch.Status.VALIDATED)
    anonymise_account(account=account, by=owner_user)

    imports.commit_batch(batch)

    assert batch.status == ImportBatch.Status.COMPLETED
    account.refresh_from_db()
    assert account.email == f"erased-{account.pk}@erased.invalid"
    assert account.first_name == "" and account.password == ""
    assert_nothing_personal(account_row_as_text(account))


def test_the_erasure_is_in_the_admin_log_and_old_entries_lose_the_name(account, owner_user):
    content_type = ContentType.objects.get_for_model(SupplierAccount)
    earlier = LogEntry.objects.create(
        user=owner_user,
        content_type=content_type,
        object_id=str(account.pk),
        object_repr=str(account),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["City"]}}]',
    )

    anonymise_account(account=account, by=owner_user)

    earlier.refresh_from_db()
    assert "jana" not in earlier.object_repr.lower()
    entry = LogEntry.objects.exclude(pk=earlier.pk).get(
        content_type=content_type, object_id=str(account.pk)
    )
    assert entry.user == owner_user and entry.change_message == AUDIT_MESSAGE
    assert entry.object_repr.startswith(f"erased-{account.pk}@erased.invalid")


def test_anonymising_twice_changes_nothing_more(account, owner_user):
    anonymise_account(account=account, by=owner_user)
    first = SupplierAccount.objects.filter(pk=account.pk).values().get()

    anonymise_account(account=account, by=owner_user)

    second = SupplierAccount.objects.filter(pk=account.pk).values().get()
    del first["updated_at"], second["updated_at"]
    assert first == second
