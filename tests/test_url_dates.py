"""Tests for indexer.url_dates: the day a news site writes into an article's address."""

from __future__ import annotations

from datetime import date

import pytest

from indexer.url_dates import UrlDate, date_in_url

LATEST = date(2015, 8, 12)  # the day after the crawl, say


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # SaudiNewsNet's three outlets that date their addresses
        ("http://www.aleqt.com/2015/07/20/article_974922.html", "2015-07-20"),
        ("http://www.al-jazirah.com/2015/20150721/fe1.htm", "2015-07-21"),
        ("http://www.okaz.com.sa/new/Issues/20150720/Con20150720784687.htm", "2015-07-20"),
        ("https://www.aljazeera.net/news/2015/7/20/مقتل-قائدين", "2015-07-20"),  # unpadded
        ("https://example.com/2015/07/20", "2015-07-20"),
        ("https://example.com/2015-07-20/story", "2015-07-20"),
        ("https://example.com/2015-07-20-story", "2015-07-20"),
        ("https://example.com/2015_07_20.html", "2015-07-20"),
        ("https://example.com/story_20150720.html", "2015-07-20"),
        ("https://example.com/article.php?id=5&date=2015-07-20", "2015-07-20"),
        ("https://example.com/2015/07/20/x?from=2014-01-01", "2015-07-20"),  # the first one
    ],
)
def test_a_day_in_the_address(url: str, expected: str) -> None:
    assert date_in_url(url, LATEST) == UrlDate(expected, "day")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/2015/07/اتفاق-فيينا/",  # WordPress's year and month
        "https://example.com/2015/07/5-أسباب-للتفاؤل",  # a slug's number is no day
        "https://example.com/2015/07",
    ],
)
def test_a_month_in_the_address(url: str) -> None:
    assert date_in_url(url, LATEST) == UrlDate("2015-07", "month")


@pytest.mark.parametrize(
    "url",
    [
        "http://www.alriyadh.com/1066713",  # an article's number
        "http://sabq.org/PHGKif",
        "http://www.okaz.com.sa/new/Con20150720784687.htm",  # a day inside a longer number
        "https://example.com/news/ذكرى-غزو-الكويت-1990-08-02",  # a date inside a slug: an event's
        "https://example.com/news/20151340/",  # no such day
        "https://example.com/2015/13/20/x",
        "https://example.com/2015/08/20/x",  # after the latest day: not a publication date
        "https://example.com/2015/09/x",
        "https://news20150720.example.com/story",  # the host is no date
        "https://example.com/story#2015-07-20",  # nor the fragment
        "https://example.com/2015/story",  # a year alone is too often a section or a number
    ],
)
def test_no_date_in_the_address(url: str) -> None:
    assert date_in_url(url, LATEST) is None


def test_a_copy_in_a_web_archive_is_dated_by_the_page_not_by_the_capture() -> None:
    archived = "https://web.archive.org/web/20200208143000/https://www.aleqt.com/2015/07/20/article_974922.html"
    assert date_in_url(archived, date(2021, 1, 1)) == UrlDate("2015-07-20", "day")
    assert date_in_url("https://archive.ph/2020.02.08-143000/https://example.com/story", date(2021, 1, 1)) is None
