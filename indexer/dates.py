"""Publication dates for scraped Arabic news: find date expressions, pick the article's own date.

`find_dates` lists every date expression in a text (Arabic Levantine/Iraqi and Egyptian/Gulf
month names, Hijri dates, numeric and English dates, relative expressions). `extract_published`
chooses the article's publication date from metadata, then the address (a day the site wrote
into it), then the text, then the crawl time, and returns None rather than guess. Matching runs
on a 1:1 folded copy of the text (alef/hamza, alef maqsura, Arabic-Indic digits), so spans index
the original string.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import yaml
from hijridate import Gregorian, Hijri

from indexer.url_dates import date_in_url

__all__ = ["FoundDate", "Published", "as_date", "extract_published", "find_dates"]


# How long after its publication an article may be crawled (SaudiNewsNet, whose addresses date a
# third of it: up to 20 days).
CRAWL_LAG_DAYS = 21


@dataclass(frozen=True)
class Published:
    """The publication date chosen for an article."""

    value: str  # "YYYY-MM-DD", "YYYY-MM" or "YYYY", as precision says
    source: str  # "metadata" | "url" | "text" | "crawl"
    precision: str  # "day" | "month" | "year"

    def span(self) -> tuple[date, date]:
        """The first and the last day the date may be: a month's, a year's; a crawl's day and the
        ``CRAWL_LAG_DAYS`` before it (an article is crawled on the day it is published or later)."""
        year, month, day = (int(part) for part in (*self.value.split("-"), "0", "0")[:3])
        if day:
            last = date(year, month, day)
            return (last - timedelta(days=CRAWL_LAG_DAYS) if self.source == "crawl" else last), last
        if month:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)


@dataclass(frozen=True)
class FoundDate:
    """One date expression found in a text.

    kind: "absolute" (month name with a year), "partial" (month name, no year), "numeric",
    "english", "hijri" (converted to Gregorian), "hijri_partial" (a Hijri day and month, no
    year: ٦ شوال), "relative" (أمس, اليوم الخميس, الشهر الماضي …)
    or "year" (عام 2018). value is ISO at the given precision ("day", "month", "year" or "week",
    a week being given as the date seven days before the reference), or None when the
    expression needs a reference date that was not given. qualifier is "past" (الماضي),
    "future" (المقبل) or "current" (الجاري); weekday (Monday = 0) is set for relative
    expressions that name a day and for day-and-month dates tied to one (أمس الأربعاء، 14 …);
    days_before is, for those, how many days before the day the text was written theirs is (أمس: 1,
    أول أمس: 2, اليوم: 0, غدا: -1).
    """

    span: tuple[int, int]
    text: str
    value: str | None
    precision: str
    kind: str
    qualifier: str | None = None
    weekday: int | None = None
    days_before: int = 0


# --- names -------------------------------------------------------------------------------------

_ALEF = "[اأإآٱ]"
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})


def _load_names() -> dict[str, dict[int, list[str]]]:
    """Month and weekday names from data/months.yaml."""
    path = Path(__file__).with_name("data") / "months.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _key(name: str) -> str:
    """Folded, space-normalised, lower-cased form of a matched name."""
    return " ".join(name.translate(_FOLD).split()).lower()


def _lookup(table: dict[int, list[str]]) -> dict[str, int]:
    """Map each name's key to its number."""
    return {_key(name): num for num, names in table.items() for name in names}


def _variant(word: str) -> str:
    """Regex for a folded word that also matches its hamza / alef-maqsura spellings."""
    return "".join(_ALEF if ch == "ا" else "[يى]" if ch == "ي" else re.escape(ch) for ch in word)


def _alternation(names: dict[str, int]) -> str:
    """Regex alternation of names, longest first, any whitespace between words."""
    ordered = sorted(names, key=len, reverse=True)
    return "|".join(r"\s+".join(map(_variant, name.split())) for name in ordered)


_NAMES = _load_names()
_GREG = _lookup(_NAMES["gregorian"])
_HIJRI = _lookup(_NAMES["hijri"])
_ENGLISH = _lookup(_NAMES["english"])
_WEEKDAY = _lookup(_NAMES["weekdays"])
_ORDINAL = _lookup(_NAMES["ordinal_days"])

# --- patterns ----------------------------------------------------------------------------------
# Every pattern starts with a digit or a literal so the regex engine can skip ahead quickly;
# word boundaries before a match are checked in Python or in a short look-back window.

