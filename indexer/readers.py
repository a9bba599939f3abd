"""Streaming readers for article inputs: raw text, web pages, JSON, JSON Lines, CSV (compressed or not),
archives of them, failure files.

Supported inputs
----------------
* ``.txt`` – one raw article per file. The headline is detected (``article.split_headline``);
  the record has ``title`` and ``body``. Encoding: UTF-8 (with or without BOM) first, then
  detection (charset-normalizer, with a Windows-1256 preference for Arabic text).
* ``.docx``, ``.doc``, ``.odt``, ``.pdf`` – one article per Word, OpenDocument or PDF document
  (``indexer.documents``, ``indexer.word_binary``, ``indexer.pdf``): its paragraphs and tables as
  text, in order, its headline found as in a ``.txt`` file; a PDF's address (its print footer's)
  as ``url``, its creation date as ``crawled``. A web page under such a name (a site's «export to
  Word») is read as a saved page.
* ``.md`` / ``.markdown`` – one article per file, as scraping tools write it (``indexer.markdown_text``):
  its header's fields (YAML front matter, Jina Reader's ``Title:`` lines), its text without markup.
* ``.html`` / ``.htm`` – one saved web page per file (same decoding); its article (text, title, URL,
  outlet, author, date) is extracted when the document is built (``pages.page_fields``).
* ``.eml`` – a saved e-mail (``indexer.email_files``): its subject and text an article, each
  document attached to it (a statement as a PDF) read as a document, located as ``mail.eml/name.pdf``;
  ``.mbox`` – a mailbox of them, read message by message, a message located by its number.
* ``.mhtml`` / ``.mht`` – a web page saved as one file with its images (``indexer.mhtml``): read as a
  saved page, with the address it was saved from (``url``) and when (``crawled``).
* ``.json`` – one object or an array of objects (element *i* is addressed as line *i*);
  an array is read as a stream, element by element (a file of any size takes little memory), so
  those before a break (an interrupted scrape) are kept.
  An object that is no article but wraps a list of them (an API's answer: ``{"articles": [...]}``,
  ``{"hits": {"hits": [...]}}``) is read as that list (:func:`records_in`).
* ``.jsonl`` / ``.ndjson`` / ``.jl`` (Scrapy's) – one object per line, read lazily; lines are 1-based. A
  line (or an array's element) that is an API's answer is read as the articles it wraps, addressed
  as ``pages.jsonl:12[3]``.
* ``.csv`` / ``.tsv`` – read as a stream: a header row of field names, then one article per row; the
  delimiter (comma, semicolon or tab) is read from the header, cells may span lines, and a row is
  addressed by the line it starts on. A row with more cells than the header is a failure.
* ``.xlsx``, ``.xls`` – an Excel workbook (``indexer.spreadsheets``): every sheet a table, a header row, one
  article per row, located by sheet and row (``رصد.xlsx:أغسطس!12``), numbered across the sheets in
  failures files.
* ``.warc``, ``.arc`` – a web archive (``indexer.warc``): each HTML page in it is a saved page, with
  the address it was fetched from (``url``) and when (``crawled``); a page is addressed by its
  record's number.
* ``.rss``, ``.atom``, ``.xml`` – a news feed (``indexer.feeds``): each entry is an article (its
  full content, else its summary, as text), addressed by its number. A ``.json`` file that is a
  JSON Feed is read as one too; an ``.xml`` file that is a scraping tool's (Scrapy's items,
  trafilatura's article: ``indexer.xml_items``) as its records, through the field map; other XML is
  left out.
* A Telegram channel exported by Telegram Desktop (``indexer.telegram``): its ``result.json`` or
  its ``messages.html`` pages, each post an article addressed by its number in the file.
* Each of those files may be compressed: ``.gz``, ``.bz2``, ``.xz`` (``a.jsonl.gz``, ``page.html.gz``),
  read as a stream.
* ``.zip``, ``.tar``, ``.tar.gz``/``.tgz``, ``.tar.bz2``, ``.tar.xz`` – an archive of such files (and
  of archives of them), read as if unpacked (``indexer.archives``); a file in it is addressed as
  ``ARCHIVE/NAME`` (``scrape.zip/2015/okaz.jsonl:12``, ``scrape.zip/2015.zip/okaz.jsonl:12``), files
  of other types in it are left out and counted.
* ``-`` – JSON Lines from standard input (``… | akhbar index -``); a line that cannot be read is
  kept in its failure entry (``text``), to be fixed there and re-run.
* A failures file written by akhbar: JSON Lines whose objects carry ``location``, ``reason`` and
  ``path`` (plus optional ``line``, ``record`` and ``text``). Re-reading it yields the embedded
  ``record`` when present, else the kept ``text`` (a line from standard input or from a file in an
  archive, maybe fixed there), else it re-reads the original ``path`` (only ``line`` when given: the
  lines, rows or elements a failures file names in one file are read in one pass; one the file no
  longer has is a failure that says so).

Every problem is yielded as a :class:`Failure`, never raised. Which files are read is
:mod:`indexer.inputs`'s.

A title or body that holds HTML markup (``<p>…</p>``: a site's API, a scraper that kept an
element's inner HTML) is read as its text (:mod:`indexer.markup`), paragraphs kept; the text of a
``.txt`` file, of a feed entry or of a saved page is read as it is already.

Field maps
----------
Other scrapers name their fields differently: a :class:`~indexer.field_map.FieldMap` says which
field is the title, the body, the date… (``--fields FILE``). Decoding is :mod:`indexer.decoding`'s.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from indexer import archives, documents, email_files, feeds, mhtml, spreadsheets, telegram, warc
from indexer.archives import ARCHIVE_SUFFIXES, READ_ERRORS
from indexer.article import split_headline
from indexer.decoding import KEEP_UNDECODED, DecodeError, decode_bytes, readable, text_codec, undecoded, undecoded_count
from indexer.documents import DOCUMENT_SUFFIXES
from indexer.email_files import EMAIL_SUFFIXES, MBOX_SUFFIXES
from indexer.feeds import FEED_SUFFIXES
from indexer.field_map import TEXT_KEYS, FieldMap, lookup
from indexer.inputs import (
    ARTICLE_SUFFIXES,
    DECOMPRESSORS,
    LINE_SUFFIXES,
    NUMBERED_SUFFIXES,
    PAGE_SUFFIXES,
    STDIN,
    SUPPORTED,
    TEXT_SUFFIXES,
    expand_paths,
    supported,
    uncompressed,
)
from indexer.json_stream import ArrayBreak, Undecoded, array_elements
from indexer.markdown_text import MARKDOWN_SUFFIXES, markdown_text, read_markdown
from indexer.markup import is_markup, text_of
from indexer.spreadsheets import WORKBOOK_SUFFIXES, from_text_cell
from indexer.text import without_headline
from indexer.warc import WARC_SUFFIXES
from indexer.xml_items import XmlExport, xml_export

FAILURE_KEYS = frozenset({"location", "reason", "path"})
_SNIFF_BYTES = 8192
_HEAD_BYTES = 1 << 20  # the start of a file decoded as it is read, which tells its codec
_ASCII_AHEAD = 1 << 26  # how far such a file is read ahead while it is plain ASCII, for a byte that tells
_NOT_ASCII = re.compile(rb"[\x80-\xff]")
_MAX_REREAD_DEPTH = 3
Wanted = Callable[[int], bool]  # which rows (elements, records, entries) of a numbered file to read again
_MAX_CELL = 1 << 27  # characters in one CSV cell (the csv module's default, 131,072, is one long article)
_MAX_WHOLE = 1 << 28  # bytes of a file read whole (an article's text, page or document, a feed): 256 MB


class TooLarge(OSError):
    """A file too large to be read whole: no article or feed is (a compressed file may unpack to far
    more than it holds); read no further, so that memory is not exhausted."""


def _read_whole(fh: io.BufferedIOBase) -> bytes:
    data = fh.read(_MAX_WHOLE + 1)
    if len(data) > _MAX_WHOLE:
        raise TooLarge(f"over {_MAX_WHOLE >> 20} MB: too large for one article or one feed (split it)")
    return data


def _lines(fh: io.BufferedIOBase) -> Iterator[bytes | None]:
    """The lines of a JSON Lines file; None for one longer than :data:`_MAX_WHOLE` (read past, not
    held: a file without line breaks that unpacks to gigabytes)."""
    while line := fh.readline(_MAX_WHOLE + 1):
        if len(line) > _MAX_WHOLE and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


@dataclass(frozen=True)
class Record:
    """One parsed input article: canonical ``fields`` plus where it came from.

    ``raw`` is the object as read (for failure files); ``path``/``line`` locate it.
    """

    ref_hint: str
    location: str
    fields: dict[str, Any]
    raw: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    path: str = field(default="", compare=False, repr=False)
    line: int | None = field(default=None, compare=False, repr=False)
    page: str | None = field(default=None, compare=False, repr=False)  # HTML, read for its fields when built
    # a document's bytes (a PDF, a Word file), read for its text when built (:func:`read_document_record`)
    document: bytes | None = field(default=None, compare=False, repr=False)
    # a summary or a cut text (a feed entry without its full text, NewsAPI's "… [+2345 chars]"):
    # loaded only where the archive has no such article
    only_new: bool = field(default=False, compare=False, repr=False)


@dataclass(frozen=True)
class Failure:
    """An input that could not be read (``record`` None) or a record that was rejected."""

    location: str
    reason: str
    path: str
    line: int | None
    record: dict | None
    text: str | None = None  # the line as read, when its input cannot be read again (standard input)
    skipped: bool = False  # rightly no document (a web page that is no article): counted, not written


def failure_for(record: Record, reason: str) -> Failure:
    """The :class:`Failure` for a record rejected after reading (keeps the raw object)."""
    if record.page is not None or record.document is not None:
        return Failure(record.location, reason, record.path, record.line, None)  # read again from its file
    kept = record.raw or dict(record.fields) or None
    return Failure(record.location, reason, record.path, record.line, kept)


def failure_to_dict(failure: Failure) -> dict[str, Any]:
    """JSON-ready form of a failure (one line of a failures file)."""
    entry = asdict(failure)
    del entry["skipped"]
    if entry["text"] is None:
        del entry["text"]
    return entry


# --------------------------------------------------------------------------- readers


def _location(path: Path, line: int | None) -> str:
    return f"{readable(path)}:{line}" if line is not None else readable(path)


def _record(path: Path, line: int | None, obj: Any, field_map: FieldMap, location: str | None = None,
            place: str | None = None) -> Record | Failure:
    """The record of a JSON object (a row) read at ``path``:``line``, or at ``place`` in the file
    (``:12[3]``, an article line 12 wraps; ``:Sheet1!12``, a workbook's row), or kept in a failure
    entry at ``location``."""
    if place is None:
        place = "" if line is None else f":{line}"
    location = location or readable(path) + place
    if not isinstance(obj, dict):
        return Failure(location, f"not a JSON object ({type(obj).__name__})", str(path), line, None)
    ref_hint = readable(path.name) + place
    fields = field_map.apply(obj)
    summary = fields.pop("summary", None)
    if summarised := bool(summary) and not fields.get("body"):  # only the start or a summary: an excerpt
        fields["body"] = summary
    if (body := fields.get("body")) and (text := _markdown_body(obj, body, fields.get("title"))) is not None:
        fields["body"] = text
    exported = "dup_group" in obj and "published_source" in obj  # an akhbar export: its text is text
    for key in ("title", "body", "author"):  # a site's API or a scraper may give an element's inner HTML
        if not exported and (value := fields.get(key)) and is_markup(value):
            fields[key] = text_of(value)
    if exported:  # a CSV export marks text a spreadsheet would run as a formula
        fields = {key: from_text_cell(value) if isinstance(value, str) else value for key, value in fields.items()}
    body = fields.get("body") or ""
    tail = body[-_CUT_TAIL:]  # only the end is looked at: a regex over every body costs ~60 µs an article
    cut = _CUT_TEXT.search(tail) if tail.rstrip().endswith("chars]") else None
    if cut:  # NewsAPI's "… [+2345 chars]": the start of a text, loaded only where the archive lacks it
        fields["body"] = body[: len(body) - len(tail) + cut.start()]
    return Record(ref_hint, location, fields, raw=obj, path=str(path), line=line,
                  only_new=summarised or cut is not None or obj.get(ONLY_NEW) is True or obj.get("excerpt") in _TRUE)


_CUT_TEXT = re.compile(r"\s*…?\s*\[\+\d+ chars\]\s*$")
_CUT_TAIL = 40  # characters at the end of a body where that mark can be
ONLY_NEW = "only_new"  # marks a summary's fields kept in a failure entry (``Record.only_new``)
_TRUE = (True, "True", "true")  # an export's ``excerpt`` (JSON, CSV): a summary loaded as such again


def _gone(path: Path, line: int, reason: str) -> Failure:
    """The failure for a line (row, element, record) a failure entry names that cannot be read again."""
    return Failure(_location(path, line), reason, str(path), line, None)


def _is_failure_entry(obj: Any) -> bool:
    return isinstance(obj, dict) and obj.keys() >= FAILURE_KEYS


def _read_article_file(path: Path, *, page: bool) -> Iterator[Record | Failure]:
    """One article per file: raw text (its headline detected), or a saved web ``page`` (its article
    found when the document is built, in a worker process)."""
    name = uncompressed(path.name.lower())
    if name.endswith(mhtml.MHTML_SUFFIXES):
        yield _read_saved_page(path)
        return
    if name.endswith(EMAIL_SUFFIXES):
        yield from _read_email(path)
        return
    read = _document_file(path) if name.endswith(DOCUMENT_SUFFIXES) else _whole_text(path, None)
    if isinstance(read, Failure | Record):
        yield read
        return
    if page and telegram.is_html_export(read):  # a page of a Telegram export
        yield from _read_posts(path, telegram.html_posts(read), None)
        return
    if name.endswith(MARKDOWN_SUFFIXES):
        fields = _markdown_fields(read)
        yield Record(readable(path.name), readable(path), fields, raw=fields, path=str(path), line=None)
        return
    if page:
        yield Record(readable(path.name), readable(path), {}, path=str(path), line=None, page=read)
        return
    raw = {"text": read}
    yield Record(readable(path.name), readable(path), _text_fields(raw), raw=raw, path=str(path), line=None)


def _read_saved_page(path: Path) -> Record | Failure:
    """A web page saved as MHTML (:mod:`indexer.mhtml`), to be read as a saved page, with the address
    it was saved from and when."""
    data = _whole_bytes(path)
    if isinstance(data, Failure):
        return data
    try:
        saved = mhtml.saved_page(data)
    except mhtml.MhtmlError as exc:
        return Failure(readable(path), str(exc), str(path), None, None)
    fields = {k: v for k, v in (("url", saved.url), ("crawled", saved.saved)) if v}
    return Record(readable(path.name), readable(path), fields, path=str(path), line=None, page=saved.html)


def _read_email(path: Path) -> Iterator[Record | Failure]:
    """A saved e-mail (:mod:`indexer.email_files`): see :func:`_mail_records`."""
    data = _whole_bytes(path)
    if isinstance(data, Failure):
        yield data
        return
    yield from _mail_records(path, data, None)


def _read_mbox(path: Path, wanted: Wanted | None, progress: ReadProgress | None) -> Iterator[Record | Failure]:
    """The messages of a mailbox (:mod:`indexer.email_files`), read one after another, each located
    by its number (``inbox.mbox:12``): see :func:`_mail_records`."""
    number = 0
    try:
        with _open_binary(path, progress) as fh:
            for number, data in enumerate(email_files.mbox_messages(line or b"" for line in _lines(fh)), 1):
                if wanted is None or wanted(number):
                    yield from _mail_records(path, data, number)
    except READ_ERRORS as exc:
        yield _unreadable(path, exc, where=f"(after message {number})" if number else None)
        return
    if not number:
        yield Failure(readable(path), "empty mailbox (no messages)", str(path), None, None)


def _mail_records(path: Path, data: bytes, number: int | None) -> Iterator[Record | Failure]:
    """A message's article, when it has text, and each document attached to it, read as a document
    (``statement.eml/بيان.pdf``, ``inbox.mbox:12/بيان.pdf``), dated by the message when it says
    nothing of its own."""
    where = _location(path, number)
    try:
        mail = email_files.read_email(data)
    except email_files.EmailError as exc:
        yield Failure(where, str(exc), str(path), number, None)
        return
    name = readable(path.name) + ("" if number is None else f":{number}")
    if mail.fields.get("body"):
        yield Record(name, where, mail.fields, raw=mail.fields, path=str(path), line=number)
    received = {"crawled": mail.fields["date"]} if mail.fields.get("date") else {}
    for attachment in mail.attachments:
        yield Record(f"{name}/{readable(attachment.name)}", f"{where}/{readable(attachment.name)}", received,
                     path=str(path), line=number, document=attachment.data)
    if not mail.fields.get("body") and not mail.attachments:
        yield Failure(where, "an e-mail without text or an attached document", str(path), number, None)


def _markdown_body(obj: dict[str, Any], body: str, title: str | None) -> str | None:
    """The text of a body that is the record's Markdown (Firecrawl's, crawl4ai's), its first heading
    aside when it is the headline; None for a body of another field."""
    for name in ("markdown", "markdown.raw_markdown"):
        if isinstance(markdown := lookup(obj, name), str) and markdown.strip() == body.strip():
            return without_headline(markdown_text(markdown), title)
    return None


def _markdown_fields(markdown: str) -> dict[str, Any]:
    """The fields of an article in Markdown (:mod:`indexer.markdown_text`): its header's (title, address,
    date, author…), its text's headline when the header names none, and its text."""
    header, text = read_markdown(markdown)
    fields = {k: v for k, v in FieldMap().apply(header).items() if k not in TEXT_KEYS | {"summary"}}
    if not (title := str(header.get("title") or "").strip()):
        return {**fields, **_text_fields({"text": text})}
    return {**fields, "title": title, **({"body": body} if (body := without_headline(text, title)) else {})}


