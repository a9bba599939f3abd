"""The input files a load read in full without a failure, per index: a later load of the same index
skips each of them while it is unchanged (same size and modification time, read the same way).

The ledger is an index of its own (``akhbar-ledger``; AKHBAR_LEDGER names another), one entry per
file and index, keyed by the index's UUID: an index deleted and created again under the same name
has no loaded files. A file that had a failure, a failures file (its entries are other files'
articles) and standard input are never entered: a re-run reads them again."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any, TypeVar

from elasticsearch import Elasticsearch, helpers

from indexer.config import settings
from indexer.inputs import STDIN
from indexer.readers import Failure, Record

LOOKUP_BATCH = 1000  # entries asked for in one request (a load of many thousand files)
_MAPPING = {
    "dynamic": False,
    "properties": {
        "alias": {"type": "keyword"},
        "index": {"type": "keyword"},
        "index_uuid": {"type": "keyword"},
        "path": {"type": "keyword"},
        "loaded_at": {"type": "date"},
    },
}

Item = TypeVar("Item", bound=Record | Failure)
States = dict[Path, tuple[Path, dict[str, Any]]]  # input file: its real path and its state when read


def reading(field_map: Path | None, enrich: bool, source: str | None = None) -> str:
    """How files are read into documents: akhbar's version, the field map's content, enrichment on
    or off, the outlet given to articles that name none. A file read another way since is read again."""
    mapped = hashlib.sha1(field_map.read_bytes()).hexdigest() if field_map else "-"
    given = f"; source {source}" if source else ""
    return f"akhbar {version('akhbar')}; fields {mapped}; enrich {'on' if enrich else 'off'}{given}"


def ledger_index() -> str:
    """The ledger's index: ``akhbar-ledger``, or AKHBAR_LEDGER's."""
    return settings().akhbar_ledger


def _entry_id(index_uuid: str, path: Path) -> str:
    return hashlib.sha1(index_uuid.encode() + b"\0" + os.fsencode(path)).hexdigest()


def index_uuid(es: Elasticsearch, index: str) -> str:
    """The UUID of ``index`` (or of the index behind an alias): a new one for an index created again
    under its name."""
    found = es.indices.get_settings(index=index, name="index.uuid")
    return str(next(iter(found.values()))["settings"]["index"]["uuid"])


def snapshot(inputs: list[Path], how: str) -> States:
    """Each input file's real path and state before it is read (size, modification time, ``how``
    it is read): a file a scraper appends to during the load is noted as it was, so the next load
    reads it again."""
    states: States = {}
    for path in inputs:
        with contextlib.suppress(OSError):  # gone since it was listed: its reading fails and says so
            if str(path) != STDIN:
                real = path.resolve()
                stat = real.stat()
                states[path] = real, {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "reading": how}
    return states


def loaded_before(es: Elasticsearch, index: str, states: States) -> set[Path]:
    """The files of ``states`` (:func:`snapshot`) loaded into ``index`` before, cleanly, and unchanged since."""
    ledger = ledger_index()
    if not states or not es.indices.exists(index=ledger):
        return set()
    uuid = index_uuid(es, index)
    files = list(states)
    ids = [_entry_id(uuid, states[p][0]) for p in files]
    found = [doc for start in range(0, len(ids), LOOKUP_BATCH)
             for doc in es.mget(index=ledger, ids=ids[start : start + LOOKUP_BATCH])["docs"]]
    before = set()
    for path, doc in zip(files, found, strict=True):
        kept = doc.get("_source") if doc.get("found") else None
        state = states[path][1]
        if kept and {k: kept.get(k) for k in state} == state:
            before.add(path)
    return before


def files_loaded(es: Elasticsearch, index: str) -> int:
    """How many input files are noted as loaded into ``index`` (or the index behind an alias)."""
    ledger = ledger_index()
    if not es.indices.exists(index=ledger):
        return 0
    return int(es.count(index=ledger, query={"term": {"index_uuid": index_uuid(es, index)}})["count"])


@dataclass
class Origins:
    """The files the articles and failures of a load came from (``path`` of each item)."""

    paths: set[str]

    def watch(self, items: Iterable[Item]) -> Iterator[Item]:
        """``items`` as they are, each one's file noted."""
        for item in items:
            self.paths.add(item.path)
            yield item


def _input_of(path: str, names: set[str]) -> str | None:
    """Which of the input files ``names`` an item's ``path`` is, or is inside (``scrape.zip/day.jsonl``)."""
    while path not in names:
        if "/" not in path:
            return None
        path = path.rsplit("/", 1)[0]
    return path


def clean_inputs(inputs: list[Path], origins: set[str], failed: set[str]) -> list[Path]:
    """The inputs read in full without a failure: some article or left-out item came from the file
    itself (a failures file's entries come from other files), and no failure did."""
    names = {str(p) for p in inputs} - {STDIN}
    produced = {_input_of(o, names) for o in origins}
    failing = {_input_of(f, names) for f in failed}
    return [p for p in inputs if str(p) in produced and str(p) not in failing]


def remember(es: Elasticsearch, alias: str, index: str, files: list[Path], states: States) -> None:
    """Enter ``files`` as loaded into ``index`` (behind ``alias``) in the state they were read in
    (:func:`snapshot`); entries of the alias's earlier indices (before a ``--recreate``) are dropped."""
    ledger = ledger_index()
    if not es.indices.exists(index=ledger):  # 400: made meanwhile by a load beside this one
        es.options(ignore_status=400).indices.create(
            index=ledger, mappings=_MAPPING, settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"})
    uuid = index_uuid(es, index)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    actions = [
        {"_index": ledger, "_id": _entry_id(uuid, real), "alias": alias, "index": index,
         "index_uuid": uuid, "path": os.fsencode(real).decode("utf-8", "replace"), "loaded_at": now, **state}
        for real, state in (states[p] for p in files if p in states)
    ]
    earlier = {"bool": {"filter": [{"term": {"alias": alias}}], "must_not": [{"term": {"index_uuid": uuid}}]}}
    stale = helpers.scan(es, index=ledger, query={"query": earlier}, _source=False)
    drops = [{"_op_type": "delete", "_index": ledger, "_id": hit["_id"]} for hit in stale]
    helpers.bulk(es, [*actions, *drops], chunk_size=2000)  # (no delete-by-query on every node)
    es.indices.refresh(index=ledger)  # once: waiting for one per chunk took 20 s for 5,000 files
