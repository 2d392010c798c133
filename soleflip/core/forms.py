from django import forms

from .retention import IMPORT_RECORDS, LOGIN_EVENTS, MAX_DAYS, MIN_DAYS


class RetentionForm(forms.Form):
    """How long raw import rows and log-in records are kept (Settings → Retention)."""

    import_records_days = forms.IntegerField(
        label="Keep import rows for (days)",
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        help_text=(
            "The raw rows of a finished import (buyer cities, account data) are removed "
            f"after this many days; the import and its counts stay. Default {IMPORT_RECORDS.default}."
        ),
    )
    login_events_days = forms.IntegerField(
        label="Keep log-in records for (days)",
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        help_text=(
            "Log-ins and failed log-ins (username, IP address, browser) are removed after "
            f"this many days. Default {LOGIN_EVENTS.default}."
        ),
    )
