"""PDF documents as input: the text of an article printed to PDF by a browser (Chromium, as a
journalist's «Save as PDF») read back in reading order, page furniture out, its address kept."""

from __future__ import annotations

import gzip
import html
import io
import json
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import sync_playwright
from pypdf.generic import NameObject

from indexer import load, mappings
from indexer.documents import Document
from indexer.pdf import Glyph, Line, article_text, logical_line, made_on, mirrored_brackets, reading_order
from indexer.readers import Failure, Record, failure_for, failure_to_dict, iter_inputs
from tests.conftest import REPO, akhbar
from tests.test_documents import read_inputs
from tests.test_indexing import by_ref, sources
from tests.test_ui_browser import CHROME_ARGS, CHROMIUM

URL = "https://www.aa.com.tr/ar/politics/putin-erdogan-call/2385017"
HEADLINE = "بوتين وأردوغان يبحثان هاتفياً الوضع في إدلب"
PARAGRAPHS = [
    "أجرى الرئيس التركي رجب طيب أردوغان، اتصالاً هاتفياً مع نظيره الروسي فلاديمير بوتين، يوم 29 سبتمبر 2021.",
    "وقال المتحدث باسم الكرملين ديمتري بيسكوف إن الجانبين لا يزالان ملتزمين بالاتفاقيات المبرمة (سوتشي 2018).",
    "ونقلت وكالة Reuters عن مسؤول تركي أن الاتصال تناول «الإجراءات اللازمة» لوقف إطلاق النار.",
]
# Chromium's print header and footer as its print dialog lays them out: the day and the page's title
# above, its address and the page's number below, in small type in the margins
HEADER = ("<div style='font-size:8px;width:100%;display:flex;justify-content:space-between;margin:0 1cm'>"
          "<span>11/24/26, 9:31 AM</span><span class='title'></span><span></span></div>")
FOOTER = ("<div style='font-size:8px;width:100%;display:flex;justify-content:space-between;margin:0 1cm'>"
          "<span class='url'></span><span><span class='pageNumber'></span>/<span class='totalPages'></span>"
          "</span></div>")


def _long_and_short(count: int) -> list[str]:
    """Numbered paragraphs, one in five six times as long (a page break cuts some)."""
    return [f"الفقرة {n}: {PARAGRAPHS[n % 3]}" * (1 if n % 5 else 6) for n in range(count)]


def _page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<html dir='rtl' lang='ar'><head><title>{html.escape(HEADLINE)} | الأناضول</title></head>"
            f"<body style='font-size:16px'><h1>{html.escape(HEADLINE)}</h1>{body}</body></html>")


