from decimal import Decimal as D

import pytest
from django.template import Context, Template

from soleflip.core.tables import MoneyColumn
from soleflip.lib.money import format_euro


@pytest.mark.parametrize(
    "value, shown",
    [
        (D("12345.6"), "12,345.60 €"),
        (D("0"), "0.00 €"),
        (D("-1234.5"), "-1,234.50 €"),
        (D("2.345"), "2.35 €"),  # to the cent, half up (an average, not a stored amount)
        (D("1234567.89"), "1,234,567.89 €"),
        (19, "19.00 €"),
        (0.1 + 0.2, "0.30 €"),
        (None, "–"),
    ],
)
def test_format_euro(value, shown):
    assert format_euro(value) == shown


def test_the_template_filter_and_the_table_column_show_the_same():
    template = Template("{% load soleflip_tags %}{{ a|euro }}|{{ missing|euro }}")
    assert template.render(Context({"a": D("1234.5")})) == "1,234.50 €|–"
    assert MoneyColumn().render(D("1234.5")) == "1,234.50 €"
