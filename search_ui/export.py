"""Export records of search hits (CSV / JSON lines), shared by `akhbar export` and the UI download.

CSV is the same bytes from both: UTF-8 with a byte-order mark (so Excel reads the Arabic right),
CRLF line ends, lists joined with ``|``; a cell that a spreadsheet would run as a formula (a scraped
title that starts with ``=``, ``+``, ``-`` or ``@``) starts with ``'``, so it is shown as text (and
``akhbar index`` of the file takes it off again). JSON lines are plain UTF-8 (no BOM)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any, TextIO

from indexer.spreadsheets import as_text_cell
from search_ui.periods import hijri_of
from search_ui.results import SearchHit

CSV_ENCODING = "utf-8-sig"  # UTF-8 with BOM, for Excel
FORMATS = ("csv", "jsonl")
_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
COLUMNS = ["id", "ref", "title", "published", "published_hijri", "published_source", "crawled", "source", "url",
           "author", "actors", "topics", "dup_group", "dup_count", "excerpt"]


def export_format(name: str, fmt: str | None = None) -> str:
    """The format of an export to the file ``name``: ``fmt`` when given, else what the name ends with
    (``.jsonl``/``.ndjson``, ``.csv``, either before ``.gz``), else csv; JSON Lines for ``-`` (a
    pipe: ``akhbar index -`` reads it). A ``.json`` name without ``fmt`` is a ValueError: neither
    format is JSON."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ValueError("choose csv or jsonl")
        return fmt
    if name == "-":
        return "jsonl"
    suffixes = [s.lower() for s in PurePath(name).suffixes]
    if suffixes[-1:] == [".gz"]:
        suffixes.pop()
    last = suffixes[-1] if suffixes else ""
    if last == ".json":
        raise ValueError(f"{name}: an export is JSON Lines (.jsonl) or CSV (.csv), not a JSON document")
    return _SUFFIXES.get(last, "csv")


def columns(with_text: bool = False) -> list[str]:
    """The columns of an export, ``text`` (the article's full text) last when asked for."""
    return [*COLUMNS, "text"] if with_text else COLUMNS


def hit_row(hit: SearchHit, with_text: bool = False) -> dict[str, Any]:
    """A flat record of one hit (lists stay lists)."""
    row = {
        "id": hit.id,
        "ref": hit.ref,
        "title": hit.title,
        "published": hit.published,
        "published_hijri": hijri.isoformat() if (hijri := hijri_of(hit.published)) else None,  # 1436-10-05
        "published_source": hit.published_source,
        "crawled": hit.crawled,  # the reference for «أمس»: an export loaded again reads its dates alike
        "source": hit.source,
        "url": hit.url,
        "author": hit.author,
        "actors": list(hit.actors),
        "topics": list(hit.topics),
        "dup_group": hit.dup_group,
        "dup_count": hit.dup_count,
        "excerpt": hit.excerpt or None,  # a summary: loaded again, it is one still
    }
    if with_text:
        row["text"] = hit.text or ""
    return row


def write_csv(hits: Iterable[SearchHit], fh: TextIO, with_text: bool = False) -> int:
    """Write hits as CSV (lists joined with ``|``); returns how many rows were written."""
    writer = csv.DictWriter(fh, columns(with_text))
    writer.writeheader()
    count = 0
    for hit in hits:
        row = hit_row(hit, with_text)
        writer.writerow({k: as_text_cell("|".join(v) if isinstance(v, list) else v) for k, v in row.items()})
        count += 1
    return count


def csv_bytes(hits: Iterable[SearchHit], with_text: bool = False) -> bytes:
    """The CSV file of ``hits`` as bytes (what the UI offers for download), their text last if asked."""
    buf = io.StringIO(newline="")
    write_csv(hits, buf, with_text)
    return buf.getvalue().encode(CSV_ENCODING)


def write_jsonl(hits: Iterable[SearchHit], fh: TextIO, with_text: bool = False) -> int:
    """Write hits as JSON lines (UTF-8, not ASCII-escaped); returns how many were written."""
    count = 0
    for hit in hits:
        fh.write(json.dumps(hit_row(hit, with_text), ensure_ascii=False) + "\n")
        count += 1
    return count