@pytest.fixture(scope="module")
def print_pdf() -> Iterator[Callable[..., bytes]]:
    """Print a page to PDF in Debian's Chromium, served at ``URL`` (with the print dialog's header
    and footer, or without)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("no /usr/bin/chromium: run `make test` (it installs chromium) or apt-get install chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)

        def printed(markup: str, *, header_footer: bool = True) -> bytes:
            page = browser.new_page()
            page.route(URL, lambda route: route.fulfill(body=markup, content_type="text/html; charset=utf-8"))
            page.goto(URL)
            pdf = page.pdf(display_header_footer=header_footer, header_template=HEADER, footer_template=FOOTER,
                           margin={"top": "1.2cm", "bottom": "1.2cm"} if header_footer else None)
            page.close()
            return pdf

        yield printed
        browser.close()


# --- reading order and page furniture (pure) --------------------------------------------------------


def _glyph(x0: float, x1: float, text: str) -> Glyph:
    return Glyph(x0, x1, 0.0, 1.0, 1.0, text)


def _glyphs(seen: str, *, gap_for_space: bool = False) -> list[Glyph]:
    """A line's glyphs as seen left to right, a slot each, drawn from the right (in reverse order);
    a mark hangs over the gap before the letter on its right; spaces are glyphs, or gaps."""
    glyphs: list[Glyph] = []
    for x, c in enumerate(seen):
        if unicodedata.category(c) == "Mn":
            glyphs.append(_glyph(x + 0.8, x + 0.8, c))
        elif c != " " or not gap_for_space:
            glyphs.append(_glyph(float(x), x + 1.0, c))
    return glyphs[::-1]


def test_a_line_is_put_back_in_reading_order_whichever_way_it_was_drawn() -> None:
    seen = "2021 ماع يف ً ايفتاه ﻻاصتا ﻦﻴﺗﻮﺑ ىرجأ"  # presentation forms, a tanween over a gap, a number
    expected = "أجرى بوتين اتصالا هاتفياً في عام 2021"
    assert logical_line(_glyphs(seen), rtl=True, size=1.0) == expected
    assert logical_line(_glyphs(seen)[::-1], rtl=True, size=1.0) == expected  # drawn from the left
    assert logical_line(_glyphs(seen, gap_for_space=True), rtl=True, size=1.0) == expected  # no space glyphs
    ligature = [_glyph(x, x + 1, c) for x, c in enumerate(("لا", "ص", "ت", "ا"))]  # «لا» one glyph, named so
    assert logical_line(ligature, rtl=True, size=1.0) == "اتصلا"
    assert logical_line(_glyphs("October 7, 2021")[::-1], rtl=False, size=1.0) == "October 7, 2021"
    assert logical_line(_glyphs("Reuters ةلاكو"), rtl=True, size=1.0) == "وكالة Reuters"


def test_a_pdf_date_is_a_timestamp_when_it_has_its_day() -> None:
    assert made_on(b"D:20211007143000+03'00'") == "2021-10-07T14:30:00+03:00"
    assert made_on(b"D:20261124064443Z'") == "2026-11-24T06:44:43+00:00"  # as LibreOffice writes it
    assert made_on("D:20210101120000-05") == "2021-01-01T12:00:00-05:00"
    assert made_on("20211007") == "2021-10-07T00:00:00"
    for broken in (b"D:2021", b"D:20211307", b"yesterday", None, 5):
        assert made_on(broken) is None


def test_brackets_named_by_their_shape_are_turned_back() -> None:
    assert mirrored_brackets("المبرمة )سوتشي 2018(.") == "المبرمة (سوتشي 2018)."  # Chromium names the shape
    assert mirrored_brackets("المبرمة (سوتشي 2018).") == "المبرمة (سوتشي 2018)."  # LibreOffice the character
    assert mirrored_brackets("تناول »الإجراءات« وf(x) )هنا(") == "تناول «الإجراءات» وf(x) (هنا)"


def _line(page: int, box: int, text: str, top: float, size: float = 12.0, *, apart: bool = True) -> Line:
    return Line(page, box, text, top, top + 0.015, size, apart)


def test_page_furniture_is_left_out_and_a_footer_address_kept() -> None:
    lines = [
        _line(0, 1, "11/24/26, 9:31 AM", 0.01, 6), _line(0, 2, "العنوان | الأناضول", 0.01, 6),  # a print header
        _line(0, 3, "العنوان", 0.1, 24), _line(0, 4, "تقرير خاص", 0.5),
        _line(0, 5, "فقرة أولى تبدأ هنا", 0.9, apart=False), _line(0, 5, "2021.", 0.93, apart=False),  # goes on
        _line(0, 6, "أ", 0.96),  # a glyph of the next page's line, drawn past this page's edge
        _line(0, 7, URL, 0.97, 6), _line(0, 8, "1/2", 0.97),  # the print footer; a page number
        _line(1, 9, "11/24/26, 9:31 AM", 0.01, 6), _line(1, 10, "فقرة في أعلى الصفحة", 0.03),
        _line(1, 11, "تقرير خاص", 0.5), _line(1, 12, "تبدأ في آخر الصفحة", 0.88),
        _line(1, 13, "صحيفة الأخبار - العدد 12", 0.95),  # a running foot
        _line(2, 14, "وتتم في التالية.", 0.1),  # a paragraph cut by a page break
        _line(2, 15, "صحيفة الأخبار - العدد 13", 0.95), _line(2, 16, "صفحة 3", 0.96),
    ]  # fmt: skip
    assert article_text(lines) == Document(
        "العنوان\nتقرير خاص\nفقرة أولى تبدأ هنا 2021.\nفقرة في أعلى الصفحة\nتقرير خاص\n"  # mid-page: text
        "تبدأ في آخر الصفحة وتتم في التالية.", URL)
    assert article_text([_line(0, 1, "11/24/26", 0.01, 6), _line(0, 2, "نص", 0.5)]) == Document("نص", None)
    assert article_text([]) == Document("", None)
    cut = [_line(0, 1, "for DER manip-", 0.3, apart=False), _line(0, 1, "ulation, a well-", 0.32, apart=False),
           _line(0, 1, "Known word", 0.34, apart=False)]
    assert article_text(cut).text == "for DER manipulation, a well- Known word"  # a hyphen at a cut word goes


def _text_line(box: int, words: str, x0: float, y: float, size: float = 10.0) -> tuple[int, list[Glyph]]:
    """A line of ``words`` (a glyph each letter, as wide as 0.5 of the size), from ``x0``, at height ``y``."""
    return box, [Glyph(x0 + i * size / 2, x0 + (i + 1) * size / 2, y, y + size, size, c) for i, c in enumerate(words)]


def _texts(lines: list[tuple[int, list[Glyph]]]) -> list[tuple[int, str]]:
    return [(n, "".join(g.text for g in line)) for n, line in lines]


def test_columns_are_found_by_their_gutter() -> None:
    head = _text_line(0, "عنوان يمتد فوق العمودين كلهما ويمر بالفاصل", 0, 800, 20)
    right = [_text_line(1, f"يمين {n}", 300, 700 - 12 * n) for n in range(4)]
    left = [_text_line(1, f"يسار {n}", 0, 700 - 12 * n) for n in range(4)]
    merged = [(1, a[1] + b[1]) for a, b in zip(right, left, strict=True)]  # lines of both at one height
    order = _texts(reading_order([head, *merged]))
    assert [t for _, t in order] == ["عنوان يمتد فوق العمودين كلهما ويمر بالفاصل",
                                     *(f"يمين {n}" for n in range(4)), *(f"يسار {n}" for n in range(4))]
    assert len({n for n, _ in order}) == 3  # the headline, and a paragraph in each column
    english = [(1, _text_line(1, f"left {n}", 0, 700 - 12 * n)[1] + _text_line(1, f"right {n}", 300, 700 - 12 * n)[1])
               for n in range(4)]
    assert [t for _, t in _texts(reading_order(english))] == [*(f"left {n}" for n in range(4)),
                                                              *(f"right {n}" for n in range(4))]
    one_column = [_text_line(1, "سطر طويل يملأ عرض الصفحة كلها", 0, 700 - 12 * n) for n in range(8)]
    assert reading_order(one_column) == one_column
    two_rows = merged[:2] + one_column[:4]  # a gap in two lines only: no columns
    assert reading_order(two_rows) == two_rows


# --- PDFs printed by Chromium --------------------------------------------------------------------


def test_an_article_printed_to_pdf_reads_as_its_text(tmp_path: Path, print_pdf) -> None:
    """Four pages with the print dialog's header and footer: the headline, each paragraph as written
    (word order, numbers, Latin, brackets, marks; its last line at a page's foot or head, a long
    one cut by a page break), no header, footer, page number or stray glyph; the address of the
    footer is the article's. Compressed or re-read from a failures file, the same article."""
    paragraphs = _long_and_short(60)
    path = tmp_path / "مقال.pdf"
    path.write_bytes(print_pdf(_page(paragraphs)))
    assert len(pypdf.PdfReader(path).pages) == 4
    (record,) = read_inputs([path])
    assert isinstance(record, Record) and record.ref_hint == "مقال.pdf"
    assert record.fields["title"] == HEADLINE and record.fields["url"] == URL
    made = datetime.fromisoformat(record.fields["crawled"])  # printed now: when the copy was made
    assert abs(datetime.now(UTC) - made) < timedelta(minutes=10)
    assert record.fields["body"].split("\n") == paragraphs
    packed = tmp_path / "مقال2.pdf.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    (unpacked,) = read_inputs([packed])
    assert isinstance(unpacked, Record) and unpacked.fields == record.fields
    failures = tmp_path / "failed.jsonl"
    (read,) = iter_inputs([path])  # as a load has it: read when it is built
    failures.write_text(json.dumps(failure_to_dict(failure_for(read, "x")), ensure_ascii=False) + "\n")
    (again,) = read_inputs([failures])
    assert isinstance(again, Record) and again.fields == record.fields


