"""A <select> written in one pass: Django renders each <option> through its own template,
which for a filter with hundreds of suppliers or brands cost more than the list's query.
`FastSelect` writes the same HTML with format_html; `fast_selects(form)` puts it in place
of every plain Select of a form (the list pages' filter forms, soleflip/core/listing.py)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

OPTION = '<option value="{}"{}>{}</option>'


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        found = [False]  # a single select marks only its first match, as Django does

        def option(value, label) -> str:
            value = "" if value is None else str(value)
            mark = value in selected and not found[0]
            found[0] = found[0] or mark
            return format_html(OPTION, value, mark_safe(" selected") if mark else "", label)

        parts = []
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):
                inner = "".join(option(v, text) for v, text in label)
                parts.append(
                    format_html('<optgroup label="{}">{}</optgroup>', value, mark_safe(inner))
                )
            else:
                parts.append(option(value, label))
        attrs_html = flatatt({"name": name, **self.build_attrs(self.attrs, attrs)})
        return format_html("<select{}>{}</select>", attrs_html, mark_safe("".join(parts)))


def fast_selects(form: forms.Form) -> forms.Form:
    """Swap each plain Select widget of `form` for a FastSelect (same choices and attrs)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            fast = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            fast.is_required = field.widget.is_required
            field.widget = fast
    return form
