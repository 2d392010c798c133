"""Field types shared by every domain: money, currency codes and encrypted text."""

from datetime import UTC, datetime
from decimal import Decimal

from django.db import models

from soleflip.lib.periods import PLAUSIBLE_FROM, PLAUSIBLE_UNTIL

from . import crypto


class MoneyField(models.DecimalField):
    """EUR (or another currency named beside it) to the cent: NUMERIC(12,2)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "soleflip.core.fields.MoneyField", args, kwargs


class CurrencyField(models.CharField):
    """ISO 4217 code stored as CHAR(3); pair it with `currency_check()` in Meta."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("default", "EUR")
        super().__init__(*args, **kwargs)

    def db_type(self, connection):
        # bpchar(3) is CHAR(3); spelled this way because Django's bulk insert casts to the
        # type name without its length, and "char[]" would truncate to one character.
        return "bpchar(3)"

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "soleflip.core.fields.CurrencyField", args, kwargs


def currency_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__regex": r"^[A-Z]{3}$"}), name=name
    )


def non_negative(field: str, name: str) -> models.CheckConstraint:
    """CHECK (field >= 0), NULL allowed where the column is nullable."""
    return models.CheckConstraint(condition=models.Q(**{f"{field}__gte": Decimal(0)}), name=name)


def plausible_date(field: str, name: str, *, with_time: bool = False) -> models.CheckConstraint:
    """CHECK (field IS NULL OR 2000-01-01 <= field < 2100-01-01): the dates a business
    record can carry (soleflip/lib/periods.py). Outside them a value is a typo or a
    placeholder (9999-12-31), and one near the calendar's ends cannot even be shown in
    local time: pages would fail for everyone."""
    low, high = PLAUSIBLE_FROM, PLAUSIBLE_UNTIL
    if with_time:
        low, high = (datetime(d.year, d.month, d.day, tzinfo=UTC) for d in (low, high))
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True})
        | models.Q(**{f"{field}__gte": low, f"{field}__lt": high}),
        name=name,
        violation_error_message=(
            f"{field.replace('_', ' ').capitalize()} must be between "
            f"{PLAUSIBLE_FROM:%d.%m.%Y} and {PLAUSIBLE_UNTIL:%d.%m.%Y}."
        ),
    )


class EncryptedTextField(models.TextField):
    """Text encrypted with Fernet before it reaches the database. The database holds only
    the token; reading returns plaintext. Admin and forms must never render it in full."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "soleflip.core.fields.EncryptedTextField", args, kwargs
