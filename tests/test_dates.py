"""Tests for indexer.dates: date expressions in Arabic news text and the publication date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from indexer.dates import FoundDate, Published, extract_published, find_dates
from tests.conftest import SEEDS

REF = date(2020, 10, 15)  # a Thursday


def only(text: str, reference: date | None = None) -> FoundDate:
    """The single date expression found in text."""
    found = find_dates(text, reference)
    assert len(found) == 1, found
    return found[0]


def seed(name: str) -> tuple[str, str]:
    """(title, body) of a seed file: first line and the rest."""
    title, _, body = (SEEDS / name).read_text(encoding="utf-8").partition("\n")
    return title, body


# --- month names -------------------------------------------------------------------------------

LEVANTINE = [
    ("كانون الثاني", 1), ("كانون ثاني", 1), ("شباط", 2), ("آذار", 3), ("اذار", 3), ("نيسان", 4),
    ("أيار", 5), ("ايار", 5), ("حزيران", 6), ("تموز", 7), ("آب", 8), ("اب", 8), ("أيلول", 9),
    ("ايلول", 9), ("تشرين الأول", 10), ("تشرين الاول", 10), ("تشرين الثاني", 11),
    ("كانون الأول", 12), ("كانون الاول", 12),
]  # fmt: skip
EGYPTIAN_GULF = [
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("ابريل", 4), ("إبريل", 4), ("مايو", 5),
    ("يونيو", 6), ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("أغسطس", 8), ("اغسطس", 8),
    ("سبتمبر", 9), ("أكتوبر", 10), ("اكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
]  # fmt: skip


@pytest.mark.parametrize(("name", "month"), LEVANTINE + EGYPTIAN_GULF)
def test_month_names_day_month_year(name: str, month: int) -> None:
    found = only(f"وقال في 5 {name} 2020 إن")
    assert (found.value, found.precision, found.kind) == (f"2020-{month:02d}-05", "day", "absolute")
    assert found.text == f"5 {name} 2020"


@pytest.mark.parametrize(("name", "month"), LEVANTINE + EGYPTIAN_GULF)
def test_month_names_month_year(name: str, month: int) -> None:
    found = only(f"منذ {name} 2017 حتى")
    assert (found.value, found.precision) == (f"2017-{month:02d}", "month")


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("29 سبتمبر/ أيلول 2021", "2021-09-29", "day"),
        ("29 سبتمبر / أيلول 2021", "2021-09-29", "day"),
        ("مارس/آذار 2020", "2020-03", "month"),
        ("10 مارس (آذار) 2020", "2020-03-10", "day"),
        ("٨ فبراير ٢٠٢٠", "2020-02-08", "day"),
        ("٢٩ سبتمبر/ أيلول ٢٠٢١م", "2021-09-29", "day"),
        ("8 – فبراير – 2020", "2020-02-08", "day"),
        ("8 - فبراير - 2020", "2020-02-08", "day"),
        ("8 — فبراير — 2020", "2020-02-08", "day"),
        ("الـ20 من أكتوبر من العام 2014", "2014-10-20", "day"),
        ("14 من شهر تشرين الأول 2020", "2020-10-14", "day"),
        ("10 اغسطس 2015 م", "2015-08-10", "day"),
    ],
)
def test_combined_digits_and_fillers(text: str, value: str, precision: str) -> None:
    found = only(f"وذلك يوم {text} في العاصمة")
    assert (found.value, found.precision) == (value, precision)


def test_day_month_without_year_needs_reference() -> None:
    found = only("أجريا اتصالا، 14 من تشرين الأول، وبحثا")
    assert (found.value, found.kind, found.precision) == (None, "partial", "day")
    assert only("أجريا اتصالا، 14 من تشرين الأول، وبحثا", REF).value == "2020-10-14"
    assert only("وقع في 20 من تشرين الأول", REF).value == "2019-10-20"  # most recent not after REF


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("في 10 من حزيران الماضي", "2020-06-10", "past"),
        ("في 17 من أيلول الماضي", "2020-09-17", "past"),
        ("في 28 و29 حزيران المقبل", "2021-06-29", "future"),
        ("في 10 من تشرين الأول الحالي", "2020-10-10", "current"),
        ("يوم 29 سبتمبر/ أيلول الماضي", "2020-09-29", "past"),
    ],
)
def test_qualified_day_month(text: str, value: str, qualifier: str) -> None:
    found = only(text, REF)
    assert (found.value, found.qualifier, found.precision) == (value, qualifier, "day")
    assert only(text).value is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("منذ أيار الجاري", "2020-05"), ("حتى نهاية فبراير الماضي", "2020-02"),
     ("منذ مارس/آذار قبل الماضي", "2019-03"), ("نهاية تشرين الأول المقبل", "2020-10"), ("أيار المقبل", "2021-05")],
)  # fmt: skip
def test_qualified_month(text: str, value: str) -> None:
    found = only(text, date(2020, 5, 20))
    assert (found.value, found.precision, found.kind) == (value, "month", "partial")


# --- numeric, English, Hijri -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("2020/02/08", "2020-02-08", "numeric"),
        ("08-02-2020", "2020-02-08", "numeric"),
        ("2020-02-08", "2020-02-08", "numeric"),
        ("08.02.2020", "2020-02-08", "numeric"),
        ("٢٠٢٠/٠٢/٠٨", "2020-02-08", "numeric"),
        ("October 7, 2021", "2021-10-07", "english"),
        ("7 October 2021", "2021-10-07", "english"),
        ("Oct. 7, 2021", "2021-10-07", "english"),
        ("7th of october 2021", "2021-10-07", "english"),
        ("12 رجب 1441 هـ", "2020-03-07", "hijri"),
        ("12 رجب 1441هـ", "2020-03-07", "hijri"),
        ("1441/6/14هـ", "2020-02-08", "hijri"),
        ("٤-١٠-١٤٣٦", "2015-07-20", "hijri"),
        ("23/ 9/ 1436هـ", "2015-07-10", "hijri"),
        ("14 جمادى الآخرة 1441 هـ", "2020-02-08", "hijri"),
    ],
)
def test_numeric_english_hijri(text: str, value: str, kind: str) -> None:
    found = only(f"نشر {text} في")
    assert (found.value, found.kind, found.precision) == (value, kind, "day")


def test_hijri_with_gregorian_equivalent_uses_gregorian() -> None:
    # Opening of a real SaudiNewsNet "was" (SPA) article.
    line = "بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس  يواصل مهرجان تمور بريدة فعالياته"
    found = only(line)
    assert (found.value, found.precision) == ("2015-08-10", "day")
    assert found.text == "25 شوال 1436 هـ الموافق 10 اغسطس 2015 م"
    assert only("في يوم الاثنين ٤-١٠-١٤٣٦ الموافق ٢٠-٧-٢٠١٥م في تمام الساعة").value == "2015-07-20"
    assert only("الرياض 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس").value == "2015-08-10"


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("صباح الأربعاء السادس من شهر شوال لعام 1436ه", "2015-07-22", "hijri"),
        ("يوم الخميس الموافق الحادي عشر من رمضان 1436 هـ", "2015-06-28", "hijri"),
        ("الرياض - الثاني والعشرين من يوليو 2015 -", "2015-07-22", "absolute"),
        ("في الخامس عشر من أغسطس عام 2015م", "2015-08-15", "absolute"),
        ("في العاشر من أكتوبر/ تشرين الأول 2020", "2020-10-10", "absolute"),
        ("منذ غرة شهر رمضان 1436هـ", "2015-06-18", "hijri"),
        ("في الحادي والثلاثين من ديسمبر 2019", "2019-12-31", "absolute"),
    ],
)
def test_ordinal_days(text: str, value: str, kind: str) -> None:
    """A day written as an ordinal word, as Saudi statements and letters write it."""
    found = only(text)
    assert (found.value, found.kind, found.precision) == (value, kind, "day")


@pytest.mark.parametrize(
    "text",
    [
        "تراجع المؤشر في الأسبوع الأول من أغسطس للمرة الأولى",  # a week of August
        "في النصف الثاني من يوليو 2015",  # half a month
        "خلال الربع الثالث من 2015",
        "يأتي السادس عشر من رمضان كل عام",  # after a verb: the day of a yearly remembrance
    ],
)
def test_ordinals_that_are_no_day(text: str) -> None:
    assert [f for f in find_dates(text, REF) if f.precision == "day"] == []


def test_an_ordinal_in_a_months_own_name_is_no_day() -> None:
    assert only("في تشرين الثاني نوفمبر 2019").value == "2019-11"
    assert only("حتى ربيع الأول من عام 1436").precision == "month"


def test_yearless_hijri_day_resolves_against_the_reference() -> None:
    """«٩ شوال», «ليلة ٢٧ من رمضان»: the last such day up to the reference, a day the article recalls
    (never its date on its own), unless tied to today's or yesterday's weekday."""
    crawled = date(2015, 7, 26)
    found = only("في 9 شوال", crawled)
    assert (found.value, found.kind) == ("2015-07-25", "hijri_partial")
    assert only("في 9 شوال").value is None  # no reference
    assert only("ليلة 27 من شهر رمضان", crawled).value == "2015-07-14"
    for body in ("توفي 17 رمضان الجاري في الرياض", "ليلة ٢٧ من رمضان", "كانت غرة شهر شوال"):
        assert extract_published("", body, crawled="2015-07-26 10:00:00").source == "crawl", body
    # tied to the day before yesterday's weekday: the text is of two days after it
    tied = extract_published("", "أصيبت الطفلة يوم أمس الأول السبت 9 شوال بطلق ناري", reference=date(2015, 7, 27))
    assert tied == Published("2015-07-27", "text", "day")


def test_tomorrow_named_with_its_date_dates_the_article_the_day_before() -> None:
    """«غدا الاثنين 20 يوليو» is tomorrow's date, the weekday agreeing: the article is of 19 July."""
    body = "قالت الوزارة إن فترة الستين يوما تبدأ غدا الاثنين 20 يوليو تموز"
    crawled = date(2015, 7, 21)
    assert find_dates(body, crawled)[-1].weekday is None  # not tied as today's or yesterday's date is
    assert extract_published("", body, reference=crawled) == Published("2015-07-19", "text", "day")
    eid = "وقالت الهيئة إن غداً السبت 23 شوال 1436هـ الموافق 8 اغسطس 2015م"  # a Hijri and a Gregorian day
    assert extract_published("", eid, reference=date(2015, 8, 8)) == Published("2015-08-07", "text", "day")
    # a weekday that is not the date's says nothing of the article's day
    wrong = extract_published("", "قالت الوزارة إن الفترة تبدأ غدا الثلاثاء 20 يوليو", reference=crawled)
    assert wrong is None or wrong.value != "2015-07-19"


