"""Dates typed for a date range (Gregorian and Hijri): --since and --until, and the page URL's."""

from __future__ import annotations

from datetime import date

import pytest
import typer

from indexer.search_cmd import _date
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
