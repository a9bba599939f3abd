"""Documents, one article per file, as a newsroom keeps its own stories: Word (``.docx``,
python-docx; ``.doc``, Word 97–2003: :mod:`indexer.word_binary`), OpenDocument (``.odt``,
LibreOffice's: its ``content.xml`` read with lxml), rich text (``.rtf``, striprtf) and PDF
(:mod:`indexer.pdf`). The text of their paragraphs and tables in the order they stand, a paragraph
a line; the headline is found as in a raw ``.txt`` article."""

from __future__ import annotations

import re
import zipfile
from typing import IO, NamedTuple

from lxml import etree

from indexer.spreadsheets import OLE2

DOCUMENT_SUFFIXES = (".docx", ".doc", ".odt", ".rtf", ".pdf")
_CODE_PAGE = re.compile(rb"\\ansicpg(\d+)")  # an RTF file's code page
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_PDF = b"%PDF-"  # a PDF's first bytes (some producers put a few bytes before them)
_ODT_TYPE = b"application/vnd.oasis.opendocument.text"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_PARAGRAPHS = (f"{_TEXT}p", f"{_TEXT}h")
# footnotes, deleted text kept for review, comments
_LEFT_OUT = (f"{_TEXT}note", f"{_TEXT}tracked-changes", "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}annotation")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


class DocumentError(ValueError):
    """A file that is no document that can be read."""


class Document(NamedTuple):
    """A document's text and what else it tells of the article: its address (a PDF's print
    footer) and when the copy was made (a PDF's creation date: ISO, the article existed then)."""

    text: str
    url: str | None = None
    made: str | None = None


def read_document(fh: IO[bytes]) -> Document:
    """A Word, OpenDocument, rich-text or PDF document (``fh`` seekable), its kind told by its first
    bytes whatever its name: its text, a line per paragraph, a table's cells a line each, row after
    row (and what else it tells). Raises :class:`DocumentError`."""
    head = fh.read(1024)
    fh.seek(0)
    if _PDF in head:
        from indexer import pdf  # here: a load without PDFs need not import pdfminer

        return pdf.read_pdf(fh)
    if head.startswith(OLE2):  # Word 97–2003 (or a .docx locked by a password), whatever the name says
        from indexer import word_binary

        return Document(word_binary.doc_text(fh))
    if head.lstrip()[:5] == b"{\\rtf":  # also under a .doc name, as Word's «Save as» often wrote it
        return Document(_rtf_text(fh.read()))
    if is_web_page(head):  # read as a saved page by the readers (not text to find a headline in)
        raise DocumentError("a web page with a Word document's name: name it .html")
    return Document(_office_text(fh))


def is_web_page(head: bytes) -> bool:
    """Whether a file's first bytes are markup: a web page under a document's name (a site's «export
    to Word», Word's «Save as web page»), in UTF-8 or UTF-16 or a code page."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):len(bom) + 64].decode(codec, errors="replace").encode("ascii", errors="replace")
            break
    return head.lstrip()[:1] == b"<"


def _rtf_text(raw: bytes) -> str:
    """The text of a rich-text document (striprtf): its body without headers, footers and notes, a
    table's cells a line each. Its 8-bit text is in the code page it names (``\\ansicpg1256``)."""
    from striprtf.striprtf import rtf_to_text  # here: a load without RTF files need not import it

    page = _CODE_PAGE.search(raw[:4096])
    codec = f"cp{page.group(1).decode()}" if page else "cp1252"
    try:
        text = rtf_to_text(raw.decode(codec, errors="replace"), encoding=codec, errors="replace")
    except (LookupError, ValueError, IndexError) as exc:  # an unknown code page, a broken group
        raise DocumentError(f"not an RTF document that can be read ({exc})") from None
    lines: list[str] = []
    for line in text.splitlines():  # striprtf ends a table's cells with "|"
        lines += line.split("|") if line.endswith("|") else [line]
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _office_text(fh: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(fh) as zf:
            if zf.namelist()[:1] == ["mimetype"] and zf.read("mimetype").strip() == _ODT_TYPE:
                return _odt_text(zf)
    except (zipfile.BadZipFile, KeyError, OSError):
        pass  # python-docx says what is wrong with it
    fh.seek(0)
    return _docx_text(fh)


def _odt_text(zf: zipfile.ZipFile) -> str:
    try:
        root = etree.fromstring(zf.read("content.xml"), _SAFE_XML)
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise DocumentError(f"not an OpenDocument text that can be read ({exc}): protected by a password? "
                            "save it without one") from None
    lines = []
    for element in root.iter(*_PARAGRAPHS):
        if not any(a.tag in (*_PARAGRAPHS, *_LEFT_OUT) for a in element.iterancestors()):
            lines.append(_odt_line(element))
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _odt_line(element: etree._Element) -> str:
    """A paragraph's text: its spans and links, ``text:s`` as spaces, a line break as one, footnotes out."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in (f"{_TEXT}s", f"{_TEXT}tab", f"{_TEXT}line-break"):
            parts.append(" ")
        elif tag not in _LEFT_OUT:
            parts.append(_odt_line(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _docx_text(fh: IO[bytes]) -> str:
    import docx  # here: a load without Word documents need not import it
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(fh)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"not a Word document that can be read ({exc}): protected by a password? "
                            "save it without one") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:  # a merged cell is in the row once for each column it spans: once here
                texts = [cell.text for cell in row.cells]
                lines += [text for n, text in enumerate(texts) if not n or text != texts[n - 1]]
        else:
            lines.append(block.text)
    return "\n".join(line.strip() for line in lines if line.strip())
