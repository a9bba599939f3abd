"""Scrape archives (``.zip``, ``.7z``, ``.rar``, ``.tar``, ``.tar.gz``/``.tgz``, ``.tar.bz2``,
``.tar.xz``): their files are read as if unpacked, one after the other, without unpacking them to
disk; so are the archives inside an archive (``MAX_NESTING`` deep), a zip, 7z or rar among them
copied to a temporary file first (in memory up to ``SPOOL_BYTES``), since those are read from their
end. 7z and rar (RAR 4 and RAR 5) archives are read by the system's libarchive (through
``libarchive-c``).

A file inside an archive has the path ``ARCHIVE/NAME`` (``scrape.zip/2015/okaz.jsonl``,
``scrape.zip/2015.zip/okaz.jsonl``): locations, failure entries and their re-runs use it, and
:func:`locate` finds the archive again."""

from __future__ import annotations

import contextlib
import io
import lzma
import re
import shutil
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, Any

ARCHIVE_SUFFIXES = (".zip", ".7z", ".rar", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
# what a damaged archive (or a damaged member, while it is read) raises; RuntimeError: an encrypted zip
READ_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile, tarfile.TarError, RuntimeError)
MAX_NESTING = 3  # archives a file may be inside (a zip holding itself is not read forever)
SPOOL_BYTES = 64 * 1024 * 1024


class ArchiveError(OSError):
    """An archive that cannot be read, or a name that is not in it (an input/output error: readers
    report it as they report a file they cannot read)."""


def is_archive(path: Path) -> bool:
    """Whether ``path`` is named like an archive akhbar reads."""
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def nesting(path: Path) -> int:
    """How many archives the file ``path`` names is inside (``a.zip/b.zip/c.jsonl``: 2)."""
    return sum(1 for parent in path.parents if is_archive(parent))


def kept(name: str) -> bool:
    """Files of an archive or a folder that are read: not hidden, not macOS resource forks
    (``name`` relative to the archive or folder)."""
    parts = PurePosixPath(name).parts
    return bool(parts) and not any(p.startswith(".") or p == "__MACOSX" for p in parts)


_UTF8_NAME = 0x800  # the zip flag that says a member's name is UTF-8
_ARABIC = re.compile("[\u0600-\u06ff]")
_ARABIC_CODE_PAGES = ("cp720", "cp1256")  # tried in this order: the DOS one is what Explorer writes


