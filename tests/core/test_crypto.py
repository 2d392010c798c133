import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from soleflip.core.models import SystemConfig
from suppliers.models import SupplierAccount
from tests.factories import make_supplier

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def stored_token(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_system_config_round_trip_stores_only_ciphertext():
    row = SystemConfig.objects.set_value("stockx_client_secret", "s3cret-value")
    token = stored_token("core.system_config", "value_encrypted", row.pk)
    assert "s3cret-value" not in token
    assert SystemConfig.objects.get_value("stockx_client_secret") == "s3cret-value"
    assert SystemConfig.objects.get_value("missing", "fallback") == "fallback"


def test_supplier_account_secrets_are_encrypted():
    account = SupplierAccount.objects.create(
        supplier=make_supplier(), email="a@example.com", password="hunter2", proxy_config=""
    )
    assert "hunter2" not in stored_token("supplier.account", "password_encrypted", account.pk)
    assert SupplierAccount.objects.get(pk=account.pk).password == "hunter2"
    assert SupplierAccount.objects.get(pk=account.pk).proxy_config == ""


def test_key_rotation_keeps_values_readable_and_retires_the_old_key():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        row = SystemConfig.objects.set_value("api_key", "value-1")
        old_token = stored_token("core.system_config", "value_encrypted", row.pk)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        # Readable with the old key still configured, before rotation.
        assert SystemConfig.objects.get_value("api_key") == "value-1"
        call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))
        assert stored_token("core.system_config", "value_encrypted", row.pk) != old_token

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        assert SystemConfig.objects.get_value("api_key") == "value-1"


def test_wrong_key_fails_without_revealing_the_token():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        row = SystemConfig.objects.set_value("api_key", "value-2")
        token = stored_token("core.system_config", "value_encrypted", row.pk)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        with pytest.raises(ValueError) as excinfo:
            SystemConfig.objects.get(pk=row.pk)
    assert token not in str(excinfo.value)
    assert "value-2" not in str(excinfo.value)
