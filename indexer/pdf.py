"""PDF documents, one article per file (a story saved with a browser's «Save as PDF», a statement,
a newsroom's export), their text read with pdfminer.six and put back in reading order.

A PDF holds glyphs where they are drawn, not text: Arabic comes out of it as it stands on the page,
left to right, in presentation forms, its marks apart from their letters, a line drawn in runs in
the producer's order, brackets named by their mirrored shape or by their character. Each line's
glyphs are put left to right by their place, a mark with its letter, spaces where the gaps are;
the bidirectional algorithm (python-bidi; the paragraph's direction told by its letters) turns that
into reading order, glyph forms become letters, brackets read closing before opening are turned
back. A page in columns is read column by column. A text box is a paragraph, its lines joined
(and the next box when it is a line's spacing below, or the next page's or column's first when a
paragraph does not end before the page or column does). Page
furniture is left out: what stands in the top or bottom band of a page in type smaller than the
text (a browser's print header and footer), or that other pages repeat there (running heads), or
a page number or a stray glyph; a web address among it is the article's (a page printed from a
browser has it in its footer). The file's creation date says when the copy was made."""

from __future__ import annotations

import itertools
import logging
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING, BinaryIO, NamedTuple, cast

from indexer.documents import Document, DocumentError
from indexer.text import base_letters

if TYPE_CHECKING:
    from pdfminer.pdfdocument import PDFDocument

_BAND = 0.08  # of a page's height: its top and bottom margins, where headers and footers stand
_SMALLER = 0.9  # furniture's type is smaller than the text's by at least this ratio
_ENDS = tuple(".!?؟:»”\"')…")  # how a paragraph ends
_ONE_LINE = 100.0  # pdfminer's char_margin: glyphs this many widths apart on a baseline are one line
_GUTTER = 1.0  # of the text's type size: a gap between columns is at least this wide
_MIN_COLUMN_LINES = 3  # a column has at least so many lines
_WORD_GAP = 0.2  # of the type's size: a gap between glyphs this wide is a space
_SAME_PARAGRAPH = 1.15  # times a paragraph's line spacing: the next line is of the same paragraph
_HEAD = 80  # characters: a running head or foot is no longer (a line of text repeated there is text)
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefe]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("<", ">"), ("«", "»"), ("‹", "›"))
_BRACKET = re.compile("[()\\[\\]{}<>«»‹›]")
# Latin words and numbers and what stands between them, a bracket they close: ``f(x)``
_LTR_RUN = re.compile("[A-Za-z0-9\u00c0-\u024f](?:[^\u0600-\u06ff]*[A-Za-z0-9\u00c0-\u024f])?[)\\]}]?")
_LETTERS = re.compile(r"[^\W\d_]")
_DIGITS = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]+")
_PAGE_NUMBER = re.compile("(?:page|صفحة|ص)?\\s*#\\s*(?:(?:/|of|من)\\s*#)?", re.IGNORECASE)  # digits as #
_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d\d)(\d\d)(\d\d)?(\d\d)?(\d\d)?(?:([+\-Z])(?:(\d\d)'?(\d\d)?'?)?)?")
_CUT_WORD = re.compile("[a-z\u00df-\u00ff]-$")  # a Latin word cut at a line's end, hyphenated
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Line:
    """A line of text as laid out: its text in reading order, the text box (paragraph) it is in,
    where it stands and the size of its type."""

    page: int
    box: int  # the text box's number in the document
    text: str
    top: float  # from the page's top, as a share of its height
    bottom: float
    size: float  # the median size of its characters
    apart: bool = True  # it does not start where its paragraph's lines start, or it is a paragraph alone

    @property
    def in_margin(self) -> bool:
        return self.top < _BAND or self.bottom > 1 - _BAND


class Glyph(NamedTuple):
    """A character as drawn: its box on the page (PDF units, y upwards), its type's size, its text."""

    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    text: str


