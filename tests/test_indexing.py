"""`akhbar index` against the real node: seeds, a SaudiNewsNet sample, broken inputs, lost connections."""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tarfile
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch, helpers

from indexer import mappings
from indexer.duplicates import group_duplicates
from indexer.es import EngineError, check_url
from indexer.failures import FailureLog
from indexer.outlets import outlet_and_key
from indexer.readers import Record, failure_for
from tests.conftest import SAUDINEWSNET, SEEDS, akhbar, index_paths, snn_sample
from tests.test_archives import rar, seven_zip
from tests.test_pages import HEADLINE, PARAGRAPHS, saved_page
from tests.test_warc import CANONICAL as WARC_CANONICAL
from tests.test_warc import warc_bytes

pytestmark = pytest.mark.engine

def sources(es: Elasticsearch, alias: str) -> dict[str, dict]:
    es.indices.refresh(index=alias)
    resp = es.search(index=alias, size=10000, query={"match_all": {}})
    return {hit["_id"]: hit["_source"] for hit in resp["hits"]["hits"]}


def by_ref(docs: dict[str, dict]) -> dict[str, dict]:
    return {doc["ref"]: doc for doc in docs.values()}


# --- seeds and a SaudiNewsNet sample (shared index from conftest) ------------------------------


def test_seeds_and_sample_are_indexed_with_ids_and_refs(es, seeded_alias, tmp_path):
    docs = sources(es, seeded_alias)
    refs = by_ref(docs)
    seed_names = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert all(name in refs for name in seed_names)
    with gzip.open(snn_sample(tmp_path / "s.jsonl.gz"), "rt", encoding="utf-8") as fh:
        sample = [json.loads(line) for line in fh]
    with_text = [a for a in sample if (a["title"] + a["content"]).strip()]
    urls = {a["url"] for a in with_text}
    snn_refs = {ref for ref in refs if ref.startswith("http")}
    # every article with text is there under its URL, except pages that duplicate another URL (?weekly)
    assert snn_refs <= urls and len(snn_refs) >= len(urls) - 50
    assert len(docs) == len(refs) == len(snn_refs) + len(seed_names)
    assert all(len(doc_id) >= 16 for doc_id in docs)


def test_seed_boilerplate_is_removed(es, seeded_alias):
    refs = by_ref(sources(es, seeded_alias))
    for name in ("001_0b87b1ea24356d80.txt", "003_c4b8299eab817659.txt", "004_cfd70046b713ef0e.txt"):
        doc = refs[name]
        for junk in ("لن يتم نشر البريد الإلكتروني", "Social media & sharing icons", "مشاركة :", "اترك تعليقاً",
                     "اضف رد", "لن يتم نشر عنوان بريدك"):
            assert junk not in doc["body_display"] and junk not in doc["body"], (name, junk)
    assert "أن الرئيس الروسي أكد خلال المكالمة" in refs["004_cfd70046b713ef0e.txt"]["body_display"]


def test_seed_headlines(es, seeded_alias):
    refs = by_ref(sources(es, seeded_alias))
    headline = "بوتين وإردوغان يتفقان على تدابير عاجلة للتنسيق في سوريا"
    assert refs["004_cfd70046b713ef0e.txt"]["title_display"] == headline
    assert "الأخبار العاجلة" not in refs["004_cfd70046b713ef0e.txt"]["title_display"]
    t003 = refs["003_c4b8299eab817659.txt"]["title_display"]
    assert t003.startswith("من المقرر أن يجري الرئيس الروسي فلاديمير بوتين") and len(t003) < 200
    assert refs["000_a2559a2d08dc97fe.txt"]["title_display"].startswith("أردوغان يؤكد لبوتين")


def test_reindexing_the_same_input_changes_nothing(es, tmp_path):
    alias = "akhbar-test-twice"
    mappings.drop(es, alias)
    sample = snn_sample(tmp_path / "s.jsonl.gz", n=200)
    assert index_paths(es, alias, [SEEDS, sample], tmp_path) == 0
    first = sources(es, alias)
    assert index_paths(es, alias, [SEEDS, sample], tmp_path, again=True) == 0  # read again, not skipped
    second = sources(es, alias)
    assert first.keys() == second.keys()
    assert all(second[i]["indexed_at"] > first[i]["indexed_at"] for i in first)  # every article written again
    assert es.count(index=alias)["count"] == len(first)
    mappings.drop(es, alias)


def _refresh_interval(es: Elasticsearch, index: str) -> str | None:
    settings = es.indices.get_settings(index=index, name="index.refresh_interval", flat_settings=True)
    return settings[index]["settings"].get("index.refresh_interval")


def test_a_rebuild_loads_without_periodic_refreshes_and_ends_searchable(es, tmp_path):
    """A version built beside the live one is created without periodic refreshes; at the end of the
    load it has the mappings' interval again and every document is searchable."""
    alias = "akhbar-test-rebuild"
    mappings.drop(es, alias)
    wanted = mappings.index_body()["settings"]["refresh_interval"]
    building = mappings.create_version(es, alias, loading=True)
    assert _refresh_interval(es, building) == "-1"
    es.index(index=building, id="x", document={"ref": "x", "title": "خبر"})
    assert es.count(index=building)["count"] == 0  # not refreshed: not yet searchable
    mappings.loaded(es, building)
    assert _refresh_interval(es, building) == wanted and es.count(index=building)["count"] == 1
    mappings.drop(es, alias)
    assert index_paths(es, alias, [SEEDS], tmp_path, recreate=True) == 0
    live = mappings.current_index(es, alias)
    assert live and _refresh_interval(es, live) == wanted
    assert es.count(index=alias)["count"] == 5
    mappings.drop(es, alias)


# --- duplicates --------------------------------------------------------------------------------