_S = r"[^\S\n]"  # whitespace within a line
_GREG_ALT = _alternation(_GREG)
_HIJRI_ALT = _alternation(_HIJRI)
_EN_ALT = "|".join(sorted(_ENGLISH, key=len, reverse=True))
_WEEKDAY_ALT = _alternation(_WEEKDAY)
_DAY_SEP = rf"{_S}*(?:[-–—]{_S}*)?(?:من{_S}+)?(?:شهر{_S}+)?"
_YEAR_SEP = rf"{_S}*(?:[-–—,،]{_S}*)?(?:من{_S}+)?(?:(?:ال|ل)?عام{_S}+|سنة{_S}+)?"
_QUAL = rf"(?:قبل{_S}+)?ال(?:ماضي|منصرم|فائت|سابق|مقبل|قادم|جاري|حالي)"
_GREG2 = rf"(?:(?:{_S}*[/(\-–—]{_S}*|{_S}+)(?:{_GREG_ALT})(?!\w)(?:{_S}*\))?)?"  # "سبتمبر/ أيلول", "مارس (آذار)"
_QUAL_KIND = {
    "ماضي": "past",
    "منصرم": "past",
    "فائت": "past",
    "سابق": "past",
    "مقبل": "future",
    "قادم": "future",
    "جاري": "current",
    "حالي": "current",
}

_DIGITS = re.compile(r"\d+")
# After a day: a Gregorian month (a year, a qualifier) or a Hijri one (a year, or none: "6 شوال").
_MONTH_AFTER_DAY = (
    rf"{_DAY_SEP}(?P<gm>{_GREG_ALT})(?!\w){_GREG2}"
    rf"(?:{_YEAR_SEP}(?P<gy>\d{{4}})(?!\d)(?:{_S}*م(?!\w))?)?(?:{_S}+(?P<gq>{_QUAL})(?!\w))?"
    rf"|{_DAY_SEP}(?P<hm>{_HIJRI_ALT})(?!\w)(?:{_YEAR_SEP}(?P<hy>\d{{4}})(?!\d)(?:{_S}*ه\u0640*(?!\w))?)?"
)
_DAY_FIRST = re.compile(
    rf"(?P<day>\d\d?)(?!\d)(?:{_MONTH_AFTER_DAY}"
    rf"|(?i:(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<em>{_EN_ALT})(?![a-z])\.?,?\s+)(?P<ey>\d{{4}})(?!\d)"
    rf")"
)
# A day written as an ordinal: "السادس من شهر شوال 1436هـ", "الحادي عشر من سبتمبر", "غرة رمضان".
_ORDINAL_DAY = re.compile(rf"(?P<day>{_alternation(_ORDINAL)})(?!\w)(?:{_MONTH_AFTER_DAY})")
_ORDINAL_BEFORE = re.compile(rf"(?<!\w)(?:{_alternation(_ORDINAL)}){_S}*$")  # an ordinal ending at "من"


_ORDINAL_ENDS = frozenset(name[-3:] for name in _ORDINAL)  # folded: the last letters before "من"
_BEFORE_ORDINAL = frozenset(  # words after which an ordinal is a day (folded: ا for أ/إ/آ, ي for ى)
    re.findall(r"\S+", "في يوم ليله ليلة اليوم الموافق تاريخ بتاريخ منذ حتي من الي عن بعد قبل صباح مساء فجر "
               "ظهر ظهيره ظهيرة عصر صبيحه صبيحة غدا امس الاول مطلع")
)
_WORDS = re.compile(r"[^\W\d_]+")
_NUMERIC = re.compile(
    rf"(?:(?P<y1>\d{{4}})(?P<s1>[/.\-]{_S}?)(?P<m1>\d\d?)(?P=s1)(?P<d1>\d\d?)"
    rf"|(?P<d2>\d\d?)(?P<s2>[/.\-]{_S}?)(?P<m2>\d\d?)(?P=s2)(?P<y2>\d{{4}}))(?![\d/\-]|[.,]\d)"
    rf"(?:{_S}*(?P<era>ه\u0640*|م)(?!\w))?"
)
_BEFORE_YEAR = re.compile(  # searched in the text just before a 4-digit year
    rf"(?:(?<![^\W\d])(?:(?P<gm>{_GREG_ALT})(?!\w){_GREG2}|(?P<hm>{_HIJRI_ALT})(?!\w))"
    rf"|(?i:(?<![a-z])(?P<em>{_EN_ALT})(?![a-z])\.?{_S}+(?P<ed>\d\d?)(?!\d)(?:st|nd|rd|th)?,?)"
    rf"|(?<!\w)[وف]?[بل]?(?P<yr>(?:ال|ل)?(?:عام|سنة)))"
    rf"{_YEAR_SEP}$"
)
_YEAR_TAIL = re.compile(rf"\d{{4}}(?:{_S}*(?:م|ه\u0640*)(?!\w))?")
_QUAL_SCAN = re.compile(r"ال(?P<q>ماضي|منصرم|فائت|سابق|مقبل|قادم|جاري|حالي)[ةه]?(?!\w)")
_BEFORE_QUAL = re.compile(  # searched in the text just before a qualifier
    rf"(?:(?<![^\W\d])(?P<gm>{_GREG_ALT})(?!\w){_GREG2}"
    rf"|(?<!\w)[وف]?[بل]?(?P<unit>(?:ال|ل)(?:شهر|{_ALEF}سبوع|عام|سنة)))"
    rf"(?P<before>{_S}+قبل)?{_S}+$"
)
_RELATIVE = re.compile(
    rf"(?P<word>{_ALEF}ول{_S}+(?:من{_S}+)?{_ALEF}مس|{_ALEF}مس(?:{_S}+ال{_ALEF}ول)?|اليوم|غد\u064b?ا\u064b?)(?!\w)"
    rf"(?:{_S}*[،,(]?{_S}*(?:يوم{_S}+)?(?P<wd>{_WEEKDAY_ALT})(?!\w)(?:{_S}*\))?)?"
)
_REL_ALEFS = frozenset("اأإآٱ")
_REL_WORDS = ("اليوم", "غد")
_REL_PREFIXES = frozenset({"", "و", "ف", "ال", "وال", "فال", "بال", "وبال", "فبال"})
_MUWAFIQ_GAP = re.compile(rf"{_S}*[،,(]?{_S}*و?الموافق{_S}*(?:ل\u0640*{_S}*)?")
_BIND_GAP = re.compile(r"[\s،,()\-–—]*(?:(?:في|الموافق)[\s،,]*)?")
_LOOK_BACK = 48

