"""Tests for offices: a role standing alone names its holder on the article's date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from indexer.actors import Gazetteer
from indexer.dates import Published
from indexer.enrich import Enricher
from indexer.offices import Holder, Span

KING_SALMAN = "الملك سلمان بن عبدالعزيز"
KING_ABDULLAH = "الملك عبدالله بن عبدالعزيز"
MBN = "الأمير محمد بن نايف"
MBS = "الأمير محمد بن سلمان"
MUQRIN = "الأمير مقرن بن عبدالعزيز"
GREETINGS = "رفع التهاني لمقام خادم الحرمين الشريفين وسمو ولي العهد وسمو ولي ولي العهد حفظهم الله بمناسبة العيد"


def _day(text: str) -> Span:
    return Published(text, "text", "day").span()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(("day", "holders"), [
    ("2015-07-20", [KING_SALMAN, MBN, MBS]),
    ("2015-03-01", [KING_SALMAN, MUQRIN, MBN]),
    ("2014-06-01", [KING_ABDULLAH, KING_SALMAN, MUQRIN]),
])
def test_a_role_alone_names_whoever_held_it_that_day(gaz: Gazetteer, day: str, holders: list[str]) -> None:
    assert gaz.extract("", GREETINGS, on=_day(day)).persons == holders


def test_without_a_date_a_role_names_no_one(gaz: Gazetteer) -> None:
    assert gaz.extract("", GREETINGS).persons == []


@pytest.mark.parametrize(("value", "precision", "holders"), [
    ("2015-07", "month", [KING_SALMAN, MBN, MBS]),
    ("2015-04", "month", [KING_SALMAN]),  # the crown prince changed on 29 April
    ("2015", "year", []),  # so did the king on 23 January
    ("2016", "year", [KING_SALMAN, MBN, MBS]),
])
def test_a_month_or_a_year_names_a_holder_only_for_all_of_it(
        gaz: Gazetteer, value: str, precision: str, holders: list[str]) -> None:
    assert gaz.extract("", GREETINGS, on=Published(value, "text", precision).span()).persons == holders


@pytest.mark.parametrize(("crawled", "holders"), [
    ("2015-07-20", [KING_SALMAN, MBN, MBS]),
    ("2015-05-10", [KING_SALMAN]),  # crawled up to three weeks late: maybe before 29 April, Muqrin's days
])
def test_a_crawl_day_names_a_holder_only_for_the_weeks_before_it(
        gaz: Gazetteer, crawled: str, holders: list[str]) -> None:
    assert gaz.extract("", GREETINGS, on=Published(crawled, "crawl", "day").span()).persons == holders


@pytest.mark.parametrize(("text", "persons"), [
    # the role is part of another's title, or of a name
    ("وصرح مستشار خادم الحرمين الشريفين أمير منطقة مكة المكرمة", []),
    ("قدم أوراق اعتماده سفيرا لخادم الحرمين الشريفين لدى فرنسا", []),
    ("تأهل الفريق إلى دور الـ32 من مسابقة كأس سمو ولي العهد الأمين", []),
    ("وداخلها أربعة مواطنين قادمين من جهة مخططات ولي العهد في الدمام", []),
    ("وبايعوه بمناسبة اختياره وليا لولي العهد في المملكة", []),
    # a name follows: it says whose role it is
    ("في عهد خادم الحرمين الشريفين الملك عبدالله بن عبدالعزيز رحمه الله أنشئت الجامعة في السعودية", [KING_ABDULLAH]),
    ("رحم الله خادم الحرمين الشريفين الراحل", []),
    ("ولي العهد البحريني يستقبل السفير السعودي", []),
    # a name (or a title) right before: the role is in apposition to it
    ("وكان صاحب السمو الملكي الأمير مقرن بن عبدالعزيز آل سعود ولي العهد في استقبال الضيوف بالرياض", [MUQRIN]),
    ("بحضور صاحب السمو الشيخ نواف الأحمد الجابر الصباح ولي العهد وأعضاء الحكومة والوفد السعودي", []),
    ("وصل الأمير محمد بن نايف ولي العهد إلى جدة", [MBN]),
    # alone, in a Saudi article
    ("وجه خادم الحرمين الشريفين بصرف راتب شهرين لموظفي الدولة", [KING_SALMAN]),
    ("استقبل ولي العهد في قصر السلام بجدة أمس عددا من المواطنين", [MBN]),
    ("قدمت التعازي لخادم الحرمين الشريفين ولذوي الشهداء", [KING_SALMAN]),
    # in an article about another country
    ("استقبل ولي العهد في قصر القضيبية بالمنامة وزير الخارجية الأردني", []),
    ("أجرى سلمان بن حمد آل خليفة نائب ملك البحرين ولي العهد اتصالا مع وزير الخارجية الأمريكي",
     ["سلمان بن حمد آل خليفة"]),
])
def test_a_role_names_its_holder_only_standing_alone(gaz: Gazetteer, text: str, persons: list[str]) -> None:
    assert gaz.extract("", text, on=_day("2015-07-20")).persons == persons


def test_a_holder_named_by_role_is_an_actor_in_order_but_not_a_form(gaz: Gazetteer) -> None:
    found = gaz.extract("بوتين يستقبل ولي ولي العهد", "وبحث الجانبان العلاقات بين روسيا والسعودية",
                        on=_day("2015-06-18"))
    assert found.actors == ["فلاديمير بوتين", MBS, "روسيا", "السعودية"]
    assert found.forms == ["بوتين", "روسيا", "والسعوديه"]  # the names as written; a role is none


def test_enrichment_dates_the_role_by_the_article(gaz: Gazetteer) -> None:
    enricher = Enricher(gazetteer=gaz)
    text = "وجه خادم الحرمين الشريفين بصرف راتب شهرين لموظفي الدولة"
    assert KING_SALMAN in enricher.fields("", text, crawled="2015-07-20 10:00:00")["persons"]
    assert KING_ABDULLAH in enricher.fields("", text, url="http://www.aleqt.com/2011/03/18/article_518.html")["persons"]
    assert enricher.fields("", text)["persons"] == []  # no date, no holder


def _gazetteer(offices: list[dict[str, Any]], lists: dict[str, list[str]] | None = None) -> Gazetteer:
    entries = [{"name": name, "type": "person"} for name in ("أ ب", "ج د")]
    return Gazetteer._from_data({"lists": lists or {}, "actors": entries, "offices": offices})


@pytest.mark.parametrize(("offices", "error"), [
    ([{"roles": ["الرئيس"], "holders": [{"name": "هـ و", "from": "2000-01-01"}]}], "holder 'هـ و' is no entry"),
    ([{"roles": ["الرئيس"], "holders": [{"name": "أ ب", "from": "2000-01-01"}, {"name": "ج د", "from": "2004-01-01"}]}],
     "ج د's term begins before أ ب's ends"),
    ([{"roles": ["الرئيس"], "holders": [{"name": "أ ب", "from": "2000-01-01", "to": "1999-01-01"}]}],
     "أ ب's term ends before it begins"),
    ([{"roles": ["الرئيس"], "holders": [{"name": "أ ب", "from": "2000-01-01"}]},
      {"roles": ["الرئيس"], "holders": [{"name": "ج د", "from": "2000-01-01"}]}], "role 'الرييس' of two offices"),
    ([{"roles": ["الرئيس"], "country": "XX", "holders": [{"name": "أ ب", "from": "2000-01-01"}]}],
     "country needs a context_<country> list"),
])
def test_offices_are_checked_when_read(offices: list[dict[str, Any]], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        _gazetteer(offices)


def test_terms_include_their_first_and_last_days() -> None:
    term = Holder("أ ب", date(2015, 1, 23), date(2015, 4, 28))
    assert term.held((date(2015, 1, 23), date(2015, 4, 28)))
    assert not term.held((date(2015, 1, 22), date(2015, 1, 22)))
    assert not term.held((date(2015, 4, 1), date(2015, 4, 30)))
    assert Holder("ج د", date(2017, 6, 21)).held((date(2026, 1, 1), date(2026, 12, 31)))
