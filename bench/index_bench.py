"""Indexing benchmark on SaudiNewsNet: akhbar's pipeline against a bare `helpers.bulk`, in one run.

    .venv/bin/python bench/index_bench.py [CORPUS_DIR] [--rounds 3]   # default ../shared/corpus/saudinewsnet

Prints documents/s for (a) `akhbar index --recreate` (read, clean, enrich, dedup, load), (b) the
same without enrichment (`--no-enrich`), (c) a bare `helpers.bulk` of the raw documents into the
same mapping, the ratios, and the peak RSS of the indexer for one day's file and for the whole
corpus (flat memory: it must not grow with the corpus); then a load of a folder of 5,000
one-article files and a second load of it that finds nothing new (what each file costs). The three
runs are repeated (``--rounds``) and medians reported, also of the per-round ratios (the order of the
runs alternates between rounds): on two cores shared with Elasticsearch single runs vary by 10-40%.
Figures are printed, never asserted."""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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


def akhbar_index(paths: list[Path], alias: str, *extra: str, recreate: bool = True, keep: bool = False
                 ) -> tuple[int, float, float]:
    """Run the real CLI; returns (documents read, seconds, peak RSS in MB of the indexer's process
    tree). The index is dropped after, unless ``keep``."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer", "index", *map(str, paths), "--index", alias,
         "--failed", f"/tmp/{alias}-failed.jsonl", *(["--recreate"] if recreate else []), *extra],
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
    if not keep:
        mappings.drop(client(), alias)
    return read, seconds, peak


def _lines(files: list[Path]) -> Iterator[str]:
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            yield from fh


def many_files(corpus: list[Path], alias: str, count: int = 5000) -> None:
    """A folder of ``count`` one-article .txt files (a scraper that writes a file per article): what
    each file costs a load, and a second load that finds nothing new (the ledger)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n, line in zip(range(count), _lines(corpus), strict=False):
            article = json.loads(line)
            (folder / f"{n:05d}.txt").write_text(f"{article['title']}\n\n{article['content']}", encoding="utf-8")
        written = len(list(folder.glob("*.txt")))
        read, first, _ = akhbar_index([folder], alias, keep=True)
        _, again, _ = akhbar_index([folder], alias, recreate=False)  # finds every file loaded
    print(f"a folder of {written:,} one-article files: {read / first:,.0f} docs/s ({first:.1f} s); "
          f"loaded again, nothing new: {again:.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the three runs; medians are reported")
    args = ap.parse_args()
    files = sorted(args.corpus.glob("*.jsonl.gz"))
    if not files:
        sys.exit(f"no *.jsonl.gz articles under {args.corpus}")
    print(f"corpus: {args.corpus} ({len(files)} files), {args.rounds} rounds")
    one_read, _one_s, one_rss = akhbar_index(files[:1], "bench-one-day")  # also warms the engine up
    runs: dict[str, list[float]] = {"full": [], "no-enrich": [], "bare": []}
    rss: list[float] = []
    counts: dict[str, int] = {}

    def run(kind: str) -> None:
        if kind == "full":
            counts[kind], seconds, peak = akhbar_index(files, "bench-full")
            rss.append(peak)
        elif kind == "no-enrich":
            counts[kind], seconds, _ = akhbar_index(files, "bench-no-enrich", "--no-enrich")
        else:
            counts[kind], seconds = bare_bulk(files, "bench-bare")
            print(f"  bare: {counts[kind]:,} docs in {seconds:.1f}s")
        runs[kind].append(seconds)

    for round_no in range(args.rounds):  # the order alternates so that a drifting machine favours no run
        for kind in ("full", "no-enrich", "bare") if round_no % 2 == 0 else ("bare", "no-enrich", "full"):
            run(kind)
    full_read, plain_read, bare_n = counts["full"], counts["no-enrich"], counts["bare"]
    full_s, plain_s, bare_s = (statistics.median(runs[k]) for k in ("full", "no-enrich", "bare"))
    rows = [
        ("(a) akhbar index (full pipeline)", full_read, runs["full"]),
        ("(b) akhbar index --no-enrich", plain_read, runs["no-enrich"]),
        ("(c) bare helpers.bulk of raw docs", bare_n, runs["bare"]),
    ]
    print(f"\n{'run':38} {'docs':>7} {'median s':>9} {'docs/s':>8}   all runs (s)")
    for name, n, secs in rows:
        med = statistics.median(secs)
        print(f"{name:38} {n:>7,} {med:>9.1f} {n / med:>8.0f}   " + " ".join(f"{x:.1f}" for x in secs))
    # per round, the runs measured minutes apart: steadier than ratios of medians when the machine drifts
    speed = [(full_read / f) / (bare_n / b) for f, b in zip(runs["full"], runs["bare"], strict=True)]
    extra = [100 * (f / p - 1) for f, p in zip(runs["full"], runs["no-enrich"], strict=True)]
    print(f"\nratio (a)/(c) docs/s: {(full_read / full_s) / (bare_n / bare_s):.2f} (of the medians); per round "
          + " ".join(f"{r:.2f}" for r in speed) + f", median {statistics.median(speed):.2f}  (target >= 0.80)")
    print(f"enrichment adds {100 * (full_s / plain_s - 1):.0f}% to indexing time (of the medians); per round "
          + " ".join(f"{e:.0f}%" for e in extra) + f", median {statistics.median(extra):.0f}%  (target <= 25%)")
    print(f"peak RSS of the indexer: {one_rss:.0f} MB for one day ({one_read:,} docs), "
          f"{max(rss):.0f} MB for the corpus ({full_read:,} docs)")
    many_files(files, "bench-many-files")


if __name__ == "__main__":
    main()