def _text_fields(raw: dict[str, Any]) -> dict[str, str]:
    """The fields of an article read as its text (and what its document tells: its address, when the
    copy was made): the headline found in it."""
    title, body = split_headline(str(raw["text"]))
    known = (("title", title), ("body", body), ("url", raw.get("url")), ("crawled", raw.get("crawled")))
    return {k: v for k, v in known if v}


def _document_file(path: Path) -> Record | Failure:
    """A document's record, its bytes to be read when it is built (a PDF takes a while: in a worker),
    or a web page under a document's name (a site's «export to Word»: read as a saved page), or the
    failure to read the file."""
    data = _whole_bytes(path)  # a zip, read from its end; a few pages
    if isinstance(data, Failure):
        return data
    if not documents.is_web_page(data[:1024]):
        return Record(readable(path.name), readable(path), {}, path=str(path), line=None, document=data)
    page = _decoded(path, data)
    if isinstance(page, Failure):
        return page
    return Record(readable(path.name), readable(path), {}, path=str(path), line=None, page=page)


def read_document_record(record: Record) -> Record | Failure:
    """The record of a document (:mod:`indexer.documents`) with its text and what else it tells
    (its address, when the copy was made), or the failure to read it."""
    assert record.document is not None
    try:
        document = documents.read_document(io.BytesIO(record.document))
    except documents.DocumentError as exc:
        return Failure(record.location, str(exc), record.path, None, None)
    if not document.text:
        return Failure(record.location, "empty document (no text)", record.path, None, None)
    told = {k: v for k, v in (("text", document.text), ("url", document.url), ("crawled", document.made)) if v}
    raw = {**record.fields, **told}  # what the document does not tell, its record may (a mail's date)
    return Record(record.ref_hint, record.location, _text_fields(raw), raw=raw, path=record.path, line=None)


