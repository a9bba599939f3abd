"""Grouping exact and near-duplicate articles (the same wire story republished by several outlets).

Each document carries ``content_hash`` (exact body) and ``minhash_bands`` (LSH bands of its word
shingles). After a load, documents sharing a hash or a band are joined into groups: every member
gets the same ``dup_group`` and the group size as ``dup_count``. Nothing is dropped. Copies of one
text are always one group; near copies join strongest first (the most keys shared), unless the group
would then span more than :data:`STORY_DAYS` days of publication: the statements a ministry words
alike each time (an execution, a king's congratulations, the day's weather) share a band or two
from one day to the next, and joined link by link they made one group of a month's different news.

A load that rebuilt the index regroups everything; a load into an existing archive regroups only
what its documents (stamped ``indexed_at``) reach: the documents sharing a key with them, the
groups those already belong to, and the groups an article rewritten by the load (or deleted) left,
whose members no longer number their ``dup_count``; all of those are grouped again by their keys.
Memory is bounded by the number of duplicated documents, not by the size of the index."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import combinations
from typing import Any, NamedTuple

from elasticsearch import Elasticsearch, helpers

from indexer.dates import as_date

MAX_MEMBERS = 100  # documents fetched per shared hash/band; larger clusters are boilerplate, not stories
KEY_FIELDS = ("content_hash", "minhash_bands")
STORY_DAYS = 3  # a story's near copies are published within this many days of each other
_PARTITION = 40_000  # terms per aggregation request
_BATCH = 10_000  # values per terms query


def _partitions(es: Elasticsearch, index: str, field: str, query: dict[str, Any]) -> int:
    card = es.search(index=index, size=0, query=query, aggs={"n": {"cardinality": {"field": field}}})
    return max(1, math.ceil(card["aggregations"]["n"]["value"] / _PARTITION))


def _terms(es: Elasticsearch, index: str, field: str, query: dict[str, Any], min_count: int,
           sub: dict[str, Any] | None = None) -> Iterator[dict]:
    """Buckets of ``field`` over the documents of ``query`` holding a value at least ``min_count`` times
    (with the sub-aggregations ``sub``)."""
    partitions = _partitions(es, index, field, query)
    for part in range(partitions):
        terms: dict[str, Any] = {"terms": {
            "field": field, "min_doc_count": min_count, "size": 60_000,
            "include": {"partition": part, "num_partitions": partitions},
        }}
        resp = es.search(index=index, size=0, query=query, aggs={"v": {**terms, "aggs": sub} if sub else terms})
        yield from resp["aggregations"]["v"]["buckets"]


def _shared_values(es: Elasticsearch, index: str, field: str) -> set[str]:
    """Values of ``field`` held by two or more (and at most MAX_MEMBERS) documents."""
    return {b["key"] for b in _terms(es, index, field, {"match_all": {}}, 2) if b["doc_count"] <= MAX_MEMBERS}


def _shared(es: Elasticsearch, index: str, field: str, values: Iterable[str]) -> set[str]:
    """Those of ``values`` of ``field`` held by two or more (and at most MAX_MEMBERS) documents."""
    shared: set[str] = set()
    ordered = sorted(values)
    for start in range(0, len(ordered), _BATCH):
        batch = ordered[start : start + _BATCH]
        resp = es.search(index=index, size=0, query={"terms": {field: batch}}, aggs={"v": {"terms": {
            "field": field, "min_doc_count": 2, "size": len(batch), "include": batch,
        }}})
        shared.update(b["key"] for b in resp["aggregations"]["v"]["buckets"] if b["doc_count"] <= MAX_MEMBERS)
    return shared


def _shared_with_load(es: Elasticsearch, index: str, field: str, stamp: str) -> set[str]:
    """Values of ``field`` held by a document of the load ``stamp`` and by another document."""
    return _shared(es, index, field, (b["key"] for b in _terms(es, index, field, {"term": {"indexed_at": stamp}}, 1)))


def _stale_groups(es: Elasticsearch, index: str) -> set[str]:
    """Groups whose members no longer number their ``dup_count``: a member was deleted, or rewritten
    (a rewritten article comes back without its group) since they were grouped."""
    said = {"said": {"min": {"field": "dup_count"}}}
    buckets = _terms(es, index, "dup_group", {"exists": {"field": "dup_group"}}, 1, said)
    return {b["key"] for b in buckets if b["doc_count"] != b["said"]["value"]}


def _scan_terms(es: Elasticsearch, index: str, field: str, values: Iterable[str], source: list[str]) -> Iterator[dict]:
    """Documents whose ``field`` holds one of ``values`` (queried in batches)."""
    ordered = sorted(values)
    for start in range(0, len(ordered), _BATCH):
        query = {"terms": {field: ordered[start:start + _BATCH]}}
        yield from helpers.scan(es, index=index, query={"query": query}, _source=source, size=2000)


class Candidate(NamedTuple):
    """A document as grouping sees it."""

    keys: tuple[str, ...]  # ``field:value`` of each of its keys
    day: date | None  # published, to the day
    dup: tuple[Any, Any]  # its (dup_group, dup_count) as stored


_SOURCE = [*KEY_FIELDS, "published", "dup_group", "dup_count"]


def _candidate(source: dict[str, Any]) -> Candidate:
    keys = []
    for field in KEY_FIELDS:
        value = source.get(field)
        keys += [f"{field}:{v}" for v in (value if isinstance(value, list) else [value] if value else [])]
    day = as_date(source.get("published") or "")
    return Candidate(tuple(keys), day, (source.get("dup_group"), source.get("dup_count")))


def _fetch(es: Elasticsearch, index: str, field: str, values: Iterable[str]) -> dict[str, Candidate]:
    """The documents whose ``field`` holds one of ``values``."""
    return {hit["_id"]: _candidate(hit["_source"]) for hit in _scan_terms(es, index, field, values, _SOURCE)}


def _span(first: date | None, last: date | None) -> int:
    return (last - first).days if first and last else 0


def cluster(docs: dict[str, Candidate], keys: set[str]) -> dict[str, list[str]]:
    """Groups of ``docs`` (by their first id: its members) joined by the ``keys`` they share: copies of
    one text first, then near copies, those sharing the most keys first, unless the group would then
    span more than STORY_DAYS days (or the days its copies already span). Pure; the same documents
    give the same groups in any order."""
    holders: dict[str, list[str]] = {}
    for doc_id in sorted(docs):
        for key in docs[doc_id].keys:
            if key in keys:
                holders.setdefault(key, []).append(doc_id)
    shared: Counter[tuple[str, str]] = Counter()
    copies: set[tuple[str, str]] = set()
    for key, ids in holders.items():
        for pair in combinations(ids, 2):
            shared[pair] += 1
            if key.startswith("content_hash:"):
                copies.add(pair)
    parent = {doc_id: doc_id for doc_id in docs}
    days: dict[str, tuple[date | None, date | None]] = {doc_id: (doc.day, doc.day) for doc_id, doc in docs.items()}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in sorted(shared, key=lambda pair: (pair not in copies, -shared[pair], pair)):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        first = min((d for d in (days[ra][0], days[rb][0]) if d), default=None)
        last = max((d for d in (days[ra][1], days[rb][1]) if d), default=None)
        if (a, b) not in copies and _span(first, last) > max(STORY_DAYS, _span(*days[ra]), _span(*days[rb])):
            continue
        root, other = min(ra, rb), max(ra, rb)
        parent[other], days[root] = root, (first, last)
    groups: dict[str, list[str]] = {}
    for doc_id in sorted(docs):
        groups.setdefault(find(doc_id), []).append(doc_id)
    return {root: members for root, members in groups.items() if len(members) > 1}


def group_duplicates(es: Elasticsearch, index: str, stamp: str | None = None) -> None:
    """Recompute ``dup_group``/``dup_count``: for the whole index, or, with ``stamp``, for what the
    documents of that load reach and the groups a deletion or a rewrite left stale."""
    es.indices.refresh(index=index)
    if stamp is not None and es.count(index=index)["count"] == es.count(
            index=index, query={"term": {"indexed_at": stamp}})["count"]:
        stamp = None  # the load is the whole index
    if stamp is None:
        _regroup(es, index, None)
    else:
        _regroup(es, index, {field: _shared_with_load(es, index, field, stamp) for field in KEY_FIELDS})


def regroup_stale(es: Elasticsearch, index: str) -> None:
    """Recompute the groups that deleted articles left (see :func:`group_duplicates`)."""
    es.indices.refresh(index=index)
    _regroup(es, index, {field: set() for field in KEY_FIELDS})


def _values(docs: Iterable[Candidate], known: set[str] | None = None) -> dict[str, set[str]]:
    """The key values of ``docs`` by field, those in ``known`` left out."""
    out: dict[str, set[str]] = {field: set() for field in KEY_FIELDS}
    for doc in docs:
        for key in doc.keys:
            if known is None or key not in known:
                field, value = key.split(":", 1)
                out[field].add(value)
    return out


def _regroup(es: Elasticsearch, index: str, shared: dict[str, set[str]] | None) -> None:
    """Group the whole index (``shared`` None), or the documents holding the ``shared`` key values, the
    groups they are in and the stale groups, all grouped again by their keys."""
    whole = shared is None
    docs: dict[str, Candidate] = {}
    stale: set[str] = set()
    if shared is None:
        shared = {field: _shared_values(es, index, field) for field in KEY_FIELDS}
    else:
        stale = _stale_groups(es, index)
        docs = _fetch(es, index, "dup_group", stale)
        for field, values in _values(docs.values()).items():
            shared[field] |= _shared(es, index, field, values)
    for field, values in shared.items():
        docs.update(_fetch(es, index, field, values))
    keys = {f"{field}:{value}" for field, values in shared.items() for value in values}
    if not whole:  # the groups reached, whole, and what their members' other keys join them to
        docs.update(_fetch(es, index, "dup_group", {doc.dup[0] for doc in docs.values() if doc.dup[0]} - stale))
        for field, values in _values(docs.values(), keys).items():
            keys |= {f"{field}:{value}" for value in _shared(es, index, field, values)}
    groups = cluster(docs, keys)
    wanted = {doc_id: (root, len(members)) for root, members in groups.items() for doc_id in members}
    if whole:
        query = {"query": {"exists": {"field": "dup_group"}}}
        hits = helpers.scan(es, index=index, query=query, _source=["dup_group", "dup_count"])
        current = {hit["_id"]: _candidate(hit["_source"]).dup for hit in hits}
    else:
        current = {doc_id: doc.dup for doc_id, doc in docs.items()}
    updates = [
        {"_op_type": "update", "_index": index, "_id": doc_id, "doc": {"dup_group": group, "dup_count": count}}
        for doc_id, (group, count) in wanted.items() if current.get(doc_id) != (group, count)
    ] + [
        {"_op_type": "update", "_index": index, "_id": doc_id, "doc": {"dup_group": None, "dup_count": None}}
        for doc_id in current.keys() - wanted.keys() if current[doc_id] != (None, None)
    ]
    if updates:
        helpers.bulk(es, updates, chunk_size=1000, raise_on_error=False)
        es.indices.refresh(index=index)


def loaded_in_groups(es: Elasticsearch, index: str, stamp: str) -> int:
    """How many documents of the load stamped ``stamp`` (``indexed_at``) have at least one copy."""
    query = {"bool": {"filter": [{"term": {"indexed_at": stamp}}, {"range": {"dup_count": {"gte": 2}}}]}}
    return int(es.count(index=index, query=query)["count"])