WIRE_STORY = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة جدة بسعة ثلاثمائة سرير، ويضم المستشفى "
    "أقساما للطوارئ والعناية المركزة وجراحة القلب والأطفال. وقال المتحدث الرسمي باسم الوزارة إن المشروع "
    "يأتي ضمن خطة لتوسيع الخدمات الصحية في المنطقة الغربية، وإن العمل فيه استغرق ثلاث سنوات بتكلفة "
    "تجاوزت مليار ريال. وأضاف أن المستشفى سيبدأ استقبال المرضى مطلع الشهر المقبل بعد اكتمال تجهيز "
    "الأقسام وتدريب الكوادر الطبية والفنية التي تم التعاقد معها من داخل المملكة وخارجها."
)


def _article(n: int, body: str) -> str:
    return json.dumps({"source": f"outlet{n}", "url": f"http://outlet{n}.example/news/{n}", "title": f"مستشفى جديد {n}",
                       "content": body}, ensure_ascii=False)


def test_exact_and_near_duplicates_are_grouped_not_dropped(es, tmp_path):
    alias = "akhbar-test-dups"
    mappings.drop(es, alias)
    near = WIRE_STORY.replace("ثلاثمائة سرير", "320 سريرا").replace("ثلاث سنوات", "أربع سنوات")
    other = "فاز المنتخب الوطني لكرة القدم على نظيره الياباني بهدفين دون رد في المباراة الودية. " * 4
    (tmp_path / "first.jsonl").write_text("\n".join(
        [_article(1, WIRE_STORY), _article(2, WIRE_STORY), _article(3, near), _article(4, other)]) + "\n",
        encoding="utf-8")
    run = akhbar("index", str(tmp_path / "first.jsonl"), "--index", alias, "--failed", str(tmp_path / "f.jsonl"))
    assert run.returncode == 0, run.stderr
    assert "indexed 4" in run.stdout and "duplicates 3" in run.stdout
    docs = by_ref(sources(es, alias))
    assert len(docs) == 4  # nothing dropped
    copies = [docs[f"http://outlet{n}.example/news/{n}"] for n in (1, 2, 3)]
    assert len({d["dup_group"] for d in copies}) == 1 and all(d["dup_count"] == 3 for d in copies)
    assert copies[0]["content_hash"] == copies[1]["content_hash"] != copies[2]["content_hash"]
    assert not docs["http://outlet4.example/news/4"].get("dup_group")

    # a later load: one more copy joins the group; the summary counts this load's documents only
    (tmp_path / "second.jsonl").write_text(_article(5, near.replace("مطلع", "بداية")) + "\n", encoding="utf-8")
    run = akhbar("index", str(tmp_path / "second.jsonl"), "--index", alias, "--failed", str(tmp_path / "f.jsonl"))
    assert run.returncode == 0, run.stderr
    assert "indexed 1" in run.stdout and "duplicates 1" in run.stdout
    docs = by_ref(sources(es, alias))
    group = [d for d in docs.values() if d.get("dup_group")]
    assert len(group) == 4 and len({d["dup_group"] for d in group}) == 1 and {d["dup_count"] for d in group} == {4}

    # a rewritten article that is no longer a copy leaves its group, and the others' count follows
    unrelated = "افتتح معرض الكتاب الدولي أبوابه للزوار بمشاركة مئات دور النشر من العالم العربي. " * 4
    (tmp_path / "third.jsonl").write_text(_article(3, unrelated) + "\n", encoding="utf-8")
    run = akhbar("index", str(tmp_path / "third.jsonl"), "--index", alias, "--failed", str(tmp_path / "f.jsonl"))
    assert run.returncode == 0 and "updated 1" in run.stdout, run.stdout + run.stderr
    docs = by_ref(sources(es, alias))
    group = [d for d in docs.values() if d.get("dup_group")]
    assert {d["ref"] for d in group} == {f"http://outlet{n}.example/news/{n}" for n in (1, 2, 5)}
    assert {d["dup_count"] for d in group} == {3}
    regrouped = _dup_fields(es, alias)  # (the load regrouped only what it reached and left)
    group_duplicates(es, alias)  # the whole index: the same
    assert _dup_fields(es, alias) == regrouped
    mappings.drop(es, alias)


def test_a_statement_worded_alike_a_week_later_is_another_story(es, tmp_path):
    """A ministry's statement reused a week later (another execution, another congratulation) is a
    near copy of the first, but not its republication: it makes no group with it, loaded later or not."""
    alias = "akhbar-test-dups-days"
    mappings.drop(es, alias)
    near = WIRE_STORY.replace("ثلاثمائة سرير", "320 سريرا")

    def dated(n: int, body: str, day: str) -> str:
        return json.dumps({**json.loads(_article(n, body)), "published": day}, ensure_ascii=False) + "\n"

    (tmp_path / "first.jsonl").write_text(dated(1, WIRE_STORY, "2015-08-01") + dated(2, near, "2015-08-02"),
                                          encoding="utf-8")
    (tmp_path / "later.jsonl").write_text(dated(3, near.replace("جدة", "الدمام"), "2015-08-09"), encoding="utf-8")
    for name in ("first", "later"):
        run = akhbar("index", str(tmp_path / f"{name}.jsonl"), "--index", alias, "--failed", str(tmp_path / "f"))
        assert run.returncode == 0, run.stderr
    docs = by_ref(sources(es, alias))
    first, second, later = (docs[f"http://outlet{n}.example/news/{n}"] for n in (1, 2, 3))
    assert set(later["minhash_bands"]) & set(second["minhash_bands"])  # the premise: a near copy
    assert first["dup_group"] == second["dup_group"] and first["dup_count"] == 2
    assert later.get("dup_group") is None
    regrouped = _dup_fields(es, alias)
    group_duplicates(es, alias)  # the whole index: the same
    assert _dup_fields(es, alias) == regrouped
    mappings.drop(es, alias)


