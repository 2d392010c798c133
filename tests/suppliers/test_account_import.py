import pytest
from django.core.management import call_command
from django.db import connection

from soleflip.core.models import ImportRecord
from suppliers.models import Supplier, SupplierAccount

pytestmark = pytest.mark.django_db

HEADER = "EMAIL,FIRST_NAME,LAST_NAME,ADDRESS_LINE_1,CITY,ZIP_CODE,COUNTRY_CODE,PHONE_NUMBER,LISTNAME,PASSWORD,PROXY,CC_NUMBER,CVV\n"


def test_accounts_import_maps_lists_encrypts_and_keeps_no_card(tmp_path, capsys):
    path = tmp_path / "accounts.csv"
    path.write_text(
        HEADER
        + "Anna@Example.com,Anna,Meyer,Hauptstr. 1,Berlin,10115,DEU,0301234,LazyMails 2795,pw-secret-1,http://u:p@proxy:8080,4111111111111111,123\n"
        + "ben@example.com,Ben,Ko,,Hamburg,20095,DE,,Ungrouped,,,,\n"
    )
    call_command(
        "import_supplier_accounts",
        str(path),
        "--supplier",
        "Zalando",
        "--map",
        "LazyMails 2795=Nike Store DE",
    )
    assert "Zeilen: 2; 2 angelegt" in capsys.readouterr().out
    anna = SupplierAccount.objects.get(email="anna@example.com")
    assert anna.supplier.name == "Nike Store DE" and anna.country_code == "DE"
    assert anna.password == "pw-secret-1" and anna.payment_method_last4 == "1111"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT password_encrypted, proxy_config_encrypted FROM supplier.account WHERE id = %s",
            [anna.pk],
        )
        stored = cursor.fetchone()
    assert "pw-secret-1" not in stored[0] and "proxy" not in stored[1]
    assert SupplierAccount.objects.get(email="ben@example.com").supplier.name == "Zalando"
    raw = str(list(ImportRecord.objects.values_list("source_data", flat=True)))
    assert "pw-secret-1" not in raw and "4111111111111111" not in raw and "'CVV': '123'" not in raw
    # Re-import: nothing new; a changed city updates.
    path.write_text(path.read_text().replace("Hamburg", "Bremen"))
    call_command(
        "import_supplier_accounts",
        str(path),
        "--supplier",
        "Zalando",
        "--map",
        "LazyMails 2795=Nike Store DE",
    )
    assert "0 angelegt, 1 aktualisiert, 1 unverändert" in capsys.readouterr().out
    assert Supplier.objects.filter(name="Nike Store DE").count() == 1


def test_invalid_email_rejects_all(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "not-an-email,A,B,,,,,,,,,,\nok@example.com,C,D,,,,,,,,,,\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_supplier_accounts", str(path), "--supplier", "Zalando")
    assert exit_.value.code == 1
    # The reason is German; the error still names the line, the column and the value.
    err = capsys.readouterr().err
    assert "Zeile 2, EMAIL: „not-an-email“ ist keine E-Mail-Adresse" in err
    [record] = ImportRecord.objects.filter(line_number=2)
    assert record.validation_errors == [
        {
            "line": 2,
            "column": "EMAIL",
            "value": "not-an-email",
            "reason": "ist keine E-Mail-Adresse",
        }
    ]
    assert not SupplierAccount.objects.exists()
    with pytest.raises(SystemExit) as skipped:  # rows were still rejected: exit status 1
        call_command(
            "import_supplier_accounts", str(path), "--supplier", "Zalando", "--skip-invalid"
        )
    assert skipped.value.code == 1 and SupplierAccount.objects.count() == 1


def test_unusable_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,phone\nA,1\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_supplier_accounts", str(path))
    assert exit_.value.code == 2


