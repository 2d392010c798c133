from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from soleflip.lib.backup_files import backups_to_keep, dump_name, manifest_name, taken_at


def at(day: str, hour: int = 2) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=15, tzinfo=UTC)


def test_names_carry_the_utc_time_and_read_back():
    berlin = datetime(2026, 12, 2, 9, 15, 3, 999, tzinfo=ZoneInfo("Europe/Berlin"))
    name = dump_name(berlin)
    assert name == "soleflip-20261202T081503Z.dump"
    assert manifest_name(name) == "soleflip-20261202T081503Z.json"
    assert taken_at(name) == datetime(2026, 12, 2, 8, 15, 3, tzinfo=UTC)
    for other in ("soleflip-20261202T081503Z.json", "notes.dump", "soleflip-latest.dump"):
        assert taken_at(other) is None


def test_a_year_of_nightly_backups_keeps_seven_days_and_twelve_months():
    nightly = [at("2026-01-01") + timedelta(days=n) for n in range(365)]  # to 2026-12-31
    keep = backups_to_keep(nightly, daily=7, monthly=12)
    days = {at(f"2026-12-{d:02d}") for d in range(25, 32)}
    month_ends = {
        at(day)
        for day in (
            "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30",
            "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31",
        )
    }  # fmt: skip
    assert keep == days | month_ends
    assert len(keep) == 7 + 11  # December's newest is also the newest day


def test_only_the_newest_backup_of_a_day_counts_for_that_day():
    early, manual, nightly = at("2026-12-01", 1), at("2026-12-01", 9), at("2026-12-02", 2)
    assert backups_to_keep([early, manual, nightly], daily=2, monthly=0) == {manual, nightly}


def test_days_without_a_backup_do_not_use_up_the_daily_ones():
    # Nightly runs failed for two weeks: the last good week stays.
    good_week = [at("2026-11-01") + timedelta(days=n) for n in range(7)]
    after_the_gap = at("2026-11-22")
    keep = backups_to_keep([*good_week, after_the_gap], daily=7, monthly=0)
    assert keep == {after_the_gap, *good_week[1:]}


def test_the_newest_backup_is_kept_even_when_nothing_is_to_be_kept():
    stamps = [at("2026-10-01"), at("2026-12-01")]
    assert backups_to_keep(stamps, daily=0, monthly=0) == {at("2026-12-01")}
    assert backups_to_keep([], daily=7, monthly=12) == set()
