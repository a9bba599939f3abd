"""The day (or month) a news site writes into its articles' addresses: ``/2015/07/20/``,
``/Issues/20150720/``, ``?date=2015-07-20``, ``/2015/07/slug/``.

Only whole parts of the address count (after ``/`` or ``=``, up to the next separator; a day
written as one number also after ``_`` or ``-``, as in ``story_20150720.html``): a date inside a
slug (``…-ذكرى-1990-08-02``) names an event, and a long number (``Con20150720784687``) an article.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple
from urllib.parse import urlsplit

from indexer.urls import archived_copy

__all__ = ["UrlDate", "date_in_url"]

_YEAR = r"(?P<y>(?:19|20)\d\d)"
# A day: year, month and day split by one separator (a ``/`` day followed by ``-`` is a slug's
# number: ``/2015/07/5-أسباب``), or written as one number of eight digits.
_DAYS = (
    re.compile(rf"(?<![^/=]){_YEAR}/(?P<m>\d\d?)/(?P<d>\d\d?)(?=[/?#&.]|$)"),
    re.compile(rf"(?<![^/=]){_YEAR}(?P<sep>[-_.])(?P<m>\d\d?)(?P=sep)(?P<d>\d\d?)(?=[/?#&._-]|$)"),
    re.compile(rf"(?<![^/=_-]){_YEAR}(?P<m>\d\d)(?P<d>\d\d)(?=[/?#&._-]|$)"),
)
# A month: ``/2015/07/`` then anything but a day.
_MONTH = re.compile(rf"(?<![^/]){_YEAR}/(?P<m>\d\d)(?=/|$)(?!/\d\d?(?:[/?#&.]|$))")


class UrlDate(NamedTuple):
    value: str  # "YYYY-MM-DD" or "YYYY-MM"
    precision: str  # "day" | "month"


def _day(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def date_in_url(url: str, latest: date) -> UrlDate | None:
    """The first day written into ``url``'s path or query, else its first month; none later than
    ``latest`` (the day the page was fetched, say: a later one is not a date). An address in a web
    archive is read for the page's own (the archive's time is when the copy was made)."""
    copy = archived_copy(url)
    parts = urlsplit(copy.original if copy else url)
    where = f"{parts.path}?{parts.query}" if parts.query else parts.path
    days = [(m.start(), day) for pattern in _DAYS for m in pattern.finditer(where) if (day := _day(m))]
    days = [(start, day) for start, day in days if day <= latest]
    if days:
        return UrlDate(min(days)[1].isoformat(), "day")
    for m in _MONTH.finditer(where):
        year, month = int(m["y"]), int(m["m"])
        if 1 <= month <= 12 and (year, month) <= (latest.year, latest.month):
            return UrlDate(f"{year}-{month:02d}", "month")
    return None
