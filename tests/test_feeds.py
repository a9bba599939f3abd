"""News feeds (RSS, Atom): each entry an article, found again on a re-run; loaded on the node."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import trafilatura

from indexer import mappings
from indexer.article import build_document
from indexer.feeds import FeedError, entries
from indexer.readers import Failure, Record, failure_for, failure_to_dict, iter_inputs
from search_ui import fetch
from search_ui.query import Filters
from tests.conftest import akhbar
from tests.test_indexing import by_ref, sources
from tests.test_pages import PARAGRAPHS, saved_page

PUTIN = "https://www.aljazeera.net/news/2020/2/8/putin-erdogan"
RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>الجزيرة نت</title><link>https://www.aljazeera.net</link>
<item><title>بوتين وأردوغان يبحثان الوضع في إدلب</title><link>{PUTIN}</link>
<pubDate>Sat, 08 Feb 2020 10:00:00 +0300</pubDate><dc:creator>مراسل الجزيرة</dc:creator>
<description>ملخص قصير</description>
<content:encoded><![CDATA[<p>بحث الرئيس الروسي فلاديمير بوتين مع نظيره التركي رجب طيب أردوغان الوضع في إدلب.</p>
<p>وقال الكرملين إن الاتصال تناول <b>اللجنة الدستورية</b>.<br/>وأضاف أن الجانبين اتفقا على التنسيق.</p>
<script>alert(1)</script>]]></content:encoded></item>
<item><title>خبر بملخص فقط</title><link>https://www.aljazeera.net/news/2</link>
<description>&lt;p&gt;ملخص الخبر الثاني عن الرياض&lt;/p&gt;</description></item>
<item><link>https://www.aljazeera.net/news/3</link></item>
</channel></rss>""".encode()
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>أخبار</title><id>urn:x</id><updated>2021-10-07T12:00:00Z</updated>
<entry><title>سوتشي: أردوغان وبوتين يتحادثان</title><id>urn:1</id>
<link rel="alternate" href="https://www.example.com/a/1"/><updated>2021-10-07T12:00:00Z</updated>
<author><name>وكالة</name></author>
<content type="html">&lt;div&gt;أجرى الرئيس التركي اتصالا&lt;/div&gt;&lt;div&gt;مع بوتين&lt;/div&gt;</content></entry>
</feed>""".encode()


def test_the_entries_of_an_rss_feed_are_articles(tmp_path: Path) -> None:
    first, second, third = (e.fields for e in entries(RSS))
    assert [e.summary for e in entries(RSS)] == [False, True, True]  # only the first carries its full text
    assert first == {
        "title": "بوتين وأردوغان يبحثان الوضع في إدلب",
        "body": "بحث الرئيس الروسي فلاديمير بوتين مع نظيره التركي رجب طيب أردوغان الوضع في إدلب.\n"
                "وقال الكرملين إن الاتصال تناول اللجنة الدستورية.\nوأضاف أن الجانبين اتفقا على التنسيق.",
        "url": PUTIN, "author": "مراسل الجزيرة", "date": "Sat, 08 Feb 2020 10:00:00 +0300",
    }  # the full content, not the summary; paragraphs and line breaks kept, markup and scripts dropped
    assert second == {"title": "خبر بملخص فقط", "body": "ملخص الخبر الثاني عن الرياض",
                      "url": "https://www.aljazeera.net/news/2"}  # no full content: the summary
    assert third == {"url": "https://www.aljazeera.net/news/3"}
    feed = tmp_path / "aljazeera.rss"
    feed.write_bytes(RSS)
    items = list(iter_inputs([feed]))
    assert [type(i) for i in items] == [Record, Record, Record]
    assert [i.location for i in items] == [f"{feed}:{n}" for n in (1, 2, 3)] and items[0].ref_hint == PUTIN


def test_a_json_feed_is_read_as_its_items(tmp_path: Path) -> None:
    """JSON Feed (1.1 and 1.0): an item's ``content_text`` or ``content_html`` as text, else its summary
    (an excerpt), its address, first author and date; not the feed's own title as an article."""
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "الجزيرة نت",
            "home_page_url": "https://www.aljazeera.net/", "items": [
                {"id": "1", "url": PUTIN, "title": "بوتين وأردوغان يبحثان الوضع في إدلب",
                 "content_html": "<p>فقرة أولى عن إدلب.</p><p>فقرة <b>ثانية</b>.</p><script>alert(1)</script>",
                 "summary": "ملخص", "date_published": "2020-02-08T10:00:00+03:00",
                 "authors": [{"name": "مراسل الجزيرة"}, {"name": "وكالة"}]},
                {"id": "2", "url": "https://www.aljazeera.net/news/2", "title": "خبر بملخص فقط",
                 "summary": "ملخص الخبر الثاني", "date_modified": "2020-02-09T10:00:00Z"},
                {"id": "3", "external_url": "https://www.aljazeera.net/news/3", "content_text": "نص كامل\nسطر ثان",
                 "author": {"name": "وكالة"}}, "not an item"]}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    first, second, third, fourth = iter_inputs([path])
    assert isinstance(first, Record) and first.fields == {
        "title": "بوتين وأردوغان يبحثان الوضع في إدلب", "body": "فقرة أولى عن إدلب.\nفقرة ثانية.", "url": PUTIN,
        "author": "مراسل الجزيرة", "date": "2020-02-08T10:00:00+03:00"}
    assert first.location == f"{path}:1" and not first.only_new
    assert isinstance(second, Record) and second.only_new and second.fields["body"] == "ملخص الخبر الثاني"
    assert second.fields["date"] == "2020-02-09T10:00:00Z"
    assert isinstance(third, Record) and third.fields == {"body": "نص كامل\nسطر ثان", "author": "وكالة",
                                                           "url": "https://www.aljazeera.net/news/3"}
    assert isinstance(fourth, Record) and fourth.fields == {}  # no article: fails when it is built