def logical_line(glyphs: Sequence[Glyph], *, rtl: bool, size: float) -> str:
    """A line's text in reading order from its glyphs as the PDF draws them, in any order (producers
    draw a line's runs in their own order): put left to right as seen, a mark with the letter it
    stands on, a space where a gap is as wide as one; then the bidirectional algorithm orders it
    (run again on text in visual order, it gives the logical order) and presentation forms become
    letters; a ligature's letters (one glyph, ``لا``) stay in order."""
    from bidi import get_display  # here: a load without PDFs need not import it

    letters = sorted((g for g in glyphs if not _is_mark(g.text)), key=lambda g: g.x0 + g.x1)
    marks: dict[int, list[str]] = {}
    for mark in (g for g in glyphs if _is_mark(g.text)):
        # the letter it stands over: the nearest that it does not pass on the side the text comes
        # from (a mark may hang over the gap after its letter, not over the one before)
        near = [i for i, g in enumerate(letters)
                if not g.text.isspace() and (g.x1 >= mark.x1 if rtl else g.x0 <= mark.x0)]
        near = near or [i for i, g in enumerate(letters) if not g.text.isspace()]
        if near:
            on = min(near, key=lambda i: max(letters[i].x0 - mark.x1, mark.x0 - letters[i].x1, 0.0))
            marks.setdefault(on, []).append(mark.text)
    parts: list[str] = []
    for i, glyph in enumerate(letters):
        text = glyph.text
        if i and glyph.x0 - letters[i - 1].x1 > _WORD_GAP * size and not (text.isspace() or parts[-1].isspace()):
            parts.append(" ")
        text = text[::-1] if len(text) > 1 and rtl else text  # reversed again with the line below
        above = "".join(marks.get(i, ()))
        parts.append(above + text if rtl else text + above)
    seen = "".join(parts)
    if rtl or _ARABIC.search(seen):  # a line of a right-to-left paragraph may have no Arabic («2021.»)
        seen = base_letters(get_display(seen, base_dir="R" if rtl else "L"))
    return " ".join(seen.split())


def _is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.category(c) == "Mn" for c in text)


def mirrored_brackets(text: str) -> str:
    """A paragraph's brackets turned back where they were drawn mirrored: some producers name a
    right-to-left bracket's glyph by its shape («)سوتشي 2018(»), others by its character; a pair
    read closing before opening was named by shape. Those in a left-to-right run (``f(x)``) stay."""
    if not _BRACKET.search(text):
        return text
    inside = {i for m in _LTR_RUN.finditer(text) for i in range(m.start(), m.end())}
    swap: dict[str, str] = {}
    for opening, closing in _PAIRS:
        depth = 0
        for i, c in enumerate(text):
            if i not in inside and c in (opening, closing):
                depth += 1 if c == opening else -1
                if depth < 0:
                    swap |= {opening: closing, closing: opening}
                    break
    if not swap:
        return text
    return "".join(c if i in inside else swap.get(c, c) for i, c in enumerate(text))


def is_rtl(texts: Iterable[str]) -> bool:
    """Whether a paragraph is right to left: it has at least as many Arabic letters as Latin ones."""
    joined = "".join(texts)
    arabic = len(_ARABIC.findall(joined))
    return arabic > 0 and arabic >= len(_LATIN.findall(joined))


def article_text(lines: Sequence[Line]) -> Document:
    """The article of a PDF's lines (in reading order): a paragraph a text box (one a page break cut
    joined again), page furniture out."""
    body = [line for line in lines if not line.in_margin] or lines
    if not body:
        return Document("", None)
    body_size = statistics.median_high(line.size for line in body for _ in line.text)  # by characters
    in_margins = Counter(masked for _, masked in {(ln.page, _masked(ln.text)) for ln in lines if ln.in_margin})
    pitches = [b.top - a.top for a, b in itertools.pairwise(lines) if a.box == b.box and a.page == b.page]
    pitch = statistics.median(pitches) * _SAME_PARAGRAPH if pitches else 0.0  # the line spacing of a paragraph
    paragraphs: list[list[str]] = []
    last: Line | None = None
    url = None
    for line in lines:
        masked = _masked(line.text)
        if line.in_margin and (
            line.size < body_size * _SMALLER
            or (line.apart and ((len(masked) <= _HEAD and in_margins[masked] > 1)
                                or _PAGE_NUMBER.fullmatch(masked) or len(_LETTERS.findall(masked)) < 3))
        ):
            if url is None and (address := _URL.fullmatch(line.text)):
                url = address.group()
            continue
        # a paragraph goes on in the next box when it is a line's spacing below (the parser cut it at
        # a line set in another font), or over a page or column break (the next line stands on a
        # later page, or higher on this one) when it does not end as a sentence does
        goes_on = last is not None and (
            line.box == last.box
            or (line.page == last.page and 0 < line.top - last.top <= pitch and line.size == last.size)
            or ((line.page, -line.top) > (last.page, -last.top) and not paragraphs[-1][-1].endswith(_ENDS)))
        if not goes_on:
            paragraphs.append([])
        paragraphs[-1].append(line.text)
        last = line
    return Document("\n".join(mirrored_brackets(_joined(texts)) for texts in paragraphs), url)


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one: with a space, or without the hyphen a Latin word was cut at."""
    text = lines[0]
    for line in lines[1:]:
        text = text[:-1] + line if _CUT_WORD.search(text) and line[:1].islower() else f"{text} {line}"
    return text


def _masked(text: str) -> str:
    """A line's text with its numbers as ``#``: a footer says «3/1» and «3/2» on its pages."""
    return _DIGITS.sub("#", " ".join(text.split()))


