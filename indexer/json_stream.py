"""JSON arrays of any size read a chunk at a time, element by element (pure: a text stream in, its
elements out), so that a file takes little memory and the elements before a break (a scrape
interrupted mid-write, a stray character) are read; where the break is, in the whole file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from indexer.decoding import undecoded, undecoded_count

_JSON = json.JSONDecoder()
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_CHUNK = 1 << 20  # characters of a JSON array read at a time
_MAX_ELEMENT = 1 << 26  # characters of one array element read before its break is taken for real


class ArrayBreak(ValueError):
    """Where and how a JSON array read by :func:`array_elements` breaks off or goes wrong."""

    def __init__(self, message: str, line: int, column: int, *, ends_there: bool, closed: bool) -> None:
        super().__init__(f"{message}: line {line} column {column}")
        self.message, self.line, self.column = message, line, column
        self.ends_there = ends_there  # nothing but spaces after the break: the file was cut there
        self.closed = closed  # the file ends with the array's closing ]


class _Window:
    """The part of a text stream being decoded: read a chunk at a time, the decoded start dropped;
    ``line`` and ``column`` say where ``text`` begins in the stream."""

    def __init__(self, stream: IO[str], start: str) -> None:
        self.stream, self.text, self.eof = stream, start, False
        self.line, self.column = 1, 1

    def more(self, size: int | None = None) -> bool:
        """Read on (``size`` characters at most, a chunk by default); False at the end of the stream."""
        chunk = self.stream.read(size or _CHUNK)
        self.eof = not chunk
        self.text += chunk
        return not self.eof

    def drop(self, pos: int) -> int:
        """Forget the text before ``pos`` (decoded); the position in the text left (0)."""
        if pos < _CHUNK:
            return pos
        lines = self.text.count("\n", 0, pos)
        self.line += lines
        self.column = pos - self.text.rfind("\n", 0, pos) if lines else self.column + pos
        self.text = self.text[pos:]
        return 0

    def skip_space(self, pos: int) -> int:
        """The position of the next character that is not a space (or the end of the stream)."""
        while (pos := _skip_space(self.text, pos)) == len(self.text) and self.more():
            pos = self.drop(pos)
        return pos

    def error(self, message: str, pos: int) -> ArrayBreak:
        """The break at ``pos``: where it is in the stream, and how the stream goes on (read to its end,
        only its last character that is not a space kept)."""
        before = json.JSONDecodeError(message, self.text, pos)
        line = self.line + before.lineno - 1
        column = before.colno if before.lineno > 1 else self.column + before.colno - 1
        ends_there = not self.text[pos:].strip()
        last = self.text.rstrip()[-1:]
        while chunk := self.stream.read(_CHUNK):
            ends_there = ends_there and not chunk.strip()
            last = chunk.rstrip()[-1:] or last
        return ArrayBreak(message, line, column, ends_there=ends_there, closed=last == "]")


class Undecoded(NamedTuple):
    """An element of a JSON array with bytes that are not text: why."""

    reason: str


def array_elements(stream: IO[str], start: str = "", since: int | None = None, closing: str = "") -> Iterator[Any]:
    """The elements of the JSON array in ``stream`` (after ``start``, read from it already) one by
    one, read a chunk at a time, so that a file of any size takes little memory and the elements
    before a break (a scrape interrupted mid-write, a stray character) are read; the break raises
    :class:`ArrayBreak`, after the elements before it. An element with bytes that are not text in
    the stream's encoding is :class:`Undecoded` (``since``: the count of such bytes before the stream
    was opened). ``closing``: what closes the array's parent after it (``}``: an object's last field)."""
    since = undecoded_count() if since is None else since
    window = _Window(stream, start)
    pos = window.skip_space(0)
    if window.text[pos : pos + 1] != "[":
        raise window.error("Expecting '['", pos)
    pos = window.skip_space(pos + 1)
    if window.text[pos : pos + 1] == "]":
        pos = window.skip_space(pos + 1)
    else:
        while True:
            pos = window.drop(pos)
            while True:
                try:
                    obj, end = _JSON.raw_decode(window.text, pos)
                except json.JSONDecodeError as exc:  # cut by the window, or broken
                    if window.eof or len(window.text) - pos > _MAX_ELEMENT or not window.more(
                            max(_CHUNK, len(window.text) - pos)):  # twice as much: each retry decodes anew
                        raise window.error(exc.msg, exc.pos) from None
                    continue
                if end < len(window.text) or window.eof or not window.more():  # a number may go on
                    break
            reason = undecoded(window.text, since, pos, end)
            yield obj if reason is None else Undecoded(reason)
            pos = window.skip_space(end)
            if window.text[pos : pos + 1] == "]":
                pos = window.skip_space(pos + 1)
                break
            if window.text[pos : pos + 1] != ",":
                raise window.error("Expecting ',' delimiter", pos)
            pos = window.skip_space(pos + 1)
            if window.text[pos : pos + 1] == "]":  # a trailing comma, as some writers leave: nothing is missing
                pos = window.skip_space(pos + 1)
                break
    if closing and window.text[pos : pos + len(closing)] == closing:
        pos = window.skip_space(pos + len(closing))
    if pos < len(window.text):
        raise window.error("Extra data", pos)


def _skip_space(text: str, pos: int) -> int:
    return _JSON_SPACE.match(text, pos).end()  # type: ignore[union-attr]  # matches the empty string
