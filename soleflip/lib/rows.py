"""What every importer says about its input: one error type for a row, one for a file, and
the reading of a plain CSV file into numbered rows. Model-free."""

import csv
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem with one value of one row: `line 12, Sale Date: "31/02/2024" is not
    a date`. Stored as a dict in `integration.import_records.validation_errors`."""

    line: int
    column: str
    value: str | None
    reason: str

    def __str__(self) -> str:
        return f'line {self.line}, {self.column}: "{self.value or ""}" {self.reason}'

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
                    f"Line {line} contains a NUL byte: the file is damaged or not a text CSV. "
                    "Export or save it again as CSV."
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
        raise ImportFileError("The file is empty.")
    if size > max_bytes:
        raise ImportFileError(
            f"The file is {size / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.0f} MB."
        )
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
        raise ImportFileError("The file is not UTF-8 text; save it as CSV UTF-8.") from exc
    except csv.Error as exc:
        raise ImportFileError(f"The file is not a readable CSV: {exc}.") from exc
    if not rows:
        raise ImportFileError("The file has a header but no rows.")
    return rows