# --- resolution helpers ------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> date | None:
    """date(year, month, day), or None if that day does not exist."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _hijri(year: int, month: int, day: int) -> date | None:
    """Gregorian date of a Hijri (Umm al-Qura) date, or None if out of range."""
    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _year_for(month: int, day: int, qualifier: str | None, ref: date, past_shift: int) -> int:
    """Year of a yearless month (and day) as seen from `ref`, following its qualifier."""
    if qualifier == "past":
        return (ref.year if month < ref.month else ref.year - 1) - past_shift
    if qualifier == "future":
        return ref.year if month > ref.month else ref.year + 1
    if qualifier == "current":
        return ref.year
    return ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1


def _month_shift(day: date, months: int) -> str:
    """ "YYYY-MM" of the month `months` away from day's month."""
    index = day.year * 12 + day.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# --- matchers ----------------------------------------------------------------------------------


def _item(
    text: str, start: int, end: int, value: str | None, precision: str, kind: str, qual: str | None = None
) -> FoundDate:
    """A FoundDate for text[start:end]."""
    return FoundDate((start, end), text[start:end], value, precision, kind, qual)


def _qual(raw: str | None) -> tuple[str | None, int]:
    """Qualifier kind of "(قبل) الماضي"-style text, and the extra years back "قبل" adds."""
    if not raw:
        return None, 0
    words = raw.split()
    return _QUAL_KIND[words[-1].removeprefix("ال")], int(len(words) > 1)


def _gregorian(
    text: str,
    span: tuple[int, int],
    month: int,
    day: int | None,
    year: int | None,
    qual: str | None,
    shift: int,
    ref: date | None,
) -> FoundDate | None:
    """A date written with a Gregorian month name; a yearless one resolves against `ref`."""
    start, end = span
    if year is not None and not 1900 <= year <= 2100:
        return None
    if year is not None:
        if day is None:
            return _item(text, start, end, f"{year:04d}-{month:02d}", "month", "absolute", qual)
        when = _safe_date(year, month, day)
        return _item(text, start, end, when.isoformat(), "day", "absolute", qual) if when else None
    if day is None and qual is None:
        return None  # a bare month name is not a date (and "مارس" is also a verb)
    value = None
    if ref is not None:
        year = _year_for(month, day or 1, qual, ref, shift)
        when = _safe_date(year, month, day or 1)
        value = (when.isoformat() if day else when.isoformat()[:7]) if when else None
    return _item(text, start, end, value, "day" if day else "month", "partial", qual)


