"""One CSV writer for every download (the accountant export, the inventory list, ...).

Two styles. "de" is what German Excel opens correctly with a double click: semicolons,
decimal comma without thousands separators, UTF-8 with a byte order mark (so umlauts, €
and § survive). "intl" is for other software: commas, decimal point, UTF-8 without a mark.
Dates are ISO (YYYY-MM-DD) in both: German Excel reads them as dates and nothing can
misread them as US dates.

Text that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
return: `=HYPERLINK(...)` in an item name) is prefixed with an apostrophe, so it stays
text. Numbers, dates and booleans are never text and are written as they are.

The text comes in pieces of a few hundred lines, for a streamed response or a file. A
download cut by a failure (the database went away after a third of the rows) must not look
complete: the last piece then ends with an error line, and the failure is raised again, so
the server drops the connection without ending the transfer (the browser reports a failed
download) and logs it.
"""

import csv
import io
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import ngettext

from .formats import format_number

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LINES_PER_CHUNK = 500
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CsvStyle:
    name: str
    label: str
    delimiter: str
    decimal: str
    bom: bool


GERMAN = CsvStyle("de", "German Excel (semicolon, decimal comma)", ";", ",", True)
INTERNATIONAL = CsvStyle("intl", "International (comma, decimal point)", ",", ".", False)
STYLES = {style.name: style for style in (GERMAN, INTERNATIONAL)}


def safe_text(text: str) -> str:
    """Text a spreadsheet would run as a formula, made plain text."""
    return "'" + text if text.startswith(FORMULA_START) else text


def cell(value, style: CsvStyle) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", style.decimal)
    if isinstance(value, date | int):
        return str(value)  # date.__str__ is ISO 8601
    return safe_text(str(value))


def cut_line(lines: int, exc: BaseException) -> str:
    """The last line of a file whose export failed after `lines` lines."""
    return ngettext(
        "### EXPORT FAILED after %(lines)s line (%(error)s): this file is INCOMPLETE. "
        "Download it again. ###",
        "### EXPORT FAILED after %(lines)s lines (%(error)s): this file is INCOMPLETE. "
        "Download it again. ###",
        lines,
    ) % {"lines": format_number(lines), "error": type(exc).__name__}


def csv_chunks(
    header: Iterable[str], rows: Iterable[Iterable], style: CsvStyle, *, name: str = "CSV download"
) -> Iterator[str]:
    """The CSV text of `header` and `rows` in pieces of LINES_PER_CHUNK lines. If reading
    the rows fails, the last piece ends with an error line (in the language active now: a
    streamed response is read after the request's language is gone) and the failure is
    raised."""
    return _chunks(header, rows, style, name=name, language=translation.get_language())


def _chunks(
    header: Iterable[str], rows: Iterable[Iterable], style: CsvStyle, *, name: str, language
) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style.delimiter)
    if style.bom:
        buffer.write("\ufeff")
    writer.writerow([safe_text(str(title)) for title in header])
    lines = 0
    try:
        for lines, row in enumerate(rows, 1):
            writer.writerow([cell(value, style) for value in row])
            if lines % LINES_PER_CHUNK == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    except Exception as exc:
        log.error("%s cut after %d lines: %s: %s", name, lines, type(exc).__name__, exc)
        with translation.override(language):
            writer.writerow([cut_line(lines, exc)])
        yield buffer.getvalue()
        raise
    yield buffer.getvalue()


def csv_response(chunks: Iterable[str], *, filename: str) -> StreamingHttpResponse:
    """A streamed CSV download (memory stays flat however many lines)."""
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