def test_a_word_processors_pdf_reads_as_its_text() -> None:
    """``tests/data/story-libreoffice.pdf``: a Word document of right-to-left paragraphs (the
    headline, then :func:`_long_and_short` of 40, a header and a footer on every page) made with
    python-docx and exported by LibreOffice 7.4 (``soffice --convert-to pdf``). Another producer:
    letters named as letters (no presentation forms), brackets by their character, a line drawn in
    runs out of order, lines in Latin type taller than the others; read as the same paragraphs."""
    (record,) = read_inputs([REPO / "tests" / "data" / "story-libreoffice.pdf"])
    assert isinstance(record, Record) and record.fields["title"] == HEADLINE and "url" not in record.fields
    assert record.fields["crawled"] == "2026-11-24T06:44:43+00:00"  # when LibreOffice exported it
    assert record.fields["body"].split("\n") == _long_and_short(40)  # its header and footer out


@pytest.mark.parametrize(("direction", "columns"), [("rtl", 2), ("rtl", 3), ("ltr", 2)])
def test_a_page_in_columns_is_read_column_by_column(tmp_path: Path, print_pdf, direction: str, columns: int) -> None:
    """A page set in justified columns under a headline across them (a newspaper's, a leaflet's):
    the headline, then each column top to bottom, right first in Arabic (left first in English),
    a paragraph that a column break cuts joined again."""
    if direction == "rtl":
        paragraphs = _long_and_short(12 * columns)
    else:
        paragraphs = [f"Paragraph {n}: the presidents (of Russia and Turkey) spoke on 29 September 2021 about Idlib."
                      * (1 if n % 5 else 6) for n in range(12 * columns)]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    path = tmp_path / "columns.pdf"
    path.write_bytes(print_pdf(
        f"<html dir='{direction}'><body style='font-size:14px'><h1>{html.escape(HEADLINE)}</h1>"
        f"<div style='column-count:{columns};column-gap:2em;text-align:justify'>{body}</div></body></html>",
        header_footer=False))
    (record,) = read_inputs([path])
    assert isinstance(record, Record) and record.fields["title"] == HEADLINE
    assert record.fields["body"].split("\n") == paragraphs


