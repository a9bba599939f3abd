"""Dates in the two calendars: typed for a date range (``--since``/``--until``, the page URL's
``since``/``until``: a day, a month or a year, Gregorian or Hijri), and an article's day in Hijri;
moments typed for "loaded since" (``--loaded-since``, the URL's ``loaded``)."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, timedelta

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


LAST_LOAD = "last"  # "loaded since" the start of the last load: its articles
LOADED_FORMS = "last, today, yesterday, 12h, 3d, 2w, or a day or time (2026-11-24, '2026-11-24 09:30', local time)"
_AGO = re.compile(r"(\d{1,5})\s*([hdw])")
_AGO_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def loaded_since(value: str, now: datetime) -> datetime | None:
    """The moment a "loaded since" value names, in UTC: ``today``/``yesterday`` (from midnight),
    ``12h``/``3d``/``2w`` before ``now``, or a day or a time (ISO; local time unless it says its
    offset). None for :data:`LAST_LOAD`: the last load's start, which only the engine knows.
    Raises ValueError for anything else."""
    text = value.strip().lower()
    if text == LAST_LOAD:
        return None
    local = now.astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if text in ("today", "yesterday"):
        moment = midnight - timedelta(days=1 if text == "yesterday" else 0)
    elif m := _AGO.fullmatch(text):
        moment = local - timedelta(**{_AGO_UNITS[m[2]]: int(m[1])})
    else:
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a moment; use {LOADED_FORMS}") from None
        if moment.tzinfo is None:
            moment = moment.astimezone()  # naive: this machine's local time
    return moment.astimezone(UTC)