def read_pdf(fh: IO[bytes]) -> Document:
    """The article of a PDF file (``fh`` seekable), with its creation date. Raises :class:`DocumentError`."""
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about fonts are not the user's
    try:
        document = PDFDocument(PDFParser(cast(BinaryIO, fh)))
        seen: Counter[str] = Counter()
        lines = list(_lines(document, seen))
    except PDFPasswordIncorrect:
        raise DocumentError("protected by a password: save it without one") from None
    except Exception as exc:  # a parser of untrusted files: its errors are many and unlisted
        raise DocumentError(f"not a PDF that can be read ({type(exc).__name__}: {exc})") from None
    article = article_text(lines)
    if seen["unmapped"] > seen["glyphs"]:
        raise DocumentError(f"its fonts do not say which letters {seen['unmapped']:,} of its glyphs are (no Unicode "
                            "map): its text cannot be read; run it through OCR (e.g. ocrmypdf --force-ocr -l ara)")
    if not article.text.strip():
        raise DocumentError("no text in this PDF: a scan? run it through OCR first (e.g. ocrmypdf -l ara)")
    info = document.info[0] if document.info and isinstance(document.info[0], dict) else {}
    return article._replace(made=made_on(info.get("CreationDate")))


def made_on(value: object) -> str | None:
    """A PDF date (``D:20211007143000+03'00'``) as an ISO timestamp, or None: one without its day,
    or that cannot be read (or a value of another type, as broken files give) is no date."""
    raw = value.decode("latin-1") if isinstance(value, bytes) else value
    found = _PDF_DATE.match(raw.strip()) if isinstance(raw, str) else None
    if not found:
        return None
    year, month, day, hour, minute, second, sign, zone_hours, zone_minutes = found.groups()
    zone = "" if sign is None else "+00:00" if sign == "Z" else f"{sign}{zone_hours or '00'}:{zone_minutes or '00'}"
    stamp = f"{year}-{month}-{day}T{hour or '00'}:{minute or '00'}:{second or '00'}{zone}"
    try:
        datetime.fromisoformat(stamp)
    except ValueError:  # a 13th month, a 25th hour
        return None
    return stamp


