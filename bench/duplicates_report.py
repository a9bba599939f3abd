"""The duplicate groups of an index: how many, how large, how many days they span, the largest ones
for a human to read; and the hand-judged pairs of ``bench/duplicates_handcheck.yaml``: of the pairs
judged the same story, how many share a group, and of those judged different stories, how many do.

Usage: python bench/duplicates_report.py [INDEX]   (default: snn, SaudiNewsNet loaded whole:
``akhbar index ../shared/corpus/saudinewsnet/*.jsonl.gz --index snn``). Reads the groups as stored;
``--regroup`` computes them again first (the whole index, as a load that rebuilt it would).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import yaml
from corpus import article_key, engine_with
from elasticsearch import helpers

from indexer.dates import as_date
from indexer.duplicates import STORY_DAYS, group_duplicates

HANDCHECK = Path(__file__).with_name("duplicates_handcheck.yaml")


def main(argv: list[str]) -> None:
    if any(a in ("-h", "--help") for a in argv[1:]):
        print(__doc__)
        return
    names = [a for a in argv[1:] if not a.startswith("--")]
    index = names[0] if names else "snn"
    es = engine_with(index)
    if "--regroup" in argv:
        start = time.perf_counter()
        group_duplicates(es, index)
        print(f"regrouped the whole index in {time.perf_counter() - start:.1f} s")
    fields = ["url", "title", "source", "published", "dup_group"]
    hits = helpers.scan(es, index=index, query={"query": {"match_all": {}}}, _source=fields)
    docs = {hit["_id"]: hit["_source"] for hit in hits}
    members: dict[str, list[str]] = {}
    for doc_id, doc in docs.items():
        if doc.get("dup_group"):
            members.setdefault(doc["dup_group"], []).append(doc_id)
    sizes = Counter(min(len(m), 11) for m in members.values())
    print(f"{sum(map(len, members.values()))} of {len(docs)} articles in {len(members)} groups; by size: "
          + "  ".join(f"{'11+' if n == 11 else n}: {sizes[n]}" for n in sorted(sizes)))
    spans = {group: [d for d in (as_date(docs[i].get("published") or "") for i in m) if d]
             for group, m in members.items()}
    wide = [g for g, days in spans.items() if days and (max(days) - min(days)).days > STORY_DAYS]
    print(f"groups spanning more than {STORY_DAYS} days of publication: {len(wide)} (copies of one text)")
    print("\nthe five largest groups:")
    for group in sorted(members, key=lambda g: (-len(members[g]), g))[:5]:
        print(f"  {len(members[group])} articles:")
        for doc_id in sorted(members[group], key=lambda i: (docs[i].get("published") or "", i))[:8]:
            doc = docs[doc_id]
            title = (doc.get("title") or "")[:70]
            print(f"    {doc.get('published') or '-':10s} {doc.get('source') or '':12s} {title}")
    key_of = {article_key(doc["url"]): doc_id for doc_id, doc in docs.items() if doc.get("url")}
    print(f"\nhand-judged pairs ({HANDCHECK.name}):")
    for sample, pairs in yaml.safe_load(HANDCHECK.read_text(encoding="utf-8")).items():
        counts: Counter[tuple[bool, bool]] = Counter()
        for a, b, same in pairs:
            if a in key_of and b in key_of:
                group = docs[key_of[a]].get("dup_group")
                counts[(same, bool(group) and group == docs[key_of[b]].get("dup_group"))] += 1
        together = counts[(True, True)], counts[(True, True)] + counts[(True, False)]
        apart = counts[(False, False)], counts[(False, False)] + counts[(False, True)]
        print(f"  {sample:8s} same story, one group: {together[0]}/{together[1]}   "
              f"different stories, apart: {apart[0]}/{apart[1]}")


if __name__ == "__main__":
    main(sys.argv)
