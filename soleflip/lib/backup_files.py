"""Names of backup files and which of them to keep. Model-free and pure: the backup
service writes and prunes the files; tests/lib/test_backup_files.py shows the rule.

A backup is two files named after its UTC time: `soleflip-20261202T081503Z.dump` (pg_dump's
custom format) and `soleflip-20261202T081503Z.json` (its manifest).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

PREFIX = "soleflip-"
DUMP_SUFFIX = ".dump"
MANIFEST_SUFFIX = ".json"
_STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(rf"^{PREFIX}(\d{{8}}T\d{{6}}Z)\{DUMP_SUFFIX}$")


def dump_name(taken_at: datetime) -> str:
    return f"{PREFIX}{taken_at.astimezone(UTC).strftime(_STAMP_FORMAT)}{DUMP_SUFFIX}"


def manifest_name(dump: str) -> str:
    return dump.removesuffix(DUMP_SUFFIX) + MANIFEST_SUFFIX


def taken_at(name: str) -> datetime | None:
    """The UTC time in a dump's file name; None for any other file (never pruned)."""
    match = _NAME.match(name)
    if not match:
        return None
    return datetime.strptime(match[1], _STAMP_FORMAT).replace(tzinfo=UTC)


def backups_to_keep(stamps: Iterable[datetime], *, daily: int, monthly: int) -> set[datetime]:
    """Which backups (by time) survive pruning: the newest backup of each of the last
    `daily` days that have a backup, and the newest of each of the last `monthly` months
    that have one (days and months in UTC), and always the newest backup of all.

    Counting days *with* a backup rather than calendar days means that a week of failed
    nightly runs never prunes away the last good backups (restic's --keep-daily rule).
    """
    newest_first = sorted(set(stamps), reverse=True)
    keep = set(newest_first[:1])
    periods: tuple[tuple[Callable[[datetime], object], int], ...] = (
        (lambda stamp: stamp.date(), daily),
        (lambda stamp: (stamp.year, stamp.month), monthly),
    )
    for period_of, count in periods:
        seen: set[object] = set()
        for stamp in newest_first:
            period = period_of(stamp)
            if period in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(period)
            keep.add(stamp)
    return keep
