"""Set-based writes for imports: one statement for many rows instead of one per row."""

from collections.abc import Iterable, Sequence
from decimal import Decimal

import orjson


def update_from_arrays(
    cursor, table: str, key: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple]
) -> int:
    """UPDATE table SET col = v.col ... FROM unnest(arrays) WHERE table.key = v.key, skipping
    rows whose values are already equal (an untouched row costs no write).
    `columns` are (name, PostgreSQL type) after the bigint key; rows are (key, *values)."""
    if not rows:
        return 0
    arrays = [list(values) for values in zip(*rows, strict=True)]
    names = [key, *(name for name, _ in columns)]
    types = ["bigint", *(pg_type for _, pg_type in columns)]
    assignments = ", ".join(f'"{name}" = v."{name}"' for name, _ in columns)
    old = ", ".join(f't."{name}"' for name, _ in columns)
    new = ", ".join(f'v."{name}"' for name, _ in columns)
    unnest = ", ".join(f"%s::{pg_type}[]" for pg_type in types)
    cursor.execute(
        f"UPDATE {table} AS t SET {assignments} FROM unnest({unnest}) "
        f'AS v({", ".join(chr(34) + n + chr(34) for n in names)}) WHERE t."{key}" = v."{key}" '
        f"AND ({old}) IS DISTINCT FROM ({new})",
        arrays,
    )
    return cursor.rowcount


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(value) -> str:
    """JSON text for a jsonb column (orjson: several times faster than json for bulk rows)."""
    return orjson.dumps(value, default=_default).decode()


def copy_rows(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY rows into a table (the fastest bulk insert PostgreSQL has); returns the count.
    (Sending from a background thread was measured slower here: the GIL is the limit.)"""
    count = 0
    column_list = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