def test_two_month_names_side_by_side_keep_the_year() -> None:
    """«20 يوليو تموز 2012» (both series, a space between): 2012, not a yearless July 20."""
    assert only("عند منتصف ليل 20 يوليو تموز 2012 وهو").value == "2012-07-20"
    assert only("ظهيرة الخميس السادس من أغسطس آب الجاري", date(2015, 8, 9)).qualifier == "current"


# --- relative expressions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision", "weekday"),
    [
        ("قال أمس إن", "2020-10-14", "day", None),
        ("قال بالأمس إن", "2020-10-14", "day", None),
        ("اتصالا هاتفيا، أمس الأربعاء، وبحثا", "2020-10-14", "day", 2),
        ("يجري اليوم الخميس مباحثات", "2020-10-15", "day", 3),
        ("قال اليوم (الاثنين)، إن", "2020-10-12", "day", 0),
        ("أمس (الثلاثاء)", "2020-10-13", "day", 1),
        ("توفي أول أمس في", "2020-10-13", "day", None),
        ("توفي أول من أمس في", "2020-10-13", "day", None),
        ("في الشهر الماضي", "2020-09", "month", None),
        ("العام الماضي", "2019", "year", None),
        ("السنة الماضية", "2019", "year", None),
        ("الأسبوع الماضي", "2020-10-08", "week", None),
    ],
)
def test_relative(text: str, value: str, precision: str, weekday: int | None) -> None:
    found = only(text, REF)
    assert (found.value, found.precision, found.kind, found.weekday) == (value, precision, "relative", weekday)
    assert only(text).value is None  # no reference: nothing to resolve against


