"""Dates in the two calendars: typed for a date range (``--since``/``--until``, the page URL's
``since``/``until``: a day, a month or a year, Gregorian or Hijri), and an article's day in Hijri."""

from __future__ import annotations

import calendar
import re
from datetime import date

from hijridate import Gregorian, Hijri

HIJRI_BEFORE = 1600  # a year below this is a Hijri year (1436-09: Ramadan 1436)
_PERIOD = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
FORMS = "YYYY-MM-DD, YYYY-MM or YYYY (Hijri: a year before 1600, 1436-09)"


def period_day(value: str, *, end: bool = False) -> date:
    """The day ``YYYY-MM-DD``, or the first (``end``: the last) day of the month ``YYYY-MM`` or the
    year ``YYYY``; a Hijri one as its Gregorian day. Raises ValueError for anything else (also a
    Hijri year out of the calendar's tables, 1343–1500)."""
    m = _PERIOD.fullmatch(value.strip())
    if m is None:
        raise ValueError(f"{value!r} is not a date")
    year, month, day = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
    if year < HIJRI_BEFORE:
        try:
            last = Hijri(year, month, 1).month_length()
            return Hijri(year, month, int(day) if day else last if end else 1).to_gregorian()
        except OverflowError as exc:
            raise ValueError(f"{value!r} is not a date ({exc})") from None
    last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
    return date(year, month, int(day) if day else last if end else 1)


def hijri_of(published: str | None) -> Hijri | None:
    """The Hijri day of a day ``YYYY-MM-DD``; None for a month, a year, or a day out of the calendar's
    tables (1924–2077)."""
    try:
        return Gregorian.fromisoformat((published or "")[:10]).to_hijri()
    except (ValueError, OverflowError):
        return None
