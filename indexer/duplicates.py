"""Grouping exact and near-duplicate articles (the same wire story republished by several outlets).

Each document carries ``content_hash`` (exact body) and ``minhash_bands`` (LSH bands of its word
shingles). After a load, documents sharing a hash or a band are joined into groups (union-find);
every member gets the same ``dup_group`` and the group size as ``dup_count``. Nothing is dropped.
Memory is bounded by the number of duplicated documents, not by the size of the index."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from elasticsearch import Elasticsearch, helpers

MAX_MEMBERS = 100  # documents fetched per shared hash/band; larger clusters are boilerplate, not stories


def _shared_values(es: Elasticsearch, index: str, field: str) -> set[str]:
    """Values of ``field`` held by two or more (and at most MAX_MEMBERS) documents."""
    card = es.search(index=index, size=0, aggs={"n": {"cardinality": {"field": field}}})["aggregations"]["n"]
    partitions = max(1, math.ceil(card["value"] / 40000))
    shared: set[str] = set()
    for part in range(partitions):
        resp = es.search(index=index, size=0, aggs={"v": {"terms": {
            "field": field, "min_doc_count": 2, "size": 60000,
            "include": {"partition": part, "num_partitions": partitions},
        }}})
        shared.update(b["key"] for b in resp["aggregations"]["v"]["buckets"] if b["doc_count"] <= MAX_MEMBERS)
    return shared


def _members(es: Elasticsearch, index: str, shared: dict[str, set[str]]) -> Iterator[list[str]]:
    """For each shared value, the ids of the documents that hold it."""
    holders: dict[str, list[str]] = {}
    for field, values in shared.items():
        ordered = sorted(values)
        for start in range(0, len(ordered), 10000):
            query = {"terms": {field: ordered[start:start + 10000]}}
            for hit in helpers.scan(es, index=index, query={"query": query}, _source=[field], size=2000):
                value = hit["_source"].get(field)
                for v in value if isinstance(value, list) else [value]:
                    if v in values:
                        holders.setdefault(f"{field}:{v}", []).append(hit["_id"])
    yield from holders.values()


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


def group_duplicates(es: Elasticsearch, index: str) -> int:
    """Recompute ``dup_group``/``dup_count`` for the whole index; returns the number of extra copies."""
    es.indices.refresh(index=index)
    shared = {field: _shared_values(es, index, field) for field in ("content_hash", "minhash_bands")}
    groups = _groups(_members(es, index, shared))
    wanted = {doc_id: (root, len(members)) for root, members in groups.items() for doc_id in members}
    current = {
        hit["_id"]: (hit["_source"].get("dup_group"), hit["_source"].get("dup_count"))
        for hit in helpers.scan(es, index=index, query={"query": {"exists": {"field": "dup_group"}}},
                                _source=["dup_group", "dup_count"])
    }
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
    return sum(len(members) - 1 for members in groups.values())


def loaded_in_groups(es: Elasticsearch, index: str, stamp: str) -> int:
    """How many documents of the load stamped ``stamp`` (``indexed_at``) have at least one copy."""
    query = {"bool": {"filter": [{"term": {"indexed_at": stamp}}, {"range": {"dup_count": {"gte": 2}}}]}}
    return int(es.count(index=index, query=query)["count"])
