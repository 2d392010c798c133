"""Size chart data for the unified size table (`catalog.sizes`): every size a label or a
marketplace export uses, with standardized US / EU / UK / CM values (Nike's charts, the
reference most resale marketplaces convert with). Pure data; migrations and importers
both read it."""

from collections.abc import Iterator
from decimal import Decimal

# Men's US -> EU (Nike men's chart). UK = US - 0.5; CM = US + 18 (US 7 = 25 cm).
MEN_US_TO_EU = {
    "3.5": "35.5",
    "4": "36",
    "4.5": "36.5",
    "5": "37.5",
    "5.5": "38",
    "6": "38.5",
    "6.5": "39",
    "7": "40",
    "7.5": "40.5",
    "8": "41",
    "8.5": "42",
    "9": "42.5",
    "9.5": "43",
    "10": "44",
    "10.5": "44.5",
    "11": "45",
    "11.5": "45.5",
    "12": "46",
    "12.5": "47",
    "13": "47.5",
    "13.5": "48",
    "14": "48.5",
    "14.5": "49",
    "15": "49.5",
    "16": "50.5",
    "17": "51.5",
    "18": "52.5",
}
# Kids' US (C and Y) -> EU.
TD_TO_EU = {
    "1C": "16",
    "1.5C": "16.5",
    "2C": "17",
    "2.5C": "18",
    "3C": "18.5",
    "3.5C": "19",
    "4C": "19.5",
    "4.5C": "20",
    "5C": "21",
    "5.5C": "21.5",
    "6C": "22",
    "6.5C": "22.5",
    "7C": "23.5",
    "7.5C": "24",
    "8C": "25",
    "8.5C": "25.5",
    "9C": "26",
    "9.5C": "26.5",
    "10C": "27",
}
PS_TO_EU = {
    "10.5C": "27.5",
    "11C": "28",
    "11.5C": "28.5",
    "12C": "29.5",
    "12.5C": "30",
    "13C": "31",
    "13.5C": "31.5",
    "1Y": "32",
    "1.5Y": "33",
    "2Y": "33.5",
    "2.5Y": "34",
    "3Y": "35",
}
# Kids' CM: 1C = 7 cm, +0.5 cm per half size, continuing into Y sizes (1Y = 20 cm).
KIDS_CM_START = Decimal("7")
GS_SIZES = ["3.5Y", "4Y", "4.5Y", "5Y", "5.5Y", "6Y", "6.5Y", "7Y"]
APPAREL = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"]
APPAREL_COMBOS = ["XS/S", "S/M", "M/L", "L/XL", "XL/XXL"]


def _d(value: str) -> Decimal:
    return Decimal(value)


def _men_row(us: str) -> dict:
    return {
        "us_value": _d(us),
        "eu_value": _d(MEN_US_TO_EU[us]),
        "uk_value": _d(us) - Decimal("0.5"),
        "cm_value": _d(us) + 18,
    }


def _half_steps(start: str, stop: str) -> list[str]:
    values, current = [], _d(start)
    while current <= _d(stop):
        values.append(f"{current.normalize():f}")
        current += Decimal("0.5")
    return values


def rows() -> Iterator[dict]:
    """Every seeded size as keyword arguments for catalog.Size."""
    order = 0
    for us in MEN_US_TO_EU:
        order += 1
        yield {
            "kind": "men",
            "region": "US",
            "value": us,
            "display": f"US {us}",
            "sort_order": order,
            **_men_row(us),
        }
    # Women's US = men's US + 1.5 (Nike: W8 = men's 6.5 = EU 39); UK = women's US - 2.5.
    for women in _half_steps("5", "15"):
        order += 1
        men = f"{(_d(women) - Decimal('1.5')).normalize():f}"
        eu = _d(MEN_US_TO_EU[men]) if men in MEN_US_TO_EU else None
        yield {
            "kind": "women",
            "region": "US",
            "value": f"{women}W",
            "display": f"US {women}W",
            "sort_order": order,
            "us_value": _d(women),
            "eu_value": eu,
            "uk_value": _d(women) - Decimal("2.5"),
            "cm_value": _d(women) + 17,
        }
    kids_cm = KIDS_CM_START
    for kind, table in (("td", TD_TO_EU), ("ps", PS_TO_EU)):
        for value, eu in table.items():
            order += 1
            number = _d(value[:-1])
            yield {
                "kind": kind,
                "region": "US",
                "value": value,
                "display": f"US {value}",
                "sort_order": order,
                "us_value": number,
                "eu_value": _d(eu),
                "uk_value": number - Decimal("0.5")
                if value.endswith("C")
                else number + Decimal("12.5"),
                "cm_value": kids_cm,
            }
            kids_cm += Decimal("0.5")
    for value in GS_SIZES:
        order += 1
        us = value[:-1]
        yield {
            "kind": "gs",
            "region": "US",
            "value": value,
            "display": f"US {value}",
            "sort_order": order,
            **_men_row(us),
        }
    eu_seen = set()
    for us, eu in MEN_US_TO_EU.items():
        order += 1
        eu_seen.add(eu)
        yield {
            "kind": "men",
            "region": "EU",
            "value": f"{_d(eu).normalize():f}",
            "display": f"EU {_d(eu).normalize():f}",
            "sort_order": order,
            **_men_row(us),
        }
    for eu in ("35", "37", "41.5", "43.5", "46.5", "50", "51", "52"):  # EU labels between US steps
        if eu not in eu_seen:
            order += 1
            yield {
                "kind": "men",
                "region": "EU",
                "value": eu,
                "display": f"EU {eu}",
                "sort_order": order,
                "eu_value": _d(eu),
            }
    for us in MEN_US_TO_EU:
        order += 1
        uk = f"{(_d(us) - Decimal('0.5')).normalize():f}"
        yield {
            "kind": "men",
            "region": "UK",
            "value": uk,
            "display": f"UK {uk}",
            "sort_order": order,
            **_men_row(us),
        }
    for value in APPAREL + APPAREL_COMBOS:
        order += 1
        yield {
            "kind": "apparel",
            "region": "INTL",
            "value": value,
            "display": value,
            "sort_order": order,
        }
    yield {
        "kind": "one_size",
        "region": "INTL",
        "value": "OS",
        "display": "One size",
        "sort_order": order + 1,
    }
