"""Articles in Markdown, as scraping tools write them (Jina Reader, Firecrawl, crawl4ai,
``trafilatura --markdown``): their metadata and their text without the markup."""

from __future__ import annotations

import json
from pathlib import Path

from indexer.article import build_document
from indexer.inputs import skipped_files
from indexer.markdown_text import markdown_text
from indexer.readers import Record, failure_for, failure_to_dict, iter_inputs
from tests.test_pages import HEADLINE, PARAGRAPHS

URL = "https://www.aljazeera.net/news/2020/2/8/putin-erdogan"
BODY = (f"{PARAGRAPHS[0]}\n\n**{PARAGRAPHS[1]}**\n\n![صورة الرئيسين](https://x.example/a.jpg)\n\n"
        f"[{PARAGRAPHS[2]}](https://www.aljazeera.net/news/2)\n\n<script>alert(1)</script>\n")


def test_markdown_is_read_as_its_text() -> None:
    text = markdown_text("## عنوان فرعي\n\nفقرة *أولى* مع [رابط](https://x.example) و`رمز`.\n\n- بند\n- بند ثان\n\n"
                         "> اقتباس\n\n```\nسطر برمجي\n```\n<div>نص في وسم</div>")
    assert text.split("\n") == ["عنوان فرعي", "فقرة أولى مع رابط ورمز.", "بند", "بند ثان", "اقتباس", "سطر برمجي",
                                "نص في وسم"]


def test_an_article_in_markdown_with_front_matter(tmp_path: Path) -> None:
    """YAML front matter (trafilatura's, a static site's): its fields through the field map; the
    headline repeated as the text's first heading once; read again from a failures file alike."""
    path = tmp_path / "putin.md"
    path.write_text(f"---\ntitle: {HEADLINE}\nauthor: معاذ الراوي\ndate: 2020-02-08\nurl: {URL}\n"
                    f"tags: [سوريا, إدلب]\n---\n# {HEADLINE}\n\n{BODY}", encoding="utf-8")
    (record,) = iter_inputs([path])
    assert isinstance(record, Record) and record.location == str(path) and record.fields == {
        "title": HEADLINE, "body": "\n".join(PARAGRAPHS), "url": URL, "author": "معاذ الراوي", "date": "2020-02-08"}
    doc = build_document(record)
    assert (doc["url"], doc["source"], doc["metadata_date"]) == (URL, "aljazeera", "2020-02-08")
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(failure_to_dict(failure_for(record, "x")), ensure_ascii=False) + "\n")
    (again,) = iter_inputs([failures])
    assert isinstance(again, Record) and again.fields == record.fields


def test_jina_readers_header_and_markdown_without_a_header(tmp_path: Path) -> None:
    jina = tmp_path / "r.jina.ai.md"
    jina.write_text(f"Title: {HEADLINE}\n\nURL Source: {URL}\n\nPublished Time: 2020-02-08T10:00:00+03:00\n\n"
                    f"Markdown Content:\n{BODY}", encoding="utf-8")
    bare = tmp_path / "bare.markdown"
    bare.write_text(f"# {HEADLINE}\n\n{BODY}", encoding="utf-8")
    other = tmp_path / "other.md"  # the header's title is not the text's first line: all of the text is body
    other.write_text(f"---\ntitle: {HEADLINE}\n---\n{'فقرة طويلة. ' * 30}\n\n{BODY}", encoding="utf-8")
    read = {Path(r.location).name: r.fields for r in iter_inputs([tmp_path]) if isinstance(r, Record)}
    assert read["r.jina.ai.md"] == {"title": HEADLINE, "body": "\n".join(PARAGRAPHS), "url": URL,
                                    "date": "2020-02-08T10:00:00+03:00"}
    assert read["bare.markdown"] == {"title": HEADLINE, "body": "\n".join(PARAGRAPHS)}
    assert read["other.md"] == {"title": HEADLINE, "body": "\n".join([("فقرة طويلة. " * 30).strip(), *PARAGRAPHS])}


def test_firecrawls_and_crawl4ais_json_are_read_with_their_markdown_as_text(tmp_path: Path) -> None:
    """Firecrawl's crawl answer (``{"data": [{"markdown", "metadata": {…}}]}``) and crawl4ai's
    results (``markdown`` an object of forms): the Markdown as text, its first heading aside when it
    is the headline, the metadata as fields; a field that only looks like Markdown stays as it is."""
    firecrawl = {"success": True, "status": "completed", "data": [{
        "markdown": f"# {HEADLINE}\n\n{BODY}",
        "metadata": {"title": HEADLINE, "sourceURL": URL, "publishedTime": "2020-02-08T10:00:00+03:00",
                     "language": "ar", "statusCode": 200}}]}
    crawl4ai = {"url": URL, "success": True, "markdown": {"raw_markdown": f"# {HEADLINE}\n\n{BODY}",
                                                          "fit_markdown": "…"}, "metadata": {"title": HEADLINE}}
    plain = {"title": "عنوان", "content": "نص فيه **نجمتان** و# علامة", "markdown": "شيء آخر"}
    (tmp_path / "firecrawl.json").write_text(json.dumps(firecrawl, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "crawl4ai.jsonl").write_text(json.dumps(crawl4ai, ensure_ascii=False) + "\n"
                                             + json.dumps(plain, ensure_ascii=False) + "\n", encoding="utf-8")
    read = {Path(r.location).name: r.fields for r in iter_inputs([tmp_path]) if isinstance(r, Record)}
    expected = {"title": HEADLINE, "body": "\n".join(PARAGRAPHS), "url": URL}
    assert read["firecrawl.json:1"] == {**expected, "date": "2020-02-08T10:00:00+03:00"}
    assert read["crawl4ai.jsonl:1"] == expected
    assert read["crawl4ai.jsonl:2"] == {"title": "عنوان", "body": "نص فيه **نجمتان** و# علامة"}  # not Markdown


def test_a_scrapers_own_readme_and_license_in_the_folder_are_no_articles(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# My scraper\n\nRun it with `python crawl.py`.", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("MIT License", encoding="utf-8")
    (tmp_path / "story.md").write_text(f"# {HEADLINE}\n\n{BODY}", encoding="utf-8")
    assert [Path(r.location).name for r in iter_inputs([tmp_path])] == ["story.md"]
    assert sorted(f.name for f in skipped_files([tmp_path])) == ["LICENSE.txt", "README.md"]
    (named,) = iter_inputs([tmp_path / "README.md"])  # named on its own: read
    assert isinstance(named, Record) and named.fields["title"] == "My scraper"
