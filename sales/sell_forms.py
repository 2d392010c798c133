"""The Sell page's forms: the sale (marketplace, date, order number, buyer country) and
one line per pair (price, and any fee the marketplace charged other than the quote)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from soleflip.lib.formfields import DateField, MoneyField

from .models import Marketplace


class SaleForm(forms.Form):
    marketplace = forms.ModelChoiceField(
        label=_("Marketplace"), queryset=Marketplace.objects.filter(active=True)
    )
    sold_on = DateField(label=_("Sold on"))
    order_number = forms.CharField(
        label=_("Order number"),
        max_length=150,
        required=False,
        help_text=_("Optional for sales in person."),
    )
    buyer_country = forms.CharField(label=_("Buyer country"), max_length=100, required=False)
    paid = forms.BooleanField(
        label=_("Paid at once (cash, bank transfer, PayPal)"),
        required=False,
        help_text=_("Otherwise the payout is expected from the marketplace (Sales → Payouts)."),
    )

    def clean_sold_on(self):
        sold_on = self.cleaned_data["sold_on"]
        if sold_on > timezone.localdate():
            raise forms.ValidationError(_("A sale cannot be in the future."))
        return sold_on


class SaleLineForm(forms.Form):
    pair = forms.IntegerField(widget=forms.HiddenInput)
    price = MoneyField(label=_("Price"))
    platform_fee = MoneyField(label=_("Selling fee"), required=False)
    payment_fee = MoneyField(label=_("Payment processing"), required=False)
    shipping_cost = MoneyField(label=_("Shipping"), required=False)

    def entered_fees(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("platform_fee", "payment_fee", "shipping_cost")
            if self.cleaned_data.get(name) is not None
        }


SaleLineFormSet = forms.formset_factory(SaleLineForm, extra=0, min_num=1, validate_min=True)


class SaleChangeForm(forms.Form):
    """A correction of a sale recorded by hand: price, day and the fees really charged
    (an empty fee is quoted again)."""

    price = MoneyField(label=_("Price"))
    sold_on = DateField(label=_("Sold on"))
    platform_fee = MoneyField(label=_("Selling fee"), required=False)
    payment_fee = MoneyField(label=_("Payment processing"), required=False)
    shipping_cost = MoneyField(label=_("Shipping"), required=False)

    @classmethod
    def for_order(cls, order, data=None):
        entered = (order.platform_specific_data or {}).get("fees", {})
        initial = {
            "price": order.gross_sale,
            "sold_on": timezone.localdate(order.sold_at) if order.sold_at else None,
            **{name: getattr(order, name) for name in entered if entered[name] == "entered"},
        }
        return cls(data, initial=initial, prefix="change")

    def clean_sold_on(self):
        return SaleForm.clean_sold_on(self)

    def entered_fees(self) -> dict:
        return SaleLineForm.entered_fees(self)
