"""Barcodes for the demo data."""

import hashlib


def demo_ean(*parts: object) -> str:
    """A made-up but valid EAN-13 (German GS1 prefix 400, correct check digit), the same
    for the same parts: demo products and pairs get one each, so scanning can be tried on
    a fresh install. Not drawn from the random generator, so the data stays the same."""
    digits = "400" + str(int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest(), 16))[:9]
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)