def test_the_groups_follow_the_dates_enrichment_finds(es, tmp_path):
    """Loaded without enrichment (no dates), two near copies are one group; `akhbar enrich` dates
    them from their addresses, a week apart, and they are grouped again: apart."""
    alias = "akhbar-test-dups-enrich"
    mappings.drop(es, alias)
    near = WIRE_STORY.replace("ثلاثمائة سرير", "320 سريرا")
    lines = [json.dumps({"title": f"مستشفى جديد {n}", "content": body, "url": f"http://www.aleqt.com/2015/08/{day}/a{n}.html"},
                        ensure_ascii=False) for n, body, day in ((1, WIRE_STORY, "01"), (2, near, "09"))]
    (tmp_path / "dated.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = akhbar("index", str(tmp_path / "dated.jsonl"), "--index", alias, "--no-enrich",
                 "--failed", str(tmp_path / "f"))
    assert run.returncode == 0, run.stderr
    assert {d.get("dup_count") for d in sources(es, alias).values()} == {2}
    assert "re-enriched 2 articles" in akhbar("enrich", "--index", alias).stdout
    docs = sources(es, alias).values()
    assert sorted(d["published"] for d in docs) == ["2015-08-01", "2015-08-09"]
    assert all(d.get("dup_group") is None for d in docs)
    mappings.drop(es, alias)


def _dup_fields(es: Elasticsearch, alias: str) -> dict[str, tuple]:
    return {doc_id: (doc.get("dup_group"), doc.get("dup_count")) for doc_id, doc in sources(es, alias).items()}


