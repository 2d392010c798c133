"""FastSelect writes the same <select> as Django's own Select, without a template per
option."""

import pytest
from django import forms
from django.test.html import parse_html

from soleflip.lib.widgets import FastSelect, fast_selects


class Form(forms.Form):
    brand = forms.ChoiceField(
        choices=[("", "Jede Marke"), ("1", "Nike & Co"), ("2", 'ASICS "Tiger"')], required=False
    )
    size = forms.ChoiceField(
        choices=[("Herren", [("9", "US 9"), ("9.5", "US 9.5")]), ("x", "Andere")],
        required=False,
    )


def render(form, name):
    return form[name].as_widget(attrs={"class": "form-select form-select-sm"})


def test_the_fast_select_writes_what_django_writes():
    for data in ({}, {"brand": "2", "size": "9.5"}):
        plain, fast = Form(data=data), fast_selects(Form(data=data))
        assert isinstance(fast.fields["brand"].widget, FastSelect)
        for name in ("brand", "size"):
            assert parse_html(render(fast, name)) == parse_html(render(plain, name))


def test_labels_are_escaped():
    html = render(fast_selects(Form()), "brand")
    assert "Nike &amp; Co" in html and "ASICS &quot;Tiger&quot;" in html


@pytest.mark.django_db
def test_model_choices_come_from_the_cache_until_the_table_changes(django_assert_num_queries):
    from catalog.models import Brand

    Brand.objects.create(name="Zxqvo Test", slug="zxqvo-test")

    class BrandForm(forms.Form):
        brand = forms.ModelChoiceField(Brand.objects.order_by("name"), required=False)

    def both():
        plain, fast = BrandForm(), fast_selects(BrandForm())
        return render(plain, "brand"), render(fast, "brand")

    plain, fast = both()
    assert parse_html(fast) == parse_html(plain)
    with django_assert_num_queries(1):  # the version check; no instances built
        render(fast_selects(BrandForm()), "brand")
    Brand.objects.create(name="Qwzx Neu", slug="qwzx-neu")  # shows at once
    plain, fast = both()
    assert parse_html(fast) == parse_html(plain) and "Qwzx Neu" in fast
