"""Every seeded marketplace's fee rules name their source and its date; marketplaces
without seller fees get an explicit zero rule saying why. Figures not confirmed by the
marketplace stay marked as estimates."""

from datetime import date

from django.db import migrations

SOURCES = {
    ("stockx", "transaction"): "stockx.com/help seller fees by level (9 % at level 1 to 7 % at level 5), 2024; minimum from the 2022-2025 sales reports",
    ("stockx", "payment_processing"): "stockx.com/help payment processing 3 %, 2024; matches the 2022-2025 sales reports",
    ("alias", "transaction"): "alias.org/fees, 2024: 9.5 % commission + seller fee; estimate, check the current page",
    ("alias", "cash_out"): "alias.org/fees, 2024: 2.9 % cash-out; estimate, check the current page",
    ("goat", "transaction"): "goat.com seller fees, 2024: 9.5 % + seller fee; estimate, check the current page",
    ("goat", "cash_out"): "goat.com cash-out fee, 2024: 2.9 %; estimate, check the current page",
    ("ebay", "transaction"): "ebay.de private seller fees, 2024: 11 % + 0.35 €; estimate, check the current page",
    ("klekt", "transaction"): "klekt.com seller fee, 2024: 8 %; estimate, check the current page",
    ("klekt", "payment_processing"): "klekt.com payment processing, 2024: 3 %; estimate, check the current page",
    ("restocks", "transaction"): "restocks.net seller fee, 2024: 10 % + 5 €; estimate, check the current page",
    ("laced", "transaction"): "laced.com seller fee, 2024: 12 %; estimate, check the current page",
}
NO_FEES = {
    "wethenew": "wethenew.com buys at its own offer, 2024: no seller fee (the offer is the payout); estimate",
}


def name_sources(apps, schema_editor):
    FeeRule = apps.get_model("sales", "FeeRule")
    Marketplace = apps.get_model("sales", "Marketplace")
    for (slug, fee_type), note in SOURCES.items():
        rules = FeeRule.objects.filter(marketplace__slug=slug, fee_type=fee_type)
        for rule in rules:
            minimum = f"; minimum {rule.minimum_amount} €" if rule.minimum_amount else ""
            rule.notes = (note + minimum)[:255]
            rule.is_estimate = "estimate" in note
            rule.save(update_fields=["notes", "is_estimate"])
    for slug, note in NO_FEES.items():
        market = Marketplace.objects.filter(slug=slug).first()
        if market and not FeeRule.objects.filter(marketplace=market).exists():
            FeeRule.objects.create(
                marketplace=market,
                fee_type="transaction",
                currency="EUR",
                effective_from=date(2022, 1, 1),
                notes=note,
                is_estimate=True,
            )


class Migration(migrations.Migration):
    dependencies = [("sales", "0012_fee_estimates_rates_mappings")]

    operations = [migrations.RunPython(name_sources, migrations.RunPython.noop)]


seed = name_sources  # tests/conftest.py reseeds reference data with it