def test_an_atom_feed_and_compressed_feeds(tmp_path: Path) -> None:
    ((entry, summary),) = entries(ATOM)
    assert not summary
    assert entry == {"title": "سوتشي: أردوغان وبوتين يتحادثان", "body": "أجرى الرئيس التركي اتصالا\nمع بوتين",
                     "url": "https://www.example.com/a/1", "author": "وكالة", "date": "2021-10-07T12:00:00Z"}
    feed = tmp_path / "news.atom.gz"
    feed.write_bytes(gzip.compress(ATOM, mtime=0))
    (record,) = iter_inputs([feed])
    assert isinstance(record, Record) and record.fields["url"] == "https://www.example.com/a/1"


def test_xml_that_is_no_feed_and_empty_feeds_are_failures(tmp_path: Path) -> None:
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                       "<url><loc>https://x.example/1</loc></url></urlset>", encoding="utf-8")
    (left_out,) = iter_inputs([sitemap])  # a site mirror's sitemap: left out, as pages that are no articles
    assert isinstance(left_out, Failure) and left_out.skipped and left_out.reason == "XML that is no news feed"
    named = tmp_path / "feed.rss"
    named.write_bytes(sitemap.read_bytes())
    (failure,) = iter_inputs([named])  # named a feed: a failure
    assert isinstance(failure, Failure) and not failure.skipped and failure.reason == "not an RSS or Atom feed"
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        entries(b"plain text, no XML at all")
    empty = tmp_path / "empty.rss"
    empty.write_text('<rss version="2.0"><channel><title>t</title></channel></rss>', encoding="utf-8")
    (nothing,) = iter_inputs([empty])
    assert isinstance(nothing, Failure) and nothing.reason == "empty feed (no entries)"


