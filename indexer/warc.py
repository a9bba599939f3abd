"""Web archives (WARC, ISO 28500: ``wget --warc-file``, Heritrix, Browsertrix, Common Crawl; and
ARC, the Internet Archive's format before it): the web pages a crawler stored, each read as a saved
page (``pages.page_fields``).

Every record of the file is numbered (1-based, in file order, whatever its type), so that a page is
addressed as ``crawl.warc.gz:17`` and found again on a re-run. Only responses count: a page (HTTP
200, HTML) is a :class:`Capture` with its bytes; another response (an image, a stylesheet, a
redirect, an error) is a capture with the reason it is no page; requests, metadata and revisits
(a capture the crawler did not store again) are not captures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BufferedIOBase
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

WARC_SUFFIXES = (".warc", ".arc")
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
NOT_HTML = "not an HTML page (web archive)"
EMPTY = "empty response (web archive)"


class WarcError(ValueError):
    """The file is not a web archive, or one broken past repair from here on."""


@dataclass(frozen=True)
class Capture:
    """One response of a web archive: record ``number``, the URL fetched, when, and the page's
    bytes as served (``html``), or why it is no page (``skip``)."""

    number: int
    url: str | None
    fetched: str | None
    html: bytes = b""
    skip: str | None = None


class _Strict:
    """``raw`` for warcio, which takes an ``EOFError`` of its stream (a cut ``.gz``) for the end of the
    archive: a cut file says so."""

    def __init__(self, raw: BufferedIOBase | IO[bytes]) -> None:
        self._raw = raw

    def read(self, size: int = -1) -> bytes:
        try:
            return self._raw.read(size)
        except EOFError as exc:
            raise WarcError(str(exc)) from exc


def captures(raw: BufferedIOBase | IO[bytes], wanted: Callable[[int], bool] | None = None) -> Iterator[Capture]:
    """The responses of the (uncompressed) web archive ``raw``, only those ``wanted`` (by number) if
    given; raises :class:`WarcError`."""
    try:
        for number, record in enumerate(ArchiveIterator(_Strict(raw), arc2warc=True), 1):
            if record.rec_type != "response" or (wanted is not None and not wanted(number)):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            fetched = record.rec_headers.get_header("WARC-Date")
            http = record.http_headers
            status = http.get_statuscode() if http else None
            if status != "200":
                yield Capture(number, url, fetched, skip=f"not a page (web archive): HTTP {status}")
                continue
            kind = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
            if kind and kind not in PAGE_TYPES:
                yield Capture(number, url, fetched, skip=NOT_HTML)
                continue
            html = record.content_stream().read()
            yield Capture(number, url, fetched, html) if html.strip() else Capture(number, url, fetched, skip=EMPTY)
    except ArchiveLoadFailed as exc:
        raise WarcError(str(exc).strip()) from exc