def _numeric(m: re.Match[str], text: str) -> FoundDate | None:
    """2020/02/08, 08-02-2020, 1441/6/14هـ (Hijri when so marked or the year is 1343-1500)."""
    if m["y1"]:
        year, month, day = int(m["y1"]), int(m["m1"]), int(m["d1"])
    else:
        year, month, day = int(m["y2"]), int(m["m2"]), int(m["d2"])
        if month > 12 >= day:
            month, day = day, month
    start, end = m.span()
    if (m["era"] or "").startswith("ه") or 1343 <= year <= 1500:
        when = _hijri(year, month, day)
        return _item(text, start, end, when.isoformat(), "day", "hijri") if when else None
    when = _safe_date(year, month, day) if 1900 <= year <= 2100 else None
    return _item(text, start, end, when.isoformat(), "day", "numeric") if when else None


def _hijri_partial(month: int, day: int, ref: date | None) -> str | None:
    """The Gregorian day of a yearless Hijri day ("6 شوال"): its last occurrence up to `ref`."""
    if ref is None:
        return None
    now = Gregorian.fromdate(ref).to_hijri()
    when = _hijri(now.year if (month, day) <= (now.month, now.day) else now.year - 1, month, day)
    return when.isoformat() if when else None


def _day_first(m: re.Match[str], text: str, ref: date | None) -> FoundDate | None:
    """A date that starts with its day (in digits or an ordinal): Gregorian or Hijri month name, or English."""
    day, span = int(m["day"]) if m["day"].isdigit() else _ORDINAL[_key(m["day"])], m.span()
    if not 1 <= day <= 31:
        return None
    if m["gm"]:
        qual, shift = _qual(m["gq"])
        year = int(m["gy"]) if m["gy"] else None
        return _gregorian(text, span, _GREG[_key(m["gm"])], day, year, qual, shift, ref)
    if m["hm"]:
        month = _HIJRI[_key(m["hm"])]
        if not m["hy"]:
            return _item(text, *span, _hijri_partial(month, day, ref), "day", "hijri_partial")
        when = _hijri(int(m["hy"]), month, day)
        return _item(text, *span, when.isoformat(), "day", "hijri") if when else None
    year = int(m["ey"])
    when = _safe_date(year, _ENGLISH[m["em"].lower()], day) if 1900 <= year <= 2100 else None
    return _item(text, *span, when.isoformat(), "day", "english") if when else None


def _before_year(text: str, pos: int, year: int, ref: date | None) -> FoundDate | None:
    """A date that ends with the 4-digit year at `pos`: month + year, "October 7, 2021", عام 2018."""
    m = _BEFORE_YEAR.search(text, max(0, pos - _LOOK_BACK), pos)
    if m is None:
        return None
    tail = _YEAR_TAIL.match(text, pos)
    span = (m.start(), tail.end() if tail else pos + 4)
    if m["hm"]:
        mid = _hijri(year, _HIJRI[_key(m["hm"])], 15)
        return _item(text, *span, mid.isoformat()[:7], "month", "hijri") if mid else None
    if not 1900 <= year <= 2100:
        return None
    if m["gm"]:
        return _gregorian(text, span, _GREG[_key(m["gm"])], None, year, None, 0, ref)
    if m["em"]:
        when = _safe_date(year, _ENGLISH[m["em"].lower()], int(m["ed"]))
        return _item(text, *span, when.isoformat(), "day", "english") if when else None
    return _item(text, *span, f"{year:04d}", "year", "year")


def _at_digits(run: re.Match[str], text: str, ref: date | None) -> FoundDate | None:
    """The date expression, if any, that a run of digits starts or ends."""
    pos, digits = run.start(), run.group()
    if text[run.end() : run.end() + 1] in ("/", ".", "-") and (m := _NUMERIC.match(text, pos)):
        return _numeric(m, text)
    if len(digits) <= 2 and (m := _DAY_FIRST.match(text, pos)):
        return _day_first(m, text, ref)
    if len(digits) == 4:
        return _before_year(text, pos, int(digits), ref)
    return None


def _ordinal_days(text: str, ref: date | None) -> Iterator[FoundDate]:
    """Dates whose day is an ordinal: looked for before each "من" that follows an ordinal's last
    letters, and at each "غرة", not at every "ال" of the text."""
    starts = []
    i = text.find(" من")
    while i != -1:
        if text[i - 3 : i].translate(_FOLD) in _ORDINAL_ENDS and (
            found := _ORDINAL_BEFORE.search(text, max(0, i - 24), i)
        ):
            starts.append(found.start())
        i = text.find(" من", i + 1)
    for key in ("غرة", "غره"):
        i = text.find(key)
        while i != -1:
            if not i or not text[i - 1].isalpha():
                starts.append(i)
            i = text.find(key, i + 1)
    for start in starts:
        if (m := _ORDINAL_DAY.match(text, start)) and _ordinal_may_start(text, start):
            item = _day_first(m, text, ref)
            if item is not None:
                yield item