def test_scrapys_exports_are_read_as_their_records(tmp_path: Path) -> None:
    """``scrapy crawl news -o items.xml`` (XmlItemExporter: a list field's values as ``<value>``, text
    escaped) and ``-o items.jl`` (JSON Lines): each item an article, through the field map."""
    xml = tmp_path / "items.xml"
    xml.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<items><item><title>بوتين وأردوغان يبحثان الوضع في إدلب</title>'
        f"<url>{PUTIN}</url><content>&lt;p&gt;بحث الرئيس الروسي فلاديمير بوتين الوضع في إدلب.&lt;/p&gt;"
        "&lt;p&gt;فقرة ثانية.&lt;/p&gt;</content><authors><value>مراسل الجزيرة</value><value>وكالة</value></authors>"
        "<date>2020-02-08T10:00:00+03:00</date></item><item><title>خبر آخر</title><content>نص آخر</content></item>"
        "</items>\n", encoding="utf-8")
    first, second = iter_inputs([xml])
    assert isinstance(first, Record) and first.location == f"{xml}:1" and first.fields == {
        "title": "بوتين وأردوغان يبحثان الوضع في إدلب", "url": PUTIN,
        "body": "بحث الرئيس الروسي فلاديمير بوتين الوضع في إدلب.\nفقرة ثانية.",
        "author": "مراسل الجزيرة، وكالة", "date": "2020-02-08T10:00:00+03:00"}
    assert isinstance(second, Record) and second.fields == {"title": "خبر آخر", "body": "نص آخر"}
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(failure_to_dict(failure_for(second, "x")), ensure_ascii=False) + "\n")
    (again,) = iter_inputs([failures])
    assert isinstance(again, Record) and again.fields == second.fields
    lines = tmp_path / "items.jl"
    lines.write_text(json.dumps({"title": "خبر", "content": "نص", "url": PUTIN}, ensure_ascii=False) + "\n")
    (record,) = iter_inputs([lines])
    assert isinstance(record, Record) and record.fields == {"title": "خبر", "body": "نص", "url": PUTIN}
    cut = tmp_path / "cut.xml"  # a crawl interrupted while writing its third item
    items = "".join(f"<item><title>خبر {n}</title><content>نص الخبر {n}</content></item>" for n in range(1, 4))
    cut.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<items>{items[:-30]}', encoding="utf-8")
    *complete, broken = iter_inputs([cut])
    assert [r.fields["title"] for r in complete if isinstance(r, Record)] == ["خبر 1", "خبر 2"]
    assert isinstance(broken, Failure) and broken.reason.startswith("truncated or broken XML export: ")
    assert broken.reason.endswith("(the 2 item(s) before it were read, the rest of the file was not)")
    cut.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<items>{items}', encoding="utf-8")  # between items
    assert len([r for r in iter_inputs([cut]) if isinstance(r, Record)]) == 3
    (tmp_path / "empty.xml").write_text("<items></items>")
    (nothing,) = iter_inputs([tmp_path / "empty.xml"])
    assert isinstance(nothing, Failure) and nothing.reason == "empty XML export (no items)"


def test_an_article_trafilatura_wrote_as_xml_is_read_as_the_page_would_be(tmp_path: Path) -> None:
    """``trafilatura --xml`` (one page's article: its metadata as attributes, its text in <main>, the
    comments apart): the same article as the saved page it was taken from."""
    page = saved_page(url="https://www.alkhabar.example/w/1", published="2020-02-08T14:30:00+03:00",
                      author="معاذ الراوي").decode()
    path = tmp_path / "page.xml"
    path.write_text(trafilatura.extract(page, output_format="xml", with_metadata=True), encoding="utf-8")
    (record,) = iter_inputs([path])
    assert isinstance(record, Record) and record.location == str(path)
    doc, from_page = build_document(record), build_document(Record("p", "p", {}, page=page))
    for key in ("title_display", "body_display", "url", "source", "author", "metadata_date"):
        assert doc[key] == from_page[key], key
    assert doc["body_display"].split("\n") == PARAGRAPHS and doc["source"] == "alkhabar.example"


def test_an_entry_named_in_a_failures_file_is_read_again(tmp_path: Path) -> None:
    feed = tmp_path / "aljazeera.rss"
    feed.write_bytes(RSS)
    failures = tmp_path / "failed.jsonl"
    entries_ = [{"location": f"{feed}:{n}", "reason": "x", "path": str(feed), "line": n} for n in (2, 9)]
    failures.write_text("".join(json.dumps(e) + "\n" for e in entries_), encoding="utf-8")
    second, gone = iter_inputs([failures])
    assert isinstance(second, Record) and second.fields["title"] == "خبر بملخص فقط"
    assert isinstance(gone, Failure) and gone.reason == "entry 9 is no longer in the file"


def test_a_summary_fed_back_from_a_failures_file_is_still_a_summary(tmp_path: Path) -> None:
    feed = tmp_path / "aljazeera.rss"
    feed.write_bytes(RSS)
    full, summary, _ = iter_inputs([feed])
    failures = tmp_path / "failed.jsonl"  # both rejected by the engine, say: their fields are kept
    failures.write_text("".join(json.dumps(failure_to_dict(failure_for(r, "rejected")), ensure_ascii=False) + "\n"
                                for r in (full, summary)), encoding="utf-8")
    again_full, again_summary = iter_inputs([failures])
    assert isinstance(again_summary, Record) and again_summary.only_new
    assert again_summary.fields == summary.fields and again_summary.location == summary.location
    assert isinstance(again_full, Record) and not again_full.only_new and again_full.fields == full.fields


