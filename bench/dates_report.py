"""Sanity report for indexer.dates over SaudiNewsNet: where publication dates come from.

Usage: python bench/dates_report.py [DIR]   (DIR defaults to ../shared/corpus/saudinewsnet
relative to the repo root). Runs extract_published twice over every article: with the crawl
time as the only fallback, and with the crawl day also given as `reference` (so relative
expressions such as "اليوم (الاثنين)" resolve). Prints shares, speed, the gap between text date
and crawl day, and a few examples per source.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from datetime import date

from corpus import load_corpus

from indexer.dates import Published, extract_published, find_dates


def run(articles: list[dict[str, str]], with_reference: bool) -> tuple[list[Published | None], float]:
    """extract_published over all articles; results and articles per second."""
    start = time.perf_counter()
    out = [
        extract_published(
            a.get("title") or "",
            a.get("content") or "",
            crawled=a.get("date_extracted"),
            reference=date.fromisoformat(a["date_extracted"][:10]) if with_reference else None,
        )
        for a in articles
    ]
    return out, len(articles) / (time.perf_counter() - start)


def evidence(article: dict[str, str], value: str, reference: date | None) -> str:
    """The first date expression in the article that gave `value`."""
    text = f"{article.get('title') or ''}\n{article.get('content') or ''}"
    for found in find_dates(text, reference):
        if found.value == value:
            return found.text
    return "?"


def report(articles: list[dict[str, str]], with_reference: bool, examples: int = 2) -> None:
    """Print shares, speed, day gaps and examples for one mode."""
    results, speed = run(articles, with_reference)
    total = len(articles)
    label = "crawl day as reference" if with_reference else "no reference (crawl time only as fallback)"
    print(f"\n== {label}: {total} articles, {speed:,.0f} articles/s")
    sources = Counter(r.source if r else "none" for r in results)
    for name in ("text", "metadata", "crawl", "none"):
        print(f"  {name:9s} {sources[name]:6d}  {100 * sources[name] / total:5.1f}%")
    gaps: Counter[str] = Counter()
    per_source: dict[str, list[int]] = {}
    for i, (article, result) in enumerate(zip(articles, results, strict=True)):
        per_source.setdefault(article.get("source", "?"), [0, 0])[result is not None and result.source == "text"] += 1
        if result is None or result.source != "text" or result.precision != "day":
            continue
        gap = (date.fromisoformat(article["date_extracted"][:10]) - date.fromisoformat(result.value)).days
        gaps["after crawl (!)" if gap < 0 else "0-2 days before" if gap <= 2 else "3-30 days" if gap <= 30
             else "31+ days before (check)"] += 1  # fmt: skip
        per_source[article.get("source", "?")].append(i)
    print("  text dates vs crawl day:", dict(gaps))
    print("  share from text per newspaper:")
    for name, (crawl, text, *_) in sorted(per_source.items(), key=lambda kv: -kv[1][1]):
        print(f"    {name:12s} {text:5d}/{crawl + text:<5d} {100 * text / (crawl + text):5.1f}%")
    rng = random.Random(0)
    print("  examples:")
    for name, (_, _, *indexes) in sorted(per_source.items()):
        for i in rng.sample(indexes, min(examples, len(indexes))):
            article, result = articles[i], results[i]
            assert result is not None
            ref = date.fromisoformat(article["date_extracted"][:10]) if with_reference else None
            print(
                f"    [{name}] {result.value} from «{evidence(article, result.value, ref)}»"
                f" | crawled {article['date_extracted'][:10]} | {article.get('title', '')[:60]}"
            )


def main(argv: list[str]) -> None:
    """Load the corpus and print both reports."""
    articles = load_corpus(argv, __doc__)
    first, speed = run(articles[:5000], with_reference=False)
    print(f"first {len(first)} articles (crawled= only): {speed:,.0f} articles/s")
    report(articles, with_reference=False)
    report(articles, with_reference=True)


if __name__ == "__main__":
    main(sys.argv)