def test_relative_weekday_resolves_to_most_recent_such_day() -> None:
    # crawled on Saturday 2015-07-25: "اليوم الخميس" is the Thursday before
    assert only("اليوم الخميس", date(2015, 7, 25)).value == "2015-07-23"
    assert only("أمس الأربعاء", date(2015, 7, 25)).value == "2015-07-22"


def test_weekday_is_tied_to_following_day_and_month() -> None:
    found = find_dates("أجريا اتصالا هاتفيا، أمس الأربعاء، 14 من تشرين الأول، وبحثا")
    assert [f.kind for f in found] == ["relative", "partial"]
    assert found[1].weekday == 2


@pytest.mark.parametrize(
    "text",
    [
        "مارس الرياضة منذ صغره",
        "عين اليوم – متابعات",
        "احتفالات اليوم الوطني",
        "في اليوم الأول من البطولة",
        "أقيمت أمسية شعرية",
        "لامس الكرة بيده",
        "رقم الهاتف 0501234567 و 2.5 مليون ريال و 12.5.3",
        "فاز بنتيجة 38-0 أمام فيجي",
        "عدد 45 مايو",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, REF) == []


def test_bare_year() -> None:
    found = only("ضمن إطار اتفاق سوتشي لعام 2018")
    assert (found.value, found.precision, found.kind) == ("2018", "year", "year")


def test_spans_index_the_original_text() -> None:
    text = "الغربية – متابعة معاذ الراوي – 8 – فبراير – 2020\n أعلن الكرملين أمس"
    for found in find_dates(text, REF):
        assert text[found.span[0] : found.span[1]] == found.text


# --- extract_published: the seeds ---------------------------------------------------------------


def test_seed_004_dateline() -> None:
    assert extract_published(*seed("004_cfd70046b713ef0e.txt")) == Published("2020-02-08", "text", "day")


def test_seed_002_tweet_date_agrees_with_today_thursday() -> None:
    assert extract_published(*seed("002_ca7d58d6151cbd07.txt")) == Published("2021-10-07", "text", "day")


def test_seed_000_yearless_date_needs_reference() -> None:
    """«أمس الأربعاء، 14 من تشرين الأول»: the call was on Wednesday the 14th, the article is of the day
    after it (with a reference to give the year)."""
    title, body = seed("000_a2559a2d08dc97fe.txt")
    assert extract_published(title, body) is None
    assert extract_published(title, body, reference=REF) == Published("2020-10-15", "text", "day")
    assert extract_published(title, body, reference=REF + timedelta(days=3)) == Published("2020-10-15", "text", "day")


@pytest.mark.parametrize("name", ["001_0b87b1ea24356d80.txt", "003_c4b8299eab817659.txt"])
def test_seeds_001_003_event_dates_are_not_publication_dates(name: str) -> None:
    assert extract_published(*seed(name)) is None


def test_seed_crawl_fallback() -> None:
    title, body = seed("001_0b87b1ea24356d80.txt")
    got = extract_published(title, body, crawled="2019-05-17 10:00:00")
    assert got == Published("2019-05-17", "crawl", "day")


# --- extract_published: rules ------------------------------------------------------------------


def test_no_date_at_all() -> None:
    assert extract_published("عنوان", "نص بلا أي تاريخ على الإطلاق.") is None
    assert extract_published("", "") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-10-07", Published("2021-10-07", "metadata", "day")),
        ("2021-10-07T12:30:00+03:00", Published("2021-10-07", "metadata", "day")),
        ("2015-08-10 20:27:09", Published("2015-08-10", "metadata", "day")),
        ("2015-08", Published("2015-08", "metadata", "month")),
        ("2015", Published("2015", "metadata", "year")),
        ("October 7, 2021", Published("2021-10-07", "metadata", "day")),
        ("٨ فبراير ٢٠٢٠", Published("2020-02-08", "metadata", "day")),
        ("1445-10-23", Published("2024-05-02", "metadata", "day")),  # a Hijri day (23 Shawwal 1445)
        ("1436/10/05 08:00", Published("2015-07-21", "metadata", "day")),
    ],
)
def test_metadata_wins_when_plausible(raw: str, expected: Published) -> None:
    title, body = "عنوان", "الرياض – 8 – فبراير – 2020 – قال"
    assert extract_published(title, body, metadata_date=raw, crawled="2022-01-01 00:00:00") == expected


@pytest.mark.parametrize("raw", ["1850-01-01", "2999-01-01", "2021-13-45", "غير معروف", "", "0000-00-00"])
def test_implausible_metadata_falls_back_to_text(raw: str) -> None:
    got = extract_published("عنوان", "الرياض – 8 – فبراير – 2020 – قال", metadata_date=raw)
    assert got == Published("2020-02-08", "text", "day")


def test_was_dateline() -> None:
    body = " بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس  يواصل مهرجان تمور بريدة فعالياته"
    got = extract_published("مهرجان تمور بريدة", body, crawled="2015-08-10 20:27:09")
    assert got == Published("2015-08-10", "text", "day")


def test_relative_needs_reference_else_crawl() -> None:
    body = "حدد رئيس الوزراء البريطاني، اليوم (الاثنين)، ملامح استراتيجية"
    assert extract_published("", body, crawled="2015-07-21 02:51:32").source == "crawl"
    got = extract_published("", body, crawled="2015-07-21 02:51:32", reference=date(2015, 7, 21))
    assert got == Published("2015-07-20", "text", "day")


def test_dateline_beats_event_dates_and_relatives() -> None:
    body = "الرياض 5 مارس 2019 – قال الوزير أمس إن الاتفاق الموقع في 3 يناير 2010 ما زال ساريا."
    assert extract_published("", body, reference=date(2019, 3, 6)).value == "2019-03-05"


