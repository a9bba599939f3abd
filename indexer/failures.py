"""The failures file: one JSON object per line that `akhbar index` can read back to retry."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import IO

from indexer.readers import Failure, failure_to_dict

REJECTED = "rejected by Elasticsearch"
EXAMPLES = 3  # locations kept of each kind of failure, to name on the terminal


def reason_kind(reason: str) -> str:
    """What failures of one kind share: the reason without its details ("invalid JSON",
    "rejected by Elasticsearch: mapper_parsing_exception")."""
    parts = reason.split(": ")
    return ": ".join(parts[:2]) if parts[0] == REJECTED else parts[0]


def unwritable(path: Path) -> str | None:
    """Why a failures file cannot be written at ``path`` (a folder, a folder one may not write to),
    or None: said before a load starts, not when its first failure comes."""
    if path.is_dir():
        return f"{path} is a folder: name a file in it"
    folder = next((p for p in path.absolute().parents if p.exists()), None)
    if (path.exists() and not os.access(path, os.W_OK)) or (folder and not os.access(folder, os.W_OK)):
        return f"{path} cannot be written (permission denied): name another with --failed"
    return None


class FailureLog:
    """Appends failures to a JSON Lines file, created only when the first failure comes.

    When the file is also one of the inputs being re-run, failures go to a temporary file that
    replaces it at :meth:`close`, so retrying a failures file never reads what it writes."""

    def __init__(self, path: Path, inputs: list[Path] | None = None) -> None:
        self.path = path
        resolved = {p.resolve() for p in inputs or [] if p.exists()}
        self._replace = path.exists() and path.resolve() in resolved
        self._target = path.with_name(path.name + ".tmp") if self._replace else path
        self._fh: IO[str] | None = None
        self.count = 0
        self.kinds: Counter[str] = Counter()  # failures by :func:`reason_kind`
        self.skipped: Counter[str] = Counter()  # inputs rightly left out, by kind
        self.skipped_at: dict[str, list[str]] = {}  # the first few of their locations, by kind
        self.failed_at: dict[str, list[str]] = {}  # the same of the failures
        self.paths: set[str] = set()  # the files the failures came from

    def write(self, failure: Failure) -> None:
        """Record one failure with where it came from and why; one that is ``skipped`` is only
        counted (retrying it would leave it out again)."""
        kind = reason_kind(failure.reason)
        examples = (self.skipped_at if failure.skipped else self.failed_at).setdefault(kind, [])
        if len(examples) < EXAMPLES:
            examples.append(failure.location)
        if failure.skipped:
            self.skipped[kind] += 1
            return
        if self._fh is None:
            self._target.parent.mkdir(parents=True, exist_ok=True)
            # a lone surrogate (from a "\ud800" escape in the input) is written as that JSON escape
            self._fh = self._target.open("w", encoding="utf-8", errors="backslashreplace")
        self._fh.write(json.dumps(failure_to_dict(failure), ensure_ascii=False, default=str) + "\n")
        self._fh.flush()
        self.count += 1
        self.kinds[kind] += 1
        self.paths.add(failure.path)

    def close(self) -> None:
        """Flush; a re-run that fixed every failure leaves no stale failures file behind."""
        if self._fh:
            self._fh.close()
        if self._replace:
            if self.count:
                os.replace(self._target, self.path)
            else:
                self.path.unlink(missing_ok=True)

    def __enter__(self) -> FailureLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
