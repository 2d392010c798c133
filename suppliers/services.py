"""Work on suppliers and their accounts that spans more than one model."""

from django.db import transaction

from soleflip.core.erasure import erased_email, erased_value, record_erasure
from soleflip.core.models import ImportBatch, ImportRecord, User

from .models import SupplierAccount

# Cleared on erasure: who the account belongs to and where it lives.
PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "address_line_1",
    "address_line_2",
    "city",
    "zip_code",
    "state_code",
    "country_code",
    "phone_number",
    "list_name",
    "browser_preference",
    "notes",
)
# Destroyed on erasure (encrypted columns; "" stores no token at all).
SECRET_FIELDS = ("password", "proxy_config", "payment_method_token")


def anonymise_account(*, account: SupplierAccount, by: User) -> int:
    """GDPR erasure of a supplier account: email becomes `erased-<id>@erased.invalid`,
    the personal fields are cleared, password, proxy and payment token destroyed, the
    card's last four digits cleared, and the account retired. The raw rows of the account
    imports that carried its email are scrubbed too. Its purchases, and the pairs and
    orders behind them, stay as they are and keep pointing at the same account and
    supplier. Returns how many import rows were scrubbed."""
    with transaction.atomic():
        account = SupplierAccount.objects.select_for_update().get(pk=account.pk)
        old_email = account.email
        account.email = erased_email(account.pk)
        for name in (*PERSONAL_FIELDS, *SECRET_FIELDS, "payment_method_last4"):
            setattr(account, name, "")
        account.account_status = SupplierAccount.Status.RETIRED
        account.is_verified = False
        account.full_clean()
        account.save()
        scrubbed = scrub_account_rows(email=old_email, placeholder=account.email)
        record_erasure(obj=account, by=by)
    return scrubbed


def scrub_account_rows(*, email: str, placeholder: str) -> int:
    """Scrub every supplier-accounts import row with this EMAIL (any case): in the raw
    values the email becomes `placeholder` and every other value a marker; in the parsed
    values (what "Import" would write) the email becomes `placeholder` and everything else
    is cleared, secrets included, so importing a batch still waiting can only leave the
    erased account as it is. The rows keep their line, outcome and columns."""
    records = list(
        ImportRecord.objects.filter(
            batch__source_type=ImportBatch.Source.SUPPLIER_ACCOUNTS,
            source_data__EMAIL__iexact=email.strip(),
        ).select_for_update(of=("self",))
    )
    for record in records:
        record.source_data = {
            key: placeholder if key == "EMAIL" else erased_value(value)
            for key, value in record.source_data.items()
        }
        if record.processed_data:
            record.processed_data = {
                key: value if key == "supplier_id" else placeholder if key == "email" else ""
                for key, value in record.processed_data.items()
            }
        record.validation_errors = [
            {**error, "value": erased_value(error.get("value"))}
            for error in record.validation_errors
        ]
    ImportRecord.objects.bulk_update(
        records, ["source_data", "processed_data", "validation_errors"]
    )
    return len(records)