def test_deep_event_dates_are_not_publication_dates() -> None:
    body = "قال الوزير إن " + "كلام " * 100 + "الاتفاق الموقع في 3 يناير 2010 ما زال ساريا. ونشر في أيار 2017."
    assert extract_published("عنوان", body) is None


def test_past_qualified_dates_are_not_publication_dates() -> None:
    assert extract_published("", "وفي 17 من أيلول الماضي، قال الوزير", reference=REF) is None


def test_date_after_reference_is_rejected() -> None:
    body = "الرياض 5 مارس 2021 – قال الوزير"
    assert extract_published("", body, reference=date(2020, 1, 1)) is None


def test_event_dates_long_before_the_crawl_are_not_publication_dates() -> None:
    crawled = "2015-07-24 06:39:51"
    for body in (
        "في منتصف أكتوبر من عام 1940م عرضت هوليوود فيلم الديكتاتور العظيم.",
        "يحتفل المصريون بذكرى مرور 59 عاما على تأميم قناة السويس، ذلك اليوم الذي وافق 26 يوليو عام 1956.",
        "حرب الخليج الثانية (فبراير 1991) التي غيرت المنطقة.",
    ):
        assert extract_published("عنوان", body, crawled=crawled) == Published("2015-07-24", "crawl", "day"), body
    # a real dateline still dates an old article crawled later
    body = "الرياض - 12 مارس 2014: افتتح الوزير اليوم المعرض."
    assert extract_published("عنوان", body, crawled=crawled) == Published("2014-03-12", "text", "day")
    # a recent event date in the lead is still taken, as before
    body = "أعلنت الوزارة في بيان أصدرته في جدة 22 يوليو 2015 عن خطة جديدة."
    assert extract_published("عنوان", body, crawled=crawled) == Published("2015-07-22", "text", "day")


