"""Importing retailer login accounts (the accounts the business buys with) from CSV.

Columns (upper case as exported, any order): EMAIL (required), FIRST_NAME, LAST_NAME,
ADDRESS_LINE_1, ADDRESS_LINE_2, CITY, ZIP_CODE, STATE_CODE, COUNTRY_CODE, PHONE_NUMBER,
LISTNAME, PASSWORD, PROXY, BROWSER, PAYMENT_TOKEN, CC_NUMBER. LISTNAME picks the
supplier through a mapping (list name -> supplier name), else the default supplier.
Password and proxy are encrypted at rest; a card number is never stored, only its last
four digits (CVV and expiry columns are ignored). Idempotent on supplier + email: a
re-import updates changed fields. All-or-nothing unless invalid rows are skipped.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from soleflip.core.models import ImportBatch, ImportRecord

from .models import Supplier, SupplierAccount

FIELDS = {
    "FIRST_NAME": "first_name",
    "LAST_NAME": "last_name",
    "ADDRESS_LINE_1": "address_line_1",
    "ADDRESS_LINE_2": "address_line_2",
    "CITY": "city",
    "ZIP_CODE": "zip_code",
    "STATE_CODE": "state_code",
    "COUNTRY_CODE": "country_code",
    "PHONE_NUMBER": "phone_number",
    "LISTNAME": "list_name",
    "BROWSER": "browser_preference",
    "PAYMENT_TOKEN": "payment_method_token",
    "PASSWORD": "password",
    "PROXY": "proxy_config",
}
# Never kept, never echoed in errors or records.
SECRET_COLUMNS = {
    "PASSWORD",
    "PROXY",
    "CC_NUMBER",
    "CVV",
    "EXPIRY_MONTH",
    "EXPIRY_YEAR",
    "PAYMENT_TOKEN",
}


class AccountFileError(Exception):
    """The file as a whole cannot be imported."""


@dataclass
class AccountPlan:
    rows: int = 0
    rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)


def _redacted(raw: dict) -> dict:
    return {k: ("•••" if k in SECRET_COLUMNS and v else v) for k, v in raw.items()}


def read_accounts(path: Path) -> list[tuple[int, dict]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = [h.strip().upper() for h in next(reader, [])]
            if "EMAIL" not in header:
                raise AccountFileError("The header has no EMAIL column.")
            rows, start = [], reader.line_num + 1
            for record in reader:
                line, start = start, reader.line_num + 1
                if any(v.strip() for v in record):
                    rows.append(
                        (line, dict(zip(header, (v.strip() for v in record), strict=False)))
                    )
    except UnicodeDecodeError as exc:
        raise AccountFileError("The file is not UTF-8 text; save it as CSV UTF-8.") from exc
    except csv.Error as exc:
        raise AccountFileError(f"The file is not a readable CSV: {exc}.") from exc
    if not rows:
        raise AccountFileError("The file has no accounts.")
    return rows


def import_accounts(
    *, batch: ImportBatch, default_supplier: Supplier | None, mapping: dict[str, Supplier]
) -> AccountPlan:
    try:
        rows = read_accounts(Path(batch.file.path))
    finally:
        # The upload holds passwords in clear text: it is not kept once read (the batch
        # keeps its redacted rows).
        batch.file.delete(save=True)
    plan, valid = AccountPlan(rows=len(rows)), []
    mapping = {k.strip().lower(): v for k, v in mapping.items()}
    records = []
    for line, raw in rows:
        errors = []
        email = raw.get("EMAIL", "").lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                {
                    "line": line,
                    "column": "EMAIL",
                    "value": raw.get("EMAIL", ""),
                    "reason": "is not an email address",
                }
            )
        supplier = mapping.get(raw.get("LISTNAME", "").lower(), default_supplier)
        if supplier is None:
            errors.append(
                {
                    "line": line,
                    "column": "LISTNAME",
                    "value": raw.get("LISTNAME", ""),
                    "reason": "has no supplier (map the list or choose a default supplier)",
                }
            )
        card = "".join(ch for ch in raw.get("CC_NUMBER", "") if ch.isdigit())
        if raw.get("CC_NUMBER") and len(card) < 12:
            errors.append(
                {
                    "line": line,
                    "column": "CC_NUMBER",
                    "value": "•••",
                    "reason": "is not a card number",
                }
            )
        values = {attr: raw.get(col, "") for col, attr in FIELDS.items()}
        values["country_code"] = values["country_code"][:2].upper()
        if card:
            values["payment_method_last4"] = card[-4:]
        plan.errors.extend(errors)
        records.append(
            ImportRecord(
                batch=batch,
                line_number=line,
                source_data=_redacted(raw),
                status="rejected" if errors else "valid",
                validation_errors=errors,
            )
        )
        if not errors:
            valid.append((line, supplier, email, values))
    plan.rejected = sum(1 for r in records if r.status == "rejected")
    ImportRecord.objects.bulk_create(records)
    batch.total_records = batch.processed_records = plan.rows
    batch.error_records = plan.rejected
    if plan.rejected and not batch.skip_invalid:
        batch.status, batch.error_message = (
            ImportBatch.Status.FAILED,
            f"{plan.rejected} rows are invalid; nothing was imported.",
        )
        batch.completed_at = timezone.now()
        batch.save()
        return plan
    with transaction.atomic():
        for _line, supplier, email, values in valid:
            account = SupplierAccount.objects.filter(supplier=supplier, email=email).first()
            if account is None:
                SupplierAccount.objects.create(supplier=supplier, email=email, **values)
                plan.created += 1
                continue
            changed = [k for k, v in values.items() if getattr(account, k) != v]
            if changed:
                for k in changed:
                    setattr(account, k, values[k])
                account.save(update_fields=[*changed, "updated_at"])
                plan.updated += 1
            else:
                plan.unchanged += 1
        batch.status, batch.completed_at = ImportBatch.Status.COMPLETED, timezone.now()
        batch.created_records, batch.updated_records, batch.unchanged_records = (
            plan.created,
            plan.updated,
            plan.unchanged,
        )
        batch.save()
    return plan
