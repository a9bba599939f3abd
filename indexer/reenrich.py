"""Enrichment of documents already in the index: re-apply it (new gazetteer, rules) and list unknown actors."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

from elasticsearch import Elasticsearch, helpers

from indexer.actors import Gazetteer
from indexer.enrich import Enricher

_FIELDS = ["title", "body", "url", "crawled", "published", "published_source"]


def reenrich(es: Elasticsearch, alias: str, enricher: Enricher, *, batch_size: int = 500,
             on_progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Recompute dates, actors and topics of every stored document from its stored text.

    A date that came from the scrape's metadata is kept as metadata. Returns (updated, failed)."""

    def updates() -> Iterator[dict[str, Any]]:
        for hit in helpers.scan(es, index=alias, query={"query": {"match_all": {}}}, _source=_FIELDS, size=1000):
            src = hit["_source"]
            metadata = src.get("published") if src.get("published_source") == "metadata" else None
            fields = enricher.fields(src.get("title") or "", src.get("body") or "", url=src.get("url"),
                                     metadata_date=metadata, crawled=src.get("crawled"))
            yield {"_op_type": "update", "_index": hit["_index"], "_id": hit["_id"], "doc": fields}

    done = failed = 0
    for ok, _ in helpers.streaming_bulk(es, updates(), chunk_size=batch_size, max_retries=5,
                                        raise_on_error=False, raise_on_exception=False):
        done, failed = done + ok, failed + (not ok)
        if on_progress and (done + failed) % batch_size == 0:
            on_progress(done + failed)
    es.indices.refresh(index=alias)
    return done, failed


_MARKED = re.compile(r"<mark>(.+?)</mark>")
_ABD_JOINED = re.compile(r"(?<!\S)عبد(?=ال)")


def written_forms(es: Elasticsearch, alias: str, names: list[str]) -> dict[str, str]:
    """How each candidate (a folded key: ``القاعده``) is written in an article that has it (``القاعدة``),
    as it would go into the gazetteer; one request for all."""
    if not names:
        return {}
    fields = ["title.exact", "body.exact"]
    searches: list[dict[str, Any]] = []
    for name in names:
        spellings = {name, _ABD_JOINED.sub("عبد ", name)}  # tokenizing joined "عبد الكريم" into one key
        phrases = [{"multi_match": {"query": s, "type": "phrase", "fields": fields}} for s in spellings]
        searches += [{"index": alias}, {
            "size": 1, "_source": False,
            "query": {"bool": {"filter": [{"term": {"actor_candidates": name}}],
                               "should": phrases, "minimum_should_match": 1}},
            "highlight": {"pre_tags": ["<mark>"], "post_tags": ["</mark>"],
                          "fields": {f: {"number_of_fragments": 1, "fragment_size": 20} for f in fields}},
        }]
    forms: dict[str, str] = {}
    for name, resp in zip(names, es.msearch(searches=searches)["responses"], strict=True):
        hits = resp.get("hits", {}).get("hits") or [{}]
        marked = [m for fragments in (hits[0].get("highlight") or {}).values() for f in fragments
                  for m in _MARKED.findall(f)]
        if marked:
            forms[name] = html.unescape(marked[0])
    return forms


def unknown_candidates(es: Elasticsearch, alias: str, gazetteer: Gazetteer, top: int = 50) -> list[tuple[str, int]]:
    """The most frequent unknown-name candidates (articles mentioning each) not resolved by the gazetteer."""
    resp = es.search(index=alias, size=0,
                     aggs={"c": {"terms": {"field": "actor_candidates", "size": max(4 * top, 200)}}})
    buckets = resp["aggregations"]["c"]["buckets"]
    return [(b["key"], b["doc_count"]) for b in buckets if gazetteer.unknown([b["key"]])][:top]