CHRONOLOGY = """* 28 مايو (أيار) 1990: عقد القمة العربية الاستثنائية في بغداد.
* 16 يوليو (تموز) 1990: سلم العراق مذكرة لجامعة الدول العربية.
* 17 يوليو 1990: صدام حسين يلقي خطابا في ذكرى ثورة يوليو 1968.
* 2 أغسطس (آب) 1990: اعتدى العراق على الحدود الكويتية."""


def test_the_dates_heading_a_chronology_are_events() -> None:
    """SaudiNewsNet's «أبرز المراحل التاريخية ما قبل الغزو إلى التحرير» (crawled 2015) lists the Gulf
    War day by day; its first line is no dateline (it was dated 1990-05-28)."""
    crawled = "2015-08-02 23:02:08"
    got = extract_published("أبرز المراحل التاريخية", CHRONOLOGY, crawled=crawled)
    assert got == Published("2015-08-02", "crawl", "day")
    # a dateline above the list still dates the article
    body = "الكويت - 1 أغسطس 2015 - تستعيد الكويت ذكرى الغزو:\n" + CHRONOLOGY
    assert extract_published("عنوان", body, crawled=crawled) == Published("2015-08-01", "text", "day")
    # two lines "date: event" are not yet a chronology: the first is a dateline
    two = "\n".join(CHRONOLOGY.splitlines()[:2]).replace("1990", "2015")
    assert extract_published("عنوان", two, crawled=crawled) == Published("2015-05-28", "text", "day")


def test_year_less_dates_long_before_the_crawl_are_not_publication_dates() -> None:
    # from SaudiNewsNet: a place, a political bloc, a novel's chapter, a coming match; each would
    # need a guessed year (the one before the crawl), so the crawl day dates them
    for body, crawled in (
        ("وصلت بعثة الفريق الأول لكرة القدم بنادي الوحدة إلى ضاحية 6 أكتوبر بالقاهرة", "2015-07-21 10:00:00"),
        ("كشفت مصادر برلمانية لبنانية مقربة من فريق (8 آذار) أن حزب الله تلقى تعليمات", "2015-08-02 10:00:00"),
        ("الفصل السابع 15 أغسطس: صحا الجو قليلًا، فأخذنا القطار جميعًا", "2015-07-25 10:00:00"),
        ("بعد غد الأربعاء 12 أغسطس هذا اليوم الذي انتظرته الجماهير", "2015-08-10 10:00:00"),
        ('أعلنت "الخطوط السعودية" عن إضافة مقاعد خلال الفترة "من 21 يونيو إلى 13 يوليو"', "2015-07-21 10:00:00"),
    ):
        got = extract_published("عنوان", body, crawled=crawled, reference=date.fromisoformat(crawled[:10]))
        assert got == Published(crawled[:10], "crawl", "day"), body
    # a year-less dateline of the days before the crawl still dates the article
    body = "الرياض 18 يوليو: افتتح الوزير المعرض."
    got = extract_published("عنوان", body, crawled="2015-07-21 10:00:00", reference=date(2015, 7, 21))
    assert got == Published("2015-07-18", "text", "day")


def test_crawl_only_and_bad_crawl() -> None:
    assert extract_published("", "", crawled="2015-07-21 02:51:32") == Published("2015-07-21", "crawl", "day")
    assert extract_published("", "", crawled="not a date") is None


def test_title_and_prose_dates_are_event_dates() -> None:
    assert extract_published("بوتفليقة يهنئ السيسي بذكرى ثورة 23 يوليو 1952", "تلقى الرئيس برقية") is None
    body = "راكبًا عندما اختفت فجأة بعد إقلاعها إلى بكين في 8 مارس 2014.\nوقال خبراء"
    assert extract_published("", body) is None
    body = "خلال الفترة من 17 - 23 شوال 1436هـ، حيث قدمت"
    assert extract_published("", body) is None


def test_crawl_day_caps_text_dates() -> None:
    body = "الرياض 12 أغسطس 2015م – تنظم الشركة"
    got = extract_published("", body, crawled="2015-07-31 10:00:00")
    assert got == Published("2015-07-31", "crawl", "day")
    assert extract_published("", body, crawled="2015-08-12 10:00:00").source == "text"


