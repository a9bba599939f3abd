"""Tests for indexer.urls."""

from __future__ import annotations

import pytest

from indexer.urls import archived_copy, canonical_url, url_variants


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://WWW.Al-Madina.com:80/node/1/x.html?weekly#top", "http://www.al-madina.com/node/1/x.html"),
        ("http://www.al-madina.com/node/1/x.html?live", "http://www.al-madina.com/node/1/x.html"),
        ("https://example.com:443/a/?utm_source=tw&utm_medium=x&fbclid=1", "https://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("http://example.com", "http://example.com/"),
        (
            "http://www.alwatan.com.sa/Politics/News_Detail.aspx?ArticleID=231262&CategoryID=1",
            "http://www.alwatan.com.sa/Politics/News_Detail.aspx?ArticleID=231262&CategoryID=1",
        ),
        ("http://www.spa.gov.sa/details.php?id=1386799&amp=1", "http://www.spa.gov.sa/details.php?id=1386799"),
        ("http://www.arreyadi.com.sa/Home/Details/MTAyMjc=", "http://www.arreyadi.com.sa/Home/Details/MTAyMjc="),
        ("www.alriyadh.com/1071408", "http://www.alriyadh.com/1071408"),
        ("", None),
        ("not a url", None),
        ("mailto:a@b.c", None),
    ],
)
def test_canonical_url(url: str, expected: str | None) -> None:
    assert canonical_url(url) == expected


def test_canonical_url_arabic_slug_raw_and_encoded_agree() -> None:
    raw = "http://www.alweeam.com.sa/349919/الجهات-الأمنية/"
    encoded = "http://www.alweeam.com.sa/349919/%D8%A7%D9%84%D8%AC%D9%87%D8%A7%D8%AA-%D8%A7%D9%84%D8%A3%D9%85%D9%86%D9%8A%D8%A9"
    assert canonical_url(raw) == canonical_url(encoded) == "http://www.alweeam.com.sa/349919/الجهات-الأمنية"
    assert canonical_url("http://x.org/a%2Fb") != canonical_url("http://x.org/a/b")


def test_an_address_is_looked_up_with_either_scheme_and_with_or_without_www() -> None:
    forms = url_variants("https://www.aawsat.com/home/article/408151/x/?utm_source=tw#comments")
    assert forms == [f"{scheme}://{host}aawsat.com/home/article/408151/x" for scheme in ("http", "https")
                     for host in ("", "www.")]
    assert url_variants("www.alriyadh.com/1071408")[0] == "http://alriyadh.com/1071408"
    assert url_variants("http://example.com:8080/a") == ["http://example.com:8080/a", "http://www.example.com:8080/a",
                                                          "https://example.com:8080/a", "https://www.example.com:8080/a"]
    assert url_variants("not a url") == url_variants("aawsat.com") == []


@pytest.mark.parametrize(
    ("url", "original", "captured"),
    [  # the Wayback Machine (a raw copy's flag; the scheme's slashes collapsed; a short link: no day)
        ("https://web.archive.org/web/20200208143000/https://www.aljazeera.net/news/2020/2/8/idlib?utm_source=x",
         "https://www.aljazeera.net/news/2020/2/8/idlib?utm_source=x", "2020-02-08T14:30:00+00:00"),
        ("http://web.archive.org/web/20150721093015id_/http://www.okaz.com.sa/article/1",
         "http://www.okaz.com.sa/article/1", "2015-07-21T09:30:15+00:00"),
        ("https://web.archive.org/web/2020/https:/www.okaz.com.sa/article/1", "https://www.okaz.com.sa/article/1",
         None),
        ("https://web.archive.org/web/20200208143000/www.alriyadh.com/1071408", "www.alriyadh.com/1071408",
         "2020-02-08T14:30:00+00:00"),
        # Archive-It, arquivo.pt, a national archive (to the day), archive.today's long form
        ("https://wayback.archive-it.org/1234/20200208143000/https://www.alarabiya.net/x", "https://www.alarabiya.net/x",
         "2020-02-08T14:30:00+00:00"),
        ("https://arquivo.pt/wayback/20200208143000/https://www.alarabiya.net/x", "https://www.alarabiya.net/x",
         "2020-02-08T14:30:00+00:00"),
        ("https://webarchive.nationalarchives.gov.uk/ukgwa/20200208/https://www.gov.uk/x", "https://www.gov.uk/x",
         "2020-02-08T00:00:00+00:00"),
        ("https://archive.ph/2020.02.08-143000/https://www.alarabiya.net/x", "https://www.alarabiya.net/x",
         "2020-02-08T14:30:00+00:00"),
    ],
)
def test_a_copy_in_a_web_archive_is_known_by_the_pages_own_address(url: str, original: str, captured: str) -> None:
    assert archived_copy(url) == (original, captured)
    assert canonical_url(url) == canonical_url(original)  # the page's, whichever copy was read


@pytest.mark.parametrize("url", [
    "https://www.okaz.com.sa/news/2020/1/2/x",
    "https://www.okaz.com.sa/1234567/www.x.com",  # an article's number, not a time
    "https://x.example/20200230/https://y.example/",  # no such day
    "https://x.example/1987/https://y.example/",  # before the web had archives
    "https://web.archive.org/web/20200208143000*/aljazeera.net",  # a list of captures, no copy
    "https://x.example/a?next=/20200208/https://y.example/",  # in the query, not the path
    "https://x.example?next=/20200208/https://y.example/",
    "https://x.example/a#/20200208/https://y.example/",
    "https://x.example" + "/2020/https:" * 5000 + " x",  # not a copy, and no time lost finding that out
    None,
])
def test_other_addresses_are_no_archived_copies(url: str | None) -> None:
    assert archived_copy(url) is None
