from django import forms

from soleflip.lib.formfields import PercentField
from soleflip.lib.uploads import check_upload_size

from .models import Supplier


class SupplierForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")
    vat_rate = PercentField(label="VAT rate (%)")

    class Meta:
        model = Supplier
        fields = [
            "name",
            "display_name",
            "supplier_type",
            "status",
            "contact_person",
            "email",
            "phone",
            "website",
            "address_line1",
            "address_line2",
            "postal_code",
            "city",
            "country",
            "vat_number",
            "vat_rate",
            "default_tax_scheme",
            "return_policy_days",
            "payment_terms",
            "preferred",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "website": forms.URLInput()}


class AccountImportForm(forms.Form):
    file = forms.FileField(label="Accounts CSV")
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.all(),
        required=False,
        label="Default supplier",
        help_text="For rows whose LISTNAME is not mapped below.",
    )
    mapping = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="List names",
        help_text="One per line: LISTNAME = supplier name (new suppliers are created).",
    )
    skip_invalid = forms.BooleanField(
        required=False, label="Import the valid rows even if some are invalid"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        return upload

    def clean_mapping(self):
        lines = [line for line in self.cleaned_data["mapping"].splitlines() if line.strip()]
        for line in lines:
            if "=" not in line:
                raise forms.ValidationError(f'"{line}" is not LISTNAME = supplier')
        return lines

    def suppliers_by_list(self) -> dict:
        result = {}
        for line in self.cleaned_data["mapping"]:
            list_name, supplier = (part.strip() for part in line.split("=", 1))
            result[list_name] = Supplier.objects.named(supplier)[0]
        return result
