from django import template

from soleflip.lib.formats import format_euro, format_percent

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }} for keys held in variables."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def euro(value) -> str:
    """Every amount a template shows: {{ amount|euro }} -> "12.345,60 €" (English
    "€12,345.60"), None -> "–" (soleflip.lib.formats.format_euro, as the tables' money
    columns)."""
    # A missing key or attribute reaches a filter as "" (string_if_invalid): no amount.
    return format_euro(None if value == "" else value)


@register.filter
def signed_euro(value) -> str:
    """A change of an amount: "+12,30 €", "-4,00 €", "0,00 €"; None -> "–"."""
    return format_euro(None if value == "" else value, signed=True)


@register.filter
def percent(fraction) -> str:
    """A fraction as a percentage: 0.158 -> "15,8 %" (English "15.8%"), None -> "–"."""
    return format_percent(None if fraction == "" else fraction)