class ReadProgress:
    """How far reading the inputs has come, in bytes of the files as stored (compressed, for .gz):
    what a progress bar with a percentage and a time left needs."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.total = sum(_size(p) for p in paths)
        self._finished = 0
        self._current: IO[bytes] | None = None

    def reading(self, raw: IO[bytes]) -> None:
        """``raw`` (the file as stored) is being read."""
        self._current = raw

    def finished(self, path: Path) -> None:
        """``path`` has been read to its end."""
        self._finished += _size(path)
        self._current = None

    @property
    def done(self) -> int:
        """Bytes read so far."""
        position = 0
        if self._current is not None and not self._current.closed:
            with contextlib.suppress(OSError, ValueError):
                position = self._current.tell()
        return min(self.total, self._finished + position)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# The files of the archive being read, by path (``ARCHIVE/NAME``): how to open each (see _read_archive).
_ARCHIVE_MEMBERS: dict[str, Callable[[], AbstractContextManager[IO[bytes]]]] = {}


def _open_stored(path: Path, progress: ReadProgress | None) -> AbstractContextManager[IO[bytes]]:
    """The bytes of ``path`` as stored: a file, a file of the archive being read, or a file inside an
    archive file (looked up in it: a re-run)."""
    member = _ARCHIVE_MEMBERS.get(str(path))
    if member is not None:
        return member()
    if not path.is_file() and (inside := archives.locate(path)) is not None:
        return archives.open_member(*inside)
    raw = open(path, "rb")  # noqa: SIM115  # closed by the caller's with
    if progress is not None:
        progress.reading(raw)
    return raw


@contextlib.contextmanager
def _open_binary(path: Path, progress: ReadProgress | None = None) -> Iterator[io.BufferedIOBase]:
    if str(path) == STDIN:
        yield sys.stdin.buffer  # type: ignore[misc]  # a BufferedReader, not closed here
        return
    with _open_stored(path, progress) as raw:
        decompressor = DECOMPRESSORS.get(Path(path.name.lower()).suffix)
        if decompressor is None:
            yield raw  # type: ignore[misc]
            return
        with decompressor(raw) as fh:
            yield fh


def _whole_bytes(path: Path, progress: ReadProgress | None = None) -> bytes | Failure:
    """The bytes of a file read whole (one article: :func:`_read_whole`), or the failure to read it."""
    try:
        with _open_binary(path, progress) as fh:
            return _read_whole(fh)
    except READ_ERRORS as exc:
        return _unreadable(path, exc)


def _decoded(path: Path, data: bytes | Failure) -> str | Failure:
    """A file's bytes read whole, decoded, or the failure to read or decode them."""
    if isinstance(data, Failure):
        return data
    try:
        return decode_bytes(data)
    except DecodeError as exc:
        return _unreadable(path, exc)


