import importlib
from datetime import date
from decimal import Decimal as D

import pytest
from django.apps import apps
from django.db.models import Q

from sales.models import FeeRule, Marketplace

pytestmark = pytest.mark.django_db
seed_module = importlib.import_module("sales.migrations.0002_seed_marketplaces")


def effective(slug: str, fee_type: str, on: date, level: int | None = None) -> FeeRule:
    return FeeRule.objects.get(
        Q(effective_until__isnull=True) | Q(effective_until__gte=on),
        marketplace__slug=slug,
        fee_type=fee_type,
        seller_level=level,
        effective_from__lte=on,
    )


def test_marketplaces():
    assert set(Marketplace.objects.values_list("slug", flat=True)) == {
        "stockx",
        "alias",
        "goat",
        "ebay",
        "klekt",
        "restocks",
        "laced",
        "wethenew",
        "kleinanzeigen",
        "local",
    }
    assert Marketplace.objects.get(slug="stockx").output_vat == "none"
    assert Marketplace.objects.get(slug="local").output_vat == "domestic"


def test_stockx_fee_rules_by_level_and_date():
    today = effective("stockx", "transaction", date(2025, 6, 1), level=1)
    assert today.percentage == D("9.000") and today.minimum_amount == D("5.00")
    early = effective("stockx", "transaction", date(2023, 3, 1), level=1)
    assert early.minimum_amount == D("8.00")
    assert effective("stockx", "transaction", date(2025, 6, 1), level=5).percentage == D("7.000")
    assert effective("stockx", "payment_processing", date(2025, 6, 1)).percentage == D("3.000")


def test_seeding_twice_changes_nothing():
    before = (Marketplace.objects.count(), FeeRule.objects.count())
    seed_module.seed(apps, None)
    assert before == (Marketplace.objects.count(), FeeRule.objects.count())
