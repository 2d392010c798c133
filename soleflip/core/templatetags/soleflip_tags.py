from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }} for keys held in variables."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def euro(value) -> str:
    """12345.6 -> "12,345.60 €", None -> "–" (the same format as the tables' money)."""
    from soleflip.core.tables import euro as format_euro

    # A missing key or attribute reaches a filter as "" (string_if_invalid): no amount.
    return format_euro(None if value == "" else value)


@register.filter
def percent(fraction) -> str:
    """A fraction as a percentage: 0.2345 -> "23.5 %", None -> "–"."""
    if fraction is None or fraction == "":
        return "–"
    return f"{fraction * 100:.1f} %"
