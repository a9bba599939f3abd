"""One `akhbar index` run: inputs → documents → Elasticsearch, with progress, summary and exit code."""

from __future__ import annotations

import contextlib
import signal
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from elasticsearch import ApiError, Elasticsearch, TransportError
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from indexer import ledger, mappings
from indexer.duplicates import group_duplicates, loaded_in_groups
from indexer.enrich import Enricher
from indexer.es import describe
from indexer.failures import FailureLog, unwritable
from indexer.field_map import FieldMap
from indexer.inputs import SUPPORTED, InputError, expand_paths, skipped_files, some_names
from indexer.load import Summary, WritesRefused, default_workers, load, prepare
from indexer.readers import ReadProgress, iter_files
from indexer.reenrich import outdated, outdated_note
from indexer.terminal import error_line

EXIT_OK, EXIT_SOME_FAILED, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for a Ctrl-C
_RERUN = "Re-run the same command to finish: loading is idempotent (no duplicates)."


@dataclass(frozen=True)
class IndexJob:
    paths: list[str]
    alias: str
    recreate: bool = False
    batch_size: int = 500
    failed: Path = Path("akhbar-failed.jsonl")
    field_map: Path | None = None
    enrich: bool = True
    workers: int = -1  # -1: default_workers()
    again: bool = False  # read files loaded before even when unchanged (see :mod:`indexer.ledger`)
    source: str | None = None  # the outlet of articles that name none and have no address


class Reporter:
    """A progress bar with percentage and time left on a terminal; a plain log line every few seconds
    otherwise. Progress is measured in bytes of the input files read (:class:`ReadProgress`)."""

    def __init__(self, console: Console, reading: ReadProgress, *, label: str = "indexing",
                 done: str = "loaded") -> None:
        self.console, self.reading, self.label, self.done = console, reading, label, done
        self.started = time.monotonic()
        self.last = 0.0
        self.progress: Progress | None = None
        if console.is_terminal:
            self.progress = Progress(
                TextColumn(label, style="bold", markup=False), BarColumn(bar_width=None, pulse_style="cyan"),
                TaskProgressColumn(), TextColumn("{task.fields[stats]}"), TimeElapsedColumn(),
                TextColumn("left"), TimeRemainingColumn(), console=console, transient=True,
            )
            self.task = self.progress.add_task("index", total=reading.total or None, stats="")

    def rate(self, summary: Summary) -> float:
        return summary.read / max(time.monotonic() - self.started, 1e-6)

    def __call__(self, summary: Summary) -> None:
        stats = f"{summary.loaded:,} {self.done}  {summary.failed:,} failed  {self.rate(summary):,.0f} docs/s"
        if self.progress:
            self.progress.update(self.task, completed=self.reading.done, stats=stats)
        elif time.monotonic() - self.last >= 5:
            self.last = time.monotonic()
            share = f"{self.reading.done / self.reading.total:.0%} of the input, " if self.reading.total else ""
            self.console.print(f"{self.label}: {share}{summary.read:,} read, {stats}", highlight=False)

    def __enter__(self) -> Reporter:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress:
            self.progress.stop()


def _print_summary(console: Console, summary: Summary, seconds: float, failures: FailureLog) -> None:
    console.print(
        f"read {summary.read:,}  indexed {summary.created:,}  updated {summary.updated:,}  "
        f"duplicates {summary.duplicates:,}  {summary.ending(seconds)}",
        highlight=False,
    )
    if summary.summaries:
        console.print(f"summaries only: {summary.summaries:,} of the articles indexed are a summary or the start of "
                      "their text (the full text is at the source; loaded in full later, it replaces them)",
                      highlight=False)
    if summary.kept:
        console.print(f"not loaded: {summary.kept:,} summaries or cut texts of articles the archive has already",
                      highlight=False)
    print_failures(console, failures)


def print_failures(console: Console, failures: FailureLog, shown: int = 5) -> None:
    """Where the failures are, how to retry them, and their most common kinds; what was left out."""
    def where(count: int, locations: list[str]) -> str:  # the only one, or the first few
        return f"({'e.g. ' if count > len(locations) else ''}{', '.join(locations)})"

    for kind, count in failures.skipped.most_common():
        console.print(f"left out {count:,} × {kind} {where(count, failures.skipped_at[kind])}", highlight=False)
    if not failures.count:
        return
    console.print(f"failures written to {failures.path} (fix and re-run: akhbar index {failures.path})",
                  highlight=False)
    for kind, count in failures.kinds.most_common(shown):
        console.print(f"  {count:,} × {kind} {where(count, failures.failed_at[kind])}", highlight=False)
    if len(failures.kinds) > shown:
        console.print(f"  … {len(failures.kinds) - shown} other kind(s)", highlight=False)


def job_inputs(job: IndexJob, err: Console) -> tuple[list[Path], FieldMap | None] | None:
    """The input files and field map of ``job`` (noting files of other types that are skipped), or
    None after a one-line error."""
    try:
        inputs = list(expand_paths(job.paths))
        field_map = FieldMap.from_file(job.field_map) if job.field_map else None
    except (InputError, OSError, ValueError) as exc:
        error_line(str(exc), err)
        return None
    if problem := unwritable(job.failed):
        error_line(f"--failed: {problem}", err)
        return None
    skipped = skipped_files(job.paths)
    if skipped:
        err.print(f"note: {len(skipped):,} file(s) of other types skipped: {some_names(skipped)} "
                  f"(read: {SUPPORTED})", highlight=False)
    return inputs, field_map


