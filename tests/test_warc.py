"""Web archives (WARC): the pages a crawler stored, read as saved pages, found again on a re-run."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from indexer.article import DocumentError, build_document
from indexer.readers import Failure, Record, failure_for, failure_to_dict, iter_inputs
from tests.test_pages import HEADLINE, saved_page

CANONICAL = "https://www.alkhabar.example/w/1"
FETCHED = "https://m.alkhabar.example/w/1?utm_source=tw"
# (target URI, status, content type, payload, extra HTTP headers)
RESPONSES = [
    # a server that says Latin-1 for a page in Windows-1256, as many did
    (FETCHED, "200 OK", "text/html; charset=iso-8859-1", saved_page(url=CANONICAL, charset="windows-1256"), []),
    ("https://www.alkhabar.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64), []),
    ("https://www.alkhabar.example/old", "301 Moved Permanently", "text/html", b"", []),
    ("https://www.alkhabar.example/404", "200 OK", "text/html", b"<html><body><script>x()</script></body></html>", []),
    ("https://www.alkhabar.example/w/2", "200 OK", "text/html; charset=utf-8",
     gzip.compress(saved_page("خبر آخر", ["نص خبر آخر عن الرياض وجدة."]), mtime=0), [("Content-Encoding", "gzip")]),
]


def warc_bytes(compress: bool = True, responses: list = RESPONSES) -> bytes:
    """A crawl as wget --warc-file writes it: an info record, then a request and a response per URL."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "Wget/1.21"}))
    for url, status, kind, payload, extra in responses:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "www.alkhabar.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
        headers = StatusAndHeaders(status, [("Content-Type", kind), *extra], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": "2024-05-01T12:00:00Z"}))
    return out.getvalue()


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_the_pages_of_a_web_archive_are_read_and_its_other_responses_counted(tmp_path: Path, name: str) -> None:
    warc = tmp_path / name
    warc.write_bytes(warc_bytes(compress=name.endswith(".gz")))
    items = list(iter_inputs([tmp_path]))
    assert [(i.location.removeprefix(f"{warc}:"), type(i).__name__) for i in items] == [
        ("3", "Record"), ("5", "Failure"), ("7", "Failure"), ("9", "Record"), ("11", "Record")]
    article, png, moved, empty, other = items
    assert isinstance(article, Record) and article.fields == {"url": FETCHED, "crawled": "2024-05-01T12:00:00Z"}
    assert isinstance(png, Failure) and png.skipped and "not an HTML page" in png.reason
    assert isinstance(moved, Failure) and moved.skipped and "HTTP 301" in moved.reason
    doc = build_document(article)
    assert doc["title_display"] == HEADLINE and "لافروف" in doc["body_display"]  # decoded from Windows-1256
    assert doc["url"] == CANONICAL  # the page's own address, not the one the crawler fetched it by
    assert doc["crawled"] == "2024-05-01 12:00:00"
    assert isinstance(other, Record) and build_document(other)["title_display"] == "خبر آخر"  # gzip served
    assert isinstance(empty, Record)
    with pytest.raises(DocumentError, match="no article text"):
        build_document(empty)


def test_a_page_that_failed_is_read_again_from_the_web_archive(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(warc_bytes())
    records = [i for i in iter_inputs([warc]) if isinstance(i, Record)]
    entries = [failure_to_dict(failure_for(r, "rejected by Elasticsearch: x")) for r in (records[2], records[0])]
    assert all(e["record"] is None and e["path"] == str(warc) for e in entries)  # the page is not copied
    entries.append({**entries[0], "line": 40})
    failures = tmp_path / "failed.jsonl"
    failures.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    other, article, gone = iter_inputs([failures])
    assert isinstance(other, Record) and other.line == 11 and build_document(other)["title_display"] == "خبر آخر"
    assert isinstance(article, Record) and build_document(article)["url"] == CANONICAL
    assert isinstance(gone, Failure) and gone.reason == "record 40 is no longer in the file"


def test_a_cut_web_archive_keeps_the_pages_before_the_cut(tmp_path: Path) -> None:
    whole = warc_bytes(responses=RESPONSES * 20)  # past the blocks the archive is read in
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) * 3 // 4])
    items = list(iter_inputs([cut]))
    records = [i for i in items if isinstance(i, Record)]
    assert 10 < len(records) < 60 and records[0].location == f"{cut}:3"
    assert isinstance(items[-1], Failure) and items[-1].location == str(cut) and not items[-1].skipped
    assert items[-1].reason.startswith("truncated or corrupt web archive")
    not_warc = tmp_path / "notes.warc"
    not_warc.write_text("not a web archive\n", encoding="utf-8")
    (failure,) = iter_inputs([not_warc])
    assert isinstance(failure, Failure) and failure.reason.startswith("truncated or corrupt web archive")


def test_a_web_archive_inside_a_zip(tmp_path: Path) -> None:
    archive = tmp_path / "crawls.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("may/crawl.warc.gz", warc_bytes())
    records = [i for i in iter_inputs([archive]) if isinstance(i, Record)]
    assert [r.location for r in records] == [f"{archive}/may/crawl.warc.gz:{n}" for n in (3, 9, 11)]


def test_a_page_that_names_no_address_gets_the_one_it_was_fetched_from(tmp_path: Path) -> None:
    fetched = "https://www.alkhabar.example/world/2020/02/08/idlib"
    warc = tmp_path / "crawl.warc"
    warc.write_bytes(warc_bytes(False, [(fetched, "200 OK", "text/html", saved_page(url=None), [])]))
    (record,) = iter_inputs([warc])
    assert isinstance(record, Record)
    doc = build_document(record)
    assert doc["url"] == fetched and doc["source"] == "alkhabar.example"  # not the name the site gives itself
    assert doc["metadata_date"] == "2020-02-08"  # the date in the address, the markup having none


def test_an_arc_file_the_format_before_warc(tmp_path: Path) -> None:
    """ARC (Internet Archive crawls before 2008): a version block, then one header line per capture."""
    about = b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n"
    captures = [b"filedesc://crawl.arc 0.0.0.0 20080501120000 text/plain %d\n%s\n" % (len(about), about)]
    for url, kind, payload in (("http://www.alkhabar.example/w/1", "text/html", saved_page(url=None)),
                               ("http://www.alkhabar.example/logo.gif", "image/gif", b"GIF89a" + bytes(32))):
        block = b"HTTP/1.0 200 OK\r\nContent-Type: %s\r\n\r\n%s" % (kind.encode(), payload)
        captures.append(b"%s 10.0.0.1 20080501120000 %s %d\n%s\n" % (url.encode(), kind.encode(), len(block), block))
    arc = tmp_path / "crawl.arc.gz"
    arc.write_bytes(gzip.compress(b"".join(captures), mtime=0))
    page, gif = iter_inputs([arc])
    assert isinstance(page, Record) and page.location == f"{arc}:2"
    assert page.fields == {"url": "http://www.alkhabar.example/w/1", "crawled": "2008-05-01T12:00:00Z"}
    assert build_document(page)["title_display"] == HEADLINE
    assert isinstance(gif, Failure) and gif.skipped and "not an HTML page" in gif.reason
