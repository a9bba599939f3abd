"""Sanity report for indexer.dates over SaudiNewsNet: where publication dates come from.

Usage: python bench/dates_report.py [DIR]   (DIR defaults to ../shared/corpus/saudinewsnet
relative to the repo root). Runs extract_published twice over every article: with the crawl
time as the only fallback, and with the crawl day also given as `reference` (so relative
expressions such as "اليوم (الاثنين)" resolve). Prints shares, speed, the gap between text date
and crawl day, and a few examples per source; then checks the dates found in the text against the
day the outlet wrote into the address, where it did (three of SaudiNewsNet's outlets).
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from datetime import date

from corpus import load_corpus

from indexer.dates import Published, extract_published, find_dates
from indexer.url_dates import date_in_url


def run(articles: list[dict[str, str]], with_reference: bool) -> tuple[list[Published | None], float]:
    """extract_published over all articles; results and articles per second."""
    start = time.perf_counter()
    out = [
        extract_published(
            a.get("title") or "",
            a.get("content") or "",
            url=a.get("url"),
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
    for name in ("metadata", "url", "text", "crawl", "none"):
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


def against_address(articles: list[dict[str, str]]) -> None:
    """The text's dates (the address left out) against the day in the address, where there is one."""
    days: Counter[str] = Counter()
    for a in articles:
        crawled = date.fromisoformat(a["date_extracted"][:10])
        in_url = date_in_url(a.get("url") or "", crawled)
        if in_url is None or in_url.precision != "day":
            continue
        found = extract_published(a.get("title") or "", a.get("content") or "", crawled=a["date_extracted"],
                                  reference=crawled)
        if found is None or found.source != "text" or found.precision != "day":
            days["no day in the text"] += 1
        else:
            gap = (date.fromisoformat(found.value) - date.fromisoformat(in_url.value)).days
            days["the same day" if gap == 0 else f"{gap:+d} day(s)"] += 1
    total = sum(days.values())
    print(f"\n== the text's day against the address's, {total} articles dated in their address")
    for name, count in days.most_common():
        print(f"  {name:20s} {count:6d}  {100 * count / total:5.1f}%")


def main(argv: list[str]) -> None:
    """Load the corpus and print both reports."""
    articles = load_corpus(argv, __doc__)
    first, speed = run(articles[:5000], with_reference=False)
    print(f"first {len(first)} articles (crawled= only): {speed:,.0f} articles/s")
    report(articles, with_reference=False)
    report(articles, with_reference=True)
    against_address(articles)


if __name__ == "__main__":
    main(sys.argv)
