"""Text and file names as bytes come: decoded as Arabic text is written (pure functions).

:func:`decode_bytes` reads UTF-8 (with or without BOM, UTF-16 with one) first, then asks detection
(charset-normalizer) with a preference for Windows-1256 when that reads as Arabic. :func:`readable`
shows a file name whose bytes are not UTF-8 (a folder copied from Arabic Windows) in Arabic, as
archives' names are read.
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


def decode_bytes(data: bytes) -> str:
    """Decode text bytes: UTF-8 (BOM optional) first, then detection; raise :class:`DecodeError`."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"undecodable text ({codec} BOM): {exc}") from exc
    if b"\x00" in data:
        raise DecodeError("binary file (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    guess = str(best) if best is not None else None
    try:
        arabic = data.decode("cp1256")
    except UnicodeDecodeError:
        arabic = None
    if arabic is not None and _arabic_ratio(arabic) >= 0.6 and (
        guess is None or _arabic_ratio(guess) < _arabic_ratio(arabic)
    ):
        return arabic
    if guess is None:
        raise DecodeError("binary or undecodable file")
    return guess


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
