"""Web pages saved as one file with their images and styles (MHTML, ``.mhtml`` / ``.mht``: Chromium's
and Edge's «Save as → Webpage, Single File», Internet Explorer's and Word's «Single File Web Page»):
the page itself, the address it was saved from and when (pure functions over the MIME message,
read with the standard library's ``email``)."""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import NamedTuple, cast

from indexer.decoding import DecodeError, decode_bytes
from indexer.documents import is_web_page

MHTML_SUFFIXES = (".mhtml", ".mht")
_HTML = "text/html"


class MhtmlError(ValueError):
    """A file that is no saved web page (MHTML) that can be read."""


class SavedPage(NamedTuple):
    """A page saved as MHTML: its HTML, the address it was saved from (None for a file on a disk,
    Word's), when it was saved (ISO, with its offset)."""

    html: str
    url: str | None
    saved: str | None


def saved_page(data: bytes) -> SavedPage:
    """The page an MHTML file holds: its root part (the one the message's ``start`` names, else the
    first web page in it; frames and resources left), decoded in the charset it names, else as any
    text is. A web page saved under an ``.mht`` name is read as it is. Raises :class:`MhtmlError`."""
    message = cast(EmailMessage, message_from_bytes(data, policy=policy.default))
    if message.get("Content-Type") is None:
        if not is_web_page(data[:1024]):
            raise MhtmlError("not a saved web page (MHTML): no MIME header")
        return SavedPage(_decoded(data, None), None, None)
    root = _root(message)
    if root is None:
        raise MhtmlError("no web page in this MHTML file")
    payload = root.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise MhtmlError("empty web page in this MHTML file")
    url = _web_address(message.get("Snapshot-Content-Location")) or _web_address(root.get("Content-Location"))
    return SavedPage(_decoded(payload, root.get_content_charset()), url, _when(message.get("Date")))


def _root(message: EmailMessage) -> EmailMessage | None:
    """The page of a ``multipart/related`` message (RFC 2557: the part its ``start`` parameter names,
    else the first), or the message itself when it is one web page."""
    if not message.is_multipart():
        return message if message.get_content_type() == _HTML else None
    parts = [p for p in message.walk() if not p.is_multipart()]
    start = message.get_param("start", header="content-type")
    if isinstance(start, str):
        named = [p for p in parts if (p.get("Content-ID") or "").strip() == start.strip()]
        if named and named[0].get_content_type() == _HTML:
            return cast(EmailMessage, named[0])
    return next((cast(EmailMessage, p) for p in parts if p.get_content_type() == _HTML), None)


def _decoded(data: bytes, charset: str | None) -> str:
    if charset:
        try:
            return data.decode(charset, "replace")
        except LookupError:  # a charset Python does not know: told by the bytes
            pass
    try:
        return decode_bytes(data)
    except DecodeError as exc:
        raise MhtmlError(f"the saved web page is not text ({exc})") from None


def _web_address(value: object) -> str | None:
    """An ``http(s)`` address (a page saved from a file on a disk, Word's, names a ``file:`` one)."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


def _when(value: object) -> str | None:
    stamp = getattr(value, "datetime", None)  # None for a date the header does not give right
    return stamp.isoformat() if isinstance(stamp, datetime) else None
