"""`akhbar index --dry-run`: read, clean and enrich the inputs without loading them (no engine needed),
and say what a load would get: documents, failures by kind, how many documents have each field."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console

from indexer.enrich import Enricher
from indexer.failures import FailureLog
from indexer.indexing import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    IndexJob,
    Reporter,
    job_inputs,
    print_failures,
)
from indexer.load import Summary, default_workers, prepare
from indexer.readers import Failure, ReadProgress, iter_files

# What a document may have, by the name a user knows it by: the scrape's fields, then enrichment.
FIELDS = {"title": "title_display", "body": "body_display", "url": "url", "source": "source", "author": "author",
          "crawled": "crawled"}
ENRICHED = {"date": "published", "actors": "actors", "topics": "topics"}
_COUNTED = (FIELDS | ENRICHED).items()


@dataclass
class Coverage:
    """How many of the documents built have each field, and where their dates came from."""

    documents: int = 0
    present: Counter[str] = field(default_factory=Counter)
    date_sources: Counter[str] = field(default_factory=Counter)

    def add(self, doc: dict[str, Any]) -> None:
        self.documents += 1
        self.present.update(name for name, key in _COUNTED if doc.get(key))
        if doc.get("published_source"):
            self.date_sources[doc["published_source"]] += 1

    def share(self, name: str) -> str:
        return f"{self.present[name] / max(self.documents, 1):.0%}"

    def lines(self, enriched: bool) -> list[str]:
        """``fields: title 100%  body 99% …`` and, after enrichment, ``enrichment: date 100% (text 31%, …)``."""
        out = ["fields: " + "  ".join(f"{name} {self.share(name)}" for name in FIELDS)]
        if enriched:
            sources = ", ".join(f"{source} {count / max(self.documents, 1):.0%}"
                                for source, count in self.date_sources.most_common())
            date = f"date {self.share('date')}" + (f" ({sources})" if sources else "")
            out.append("enrichment: " + "  ".join([date, *(f"{n} {self.share(n)}" for n in ("actors", "topics"))]))
        return out


def run_dry(job: IndexJob, out: Console, err: Console) -> int:
    """Build every document of ``job`` as a load would, load nothing; returns the exit code a load
    would have for the inputs (0 all good, 1 some failed, 2 usage error, 130 interrupted)."""
    found = job_inputs(job, err)
    if found is None:
        return EXIT_ERROR
    inputs, field_map = found
    started = time.monotonic()
    summary, coverage, reading = Summary(), Coverage(), ReadProgress(inputs)
    with FailureLog(job.failed, inputs) as failures, Reporter(err, reading, label="checking", done="built") as reporter:
        docs = prepare(iter_files(inputs, field_map, reading), Enricher() if job.enrich else None,
                       workers=default_workers() if job.workers < 0 else job.workers, source=job.source)
        try:
            for item in docs:
                summary.read += 1
                if isinstance(item, Failure):
                    summary.unbuilt(item, failures)
                else:
                    summary.created += 1
                    coverage.add(json.loads(item[1][1]))
                if summary.read % job.batch_size == 0:
                    reporter(summary)
        except KeyboardInterrupt:
            err.print(f"interrupted after {summary.read:,} articles; nothing was loaded", highlight=False)
            return EXIT_INTERRUPTED
        finally:
            docs.close()
    seconds = time.monotonic() - started
    out.print(f"dry run, nothing loaded: read {summary.read:,}  would index {summary.created:,}  "
              f"{summary.ending(seconds)}", highlight=False)
    for line in coverage.lines(job.enrich):
        out.print(line, highlight=False)
    print_failures(out, failures)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK
