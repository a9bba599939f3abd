"""Shared helpers for bench scripts: read SaudiNewsNet from ../shared/corpus (never copied into the repo),
reach the index a benchmark measures."""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "saudinewsnet"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def corpus_dir(argv: list[str]) -> Path:
    """Corpus directory from ``argv[1]`` or the default ``../shared/corpus/saudinewsnet``."""
    return Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS


def articles(directory: Path) -> Iterator[dict[str, str]]:
    """Every article of every ``*.jsonl.gz`` file, in file order."""
    for path in sorted(directory.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def load_corpus(argv: list[str], usage: str | None) -> list[dict[str, str]]:
    """The articles of the corpus ``argv`` names (see :func:`corpus_dir`); ``-h``/``--help`` prints
    ``usage`` (the script's docstring) and a folder without articles ends the script with a message."""
    if any(a in ("-h", "--help") for a in argv[1:]):
        print(usage or "")
        sys.exit(0)
    directory = corpus_dir(argv)
    docs = list(articles(directory))
    if not docs:
        sys.exit(f"no *.jsonl.gz articles under {directory}")
    return docs


def article_key(url: str) -> str:
    """How the hand judgements name an article: the sha1 of its URL, first 16 hex digits (no URL,
    whose slug is the headline, nor any text of SaudiNewsNet in the repository)."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def engine_with(index: str) -> Any:
    """A client of the engine (a long timeout) holding articles in ``index``; else the script ends
    with what is missing (the engine, or the index)."""
    from elasticsearch import NotFoundError, TransportError

    from indexer.es import client, describe

    es = client(timeout=60)
    try:
        count = es.count(index=index)["count"]
    except NotFoundError:
        count = 0
    except TransportError as exc:
        sys.exit(describe(exc))
    if not count:
        sys.exit(f"index {index!r} does not exist or is empty: run `akhbar index PATH --index {index}` first")
    return es
