"""A <select> written in one pass: Django renders each <option> through its own template,
which for a filter with hundreds of suppliers or brands cost more than the list's query.
`FastSelect` writes the same HTML with format_html; `fast_selects(form)` puts it in place
of every plain Select of a form (the list pages' filter forms, soleflip/core/listing.py).

The choices of a model field (brands, sizes, suppliers) are kept in the cache as (value,
label) pairs instead of building hundreds of model instances on every view: checked
against the table's row count and highest id on each use (one small query, so an added or
deleted row shows at once), and built afresh at least every CHOICES_TTL seconds (a renamed
row shows within that)."""

import hashlib

from django import forms
from django.core.cache import cache
from django.db.models import Count, Max
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

CHOICES_TTL = 60


def model_choices(iterator: ModelChoiceIterator) -> list[tuple[str, str]]:
    """The (value, label) pairs a model choice field offers, escaped for HTML, from the
    cache while its table has not changed."""
    queryset = iterator.queryset
    model = queryset.model
    version = model._default_manager.aggregate(rows=Count("pk"), top=Max("pk"))
    described = (
        f"{model._meta.label}|{queryset.query}|{get_language()}|{iterator.field.empty_label}|"
        f"{version['rows']}|{version['top']}"
    )
    key = "choices:" + hashlib.sha1(described.encode()).hexdigest()
    choices = cache.get(key)
    if choices is None:
        choices = [(escape(str(value)), escape(str(label))) for value, label in iterator]
        cache.set(key, choices, timeout=CHOICES_TTL)
    return choices


def _escaped(choices) -> list:
    """Plain choices escaped for HTML (groups kept as (label, [(value, label)]))."""
    found = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            found.append((escape(value), [(escape(v), escape(t)) for v, t in label]))
        else:
            found.append((escape("" if value is None else value), escape(label)))
    return found


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        selected = {escape(str(v)) for v in self.format_value(value)}
        found = [False]  # a single select marks only its first match, as Django does

        def option(value: str, label: str) -> str:
            mark = value in selected and not found[0]
            found[0] = found[0] or mark
            return f'<option value="{value}"{" selected" if mark else ""}>{label}</option>'

        choices = self.choices
        if isinstance(choices, ModelChoiceIterator):
            choices = model_choices(choices)
        else:
            choices = _escaped(choices)
        parts = []
        for value, label in choices:
            if isinstance(label, list):
                inner = "".join(option(v, text) for v, text in label)
                parts.append(f'<optgroup label="{value}">{inner}</optgroup>')
            else:
                parts.append(option(value, label))
        attrs_html = flatatt({"name": name, **self.build_attrs(self.attrs, attrs)})
        return mark_safe(f"<select{attrs_html}>{''.join(parts)}</select>")


def fast_selects(form: forms.Form) -> forms.Form:
    """Swap each plain Select widget of `form` for a FastSelect (same choices and attrs)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            fast = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            fast.is_required = field.widget.is_required
            field.widget = fast
    return form
