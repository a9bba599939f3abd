"""E-mail saved as a file (``.eml``: a press release, a statement, a newsletter as a newsroom receives
it; any mail program saves one so) or a mailbox of them (``.mbox``): each message's subject, text
and date, and the documents attached to it (a statement as a PDF or a Word file), each read as a
document (the standard library's ``email``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses
from typing import NamedTuple, cast

from indexer.documents import DOCUMENT_SUFFIXES
from indexer.markup import text_of

EMAIL_SUFFIXES = (".eml",)
MBOX_SUFFIXES = (".mbox",)  # a mailbox (Gmail's Takeout, Thunderbird's folders): messages one after another
_ESCAPED_FROM = re.compile(rb"^>(>*From )")
# what mail programs put before a subject when a message is forwarded or answered
_REPLY = re.compile(r"^\s*(?:(?:fwd?|fw|re|tr|aw|wg|إعادة توجيه|توجيه|رد)\s*[:：]\s*)+", re.IGNORECASE)
# the header a forwarded message's text starts with, and its lines (From:, Date:, Subject:, To:…)
_FORWARDED = re.compile(r"^-{2,}\s*(?:forwarded message|original message|الرسالة المُعاد توجيهها|رسالة معاد توجيهها)"
                        r"\s*-{2,}\s*$", re.IGNORECASE | re.MULTILINE)
_HEADER_LINE = re.compile(r"^(?:from|date|sent|subject|to|cc|من|التاريخ|الموضوع|إلى|نسخة)\s*:.*$", re.IGNORECASE)


class EmailError(ValueError):
    """A file that is no e-mail that can be read."""


class Attachment(NamedTuple):
    """A document attached to a message: its file name and bytes."""

    name: str
    data: bytes


class Mail(NamedTuple):
    """A message's article fields (``title``, ``body``, ``author``, ``date``; those it has) and the
    documents attached to it."""

    fields: dict[str, str]
    attachments: list[Attachment]


def read_email(data: bytes) -> Mail:
    """The article of a saved e-mail: its subject (a ``Fwd:`` aside) as title, its text (the plain
    part, else the HTML part's text; a forwarded message's header lines aside), its sender as
    author, its date; and its attached documents. Raises :class:`EmailError`."""
    try:
        return _read_email(data)
    except EmailError:
        raise
    except Exception as exc:  # the standard library's parser fails so on some broken headers
        raise EmailError(f"a broken e-mail ({type(exc).__name__}: {exc})") from None


def _read_email(data: bytes) -> Mail:
    message = cast(EmailMessage, message_from_bytes(data, policy=policy.default))
    if message.get("From") is None and message.get("Subject") is None:
        raise EmailError("not an e-mail: no From or Subject header")
    fields = {
        "title": _REPLY.sub("", str(message.get("Subject") or "")).strip(),
        "body": _body(message),
        "author": _sender(str(message.get("From") or "")),
        "date": _when(message),
    }
    return Mail({key: value for key, value in fields.items() if value}, _attachments(message))


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # a charset Python does not know, a broken encoding
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    text = text_of(content) if part.get_content_type() == "text/html" else str(content)
    return _without_forward_header(text).strip()


def _without_forward_header(text: str) -> str:
    """The text of a forwarded message without the marker and header lines that start it."""
    found = _FORWARDED.search(text)
    if found is None:
        return text
    lines = text[found.end():].lstrip("\n").split("\n")
    while lines and (_HEADER_LINE.match(lines[0].strip()) or not lines[0].strip()):
        lines.pop(0)
    return (text[: found.start()].strip() + "\n" + "\n".join(lines)).strip()


def _sender(value: str) -> str:
    """The sender's name, else their address."""
    name, address = next(iter(getaddresses([value])), ("", ""))
    return (name or address).strip()


def _when(message: EmailMessage) -> str:
    stamp = getattr(message.get("Date"), "datetime", None)
    return stamp.isoformat() if stamp is not None else ""


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for part in message.iter_attachments():
        name = str(part.get_filename() or "")
        if name.lower().endswith(DOCUMENT_SUFFIXES) and isinstance(data := part.get_payload(decode=True), bytes):
            found.append(Attachment(name, data))
    return found


def mbox_messages(lines: Iterable[bytes]) -> Iterator[bytes]:
    """The messages of a mailbox (mbox: each starts with a ``From `` line; a line of its text that
    starts so was written ``>From ``), read line by line."""
    message: list[bytes] = []
    started = False
    for line in lines:
        if line.startswith(b"From ") and (not message or message[-1].strip() == b""):
            if started:
                yield b"".join(message)
            message, started = [], True
            continue
        message.append(_ESCAPED_FROM.sub(rb"\1", line))
    if started:
        yield b"".join(message)
