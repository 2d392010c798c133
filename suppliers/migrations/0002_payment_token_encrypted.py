"""The payment provider's token becomes an encrypted secret (like the password): the
column turns to text and the tokens already stored are encrypted in place."""

from django.db import migrations

import soleflip.core.fields

TABLE = 'supplier."account"'


def _convert(schema_editor, change) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, payment_method_token FROM {TABLE} WHERE payment_method_token <> ''")
        for pk, value in cursor.fetchall():
            cursor.execute(
                f"UPDATE {TABLE} SET payment_method_token = %s WHERE id = %s", [change(value), pk]
            )


def encrypt_tokens(apps, schema_editor) -> None:
    from soleflip.core.crypto import encrypt

    _convert(schema_editor, encrypt)


def decrypt_tokens(apps, schema_editor) -> None:
    from soleflip.core.crypto import decrypt

    _convert(schema_editor, decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="supplieraccount",
            name="payment_method_token",
            field=soleflip.core.fields.EncryptedTextField(blank=True),
        ),
        migrations.RunPython(encrypt_tokens, decrypt_tokens),
    ]