def _whole_text(path: Path, progress: ReadProgress | None) -> str | Failure:
    """The decoded text of a file read whole (one article), or the failure to read it."""
    return _decoded(path, _whole_bytes(path, progress))


def _unreadable(path: Path, exc: Exception, *, where: str | None = None) -> Failure:
    """The failure of a file that cannot be read or decoded, from its start or from ``where`` (a retry
    reads it again whole). A compressed file that cannot be decompressed is said to be truncated or
    corrupt."""
    name = path.name.lower()
    damaged = uncompressed(name) != name and not isinstance(exc, DecodeError | FileNotFoundError | PermissionError
                                                                  | TooLarge)
    reason = f"truncated or corrupt file: {exc}" if damaged else str(exc)
    return Failure(readable(path), f"{reason} {where}" if where else reason, str(path), None, None)


def _read_before(count: int, unit: str, *, rest: bool = True) -> str:
    """What a file cut short gave, said after the place it broke (``rest``: and that the file goes on)."""
    if not count:
        return "(nothing was read)"
    return f"(the {count:,} {unit}(s) before it were read{', the rest of the file was not' if rest else ''})"


class _Prefixed(io.RawIOBase):
    """The bytes already read from the start of a stream, then the rest of it."""

    def __init__(self, head: bytes, rest: io.BufferedIOBase) -> None:
        self._head, self._rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_full(fh: io.BufferedIOBase, size: int) -> bytes:
    """``size`` bytes of ``fh``, fewer only at its end (some streams give less at a time)."""
    data = b""
    while len(data) < size and (chunk := fh.read(size - len(data))):
        data += chunk
    return data


@contextlib.contextmanager
def _text_stream(path: Path, progress: ReadProgress | None) -> Iterator[tuple[io.TextIOWrapper, int]]:
    """``path`` decoded as it is read (a JSON array, a CSV file of any size): its codec is told from
    its first megabyte (:func:`~indexer.decoding.text_codec`), or, when that is plain ASCII, from the
    first that is not, further on (64 MB at most: then UTF-8); bytes later on that are not text in
    it are kept for :func:`~indexer.decoding.undecoded` to find (given the count of such bytes before
    it opened). Raises :class:`DecodeError` and ``READ_ERRORS`` when it is opened, ``READ_ERRORS`` as
    it is read."""
    with _open_binary(path, progress) as fh:
        parts = [_read_full(fh, _HEAD_BYTES)]
        # an English part first: read on, while the bytes are plain ASCII, to those that tell the codec
        while len(parts[-1]) == _HEAD_BYTES and parts[-1].isascii() and len(parts) * _HEAD_BYTES < _ASCII_AHEAD:
            parts.append(_read_full(fh, _HEAD_BYTES))
        head, ended = b"".join(parts), len(parts[-1]) < _HEAD_BYTES
        found = _NOT_ASCII.search(head)
        start = found.start() if found else 0
        codec = text_codec(head[start : start + _HEAD_BYTES], whole=ended and len(head) - start <= _HEAD_BYTES)
        since = undecoded_count()
        yield io.TextIOWrapper(io.BufferedReader(_Prefixed(head, fh)), encoding=codec, newline="",
                               errors=KEEP_UNDECODED), since


def _broken_array(path: Path, exc: ArrayBreak, read: int) -> Failure:
    """The failure for an array that breaks after ``read`` elements (those were read)."""
    before = _read_before(read, "element", rest=False)
    where = f"element {read + 1}, line {exc.line} column {exc.column}"
    if exc.ends_there:  # an interrupted scrape, cut between two elements
        after = f"after element {read}" if read else "after its ["
        reason = f"truncated file: it ends {after}, before the JSON array's closing ] {before}"
    elif not exc.closed:  # cut inside an element
        reason = f"truncated file: the JSON array breaks off in {where} {before}"
    else:
        reason = f"invalid JSON: {exc.message} in {where} {_read_before(read, 'element')}"
    return Failure(readable(path), reason, str(path), None, None)  # a retry re-reads the whole file


