"""The upload page end to end, with the Celery tasks run eagerly."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from sales.models import Order
from soleflip.core.models import ImportBatch
from soleflip.core.tasks import check_import, commit_import

pytestmark = pytest.mark.django_db


def upload(client, path, capture, **data):
    with capture(execute=True):
        return client.post(
            reverse("sales:stockx-upload"),
            {"file": SimpleUploadedFile(path.name, path.read_bytes(), "text/csv"), **data},
        )


def test_upload_preview_import_result(
    owner, client, sample_report, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    assert client.get(reverse("sales:stockx-upload")).status_code == 200
    response = upload(client, sample_report, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:batch-detail", args=[batch.pk]
    )
    assert batch.created_by == owner and batch.status == ImportBatch.Status.VALIDATED
    assert Order.objects.count() == 0  # the preview writes nothing

    preview = client.get(response["Location"]).content.decode()
    assert "Neue Verkäufe" in preview and ">60<" in preview
    assert "neue Produkte (z. B." in preview and "Import" in preview

    # The polling fragment is a fragment.
    status = reverse("imports:batch-status", args=[batch.pk])
    fragment = client.get(status, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="status"' in fragment
    # The batch is no longer running: the page reloads to show its rows.
    assert fragment and client.get(status, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("imports:batch-commit", args=[batch.pk]))
    assert done.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMPLETED and batch.created_records == 60
    assert Order.objects.count() == 60
    result = client.get(done["Location"]).content.decode()
    assert "Importiert." in result and f"?batch={batch.pk}" in result
    orders = client.get(reverse("sales:order-list"), {"batch": batch.pk}).content.decode()
    assert 'Verkäufe: <strong class="text-body">60</strong>' in orders

    # A second click does nothing more.
    client.post(reverse("imports:batch-commit", args=[batch.pk]))
    assert Order.objects.count() == 60


def test_upload_with_invalid_rows_needs_skip(
    owner, client, tmp_path, sample_report, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    text = sample_report.read_text(encoding="utf-8-sig").replace(
        "2023-03-01 19:00:00 +00", "yesterday", 1
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    response = upload(client, bad, django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "1 ungültige Zeile" in page and "Sale Date" in page and "yesterday" in page
    client.post(reverse("imports:batch-commit", args=[batch.pk]))
    assert Order.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:batch-commit", args=[batch.pk]), {"skip_invalid": "on"})
    assert Order.objects.count() == 59


def test_bad_file_is_refused_with_one_message(
    owner, client, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    other = tmp_path / "contacts.csv"
    other.write_text("name,email\nanna,anna@example.com\n")
    response = upload(client, other, django_capture_on_commit_callbacks)
    page = client.get(response["Location"]).content.decode()
    assert "Es wurde nichts importiert." in page and "kein StockX-Verkaufsbericht" in page
    with override_settings(IMPORT_MAX_UPLOAD_BYTES=10):
        response = upload(client, other, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "erlaubt sind" in response.content.decode()


def test_viewer_cannot_upload(viewer, client, sample_report):
    client.force_login(viewer)
    assert client.get(reverse("sales:stockx-upload")).status_code == 403


def test_tasks_run_the_service(sample_report, make_batch):
    batch = make_batch(sample_report)
    check_import.apply(args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.VALIDATED
    commit_import.apply(args=[batch.pk])
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMPLETED and Order.objects.count() == 60


def test_command_exit_codes(sample_report, tmp_path, capsys):
    from django.core.management import call_command

    call_command("import_stockx_sales", str(sample_report))
    assert (
        "60 Zeilen: 60 angelegt, 0 aktualisiert, 0 unverändert, 0 Fehler" in capsys.readouterr().out
    )
    call_command("import_stockx_sales", str(sample_report), "--dry-run")
    assert "0 angelegt, 0 aktualisiert, 60 unverändert" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(sample_report.read_text(encoding="utf-8-sig").replace("247,EUR", "x,EUR", 1))
    with pytest.raises(SystemExit) as rejected:
        call_command("import_stockx_sales", str(bad))
    assert rejected.value.code == 1
    assert "Zeile 2, Listing Price: „x“ ist kein Betrag" in capsys.readouterr().err
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SystemExit) as unusable:
        call_command("import_stockx_sales", str(empty))
    assert unusable.value.code == 2
