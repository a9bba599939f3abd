"""Web pages saved as one file (MHTML): a page Chromium saves («Save as → Webpage, Single File»),
Word's and Internet Explorer's «Single File Web Page», read as the saved page they hold."""

from __future__ import annotations

import base64
import gzip
import json
import quopri
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Route, sync_playwright

from indexer import mappings
from indexer.article import build_document
from indexer.mhtml import saved_page as mhtml_page
from indexer.readers import Failure, Record, failure_for, failure_to_dict, iter_inputs
from tests.conftest import akhbar
from tests.test_indexing import by_ref, sources
from tests.test_pages import HEADLINE, PARAGRAPHS, SITE_WORDS, saved_page
from tests.test_ui_browser import CHROME_ARGS, CHROMIUM

URL = "https://www.aa.com.tr/ar/politics/putin-erdogan-call/2385017"
AD = "https://ads.example/frame.html"  # a frame in the page: saved with it, not its article
AD_TEXT = "عروض حصرية على الهواتف الذكية"


@pytest.fixture(scope="module")
def save_mhtml() -> Iterator[Callable[[bytes], str]]:
    """Save a page, served at ``URL`` with a picture and an advertisement's frame, as Debian's Chromium
    saves it as one file (MHTML)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("no /usr/bin/chromium: run `make test` (it installs chromium) or apt-get install chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)

        def saved(markup: bytes) -> str:
            page = browser.new_page()

            def serve(route: Route) -> None:
                url = route.request.url
                if url == URL:
                    route.fulfill(body=markup, content_type="text/html")
                elif url == AD:
                    route.fulfill(body=f"<p>{AD_TEXT}</p>".encode(), content_type="text/html; charset=utf-8")
                else:
                    route.fulfill(body=base64.b64decode(_PIXEL), content_type="image/png")

            page.route("**/*", serve)
            page.goto(URL)
            snapshot = page.context.new_cdp_session(page).send("Page.captureSnapshot", {"format": "mhtml"})
            page.close()
            return str(snapshot["data"])

        yield saved
        browser.close()


_PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


def _chromium_page() -> bytes:
    frame = f'<iframe src="{AD}"></iframe><img src="/logo.png">'
    return saved_page(published="2021-09-29T18:00:00+03:00").replace(b"</article>", frame.encode() + b"</article>")


def test_a_page_saved_by_chromium_reads_as_that_page(tmp_path: Path, save_mhtml) -> None:
    """Its article without the site around it (nor the advertisement's frame saved with it), the
    address it was saved from (its outlet follows), when it was saved; compressed, or read again
    from a failures file, the same."""
    path = tmp_path / "صفحة.mhtml"
    path.write_text(save_mhtml(_chromium_page()), encoding="utf-8")
    (record,) = iter_inputs([path])
    assert isinstance(record, Record) and record.page and record.fields["url"] == URL
    saved = datetime.fromisoformat(record.fields["crawled"])
    assert abs(datetime.now(UTC) - saved) < timedelta(minutes=10)
    doc = build_document(record)
    assert doc["url"] == URL and doc["source"] == "anadolu" and doc["ref"] == URL
    assert doc["title_display"] == HEADLINE and doc["body_display"].split("\n") == PARAGRAPHS
    assert not any(word in doc["body_display"] for word in [*SITE_WORDS, AD_TEXT])
    assert doc["metadata_date"] == "2021-09-29"  # the page's own date
    assert doc["crawled"] == saved.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    packed = tmp_path / "صفحة2.mht.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    failures = tmp_path / "failed.jsonl"
    failures.write_text(json.dumps(failure_to_dict(failure_for(record, "x")), ensure_ascii=False) + "\n")
    for other in (packed, failures):
        (again,) = iter_inputs([other])
        assert isinstance(again, Record) and (again.fields, again.page) == (record.fields, record.page)


def _mime(parts: list[tuple[str, bytes]], *, head: str = "", preamble: str = "") -> bytes:
    """A ``multipart/related`` message of ``(headers, body)`` parts."""
    boundary = "----=_NextPart_01D7B6A5.5C0F3A60"
    out = [f'MIME-Version: 1.0\r\n{head}Content-Type: multipart/related; boundary="{boundary}"\r\n\r\n{preamble}\r\n'
           .encode()]
    for headers, body in parts:
        out += [f"\r\n--{boundary}\r\n{headers}\r\n\r\n".encode(), body]
    out.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(out)


def _word_page(paragraphs: list[str]) -> str:
    """A document as Word saves it as a web page: its paragraphs in Word's classes, right to left."""
    body = "".join(f"<p class=MsoNormal dir=RTL style='text-align:right;direction:rtl'><span lang=AR-SA>{p}"
                   "</span></p>" for p in [HEADLINE, *paragraphs])
    return ("<html xmlns:o='urn:schemas-microsoft-com:office:office' xmlns:w='urn:schemas-microsoft-com:office:word'>"
            "<head><meta http-equiv=Content-Type content='text/html; charset=windows-1256'>"
            f"<meta name=Generator content='Microsoft Word 15'><title>{HEADLINE}</title></head>"
            f"<body lang=EN-US dir=RTL><div class=WordSection1>{body}</div></body></html>")


def test_words_single_file_web_page_is_read_in_its_code_page(tmp_path: Path) -> None:
    """Word's «Single File Web Page»: quoted-printable HTML in Windows-1256, its address a file on
    the disk it was saved on (no address of the article's), no date it was saved."""
    page = _word_page(PARAGRAPHS).encode("cp1256")
    word = _mime([("Content-Location: file:///C:/D7F0A2B1/story.htm\r\nContent-Transfer-Encoding: quoted-printable"
                   '\r\nContent-Type: text/html; charset="windows-1256"', quopri.encodestring(page)),
                  ("Content-Location: file:///C:/D7F0A2B1/story_files/filelist.xml\r\nContent-Type: text/xml",
                   b"<xml></xml>")],
                 preamble="This document is a Single File Web Page, also known as a Web Archive file.")
    path = tmp_path / "بيان.mht"
    path.write_bytes(word)
    (record,) = iter_inputs([path])
    assert isinstance(record, Record) and record.fields == {}
    doc = build_document(record)
    assert doc["title_display"] == HEADLINE and doc["body_display"].split("\n") == PARAGRAPHS
    assert doc["url"] is None and doc["ref"] == "بيان.mht"


def test_the_page_is_the_part_the_message_starts_with() -> None:
    """Internet Explorer's kind: the page named by the message's ``start``, in base64, after its
    style sheet; its address from its part when the message names none; its ``Date``."""
    page = saved_page(paragraphs=PARAGRAPHS[:1])
    message = _mime([("Content-Type: text/css\r\nContent-Location: https://www.alkhabar.example/s.css", b"p {}"),
                     ("Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <page@x>\r\n"
                      "Content-Location: https://www.alkhabar.example/w/1", base64.encodebytes(page)),
                     ("Content-Type: text/html; charset=utf-8\r\nContent-Location: https://ads.example/f.html",
                      f"<p>{AD_TEXT}</p>".encode())],
                    head="Date: Sat, 08 Feb 2020 14:30:00 +0300\r\n")
    message = message.replace(b"multipart/related;", b'multipart/related; start="<page@x>";')
    found = mhtml_page(message)
    assert found.html == page.decode() and found.url == "https://www.alkhabar.example/w/1"
    assert found.saved == "2020-02-08T14:30:00+03:00"
    assert mhtml_page(message.replace(b'start="<page@x>"; ', b"")).html == page.decode()  # the first page


def test_mhtml_files_that_cannot_be_read_are_failures_that_say_why(tmp_path: Path) -> None:
    (tmp_path / "notes.mht").write_bytes("ملاحظات بلا ترويسة".encode())
    (tmp_path / "pictures.mhtml").write_bytes(_mime([("Content-Type: image/png", _PIXEL.encode())]))
    (tmp_path / "empty.mhtml").write_bytes(_mime([("Content-Type: text/html", b"  ")]))
    (tmp_path / "cut.mhtml.gz").write_bytes(gzip.compress(_mime([("Content-Type: text/html", b"<p>x</p>")]))[:40])
    (tmp_path / "page.mht").write_bytes(b"\xef\xbb\xbf" + saved_page())  # a saved page, named so: read as one
    read = list(iter_inputs([tmp_path]))
    failed = {Path(f.location).name: f.reason for f in read if isinstance(f, Failure)}
    assert failed == {"notes.mht": "not a saved web page (MHTML): no MIME header",
                      "pictures.mhtml": "no web page in this MHTML file",
                      "empty.mhtml": "empty web page in this MHTML file",
                      "cut.mhtml.gz": failed["cut.mhtml.gz"]}
    assert "truncated" in failed["cut.mhtml.gz"]
    (page,) = [r for r in read if isinstance(r, Record)]
    assert build_document(page)["title_display"] == HEADLINE


@pytest.mark.engine
def test_a_folder_of_saved_pages_is_loaded(es, tmp_path: Path, save_mhtml) -> None:
    alias = "akhbar-test-mhtml"
    mappings.drop(es, alias)
    (tmp_path / "صفحة.mhtml").write_text(save_mhtml(_chromium_page()), encoding="utf-8")
    (tmp_path / "notes.mht").write_text("no page")
    done = akhbar("index", str(tmp_path), "--index", alias, "--failed", str(tmp_path / "failed.jsonl"))
    assert done.returncode == 1 and "read 2  indexed 1" in done.stdout, done.stdout + done.stderr
    (failed,) = [json.loads(line) for line in (tmp_path / "failed.jsonl").read_text().splitlines()]
    assert failed["location"].endswith("notes.mht") and failed["reason"].startswith("not a saved web page")
    doc = by_ref(sources(es, alias))[URL]
    assert doc["source"] == "anadolu" and doc["published"] == "2021-09-29" and doc["published_source"] == "metadata"
    assert {"فلاديمير بوتين", "رجب طيب أردوغان", "سيرغي لافروف"} <= set(doc["actors"])
    mappings.drop(es, alias)