def _read_json(path: Path, field_map: FieldMap, wanted: Wanted | None, depth: int,
               progress: ReadProgress | None = None) -> Iterator[Record | Failure]:
    """A JSON array, read as a stream (:func:`_read_array`), or one object, read whole: an article,
    or an API's answer wrapping articles (:func:`records_in`)."""
    with contextlib.ExitStack() as opened:
        try:
            stream, since = opened.enter_context(_text_stream(path, progress))
            start = stream.read(_SNIFF_BYTES)
            chat = telegram.chat_start(start)
            if not start.lstrip().startswith("[") and chat is None:
                text = start + stream.read()
        except (DecodeError, *READ_ERRORS) as exc:
            yield _unreadable(path, exc)
            return
        if start.lstrip().startswith("["):
            yield from _read_array(path, array_elements(stream, start, since), field_map, wanted, depth)
            return
        if chat is not None:  # a Telegram chat's export: its messages one by one
            header, at = chat
            yield from _read_chat(path, header, array_elements(stream, start[at:], since, closing="}"), wanted)
            return
    unreadable = "empty file" if not text.strip() else undecoded(text, since)
    if unreadable:
        yield Failure(readable(path), unreadable, str(path), None, None)
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Failure(readable(path), f"invalid JSON: {exc}", str(path), None, None)
        return
    except RecursionError:
        yield Failure(readable(path), "invalid JSON: nested too deeply", str(path), None, None)
        return
    if telegram.is_export(data):
        yield from _read_posts(path, telegram.json_posts(data), wanted)
        return
    if feeds.is_json_feed(data):
        yield from _feed_records(path, feeds.json_entries(data), wanted)
        return
    wrapped = records_in(data, field_map) if isinstance(data, dict) else None
    if isinstance(wrapped, str):
        yield Failure(readable(path), wrapped, str(path), None, None)
    elif wrapped is not None:  # an API's answer: its articles, addressed as an array's elements
        for number, obj in enumerate(wrapped, 1):
            if wanted is None or wanted(number):
                yield from _dispatch(path, number, obj, field_map, depth)
    elif wanted is None or wanted(1):
        yield from _dispatch(path, None, data, field_map, depth)


_WRAPPER_DEPTH = 2  # how deep the articles of an API's answer may lie: {"data": {"items": [...]}}


def records_in(obj: dict[str, Any], field_map: FieldMap) -> list[Any] | str | None:
    """The articles a JSON object wraps (an API's answer: ``{"articles": [...]}``, ``{"hits":
    {"hits": [...]}}``, ``{"data": {"items": [...]}}``; a site's export under its name: ``{"title":
    "عكاظ", "posts": [...]}``): the one list of objects among its fields, two levels deep at most,
    when the object is no article itself (it has no text; a title only, when its list holds texts).
    None when it is one (or holds no such list); the reason of its failure when it holds several."""
    named = lookup(obj, field_map.records) if field_map.records else None
    if isinstance(named, list):
        return named
    own = field_map.apply(obj).keys() & TEXT_KEYS
    if "body" in own or _is_failure_entry(obj):
        return None
    if field_map.records:
        return None if own else f"no list under {field_map.records}"
    found: dict[str, list[Any]] = {}

    def look(value: Any, where: str, depth: int) -> None:
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            found[where] = value
        elif isinstance(value, dict) and depth < _WRAPPER_DEPTH:
            for key, inner in value.items():
                look(inner, f"{where}.{key}" if where else str(key), depth + 1)

    look(obj, "", 0)
    if own:  # a title only: a site's or a feed's, over its articles (when its one list holds texts)
        lists = list(found.values())
        return lists[0] if len(lists) == 1 and "body" in field_map.apply(lists[0][0]) else None
    if len(found) > 1:
        return (f"no title or body text; it holds lists of objects under {', '.join(found)}: name the list of "
                f"articles in a field map (records: {next(iter(found))}; --fields)")
    return next(iter(found.values()), None)


def _read_array(path: Path, elements: Iterator[Any], field_map: FieldMap, wanted: Wanted | None, depth: int
                ) -> Iterator[Record | Failure]:
    read = 0
    while True:
        try:
            obj = next(elements)
        except StopIteration:
            break
        except ArrayBreak as exc:
            yield _broken_array(path, exc, read)
            return
        except RecursionError:
            yield Failure(readable(path), f"invalid JSON: nested too deeply in element {read + 1}", str(path),
                          None, None)
            return
        except READ_ERRORS as exc:
            yield _unreadable(path, exc, where=f"in element {read + 1} {_read_before(read, 'element')}")
            return
        read += 1
        if wanted is not None and not wanted(read):
            continue
        if isinstance(obj, Undecoded):
            yield Failure(_location(path, read), obj.reason, str(path), read, None)
        else:
            yield from _dispatch(path, read, obj, field_map, depth)
    if not read:
        yield Failure(readable(path), "empty file (empty JSON array)", str(path), None, None)


def _read_csv(path: Path, field_map: FieldMap, wanted: Wanted | None, progress: ReadProgress | None = None
              ) -> Iterator[Record | Failure]:
    """A CSV file, read as a stream: a row at a time, each addressed by the line it starts on."""
    with contextlib.ExitStack() as opened:
        try:
            stream, since = opened.enter_context(_text_stream(path, progress))
            head = stream.read(_SNIFF_BYTES)
            head += stream.readline()  # the rest of the line it stops in
        except (DecodeError, *READ_ERRORS) as exc:
            yield _unreadable(path, exc)
            return
        lines = itertools.chain(io.StringIO(head, newline=""), stream)
        yield from _csv_rows(path, lines, head, since, field_map, wanted)


def _csv_rows(path: Path, lines: Iterator[str], head: str, since: int, field_map: FieldMap, wanted: Wanted | None
              ) -> Iterator[Record | Failure]:
    header = (head.lstrip("\r\n").splitlines() or [""])[0]
    try:  # only the delimiter: quoting as Excel and Python write it ("" inside quotes)
        delimiter = csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:  # one column
        delimiter = ","
    csv.field_size_limit(max(csv.field_size_limit(), _MAX_CELL))
    reader = csv.reader(lines, "excel", delimiter=delimiter)
    names: list[str] | None = None
    rows = 0
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if names is None:
                names = [c.strip() for c in cells]
                continue
            rows += 1
            if wanted is not None and not wanted(line):
                continue
            if len(cells) > len(names):
                reason = f"row has {len(cells)} cells, the header {len(names)} (an unquoted delimiter?)"
                yield Failure(_location(path, line), reason, str(path), line, None)  # a retry re-reads the row
                continue
            if undecoded_count() != since and (unreadable := undecoded("\x00".join(cells), since)):
                yield Failure(_location(path, line), unreadable, str(path), line, None)
                continue
            yield _record(path, line, {k: v for k, v in zip(names, cells, strict=False) if k}, field_map)
    except csv.Error as exc:
        yield Failure(_location(path, start), f"invalid CSV: {exc}", str(path), start, None)
        return
    except READ_ERRORS as exc:
        yield _unreadable(path, exc, where=f"at line {start} {_read_before(rows, 'row')}")
        return
    if names is None and wanted is None:
        yield Failure(readable(path), "empty file", str(path), None, None)
    elif not rows and wanted is None:
        yield Failure(readable(path), "empty file (no rows under the CSV header)", str(path), None, None)


