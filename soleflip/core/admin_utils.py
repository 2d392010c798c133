"""Small helpers shared by the admin modules of every app.

- `pretty_json` renders a JSON value indented inside a <pre> (escaped by format_html).
- `ReadOnlyJSONMixin` turns the model's JSON columns named in `json_fields` into read-only,
  pretty-printed fields called `<name>_pretty` and keeps the raw columns out of the form.
- `ViewOnlyAdminMixin` for append-only or system-written tables.
- `secret_form_field` / `secret_status` for encrypted columns: a write-only input
  (blank keeps the current value) and a "set" / "not set" indicator. The secret itself is
  never rendered.
"""

import json
from types import MethodType

from django import forms
from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMPTY = "—"


def pretty_json(value) -> str:
    """The value as indented JSON inside <pre>; every character is escaped."""
    if value is None:
        return EMPTY
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return format_html('<pre class="soleflip-json" style="margin:0">{}</pre>', text)


def json_display(field_name: str, description: str | None = None):
    """A ModelAdmin display method that pretty-prints `obj.<field_name>`."""

    def display(self, obj):
        if obj is None:
            return EMPTY
        return pretty_json(getattr(obj, field_name))

    display.__name__ = f"{field_name}_pretty"
    return admin.display(description=description or field_name.replace("_", " "))(display)


class ReadOnlyJSONMixin:
    """Set `json_fields = ("raw_data", ...)`: each is shown read-only and pretty-printed as
    `<name>_pretty` (usable in fieldsets), labelled with the field's verbose name (so in
    the user's language), and excluded from the editable form."""

    json_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        # ModelAdmin(model, site) or InlineModelAdmin(parent_model, site): self.model
        # is the model shown either way.
        super().__init__(*args, **kwargs)
        for name in self.json_fields:
            attr = f"{name}_pretty"
            if not hasattr(self, attr):
                label = self.model._meta.get_field(name).verbose_name
                setattr(self, attr, MethodType(json_display(name, label), self))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        for name in self.json_fields:
            if f"{name}_pretty" not in fields:
                fields.append(f"{name}_pretty")
        return fields

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        return [*exclude, *(n for n in self.json_fields if n not in exclude)]


class ViewOnlyAdminMixin:
    """Nobody adds, changes or deletes through the admin; view permission still applies."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def secret_form_field(label: str, help_text: str = "") -> forms.CharField:
    """A write-only input for an encrypted column: never pre-filled, blank keeps the
    current value."""
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=help_text or gettext_lazy("Write-only. Leave blank to keep the current value."),
    )


def secret_status(value) -> str:
    """ "set" or "not set" for a secret; never the secret itself."""
    return _("set") if value else _("not set")
