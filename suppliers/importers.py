"""Supplier accounts CSV as an importer of the one import frame (soleflip/core/imports.py);
reading, checking and writing are in account_import.py."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from soleflip.core.imports import Checked, Figure, Importer, Written
from soleflip.core.models import ImportBatch

from . import account_import
from .forms import AccountImportForm


class SupplierAccountsImporter(Importer):
    source = ImportBatch.Source.SUPPLIER_ACCOUNTS
    title = gettext_lazy("Supplier accounts CSV")
    permission = "suppliers.add_supplieraccount"
    form_class = AccountImportForm
    upload_url = "suppliers:account-import"
    intro = gettext_lazy(
        "Columns: EMAIL (required), FIRST_NAME, LAST_NAME, ADDRESS_LINE_1, ADDRESS_LINE_2, "
        "CITY, ZIP_CODE, STATE_CODE, COUNTRY_CODE, PHONE_NUMBER, LISTNAME, PASSWORD, PROXY, "
        "BROWSER, PAYMENT_TOKEN, CC_NUMBER. Passwords, proxies and payment tokens are stored "
        "encrypted and never shown; of a card number only the last four digits are kept; the "
        "uploaded file is deleted once read. Importing the same file again updates changed "
        "fields."
    )
    # The upload holds passwords in clear text.
    discard_file = True

    def options(self, form) -> dict:
        default = form.cleaned_data["supplier"]
        return {
            "default_supplier": default.pk if default else None,
            "mapping": {name: s.pk for name, s in form.suppliers_by_list().items()},
        }

    def check(self, batch, *, progress, preview=True) -> Checked:
        plan = account_import.check_accounts(batch)
        return Checked(rows=plan.rows, rejected=plan.rejected, summary=plan.__dict__)

    def commit(self, batch, kept=None) -> Written:
        plan = account_import.commit_accounts(batch)
        return Written(
            created=plan.created,
            updated=plan.updated,
            unchanged=plan.unchanged,
            summary=plan.__dict__,
        )

    def preview(self, batch):
        return [
            Figure(_("Accounts"), batch.total_records, "person-lines-fill"),
            Figure(_("Valid"), batch.total_records - batch.error_records, "check2-circle"),
            Figure(_("Invalid"), batch.error_records, "exclamation-triangle"),
        ]

    def links(self, batch):
        return [(_("Suppliers"), reverse("suppliers:supplier-list"))]
