"""Text and file names as bytes come: decoded as Arabic text is written (pure functions).

:func:`text_codec` tells the codec of text bytes, or of their start for a file decoded as it is read:
UTF-8 (with or without BOM, UTF-16 with one; with a few stray bytes too, which are not text in
any other codec either) first, then detection (charset-normalizer) with a preference for
Windows-1256 when that reads as Arabic; :func:`decode_bytes` decodes with it. A
stream decoded with :data:`KEEP_UNDECODED` keeps bytes that are not text in its codec, for
:func:`undecoded` to find in the row they are in. :func:`readable` shows a file name whose bytes
are not UTF-8 (a folder copied from Arabic Windows) in Arabic, as archives' names are read.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import charset_normalizer

from indexer import archives


class DecodeError(ValueError):
    """Bytes that are not text."""


def _arabic_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f") / len(letters)


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


_DAMAGE = 0.02  # UTF-8 with at most this share of its other-than-ASCII bytes not in a character: damaged


def _damaged_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 with a few stray bytes (a page cut and pasted, a byte lost in a
    copy): nearly all its non-ASCII bytes make UTF-8 characters. Text in another codec (Windows-1256
    Arabic) makes almost none."""
    others = len(data) - len(data.decode("ascii", "ignore"))
    stray = data.decode("utf-8", "replace").count("\ufffd") - data.count("\ufffd".encode())  # that one is text
    return 0 < stray <= others * _DAMAGE


def text_codec(data: bytes, *, whole: bool = True) -> str:
    """The codec of text bytes: their BOM's, else UTF-8, else the one detected (Windows-1256 when
    it reads as more Arabic than the detected one). ``data`` may be the start of a longer text
    (``whole`` False): a character cut at its end is then no error. Raise :class:`DecodeError` for
    bytes that are empty or binary."""
    if whole and not data.strip():
        raise DecodeError("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    if b"\x00" in data:
        raise DecodeError("binary file (NUL bytes)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=whole)
        return "utf-8"
    except UnicodeDecodeError:
        if _damaged_utf8(data):
            return "utf-8"
    best = charset_normalizer.from_bytes(data).best()
    guess = str(best) if best is not None else None
    arabic = data.decode("cp1256", "replace")
    if _arabic_ratio(arabic) >= 0.6 and (guess is None or _arabic_ratio(guess) < _arabic_ratio(arabic)):
        return "cp1256"
    if best is None:
        raise DecodeError("binary or undecodable file")
    return best.encoding


def decode_bytes(data: bytes) -> str:
    """Decode text bytes with their :func:`text_codec` (a stray byte in UTF-8 text as ``�``, the rest
    read); raise :class:`DecodeError`."""
    codec = text_codec(data)
    try:
        return data.decode(codec, "replace" if codec == "utf-8" else "strict")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"undecodable text ({codec}): {exc}") from exc


_UNDECODED = [0]  # bytes a text stream could not decode so far (in this process)
KEEP_UNDECODED = "akhbar-keep-undecoded"  # the error handler of such streams
_SURROGATES = re.compile("[\udc80-\udcff]+")  # how they stand in its text


def _keep_undecoded(exc: UnicodeError) -> tuple[str, int]:
    """Keep bytes that are not text in the codec as surrogates (found in their row by
    :func:`undecoded`), and count them."""
    _UNDECODED[0] += 1
    kept, end = codecs.lookup_error("surrogateescape")(exc)
    return str(kept), end


codecs.register_error(KEEP_UNDECODED, _keep_undecoded)


def undecoded_count() -> int:
    """How many runs of bytes text streams (:data:`KEEP_UNDECODED`) could not decode so far."""
    return _UNDECODED[0]


def undecoded(text: str, since: int, start: int = 0, end: int | None = None) -> str | None:
    """Why ``text`` (from ``start`` to ``end``) of a stream is not readable, when bytes of it could not
    be decoded (only looked for once some were, after ``since``); None when it is."""
    if _UNDECODED[0] == since:
        return None
    found = _SURROGATES.search(text, start, len(text) if end is None else end)
    if found is None:
        return None
    shown = " ".join(f"{ord(ch) - 0xDC00:02x}" for ch in found[0][:6])
    return f"bytes that are not text in the file's encoding ({shown}…: a part pasted from another encoding?)"


def readable(path: Path | str) -> str:
    """A path as text: a name whose bytes are not UTF-8 (copied from Arabic Windows) is read as
    archives' names are, else with U+FFFD for what cannot be read."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "/".join(_readable_name(part) for part in text.split("/"))


def _readable_name(name: str) -> str:
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        stored = name.encode("utf-8", "surrogateescape" if _FS_BYTES.fullmatch(name) else "replace")
        return archives.decoded_name(stored) or stored.decode("utf-8", "replace")


_FS_BYTES = re.compile("[^\ud800-\udc7f\udd00-\udfff]*")  # surrogates only for undecoded bytes (0x80-0xff)
