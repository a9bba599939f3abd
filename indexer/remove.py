"""Deleting articles: every match of a search, and the duplicate groups the deleted leave behind."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from elasticsearch import Elasticsearch, helpers

from indexer.duplicates import regroup_stale
from search_ui.results import SearchHit

DELETE_BATCH = 1000


def delete_hits(es: Elasticsearch, index: str, hits: Iterable[SearchHit]) -> int:
    """Delete the articles of ``hits`` from ``index`` (an alias with one index behind it, or an
    index) and return how many were deleted. When one of them had copies, the groups it leaves are
    recomputed: the copies left may no longer be copies of each other."""
    had_copies = False

    def actions() -> Iterator[dict[str, Any]]:
        nonlocal had_copies
        for hit in hits:
            had_copies = had_copies or (hit.dup_count or 0) >= 2
            yield {"_op_type": "delete", "_index": index, "_id": hit.id}

    def settle() -> None:
        es.indices.refresh(index=index)
        if had_copies:
            regroup_stale(es, index)

    try:
        deleted, _ = helpers.bulk(es, actions(), chunk_size=DELETE_BATCH, stats_only=True, raise_on_error=False)
    except BaseException:  # cut short (Ctrl-C, the engine lost): the groups of what went are made right if possible
        with contextlib.suppress(Exception):
            settle()
        raise
    settle()
    return int(deleted)
