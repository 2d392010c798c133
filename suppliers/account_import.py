"""Importing retailer login accounts (the accounts the business buys with) from CSV.

Columns (upper case as exported, any order): EMAIL (required), FIRST_NAME, LAST_NAME,
ADDRESS_LINE_1, ADDRESS_LINE_2, CITY, ZIP_CODE, STATE_CODE, COUNTRY_CODE, PHONE_NUMBER,
LISTNAME, PASSWORD, PROXY, BROWSER, PAYMENT_TOKEN, CC_NUMBER. LISTNAME picks the
supplier through a mapping (list name -> supplier name), else the default supplier.
Password and proxy are encrypted at rest; a card number is never stored, only its last
four digits (CVV and expiry columns are ignored). Idempotent on supplier + email: a
re-import updates changed fields. All-or-nothing unless invalid rows are skipped.
The uploaded file is deleted as soon as it has been read (see SupplierAccountsImporter).
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from soleflip.core.crypto import decrypt, encrypt
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.lib.rows import ImportFileError, RowError, read_csv

from .models import SupplierAccount

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


# The frame's file error, under the name this module has always raised.
AccountFileError = ImportFileError
# Kept encrypted in the row's record between check and import, removed after the import.
ENCRYPTED = ("password", "proxy_config", "payment_method_token")


@dataclass
class AccountPlan:
    rows: int = 0
    rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _redacted(raw: dict) -> dict:
    return {k: ("•••" if k in SECRET_COLUMNS and v else v) for k, v in raw.items()}


def _header(names: list[str]) -> list[str]:
    header = [h.upper() for h in names]
    if "EMAIL" not in header:
        raise ImportFileError(_("The header has no EMAIL column."))
    return header


def _check_row(line: int, raw: dict, supplier_id: int | None) -> tuple[list[dict], dict]:
    """The row's errors, and its values for the account (secrets encrypted)."""
    errors = []
    email = raw.get("EMAIL", "").lower()
    try:
        validate_email(email)
    except ValidationError:
        errors.append(RowError(line, "EMAIL", raw.get("EMAIL", ""), _("is not an email address")))
    if supplier_id is None:
        reason = _("has no supplier (map the list or choose a default supplier)")
        errors.append(RowError(line, "LISTNAME", raw.get("LISTNAME", ""), reason))
    card = "".join(ch for ch in raw.get("CC_NUMBER", "") if ch.isdigit())
    if raw.get("CC_NUMBER") and len(card) < 12:
        errors.append(RowError(line, "CC_NUMBER", "•••", _("is not a card number")))
    values = {attr: raw.get(col, "") for col, attr in FIELDS.items()}
    values["country_code"] = values["country_code"][:2].upper()
    if card:
        values["payment_method_last4"] = card[-4:]
    for name in ENCRYPTED:
        values[name] = values[name] and encrypt(values[name])
    return [e.as_dict() for e in errors], {"supplier_id": supplier_id, "email": email, **values}


def check_accounts(batch: ImportBatch) -> AccountPlan:
    """Validate every row; keep it in import_records with secrets redacted in the raw
    values and encrypted in the parsed ones. Raises ImportFileError for an unusable file."""
    rows = read_csv(
        Path(batch.file.path),
        max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
        header=_header,
        delimiters=",",
    )
    options = batch.options
    default = options.get("default_supplier")
    mapping = {k.strip().lower(): v for k, v in options.get("mapping", {}).items()}
    records = []
    for row in rows:
        raw = {k: v.strip() for k, v in row.raw.items()}
        supplier_id = mapping.get(raw.get("LISTNAME", "").lower(), default)
        errors, values = _check_row(row.line, raw, supplier_id)
        records.append(
            ImportRecord(
                batch=batch,
                line_number=row.line,
                source_data=_redacted(raw),
                processed_data=None if errors else values,
                status=ImportRecord.Status.REJECTED if errors else ImportRecord.Status.VALID,
                validation_errors=errors,
            )
        )
    ImportRecord.objects.bulk_create(records)
    rejected = sum(1 for r in records if r.validation_errors)
    return AccountPlan(rows=len(records), rejected=rejected)


def commit_accounts(batch: ImportBatch) -> AccountPlan:
    """Create or update the accounts of the valid rows (inside the import frame's
    transaction); idempotent on supplier + email. The encrypted secrets leave the records."""
    plan = AccountPlan(rows=batch.total_records, rejected=batch.error_records)
    valid = batch.records.filter(status=ImportRecord.Status.VALID).order_by("line_number")
    for record in valid:
        values = dict(record.processed_data)
        supplier_id, email = values.pop("supplier_id"), values.pop("email")
        for name in ENCRYPTED:
            values[name] = values[name] and decrypt(values[name])
        account = SupplierAccount.objects.filter(supplier_id=supplier_id, email=email).first()
        if account is None:
            SupplierAccount.objects.create(supplier_id=supplier_id, email=email, **values)
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
    for record in valid:
        record.processed_data = {
            k: v for k, v in record.processed_data.items() if k not in ENCRYPTED
        }
    ImportRecord.objects.bulk_update(valid, ["processed_data"])
    return plan
