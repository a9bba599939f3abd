"""Streaming documents into Elasticsearch: bulk requests, retries, per-document outcomes."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch, helpers

from indexer.article import DocumentError, build_document
from indexer.enrich import Enricher
from indexer.failures import FailureLog
from indexer.readers import Failure, Record, failure_for


@dataclass
class Summary:
    """Counts shown during and after a load."""

    read: int = 0
    created: int = 0
    updated: int = 0
    failed: int = 0
    duplicates: int = 0

    @property
    def loaded(self) -> int:
        return self.created + self.updated


def prepare(items: Iterable[Record | Failure], enricher: Enricher) -> Iterator[tuple[Record, dict] | Failure]:
    """Build and enrich a document for each record; a record that cannot be built becomes a Failure."""
    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield item, enricher.apply(build_document(item))
        except DocumentError as exc:
            yield failure_for(item, str(exc))
        except Exception as exc:  # a bug must not lose the rest of the batch
            yield failure_for(item, f"internal error while processing: {type(exc).__name__}: {exc}")


def _error_reason(error: Any) -> str:
    if isinstance(error, dict):
        cause = error.get("caused_by") or {}
        reason = f"{error.get('type')}: {error.get('reason')}"
        return reason + (f" ({cause.get('type')}: {cause.get('reason')})" if cause else "")
    return str(error)


def load(
    es: Elasticsearch,
    index: str,
    prepared: Iterable[tuple[Record, dict] | Failure],
    failures: FailureLog,
    *,
    batch_size: int = 500,
    on_progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Send documents in bulk; every rejected document or unreadable input goes to ``failures``.

    429 answers are retried with exponential back-off (per document and per request); connection
    errors and 5xx are retried by the client's transport. A connection lost for good raises
    ``elasticsearch.ConnectionError`` after the documents acknowledged so far are counted."""
    summary = Summary()
    pending: dict[str, deque[Record]] = defaultdict(deque)

    def actions() -> Iterator[dict[str, Any]]:
        for item in prepared:
            summary.read += 1
            if isinstance(item, Failure):
                summary.failed += 1
                failures.write(item)
                continue
            record, doc = item
            doc_id = doc.pop("_id")
            pending[doc_id].append(record)
            yield {"_op_type": "index", "_index": index, "_id": doc_id, "_source": doc}

    results = helpers.streaming_bulk(
        es, actions(), chunk_size=batch_size, max_chunk_bytes=20 * 1024 * 1024,
        max_retries=5, initial_backoff=1, max_backoff=30,
        raise_on_error=False, raise_on_exception=False, yield_ok=True,
    )
    for ok, info in results:
        outcome = info.get("index", {})
        queue = pending.get(outcome.get("_id"))
        record = queue.popleft() if queue else None
        if queue is not None and not queue:
            del pending[outcome["_id"]]
        if ok:
            if outcome.get("result") == "created":
                summary.created += 1
            else:
                summary.updated += 1
        else:
            summary.failed += 1
            reason = f"rejected by Elasticsearch: {_error_reason(outcome.get('error'))}"
            if record is not None:
                failures.write(failure_for(record, reason))
        if on_progress and (summary.loaded + summary.failed) % batch_size == 0:
            on_progress(summary)
    if on_progress:
        on_progress(summary)
    return summary