def test_a_pdf_without_print_furniture_has_no_address(tmp_path: Path, print_pdf) -> None:
    path = tmp_path / "statement.pdf"
    path.write_bytes(print_pdf(_page(PARAGRAPHS[:1]), header_footer=False))
    (record,) = read_inputs([path])
    assert isinstance(record, Record) and record.fields.keys() == {"title", "body", "crawled"}  # no url
    assert (record.fields["title"], record.fields["body"]) == (HEADLINE, PARAGRAPHS[0])


def test_pdfs_that_cannot_be_read_are_failures_that_say_why(tmp_path: Path, print_pdf) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n" + bytes(300))
    scan = tmp_path / "scan.pdf"  # a page with a picture and no text: what a scanner gives
    scan.write_bytes(print_pdf("<html><body><svg width='400' height='300'><rect width='400' height='300'/>"
                               "</svg></body></html>", header_footer=False))
    locked = tmp_path / "locked.pdf"
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(print_pdf(_page(PARAGRAPHS))))
    writer.encrypt("secret", algorithm="AES-128")
    with locked.open("wb") as fh:
        writer.write(fh)
    unmapped = tmp_path / "unmapped.pdf"  # fonts that do not say which letter a glyph is: no ToUnicode map,
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(print_pdf(_page(PARAGRAPHS), header_footer=False)))
    for page in writer.pages:  # nor the font program the parser could read one from
        for font in page["/Resources"]["/Font"].values():
            font.get_object().pop(NameObject("/ToUnicode"), None)
            for descendant in font.get_object().get("/DescendantFonts", []):
                descendant.get_object()["/FontDescriptor"].get_object().pop(NameObject("/FontFile2"), None)
    with unmapped.open("wb") as fh:
        writer.write(fh)
    read = [broken, scan, locked, unmapped]
    failed = {Path(f.location).name: f.reason for f in read_inputs(read) if isinstance(f, Failure)}
    assert failed["broken.pdf"].startswith("not a PDF that can be read (")
    assert failed["scan.pdf"].startswith("no text in this PDF: a scan? run it through OCR first")
    assert failed["locked.pdf"] == "protected by a password: save it without one"
    assert failed["unmapped.pdf"].startswith("its fonts do not say which letters")


@pytest.mark.engine
def test_a_folder_with_a_pdf_is_loaded(es, tmp_path: Path, print_pdf) -> None:
    alias = "akhbar-test-pdf"
    mappings.drop(es, alias)
    (tmp_path / "مقال.pdf").write_bytes(print_pdf(_page(PARAGRAPHS)))
    done = akhbar("index", str(tmp_path), "--index", alias, "--failed", str(tmp_path / "failed.jsonl"))
    assert done.returncode == 0 and "read 1  indexed 1" in done.stdout, done.stdout + done.stderr
    doc = by_ref(sources(es, alias))[URL]  # an article with an address is known by it
    assert doc["title_display"] == HEADLINE and doc["source"] == "anadolu"  # the outlet of its address
    assert {"فلاديمير بوتين", "رجب طيب أردوغان", "ديمتري بيسكوف"} <= set(doc["actors"])
    # its text gives no day of its own: the day it was printed dates it, and says so
    assert doc["published"] == doc["crawled"][:10] and doc["published_source"] == "crawl"
    mappings.drop(es, alias)


def test_pdfs_are_read_in_the_workers_one_at_a_time(tmp_path: Path, print_pdf) -> None:
    """A PDF is read when it is built (in a worker: parsing takes seconds), and a folder of them is
    given out one at a time, so that every worker reads some; documents come back in input order."""
    for n in range(6):
        (tmp_path / f"{n}.pdf").write_bytes(print_pdf(_page([f"الفقرة {n}: {PARAGRAPHS[0]}" * 8] * 12)))
    records = list(iter_inputs([tmp_path]))
    assert all(isinstance(r, Record) and r.document and not r.fields for r in records)
    chunks = list(load._chunks(records, 64))
    assert [len(chunk) for chunk in chunks] == [1] * 6
    built = list(load.prepare(records, None, workers=2))
    assert [json.loads(doc)["body_display"].split(":")[0] for _, (_, doc) in built] == [
        f"الفقرة {n}" for n in range(6)]
