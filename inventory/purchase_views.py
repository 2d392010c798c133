"""The "Add purchase" page: scan or type a style code / EAN, pick sizes and quantities,
enter the purchase once; one stock row per pair."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog.classify import categories_by_slug
from catalog.models import Brand, Product, Size
from soleflip.lib.formats import format_euro, format_number
from soleflip.lib.http import HtmxHttpRequest
from suppliers.models import Supplier

from . import purchase_import as purchase_import_service
from . import purchases
from .purchase_forms import LookupForm, NewProductForm, PrefillForm, PurchaseForm, quantities


def _panel(code: str, product: Product | None, size: Size | None, *, post=None) -> dict:
    new = None
    if product is None and code:
        initial = {"ean": code} if code.isdigit() else {"sku": code}
        new = NewProductForm(post, prefix="new", initial=initial)
    grid = purchases.size_grid_for(product, size)
    posted = post or {}

    def cells(sizes):
        preset = {size.pk: "1"} if size else {}  # a scanned barcode's size: one pair
        return [
            (g, posted.get(f"qty_{g.size.pk}", preset.get(g.size.pk, "")).strip()) for g in sizes
        ]

    fitting = cells(grid.fitting)
    more = [(label, cells(group)) for label, group in grid.more]
    hidden = [value for _label, row in more for _g, value in row]
    return {
        "code": code,
        "product": product,
        "new_product": new,
        "grid": grid,
        "fitting": fitting,
        "more": more,
        # Sent back with pairs in a hidden size: show them rather than hide them.
        "more_open": any(value not in ("", "0") for value in hidden),
        "pairs": sum(int(v) for v in [v for _g, v in fitting] + hidden if v.isdigit()),
    }


# What the next line of the same order repeats, kept in the session after a save.
SAME_ORDER_KEY = "purchase_add_same_order"
SAME_ORDER_FIELDS = ("supplier", "purchase_date", "delivery_date", "order_number", "invoice_number")


@permission_required("inventory.add_stockitem", raise_exception=True)
def purchase_add(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _record(request)
    lookup = LookupForm(request.GET or None)
    code, product, size = "", None, None
    if lookup.is_valid():
        code = lookup.cleaned_data["code"]
        product, size = purchases.find_product(code)
    if "new_order" in request.GET:
        request.session.pop(SAME_ORDER_KEY, None)
    prefill = PrefillForm(request.GET)  # from an opportunity or "Should I buy?"
    initial = dict(request.session.get(SAME_ORDER_KEY) or {})
    if product is not None and prefill.is_valid():
        size = prefill.cleaned_data["size"] or size
        initial.update({k: v for k, v in prefill.initial_values().items() if v})
    form = PurchaseForm(initial=initial)
    context = {"lookup": lookup, "form": form, **_panel(code, product, size)}
    template = (
        "inventory/purchase_add.html#panel" if request.htmx else "inventory/purchase_add.html"
    )
    return render(request, template, context, status=422 if lookup.errors else 200)


def _record(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("code", "")
    product = Product.objects.filter(pk=request.POST.get("product") or None).first()
    form = PurchaseForm(request.POST)
    panel = _panel(code, product, None, post=request.POST)
    counts, qty_errors = quantities(request.POST, [s.pk for s in panel["grid"].sizes])
    new = panel["new_product"]
    ok = (
        form.is_valid()
        and not qty_errors
        and (product is not None or (new is not None and new.is_valid()))
    )
    if not ok:
        for error in qty_errors:
            messages.error(request, error)
        if product is None and new is None:
            messages.error(request, _("Look a product up first."))
        return _invalid(request, form, panel)
    data = form.cleaned_data
    tax_scheme, vat_rate = form.tax()
    with transaction.atomic():
        if product is None:
            product = purchases.create_product(
                sku=new.cleaned_data["sku"],
                name=new.cleaned_data["name"],
                brand_id=new.cleaned_data["brand"].pk if new.cleaned_data["brand"] else None,
                category=new.cleaned_data["category"]
                or _detected_category(new.cleaned_data["name"]),
                ean=new.cleaned_data["ean"],
            )
        result = purchases.record_purchase(
            product=product,
            quantities=counts,
            gross=data["gross"],
            tax_scheme=tax_scheme,
            vat_rate=vat_rate,
            supplier=Supplier.objects.named(data["supplier"])[0],
            purchase_date=data["purchase_date"],
            delivery_date=data["delivery_date"],
            order_number=data["order_number"],
            invoice_number=data["invoice_number"],
            location=data["location"],
            notes=data["notes"],
            ean=code if code.isdigit() else "",
            user=request.user,
        )
    # Dates as ISO: what the date input shows, and JSON for the session.
    request.session[SAME_ORDER_KEY] = {
        name: data[name].isoformat() if isinstance(data[name], date) else data[name]
        for name in SAME_ORDER_FIELDS
    }
    messages.success(request, _recorded_message(result, product))
    return redirect("purchases:add")


def _invalid(request: HttpRequest, form: PurchaseForm, panel: dict) -> HttpResponse:
    """The page again with the errors, and the total of what was entered so far."""
    price = form.cleaned_data.get("gross")
    context = {
        "lookup": LookupForm(initial={"code": panel["code"]}),
        "form": form,
        "price": price,
        "total": purchases.purchase_total(panel["pairs"], price),
        **panel,
    }
    return render(request, "inventory/purchase_add.html", context, status=422)


def _recorded_message(result: purchases.PurchaseResult, product: Product) -> str:
    """E.g. "3 Paare Nike Dunk Low Panda erfasst: 3 × 189,95 € = 569,85 €.", and how many
    of them filled the missing cost of a pair sold before."""
    text = ngettext(
        "%(pairs)s pair of %(product)s recorded: %(pairs)s × %(price)s = %(total)s.",
        "%(pairs)s pairs of %(product)s recorded: %(pairs)s × %(price)s = %(total)s.",
        result.pairs,
    ) % {
        "pairs": format_number(result.pairs),
        "product": product.name,
        "price": format_euro(result.gross),
        "total": format_euro(result.total),
    }
    if result.filled:
        text += " " + ngettext(
            "%(count)s of them filled the missing cost of a pair already sold.",
            "%(count)s of them filled the missing cost of pairs already sold.",
            len(result.filled),
        ) % {"count": len(result.filled)}
    return text


def _detected_category(name: str):
    from catalog.classify import category_slug_for

    categories = categories_by_slug()
    slug = category_slug_for(name)
    return (
        categories.get(slug) or categories.get(slug.split("-")[0]) or purchases.default_category()
    )


@permission_required("inventory.add_stockitem", raise_exception=True)
def purchase_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        purchase_import_service.template_csv(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="purchases-template.csv"'
    return response


@permission_required("inventory.add_stockitem", raise_exception=True)
def product_suggestion(request: HttpRequest) -> HttpResponse:
    """Brand and category the name suggests, shown while a new product is typed in."""
    name = request.GET.get("new-name", "").strip()
    suggestion = purchases.suggest_product(name) if name else None
    brand = Brand.objects.filter(pk=suggestion["brand_id"]).first() if suggestion else None
    category = categories_by_slug().get(suggestion["category_slug"]) if suggestion else None
    return render(
        request,
        "inventory/_product_suggestion.html",
        {
            "name": name,
            "brand": brand,
            "new_brand": suggestion and suggestion["new_brand"],
            "category": category,
        },
    )
