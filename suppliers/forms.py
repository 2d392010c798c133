from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from soleflip.lib.formfields import PercentField
from soleflip.lib.uploads import check_upload_size

from .models import Supplier


class SupplierForm(forms.ModelForm):
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")
    vat_rate = PercentField(label=gettext_lazy("VAT rate (%)"))

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
    file = forms.FileField(label=gettext_lazy("Accounts CSV"))
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.all(),
        required=False,
        label=gettext_lazy("Default supplier"),
        help_text=gettext_lazy("For rows whose LISTNAME is not mapped below."),
    )
    mapping = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("List names"),
        help_text=gettext_lazy(
            "One per line: LISTNAME = supplier name (new suppliers are created)."
        ),
    )
    skip_invalid = forms.BooleanField(
        required=False, label=gettext_lazy("Import the valid rows even if some are invalid")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        return upload

    def clean_mapping(self):
        lines = [line for line in self.cleaned_data["mapping"].splitlines() if line.strip()]
        for line in lines:
            if "=" not in line:
                raise forms.ValidationError(
                    _('"%(line)s" is not LISTNAME = supplier') % {"line": line}
                )
        return lines

    def suppliers_by_list(self) -> dict:
        result = {}
        for line in self.cleaned_data["mapping"]:
            list_name, supplier = (part.strip() for part in line.split("=", 1))
            result[list_name] = Supplier.objects.named(supplier)[0]
        return result
