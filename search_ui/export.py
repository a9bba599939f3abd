"""Export records of search hits (CSV / JSON lines), shared by `akhbar export` and the UI download."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from search_ui.query import SearchHit

COLUMNS = ["id", "ref", "title", "published", "source", "url", "author", "actors", "topics", "dup_group", "dup_count"]


def hit_row(hit: SearchHit) -> dict[str, Any]:
    """A flat record of one hit (lists stay lists)."""
    return {
        "id": hit.id,
        "ref": hit.ref,
        "title": hit.title,
        "published": hit.published,
        "source": hit.source,
        "url": hit.url,
        "author": hit.author,
        "actors": list(hit.actors),
        "topics": list(hit.topics),
        "dup_group": hit.dup_group,
        "dup_count": hit.dup_count,
    }


def write_csv(hits: Iterable[SearchHit], fh: TextIO) -> int:
    """Write hits as CSV (lists joined with ``|``); returns how many rows were written."""
    writer = csv.DictWriter(fh, COLUMNS)
    writer.writeheader()
    count = 0
    for hit in hits:
        row = hit_row(hit)
        writer.writerow({k: "|".join(v) if isinstance(v, list) else v for k, v in row.items()})
        count += 1
    return count


def write_jsonl(hits: Iterable[SearchHit], fh: TextIO) -> int:
    """Write hits as JSON lines (UTF-8, not ASCII-escaped); returns how many were written."""
    count = 0
    for hit in hits:
        fh.write(json.dumps(hit_row(hit), ensure_ascii=False) + "\n")
        count += 1
    return count
