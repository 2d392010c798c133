"""The views follow the data: a cost entered later (or an import) asks for one refresh after
its transaction commits, and the refreshed views show the new profit."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from sales.services import enter_missing_cost
from soleflip.analytics.models import SalesDay
from soleflip.analytics.refresh import refresh_analytics
from soleflip.lib.analytics import refresh_after_commit
from tests.factories import make_marketplace, make_order, make_stock

pytestmark = pytest.mark.django_db


def test_a_cost_entered_later_reaches_the_dashboard(django_capture_on_commit_callbacks):
    item = make_stock(status="sold", purchase_price=None, gross_purchase_price=None)
    make_order(
        marketplace=make_marketplace(output_vat="none"),
        inventory_item=item,
        sold_at="2026-05-10T12:00:00Z",
        gross_sale=Decimal("200.00"),
        net_proceeds=Decimal("176.00"),
    )
    refresh_analytics()
    may = SalesDay.objects.in_period(date(2026, 5, 1), date(2026, 5, 31))
    assert may.totals()["cost_missing"] == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enter_missing_cost(item=item, gross=Decimal("119.00"), tax_scheme="standard")
    assert len(callbacks) == 1  # one refresh, however many changes
    totals = may.totals()
    assert totals["cost_missing"] == 0
    assert totals["net_profit"] == Decimal("76.00")  # 176 − 100 net cost


def test_one_refresh_per_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        refresh_after_commit()
        refresh_after_commit()
        assert len(connection.run_on_commit) >= 1
    assert len(callbacks) == 1


def test_refresh_command(capsys):
    from django.core.management import call_command

    call_command("refresh_analytics")
    assert "Kennzahlen aktualisiert in" in capsys.readouterr().out
