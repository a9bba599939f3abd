"""`akhbar delete`: every match of a search leaves the index, and the duplicate groups follow."""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from indexer import mappings, remove
from indexer.duplicates import group_duplicates
from indexer.remove import delete_hits
from search_ui import fetch
from search_ui.query import Filters
from search_ui.results import SearchHit
from tests.conftest import SEEDS, akhbar, index_paths, snn_sample
from tests.test_indexing import sources

pytestmark = pytest.mark.engine


@pytest.fixture
def loaded(es: Elasticsearch, tmp_path: Path):
    """A fresh alias holding the seeds and a SaudiNewsNet sample (deleting changes it)."""
    alias = f"akhbar-test-delete-{os.getpid()}"
    mappings.drop(es, alias)
    sample = snn_sample(tmp_path / "sample.jsonl.gz", n=300)
    assert index_paths(es, alias, [SEEDS, sample, _copies(tmp_path / "copies.jsonl")], tmp_path) == 0
    yield alias, sample
    mappings.drop(es, alias)


def _copies(path: Path) -> Path:
    """One story republished by three outlets, another by two (texts no other article shares: a
    seed's words backwards)."""
    seeds = sorted(SEEDS.glob("*.txt"))
    stories = {"story-a": (seeds[2], 3), "story-b": (seeds[4], 2)}
    lines = [json.dumps({"title": f"{name} {n}", "content": " ".join(seed.read_text(encoding="utf-8").split()[::-1]),
                         "url": f"http://outlet{n}.example/{name}"}, ensure_ascii=False)
             for name, (seed, copies) in stories.items() for n in range(copies)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _total(es: Elasticsearch, alias: str, query: str = "", filters: Filters | None = None) -> int:
    return fetch.run_search(es, alias, query, filters, size=0).total


def test_delete_removes_every_match_and_asks_first(es, loaded, tmp_path):
    alias, sample = loaded
    everything, peskov = _total(es, alias), _total(es, alias, "بيسكوف")
    assert peskov >= 2
    asked = akhbar("delete", "بيسكوف", "--index", alias)  # not on a terminal, no --yes: nothing happens
    assert asked.returncode == 2 and f"{peskov} articles match; nothing deleted: add --yes" in asked.stderr
    assert _total(es, alias) == everything
    done = akhbar("delete", "بيسكوف", "--index", alias, "--yes")
    assert done.returncode == 0 and done.stdout.strip() == f"{peskov} articles deleted from {alias}", done.stderr
    assert _total(es, alias, "بيسكوف") == 0 and _total(es, alias) == everything - peskov
    none = akhbar("delete", "بيسكوف", "--index", alias, "--yes")
    assert none.returncode == 0 and "no articles match: nothing deleted" in none.stdout
    # an empty query deletes nothing unless a filter says what
    refused = akhbar("delete", "", "--index", alias, "--yes")
    assert refused.returncode == 2 and "give a query or a filter" in refused.stderr
    outlets = Counter(d.get("source") for d in sources(es, alias).values())
    outlet, count = next((o, n) for o, n in outlets.most_common() if o)
    by_filter = akhbar("delete", "", "--source", outlet, "--index", alias, "--yes")
    assert by_filter.returncode == 0 and f"{count} articles deleted" in by_filter.stdout
    assert _total(es, alias, filters=Filters(sources=[outlet])) == 0
    assert _total(es, alias) == everything - peskov - count
    # the files stay noted as loaded: a load does not bring the articles back, --again does
    again = akhbar("index", str(SEEDS), str(sample), str(tmp_path / "copies.jsonl"), "--index", alias)
    assert again.returncode == 0 and again.stdout.startswith("nothing new to load"), again.stdout + again.stderr
    back = akhbar("index", str(SEEDS), str(sample), str(tmp_path / "copies.jsonl"), "--index", alias, "--again")
    assert back.returncode == 0 and _total(es, alias) == everything, back.stdout + back.stderr


def _answered(answer: str, *args: str) -> tuple[int, str]:
    """Run `akhbar delete ARGS` on a terminal (a pseudo-terminal) and answer its question."""
    main, side = os.openpty()
    with subprocess.Popen([sys.executable, "-m", "indexer", "delete", *args], stdin=side, stdout=side,
                          stderr=side, env={**os.environ, "COLUMNS": "200"}) as proc:
        os.close(side)
        os.write(main, f"{answer}\n".encode())
        said = b""
        with contextlib.suppress(OSError):  # the terminal closes when the command ends
            while chunk := os.read(main, 4096):
                said += chunk
        code = proc.wait(timeout=60)
    os.close(main)
    return code, said.decode("utf-8", "replace")


def test_the_articles_of_the_last_load_are_found_exported_and_undone(es, loaded, tmp_path):
    """``--loaded-since last`` (or a moment): what last night's scrape brought, to read, to export,
    or to delete when it was loaded by mistake; the earlier loads' articles stay."""
    alias, _ = loaded
    before = {doc["ref"] for doc in sources(es, alias).values()}
    between = datetime.now(UTC)
    scrape = tmp_path / "tonight.jsonl"
    scrape.write_text("".join(json.dumps({"title": f"خبر الليلة {n} عن بوتين", "content": f"نص الخبر {n} عن بوتين.",
                                          "url": f"http://tonight.example/{n}"}, ensure_ascii=False) + "\n"
                              for n in range(3)), encoding="utf-8")
    assert index_paths(es, alias, [scrape], tmp_path) == 0
    tonight = {f"http://tonight.example/{n}" for n in range(3)}
    stats = akhbar("stats", "--index", alias).stdout  # the loads, the newest first, with what each wrote
    loads = rf"\nrecent     \S+ \S+ UTC +3 articles\n {{11}}\S+ \S+ UTC +{len(before)} articles\n"
    assert re.search(loads, stats), stats

    def refs(*args: str) -> set[str]:
        done = akhbar("search", *args, "--index", alias, "--json", "--size", "1000")
        assert done.returncode == 0, done.stderr
        found = json.loads(done.stdout)
        assert found["total"] == len(found["hits"])
        return {hit["ref"] for hit in found["hits"]}

    assert refs("", "--loaded-since", "last") == tonight
    assert refs("", "--loaded-since", between.isoformat()) == tonight
    assert refs("بوتين", "--loaded-since", "last") == tonight < refs("بوتين")  # a query: within the scope
    assert refs("", "--loaded-since", "1h") == tonight | before  # the fixture's load too
    exported = tmp_path / "tonight.jsonl.out"
    done = akhbar("export", "--loaded-since", "last", "--format", "jsonl", "-o", str(exported), "--index", alias)
    assert done.returncode == 0, done.stderr
    assert {json.loads(line)["ref"] for line in exported.read_text(encoding="utf-8").splitlines()} == tonight
    undone = akhbar("delete", "--loaded-since", "last", "--yes", "--index", alias)
    assert undone.returncode == 0 and "3 articles deleted" in undone.stdout, undone.stdout + undone.stderr
    assert {doc["ref"] for doc in sources(es, alias).values()} == before
    bad = akhbar("search", "--loaded-since", "soon", "--index", alias)
    assert bad.returncode == 2 and "is not a moment" in bad.stderr and "Traceback" not in bad.stderr


def test_on_a_terminal_delete_asks_and_no_deletes_nothing(es, loaded):
    alias, _ = loaded
    peskov = _total(es, alias, "بيسكوف")
    code, said = _answered("n", "بيسكوف", "--index", alias)
    assert code == 0 and f"delete {peskov} articles from {alias}? [y/N]" in said and "nothing deleted" in said
    best = fetch.run_search(es, alias, "بيسكوف", size=1).hits[0]
    assert best.title[:20] in said  # the matches are shown before the question
    assert _total(es, alias, "بيسكوف") == peskov
    code, said = _answered("y", "بيسكوف", "--index", alias)
    assert code == 0 and f"{peskov} articles deleted from {alias}" in said, said
    assert _total(es, alias, "بيسكوف") == 0


def _hit(doc_id: str, doc: dict) -> SearchHit:
    return SearchHit(id=doc_id, ref=None, title="", published=None, source=None, url=None, actors=[], topics=[],
                     snippet="", score=None, dup_group=doc.get("dup_group"), dup_count=doc.get("dup_count"))


def test_deleting_a_copy_updates_its_group(es, loaded):
    alias, _ = loaded
    docs = sources(es, alias)
    groups: dict[str, list[str]] = {}
    for doc_id, doc in docs.items():
        if doc.get("dup_group"):
            groups.setdefault(doc["dup_group"], []).append(doc_id)
    copies = {docs[i]["title"].split()[0]: ids for ids in groups.values() for i in ids
              if docs[i]["title"].startswith("story-")}
    pair, larger = copies["story-b"], copies["story-a"]
    assert (len(pair), len(larger)) == (2, 3)
    assert delete_hits(es, alias, [_hit(pair[0], docs[pair[0]]), _hit(larger[0], docs[larger[0]])]) == 2
    after = sources(es, alias)
    assert pair[0] not in after and larger[0] not in after
    alone = after[pair[1]]  # its only copy is gone: in no group
    assert alone.get("dup_group") is None and alone.get("dup_count") is None
    assert {after[i]["dup_count"] for i in larger[1:]} == {len(larger) - 1}
    assert len({after[i]["dup_group"] for i in larger[1:]}) == 1
    assert all(after[i] == docs[i] for i in after if i not in (*pair, *larger))  # nothing else touched


def test_a_delete_cut_short_still_leaves_the_groups_right(es, loaded, monkeypatch):
    alias, _ = loaded
    docs = sources(es, alias)
    pair = [i for i, d in docs.items() if d["title"].startswith("story-b")]

    single = next(i for i, d in docs.items() if not d.get("dup_group"))

    def hits_then_ctrl_c():
        yield _hit(pair[0], docs[pair[0]])
        yield _hit(single, docs[single])  # asked for: the first is sent (one a request), this one never
        raise KeyboardInterrupt

    monkeypatch.setattr(remove, "DELETE_BATCH", 1)
    with pytest.raises(KeyboardInterrupt):
        remove.delete_hits(es, alias, hits_then_ctrl_c())
    after = sources(es, alias)
    assert pair[0] not in after and single in after
    assert after[pair[1]].get("dup_group") is None and after[pair[1]].get("dup_count") is None  # alone now


def test_deleting_the_copy_that_joined_two_others_parts_them(es, tmp_path):
    """A and C are each a near copy of B, not of each other: without B they are no group (a whole
    regrouping says the same), though they were one group with it."""
    alias = f"akhbar-test-delete-bridge-{os.getpid()}"
    mappings.drop(es, alias)
    words = (SEEDS / "004_cfd70046b713ef0e.txt").read_text(encoding="utf-8").split()[:120]
    vocab = sorted(set((SEEDS / "002_ca7d58d6151cbd07.txt").read_text(encoding="utf-8").split()))
    rng = random.Random(1)

    def edited(text: list[str]) -> list[str]:  # 8% of the words changed
        out = list(text)
        for i in rng.sample(range(len(out)), len(out) * 8 // 100):
            out[i] = rng.choice(vocab)
        return out

    b = edited(words)
    chain = {"a": words, "b": b, "c": edited(b)}
    path = tmp_path / "chain.jsonl"
    path.write_text("".join(json.dumps({"title": f"chain-{k}", "content": " ".join(v), "url": f"http://x.example/{k}"},
                                       ensure_ascii=False) + "\n" for k, v in chain.items()), encoding="utf-8")
    assert index_paths(es, alias, [path], tmp_path) == 0
    docs = {d["title"]: (i, d) for i, d in sources(es, alias).items()}
    bands = {k: set(docs[f"chain-{k}"][1]["minhash_bands"]) for k in chain}
    assert bands["a"] & bands["b"] and bands["b"] & bands["c"] and not bands["a"] & bands["c"]  # the premise
    assert {d["dup_count"] for _, d in docs.values()} == {3}
    assert delete_hits(es, alias, [_hit(docs["chain-b"][0], docs["chain-b"][1])]) == 1
    after = sources(es, alias)
    assert all(d.get("dup_group") is None and d.get("dup_count") is None for d in after.values())
    group_duplicates(es, alias)  # the whole index: the same
    assert sources(es, alias) == after
    mappings.drop(es, alias)
