"""Shared fixtures: a real Elasticsearch node (provisioned by akhbar itself) and indexed test data.

Engine tests never skip: if the local node cannot be provisioned the session fails loudly.
Set ES_URL to run them against another cluster instead of the local node."""

from __future__ import annotations

import gzip
import itertools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from elasticsearch import Elasticsearch
from rich.console import Console

from indexer import engine, mappings
from indexer.es import client

# The tests' loads note their files in a ledger of their own: the archive's stays as it is
os.environ["AKHBAR_LEDGER"] = "akhbar-tests-ledger"  # no test alias is so named

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SEEDS = CORPUS / "seeds"
SAUDINEWSNET = CORPUS / "saudinewsnet"
DEMO = REPO / "indexer" / "data" / "demo"
SAMPLE_SIZE = 600


def akhbar(*args: str, es_url: str | None = None, cwd: Path | None = None, columns: int = 200,
           stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real `akhbar` command, output captured (not a terminal, ``columns`` wide; ``stdin`` piped in)."""
    env = {**os.environ, "COLUMNS": str(columns)}
    if es_url:
        env["ES_URL"] = es_url
    cmd = [sys.executable, "-m", "indexer", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=600, input=stdin)


def pytest_configure(config: pytest.Config) -> None:
    if not SEEDS.is_dir():
        raise pytest.UsageError(f"test corpus not found at {CORPUS} (expected ../shared/corpus beside the repo)")


@pytest.fixture(scope="session")
def es() -> Elasticsearch:
    """A client to a healthy node: the local engine (started if needed) unless ES_URL says otherwise."""
    if not os.environ.get("ES_URL"):
        engine.start()
    es = client()
    es.cluster.health(wait_for_status="yellow", timeout="60s")
    _drop_orphans(es)
    return es


def _drop_orphans(es: Elasticsearch) -> None:
    """Delete the indices a session that ended part-way left (named after its pid, which is gone):
    a test drops its own at its end, which a failure skips."""
    for index in es.indices.get(index="akhbar-test-*", ignore_unavailable=True).body:
        if (m := re.fullmatch(r"akhbar-test-.+-(\d+)-v\d+", index)) and not psutil.pid_exists(int(m[1])):
            es.indices.delete(index=index, ignore_unavailable=True)


def snn_sample(path: Path, n: int = SAMPLE_SIZE) -> Path:
    """The first ``n`` SaudiNewsNet articles of each of two days, as one .jsonl.gz (read from ../shared)."""
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for day in ("2015-08-10", "2015-07-21"):
            with gzip.open(SAUDINEWSNET / f"{day}.jsonl.gz", "rt", encoding="utf-8") as fh:
                out.writelines(itertools.islice(fh, n // 2))
    return path


def index_paths(es: Elasticsearch, alias: str, paths: list[Path], tmp: Path, **job) -> int:
    """Run the real `akhbar index` pipeline; returns its exit code."""
    from indexer.indexing import IndexJob, run_index

    quiet = Console(file=open(os.devnull, "w"), width=200)  # noqa: SIM115
    return run_index(IndexJob(paths=[str(p) for p in paths], alias=alias, failed=tmp / "failed.jsonl", **job),
                     es, quiet, quiet)


@pytest.fixture(scope="session")
def seeded_alias(es: Elasticsearch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An alias holding the five seeds and a SaudiNewsNet sample, loaded by the real pipeline."""
    alias = f"akhbar-test-seeded-{os.getpid()}"  # one per test session: sessions may run side by side
    tmp = tmp_path_factory.mktemp("seeded")
    mappings.drop(es, alias)
    code = index_paths(es, alias, [SEEDS, snn_sample(tmp / "snn-sample.jsonl.gz")], tmp, recreate=True)
    assert code == 0, (tmp / "failed.jsonl").read_text() if (tmp / "failed.jsonl").exists() else code
    yield alias
    mappings.drop(es, alias)
