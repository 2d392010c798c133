"""What every importer says about its input: one error type for a row, one for a file, and
the reading of a plain CSV file into numbered rows. Model-free."""

import csv
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .formats import format_number


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem with one value of one row: `line 12, Sale Date: "31/02/2024" is not
    a date`. Stored as a dict in `integration.import_records.validation_errors`."""

    line: int
    column: str
    value: str | None
    reason: str

    def __str__(self) -> str:
        return _('line %(line)s, %(column)s: "%(value)s" %(reason)s') % {
            "line": self.line,
            "column": self.column,
            "value": self.value or "",
            "reason": self.reason,
        }

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "RowError":
        value = data.get("value")
        return cls(
            line=data.get("line") or 0,
            column=data.get("column") or "",
            value=None if value is None else str(value),
            reason=data.get("reason") or "",
        )


class ImportFileError(Exception):
    """The file as a whole cannot be imported (empty, not CSV, a column missing, ...)."""


def refuse_nul_bytes(path: Path) -> None:
    """A text CSV never holds a NUL byte; one means a damaged or binary file (and the
    database cannot store it). Raises ImportFileError naming the line."""
    line = 1
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            at = block.find(b"\x00")
            if at >= 0:
                line += block.count(b"\n", 0, at)
                raise ImportFileError(
                    _(
                        "Line %(line)s contains a NUL byte: the file is damaged or not a "
                        "text CSV. Export or save it again as CSV."
                    )
                    % {"line": line}
                )
            line += block.count(b"\n")


@dataclass(slots=True)
class CsvRow:
    line: int  # the line the row starts on in the file (the header is line 1)
    raw: dict[str, str]


def read_csv(
    path: Path,
    *,
    max_bytes: int,
    header: Callable[[list[str]], list[str]] = lambda names: names,
    delimiters: str = ",;\t",
) -> list[CsvRow]:
    """Rows of a UTF-8 CSV file (BOM allowed, delimiter sniffed) as dicts keyed by the
    header, which `header` may normalise and check (raise ImportFileError). Empty lines
    are skipped; a quoted value spanning lines keeps the line its row starts on."""
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > max_bytes:
        raise ImportFileError(too_large(size, max_bytes))
    refuse_nul_bytes(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=delimiters)
            except csv.Error:
                dialect = csv.excel
            reader = csv.reader(handle, dialect)
            names = header([h.strip() for h in next(reader, [])])
            rows, start = [], reader.line_num + 1
            for record in reader:
                line, start = start, reader.line_num + 1
                if any(v.strip() for v in record):
                    rows.append(CsvRow(line, dict(zip(names, record, strict=False))))
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file is not UTF-8 text; save it as CSV UTF-8.")) from exc
    except csv.Error as exc:
        raise ImportFileError(
            _("The file is not a readable CSV: %(error)s.") % {"error": exc}
        ) from exc
    if not rows:
        raise ImportFileError(_("The file has a header but no rows."))
    return rows


def file_size(size: int) -> str:
    """A file size the way the active language writes it: "1,5 MB" / "1.5 MB", "10 MB",
    "12 KB"."""
    if size >= 1_048_576:
        mb = round(size / 1_048_576, 1)
        return f"{format_number(mb, 0 if mb == int(mb) else 1)} MB"
    return f"{format_number(round(size / 1024), 0)} KB"


def too_large(size: int, limit: int) -> str:
    """Why a file over the upload limit is refused (ImportFileError's text)."""
    return _("The file is %(size)s; the limit is %(limit)s.") % {
        "size": file_size(size),
        "limit": file_size(limit),
    }