def _ordinal_may_start(text: str, start: int) -> bool:
    """Whether an ordinal at `start` can be a day: after punctuation or nothing on its line, or after a
    word that leads to a date (في, يوم, ليلة, الموافق, a weekday…); not in «الأسبوع الأول من أغسطس»,
    «النصف الثاني من يوليو» or a month's own name (تشرين «الثاني», ربيع «الأول»)."""
    words = list(_WORDS.finditer(text, max(0, text.rfind("\n", 0, start) + 1, start - 24), start))
    if not words or text[words[-1].end() : start].strip():
        return True  # punctuation before it: "الرياض - الثاني والعشرين من يوليو"
    word = words[-1].group().translate(_FOLD)
    return word in _BEFORE_ORDINAL or word in _WEEKDAY or (word[:1] in "وفبل" and word[1:] in _BEFORE_ORDINAL)


def _after_alef(text: str, key: str) -> list[int]:
    """Positions of an alef (any hamza form) followed by `key`."""
    out = []
    i = text.find(key, 1)
    while i != -1:
        if text[i - 1] in _REL_ALEFS:
            out.append(i - 1)
        i = text.find(key, i + 1)
    return out


def _relative_starts(text: str) -> list[int]:
    """Sorted positions where `_RELATIVE` can start a match, found with `str.find` (C speed)."""
    starts = _after_alef(text, "مس")  # أمس
    if starts:  # أول (من) أمس needs an أمس too
        starts += _after_alef(text, "ول")
    for key in _REL_WORDS:
        i = text.find(key)
        while i != -1:
            starts.append(i)
            i = text.find(key, i + 1)
    starts.sort()
    return starts


def _relatives(text: str) -> Iterator[re.Match[str]]:
    """Same matches as ``_RELATIVE.finditer(text)``, tried only where one can start."""
    end = 0
    for start in _relative_starts(text):
        if start >= end and (m := _RELATIVE.match(text, start)):
            end = m.end()
            yield m


def _relative(m: re.Match[str], text: str, ref: date | None) -> FoundDate | None:
    """أمس, أول أمس, اليوم الخميس, أمس (الأربعاء), غداً …: resolved against `ref`."""
    start = i = m.start()
    while i > 0 and start - i <= 4 and text[i - 1].isalpha():
        i -= 1
    if text[i:start].translate(_FOLD) not in _REL_PREFIXES or (i > 0 and text[i - 1].isalpha()):
        return None
    word = _key(m["word"])
    weekday = _WEEKDAY[_key(m["wd"])] if m["wd"] else None
    if word == "اليوم" and weekday is None:
        return None  # bare اليوم is too often "the day" (اليوم الوطني, عين اليوم …)
    if word.startswith("اول") or word.endswith("الاول"):
        offset = 2
    else:
        offset = 1 if word.startswith("امس") else 0 if word == "اليوم" else -1
    value = None
    if ref is not None:
        base = ref - timedelta(days=offset)
        if weekday is not None:
            back = (base.weekday() - weekday) % 7
            base = base - timedelta(days=back) if offset >= 0 else base + timedelta(days=-back % 7)
        value = base.isoformat()
    qual = "future" if offset < 0 else "current" if offset == 0 else "past"
    return FoundDate(m.span(), m.group(), value, "day", "relative", qual, weekday, offset)


def _qualified(m: re.Match[str], text: str, ref: date | None) -> FoundDate | None:
    """A month name or period followed by a qualifier: أيلول الماضي, الشهر الماضي, العام المقبل."""
    found = _BEFORE_QUAL.search(text, max(0, m.start() - _LOOK_BACK), m.start())
    if found is None:
        return None
    qual, shift = _QUAL_KIND[m["q"]], int(bool(found["before"]))
    span = (found.start(), m.end())
    if found["gm"]:
        return _gregorian(text, span, _GREG[_key(found["gm"])], None, None, qual, shift, ref)
    unit = _key(found["unit"]).removeprefix("ال").removeprefix("ل")
    precision = {"شهر": "month", "اسبوع": "week"}.get(unit, "year")
    step = {"past": -1 - shift, "future": 1, "current": 0}[qual]
    value = None
    if ref is not None:
        if precision == "month":
            value = _month_shift(ref, step)
        elif precision == "week":
            value = (ref + timedelta(days=7 * step)).isoformat()
        else:
            value = f"{ref.year + step:04d}"
    return _item(text, *span, value, precision, "relative", qual)