def _read_workbook(path: Path, field_map: FieldMap, wanted: Wanted | None, progress: ReadProgress | None
                   ) -> Iterator[Record | Failure]:
    """An Excel workbook's article rows (:mod:`indexer.spreadsheets`), numbered across its sheets (how a
    failures file names one) and located by sheet and row (``scrape.xlsx:Sheet1!12``)."""
    count = 0
    try:
        with _open_binary(path, progress) as raw:
            fh = cast(IO[bytes], raw) if raw.seekable() else io.BytesIO(_read_whole(raw))  # a zip: read from its end
            for row in spreadsheets.rows(fh):
                count += 1
                if wanted is None or wanted(count):
                    yield _record(path, count, row.cells, field_map, place=f":{row.sheet}!{row.number}")
    except spreadsheets.SpreadsheetError as exc:
        yield Failure(readable(path), str(exc), str(path), None, None)
        return
    except READ_ERRORS as exc:
        yield _unreadable(path, exc, where=f"after row {count} {_read_before(count, 'row')}")
        return
    if not count and wanted is None:
        yield Failure(readable(path), "empty file (no rows under a header row)", str(path), None, None)


def _binary(fh: io.BufferedIOBase) -> bool:
    """Whether a file about to be read as JSON Lines holds NUL bytes in its first few kilobytes."""
    return hasattr(fh, "peek") and b"\x00" in fh.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]


def _not_there(path: Path) -> Failure | None:
    """The failure of an input file that is not there to read: a broken link, or a file moved or
    deleted since the load began (None for a file that is, or one in an archive)."""
    if str(path) in _ARCHIVE_MEMBERS or path.exists() or archives.locate(path) is not None:
        return None
    if path.is_symlink():
        reason = f"broken link: {os.readlink(path)} does not exist"
    else:
        reason = "no longer there (moved or deleted since the load began)"
    return Failure(readable(path), reason, str(path), None, None)


def _truncated(path: Path, exc: BaseException, lines: int) -> Failure:
    if isinstance(exc, PermissionError):
        return Failure(readable(path), f"cannot read: {exc.strerror or exc}", str(path), None, None)
    where = _location(path, lines + 1)
    return Failure(where, f"truncated or corrupt file: {exc} (after line {lines})", str(path), lines + 1, None)


def _read_jsonl(path: Path, field_map: FieldMap, depth: int,
                progress: ReadProgress | None = None) -> Iterator[Record | Failure]:
    line_no = 0
    seen_content = False
    try:
        with _open_binary(path, progress) as fh:
            if _binary(fh):
                yield Failure(readable(path), "binary file (NUL bytes)", str(path), None, None)
                return
            for raw_line in _lines(fh):
                line_no += 1
                if raw_line is None or raw_line.strip():
                    seen_content = True
                    yield from _jsonl_line(path, line_no, raw_line, field_map, depth)
    except READ_ERRORS as exc:
        yield _truncated(path, exc, line_no)
        return
    if not seen_content:
        yield Failure(readable(path), "empty file", str(path), None, None)


def _jsonl_line(path: Path, line: int, raw_line: bytes | None, field_map: FieldMap, depth: int
                ) -> Iterator[Record | Failure]:
    """The record of one line of a JSON Lines file as read (bytes; None: too long), or its failure."""
    if raw_line is None:
        yield Failure(_location(path, line), f"line of over {_MAX_WHOLE >> 20} MB: too long for one article",
                      str(path), line, None)
        return
    try:
        text = raw_line.decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        kept = raw_line.decode("utf-8", "backslashreplace").rstrip("\r\n") if _keeps_lines(path) else None
        yield Failure(_location(path, line), f"line is not UTF-8: {exc}", str(path), line, None, kept)
        return
    yield from _json_line(path, line, text, field_map, depth)


class _LineRereader:
    """A JSON Lines file read again for the failure entries that name its lines. The entries of a
    failures file follow the order of the lines, so one pass reads all of them (a scrape with
    thousands of broken lines is not read from its start again for each)."""

    def __init__(self, path: Path, field_map: FieldMap, depth: int) -> None:
        self.path, self.at = path, 0  # the last line read
        self._field_map, self._depth = field_map, depth
        self._open = contextlib.ExitStack()
        self._lines: Iterator[bytes | None] | None = None
        self._error: str | None = None  # the file cannot be read (on) any more

    def read(self, line: int) -> Iterator[Record | Failure]:
        """The record (or failure) of ``line``, which must come after the lines read before."""
        raw_line = self._seek(line)
        if isinstance(raw_line, str):
            yield _gone(self.path, line, raw_line)
        elif raw_line is not None and not raw_line.strip():
            yield _gone(self.path, line, f"line {line} is empty now")
        else:
            yield from _jsonl_line(self.path, line, raw_line, self._field_map, self._depth)

    def _seek(self, line: int) -> bytes | str | None:
        """The bytes of ``line`` (None: too long to read), or why it cannot be read."""
        if self._error is None:
            try:
                if self._lines is None:
                    fh = self._open.enter_context(_open_binary(self.path))
                    if _binary(fh):
                        self._error = "binary file (NUL bytes)"
                        return self._error
                    self._lines = _lines(fh)
                for raw_line in self._lines:
                    self.at += 1
                    if self.at == line:
                        return raw_line
            except READ_ERRORS as exc:
                self._error = _truncated(self.path, exc, self.at).reason
                return self._error
        return self._error or f"line {line} is no longer in the file (it ends at line {self.at})"

    def close(self) -> None:
        self._open.close()


class _ItemRereader:
    """A CSV, JSON or web archive file read again, like :class:`_LineRereader`, for the rows
    (elements, records) failure entries name: one reading of the file, paused after each entry's."""

    def __init__(self, path: Path, field_map: FieldMap, depth: int) -> None:
        self.path, self.at = path, 0  # the last row asked for
        plain = uncompressed(path.name.lower())
        self._unit = ("element" if plain.endswith(".json") else "record" if plain.endswith(WARC_SUFFIXES)
                      else "row" if plain.endswith(WORKBOOK_SUFFIXES)
                      else "entry" if plain.endswith(FEED_SUFFIXES)
                      else "message" if plain.endswith(MBOX_SUFFIXES) else "row at line")
        self._items = _iter_file(path, field_map, lambda n: n >= self.at, None, depth)
        self._ahead: Record | Failure | None = None  # read, of a later row than asked for
        self._error: str | None = None  # the file as a whole failed (unreadable, a broken array…)

    def read(self, line: int) -> Iterator[Record | Failure]:
        """The record (or failure) of row ``line``, which must come after the rows asked for before."""
        self.at, found = line, False
        while self._error is None:
            item, self._ahead = self._ahead or next(self._items, None), None
            if item is None:
                break
            if item.line is None and isinstance(item, Failure):
                self._error = item.reason
                break
            row = item.line or 1  # a file of one JSON object: its record is element 1
            if row > line:
                self._ahead = item
                break
            elif row == line:
                found = True
                yield item
        if not found:
            yield _gone(self.path, line, self._error or f"{self._unit} {line} is no longer in the file")

    def close(self) -> None:
        self._items.close()


# The files being read again for a failures file, by the depth of that file's reading (a failures
# file may name another one); closed when the reading of the input ends (iter_file).
_REREADERS: dict[int, _LineRereader | _ItemRereader] = {}