def test_weekday_corroboration_must_be_recent_when_crawl_known() -> None:
    body = "قال الرئيس اليوم الخميس إن ما جرى في " + "كلام " * 80 + "(@aa_arabic) October 7, 2021"
    assert extract_published("", body).value == "2021-10-07"
    assert extract_published("", body, crawled="2021-10-08 09:00:00").value == "2021-10-07"
    assert extract_published("", body, crawled="2023-01-01 09:00:00").source == "crawl"


# --- the address ------------------------------------------------------------------------------

ALEQT = "http://www.aleqt.com/2015/07/20/article_974922.html"


def test_a_day_in_the_address_beats_the_text_and_the_crawl() -> None:
    """Al-Eqtisadiah's address gives its issue's day; the crawl came the next morning."""
    body = "الرياض 19 يوليو 2015 – قال الوزير اليوم الأحد"
    got = extract_published("عنوان", body, url=ALEQT, crawled="2015-07-21 02:47:05", reference=date(2015, 7, 21))
    assert got == Published("2015-07-20", "url", "day")
    assert extract_published("عنوان", "قال", url=ALEQT, crawled="2015-07-21 02:47:05").source == "url"
    # metadata still comes first
    assert extract_published("عنوان", "قال", metadata_date="2015-07-19", url=ALEQT) == Published(
        "2015-07-19", "metadata", "day"
    )


def test_a_day_in_the_address_after_the_crawl_is_not_taken() -> None:
    got = extract_published("عنوان", "قال", url=ALEQT, crawled="2015-07-10 02:47:05")
    assert got == Published("2015-07-10", "crawl", "day")


def test_a_month_in_the_address_gives_way_to_a_day_of_it_in_the_text() -> None:
    url = "https://example.com/2015/07/اتفاق-فيينا/"
    crawled = "2015-07-21 10:00:00"
    in_july = extract_published("عنوان", "فيينا 14 يوليو 2015 – أعلن", url=url, crawled=crawled)
    assert in_july == Published("2015-07-14", "text", "day")
    assert extract_published("عنوان", "قال الوزير", url=url, crawled=crawled) == Published("2015-07", "url", "month")


def test_a_bare_yesterday_does_not_date_the_article() -> None:
    """«أمس» says the text was written a day after something: which day, only the crawl tells, and
    the article is then dated by the crawl (shown as such), not a day before it."""
    body = "أعلن الوزير أمس أن الاتفاق سار"
    got = extract_published("عنوان", body, crawled="2015-07-21 02:51:32", reference=date(2015, 7, 21))
    assert got == Published("2015-07-21", "crawl", "day")
    named = extract_published("عنوان", "أعلن الوزير أمس الاثنين أن", reference=date(2015, 7, 23))
    assert named == Published("2015-07-21", "text", "day")  # yesterday was Monday the 20th
    # far from the top, a full date on yesterday's weekday (it outscores the «أمس الاثنين» it agrees with)
    deep = "كلام " * 100 + "قال الوزير أمس الاثنين إن الوفد وصل، وفي 20 يوليو 2015 أعلن"
    assert extract_published("عنوان", deep, reference=date(2015, 7, 23)) == Published("2015-07-21", "text", "day")


@pytest.mark.parametrize(("value", "precision", "span"), [
    ("2015-07-20", "day", (date(2015, 7, 20), date(2015, 7, 20))),
    ("2016-02", "month", (date(2016, 2, 1), date(2016, 2, 29))),
    ("2015", "year", (date(2015, 1, 1), date(2015, 12, 31))),
])
def test_the_days_a_date_may_be(value: str, precision: str, span: tuple[date, date]) -> None:
    assert Published(value, "text", precision).span() == span


def test_a_crawl_day_may_be_weeks_after_the_article() -> None:
    assert Published("2015-07-20", "crawl", "day").span() == (date(2015, 6, 29), date(2015, 7, 20))