def test_account_import_page(owner, viewer, client, django_capture_on_commit_callbacks):
    """Upload -> checked (the file is deleted, the password kept only encrypted) ->
    preview -> Import -> result, through the import frame."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from soleflip.core.models import ImportBatch

    client.force_login(owner)
    upload = SimpleUploadedFile(
        "a.csv", (HEADER + "page@example.com,P,Q,,,,,,Raffles,pw-page-7,,,\n").encode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("suppliers:account-import"), {"file": upload, "mapping": "Raffles = BSTN"}
        )
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("imports:batch-detail", args=[batch.pk])
    assert batch.status == ImportBatch.Status.VALIDATED and not batch.file
    assert not SupplierAccount.objects.exists()  # the preview writes nothing
    preview = client.get(response["Location"]).content.decode()
    assert (
        "Konten" in preview
        and "Ungültig" in preview
        and "Import" in preview
        and "pw-page-7" not in preview
    )
    stored = str(list(ImportRecord.objects.values_list("source_data", "processed_data")))
    assert "pw-page-7" not in stored
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:batch-commit", args=[batch.pk]))
    result = client.get(response["Location"]).content.decode()
    assert "Importiert." in result and "Angelegt" in result
    account = SupplierAccount.objects.get(email="page@example.com")
    assert account.supplier.name == "BSTN" and account.password == "pw-page-7"
    # Once imported, the rows no longer hold the secret even encrypted.
    assert "password" not in ImportRecord.objects.get().processed_data
    client.force_login(viewer)
    assert client.get(reverse("suppliers:account-import")).status_code == 403


def test_payment_token_is_encrypted_and_the_upload_is_not_kept(tmp_path, capsys):
    from soleflip.core.models import ImportBatch

    path = tmp_path / "accounts.csv"
    path.write_text("EMAIL,LISTNAME,PAYMENT_TOKEN\ncara@example.com,X,tok_live_ABC123\n")
    call_command("import_supplier_accounts", str(path), "--supplier", "Zalando")
    cara = SupplierAccount.objects.get(email="cara@example.com")
    assert cara.payment_method_token == "tok_live_ABC123"
    with connection.cursor() as cursor:
        cursor.execute("SELECT payment_method_token FROM supplier.account WHERE id = %s", [cara.pk])
        assert "tok_live" not in cursor.fetchone()[0]
    batch = ImportBatch.objects.latest("id")
    assert not batch.file  # the clear-text upload is gone; the batch keeps redacted rows
    assert path.exists()  # the user's own file is not touched


def test_admin_never_shows_the_payment_token(superuser, client):
    from django.urls import reverse

    account = SupplierAccount.objects.create(
        supplier=Supplier.objects.create(name="Dora Shop", slug="dora-shop"),
        email="dora@example.com",
        payment_method_token="tok_live_SECRET9",
    )
    client.force_login(superuser)
    for url in (
        reverse("admin:suppliers_supplieraccount_change", args=[account.pk]),
        reverse("admin:suppliers_supplieraccount_changelist"),
    ):
        body = client.get(url).content.decode()
        assert "tok_live_SECRET9" not in body
    assert (
        "Zahlungs-Token"
        in client.get(
            reverse("admin:suppliers_supplieraccount_change", args=[account.pk])
        ).content.decode()
    )


def test_a_rejected_row_on_the_batch_page_names_line_column_and_value(
    owner, client, django_capture_on_commit_callbacks
):
    """The reason is German; the row still says which line, column and value."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from soleflip.core.models import ImportBatch

    client.force_login(owner)
    upload = SimpleUploadedFile("a.csv", (HEADER + "kein-at-zeichen,A,B,,,,,,,,,,\n").encode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("suppliers:account-import"), {"file": upload, "supplier": ""})
    batch = ImportBatch.objects.get()
    email, supplier = batch.records.get().validation_errors
    assert supplier["column"] == "LISTNAME"
    assert email == {
        "line": 2,
        "column": "EMAIL",
        "value": "kein-at-zeichen",
        "reason": "ist keine E-Mail-Adresse",
    }
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert "kein-at-zeichen" in page and "ist keine E-Mail-Adresse" in page
    assert "hat keinen Lieferanten (Liste zuordnen oder Standard-Lieferanten wählen)" in page
