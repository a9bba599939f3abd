"""`akhbar stats`: what is in an index."""

from __future__ import annotations

from elasticsearch import Elasticsearch, NotFoundError
from rich.console import Console
from rich.table import Table

from indexer import ledger
from indexer.enrich import current_rules
from indexer.outlets import outlet_and_key
from indexer.reenrich import outdated_note, outdated_query

RECENT_LOADS = 5  # loads `akhbar stats` lists, the newest first


def collect(es: Elasticsearch, alias: str, rules: str) -> dict:
    """Count, size on disk, publication/crawl date range, top sources and enrichment coverage of
    ``alias``, and how many of its articles were enriched by other ``rules`` than the current ones."""
    count = es.count(index=alias)["count"]
    size = es.indices.stats(index=alias, metric="store")["_all"]["primaries"]["store"]["size_in_bytes"]
    aggs = es.search(
        index=alias, size=0,
        aggs={
            "published": {"stats": {"field": "published", "format": "yyyy-MM-dd"}},
            "crawled": {"stats": {"field": "crawled", "format": "yyyy-MM-dd HH:mm:ss"}},
            "loads": {"terms": {"field": "indexed_at", "size": RECENT_LOADS, "order": {"_key": "desc"},
                                "format": "yyyy-MM-dd HH:mm:ss"}},
            "no_date": {"missing": {"field": "published"}},
            "sources": {"terms": {"field": "source", "size": 15}},
            "no_source": {"missing": {"field": "source"}},
            "dups": {"filter": {"range": {"dup_count": {"gte": 2}}}},
            "excerpts": {"filter": {"term": {"excerpt": True}}},
            "date_sources": {"terms": {"field": "published_source", "size": 5}},
            "with_actors": {"filter": {"exists": {"field": "actors"}}},
            "with_topics": {"filter": {"exists": {"field": "topics"}}},
            "outdated": {"filter": outdated_query(rules)},
        },
    )["aggregations"]
    return {
        "count": count,
        "size_bytes": size,
        "published": (aggs["published"].get("min_as_string"), aggs["published"].get("max_as_string")),
        "crawled": (aggs["crawled"].get("min_as_string"), aggs["crawled"].get("max_as_string")),
        "loads": [(b["key_as_string"], b["doc_count"]) for b in aggs["loads"]["buckets"]],  # the newest first
        "files_loaded": ledger.files_loaded(es, alias),
        "no_date": aggs["no_date"]["doc_count"],
        "in_duplicate_groups": aggs["dups"]["doc_count"],
        "excerpts": aggs["excerpts"]["doc_count"],
        "sources": [(b["key"], b["doc_count"]) for b in aggs["sources"]["buckets"]],
        "no_source": aggs["no_source"]["doc_count"],
        "date_sources": [(b["key"], b["doc_count"]) for b in aggs["date_sources"]["buckets"]],
        "with_actors": aggs["with_actors"]["doc_count"],
        "with_topics": aggs["with_topics"]["doc_count"],
        "outdated": aggs["outdated"]["doc_count"],
    }


def print_stats(es: Elasticsearch, alias: str, console: Console) -> None:
    """Print :func:`collect` as a short report."""
    try:
        s = collect(es, alias, current_rules())
    except NotFoundError:
        console.print(f"index {alias!r} does not exist yet: load articles with `akhbar index PATH`", highlight=False)
        return
    console.print(f"index      {alias}", highlight=False)
    console.print(f"documents  {s['count']:,}  ({s['size_bytes'] / 1e6:,.1f} MB)", highlight=False)
    console.print(f"published  {s['published'][0] or '-'} → {s['published'][1] or '-'}  "
                  f"(no date: {s['no_date']:,})", highlight=False)
    console.print(f"crawled    {s['crawled'][0] or '-'} → {s['crawled'][1] or '-'}", highlight=False)
    last = s["loads"][0][0] if s["loads"] else "-"
    console.print(f"loaded     last {last} UTC  ({s['files_loaded']:,} input files noted as loaded)",
                  highlight=False)
    if len(s["loads"]) > 1:  # each load's start and the articles it wrote (those a later one rewrote aside)
        width = max(len(f"{count:,}") for _, count in s["loads"])
        for n, (stamp, count) in enumerate(s["loads"]):
            console.print(f"{'' if n else 'recent':<11}{stamp} UTC  {count:>{width},} articles", highlight=False)
    console.print(f"in duplicate groups  {s['in_duplicate_groups']:,}", highlight=False)
    if s["excerpts"]:
        console.print(f"summaries only       {s['excerpts']:,}  (a summary or the start of the text, a feed's "
                      "or an API's: the full text is at the source)", highlight=False)

    def share(n: int) -> str:
        return f"{n / max(s['count'], 1):.0%}"

    dated = ", ".join(f"{source} {share(n)}" for source, n in s["date_sources"])
    console.print(f"enrichment dates from {dated or '-'}; actors {share(s['with_actors'])}, "
                  f"topics {share(s['with_topics'])}", highlight=False)
    if s["outdated"]:
        console.print(f"outdated   {outdated_note(s['outdated'])}", highlight=False)
    table = Table("source", "articles", title="top sources", title_justify="left")
    for key, n in s["sources"]:
        table.add_row(outlet_and_key(key), f"{n:,}")
    if s["no_source"]:
        table.add_row("(none recorded)", f"{s['no_source']:,}")
    console.print(table)
