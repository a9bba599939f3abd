"""Helpers for the search tests: which seed a document is, whatever id the real pipeline gave it.

The data come only from the shared conftest fixtures ``es`` and ``seeded_alias`` (the five
seeds + a SaudiNewsNet sample, loaded and enriched by the real ``akhbar index`` pipeline)."""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch

ALL_SEEDS = frozenset({"000", "001", "002", "003", "004"})

# A sentence found in one seed only: identifies the seed whatever id the pipeline gave it.
SEED_MARKERS = {
    "000": "14 من تشرين الأول",
    "001": "تقوض روح أستانة",
    "002": "بعيد ميلاده",
    "003": "إبراهيم قالن",
    "004": "معاذ الراوي",
}


def seed_of(doc: dict[str, Any]) -> str | None:
    """Which seed (``"000"``…``"004"``) a document's ``_source`` is, or None."""
    text = " ".join(" ".join(str(doc.get(k) or "") for k in ("title_display", "body_display")).split())
    found = [seed for seed, marker in SEED_MARKERS.items() if marker in text]
    return found[0] if len(found) == 1 else None


def seeds_in(es: Elasticsearch, index: str, ids: list[str]) -> set[str]:
    """The seeds among documents ``ids`` of ``index``."""
    if not ids:
        return set()
    docs = es.mget(index=index, ids=ids, source=["title_display", "body_display"])["docs"]
    return {s for d in docs if d.get("found") and (s := seed_of(d["_source"]))}


def seed_ids(es: Elasticsearch, index: str) -> dict[str, str]:
    """Seed → document id in ``index``; asserts each seed was indexed exactly once."""
    phrases = [
        {"multi_match": {"query": marker, "type": "phrase", "fields": ["title.exact", "body.exact"]}}
        for marker in SEED_MARKERS.values()
    ]
    resp = es.search(index=index, query={"bool": {"should": phrases}}, size=100,
                     source=["title_display", "body_display"])  # fmt: skip
    ids: dict[str, list[str]] = {}
    for hit in resp["hits"]["hits"]:
        if seed := seed_of(hit["_source"]):
            ids.setdefault(seed, []).append(hit["_id"])
    assert set(ids) == ALL_SEEDS and all(len(v) == 1 for v in ids.values()), ids
    return {seed: found[0] for seed, found in ids.items()}
