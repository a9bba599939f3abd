"""indexer.failures: the failures file and how failures are summed up by kind (no engine)."""

from __future__ import annotations

import json
from pathlib import Path

from indexer.failures import FailureLog, reason_kind, unwritable
from indexer.readers import Failure
from tests.conftest import akhbar


def test_reason_kind_keeps_what_failures_of_one_kind_share():
    assert reason_kind("invalid JSON: Expecting ',' delimiter: line 1 column 5 (char 4)") == "invalid JSON"
    assert reason_kind("no title or body text") == "no title or body text"
    reason = "rejected by Elasticsearch: mapper_parsing_exception: failed to parse field [url] (x: y)"
    assert reason_kind(reason) == "rejected by Elasticsearch: mapper_parsing_exception"


def test_failure_log_counts_kinds_and_writes_every_failure(tmp_path: Path):
    path = tmp_path / "f.jsonl"
    reasons = ["invalid JSON: a", "invalid JSON: b", "empty file", "rejected by Elasticsearch: x_exception: c"]
    with FailureLog(path) as log:
        for i, reason in enumerate(reasons):
            log.write(Failure(f"in.jsonl:{i}", reason, "in.jsonl", i, None))
    assert log.count == 4 and log.kinds.most_common(1) == [("invalid JSON", 2)]
    assert set(log.kinds) == {"invalid JSON", "empty file", "rejected by Elasticsearch: x_exception"}
    assert [json.loads(line)["reason"] for line in path.read_text(encoding="utf-8").splitlines()] == reasons


def test_what_is_left_out_is_counted_with_examples_of_its_own_kind(tmp_path: Path):
    path = tmp_path / "f.jsonl"
    left_out = [("a.zip/README.md", "file of another type in the archive"), ("mirror/index.html", "not an article"),
                ("a.zip/b.zip/c.zip/d.zip", "archive nested too deeply (unpack it)"),
                ("b.zip/x.pages", "file of another type in the archive")]
    with FailureLog(path) as log:
        for where, reason in left_out:
            log.write(Failure(where, reason, where, None, None, skipped=True))
    assert not path.exists() and log.count == 0  # nothing to retry
    assert log.skipped["file of another type in the archive"] == 2
    assert log.skipped_at == {"file of another type in the archive": ["a.zip/README.md", "b.zip/x.pages"],
                              "not an article": ["mirror/index.html"],
                              "archive nested too deeply (unpack it)": ["a.zip/b.zip/c.zip/d.zip"]}


def test_no_failure_no_file(tmp_path: Path):
    with FailureLog(tmp_path / "f.jsonl") as log:
        pass
    assert log.count == 0 and not (tmp_path / "f.jsonl").exists()


def test_a_failures_file_that_cannot_be_written_is_said_before_the_load(tmp_path: Path):
    """`--failed` naming a folder was a traceback at the first failure, after part of a load."""
    assert unwritable(tmp_path / "f.jsonl") is None and unwritable(tmp_path / "new" / "f.jsonl") is None
    assert unwritable(tmp_path) == f"{tmp_path} is a folder: name a file in it"
    bad = tmp_path / "broken.jsonl"
    bad.write_text("{\n", encoding="utf-8")
    run = akhbar("index", str(bad), "--dry-run", "--failed", str(tmp_path))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"--failed: {tmp_path} is a folder" in " ".join(run.stderr.split())