def test_loads_into_an_archive_group_as_a_full_regroup_would(es, tmp_path):
    """Three loads of one day's articles (each regrouping only what it reaches) end with the groups
    a regrouping of the whole index computes."""
    alias = "akhbar-test-incremental"
    mappings.drop(es, alias)
    with gzip.open(SAUDINEWSNET / "2015-07-21.jsonl.gz", "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, 1500))
    for n, part in enumerate((lines[:500], lines[500:1000], lines[1000:])):
        path = tmp_path / f"part{n}.jsonl"
        path.write_text("".join(part), encoding="utf-8")
        assert index_paths(es, alias, [path], tmp_path, recreate=n == 0) in (0, 1)
    # then grouped articles rewritten: a copy of another story, no copy at all, the same again
    urls = {d["url"] for d in sources(es, alias).values() if d.get("dup_group")}
    grouped = [a for a in map(json.loads, lines) if a["url"] in urls][:30]
    assert len(grouped) == 30
    for i, article in enumerate(grouped):
        article["content"] = (grouped[i + 1]["content"] if i % 3 == 0
                              else f"نص جديد رقم {i} " * 40 if i % 3 == 1 else article["content"])
    path = tmp_path / "rewritten.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in grouped), encoding="utf-8")
    assert index_paths(es, alias, [path], tmp_path) in (0, 1)
    loaded = _dup_fields(es, alias)
    assert sum(1 for group, _ in loaded.values() if group) > 50  # wire stories repeat across outlets
    group_duplicates(es, alias)  # the whole index
    assert _dup_fields(es, alias) == loaded
    mappings.drop(es, alias)


# --- broken inputs ------------------------------------------------------------------------------


def _broken_inputs(folder: Path) -> dict[str, str]:
    """Write one file per kind of trouble; returns the name of each bad location we expect to see."""
    folder.mkdir()
    good = {"source": "test", "url": "http://example.org/a/{}", "title": "عنوان {}", "content": "نص الخبر رقم {} " * 20}
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    lines = [json.dumps({k: v.replace("{}", str(i)) for k, v in good.items()}, ensure_ascii=False) for i in range(6)]
    lines.insert(3, '{"title": "نصف سطر", "content": ')  # invalid JSON among good ones
    (folder / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    full = gzip.compress("\n".join(
        json.dumps({k: v.replace("{}", str(100 + i)) for k, v in good.items()}, ensure_ascii=False) for i in range(200)
    ).encode())
    (folder / "truncated.jsonl.gz").write_bytes(full[: len(full) // 2])
    windows = "خبر بترميز ويندوز\nقال وزير الخارجية إن المحادثات مستمرة في الرياض."
    (folder / "cp1256.txt").write_bytes(windows.encode("cp1256"))
    big = "بدأت المحادثات في العاصمة وتناولت قضايا عديدة. " * 235_000  # 20 MB of UTF-8
    (folder / "huge.txt").write_text("مقال طويل جدا\n" + big, encoding="utf-8")
    rejected = {**{k: v.replace("{}", "999") for k, v in good.items()}, "url": "http://example.org/" + "x" * 40_000}
    (folder / "rejected.json").write_text(json.dumps(rejected, ensure_ascii=False), encoding="utf-8")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)  # more nesting than the parser's stack
    return {"empty.txt": "empty", "binary.txt": "binary", "mixed.jsonl:4": "JSON", "truncated.jsonl.gz": "",
            "rejected.json": "rejected", "deep.json": "nested too deeply"}


def test_broken_inputs_are_reported_and_the_rest_is_loaded(es, tmp_path):
    alias = "akhbar-test-broken"
    mappings.drop(es, alias)
    expected = _broken_inputs(tmp_path / "in")
    failed = tmp_path / "failed.jsonl"
    proc = akhbar("index", str(tmp_path / "in"), "--index", alias, "--failed", str(failed))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    entries = [json.loads(line) for line in failed.read_text(encoding="utf-8").splitlines()]
    for where, why in expected.items():
        hits = [e for e in entries if where in e["location"]]
        assert hits, (where, entries)
        assert why.lower() in hits[0]["reason"].lower(), hits[0]
    assert len(entries) == len(expected)
    docs = by_ref(sources(es, alias))
    assert {f"http://example.org/a/{i}" for i in (0, 1, 2, 3, 4, 5)} <= docs.keys()
    numbers = [int(r.rsplit("/", 1)[1]) for r in docs if r.startswith("http://example.org/a/")]
    assert any(n >= 100 for n in numbers), "the lines before the truncation point are loaded"
    cp = docs["cp1256.txt"]
    assert cp["title_display"] == "خبر بترميز ويندوز" and "وزير الخارجية" in cp["body_display"]
    assert len(docs["huge.txt"]["body_display"].encode()) > 19_000_000
    assert f"failed {len(expected)}" in proc.stdout.replace(",", "")
    kinds = proc.stdout.split("\n  ")[1:]  # the failures summed up by kind, the commonest first, and where
    assert kinds[0].startswith("2 × invalid JSON (") and {"mixed.jsonl:4", "deep.json"} <= {
        where.rsplit("/", 1)[1] for where in kinds[0].removeprefix("2 × invalid JSON (").rstrip(")\n").split(", ")}
    assert any(k.startswith("1 × truncated or corrupt file (") and "truncated.jsonl.gz" in k for k in kinds)
    assert f"1 × rejected by Elasticsearch: document_parsing_exception ({tmp_path / 'in' / 'rejected.json'})\n" in kinds

    # the failures file can be fed back; the still-broken entries stay in it, nothing is duplicated
    before = es.count(index=alias)["count"]
    again = akhbar("index", str(failed), "--index", alias, "--failed", str(failed))
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert len(failed.read_text(encoding="utf-8").splitlines()) == len(expected)
    assert es.count(index=alias)["count"] == before
    mappings.drop(es, alias)


def test_a_mirror_of_saved_pages_is_loaded_and_a_page_without_an_article_kept_for_a_fix(es, tmp_path):
    alias = "akhbar-test-pages"
    mappings.drop(es, alias)
    site = tmp_path / "mirror" / "www.alkhabar.example"
    (site / "world").mkdir(parents=True)
    url = "https://www.alkhabar.example/world/2020/02/08/putin-erdogan-idlib"
    (site / "world" / "idlib.html").write_bytes(saved_page(url=url, published="2020-02-08T14:30:00+03:00",
                                                           charset="windows-1256"))
    (site / "world" / "idlib-shared.html").write_bytes(saved_page(url=f"{url}?utm_source=twitter"))  # the same page
    dated_in_text = ["الرياض – 8 – فبراير – 2020: افتتح أمير منطقة الرياض معرض الكتاب في دورته الجديدة."]
    (site / "culture.htm").write_bytes(saved_page("معرض الرياض للكتاب", dated_in_text))
    (tmp_path / "mirror" / "aawsat.html").write_bytes(  # a page of an outlet SaudiNewsNet has: its key
        saved_page("خبر من الشرق الأوسط", [PARAGRAPHS[1]], url="https://m.aawsat.com/home/article/999"))
    empty = site / "index.html"
    empty.write_bytes(b"<html><head><title>alkhabar</title></head><body><nav><script>x()</script></nav></body></html>")
    front = site / "world" / "index.html"  # a section front: headlines and teasers
    front.write_bytes(saved_page("أخبار العالم", PARAGRAPHS, head='<meta property="og:type" content="website">'))
    failed = tmp_path / "failed.jsonl"
    run = akhbar("index", str(tmp_path / "mirror"), "--index", alias, "--failed", str(failed))
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    (entry,) = [json.loads(line) for line in failed.read_text(encoding="utf-8").splitlines()]
    assert entry["location"] == str(empty) and entry["reason"] == "no article text found in the web page"
    # the section front is rightly no document: counted and named, not a failure to fix
    assert "failed 1  left out 1" in run.stdout and f"left out 1 × not an article ({front})" in run.stdout
    docs = {doc["title_display"]: doc for doc in sources(es, alias).values()}
    assert sorted(docs) == sorted([HEADLINE, "معرض الرياض للكتاب", "خبر من الشرق الأوسط"])  # one per page saved twice
    assert docs["خبر من الشرق الأوسط"]["source"] == "aawsat"
    idlib, culture = docs[HEADLINE], docs["معرض الرياض للكتاب"]
    assert idlib["url"] == url and idlib["source"] == "alkhabar.example" and "لافروف" in idlib["body_display"]
    assert (idlib["published"], idlib["published_source"]) == ("2020-02-08", "metadata")
    assert (culture["published"], culture["published_source"]) == ("2020-02-08", "text")
    assert culture["ref"] == "culture.htm" and "أمير منطقة الرياض" in culture["body_display"]
    assert "فلاديمير بوتين" in " ".join(idlib["actors"])
    # the page is saved again, whole this time; the failures file is fed back
    empty.write_bytes(saved_page("خبر صفحة أعيد حفظها", ["نص الخبر كاملا بعد إعادة حفظ الصفحة من الموقع."]))
    again = akhbar("index", str(failed), "--index", alias, "--failed", str(failed))
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(sources(es, alias)) == 4 and not failed.exists()
    whole = akhbar("index", str(tmp_path / "mirror"), "--index", alias, "--failed", str(failed))
    # the page that failed is read again; the others, loaded (or left out) before and unchanged, are not
    assert whole.returncode == 0 and "read 1  indexed 0  updated 1" in whole.stdout, whole.stdout + whole.stderr
    assert re.search(r"skipping \d file\(s\) loaded before and unchanged since \(.*index\.html", whole.stderr)
    whole = akhbar("index", str(tmp_path / "mirror"), "--index", alias, "--failed", str(failed), "--again")
    assert whole.returncode == 0 and "left out 1 × not an article" in whole.stdout  # left out is no failure
    mappings.drop(es, alias)


def test_a_web_archive_is_loaded_page_by_page(es, tmp_path):
    alias = "akhbar-test-warc"
    mappings.drop(es, alias)
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(warc_bytes())
    failed = tmp_path / "failed.jsonl"
    run = akhbar("index", str(crawl), "--index", alias, "--failed", str(failed))
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    assert f"left out 1 × not an HTML page (web archive) ({crawl}:5)" in run.stdout
    assert f"left out 1 × not a page (web archive) ({crawl}:7)" in run.stdout
    (entry,) = [json.loads(line) for line in failed.read_text(encoding="utf-8").splitlines()]
    assert (entry["location"], entry["line"], entry["record"]) == (f"{crawl}:9", 9, None)
    docs = {doc["title_display"]: doc for doc in sources(es, alias).values()}
    assert sorted(docs) == sorted([HEADLINE, "خبر آخر"])
    idlib = docs[HEADLINE]
    assert idlib["url"] == WARC_CANONICAL and idlib["crawled"] == "2024-05-01 12:00:00"
    assert "فلاديمير بوتين" in idlib["actors"]
    # the failures file is fed back: the page is read again from the archive, still without an article
    again = akhbar("index", str(failed), "--index", alias, "--failed", str(failed))
    assert again.returncode == 1 and "no article text found in the web page" in again.stdout, again.stdout
    assert json.loads(failed.read_text(encoding="utf-8"))["location"] == f"{crawl}:9"
    mappings.drop(es, alias)

def test_a_scrape_piped_in_is_loaded_and_its_broken_lines_kept_for_a_fix(es, tmp_path):
    alias = "akhbar-test-stdin"
    mappings.drop(es, alias)
    articles = [{"title": f"خبر رقم {i}", "content": f"نص الخبر رقم {i} عن الرياض", "url": f"http://example.org/s/{i}"}
                for i in range(3)]
    lines = [json.dumps(a, ensure_ascii=False) for a in articles]
    lines.insert(2, lines.pop(2)[:-9])  # the last article cut mid-line, as a killed scraper leaves it
    failed = tmp_path / "failed.jsonl"
    run = akhbar("index", "-", "--index", alias, "--failed", str(failed), stdin="\n".join(lines) + "\n")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stdout + run.stderr
    (entry,) = [json.loads(line) for line in failed.read_text(encoding="utf-8").splitlines()]
    assert entry["location"] == "-:3" and entry["text"] == lines[2] and "invalid JSON" in entry["reason"]
    assert set(by_ref(sources(es, alias))) == {"http://example.org/s/0", "http://example.org/s/1"}
    # the line is fixed in the failures file, which is fed back
    entry["text"] = json.dumps(articles[2], ensure_ascii=False)
    failed.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    again = akhbar("index", str(failed), "--index", alias, "--failed", str(failed))
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(by_ref(sources(es, alias))) == 3 and not failed.exists()
    mappings.drop(es, alias)
    # "-" with nothing piped in (a terminal) is a usage error, not a wait
    controller, terminal = os.openpty()
    try:
        typed = subprocess.run([sys.executable, "-m", "indexer", "index", "-", "--index", alias], stdin=terminal,
                               capture_output=True, text=True, timeout=60)
    finally:
        os.close(controller), os.close(terminal)
    assert typed.returncode == 2 and "nothing is piped in" in typed.stderr and "Traceback" not in typed.stderr


def test_a_scrape_archive_loads_the_documents_its_files_give_unpacked(es, tmp_path):
    alias = "akhbar-test-archive"
    mappings.drop(es, alias)
    sample = snn_sample(tmp_path / "sample.jsonl.gz", 60)
    archive = tmp_path / "scrape.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        for seed in sorted(SEEDS.glob("*.txt")):
            tf.add(seed, f"seeds/{seed.name}")
        tf.add(sample, "snn/sample.jsonl.gz")
        notes = tmp_path / "README.md"
        notes.write_text("# the scraper's notes", encoding="utf-8")
        tf.add(notes, "seeds/README.md")
    failed = tmp_path / "failed.jsonl"
    run = akhbar("index", str(archive), "--index", alias, "--failed", str(failed))
    assert run.returncode == 0 and "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    assert f"left out 1 × file of another type in the archive ({archive}/seeds/README.md)" in run.stdout
    from_archive = sources(es, alias)
    assert len(from_archive) > 60  # the seeds (named as files) and the sample's articles
    assert {seed.name for seed in SEEDS.glob("*.txt")} <= {d["ref"] for d in from_archive.values()}
    # the same files unpacked: the same documents, nothing new
    unpacked = akhbar("index", str(SEEDS), str(sample), "--index", alias, "--failed", str(failed))
    assert unpacked.returncode == 0, unpacked.stdout + unpacked.stderr
    assert f"indexed 0  updated {len(from_archive)}" in unpacked.stdout, unpacked.stdout
    again = sources(es, alias)
    assert again.keys() == from_archive.keys()
    assert all(again[i]["body"] == from_archive[i]["body"] and again[i]["actors"] == from_archive[i]["actors"]
               for i in again)
    # and packed as a 7z, a rar
    files = {f"seeds/{s.name}": s.read_bytes() for s in sorted(SEEDS.glob("*.txt"))}
    files["snn/s.jsonl.gz"] = sample.read_bytes()
    for packed in (seven_zip(tmp_path / "scrape.7z", files), rar(tmp_path / "scrape.rar", files)):
        run = akhbar("index", str(packed), "--index", alias, "--failed", str(failed))
        assert run.returncode == 0 and f"indexed 0  updated {len(from_archive)}" in run.stdout, run.stdout + run.stderr
    mappings.drop(es, alias)


def test_dry_run_reports_what_a_load_would_get_without_an_engine(es, tmp_path):
    alias = f"akhbar-test-dry-{os.getpid()}"
    expected = _broken_inputs(tmp_path / "in")
    failed = tmp_path / "failed.jsonl"
    run = akhbar("index", str(tmp_path / "in"), str(SEEDS), "--index", alias, "--failed", str(failed), "--dry-run",
                 es_url="http://127.0.0.1:9")  # no engine needed
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    # every failure a load would find before the engine (the engine's own rejections aside)
    entries = [json.loads(line) for line in failed.read_text(encoding="utf-8").splitlines()]
    where = {e["location"].rsplit("/", 1)[1] for e in entries}
    where = {w.split(":")[0] if w.startswith("truncated") else w for w in where}  # its line: where it broke
    assert where == set(expected) - {"rejected.json"}
    counts = {k: int(v) for k, v in re.findall(r"(read|would index|failed) ([\d,]+)", run.stdout)}
    assert counts["failed"] == len(entries) == 5 and counts["read"] == counts["would index"] + 5 > 100, run.stdout
    assert "fields: title 100%  body 100%" in run.stdout and "enrichment: date" in run.stdout
    assert re.search(r"\n  2 × invalid JSON \([^)]+, [^)]+\)\n", run.stdout), run.stdout  # and where
    assert not es.indices.exists_alias(name=alias) and not es.indices.exists(index=f"{alias}-v1")


def test_lone_surrogate_escapes_are_indexed_and_failures_keep_them(es, tmp_path):
    alias = "akhbar-test-surrogates"
    mappings.drop(es, alias)
    line = '{"url": "http://s.example/1", "title": "عنوان \\ud800 غريب", "content": "نص فيه \\udc00 وحده"}'
    (tmp_path / "s.jsonl").write_text(line + "\n", encoding="utf-8")
    run = akhbar("index", str(tmp_path / "s.jsonl"), "--index", alias, "--failed", str(tmp_path / "f.jsonl"))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    doc = next(iter(sources(es, alias).values()))
    assert doc["title_display"] == "عنوان \ufffd غريب" and "\ufffd" in doc["body_display"]
    mappings.drop(es, alias)
    # a failure whose record holds one is written as the JSON escape, and reads back the same
    raw = {"title": "x\ud800"}
    record = Record("s.jsonl:1", "s.jsonl:1", raw, raw=raw, path=str(tmp_path / "s.jsonl"), line=1)
    with FailureLog(tmp_path / "g.jsonl") as log:
        log.write(failure_for(record, "test"))
    written = json.loads((tmp_path / "g.jsonl").read_text(encoding="utf-8"))
    assert written["record"] == raw


def test_usage_and_connection_errors_exit_2_without_traceback(tmp_path):
    missing = akhbar("index", str(tmp_path / "nope"), "--index", "akhbar-test-x")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr and "nope" in missing.stderr
    down = akhbar("index", str(SEEDS), "--index", "akhbar-test-x", es_url="http://127.0.0.1:9")
    assert down.returncode == 2 and "Traceback" not in down.stderr
    assert "cannot reach Elasticsearch" in down.stderr
    for command in (["index", str(SEEDS)], ["search", "بوتين"], ["ui"], ["stats"]):
        bad = akhbar(*command, es_url="localhost:9200")  # no scheme: the client cannot use it
        assert bad.returncode == 2 and "Traceback" not in bad.stderr, (command, bad.stderr)
        assert "ES_URL 'localhost:9200' is not a cluster's address" in bad.stderr


# What an Elasticsearch 8 node answers every request of a 9.x client (its version header), verbatim
ES8_REFUSAL = {"error": {
    "root_cause": [{"type": "media_type_header_exception",
                    "reason": "Invalid media-type value on headers [Accept, Content-Type]"}],
    "type": "media_type_header_exception", "reason": "Invalid media-type value on headers [Accept, Content-Type]",
    "caused_by": {"type": "status_exception", "reason": "Accept version must be either version 8 or 7, but found 9. "
                  "Accept=application/vnd.elasticsearch+json; compatible-with=9"}}, "status": 400}


def test_akhbar_ui_on_a_port_taken_says_so_before_it_starts():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = akhbar("ui", "--port", str(port))
    assert run.returncode == 2 and "Traceback" not in run.stderr and "search UI on" not in run.stdout
    assert f"cannot serve on 127.0.0.1:{port}" in run.stderr and "use --port N" in " ".join(run.stderr.split())
    elsewhere = akhbar("ui", "--port", str(port), "--address", "999.1.1.1")
    assert elsewhere.returncode == 2 and "check --address" in " ".join(elsewhere.stderr.split())


def test_a_cluster_of_another_major_version_is_named_as_such():
    """Users point ES_URL at their own cluster: an 8.x one refuses the 9.x client. The answer is
    played back by a stand-in server (no 8.x node here); what is tested is the message."""
    body = json.dumps(ES8_REFUSAL).encode()

    class Elasticsearch8(BaseHTTPRequestHandler):
        def _refuse(self) -> None:
            self.rfile.read(int(self.headers.get("content-length") or 0))
            self.send_response(400)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_HEAD = _refuse

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Elasticsearch8)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        for command in (["index", str(SEEDS)], ["search", "بوتين"], ["stats"]):
            run = akhbar(*command, es_url=url)
            assert run.returncode == 2 and "Traceback" not in run.stderr, (command, run.stderr)
            assert f"Elasticsearch at {url} is not version 9" in run.stderr
            assert "must be either version 8 or 7" in run.stderr and "akhbar needs Elasticsearch 9" in run.stderr
    finally:
        server.shutdown()


@pytest.mark.parametrize(("url", "problem"), [
    ("localhost:9200", "must start with http:// or https://"),
    ("http://localhost", "has no port"),
    ("http://es.example:99999", "port out of range"),
    ("http://[::1:9200", "invalid IPv6"),
    ("ftp://es.example:21", "must start with http://"),
])  # fmt: skip
def test_an_es_url_the_client_cannot_use_says_why(url, problem):
    with pytest.raises(EngineError, match=re.escape(problem)):
        check_url(url)
    assert check_url(" https://es.example ") == "https://es.example"  # https's own port
    assert check_url("http://[::1]:9200") == "http://[::1]:9200"


@pytest.mark.parametrize("command", ["index", "search", "export", "ui", "candidates"])
def test_help_names_what_each_option_takes(command):
    """Placeholders a user reads (NAME, DATE, FILE, the choices), not Python types; flags take none."""
    run = akhbar(command, "--help", columns=120)
    assert run.returncode == 0, run.stderr
    options = [line for line in run.stdout.splitlines() if re.match(r"│ +(\* +)?--(?!help)", line)]
    assert options and not [line for line in options if re.search(r"<(str|int|bool|path|file|list)", line)], options
    if command == "search":
        shown = {m.group(1): m.group(2) for line in options if (m := re.match(r"│ +(--\S+) +(\S*)", line))}
        assert shown["--since"] == "DATE" and shown["--sort"] == "relevance|date|oldest|copies"
        assert shown["--json"] == "Print"  # no placeholder: the help text follows the name


def test_version():
    from importlib.metadata import version

    run = akhbar("--version")
    assert run.returncode == 0 and run.stdout.startswith(f"akhbar {version('akhbar')} ")


def test_file_names_are_printed_as_they_are(es, tmp_path):
    """Square brackets in a path are neither console markup nor a pattern: the report names the
    file as it is, and a folder so named is read."""
    folder = tmp_path / "[red]scrapes"
    folder.mkdir()
    (folder / "[video] empty.txt").write_text("")
    missing = akhbar("index", str(folder / "[/b] nope"), "--index", "akhbar-test-x")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr and "[/b] nope" in missing.stderr
    failed = tmp_path / "[bold]failed.jsonl"
    run = akhbar("index", str(folder), "--index", "akhbar-test-brackets", "--failed", str(failed))
    mappings.drop(es, "akhbar-test-brackets")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr  # a folder named with brackets is read
    assert f"failures written to {failed}" in run.stdout
    assert "[red]scrapes/[video] empty.txt" in failed.read_text(encoding="utf-8")


def test_file_names_copied_from_arabic_windows_are_read_and_shown_in_arabic(es, tmp_path):
    """Names in Windows-1256 bytes (a folder copied from Arabic Windows) are not UTF-8: the load
    shows and stores them in Arabic, its failures file re-reads them, the next load skips them."""
    alias = "akhbar-test-names"
    mappings.drop(es, alias)
    folder = tmp_path / "scrape"
    folder.mkdir()
    article = folder / os.fsdecode("عكاظ.txt".encode("cp1256"))
    article.write_text("خبر بوتين\n\nنص الخبر عن بوتين.", encoding="utf-8")
    lines = folder / os.fsdecode("الوطن.jsonl".encode("cp1256"))
    lines.write_text(json.dumps({"title": "خبر", "content": "نص"}, ensure_ascii=False) + "\n{broken\n",
                     encoding="utf-8")
    failed = tmp_path / "failed.jsonl"

    def run(*paths: Path) -> subprocess.CompletedProcess:
        done = akhbar("index", *map(str, paths), "--index", alias, "--failed", str(failed))
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stdout + done.stderr
        return done

    run(folder)
    assert sorted(by_ref(sources(es, alias))) == ["الوطن.jsonl:1", "عكاظ.txt"]
    (entry,) = [json.loads(line) for line in failed.read_text(encoding="utf-8").splitlines()]
    assert entry["location"] == f"{folder}/الوطن.jsonl:2" and Path(entry["path"]) == lines
    again = run(failed)  # the failures file finds the file by its name as stored
    assert "1 × invalid JSON" in again.stdout
    assert "skipping 1 file(s) loaded before and unchanged since (عكاظ.txt)" in run(folder).stderr
    mappings.drop(es, alias)


def test_an_index_that_refuses_writes_stops_the_load_at_once(es, tmp_path):
    alias = f"akhbar-test-blocked-{os.getpid()}"
    mappings.drop(es, alias)
    assert index_paths(es, alias, [SEEDS], tmp_path) == 0
    es.indices.put_settings(index=alias, settings={"index.blocks.write": True})
    try:
        failed = tmp_path / "f.jsonl"
        run = akhbar("index", str(SAUDINEWSNET / "2015-07-21.jsonl.gz"), "--index", alias, "--batch-size", "100",
                     "--failed", str(failed))
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
        assert "refuses writes" in run.stderr and "cluster_block_exception" in run.stderr
        assert "Re-run the same command" in run.stderr
        assert len(failed.read_text(encoding="utf-8").splitlines()) == 1  # not one line per article of the input
    finally:
        es.indices.put_settings(index=alias, settings={"index.blocks.write": False})
        mappings.drop(es, alias)


# --- Ctrl-C mid-load ----------------------------------------------------------------------------


def _press_ctrl_c_during(*args: str) -> tuple[int, str]:
    """Run `akhbar ARGS` in its own process group, as a terminal would, and press Ctrl-C (SIGINT to the
    whole group: the CLI and its worker processes) once the first batch is loaded."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()  # the first progress line: a batch is loaded
    assert first.startswith("indexing:"), first + proc.stderr.read()
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    return proc.returncode, first + stderr + stdout


@pytest.mark.parametrize("recreate", [True, False])
def test_ctrl_c_stops_cleanly_and_says_how_to_finish(es, tmp_path, recreate):
    alias = f"akhbar-test-ctrl-c-{os.getpid()}"
    mappings.drop(es, alias)
    assert index_paths(es, alias, [SEEDS], tmp_path, recreate=True) == 0
    before = mappings.current_index(es, alias)
    days = sorted(SAUDINEWSNET.glob("*.jsonl.gz"))[:4]  # ~12,000 articles: far from done at the first batch
    code, output = _press_ctrl_c_during(
        "index", *map(str, days), "--index", alias, "--batch-size", "100", "--failed", str(tmp_path / "f.jsonl"),
        *(["--recreate"] if recreate else []),
    )
    assert code == 130 and "Traceback" not in output, output
    loaded = int(re.search(r"interrupted: ([\d,]+) of", output)[1].replace(",", ""))
    es.indices.refresh(index=alias)
    count = es.count(index=alias)["count"]
    if recreate:  # the alias still shows the old index, and the partial new one is gone
        assert f"{alias!r} is unchanged" in output
        assert mappings.current_index(es, alias) == before and mappings._versions(es, alias) == [before]
        assert count == 5
    else:  # what was acknowledged is stored; the message says how to finish
        assert "Re-run the same command to finish" in output
        assert loaded > 0 and 5 + loaded <= count < 12_000  # a bulk request cut off may still land
    mappings.drop(es, alias)


# --- the connection dies mid-load ---------------------------------------------------------------


class CuttingProxy:
    """A TCP proxy to Elasticsearch that stops for good after forwarding ``budget`` request bytes."""

    def __init__(self, target: tuple[str, int], budget: int) -> None:
        self.target, self.budget = target, budget
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.cut = threading.Event()
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.cut.is_set():
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, counts: bool) -> None:
        try:
            while data := src.recv(65536):
                if counts:
                    self.budget -= len(data)
                    if self.budget < 0:
                        self.close()
                        return
                dst.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        self.cut.set()
        self.server.close()
        for conn in self.conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()


def test_lost_connection_then_rerun_completes_without_duplicates(es, tmp_path):
    alias = "akhbar-test-cut"
    mappings.drop(es, alias)
    mappings.ensure_index(es, alias)
    sample = snn_sample(tmp_path / "s.jsonl.gz", n=600)
    url = es.transport.node_pool.get().config
    proxy = CuttingProxy((url.host, url.port), budget=2_500_000)
    cut = akhbar("index", str(sample), "--index", alias, "--batch-size", "50", "--failed", str(tmp_path / "f.jsonl"),
                 es_url=f"http://127.0.0.1:{proxy.port}")
    assert cut.returncode == 2, cut.stdout + cut.stderr
    assert "Traceback" not in cut.stderr and "Re-run the same command" in cut.stderr
    es.indices.refresh(index=alias)  # the cut load ended before its own refresh
    partial = es.count(index=alias)["count"]
    assert 0 < partial < 550, partial
    done = akhbar("index", str(sample), "--index", alias, "--failed", str(tmp_path / "f.jsonl"))
    assert done.returncode == 0, done.stdout + done.stderr
    es.indices.refresh(index=alias)
    ids = set(sources(es, alias))
    assert es.count(index=alias)["count"] == len(ids) > partial
    complete = akhbar("index", str(sample), "--index", "akhbar-test-cut-ref", "--failed", str(tmp_path / "g.jsonl"))
    assert complete.returncode == 0
    assert set(sources(es, "akhbar-test-cut-ref")) == ids
    mappings.drop(es, alias)
    mappings.drop(es, "akhbar-test-cut-ref")


def test_stats_reports_count_dates_and_sources(es, seeded_alias):
    run = akhbar("stats", "--index", seeded_alias)
    assert run.returncode == 0, run.stderr
    docs = [h["_source"] for h in helpers.scan(es, index=seeded_alias,
                                               _source=["published", "source", "published_source", "actors", "topics"])]
    dates = sorted((str(d["published"]) + "-01-01")[:10] for d in docs if d.get("published"))  # day, month or year
    assert f"documents  {len(docs):,}  (" in run.stdout
    assert f"published  {dates[0]} → {dates[-1]}  (no date: {len(docs) - len(dates):,})" in run.stdout
    sources = Counter(d.get("source") for d in docs)
    top, count = next((s, n) for s, n in sources.most_common() if s)
    assert re.search(rf"│ {re.escape(outlet_and_key(top))}\s+│ {count:,}\s+│", run.stdout)  # عكاظ (okaz)
    assert re.search(rf"│ \(none recorded\)\s+│ {sources[None]:,}\s+│", run.stdout)  # the seeds have no source
    def share(n: int) -> str:
        return f"{n / len(docs):.0%}"

    dated = sorted(Counter(d.get("published_source") for d in docs if d.get("published_source")).items(),
                   key=lambda kv: (-kv[1], kv[0]))  # the engine's order: count, then key
    assert (f"enrichment dates from {', '.join(f'{k} {share(n)}' for k, n in dated)}; "
            f"actors {share(sum(bool(d.get('actors')) for d in docs))}, "
            f"topics {share(sum(bool(d.get('topics')) for d in docs))}") in run.stdout
    last = max(h["_source"]["indexed_at"] for h in helpers.scan(es, index=seeded_alias, _source=["indexed_at"]))
    files = len([*SEEDS.glob("*.txt")]) + 1  # and the SaudiNewsNet sample: all loaded without a failure
    assert f"loaded     last {last[:10]} {last[11:19]} UTC  ({files} input files noted as loaded)" in run.stdout
    missing = akhbar("stats", "--index", "akhbar-test-never-created")
    assert "does not exist yet" in missing.stdout and "Traceback" not in missing.stderr


def test_a_folder_of_statements_is_given_its_outlet(es, tmp_path):
    """`--source`: the outlet of the articles that name none and have no address (a ministry's
    statements, PDFs and texts); a known outlet's name is its key; an article with an address keeps
    its own. Loaded again with another outlet, the files are read again (the ledger notes how)."""
    alias = "akhbar-test-given-source"
    mappings.drop(es, alias)
    (tmp_path / "statements").mkdir()
    (tmp_path / "statements" / "1.txt").write_text("بيان وزارة الخارجية\nتدين الوزارة الهجوم.", encoding="utf-8")
    (tmp_path / "statements" / "2.jsonl").write_text(json.dumps(
        {"title": "خبر", "body": "نص", "url": "https://www.okaz.com.sa/news/1"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    folder = str(tmp_path / "statements")
    done = akhbar("index", folder, "--index", alias, "--source", " وزارة  الخارجية ", "--failed",
                  str(tmp_path / "f.jsonl"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert {d["ref"]: d["source"] for d in sources(es, alias).values()} == {
        "1.txt": "وزارة الخارجية", "https://www.okaz.com.sa/news/1": "okaz"}
    again = akhbar("index", folder, "--index", alias, "--source", "صحيفة عكاظ", "--failed", str(tmp_path / "f.jsonl"))
    assert again.returncode == 0 and "nothing new" not in again.stdout, again.stdout
    assert by_ref(sources(es, alias))["1.txt"]["source"] == "okaz"
    dry = akhbar("index", folder, "--dry-run", "--source", "وزارة الخارجية")
    assert dry.returncode == 0 and "source 100%" in dry.stdout, dry.stdout
    mappings.drop(es, alias)
