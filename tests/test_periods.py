"""Dates typed for a date range (Gregorian and Hijri): --since and --until, and the page URL's."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
import typer

from indexer.search_cmd import _date
from search_ui.periods import LAST_LOAD, loaded_since
from search_ui.render import state_from_params


@pytest.mark.parametrize(("typed", "since", "until"), [
    ("2020-02-08", date(2020, 2, 8), date(2020, 2, 8)),
    ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
    ("2015", date(2015, 1, 1), date(2015, 12, 31)),
    ("1436-09", date(2015, 6, 18), date(2015, 7, 16)),  # Ramadan 1436
    ("1436-10-01", date(2015, 7, 17), date(2015, 7, 17)),  # Eid al-Fitr
    ("١٤٣٦-١٠", date(2015, 7, 17), date(2015, 8, 15)),  # Arabic-Indic digits
    ("1436", date(2014, 10, 25), date(2015, 10, 13)),
])
def test_a_day_month_or_year_gregorian_or_hijri(typed: str, since: date, until: date) -> None:
    assert (_date(typed, "--since"), _date(typed, "--until", end=True)) == (since, until)


@pytest.mark.parametrize("typed", ["2015-13-01", "2015-02-30", "last week", "1300-01", "1436-13", "1436-09-31"])
def test_what_is_no_date_is_a_usage_error(typed: str) -> None:
    with pytest.raises(typer.BadParameter, match="is not a date"):
        _date(typed, "--since")


def test_a_link_takes_the_same_dates() -> None:
    state = state_from_params({"since": "1436-09", "until": "2015"})
    assert (state.since, state.until) == (date(2015, 6, 18), date(2015, 12, 31))
    odd = state_from_params({"since": "أمس", "until": "2015-02-30"})  # not dates: no filter
    assert odd.since is None and odd.until is None


NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)


@pytest.fixture
def local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Sets this process's time zone (``TZ``) for a test, and the machine's back after it."""
    def use(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(("typed", "moment"), [
    ("today", datetime(2026, 11, 24, tzinfo=UTC)),
    ("Yesterday", datetime(2026, 11, 23, tzinfo=UTC)),
    ("12h", datetime(2026, 11, 23, 22, 30, tzinfo=UTC)),
    ("3d", datetime(2026, 11, 21, 10, 30, tzinfo=UTC)),
    ("2 w", datetime(2026, 11, 10, 10, 30, tzinfo=UTC)),
    ("2026-11-20", datetime(2026, 11, 20, tzinfo=UTC)),
    ("2026-11-20 09:15", datetime(2026, 11, 20, 9, 15, tzinfo=UTC)),
    ("2026-11-20T09:15+03:00", datetime(2026, 11, 20, 6, 15, tzinfo=UTC)),  # its own offset wins
    ("2026-11-20T09:15Z", datetime(2026, 11, 20, 9, 15, tzinfo=UTC)),
])
def test_loaded_since_names_a_moment(typed: str, moment: datetime, local_time: Callable[[str], None]) -> None:
    local_time("UTC")
    assert loaded_since(typed, NOW) == moment
    assert loaded_since(LAST_LOAD, NOW) is None  # the engine knows when the last load began


def test_loaded_since_reads_a_time_without_offset_as_local(local_time: Callable[[str], None]) -> None:
    local_time("Asia/Riyadh")  # UTC+3, no daylight saving
    assert loaded_since("2026-11-20 09:15", NOW) == datetime(2026, 11, 20, 6, 15, tzinfo=UTC)
    assert loaded_since("today", NOW) == datetime(2026, 11, 23, 21, 0, tzinfo=UTC)  # Riyadh's midnight


@pytest.mark.parametrize("typed", ["", "soon", "3 months", "2026-13-01", "h"])
def test_what_is_no_moment_says_what_is(typed: str) -> None:
    with pytest.raises(ValueError, match="is not a moment; use last, today"):
        loaded_since(typed, NOW)