def reading_order(lines: Sequence[tuple[int, list[Glyph]]]) -> list[tuple[int, list[Glyph]]]:
    """A page's lines (each with the paragraph it is in) in reading order. A page in columns (a
    newspaper's, a leaflet's) is read column by column, right first when its text is Arabic: its
    columns are where the glyphs of the text's type stand, apart by a gutter at least
    ``_GUTTER`` of that size wide that none crosses; a line that crosses one (a headline over the
    columns) is read where it stands, the columns below it after it. A column's paragraphs are
    told by the spacing of its lines. A page in one column is given back as it is."""
    glyphs = [g for _, line in lines for g in line if not g.text.isspace()]
    if len(lines) < _MIN_COLUMN_LINES or not glyphs:
        return list(lines)
    size = statistics.median(g.size for g in glyphs)
    body = sorted((g.x0, g.x1) for g in glyphs if _SMALLER <= g.size / size <= 1 / _SMALLER)
    gutters, reach = [], body[0][1]
    for x0, x1 in body[1:]:
        if x0 - reach >= _GUTTER * size:
            gutters.append((reach, x0))
        reach = max(reach, x1)
    if not gutters:
        return list(lines)
    across: list[list[Glyph]] = []  # lines over the columns
    parts: list[tuple[int, list[Glyph]]] = []  # (column, from the left; a line's part in it)
    for _, line in lines:
        middles = [((g.x0 + g.x1) / 2, g) for g in line]
        if any(a < m < b for m, g in middles if not g.text.isspace() for a, b in gutters):
            across.append(line)
            continue
        columns: dict[int, list[Glyph]] = {}
        for m, g in middles:
            columns.setdefault(sum(m >= b for _, b in gutters), []).append(g)
        parts.extend(columns.items())
    counts = Counter(column for column, _ in parts)
    if len(counts) < 2 or min(counts.values()) < _MIN_COLUMN_LINES:
        return list(lines)  # a gap, not columns (a table of two rows, a picture beside a line)
    rtl = is_rtl(g.text for g in glyphs)
    top = lambda line: statistics.median(g.y0 for g in line)  # noqa: E731 - where most of its glyphs sit
    heads = sorted(across, key=top, reverse=True)
    bands: dict[int, list[tuple[int, list[Glyph]]]] = {}
    for column, part in parts:  # a band: below so many lines over the columns
        bands.setdefault(sum(top(h) > top(part) for h in heads), []).append((column, part))
    ordered: list[list[list[Glyph]]] = []  # paragraphs
    pitches = [top(a) - top(b) for _, group in itertools.groupby(
        sorted(parts, key=lambda p: (p[0], -top(p[1]))), key=lambda p: p[0])
        for (_, a), (_, b) in itertools.pairwise(list(group))]
    spacing = statistics.median(pitches) * _SAME_PARAGRAPH if pitches else 0.0
    for band in range(len(heads) + 1):
        if band:
            ordered.append([heads[band - 1]])
        before: tuple[int, list[Glyph]] | None = None
        for column, part in sorted(bands.get(band, ()), key=lambda p: (-p[0] if rtl else p[0], -top(p[1]))):
            if before is None or before[0] != column or top(before[1]) - top(part) > spacing:
                ordered.append([])
            ordered[-1].append(part)
            before = column, part
    return [(n, part) for n, paragraph in enumerate(ordered) for part in paragraph]


def _counted(text: str, seen: Counter[str]) -> bool:
    """Whether a glyph is one without a letter (``(cid:13)``: its font does not say which), counted."""
    unmapped = text.startswith("(cid:")
    seen["unmapped" if unmapped else "glyphs"] += 1
    return unmapped


def _lines(document: PDFDocument, seen: Counter[str]) -> Iterator[Line]:
    """The lines of a PDF's text boxes, page after page (text in figures too), in reading order;
    ``seen`` counts its glyphs and those without a letter."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    resources = PDFResourceManager()
    # chars far apart on one baseline are one line: producers draw a line's runs out of order
    layout = PDFPageAggregator(resources, laparams=LAParams(all_texts=True, char_margin=_ONE_LINE, boxes_flow=None))
    interpreter = PDFPageInterpreter(resources, layout)
    boxes = 0
    for number, pdf_page in enumerate(PDFPage.create_pages(document)):
        interpreter.process_page(pdf_page)
        page = layout.get_result()
        height = (page.y1 - page.y0) or 1.0
        found = [
            (n, glyphs)
            for n, box in enumerate(b for b in page if isinstance(b, LTTextBox))
            for line in box if isinstance(line, LTTextLine)
            if (glyphs := [Glyph(g.x0, g.x1, g.y0, g.y1, g.size, g.get_text()) for g in line
                           if isinstance(g, LTChar) and not _counted(g.get_text(), seen)])
        ]
        for _, paragraph in itertools.groupby(reading_order(found), key=lambda found_line: found_line[0]):
            lines = [glyphs for _, glyphs in paragraph]
            boxes += 1
            rtl = is_rtl(g.text for line in lines for g in line)
            left, right = min(g.x0 for line in lines for g in line), max(g.x1 for line in lines for g in line)
            previous = None
            for line in lines:
                size = statistics.median(g.size for g in line)
                if previous is not None and not _SMALLER < size / previous < 1 / _SMALLER:
                    boxes += 1  # a heading set close above its first paragraph: two paragraphs
                previous = size
                text = logical_line(line, rtl=rtl, size=size)
                x0, x1 = min(g.x0 for g in line), max(g.x1 for g in line)
                start = abs(x1 - right) if rtl else abs(x0 - left)  # from where its paragraph's lines start
                top, bottom = max(g.y1 for g in line), min(g.y0 for g in line)
                if text:
                    yield Line(number, boxes, text, (page.y1 - top) / height, (page.y1 - bottom) / height,
                               size, len(lines) == 1 or start > size)
