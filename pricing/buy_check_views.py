""" "Should I buy?": scan or type an EAN or style code, pick the size, type the price; the
answer per marketplace with the verdict against the Owner's thresholds
(pricing/buy_check.py). An unknown code can be looked up on StockX; the Owner sets the
thresholds here too."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Size
from inventory.purchase_forms import LookupForm, vat_choices
from soleflip.lib.formats import format_number
from soleflip.lib.formfields import MoneyField, PercentField
from soleflip.lib.http import HtmxHttpRequest
from soleflip.lib.money import GERMAN_VAT
from soleflip.stockx import connection
from soleflip.stockx.tasks import enrich_code_task

from . import buy_check
from .models import MarketPrice


class BuyCheckForm(LookupForm):
    size = forms.ModelChoiceField(
        label=gettext_lazy("Size"),
        queryset=Size.objects.order_by("kind", "region", "sort_order"),
        required=False,
        empty_label=gettext_lazy("Pick the size"),
    )
    price = MoneyField(label=gettext_lazy("Price per pair (gross, €)"))
    delivery = MoneyField(label=gettext_lazy("Delivery per order (€)"), required=False)
    pairs = forms.IntegerField(
        label=gettext_lazy("Pairs in the order"), min_value=1, max_value=200, initial=1
    )
    vat = forms.ChoiceField(label=gettext_lazy("VAT"), choices=(), initial="standard")
    vat_rate = PercentField(label=gettext_lazy("Other VAT rate in percent"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vat"].choices = vat_choices()
        # A scan and a price are enough: one pair, 19 % VAT reclaimable.
        self.fields["pairs"].required = False
        self.fields["vat"].required = False

    def narrow_sizes(self, product) -> None:
        """Offer the sizes StockX has market data for (all sizes when it has none)."""
        sizes = MarketPrice.objects.current().filter(product=product, size__isnull=False)
        ids = set(sizes.values_list("size_id", flat=True))
        if ids:
            self.fields["size"].queryset = Size.objects.filter(pk__in=ids).order_by(
                "kind", "region", "sort_order"
            )

    def clean(self):
        data = super().clean()
        if data.get("vat") == "other" and data.get("vat_rate") is None:
            self.add_error("vat_rate", _("Enter the VAT rate."))
        return data

    def tax(self) -> tuple[str, Decimal]:
        vat = self.cleaned_data["vat"] or "standard"
        if vat == "margin":
            return "margin", Decimal("0")
        return "standard", GERMAN_VAT if vat == "standard" else self.cleaned_data["vat_rate"]


class ThresholdsForm(forms.Form):
    min_profit = MoneyField(label=gettext_lazy("Min. profit (€)"))
    min_roi = PercentField(label=gettext_lazy("Min. ROI (%)"), max_value=Decimal("1000"))
    max_days = forms.IntegerField(
        label=gettext_lazy("Max. median days to sell"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("Empty: no limit"),
    )


def _thresholds_form() -> ThresholdsForm:
    now = buy_check.thresholds()
    return ThresholdsForm(
        initial={
            # As the page's language writes them (10,00), which the fields read back.
            "min_profit": format_number(now.min_profit, 2),
            "min_roi": format_number(now.min_roi * 100, 2),
            "max_days": now.max_days,
        }
    )


@permission_required("pricing.view_sourceprice", raise_exception=True)
def buy_check_page(request: HtmxHttpRequest) -> HttpResponse:
    # Asked once a price is typed; a code alone (a scan, "Add purchase") shows the product.
    asked = "price" in request.GET
    form = BuyCheckForm(
        request.GET if asked else None, initial={"pairs": 1, "code": request.GET.get("code")}
    )
    code = (form.cleaned_data["code"] if asked and form.is_valid() else form.initial["code"]) or ""
    product, size = buy_check.find(code) if code else (None, None)
    context = {"form": form, "code": code, "product": product, "answer": None}
    if code and product is None:
        context["stockx_connected"] = connection.status() == connection.Status.CONNECTED
    if product is not None:
        form.narrow_sizes(product)
    if asked and product is not None and form.is_valid():
        size = form.cleaned_data["size"] or size
        if size is None:
            form.add_error("size", _("Pick the size."))
        else:
            tax_scheme, vat_rate = form.tax()
            context["answer"] = buy_check.check_purchase(
                product=product,
                size=size,
                price=form.cleaned_data["price"],
                delivery=form.cleaned_data["delivery"],
                pairs=form.cleaned_data["pairs"] or 1,
                tax_scheme=tax_scheme,
                vat_rate=vat_rate,
            )
    context["thresholds"] = buy_check.thresholds()
    if request.user.has_perm("pricing.change_pricerule"):
        context["thresholds_form"] = _thresholds_form()
    template = "pricing/buy_check.html#answer" if request.htmx else "pricing/buy_check.html"
    return render(request, template, context, status=422 if form.errors else 200)


@require_POST
@permission_required("catalog.change_product", raise_exception=True)
def look_up_on_stockx(request: HttpRequest) -> HttpResponse:
    """An unknown code: the product from StockX's catalog, in the background."""
    form = LookupForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scan or type a style code or EAN first."))
        return redirect("pricing:buy-check")
    code = form.cleaned_data["code"].strip()
    if connection.status() != connection.Status.CONNECTED:
        messages.error(request, _("StockX is not connected (Settings → StockX)."))
    else:
        enrich_code_task.delay(code, language=get_language())
        messages.info(
            request,
            _(
                "StockX is asked about %(code)s; the result is on the Imports page. Check "
                "again in a minute."
            )
            % {"code": code},
        )
    return redirect(f"{reverse('pricing:buy-check')}?{urlencode({'code': code})}")


@require_POST
@permission_required("pricing.change_pricerule", raise_exception=True)
def set_thresholds(request: HttpRequest) -> HttpResponse:
    form = ThresholdsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        buy_check.set_thresholds(
            buy_check.Thresholds(data["min_profit"], data["min_roi"] / 100, data["max_days"])
        )
        messages.success(request, _("The thresholds are saved."))
    else:
        errors = "; ".join(
            f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items()
        )
        messages.error(request, _("The thresholds were not saved: %(errors)s") % {"errors": errors})
    return redirect("pricing:buy-check")
