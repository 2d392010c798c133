"""The one CSV writer (soleflip/lib/csvout.py): both styles, formula-like text neutralised,
and no other CSV writer in the product code."""

import csv
import io
import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.utils import translation

from soleflip.lib.csvout import GERMAN, INTERNATIONAL, csv_chunks

ROOT = Path(__file__).resolve().parents[2]
ROW = [1, "=HYPERLINK(1)", "+1", "-1", "@A1", "\tx", "Größe 42", D("1234.50"), date(2025, 3, 1)]


def text(style, rows=(ROW,)) -> str:
    return "".join(csv_chunks(["a", "b", "c", "d", "e", "f", "g", "h", "i"], rows, style))


def test_german_style():
    out = text(GERMAN)
    assert out.startswith("\ufeffa;b;")
    [row] = list(csv.reader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))[1:]
    assert row == [
        "1",
        "'=HYPERLINK(1)",
        "'+1",
        "'-1",
        "'@A1",
        "'\tx",
        "Größe 42",
        "1234,50",
        "2025-03-01",
    ]


def test_international_style():
    out = text(INTERNATIONAL, rows=[[None, True, False, D("-5.00"), -5, "", "x", D("0.00"), "y"]])
    assert not out.startswith("\ufeff")
    assert out.splitlines()[1] == ",yes,no,-5.00,-5,,x,0.00,y"


def test_many_lines_come_in_pieces():
    pieces = list(csv_chunks(["n"], ([n] for n in range(1200)), INTERNATIONAL))
    assert len(pieces) == 3 and "".join(pieces).splitlines()[-1] == "1199"


def test_no_other_csv_writer_in_the_product_code():
    """Every CSV download goes through csvout (defect 6: one writer had no neutralising).
    The purchases import's template is a fixed example file."""
    allowed = {"soleflip/lib/csvout.py", "inventory/purchase_import.py"}
    writers = set()
    apps = ("soleflip", "catalog", "suppliers", "inventory", "sales", "pricing")
    for path in (path for app in apps for path in (ROOT / app).rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8")):
            writers.add(name)
    assert writers == allowed


def test_a_cut_file_says_so_in_the_language_of_the_request():
    """The lines are read after the view returned (a streamed response): the error line
    is in the language active when the download was asked for."""

    def last_line(chunks) -> str:
        received = []
        with pytest.raises(OSError):
            received.extend(chunks)
        return received[-1].splitlines()[-1]

    def rows():
        yield from ([n] for n in range(1234))
        raise OSError("gone")

    assert last_line(csv_chunks(["n"], rows(), INTERNATIONAL)) == (
        "### EXPORT ABGEBROCHEN nach 1.234 Zeilen (OSError): Diese Datei ist UNVOLLSTÄNDIG. "
        "Bitte erneut herunterladen. ###"
    )
    with translation.override("en"):
        chunks = csv_chunks(["n"], rows(), INTERNATIONAL)
    assert last_line(chunks) == (  # quoted: the number holds the comma
        '"### EXPORT FAILED after 1,234 lines (OSError): this file is INCOMPLETE. Download it '
        'again. ###"'
    )