def zip_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name as its archiver wrote it. Without the UTF-8 flag, ``zipfile`` reads the
    name as DOS Latin (cp437), which garbles what most archivers store there: UTF-8 (Info-ZIP's
    ``zip`` on Linux and macOS) or, from Arabic Windows, the Arabic DOS code page (cp720: Explorer,
    7-Zip) or its Windows code page (cp1256: tools that write the system's "ANSI" names). Names that
    are none of these stay as ``zipfile`` reads them."""
    if info.flag_bits & _UTF8_NAME or info.filename.isascii():
        return info.filename
    # the bytes as stored: cp437 decodes every byte, reversibly
    return decoded_name(info.filename.encode("cp437")) or info.filename


def decoded_name(stored: bytes) -> str | None:
    """A file name's bytes read as UTF-8 or, failing that, as Arabic in one of Windows' code pages
    (None: neither)."""
    with contextlib.suppress(UnicodeDecodeError):
        return stored.decode("utf-8")
    for code_page in _ARABIC_CODE_PAGES:
        arabic = stored.decode(code_page, errors="replace")
        if all(_ARABIC.match(c) for c in arabic if not c.isascii()):
            return arabic
    return None


@dataclass(frozen=True)
class Member:
    """One file of an archive: its path (``ARCHIVE/NAME``) and how to open it (while the archive is
    being walked)."""

    path: Path
    open: Callable[[], AbstractContextManager[IO[bytes]]]


def members(archive: Path, raw: IO[bytes]) -> Generator[Member, None, None]:
    """The files of ``archive`` (open as ``raw``, its stored bytes) in archive order, directories,
    hidden files and links aside. A tar archive is read as a stream: each member must be read
    before the next is asked for. Raises :class:`ArchiveError` when it cannot be read."""
    try:
        if archive.name.lower().endswith(".zip"):
            with _seekable(raw) as data, zipfile.ZipFile(data) as zf:
                infos = [i for i in zf.infolist() if not i.is_dir() and kept(i.filename)]
                for info in infos:
                    yield Member(archive / zip_name(info), partial(zf.open, info))
        elif archive.name.lower().endswith((".7z", ".rar")):
            with _seekable(raw) as data:
                yield from _libarchive_members(archive, data)
        else:
            with tarfile.open(fileobj=raw, mode="r|*") as tf:
                for ti in tf:
                    if ti.isfile() and kept(ti.name):
                        yield Member(archive / ti.name, partial(_tar_member, tf, ti))
    except ArchiveError:
        raise
    except READ_ERRORS as exc:
        raise ArchiveError(f"unreadable archive: {exc}") from exc


@contextlib.contextmanager
def _seekable(raw: IO[bytes]) -> Iterator[IO[bytes]]:
    """``raw`` when it is a file on disk, else (a file of another archive: a stream) a temporary copy."""
    try:
        raw.fileno()
    except (OSError, AttributeError):
        pass
    else:
        yield raw
        return
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as copy:
        shutil.copyfileobj(raw, copy)
        copy.seek(0)
        yield copy


# libarchive reads RAR 4 and RAR 5 with two readers: the signature says which (one per archive)
_RAR_SIGNATURES = {b"Rar!\x1a\x07\x00": "rar", b"Rar!\x1a\x07\x01\x00": "rar5"}


def _libarchive_format(archive: Path, data: IO[bytes]) -> str:
    """libarchive's name of the reader for ``archive`` (a 7z, or a rar by its signature)."""
    if archive.suffix.lower() == ".7z":
        return "7zip"
    start = data.read(8)
    data.seek(0)
    for signature, name in _RAR_SIGNATURES.items():
        if start.startswith(signature):
            return name
    raise ArchiveError("unreadable archive: not a RAR archive")


def _libarchive_members(archive: Path, data: IO[bytes]) -> Iterator[Member]:
    """The files of a 7z or rar archive, in order, each to be read before the next (libarchive streams)."""
    kind = archive.suffix.lower()
    try:
        import libarchive  # the system library is needed only here: loaded when a 7z or rar is met
    except (ImportError, OSError) as exc:
        raise ArchiveError(f"reading {kind} needs the libarchive library (Debian: apt-get install "
                           f"libarchive-tools): {exc}") from exc
    try:
        with libarchive.stream_reader(data, format_name=_libarchive_format(archive, data)) as entries:
            for entry in entries:
                if entry.isfile and kept(entry.pathname):
                    blocks = entry.get_blocks()
                    yield Member(archive / entry.pathname, partial(io.BufferedReader, _Blocks(blocks)))
    except libarchive.ArchiveError as exc:
        raise ArchiveError(f"unreadable archive: {_libarchive_reason(exc)}") from exc


def _libarchive_reason(exc: Exception) -> str:
    return getattr(exc, "msg", None) or "damaged, or not the archive its name says"


class _Blocks(io.RawIOBase):
    """The blocks libarchive gives of one file, as a stream (its errors as :class:`ArchiveError`)."""

    def __init__(self, blocks: Iterator[bytes]) -> None:
        self._blocks, self._rest = blocks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._rest:
            try:
                self._rest = bytes(next(self._blocks, b""))
            except Exception as exc:  # libarchive.ArchiveError: a damaged file
                raise ArchiveError(f"unreadable archive: {_libarchive_reason(exc)}") from exc
            if not self._rest:
                return 0
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


def _tar_member(tf: tarfile.TarFile, ti: tarfile.TarInfo) -> IO[bytes]:
    fh = tf.extractfile(ti)
    if fh is None:  # not a regular file: members() yields none
        raise ArchiveError(f"{ti.name}: not a regular file")
    return fh


def locate(path: Path) -> tuple[Path, str] | None:
    """``(archive, name)`` when ``path`` names a file inside an archive file (``scrape.zip/a.jsonl``)."""
    for parent in path.parents:
        if is_archive(parent) and parent.is_file():
            return parent, path.relative_to(parent).as_posix()
    return None


@contextlib.contextmanager
def open_member(archive: Path, name: str) -> Iterator[IO[bytes]]:
    """One file of ``archive``, looked up by name (to read it again, e.g. for a re-run), also inside
    an archive in it (``2015.zip/okaz.jsonl``); raises :class:`ArchiveError`."""
    with open(archive, "rb") as raw, _open_in(archive, raw, name) as fh:
        yield fh


@contextlib.contextmanager
def _open_in(archive: Path, raw: IO[bytes], name: str) -> Iterator[IO[bytes]]:
    walk = members(archive, raw)  # kept open while the member is read (a tar is a stream)
    try:
        for member in walk:
            inner = member.path.relative_to(archive).as_posix()
            if inner == name:
                with member.open() as fh:
                    yield fh
                return
            if name.startswith(f"{inner}/") and is_archive(member.path):
                with member.open() as stream, _open_in(member.path, stream, name[len(inner) + 1 :]) as fh:
                    yield fh
                return
        raise ArchiveError(f"{name}: not in {archive}")
    finally:
        walk.close()
