from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .retention import IMPORT_RECORDS, LOGIN_EVENTS, MAX_DAYS, MIN_DAYS

# A help text with a number in it, translated when the form is shown.
_lazy_format = lazy(lambda text, **values: str(text) % values, str)


class RetentionForm(forms.Form):
    """How long raw import rows and log-in records are kept (Settings → Retention)."""

    import_records_days = forms.IntegerField(
        label=_("Keep import rows for (days)"),
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        help_text=_lazy_format(
            _(
                "The raw rows of a finished import (buyer cities, account data) are removed "
                "after this many days; the import and its counts stay. Default %(days)s."
            ),
            days=IMPORT_RECORDS.default,
        ),
    )
    login_events_days = forms.IntegerField(
        label=_("Keep log-in records for (days)"),
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        help_text=_lazy_format(
            _(
                "Log-ins and failed log-ins (username, IP address, browser) are removed after "
                "this many days. Default %(days)s."
            ),
            days=LOGIN_EVENTS.default,
        ),
    )
