from django import forms

from .models import Supplier


class SupplierForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

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