def _reread_line(path: Path, line: int, field_map: FieldMap, depth: int) -> Iterator[Record | Failure]:
    """Line (row, element, record) ``line`` of ``path`` for a failure entry read at ``depth``, read on from
    where the previous entry's was when it names a later one of the same file."""
    reader = _REREADERS.get(depth)
    if reader is None or reader.path != path or reader.at >= line:
        if reader is not None:
            reader.close()
        kind = _LineRereader if uncompressed(path.name.lower()).endswith(LINE_SUFFIXES) else _ItemRereader
        reader = _REREADERS[depth] = kind(path, field_map, depth + 1)
    yield from reader.read(line)


def _close_rereaders() -> None:
    for reader in _REREADERS.values():
        reader.close()
    _REREADERS.clear()


def _keeps_lines(path: Path) -> bool:
    """Whether a failure keeps the line as read, to be fixed in the failures file: for an input that
    cannot be read again (standard input) or edited where it is (a file in an archive)."""
    return str(path) == STDIN or str(path) in _ARCHIVE_MEMBERS or archives.locate(path) is not None


def _json_line(path: Path, line: int, text: str, field_map: FieldMap, depth: int) -> Iterator[Record | Failure]:
    """The record of one JSON Lines line, or its failure (which keeps the line when
    :func:`_keeps_lines`)."""
    kept = text.rstrip("\r\n") if _keeps_lines(path) else None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Failure(_location(path, line), f"invalid JSON: {exc}", str(path), line, None, kept)
        return
    except RecursionError:
        yield Failure(_location(path, line), "invalid JSON: nested too deeply", str(path), line, None, kept)
        return
    yield from _dispatch(path, line, obj, field_map, depth, kept)


def _dispatch(path: Path, line: int | None, obj: Any, field_map: FieldMap, depth: int, kept: str | None = None
              ) -> Iterator[Record | Failure]:
    """The records of one JSON value read at ``path``:``line``: an article; the record of a failure
    entry; or, for a line (an element) that is an API's answer, the articles it wraps
    (:func:`records_in`), located as ``path:line[n]``."""
    if _is_failure_entry(obj):
        yield from _reread_failure(obj, field_map, depth)
        return
    record = _record(path, line, obj, field_map)
    if isinstance(record, Record) and line is not None and not record.fields.keys() & TEXT_KEYS:
        wrapped = records_in(obj, field_map)
        if isinstance(wrapped, str):
            yield Failure(record.location, wrapped, str(path), line, None, kept)
            return
        if wrapped is not None:
            for item, inner in enumerate(wrapped, 1):
                yield _record(path, line, inner, field_map, place=f":{line}[{item}]")
            return
    yield record


def _reread_failure(entry: dict[str, Any], field_map: FieldMap, depth: int) -> Iterator[Record | Failure]:
    """Yield the record embedded in a failure entry, or re-read its original input."""
    path = Path(str(entry["path"]))
    line = entry.get("line")
    line = int(line) if isinstance(line, int | str) and str(line).isdigit() else None
    location = str(entry["location"])
    embedded = entry.get("record")
    if isinstance(embedded, dict):
        if uncompressed(path.name.lower()).endswith(TEXT_SUFFIXES) and "text" in embedded:
            yield Record(readable(path.name), location, _text_fields(embedded), raw=embedded, path=str(path), line=line)
            return
        yield _record(path, line, embedded, field_map, location)
        return
    if depth >= _MAX_REREAD_DEPTH:
        yield Failure(location, "failure entries refer to each other too deeply", str(path), line, None)
        return
    text = entry.get("text")
    if isinstance(text, str) and line is not None:  # the line kept in the entry (maybe fixed there)
        yield from _json_line(path, line, text, field_map, depth + 1)
        return
    if str(path) == STDIN:  # nothing to read again
        yield Failure(location, "read from standard input, and the line was not kept", str(path), line, None)
        return
    if not path.is_file() and archives.locate(path) is None:
        yield Failure(location, f"original input not found: {path}", str(path), line, None)
        return
    if line is not None and uncompressed(path.name.lower()).endswith(NUMBERED_SUFFIXES):
        yield from _reread_line(path, line, field_map, depth)
        return
    yield from iter_file(path, field_map, _depth=depth + 1)


def _read_archive(path: Path, field_map: FieldMap, depth: int, progress: ReadProgress | None
                  ) -> Iterator[Record | Failure]:
    """The records of the files of an archive, in archive order; its other files are left out. A
    damaged archive is a failure after the records read before the damage."""
    files = 0
    try:
        with _open_stored(path, None) as raw:
            for member in archives.members(path, raw):
                if progress is not None:  # from here (a zip's table of contents is read at its end first)
                    progress.reading(raw)
                files += 1
                where = str(member.path)
                if archives.is_archive(member.path) and archives.nesting(member.path) >= archives.MAX_NESTING:
                    yield Failure(where, "archive nested too deeply (unpack it)", where, None, None, skipped=True)
                    continue
                if not supported(member.path):
                    yield Failure(where, "file of another type in the archive", where, None, None, skipped=True)
                    continue
                _ARCHIVE_MEMBERS[where] = member.open
                try:  # read now: a tar archive is a stream
                    yield from iter_file(member.path, field_map, _depth=depth)
                finally:
                    del _ARCHIVE_MEMBERS[where]
    except READ_ERRORS as exc:
        reason = str(exc) if isinstance(exc, archives.ArchiveError) else f"unreadable archive: {exc}"
        yield Failure(readable(path), reason, str(path), None, None)
        return
    if not files:
        yield Failure(readable(path), "empty archive (no files)", str(path), None, None)


def _read_warc(path: Path, wanted: Wanted | None, progress: ReadProgress | None) -> Iterator[Record | Failure]:
    """The web pages of a web archive, each a record to be read as a saved page, with the URL it was
    fetched from and when (the page's own canonical URL and date win when it has them); its other
    responses are left out and counted."""
    number = 0
    try:
        with _open_binary(path, progress) as fh:
            for capture in warc.captures(fh, wanted):
                number = capture.number
                where = _location(path, number)
                if capture.skip:
                    yield Failure(where, capture.skip, str(path), number, None, skipped=True)
                    continue
                try:
                    page = decode_bytes(capture.html)
                except DecodeError as exc:
                    yield Failure(where, str(exc), str(path), number, None)
                    continue
                fields = {k: v for k, v in (("url", capture.url), ("crawled", capture.fetched)) if v}
                yield Record(capture.url or f"{readable(path.name)}:{number}", where, fields, path=str(path),
                             line=number, page=page)
    except (warc.WarcError, *READ_ERRORS) as exc:
        after = f" (after record {number})" if number else ""
        yield Failure(readable(path), f"truncated or corrupt web archive: {exc}{after}", str(path), None, None)