def _merge(found: list[FoundDate], text: str) -> list[FoundDate]:
    """Join "<Hijri> الموافق <Gregorian>" pairs and tie day-and-month dates to a named weekday."""
    out: list[FoundDate] = []
    for item in found:
        prev = out[-1] if out else None
        if prev is not None and prev.precision == item.precision == "day":
            gap = text[prev.span[1] : item.span[0]]
            kinds = {prev.kind, item.kind}
            if "hijri" in kinds and len(kinds) == 2 and "relative" not in kinds and _MUWAFIQ_GAP.fullmatch(gap):
                greg = item if prev.kind == "hijri" else prev
                span = (prev.span[0], item.span[1])
                out[-1] = replace(greg, span=span, text=text[span[0] : span[1]])
                continue
            if (
                prev.kind == "relative"
                and prev.weekday is not None
                and prev.qualifier != "future"  # «غدا الجمعة 17 يوليو»: tomorrow's date, not the article's
                and item.kind in ("partial", "absolute", "hijri_partial")
                and len(gap) <= 12
                and _BIND_GAP.fullmatch(gap)
            ):
                item = replace(item, weekday=prev.weekday, days_before=prev.days_before)
        out.append(item)
    return out


def find_dates(text: str, reference: date | None = None) -> list[FoundDate]:
    """Every date expression in `text`, in order; of overlapping matches the earliest, longest wins.

    Expressions that need a reference (relative ones, day and month without a year) get
    value None when `reference` is None.
    """
    raw: list[FoundDate] = []
    covered = 0
    for run in _DIGITS.finditer(text):
        pos = run.start()
        if pos < covered or (pos and text[pos - 1] in ".,/:"):
            continue
        item = _at_digits(run, text, reference)
        if item is not None:
            raw.append(item)
            covered = item.span[1]
    raw.extend(_ordinal_days(text, reference))
    for m in _relatives(text):
        item = _relative(m, text, reference)
        if item is not None:
            raw.append(item)
    for m in _QUAL_SCAN.finditer(text):
        item = _qualified(m, text, reference)
        if item is not None:
            raw.append(item)
    raw.sort(key=lambda f: (f.span[0], -f.span[1]))
    kept: list[FoundDate] = []
    end = -1
    for item in raw:
        if item.span[0] >= end:
            kept.append(item)
            end = item.span[1]
    return _merge(kept, text)


# --- choosing the publication date -------------------------------------------------------------

_LEAD_CHARS = 300  # the dateline/byline zone at the top of the body
_PROSE_BEFORE = re.compile(  # "في", "منذ", "يوم الثلاثاء", "الموافق" … just before a date: an event, not a dateline
    r"(?<![^\s(\"'«“])[وف]?(?:في|فى|منذ|حتى|حتي|قبل|بعد|من|الى|إلى|عن|خلال|يوم|ليوم|يومي|مطلع|بداية|نهاية|أواخر"
    r"|اواخر|أوائل|اوائل|بين|لغاية|تاريخ|بتاريخ|لتاريخ|عام|موعد|ذكرى|بذكرى|ثورة|لثورة|هجمات|اعتداءات|أحداث|احداث"
    r"|مواليد|ولد|المولود|المولودة|الموافق|عدد|الصادر|المنشور)"
    rf"(?:[\s\u0640،,]+(?:{_WEEKDAY_ALT}|يوم|الموافق|الماضي))*[\s\u0640،,:\d\-–—و\"'«“(]*$"
)
_MONTH_LEAD_CHARS = 120  # month-precision datelines ("الرياض – فبراير 2020") must be this early
_DATELINE_CHARS = 60  # a date long before the crawl counts only as a real dateline, this early in the body
_STALE_DAYS = 31  # "long before the crawl": event dates ("في منتصف أكتوبر من عام 1940") are not the article's
_ENTRY = re.compile(r"[^\S\n]*[:：]")  # after a date that heads an entry: "* 28 مايو 1990: عقد القمة…"
_ENTRY_PREFIX = re.compile(r"[\s*•·▪●◆\-–—]*")  # what may come before it on its line: space, a bullet
_CHRONOLOGY_ENTRIES = 3  # lines "date: event" that make a chronology


def _plausible(value: str) -> bool:
    """Year between 1900 and next year."""
    return 1900 <= int(value[:4]) <= date.today().year + 1


