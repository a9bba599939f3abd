"""Indexing benchmark on SaudiNewsNet: akhbar's pipeline against a bare `helpers.bulk`, in one run.

    .venv/bin/python bench/index_bench.py [CORPUS_DIR]      # default ../shared/corpus/saudinewsnet

Prints documents/s for (a) `akhbar index --recreate` (read, clean, enrich, dedup, load), (b) the
same without enrichment (`--no-enrich`), (c) a bare `helpers.bulk` of the raw documents into the
same mapping, the ratios, and the peak RSS of the indexer for one day's file and for the whole
corpus (flat memory: it must not grow with the corpus). Figures are printed, never asserted."""

from __future__ import annotations

import contextlib
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import psutil
from corpus import DEFAULT_CORPUS
from elasticsearch import helpers

from indexer import mappings
from indexer.es import client


def bare_bulk(files: list[Path], alias: str) -> tuple[int, float]:
    """Raw SaudiNewsNet fields straight into the mapping (no cleaning, no enrichment)."""
    es = client(timeout=120)
    mappings.drop(es, alias)
    index = mappings.ensure_index(es, alias)

    def actions():
        for path in files:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    a = json.loads(line)
                    yield {"_index": index, "_id": a["url"][:500], "_source": {
                        "title": a["title"], "body": a["content"], "source": a["source"], "url": a["url"],
                        "crawled": a["date_extracted"],
                    }}

    started = time.perf_counter()
    count, _ = helpers.bulk(es, actions(), chunk_size=500, raise_on_error=False)
    es.indices.refresh(index=index)
    seconds = time.perf_counter() - started
    mappings.drop(es, alias)
    return count, seconds


def akhbar_index(paths: list[Path], alias: str, *extra: str) -> tuple[int, float, float]:
    """Run the real CLI; returns (documents read, seconds, peak RSS in MB of the indexer's process tree)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer", "index", *map(str, paths), "--index", alias, "--recreate",
         "--failed", f"/tmp/{alias}-failed.jsonl", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    tree, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, sum(p.memory_info().rss for p in [tree, *tree.children(recursive=True)]))
        time.sleep(0.2)
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    peak /= 1024 * 1024
    summary = " ".join(stdout.split()) if stdout.strip() else stderr[-500:]
    print(f"  {alias}: {summary}")
    read = int(summary.split()[1].replace(",", "")) if summary.startswith("read") else 0
    mappings.drop(client(), alias)
    return read, seconds, peak


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    files = sorted(corpus.glob("*.jsonl.gz"))
    print(f"corpus: {corpus} ({len(files)} files)")
    one_read, _one_s, one_rss = akhbar_index(files[:1], "bench-one-day")
    full_read, full_s, full_rss = akhbar_index(files, "bench-full")
    plain_read, plain_s, _ = akhbar_index(files, "bench-no-enrich", "--no-enrich")
    bare_n, bare_s = bare_bulk(files, "bench-bare")
    rows = [
        ("(a) akhbar index (full pipeline)", full_read, full_s),
        ("(b) akhbar index --no-enrich", plain_read, plain_s),
        ("(c) bare helpers.bulk of raw docs", bare_n, bare_s),
    ]
    print(f"\n{'run':38} {'docs':>7} {'seconds':>8} {'docs/s':>8}")
    for name, n, s in rows:
        print(f"{name:38} {n:>7,} {s:>8.1f} {n / s:>8.0f}")
    print(f"\nratio (a)/(c) docs/s: {(full_read / full_s) / (bare_n / bare_s):.2f}  (target >= 0.80)")
    print(f"enrichment adds {100 * (full_s / plain_s - 1):.0f}% to indexing time  (target <= 25%)")
    print(f"peak RSS of the indexer: {one_rss:.0f} MB for one day ({one_read:,} docs), "
          f"{full_rss:.0f} MB for the corpus ({full_read:,} docs)")


if __name__ == "__main__":
    main()
