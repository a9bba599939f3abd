"""search_ui.render: the reading view's marks and the chips' links (pure functions, no engine)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import partial
from urllib.parse import parse_qs, urlencode, urlsplit

from search_ui.render import (
    CRAWL_DATE_NOTE,
    EXCERPT_LABEL,
    EXCERPT_NOTE,
    UIState,
    article_html,
    citation,
    download_name,
    hit_html,
    markdown_text,
    marked_paragraphs,
    narrowed_href,
)
from search_ui.results import SearchHit


def test_marks_of_the_normalised_body_carry_over_to_the_display_text():
    fragment = "نص <mark>مهم</mark> &lt;b&gt;\nفقرة ثانية"
    display = "نصٌ مُهِم <b>\nفقرة ثانية"  # tashkeel the normalised text lost; markup stays text
    assert marked_paragraphs(fragment, display) == "<p>نصٌ <mark>مُهِم</mark> &lt;b&gt;</p><p>فقرة ثانية</p>"


def test_a_mark_across_a_paragraph_break_is_closed_and_reopened():
    assert marked_paragraphs("<mark>أ\nب</mark> ج", "أ\nب ج") == "<p><mark>أ</mark></p><p><mark>ب</mark> ج</p>"


def test_without_marks_or_alignment_the_plain_escaped_paragraphs():
    assert marked_paragraphs(None, "أ <i>\n\nب") == "<p>أ &lt;i&gt;</p><p>ب</p>"
    assert marked_paragraphs("نص بلا علامة", "نص بلا علامة") == "<p>نص بلا علامة</p>"
    assert marked_paragraphs("<mark>x</mark>", "<script>y</script>") == "<p>&lt;script&gt;y&lt;/script&gt;</p>"


def test_article_html_marks_title_and_body_from_the_highlight():
    doc = {
        "title_display": "بوتين <b>", "title": "بوتين <b>", "body_display": "قال بوتينُ اليوم",
        "highlight": {"title": ["<mark>بوتين</mark> &lt;b&gt;"], "body": ["قال <mark>بوتين</mark> اليوم"]},
    }  # fmt: skip
    html = article_html(doc)
    assert '<h2 class="akh-title"><mark>بوتين</mark> &lt;b&gt;</h2>' in html
    assert "<p>قال <mark>بوتينُ</mark> اليوم</p>" in html
    assert "<mark>" not in article_html({**doc, "highlight": {}})


def test_a_crawl_date_is_marked_as_such():
    crawled = SearchHit("a", None, "t", "2015-07-21", "okaz", None, [], [], "", None, published_source="crawl")
    card = hit_html(crawled)
    assert f'<span class="akh-crawled" dir="rtl" title="{CRAWL_DATE_NOTE}">≈ 2015-07-21</span>' in card  # read first
    for source in ("text", "metadata", None):
        other = hit_html(replace(crawled, published_source=source))
        assert "≈" not in other and "2015-07-21" in other
    article = article_html({"title": "t", "published": "2015-07-21", "published_source": "crawl"})
    assert "≈ 2015-07-21" in article and "≈" not in article_html({"title": "t", "published": "2015-07-21"})


def test_the_reading_view_gives_the_hijri_day_too():
    article = article_html({"title": "t", "published": "2020-02-08"})
    assert "2020-02-08 (14 جمادى الآخرة 1441 هـ)" in article  # seed 004's day
    crawled = article_html({"title": "t", "published": "2015-07-21", "published_source": "crawl"})
    assert "≈ 2015-07-21 (5 شوال 1436 هـ)" in crawled
    assert "هـ" not in article_html({"title": "t", "published": "2015-07"})  # a month: no day to convert
    assert "هـ" not in article_html({"title": "t", "published": "1900-01-01"})  # before the tables
    assert "هـ" not in hit_html(SearchHit("a", None, "t", "2020-02-08", "okaz", None, [], [], "", None))  # cards: short


def test_a_citation_in_arabic_order():
    doc = {"title_display": "بوتين وإردوغان يتفقان", "title": "بوتين واردوغان يتفقان", "published": "2020-02-08",
           "source": "aawsat", "url": "https://aawsat.com/x", "author": "معاذ الراوي"}
    assert citation(doc) == ("معاذ الراوي، «بوتين وإردوغان يتفقان»، الشرق الأوسط، "
                             "2020-02-08 (14 جمادى الآخرة 1441 هـ)\nhttps://aawsat.com/x")
    fetched = {"title": "t", "published": "2015-07-21", "published_source": "crawl", "ref": "003.txt"}
    assert citation(fetched) == "«t»، جُلب في 2015-07-21 (5 شوال 1436 هـ)\n003.txt"  # the day it was fetched, said so
    assert citation({"title": "t", "published": "2015-07", "source": "okaz"}) == "«t»، عكاظ، 2015-07"
    wayback = "https://web.archive.org/web/20200206143000/https://www.aljazeera.net/news/1"
    recovered = {"title": "t", "url": "https://www.aljazeera.net/news/1", "ref": wayback}  # a deleted page
    assert citation(recovered) == f"«t»\nhttps://www.aljazeera.net/news/1\nنسخة مؤرشفة: {wayback}"


def test_chips_link_to_the_search_narrowed_by_them():
    state = UIState(q="بوتين", actors=["فلاديمير بوتين"], page=3, article="x1")
    href = narrowed_href(state, "actors", "رجب طيب أردوغان")
    assert parse_qs(urlsplit(href).query) == {"q": ["بوتين"], "actor": ["فلاديمير بوتين", "رجب طيب أردوغان"]}
    assert narrowed_href(state, "actors", "فلاديمير بوتين") == "?" + urlencode(
        {"q": "بوتين", "actor": "فلاديمير بوتين"})  # already a filter: the same search, first page
    assert state.actors == ["فلاديمير بوتين"] and state.page == 3  # the state itself is unchanged
    html = hit_html(SearchHit("a", None, "t", None, None, None, ['"><script>'], ["syria"], "", None),
                    {"syria": "سوريا"}, narrow=partial(narrowed_href, UIState()))
    assert '<a class="akh-chip " href="?actor=%22%3E%3Cscript%3E" target="_self">&quot;&gt;&lt;script&gt;</a>' in html
    assert '<a class="akh-chip topic" href="?topic=syria" target="_self">سوريا</a>' in html
    assert "<a " not in hit_html(SearchHit("a", None, "t", None, None, None, ["x"], [], "", None))
    card = hit_html(SearchHit("a", None, "t", None, "aawsat", None, [], [], "", None), narrow=partial(
        narrowed_href, UIState(q="x", sources=["okaz"])))
    # the outlet by its name, narrowing by its key
    href = "?q=x&amp;source=okaz&amp;source=aawsat"
    assert f'<bdi><a class="akh-outlet" href="{href}" target="_self">الشرق الأوسط</a>' in card
    unknown = hit_html(SearchHit("a", None, "t", None, "example.org", None, [], [], "", None))
    unnamed = hit_html(SearchHit("a", None, "t", None, None, None, [], [], "", None))
    assert "<bdi>example.org</bdi>" in unknown and "مصدر غير معروف" in unnamed


def test_markdown_signs_are_escaped_for_streamlit_labels():
    for text in ("**xss** [site](https://example.org/) `x`", "د. أحمد_علي #1 $x$", "<b>", "عادي"):
        escaped = markdown_text(text)
        assert re.sub(r"\\(.)", r"\1", escaped) == text  # unescaped, the text itself
        assert not re.search(r"(?<!\\)[*_`\[\]()#$<>]", escaped)  # no sign left bare


def test_the_reading_view_says_when_the_article_came_into_the_archive():
    article = article_html({"title": "t", "indexed_at": "2026-11-24T01:30:12.345+00:00"})
    assert '<div class="akh-meta">أضيف إلى الأرشيف: \u20662026-11-24 01:30 UTC\u2069</div>' in article
    assert "أضيف" not in article_html({"title": "t"})  # stored before loads were stamped
    elsewhere = article_html({"title": "t", "indexed_at": "2026-11-24T04:30:00+03:00"})  # another clock: in UTC
    assert "\u20662026-11-24 01:30 UTC\u2069" in elsewhere


def test_the_reading_view_names_the_source_or_the_file():
    linked = article_html({"title": "t", "url": "https://www.aa.com.tr/ar/x", "ref": "https://www.aa.com.tr/ar/x"})
    assert 'المصدر: <a href="https://www.aa.com.tr/ar/x"' in linked and "الملف" not in linked
    filed = article_html({"title": "t", "ref": "بيان <وزارة>.pdf"})  # a PDF read from a folder: no address
    assert '<div class="akh-meta">الملف: <bdi>بيان &lt;وزارة&gt;.pdf</bdi></div>' in filed and "المصدر" not in filed
    assert "الملف" not in article_html({"title": "t"})
    assert "المؤرشفة" not in linked
    wayback = "https://web.archive.org/web/20200208143000/https://www.aa.com.tr/ar/x"
    recovered = article_html({"title": "t", "url": "https://www.aa.com.tr/ar/x", "ref": wayback})  # a deleted page
    assert 'المصدر: <a href="https://www.aa.com.tr/ar/x"' in recovered
    assert f'النسخة المؤرشفة: <a href="{wayback}" target="_blank"' in recovered


def test_a_summary_says_it_is_one():
    """An article the archive has only as a feed's summary (or the start of a cut text) says so, in the
    results and in the reading view; a whole article does not."""
    card = hit_html(SearchHit("a", None, "t", "2020-02-08", "aljazeera", None, [], [], "", None, excerpt=True))
    assert EXCERPT_LABEL in card and EXCERPT_LABEL not in hit_html(SearchHit("a", None, "t", None, None, None, [],
                                                                             [], "", None))
    assert EXCERPT_NOTE in article_html({"title": "t", "excerpt": True})
    assert EXCERPT_NOTE not in article_html({"title": "t"})


def test_a_download_is_named_after_its_search_and_day():
    today = date(2026, 11, 24)
    assert download_name("بوتين  سوريا", today) == "akhbar-بوتين-سوريا-2026-11-24.csv"
    assert download_name('"اللجنة الدستورية" -ليبيا site:okaz.com.sa', today) == (
        "akhbar-اللجنة-الدستورية-ليبيا-site-okaz.com.sa-2026-11-24.csv")  # quotes and colons are no file name's
    assert download_name("", today) == download_name(' "" / ', today) == "akhbar-الكل-2026-11-24.csv"
    assert len(download_name("كلمة " * 100, today)) <= len("akhbar--2026-11-24.csv") + 60