@pytest.mark.engine
def test_a_feed_is_loaded_with_its_dates_and_outlets(es, tmp_path: Path) -> None:
    alias = "akhbar-test-feeds"
    mappings.drop(es, alias)
    feed = tmp_path / "aljazeera.rss"
    feed.write_bytes(RSS)
    failed = tmp_path / "failed.jsonl"
    done = akhbar("index", str(feed), "--index", alias, "--failed", str(failed))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stdout + done.stderr  # the empty entry
    docs = by_ref(sources(es, alias))
    putin = docs[PUTIN]
    assert putin["source"] == "aljazeera" and putin["published"] == "2020-02-08"
    assert putin["published_source"] == "metadata" and "فلاديمير بوتين" in putin["actors"]
    assert putin["author"] == "مراسل الجزيرة" and "<" not in putin["body_display"]
    assert set(docs) == {PUTIN, "https://www.aljazeera.net/news/2"}
    (entry,) = [json.loads(line) for line in failed.read_text(encoding="utf-8").splitlines()]
    assert entry["location"] == f"{feed}:3" and entry["reason"] == "no title or body text"
    mappings.drop(es, alias)


@pytest.mark.engine
def test_a_summary_never_replaces_the_article_stored_in_full(es, tmp_path: Path) -> None:
    """A feed lists articles scraped before; its summaries are loaded only for the articles the
    archive lacks, while an entry with its full text is loaded as any article."""
    alias = "akhbar-test-feed-summaries"
    mappings.drop(es, alias)
    full = "نص المقال الكامل عن بوتين وأردوغان في إدلب، كما نشرته الجزيرة، في فقرات عدة."
    scraped = tmp_path / "scraped.jsonl"
    scraped.write_text(json.dumps({"title": "بوتين وأردوغان", "content": full, "url": PUTIN}, ensure_ascii=False)
                       + "\n", encoding="utf-8")
    failed = tmp_path / "failed.jsonl"
    assert akhbar("index", str(scraped), "--index", alias, "--failed", str(failed)).returncode == 0
    summaries = RSS.replace(b"<content:encoded>", b"<!--").replace(b"</content:encoded>", b"-->")
    summaries = summaries.replace(b"<item><link>https://www.aljazeera.net/news/3</link></item>", b"")
    feed = tmp_path / "aljazeera.rss"
    feed.write_bytes(summaries)
    done = akhbar("index", str(feed), "--index", alias, "--failed", str(failed))
    assert done.returncode == 0, done.stdout + done.stderr  # not a failure
    assert "indexed 1  updated 0" in done.stdout and "already stored 1" in done.stdout
    assert "not loaded: 1 summaries or cut texts of articles the archive has already" in done.stdout
    assert "summaries only: 1 of the articles indexed are a summary or the start of their text" in done.stdout
    docs = by_ref(sources(es, alias))
    assert docs[PUTIN]["body_display"] == full and "excerpt" not in docs[PUTIN]
    assert docs["https://www.aljazeera.net/news/2"]["excerpt"] is True  # the archive knows it is a summary
    stats = akhbar("stats", "--index", alias).stdout
    assert "summaries only       1  (a summary or the start of the text" in stats
    hit = fetch.run_search(es, alias, "", Filters(sources=["aljazeera"]), size=5).hits
    assert sorted(h.excerpt for h in hit) == [False, True]
    table = akhbar("search", "", "--index", alias).stdout
    assert table.count("(summary only: the full text is at the source)") == 1
    feed.write_bytes(RSS.replace(b"<item><link>https://www.aljazeera.net/news/3</link></item>", b""))
    again = akhbar("index", str(feed), "--index", alias, "--failed", str(failed))  # its full text: loaded
    assert again.returncode == 0 and "updated 1" in again.stdout and "already stored 1" in again.stdout
    assert by_ref(sources(es, alias))[PUTIN]["body_display"].startswith("بحث الرئيس الروسي فلاديمير بوتين")
    scraped.write_text(json.dumps({"title": "الثاني", "content": full, "url": "https://www.aljazeera.net/news/2"},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    assert akhbar("index", str(scraped), "--index", alias, "--failed", str(failed)).returncode == 0
    assert "excerpt" not in by_ref(sources(es, alias))["https://www.aljazeera.net/news/2"]  # its whole text now
    mappings.drop(es, alias)
