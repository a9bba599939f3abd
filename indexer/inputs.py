"""Which files a load reads: the paths, folders (recursive) and globs given, by the types of file
a reader knows (their suffixes, compressed or not, and archives of them)."""

from __future__ import annotations

import bz2
import glob
import gzip
import io
import lzma
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from indexer import archives
from indexer.archives import ARCHIVE_SUFFIXES
from indexer.decoding import readable
from indexer.documents import DOCUMENT_SUFFIXES
from indexer.email_files import EMAIL_SUFFIXES, MBOX_SUFFIXES
from indexer.feeds import FEED_SUFFIXES
from indexer.markdown_text import MARKDOWN_SUFFIXES
from indexer.mhtml import MHTML_SUFFIXES
from indexer.spreadsheets import WORKBOOK_SUFFIXES
from indexer.warc import WARC_SUFFIXES

STDIN = "-"  # the path that reads JSON Lines from standard input
PAGE_SUFFIXES = (".html", ".htm", *MHTML_SUFFIXES)  # saved web pages
# a file may be compressed (a.jsonl.gz, page.html.xz): it is read through the decompressor of its last suffix
DECOMPRESSORS: dict[str, Callable[[IO[bytes]], io.BufferedIOBase]] = {
    ".gz": lambda raw: gzip.GzipFile(fileobj=raw, mode="rb"), ".bz2": bz2.BZ2File, ".xz": lzma.LZMAFile}
COMPRESSED_SUFFIXES = tuple(DECOMPRESSORS)
LINE_SUFFIXES = (".jsonl", ".ndjson", ".jl", ".jsonlines")  # JSON Lines (.jl: Scrapy's), read line by line
DATA_SUFFIXES = (*LINE_SUFFIXES, ".json", ".csv", ".tsv")
TEXT_SUFFIXES = (".txt", *DOCUMENT_SUFFIXES)  # an article's text, its headline found in it
ARTICLE_SUFFIXES = (*TEXT_SUFFIXES, *PAGE_SUFFIXES, *MARKDOWN_SUFFIXES, *EMAIL_SUFFIXES)  # one article a file
# a failure names its line, row, element, record or entry
NUMBERED_SUFFIXES = (*DATA_SUFFIXES, *WORKBOOK_SUFFIXES, *WARC_SUFFIXES, *FEED_SUFFIXES, *MBOX_SUFFIXES)
PLAIN_SUFFIXES = (*NUMBERED_SUFFIXES, *ARTICLE_SUFFIXES)
SUFFIXES = (*(s + c for s in PLAIN_SUFFIXES for c in COMPRESSED_SUFFIXES), *PLAIN_SUFFIXES, *ARCHIVE_SUFFIXES)
SUPPORTED = (".txt .md .docx .doc .odt .rtf .pdf .eml .mbox .html .htm .mhtml .mht .json .jsonl .ndjson .jl .csv .tsv "
             ".xlsx .xls .warc .arc .rss .atom .xml (also .gz .bz2 .xz), archives of them (.zip .7z .rar .tar .tgz …)")


class InputError(Exception):
    """An input path that does not exist or a pattern that matches no supported file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# a project's own documents in a scrape's folder (its scraper's README, LICENSE…): no articles
_PROJECT_DOCUMENTS = re.compile(r"(?:readme|changelog|license|licence|contributing|code_of_conduct)(?:\.[a-z]+)?")


def supported(path: Path) -> bool:
    """Whether ``path`` is of a type a load reads (by its name; a project's README, LICENSE… is not
    an article, unless it is named on its own)."""
    name = path.name.lower()
    return name.endswith(SUFFIXES) and not _PROJECT_DOCUMENTS.fullmatch(name)


def _walk(directory: Path) -> Iterator[Path]:
    """The supported files under ``directory``, sorted; hidden ones and macOS resource forks
    (``__MACOSX``, ``._name``) aside, as in archives. A broken link is one too: its failure says so."""
    for path in sorted(directory.rglob("*")):
        if (supported(path) and archives.kept(path.relative_to(directory).as_posix())
                and (path.is_file() or (path.is_symlink() and not path.exists()))):
            yield path


def skipped_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files in the directories among ``paths`` that are not read, being of another type (hidden ones aside)."""
    return [
        f
        for raw in paths
        if not glob.has_magic(str(raw)) and (folder := Path(raw)).is_dir()
        for f in sorted(folder.rglob("*"))
        if f.is_file() and not supported(f) and archives.kept(f.relative_to(folder).as_posix())
    ]


def some_names(files: list[Path], shown: int = 5) -> str:
    """"a.pdf, b.doc …": the first few file names of a list."""
    return ", ".join(readable(f.name) for f in files[:shown]) + (" …" if len(files) > shown else "")


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield input files from files, directories (recursive, sorted) and globs (a path that exists is
    taken as it is, brackets and all); each path once.

    Every argument is checked before the first file is yielded (:class:`InputError`).
    """
    seen: set[Path] = set()
    result: list[Path] = []
    for raw in paths:
        text = str(raw)
        found: list[Path]
        if text == STDIN:
            if sys.stdin is None or sys.stdin.isatty():
                raise InputError("-: nothing is piped in (standard input is a terminal): … | akhbar index -")
            found = [Path(STDIN)]
        elif glob.has_magic(text) and not Path(text).exists():  # "scrapes [2015]" is a folder, not a pattern
            found = []
            for match in sorted(glob.glob(text, recursive=True)):
                p = Path(match)
                found.extend(_walk(p) if p.is_dir() else [p] if supported(p) else [])
            if not found:
                raise InputError(f"{text}: pattern matches no supported file ({SUPPORTED})")
        else:
            p = Path(text)
            if not p.exists() and not p.is_symlink():  # a broken link is read: its failure says so
                raise InputError(f"{readable(text)}: no such file or directory")
            found = list(_walk(p)) if p.is_dir() else [p]
            if p.is_dir() and not found:
                others = skipped_files([p])
                skipped = f"; skipped: {some_names(others)}" if others else ""
                raise InputError(f"{text}: no supported file in this directory ({SUPPORTED}){skipped}")
        for path in found:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                result.append(path)
    yield from result


def uncompressed(name: str) -> str:
    """``a.jsonl`` for ``a.jsonl.gz``, ``a.jsonl.bz2``, ``a.jsonl.xz`` (``a.txt`` for ``a.txt.gz``…);
    other names as they are."""
    plain = Path(name)
    return plain.stem if plain.suffix in COMPRESSED_SUFFIXES else name