def _read_feed(path: Path, field_map: FieldMap, wanted: Wanted | None, progress: ReadProgress | None
               ) -> Iterator[Record | Failure]:
    """The entries of an RSS or Atom feed (:mod:`indexer.feeds`), each an article addressed by its
    number; or the records of a scraping tool's XML (:mod:`indexer.xml_items`: Scrapy's items, a
    trafilatura article), read through the field map. An ``.xml`` file that is none of these (a site
    mirror's sitemap) is left out, not a failure."""
    try:
        with _open_binary(path, progress) as fh:
            data = _read_whole(fh)
        found = feeds.entries(data)
    except feeds.FeedError as exc:
        other_xml = uncompressed(path.name.lower()).endswith(".xml")
        if other_xml and (export := xml_export(data)) is not None:
            yield from _export_records(path, export, field_map, wanted)
            return
        yield Failure(readable(path), feeds.NOT_A_FEED if other_xml else str(exc), str(path), None, None,
                      skipped=other_xml)
        return
    except TooLarge as exc:
        yield _unreadable(path, exc)
        return
    except READ_ERRORS as exc:
        yield Failure(readable(path), f"truncated or corrupt file: {exc}", str(path), None, None)
        return
    yield from _feed_records(path, found, wanted)


def _export_records(path: Path, export: XmlExport, field_map: FieldMap, wanted: Wanted | None
                    ) -> Iterator[Record | Failure]:
    """The records of a scraping tool's XML: its one article, or its items addressed by their number,
    then where the file breaks (the items before the break read)."""
    if export.one_article:
        yield _record(path, None, export.records[0], field_map)
    else:
        for number, item in enumerate(export.records, 1):
            if wanted is None or wanted(number):
                yield _record(path, number, item, field_map)
    if export.broken:
        yield Failure(readable(path), f"truncated or broken XML export: {export.broken} "
                      f"{_read_before(len(export.records), 'item')}", str(path), None, None)
    elif not export.records:
        yield Failure(readable(path), "empty XML export (no items)", str(path), None, None)


def _feed_records(path: Path, found: list[feeds.Entry], wanted: Wanted | None) -> Iterator[Record | Failure]:
    """The entries of a feed, each an article addressed by its number."""
    if not found:
        yield Failure(readable(path), "empty feed (no entries)", str(path), None, None)
    for number, entry in enumerate(found, 1):
        if wanted is None or wanted(number):
            raw = {**entry.fields, ONLY_NEW: True} if entry.summary else entry.fields  # for a failure entry
            yield Record(entry.fields.get("url") or f"{readable(path.name)}:{number}", _location(path, number),
                         entry.fields, raw=raw, path=str(path), line=number, only_new=entry.summary)


def _read_chat(path: Path, header: dict[str, Any], messages: Iterator[Any], wanted: Wanted | None
               ) -> Iterator[Record | Failure]:
    """The posts of a Telegram chat's export, its messages read one by one; a file cut short or broken
    gives the posts before the break, then its failure."""
    read = [0]

    def counted() -> Iterator[Any]:
        for message in messages:
            read[0] += 1
            yield message

    try:
        yield from _read_posts(path, telegram.json_posts({**header, "messages": counted()}), wanted)
    except ArrayBreak as exc:
        yield _broken_array(path, exc, read[0])
    except READ_ERRORS as exc:
        yield _unreadable(path, exc, where=f"in element {read[0] + 1} {_read_before(read[0], 'element')}")


def _read_posts(path: Path, posts: Iterator[telegram.Post], wanted: Wanted | None) -> Iterator[Record | Failure]:
    """The posts of a Telegram export (:mod:`indexer.telegram`), each an article addressed by its
    number in the file; those without text are left out and counted."""
    number = 0
    for number, post in enumerate(posts, 1):
        if wanted is not None and not wanted(number):
            continue
        where = _location(path, number)
        if post.skip:
            yield Failure(where, post.skip, str(path), number, None, skipped=True)
            continue
        fields = {**{k: v for k, v in post.fields.items() if k != "text"}, **_text_fields(post.fields)}
        yield Record(fields.get("url") or f"{readable(path.name)}:{number}", where, fields, raw=fields,
                     path=str(path), line=number)
    if not number:  # an export's index or lists, or an empty chat
        yield Failure(readable(path), "no posts in this Telegram export", str(path), None, None, skipped=True)


def iter_file(path: Path, field_map: FieldMap | None = None, progress: ReadProgress | None = None,
              _depth: int = 0) -> Iterator[Record | Failure]:
    """Records and failures of one input file (``progress`` follows the reading)."""
    try:
        yield from _iter_file(path, field_map or FieldMap(), None, progress, _depth)
    finally:
        if not _depth:  # the end of an input: the files its failure entries had open are done with
            _close_rereaders()


def _iter_file(path: Path, field_map: FieldMap, wanted: Wanted | None, progress: ReadProgress | None,
               _depth: int) -> Generator[Record | Failure, None, None]:
    """:func:`iter_file`; of a CSV, JSON or web archive file only the rows (elements, records)
    ``wanted`` says (re-reads)."""
    name = path.name.lower()
    if str(path) == STDIN:
        yield from _read_jsonl(path, field_map, _depth, progress)
    elif (gone := _not_there(path)) is not None:
        yield gone
    elif name.endswith(ARCHIVE_SUFFIXES):
        yield from _read_archive(path, field_map, _depth, progress)
    elif (data := uncompressed(name)).endswith(ARTICLE_SUFFIXES):
        yield from _read_article_file(path, page=data.endswith(PAGE_SUFFIXES))
    elif data.endswith(LINE_SUFFIXES):
        yield from _read_jsonl(path, field_map, _depth, progress)
    elif data.endswith(".json"):
        yield from _read_json(path, field_map, wanted, _depth, progress)
    elif data.endswith((".csv", ".tsv")):
        yield from _read_csv(path, field_map, wanted, progress)
    elif data.endswith(WORKBOOK_SUFFIXES):
        yield from _read_workbook(path, field_map, wanted, progress)
    elif data.endswith(WARC_SUFFIXES):
        yield from _read_warc(path, wanted, progress)
    elif data.endswith(MBOX_SUFFIXES):
        yield from _read_mbox(path, wanted, progress)
    elif data.endswith(FEED_SUFFIXES):
        yield from _read_feed(path, field_map, wanted, progress)
    else:
        yield Failure(readable(path), f"unsupported file type (expected {SUPPORTED})", str(path),
                      None, None)


def iter_inputs(paths: Iterable[str | Path], field_map: FieldMap | None = None,
                progress: ReadProgress | None = None) -> Iterator[Record | Failure]:
    """Stream records and failures from files, directories and globs (see module docstring);
    ``progress`` (made for the same files) follows the reading."""
    yield from iter_files(expand_paths(paths), field_map, progress)


def iter_files(files: Iterable[Path], field_map: FieldMap | None = None,
               progress: ReadProgress | None = None) -> Iterator[Record | Failure]:
    """:func:`iter_inputs` of files already listed by :func:`expand_paths` (one that is gone since
    is a failure, not an error)."""
    field_map = field_map or FieldMap()
    for path in files:
        yield from iter_file(path, field_map, progress=progress)
        if progress is not None:
            progress.finished(path)
