"""Grouping exact and near-duplicate articles (the same wire story republished by several outlets).

Each document carries ``content_hash`` (exact body) and ``minhash_bands`` (LSH bands of its word
shingles). After a load, documents sharing a hash or a band are joined into groups (union-find);
every member gets the same ``dup_group`` and the group size as ``dup_count``. Nothing is dropped.

A load that rebuilt the index regroups everything; a load into an existing archive regroups only
what its documents (stamped ``indexed_at``) reach: the documents sharing a key with them and the
groups those already belong to, and the groups an article rewritten by the load (or deleted) left,
whose members no longer number their ``dup_count``: those are linked again by their keys. Memory is
bounded by the number of duplicated documents, not by the size of the index."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

from elasticsearch import Elasticsearch, helpers

MAX_MEMBERS = 100  # documents fetched per shared hash/band; larger clusters are boilerplate, not stories
KEY_FIELDS = ("content_hash", "minhash_bands")
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


def _members(es: Elasticsearch, index: str, shared: dict[str, set[str]]) -> tuple[list[list[str]], set[str]]:
    """For each shared value, the ids of the documents that hold it; and the groups those are in."""
    holders: dict[str, list[str]] = {}
    groups: set[str] = set()
    for field, values in shared.items():
        for hit in _scan_terms(es, index, field, values, [field, "dup_group"]):
            value = hit["_source"].get(field)
            for v in value if isinstance(value, list) else [value]:
                if v in values:
                    holders.setdefault(f"{field}:{v}", []).append(hit["_id"])
            if hit["_source"].get("dup_group"):
                groups.add(hit["_source"]["dup_group"])
    return list(holders.values()), groups


def _group_members(es: Elasticsearch, index: str, groups: set[str]) -> list[list[str]]:
    """The ids of the members of each existing group in ``groups``."""
    by_group: dict[str, list[str]] = {}
    for hit in _scan_terms(es, index, "dup_group", groups, ["dup_group"]):
        by_group.setdefault(hit["_source"]["dup_group"], []).append(hit["_id"])
    return list(by_group.values())


def _groups(id_lists: Iterable[list[str]]) -> dict[str, list[str]]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ids in id_lists:
        root = find(ids[0])
        for other in ids[1:]:
            r = find(other)
            if r != root:
                parent[max(r, root)] = min(r, root)
                root = min(r, root)
    groups: dict[str, list[str]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return {root: members for root, members in groups.items() if len(members) > 1}


def _current(hits: Iterable[dict]) -> dict[str, tuple[Any, Any]]:
    return {hit["_id"]: (hit["_source"].get("dup_group"), hit["_source"].get("dup_count")) for hit in hits}


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


def _regroup(es: Elasticsearch, index: str, shared: dict[str, set[str]] | None) -> None:
    """Group the whole index (``shared`` None), or the documents holding the ``shared`` key values, the
    groups they are in, and the members of stale groups, regrouped by their keys."""
    whole = shared is None
    stale: set[str] = set()
    stale_members: set[str] = set()
    if shared is None:
        shared = {field: _shared_values(es, index, field) for field in KEY_FIELDS}
    else:  # a stale group's members are linked again by their keys, not by the group they were in
        stale = _stale_groups(es, index)
        keys: dict[str, set[str]] = {field: set() for field in KEY_FIELDS}
        for hit in _scan_terms(es, index, "dup_group", stale, list(KEY_FIELDS)):
            stale_members.add(hit["_id"])
            for field in KEY_FIELDS:
                value = hit["_source"].get(field)
                keys[field].update(value if isinstance(value, list) else [value] if value else [])
        for field, values in keys.items():
            shared[field] |= _shared(es, index, field, values)
    id_lists, reached_groups = _members(es, index, shared)
    if not whole:  # the groups already formed stay whole: their other members join in
        id_lists += _group_members(es, index, reached_groups - stale)
    groups = _groups(id_lists)
    wanted = {doc_id: (root, len(members)) for root, members in groups.items() for doc_id in members}
    dup_fields = ["dup_group", "dup_count"]
    if whole:
        query = {"query": {"exists": {"field": "dup_group"}}}
        current = _current(helpers.scan(es, index=index, query=query, _source=dup_fields))
    else:
        current = _current(_scan_terms(es, index, "_id", wanted.keys() | stale_members, dup_fields))
    updates = [
        {"_op_type": "update", "_index": index, "_id": doc_id, "doc": {"dup_group": group, "dup_count": count}}
        for doc_id, (group, count) in wanted.items() if current.get(doc_id) != (group, count)
    ] + [
        {"_op_type": "update", "_index": index, "_id": doc_id, "doc": {"dup_group": None, "dup_count": None}}
        for doc_id in current.keys() - wanted.keys()
    ]
    if updates:
        helpers.bulk(es, updates, chunk_size=1000, raise_on_error=False)
        es.indices.refresh(index=index)


def loaded_in_groups(es: Elasticsearch, index: str, stamp: str) -> int:
    """How many documents of the load stamped ``stamp`` (``indexed_at``) have at least one copy."""
    query = {"bool": {"filter": [{"term": {"indexed_at": stamp}}, {"range": {"dup_count": {"gte": 2}}}]}}
    return int(es.count(index=index, query=query)["count"])
