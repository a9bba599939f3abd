"""Tests for indexer.article: headlines, canonical URLs, ids and base documents."""

from __future__ import annotations

import gzip
import json
from itertools import islice
from pathlib import Path

import pytest

from indexer.article import DocumentError, build_document, doc_id, split_headline
from indexer.outlets import outlet_name, outlet_names, outlet_of
from indexer.readers import Record, iter_inputs
from tests.conftest import SAUDINEWSNET

SNN = SAUDINEWSNET
DEMO = Path(__file__).resolve().parents[1] / "indexer" / "data" / "demo"
MAPPED = json.loads((Path(__file__).resolve().parents[1] / "mappings" / "news.json").read_text())
FIELDS = set(MAPPED["mappings"]["properties"])


def _seed(prefix: str) -> str:
    (path,) = DEMO.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _snn(name: str) -> list[dict]:
    with gzip.open(SNN / name, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_split_headline_first_line_seeds() -> None:
    assert split_headline(_seed("000"))[0] == (
        "أردوغان يؤكد لبوتين ضرورة الحفاظ على زخم عملية الحل السياسي للأزمة السورية"
    )
    title, body = split_headline(_seed("001"))
    assert title == "أردوغان وبوتين يواصلان مباحثاتهما.. والقومي التركي: هجمات النظام تقوض روح أستانة"
    assert body.startswith("أجرى الرئيس التركي رجب طيب أردوغان أمس الخميس")
    assert "اضف رد" not in body
    assert split_headline(_seed("002"))[0] == "بعد أيام من قمة “سوتشي”..أردوغان وبوتين يتحادثان هاتفياً"


def test_split_headline_banner_and_repeat_seed_004() -> None:
    title, body = split_headline(_seed("004"))
    assert title == "بوتين وإردوغان يتفقان على تدابير عاجلة للتنسيق في سوريا"
    assert "«تدابير عاجلة» للتنسيق في سوريا" not in body
    assert body.startswith("الغربية – متابعة معاذ الراوي – 8 – فبراير – 2020")
    assert "الأخبار العاجلة" not in body
    assert body.endswith("ليست قادرة على القيام بهذا الدور وحدها».")


def test_split_headline_long_first_line_seed_003() -> None:
    title, body = split_headline(_seed("003"))
    assert title.startswith("من المقرر أن يجري الرئيس الروسي فلاديمير بوتين")
    assert 5 <= len(title.split()) <= 20
    assert "." not in title
    assert body.startswith("من المقرر أن يجري الرئيس الروسي")
    assert body.endswith("المصدر: الأناضول + وكالات")
    assert "مشاركة" not in body


def test_split_headline_edge_cases() -> None:
    assert split_headline("") == ("", "")
    assert split_headline("عنوان فقط") == ("عنوان فقط", "")
    assert split_headline("\n\nعنوان\n\n\nنص\n\nفقرة") == ("عنوان", "نص\n\nفقرة")


def test_doc_id() -> None:
    a = doc_id("http://www.al-madina.com/node/1/x.html?weekly", "t", "b")
    assert a == doc_id("http://www.al-madina.com/node/1/x.html", "other", "other")
    assert len(a) == 40
    no_url = doc_id(None, "أحمد", "مدرسة")
    assert no_url == doc_id(None, "احمد", "مدرسه")  # folded
    assert no_url != doc_id(None, "أحمد", "مدرسة أخرى")
    assert doc_id("not a url", "أحمد", "مدرسة") == no_url


def test_build_document_from_txt_seed() -> None:
    records = list(iter_inputs([str(DEMO)]))
    docs = [build_document(r) for r in records if isinstance(r, Record)]
    assert len(docs) == 5
    doc = docs[4]
    assert doc["ref"] == "004_cfd70046b713ef0e.txt"
    assert doc["url"] is None and doc["source"] is None and doc["author"] is None
    assert doc["title_display"] == "بوتين وإردوغان يتفقان على تدابير عاجلة للتنسيق في سوريا"
    assert doc["title"] == doc["title_display"]
    assert "اترك تعليقاً" not in doc["body_display"]
    assert "crawled" not in doc and "metadata_date" not in doc
    assert len(doc["_id"]) == 40 and len(doc["content_hash"]) == 40
    assert len(doc["minhash_bands"]) == 16
    assert len({d["_id"] for d in docs}) == 5
    assert set(doc) - {"_id"} <= FIELDS


def test_build_document_from_json_record() -> None:
    record = Record(
        "x.jsonl:7",
        "x.jsonl:7",
        {
            "title": "&quot;عنوانٌ&quot;",
            "body": "\u00a0\u00a0\u00a0\u00a0نصُّ الخبر.\n\n ...المزيد",
            "url": "http://aawsat.com/home/article/1/سلام?utm_source=x",
            "source": "aawsat",
            "author": "&nbsp;واس (جدة)",
            "crawled": "2015-07-21 02:51:32",
            "date": "8 فبراير 2020",
        },
    )
    doc = build_document(record)
    assert doc["ref"] == "http://aawsat.com/home/article/1/سلام?utm_source=x"
    assert doc["url"] == "http://aawsat.com/home/article/1/سلام"
    assert doc["title_display"] == '"عنوانٌ"' and doc["title"] == '"عنوان"'
    assert doc["body_display"] == "نصُّ الخبر." and doc["body"] == "نص الخبر."
    assert doc["author"] == "واس (جدة)"
    assert doc["crawled"] == "2015-07-21 02:51:32"
    assert doc["metadata_date"] == "8 فبراير 2020"
    assert doc["content_hash"] is None and doc["minhash_bands"] == []
    assert set(doc) - {"_id", "metadata_date"} <= FIELDS


def test_build_document_ref_without_url_and_iso_crawled() -> None:
    record = Record("feed.jsonl:12", "/x/feed.jsonl:12", {"body": "نص", "crawled": "2020-02-08T10:00:00+03:00"})
    doc = build_document(record)
    assert doc["ref"] == "feed.jsonl:12"
    assert doc["url"] is None
    assert doc["title_display"] == "نص"  # first sentence of the body when there is no title
    assert doc["crawled"] == "2020-02-08 07:00:00"


def test_a_hashtag_is_indexed_as_its_words_and_identified_as_written() -> None:
    title, body = "#عاصفة_الحزم تدخل يومها الأول", "انطلقت " * 80 + "#عاصفة_الحزم"
    doc = build_document(Record("a.txt", "a.txt", {"title": title, "body": body}))
    assert doc["title"].startswith("#عاصفة الحزم") and doc["body"].endswith("#عاصفة الحزم")
    assert doc["title_display"] == title and doc["body_display"].endswith("#عاصفة_الحزم")
    assert doc["_id"] == doc_id(None, title, body.strip())  # the id of the text as written
    apart = build_document(Record("b.txt", "b.txt", {"title": title, "body": body.replace("_", " ")}))
    assert doc["body"] == apart["body"] and doc["content_hash"] != apart["content_hash"]  # fingerprints too


def test_build_document_rejects_empty() -> None:
    with pytest.raises(DocumentError):
        build_document(Record("a", "a", {"title": " \u00a0", "body": "\u200f\n\x1a\x1a", "url": "http://a.b/"}))
    with pytest.raises(DocumentError):
        build_document(Record("a", "a", {"body": "اضف رد\nلن يتم نشر البريد الإلكتروني"}))


def test_saudinewsnet_first_2000_records_build_or_reject() -> None:
    items = list(islice(iter_inputs([str(SNN / "2015-07-21.jsonl.gz")]), 2000))
    assert len(items) == 2000
    built = rejected = 0
    for item in items:
        assert isinstance(item, Record)
        try:
            doc = build_document(item)
        except DocumentError:
            rejected += 1
            continue
        built += 1
        assert set(doc) - {"_id", "metadata_date"} <= FIELDS
        assert doc["source"] and doc["url"] and doc["crawled"]
        assert "\x1a" not in doc["body_display"] and "\u00a0" not in doc["body_display"]
    assert built > 1900


def test_saudinewsnet_almadina_weekly_duplicates_share_id() -> None:
    rows = [r for r in _snn("2015-07-21.jsonl.gz") if r["source"] == "almadina"]
    by_url = {r["url"]: r for r in rows}
    pairs = [(u, u.split("?")[0]) for u in by_url if u.endswith(("?weekly", "?live")) and u.split("?")[0] in by_url]
    assert pairs
    for variant, plain in pairs:
        assert doc_id(variant, "", "") == doc_id(plain, "", "")
        a = build_document(Record("a", "a", {"url": variant, "body": by_url[variant]["content"], "title": "t"}))
        b = build_document(Record("b", "b", {"url": plain, "body": by_url[plain]["content"], "title": "t"}))
        assert a["_id"] == b["_id"]


def test_saudinewsnet_sabq_entity_titles_are_decoded() -> None:
    rows = [r for r in _snn("2015-07-21.jsonl.gz") if r["source"] == "sabq" and "&" in r["title"]]
    assert rows
    for row in rows:
        doc = build_document(Record("r", "r", {"title": row["title"], "body": row["content"], "url": row["url"]}))
        assert "&quot;" not in doc["title_display"] and "&#" not in doc["title_display"]


def test_an_article_without_a_source_gets_the_outlet_of_its_url():
    """SaudiNewsNet's outlets are keyed by its source names: a page saved from one of their sites, or a
    scrape without a source field, joins the same facet entry; another host is its own key."""
    assert outlet_of("http://www.okaz.com.sa/new/Issues/20150720/Con20150720784687.htm") == "okaz"
    assert outlet_of("https://m.aawsat.com/home/article/1") == outlet_of("http://aawsat.com/x") == "aawsat"
    assert outlet_of("https://WWW.Example.co.uk/a") == "example.co.uk" and outlet_of("ftp://x.org/a") is None
    # other major Arabic outlets are named too; a site of the same company elsewhere is not
    assert outlet_of("https://www.aljazeera.net/news/1") == "aljazeera" and outlet_name("aljazeera") == "الجزيرة نت"
    assert outlet_of("https://arabic.cnn.com/a") == "cnnarabic"
    assert outlet_of("https://edition.cnn.com/a") == "edition.cnn.com"
    assert len(set(outlet_names().values())) == len(outlet_names())  # a name is one outlet (--source takes names)
    first_of: dict[str, str] = {}  # the first article URL of each SaudiNewsNet outlet
    for path in sorted(SNN.glob("*.jsonl.gz")):
        first_of |= {a["source"]: a["url"] for a in reversed(_snn(path.name)) if a["source"] not in first_of}
    assert len(first_of) == 14
    for source, url in first_of.items():
        assert outlet_of(url) == source, url  # every SaudiNewsNet host is listed, under its source name
    scraped = Record("x", "x", {"title": "خبر", "body": "نص الخبر", "url": "http://sabq.org/PHGKif"})
    named = Record("y", "y", {"title": "خبر", "body": "نص الخبر", "url": "http://sabq.org/a", "source": "سبق"})
    assert build_document(scraped)["source"] == "sabq"
    assert build_document(named)["source"] == "sabq"  # a known outlet's name is its key: one facet value


def test_a_copy_from_a_web_archive_is_the_pages_article_made_when_the_archive_captured_it() -> None:
    """An article recovered from the Wayback Machine (a deleted page): the page's own address and
    outlet, the same document as the page scraped live; the copy's address kept as its ``ref``; the
    capture's time as when the copy was made (the reference for «أمس», and the date of an article
    whose text gives none), whenever it was fetched from the archive."""
    wayback = "https://web.archive.org/web/20200208143000/https://www.aljazeera.net/news/2020/2/8/idlib"
    fields = {"title": "خبر", "body": "نص الخبر", "crawled": "2026-11-24T09:00:00+00:00"}
    copy = build_document(Record("x", "x", {**fields, "url": wayback}))
    live = build_document(Record("y", "y", {**fields, "url": "https://www.aljazeera.net/news/2020/2/8/idlib"}))
    assert copy["url"] == live["url"] == "https://www.aljazeera.net/news/2020/2/8/idlib"
    assert copy["_id"] == live["_id"] and copy["source"] == "aljazeera" and copy["ref"] == wayback
    assert copy["crawled"] == "2020-02-08 14:30:00" and live["crawled"] == "2026-11-24 09:00:00"
    short = build_document(Record("z", "z", {**fields, "url": wayback.replace("20200208143000", "2020")}))
    assert short["url"] == copy["url"] and short["crawled"] == "2026-11-24 09:00:00"  # no day: when it was fetched


def test_the_json_of_common_news_crawlers_loads_without_a_field_map(tmp_path: Path) -> None:
    """news-please (``maintext``, ``date_publish``, ``source_domain`` a host) and trafilatura (``text``,
    its address as ``source``): the outlet is the site's key, as for an address; an outlet named by
    its name in any language is its key too (one facet value per outlet)."""
    news_please = {
        "title": "عنوان من news-please", "maintext": "نص المقال كاملا.", "authors": ["معاذ الراوي"],
        "date_publish": "2020-02-08 10:00:00", "date_download": "2020-02-09 07:00:00",
        "source_domain": "www.okaz.com.sa", "url": "https://www.okaz.com.sa/news/1", "language": "ar",
    }  # fmt: skip
    trafilatura = {
        "title": "عنوان من trafilatura", "text": "نص آخر.", "date": "2021-10-07",
        "source": "https://aawsat.com/home/article/1", "source-hostname": "Asharq Al-Awsat", "hostname": "aawsat.com",
    }  # fmt: skip
    host_only = {"title": "عنوان", "body": "نص", "source": "www.unknown-site.net", "url": "https://x.example/1"}
    names = ("Okaz", "عكاظ", "صحيفة عكاظ", "BBC Arabic")
    by_name = [{"title": "عنوان", "body": "نص", "source": name} for name in names]
    path = tmp_path / "crawled.jsonl"
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n"
                            for o in (news_please, trafilatura, host_only, *by_name)), encoding="utf-8")
    first, second, third, *named = (build_document(r) for r in iter_inputs([path]))
    assert (first["source"], first["author"], first["body_display"]) == ("okaz", "معاذ الراوي", "نص المقال كاملا.")
    assert (first["metadata_date"], first["crawled"]) == ("2020-02-08 10:00:00", "2020-02-09 07:00:00")
    assert second["source"] == "aawsat" and second["ref"] == "https://aawsat.com/home/article/1"
    assert second["url"] == "https://aawsat.com/home/article/1" and second["metadata_date"] == "2021-10-07"
    assert third["source"] == "unknown-site.net"  # a host of no known outlet: the host
    assert [d["source"] for d in named] == ["okaz", "okaz", "okaz", "BBC Arabic"]  # a known outlet's name: its key
    assert outlet_of("https://www.okaz.com.sa/x") == "okaz"
