from django import template

from soleflip.lib.money import format_euro

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }} for keys held in variables."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def euro(value) -> str:
    """Every amount a template shows: {{ amount|euro }} -> "12,345.60 €", None -> "–"
    (soleflip.lib.money.format_euro, as the tables' money columns)."""
    # A missing key or attribute reaches a filter as "" (string_if_invalid): no amount.
    return format_euro(None if value == "" else value)


@register.filter
def percent(fraction) -> str:
    """A fraction as a percentage: 0.2345 -> "23.5 %", None -> "–"."""
    if fraction is None or fraction == "":
        return "–"
    return f"{fraction * 100:.1f} %"