def as_date(value: str) -> date | None:
    """date of an ISO "YYYY-MM-DD" prefix, or None."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_HIJRI_YEARS = (1300, 1600)  # an ISO-like metadata day in these years is a Hijri one (1883-2174)


def _from_metadata(raw: str) -> Published | None:
    """Publication date from a metadata string (ISO date/datetime, "YYYY-MM", "YYYY" or any dated
    text); an ISO-like day of a Hijri year (``1445-10-23``) is that Hijri day."""
    raw = raw.strip()
    iso = re.fullmatch(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ].*)?", raw)
    if iso:
        year, month, day = iso.groups()
        hijri = _HIJRI_YEARS[0] <= int(year) < _HIJRI_YEARS[1]  # 1445-10-23: a Saudi site's Hijri day
        if day:
            when = (_hijri if hijri else _safe_date)(int(year), int(month), int(day))
            found = when and Published(when.isoformat(), "metadata", "day")
        elif month:
            found = Published(f"{year}-{int(month):02d}", "metadata", "month") if 1 <= int(month) <= 12 else None
        else:
            found = Published(year, "metadata", "year")
    else:
        dated = [f for f in find_dates(raw) if f.value and f.kind not in ("relative", "partial", "hijri_partial")]
        found = Published(dated[0].value or "", "metadata", dated[0].precision) if dated else None
    return found if found and _plausible(found.value) else None


def _score(
    item: FoundDate, lead: bool, month_lead: bool, now_weekdays: dict[int, int], window: tuple[str, str] | None
) -> int:
    """How strongly a found date says "this is the article's date" (0 = not at all).

    `window` is None for dates in the title, else the (earliest, latest) ISO days a date deep in
    the body may have to count as today's/yesterday's date named by an اليوم/أمس + weekday.
    A bare أمس or أول أمس counts for nothing: it says the text was written a day or two after some
    day, which only the reference (the crawl day) tells.
    """
    if item.value is None or item.precision not in ("day", "month"):
        return 0
    if item.kind == "relative":
        named = item.precision == "day" and item.qualifier != "future" and item.weekday is not None
        return (90 if lead else 65) if named else 0
    if item.qualifier is not None:
        return 0  # الماضي / المقبل / الجاري: an event, not the article
    if item.precision == "month":
        return 40 if month_lead and item.kind != "partial" else 0
    if item.weekday is not None:
        return 95 if lead else 70  # tied to أمس/اليوم + weekday
    if item.kind == "hijri_partial":
        return 0  # "ليلة ٢٧ رمضان", "غرة شوال": a day of the Hijri year the article recalls
    if item.kind == "partial":
        return 50 if lead else 0
    if lead:
        return 100  # dateline-style full date
    when = as_date(item.value)
    if window is None or when is None or not window[0] <= item.value <= window[1]:
        return 0
    return 85 if when.weekday() in now_weekdays else 0


def _chronology(found: list[FoundDate], text: str) -> set[int]:
    """Where the dates that head the entries of a chronology start (lines "* 28 مايو 1990: …", three
    or more): each is an event the article lists, not its date. Empty when the text is no chronology
    (a single "الرياض 12 مارس 2014: …" is a dateline)."""
    starts = {
        f.span[0] for f in found
        if f.precision == "day" and _ENTRY.match(text, f.span[1])
        and _ENTRY_PREFIX.fullmatch(text, text.rfind("\n", 0, f.span[0]) + 1, f.span[0])
    }  # fmt: skip
    return starts if len(starts) >= _CHRONOLOGY_ENTRIES else set()


def _anchored_today(found: list[FoundDate], text: str) -> tuple[dict[int, str], set[int]]:
    """«غدا الاثنين 20 يوليو»: tomorrow named with its date (the weekday agreeing), so the article is of
    the day before it. Where each such «غدا» starts -> that day, and where their dates start (tomorrow's,
    not the article's)."""
    today: dict[int, str] = {}
    tomorrow: set[int] = set()
    for prev, item in pairwise(found):
        if prev.kind != "relative" or prev.qualifier != "future" or prev.weekday is None or item.precision != "day":
            continue
        when = as_date(item.value or "")
        gap = text[prev.span[1] : item.span[0]]
        if when and when.weekday() == prev.weekday and len(gap) <= 12 and _BIND_GAP.fullmatch(gap):
            today[prev.span[0]] = (when - timedelta(days=1)).isoformat()
            tomorrow.add(item.span[0])
    return today, tomorrow


def _written_on(item: FoundDate, value: str, lead: bool, now_weekdays: dict[int, int]) -> str:
    """The day a text was written that names ``item``'s day (``value``) as today or yesterday: the
    day after «أمس الأربعاء، 14 أكتوبر», or after a date deep in the body on yesterday's weekday."""
    when = date.fromisoformat(value)
    back = item.days_before if item.weekday is not None else 0 if lead else now_weekdays.get(when.weekday(), 0)
    return (when + timedelta(days=back)).isoformat() if back else value


def _from_text(title: str, body: str, reference: date | None, ceiling: date | None) -> Published | None:
    """Best publication-date candidate in the title and body (none later than `ceiling`), or None."""
    offset = len(title) + 1
    text = f"{title}\n{body}"
    lead_end, month_end = offset + _LEAD_CHARS, offset + _MONTH_LEAD_CHARS
    found = find_dates(text, reference)
    now_weekdays: dict[int, int] = {}  # today's or yesterday's weekday -> its days before the text's day
    for f in found:
        if f.kind == "relative" and f.weekday is not None and f.qualifier != "future":
            now_weekdays.setdefault(f.weekday, f.days_before)
    past = [
        f.value for f in found if f.qualifier == "past" and f.kind != "relative" and f.precision == "day" and f.value
    ]
    floor = max(past, default="")
    latest = (ceiling + timedelta(days=1)).isoformat() if ceiling else "9999"
    window = ((ceiling - timedelta(days=7)).isoformat() if ceiling else "", latest)
    stale = (ceiling - timedelta(days=_STALE_DAYS)).isoformat() if ceiling else ""
    entries = _chronology(found, text)
    anchored, tomorrow = _anchored_today(found, text)
    best: tuple[int, FoundDate, str] | None = None
    for item in found:
        start = item.span[0]
        if start in entries or start in tomorrow:
            continue
        # The title and running prose ("في 8 مارس 2014") are where event dates live; a dateline is not.
        lead = offset <= start < lead_end and not _PROSE_BEFORE.search(text, max(offset, start - 40), start)
        score = _score(item, lead, lead and start < month_end, now_weekdays, window if start >= offset else None)
        value = item.value
        if start in anchored:  # tomorrow with its date: the article's day is the one before
            score, value = (90 if lead else 65), anchored[start]
        elif score and value and item.precision == "day":  # أمس الأربعاء: the text is of Thursday
            value = _written_on(item, value, lead, now_weekdays)
        if not score or value is None or not _plausible(value) or value < floor[: len(value)]:
            continue
        if value > latest[: len(value)]:
            continue  # after the reference / crawl day: not the publication date
        dateline = lead and item.precision == "day" and item.kind != "partial" and start < offset + _DATELINE_CHARS
        if value < stale[: len(value)] and not dateline:
            # a month or more before it: an event the article recalls, unless a dateline with its year
            # says so (a year-less "6 أكتوبر", "(8 آذار)", "الفصل السابع 15 أغسطس:" would be given a guessed year)
            continue
        if best is None or score > best[0]:
            best = (score, item, value)
    return Published(best[2], "text", best[1].precision) if best else None


def _from_crawl(crawled: str) -> Published | None:
    """Day of a "YYYY-MM-DD hh:mm:ss" crawl timestamp."""
    when = as_date(crawled.strip())
    return Published(when.isoformat(), "crawl", "day") if when and _plausible(when.isoformat()) else None


def extract_published(
    title: str,
    body: str,
    *,
    metadata_date: str | None = None,
    url: str | None = None,
    crawled: str | None = None,
    reference: date | None = None,
) -> Published | None:
    """The article's publication date: plausible metadata, else a day written into its address
    (``/2015/07/20/``), else the text, else the crawl day, else None. A month in the address
    (``/2015/07/slug``) gives way to a day of that month in the text.

    In the text a dateline-style full date near the top of the body wins (not one in the title
    or in running prose such as "في 8 مارس 2014"); then a date tied to أمس/اليوم + weekday;
    then اليوم/أمس + weekday resolved against `reference` (none without it; a bare أمس dates
    nothing); a full date deep in the body counts only if its weekday agrees with such an
    expression (and, when a reference or crawl day is known, falls in the week before it). A
    day named as yesterday's dates the text the day after it. Dates qualified as
    past/future (الماضي, المقبل), month-only mentions and bare years are event references,
    never the article's date; day-and-month without a year needs `reference`. No text date
    may be later than the reference (or the crawl day) plus one day.
    """
    if metadata_date:
        found = _from_metadata(metadata_date)
        if found:
            return found
    crawl = _from_crawl(crawled) if crawled else None
    ceiling = reference or (date.fromisoformat(crawl.value) if crawl else None)
    in_url = date_in_url(url, (ceiling or date.today()) + timedelta(days=1)) if url else None
    if in_url and in_url.precision == "day":
        return Published(in_url.value, "url", "day")
    in_text = _from_text(title or "", body or "", reference, ceiling)
    if in_url and not (in_text and in_text.value.startswith(in_url.value)):
        return Published(in_url.value, "url", "month")
    return in_text or crawl
