"""Loads skip the input files loaded before, cleanly, while they are unchanged (``indexer.ledger``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indexer import ledger, mappings
from tests.conftest import SEEDS, akhbar
from tests.test_archives import _zip
from tests.test_indexing import sources

GOOD = {"title": "عنوان الخبر", "content": "نص الخبر عن بوتين وأردوغان.", "url": "http://www.okaz.com.sa/a/1"}


def test_clean_inputs_are_the_files_read_without_a_failure() -> None:
    inputs = [Path("a.jsonl"), Path("b.jsonl"), Path("s.zip"), Path("t.zip"), Path("failed.jsonl"), Path("-"),
              Path("empty.txt")]
    origins = {"a.jsonl", "b.jsonl", "s.zip/2015/x.jsonl", "t.zip/y.jsonl", "t.zip/z.jsonl",
               "c.jsonl",  # an entry of the failures file: another file's article
               "-"}
    failed = {"b.jsonl", "t.zip/z.jsonl", "empty.txt"}
    assert ledger.clean_inputs(inputs, origins, failed) == [Path("a.jsonl"), Path("s.zip")]


def test_reading_changes_with_the_field_map_and_enrichment(tmp_path: Path) -> None:
    fields = tmp_path / "fields.yaml"
    fields.write_text("title: [headline]\n", encoding="utf-8")
    ways = {ledger.reading(None, True), ledger.reading(None, False), ledger.reading(fields, True)}
    fields.write_text("title: [headline, h1]\n", encoding="utf-8")
    ways.add(ledger.reading(fields, True))
    assert len(ways) == 4 and ledger.reading(None, True) in ways


def _line(n: int) -> str:
    return json.dumps({**GOOD, "url": f"http://www.okaz.com.sa/a/{n}"}, ensure_ascii=False)


@pytest.mark.engine
def test_a_load_skips_the_files_loaded_before_while_they_are_unchanged(es, tmp_path: Path) -> None:
    alias = "akhbar-test-ledger"
    mappings.drop(es, alias)
    es.options(ignore_status=404).indices.delete(index=ledger.ledger_index())  # made by the first load below
    scrape = tmp_path / "scrape"
    scrape.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        (scrape / seed.name).write_bytes(seed.read_bytes())
    day = scrape / "day.jsonl"
    day.write_text(f"{_line(1)}\n{{broken\n", encoding="utf-8")
    _zip(scrape / "more.zip", {"x/day.jsonl": f"{_line(2)}\n{_line(3)}\n".encode()})
    failed = tmp_path / "failed.jsonl"

    def run(*args: str, code: int = 0) -> tuple[str, str]:
        done = akhbar("index", *args, "--index", alias, "--failed", str(failed))
        assert done.returncode == code and "Traceback" not in done.stderr, done.stdout + done.stderr
        return done.stdout, done.stderr

    out, err = run(str(scrape), code=1)
    assert "read 9  indexed 8" in out and "skipping" not in err
    made = es.indices.get_settings(index=ledger.ledger_index(), flat_settings=True)[ledger.ledger_index()]["settings"]
    assert made["index.auto_expand_replicas"] == "0-1"  # no replica a single node cannot place (health green)
    first = sources(es, alias)
    # the file with a broken line is read again; the seeds and the zip, loaded cleanly, are not
    out, err = run(str(scrape), code=1)
    assert "read 2  indexed 0  updated 1" in out
    assert "skipping 6 file(s) loaded before and unchanged since (000_" in err and "--again" in err
    second = sources(es, alias)
    assert second.keys() == first.keys()
    assert [i for i in first if first[i]["indexed_at"] != second[i]["indexed_at"]] == [
        i for i in first if first[i]["ref"] == "http://www.okaz.com.sa/a/1"]  # only day.jsonl's article written
    # fixed, it is read once more; then nothing is new
    day.write_text(f"{_line(1)}\n{_line(4)}\n", encoding="utf-8")
    out, _ = run(str(scrape))
    assert "read 2  indexed 1  updated 1" in out
    out, err = run(str(scrape))
    assert out.startswith("nothing new to load") and "skipping 7 file(s)" in err
    assert len(sources(es, alias)) == 9
    # a changed file is read again; a file named by another path is the same file
    seed = sorted(scrape.glob("*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\nفقرة أضيفت إلى الخبر.", encoding="utf-8")
    out, err = run(str(seed), str(scrape / ".." / "scrape" / "more.zip"))
    assert out.startswith("read 1  indexed 1") and "skipping 1 file(s) loaded before" in err  # a new text: a new id
    # read another way (a field map), everything is read again; --again reads everything
    fields = tmp_path / "fields.yaml"
    fields.write_text("body: [content]\n", encoding="utf-8")
    out, _ = run(str(day), "--fields", str(fields))
    assert "read 2  indexed 0  updated 2" in out
    out, err = run(str(scrape), "--again")
    assert "read 9  indexed 0  updated 9" in out and "skipping" not in err
    # a new index behind the alias (--recreate) has loaded nothing; the old index's entries go
    out, _ = run(str(scrape), "--recreate")
    assert "read 9  indexed 9" in out
    es.indices.refresh(index=ledger.ledger_index())
    entries = es.search(index=ledger.ledger_index(), size=100, query={"term": {"alias": alias}})["hits"]["hits"]
    assert {e["_source"]["index"] for e in entries} == {mappings.current_index(es, alias)}
    assert sorted(Path(e["_source"]["path"]).name for e in entries) == sorted(p.name for p in scrape.iterdir())
    # an index deleted and made again under its name has loaded nothing either
    mappings.drop(es, alias)
    out, _ = run(str(scrape))
    assert "read 9  indexed 9" in out
    mappings.drop(es, alias)


@pytest.mark.engine
def test_a_failures_file_and_an_interrupted_load_are_never_entered(es, tmp_path: Path) -> None:
    alias = "akhbar-test-ledger-retry"
    mappings.drop(es, alias)
    day = tmp_path / "day.jsonl"
    day.write_text(f"{_line(1)}\n{{broken\n", encoding="utf-8")
    failed = tmp_path / "failed.jsonl"
    assert akhbar("index", str(day), "--index", alias, "--failed", str(failed)).returncode == 1
    entry = json.loads(failed.read_text(encoding="utf-8"))
    retry = tmp_path / "retry.jsonl"  # the failures file, fixed (kept under another name to run it twice)
    retry.write_text(json.dumps({**entry, "text": _line(5)}, ensure_ascii=False) + "\n", encoding="utf-8")
    for _ in range(2):
        done = akhbar("index", str(retry), "--index", alias, "--failed", str(failed))
        assert done.returncode == 0 and re.search(r"read 1  indexed \d  updated \d", done.stdout), done.stdout
        assert "skipping" not in done.stderr
    mappings.drop(es, alias)


@pytest.mark.engine
def test_a_file_a_scraper_appends_to_during_the_load_is_read_again(es, tmp_path: Path) -> None:
    alias = "akhbar-test-ledger-growing"
    mappings.drop(es, alias)
    target = mappings.ensure_index(es, alias)
    day = tmp_path / "day.jsonl"
    day.write_text(f"{_line(1)}\n", encoding="utf-8")
    as_read = ledger.snapshot([day], "how")  # taken before the load reads the file
    with day.open("a", encoding="utf-8") as fh:
        fh.write(f"{_line(2)}\n")  # written while the load ran
    ledger.remember(es, alias, target, [day], as_read)
    assert ledger.loaded_before(es, target, as_read) == {day}
    assert ledger.loaded_before(es, target, ledger.snapshot([day], "how")) == set()  # the next load reads it
    assert ledger.loaded_before(es, target, ledger.snapshot([day, tmp_path / "gone.jsonl"], "other")) == set()
    mappings.drop(es, alias)
