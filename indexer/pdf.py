"""PDF documents, one article per file (a story saved with a browser's «Save as PDF», a statement,
a newsroom's export), their text read with pdfminer.six and put back in reading order.

A PDF holds glyphs where they are drawn, not text: Arabic comes out of it left to right as on the
page, in presentation forms, a word's marks apart from it. Each line is put back in logical order
(python-bidi; the paragraph's direction told by its letters) and its glyph forms made letters; a
text box is a paragraph, its lines joined (and the next page's first, when a paragraph does not end
before the page does). Page furniture is left out: what stands in the top or bottom band of a page
in type smaller than the text (a browser's print header and footer), or that other pages repeat
there (running heads), or a page number or a stray glyph; a web address among it is the article's
(a page printed from a browser has it in its footer)."""

from __future__ import annotations

import itertools
import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, NamedTuple

from indexer.text import base_letters

_BAND = 0.08  # of a page's height: its top and bottom margins, where headers and footers stand
_SMALLER = 0.9  # furniture's type is smaller than the text's by at least this ratio
_ENDS = tuple(".!?؟:»”\"')…")  # how a paragraph ends
_HEAD = 80  # characters: a running head or foot is no longer (a line of text repeated there is text)
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufefe]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_SPACE_BEFORE_MARK = re.compile("\\s+(?=[\u064b-\u065f\u0670])")  # a tanween drawn apart from its letter
_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))
_BRACKET = re.compile("[()\\[\\]{}<>«»‹›]")
_LTR_RUN = re.compile("[A-Za-z0-9\u00c0-\u024f](?:[^\u0600-\u06ff]*[A-Za-z0-9\u00c0-\u024f])?")  # Latin, numbers
_LETTERS = re.compile(r"[^\W\d_]")
_DIGITS = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]+")
_PAGE_NUMBER = re.compile("(?:page|صفحة|ص)?\\s*#\\s*(?:(?:/|of|من)\\s*#)?", re.IGNORECASE)  # digits as #
_URL = re.compile(r"https?://\S+")


class PdfError(ValueError):
    """A PDF whose text cannot be read (broken, protected by a password, a scan without text)."""


class PdfText(NamedTuple):
    """A PDF's article: its text, a paragraph a line, and the address its footer gives, if any."""

    text: str
    url: str | None


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


def logical_line(glyphs: Sequence[tuple[float | None, str]], *, rtl: bool) -> str:
    """A line's text in reading order from its glyphs as the PDF draws them: ``(x, text)`` pairs,
    ``x`` None for the spaces pdfminer puts between words. A line drawn from its right (as some
    producers write Arabic) is turned first, so that the text is left to right as seen; then the
    bidirectional algorithm orders it (run again on text in visual order, it gives the logical
    order), presentation forms become letters and a mark drawn apart rejoins its letter."""
    from bidi import get_display  # here: a load without PDFs need not import it

    xs = [x for x, _ in glyphs if x is not None]
    leftward = sum(b < a for a, b in itertools.pairwise(xs))
    ordered = reversed(glyphs) if leftward > len(xs) // 2 else iter(glyphs)
    seen = "".join(text for _, text in ordered)
    if rtl or _ARABIC.search(seen):  # a line of a right-to-left paragraph may have no Arabic («2021.»)
        seen = _mirror_brackets(base_letters(get_display(seen, base_dir="R" if rtl else "L")))
    return _SPACE_BEFORE_MARK.sub("", seen).strip()


def _mirror_brackets(text: str) -> str:
    """Brackets of right-to-left text turned back: drawn mirrored («)سوتشي 2018(»), they are read as
    the glyph shows. Those in a left-to-right run (``f(x)``) stay (python-bidi does not mirror)."""
    if not _BRACKET.search(text):
        return text
    inside = {i for m in _LTR_RUN.finditer(text) for i in range(m.start(), m.end())}
    return "".join(c if i in inside else _MIRRORED.get(c, c) for i, c in enumerate(text))


def is_rtl(texts: Iterable[str]) -> bool:
    """Whether a paragraph is right to left: it has at least as many Arabic letters as Latin ones."""
    joined = "".join(texts)
    arabic = len(_ARABIC.findall(joined))
    return arabic > 0 and arabic >= len(_LATIN.findall(joined))


def article_text(lines: Sequence[Line]) -> PdfText:
    """The article of a PDF's lines (in reading order): a paragraph a text box (one a page break cut
    joined again), page furniture out."""
    body = [line for line in lines if not line.in_margin] or lines
    if not body:
        return PdfText("", None)
    body_size = statistics.median_high(line.size for line in body for _ in line.text)  # by characters
    in_margins = Counter(masked for _, masked in {(ln.page, _masked(ln.text)) for ln in lines if ln.in_margin})
    paragraphs: list[list[str]] = []
    box, page, url = -1, -1, None
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
        # a paragraph goes on over a page break when the last one does not end as a sentence does
        if line.box != box and not (line.page > page >= 0 and not paragraphs[-1][-1].endswith(_ENDS)):
            paragraphs.append([])
        paragraphs[-1].append(line.text)
        box, page = line.box, line.page
    return PdfText("\n".join(" ".join(texts) for texts in paragraphs), url)


def _masked(text: str) -> str:
    """A line's text with its numbers as ``#``: a footer says «3/1» and «3/2» on its pages."""
    return _DIGITS.sub("#", " ".join(text.split()))


def read_pdf(fh: IO[bytes]) -> PdfText:
    """The article of a PDF file (``fh`` seekable). Raises :class:`PdfError`."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about fonts are not the user's
    try:
        lines = list(_lines(fh))
    except PDFPasswordIncorrect:
        raise PdfError("protected by a password: save it without one") from None
    except Exception as exc:  # a parser of untrusted files: its errors are many and unlisted
        raise PdfError(f"not a PDF that can be read ({type(exc).__name__}: {exc})") from None
    article = article_text(lines)
    if not article.text.strip():
        raise PdfError("no text in this PDF: a scan? run it through OCR first (e.g. ocrmypdf -l ara)")
    return article


def _lines(fh: IO[bytes]) -> Iterator[Line]:
    """The lines of a PDF's text boxes, page after page (text in figures too), in reading order."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine

    boxes = 0
    pages = extract_pages(fh, laparams=LAParams(all_texts=True))  # type: ignore[arg-type]  # any binary file
    for number, page in enumerate(pages):
        height = (page.y1 - page.y0) or 1.0
        for box in page:
            if not isinstance(box, LTTextBox):
                continue
            boxes += 1
            lines = [line for line in box if isinstance(line, LTTextLine)]
            glyphs = [[(g.x0 if isinstance(g, LTChar) else None, g.get_text()) for g in line] for line in lines]
            rtl = is_rtl(text for line in glyphs for _, text in line)
            for line, drawn in zip(lines, glyphs, strict=True):
                sizes = [g.size for g in line if isinstance(g, LTChar)]
                text = logical_line([g for g in drawn if g[1] != "\n"], rtl=rtl)
                if sizes and text:
                    size = statistics.median(sizes)
                    start = abs(line.x1 - box.x1) if rtl else abs(line.x0 - box.x0)  # from where its lines start
                    yield Line(number, boxes, text, (page.y1 - line.y1) / height, (page.y1 - line.y0) / height,
                               size, len(lines) == 1 or start > size)