def run_index(job: IndexJob, es: Elasticsearch, out: Console, err: Console) -> int:
    """Run one load and return its exit code (0 all loaded, 1 some failed, 2 usage/connection error,
    130 interrupted)."""
    found = job_inputs(job, err)
    if found is None:
        return EXIT_ERROR
    inputs, field_map = found
    started = time.monotonic()
    stamp = datetime.now(UTC).isoformat(timespec="milliseconds")  # marks this load's documents
    enricher = Enricher() if job.enrich else None  # loads its data before any index is created
    try:
        target = (mappings.create_version(es, job.alias, loading=True) if job.recreate
                  else mappings.ensure_index(es, job.alias))
    except (ApiError, TransportError, ValueError) as exc:
        error_line(str(exc) if isinstance(exc, ValueError) else describe(exc), err)
        return EXIT_ERROR
    states = ledger.snapshot(inputs, ledger.reading(job.field_map, job.enrich, job.source))
    inputs = _not_loaded_before(es, job, target, inputs, states, err)
    if not inputs:
        out.print("nothing new to load: every file was loaded before and is unchanged since", highlight=False)
        _note_outdated(es, job.alias, enricher, err)
        return EXIT_OK
    summary, live = Summary(), not job.recreate  # live: ``target`` is the index behind the alias
    reading, origins = ReadProgress(inputs), ledger.Origins(set())
    with FailureLog(job.failed, inputs) as failures, Reporter(err, reading) as reporter:
        docs = prepare(origins.watch(iter_files(inputs, field_map, reading)), enricher, stamp=stamp,
                       workers=default_workers() if job.workers < 0 else job.workers, source=job.source)
        try:
            load(es, target, docs, failures, batch_size=job.batch_size, on_progress=reporter, summary=summary)
            if job.recreate:
                mappings.loaded(es, target)
                mappings.point_alias(es, job.alias, target)
                live = True
            # what this load's articles reach, and the groups an article rewritten by it has left
            group_duplicates(es, job.alias, stamp)
            summary.duplicates = loaded_in_groups(es, job.alias, stamp)
        except TransportError as exc:
            error_line(describe(exc), err)
            err.print(f"the load stopped part-way; documents already acknowledged are stored. {_RERUN}",
                      highlight=False)
            print_failures(err, failures)
            return EXIT_ERROR
        except WritesRefused as exc:
            error_line(f"Elasticsearch refuses writes to {target}: {exc}", err)
            err.print(f"nothing more can be loaded until that is fixed (a write block, a full disk…). {_RERUN}",
                      highlight=False)
            print_failures(err, failures)
            return EXIT_ERROR
        except KeyboardInterrupt:
            interrupted = True
        else:
            interrupted = False
        finally:
            docs.close()  # stops the worker processes now, however the load ended
    if interrupted:
        return _interrupted(es, job, target, summary, live, failures, err)
    try:
        ledger.remember(es, job.alias, target, ledger.clean_inputs(inputs, origins.paths, failures.paths), states)
    except (ApiError, TransportError) as exc:
        err.print(f"note: the files of this load could not be noted as loaded ({describe(exc)}): "
                  "the next load reads them again", highlight=False)
    _print_summary(out, summary, time.monotonic() - started, failures)
    _note_outdated(es, job.alias, enricher, err)
    return EXIT_SOME_FAILED if summary.failed else EXIT_OK


def _note_outdated(es: Elasticsearch, alias: str, enricher: Enricher | None, err: Console) -> None:
    """Say so when articles stored before were enriched by other rules than this load's."""
    if enricher is None:
        return
    try:
        count = outdated(es, alias, enricher.rules)
    except (ApiError, TransportError):
        return  # a note only: the load itself is done
    if count:
        err.print(f"note: {outdated_note(count)}", highlight=False)


def _not_loaded_before(es: Elasticsearch, job: IndexJob, target: str, inputs: list[Path], states: ledger.States,
                       err: Console) -> list[Path]:
    """``inputs`` without the files loaded into ``target`` before and unchanged since (noted), unless
    the job reads them ``again`` or builds a new index."""
    if job.again or job.recreate:
        return inputs
    try:
        before = ledger.loaded_before(es, target, states)
    except (ApiError, TransportError) as exc:
        err.print(f"note: which files were loaded before is unknown ({describe(exc)}): reading them all",
                  highlight=False)
        return inputs
    if before:
        err.print(f"skipping {len(before):,} file(s) loaded before and unchanged since "
                  f"({some_names(sorted(before))}); --again reads them again", highlight=False)
    return [p for p in inputs if p not in before]


def _interrupted(
    es: Elasticsearch, job: IndexJob, target: str, summary: Summary, live: bool, failures: FailureLog, err: Console
) -> int:
    """Ctrl-C: say what was loaded and how to finish; a fresh index not yet behind the alias is dropped."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
    try:
        err.print(f"interrupted: {summary.loaded:,} of {summary.read:,} articles read were loaded", highlight=False)
        if live:
            err.print(f"they are stored and searchable. {_RERUN}", highlight=False)
        else:
            with contextlib.suppress(ApiError, TransportError):
                es.indices.delete(index=target, ignore_unavailable=True)
            err.print(f"the partial index {target} was deleted; {job.alias!r} is unchanged. "
                      "Re-run the same command to rebuild it.", highlight=False)
        print_failures(err, failures)
    finally:
        signal.signal(signal.SIGINT, previous)
    return EXIT_INTERRUPTED
