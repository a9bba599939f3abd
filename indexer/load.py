"""Streaming documents into Elasticsearch: bulk requests, retries, per-document outcomes."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from collections import defaultdict, deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from elasticsearch import Elasticsearch, helpers

from indexer.article import DocumentError, NotADocument, build_document
from indexer.enrich import Enricher
from indexer.failures import REJECTED, FailureLog
from indexer.outlets import outlet_key
from indexer.readers import Failure, Record, failure_for, read_document_record


@dataclass
class Summary:
    """Counts shown during and after a load."""

    read: int = 0
    created: int = 0
    updated: int = 0
    failed: int = 0
    skipped: int = 0  # inputs that are rightly no document (see :class:`NotADocument`)
    duplicates: int = 0
    kept: int = 0  # summaries and cut texts not loaded: the archive has the article (``Record.only_new``)
    summaries: int = 0  # summaries and cut texts loaded (the archive lacked the article): ``excerpt``

    def unbuilt(self, failure: Failure, failures: FailureLog) -> None:
        """Count an input that did not become a document, and log it."""
        if failure.skipped:
            self.skipped += 1
        else:
            self.failed += 1
        failures.write(failure)

    @property
    def loaded(self) -> int:
        return self.created + self.updated

    def ending(self, seconds: float) -> str:
        """The end of a summary line: ``failed N  [left out N  ][already stored N  ](12.3s, 840 docs/s)``."""
        left_out = f"left out {self.skipped:,}  " if self.skipped else ""
        kept = f"already stored {self.kept:,}  " if self.kept else ""
        return (f"failed {self.failed:,}  {left_out}{kept}"
                f"({seconds:,.1f}s, {self.read / max(seconds, 1e-6):,.0f} docs/s)")


# A document ready to send: its id and its source, already JSON (serialised where it was built, so
# worker processes hand back one bytes object instead of a dict of many strings).
Built = tuple[str, bytes]
Prepared = tuple[Record, Built] | Failure


def _dumps(doc: dict[str, Any]) -> bytes:
    """JSON exactly as the Elasticsearch client would serialise ``doc``."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_one(item: Record | Failure, enricher: Enricher | None, stamp: str | None = None,
              source: str | None = None) -> Built | Failure:
    """Build (and enrich, unless ``enricher`` is None) one document stamped ``indexed_at`` (the load it
    came with), of the outlet ``source`` when it names none and has no address; a bad record becomes
    a Failure."""
    if isinstance(item, Record) and item.document is not None:  # a PDF, a Word file: read here, in a worker
        item = read_document_record(item)
    if isinstance(item, Failure):
        return item
    try:
        doc = build_document(item)
        if source and not doc.get("source"):
            doc["source"] = outlet_key(source)
        if enricher:
            enricher.apply(doc)
        else:
            doc.pop("metadata_date", None)
        if stamp:
            doc["indexed_at"] = stamp
        doc_id = doc.pop("_id")
        return doc_id, _dumps(doc)
    except NotADocument as exc:
        return replace(failure_for(item, str(exc)), skipped=True)
    except DocumentError as exc:
        return failure_for(item, str(exc))
    except Exception as exc:  # a bug must not lose the rest of the batch
        return failure_for(item, f"internal error while processing: {type(exc).__name__}: {exc}")


def _paired(item: Record | Failure, built: Built | Failure) -> Prepared:
    if isinstance(built, Failure):
        return built
    assert isinstance(item, Record)  # a Failure item builds to itself
    return item, built


_worker_setup: tuple[Enricher | None, str | None, str | None] = (None, None, None)


def _build_chunk(chunk: list[Record | Failure]) -> list[Built | Failure]:
    return [build_one(item, *_worker_setup) for item in chunk]


def _leave_interrupts_to_the_parent() -> None:
    """Workers ignore Ctrl-C: the main process reports it and stops them (no traceback from each)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_workers() -> int:
    """Processes that build documents: one per core (the bulk sender mostly waits on the network)."""
    return os.cpu_count() or 2


def prepare(items: Iterable[Record | Failure], enricher: Enricher | None, *, stamp: str | None = None,
            workers: int = 0, chunk: int = 64, ahead: int = 1024, source: str | None = None
            ) -> Generator[Prepared, None, None]:
    """Documents for ``items`` in input order; with ``workers`` > 0, built in worker processes.

    About ``ahead`` documents (fewer of web pages and documents, given out in smaller chunks:
    :func:`_chunks`) are built ahead of the consumer (so workers keep going while a bulk request is
    out), and no more: memory stays flat however long the input. Records stay in this
    process (they are needed only to report a failure); workers return ids and JSON."""
    if workers <= 0:
        for item in items:
            yield _paired(item, build_one(item, enricher, stamp, source))
        return
    global _worker_setup
    _worker_setup = (enricher, stamp, source)  # inherited by the forked workers
    with multiprocessing.get_context("fork").Pool(workers, _leave_interrupts_to_the_parent) as pool:
        in_flight: deque = deque()

        def done() -> Iterator[Prepared]:
            part, result = in_flight.popleft()
            return map(_paired, part, result.get())

        for part in _chunks(items, chunk):
            in_flight.append((part, pool.apply_async(_build_chunk, (part,))))
            if len(in_flight) >= max(ahead // chunk, 4 * workers):
                yield from done()
        while in_flight:
            yield from done()


_CHUNK_BYTES = 1 << 18  # web pages a worker is given at once, in bytes (trafilatura: ~30 ms one of 300 KB)


def _chunks(items: Iterable[Record | Failure], size: int) -> Iterator[list[Record | Failure]]:
    """``items`` in chunks of ``size``, or fewer when they are web pages (their bytes up to
    :data:`_CHUNK_BYTES`) or documents (a chunk each: a PDF takes seconds), so that a folder of
    them is shared among the workers."""
    chunk: list[Record | Failure] = []
    weight = 0
    for item in items:
        chunk.append(item)
        if isinstance(item, Record):
            weight += _CHUNK_BYTES if item.document is not None else len(item.page or "")
        if len(chunk) >= size or weight >= _CHUNK_BYTES:
            yield chunk
            chunk, weight = [], 0
    if chunk:
        yield chunk


class WritesRefused(Exception):
    """Elasticsearch refuses every write to the index (a write block, a full disk…): nothing more can
    be loaded until that is fixed."""


def _error_reason(error: Any) -> str:
    if isinstance(error, dict):
        cause = error.get("caused_by") or {}
        reason = f"{error.get('type')}: {error.get('reason')}"
        return reason + (f" ({cause.get('type')}: {cause.get('reason')})" if cause else "")
    return str(error)


def load(
    es: Elasticsearch,
    index: str,
    prepared: Iterable[Prepared],
    failures: FailureLog,
    *,
    batch_size: int = 500,
    on_progress: Callable[[Summary], None] | None = None,
    summary: Summary | None = None,
) -> Summary:
    """Send documents in bulk; every rejected document or unreadable input goes to ``failures``.

    429 answers are retried with exponential back-off (per document and per request); connection
    errors and 5xx are retried by the client's transport. A connection lost for good raises
    ``elasticsearch.ConnectionError`` after the documents acknowledged so far are counted (in
    ``summary``, when the caller passes its own: it then also has the counts of an interrupted load);
    an index that refuses writes (a block) raises :class:`WritesRefused` at its first rejection."""
    summary = summary if summary is not None else Summary()
    pending: dict[str, deque[Record]] = defaultdict(deque)

    def actions() -> Iterator[dict[str, Any]]:
        for item in prepared:
            summary.read += 1
            if isinstance(item, Failure):
                summary.unbuilt(item, failures)
                continue
            record, (doc_id, source) = item
            pending[doc_id].append(record)
            # a summary never replaces a stored article: it is only created
            yield {"_op_type": "create" if record.only_new else "index", "_index": index, "_id": doc_id,
                   "_source": source}

    results = helpers.streaming_bulk(
        es, actions(), chunk_size=batch_size, max_chunk_bytes=20 * 1024 * 1024,
        max_retries=5, initial_backoff=1, max_backoff=30,
        raise_on_error=False, raise_on_exception=False, yield_ok=True,
    )
    for ok, info in results:
        outcome: dict[str, Any] = info.get("index") or info.get("create") or {}
        queue = pending.get(outcome.get("_id", ""))
        record = queue.popleft() if queue else None
        if queue is not None and not queue:
            del pending[outcome["_id"]]
        if ok:
            if outcome.get("result") == "created":
                summary.created += 1
                summary.summaries += record is not None and record.only_new
            else:
                summary.updated += 1
        elif record is not None and record.only_new and outcome.get("status") == 409:
            summary.kept += 1  # the archive has the article: its summary is not loaded over it
        else:
            summary.failed += 1
            error = outcome.get("error")
            detail = _error_reason(error)
            if record is not None:
                failures.write(failure_for(record, f"{REJECTED}: {detail}"))
            if isinstance(error, dict) and error.get("type") == "cluster_block_exception":
                raise WritesRefused(detail)
        if on_progress and (summary.loaded + summary.failed + summary.kept) % batch_size == 0:
            on_progress(summary)
    if on_progress:
        on_progress(summary)
    return summary
