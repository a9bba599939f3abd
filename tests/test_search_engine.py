"""Search behaviour against a real Elasticsearch node (seeds + a SaudiNewsNet sample)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import subprocess
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from urllib.parse import quote

import pytest
from elasticsearch import helpers
from rich.cells import cell_len

from indexer import mappings
from indexer.es import EngineError
from indexer.outlets import outlet_and_key, outlet_name, outlet_names
from indexer.text import fold
from search_ui import fetch
from search_ui.export import export_format
from search_ui.query import FACET_SIZE, SORTS, Filters, build_search, filter_clauses, near_clause
from search_ui.query_language import parse_query
from search_ui.render import article_html, paragraphs
from search_ui.results import fold_republications
from tests.conftest import akhbar, index_paths
from tests.search_fixtures import ALL_SEEDS, seed_ids, seeds_in

pytestmark = pytest.mark.engine

_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # tashkeel, tatweel


def _plain(text: str) -> str:
    """Display text without presentation forms, tashkeel or tatweel (to derive expectations)."""
    return " ".join(_MARKS.sub("", unicodedata.normalize("NFKC", text)).split())


def _seeds(es, index, text, filters=None) -> set[str]:
    ids = [h.id for h in fetch.iter_all(es, index, text, filters or Filters())]
    return seeds_in(es, index, ids)


def _putin(es, index) -> str:
    facets = fetch.run_search(es, index, "بوتين", size=0).facets["actors"]
    return next(k for k, _ in facets if "بوتين" in k or "putin" in k.lower())


@pytest.fixture(scope="module")
def seed_text(es, seeded_alias) -> dict[str, str]:
    """Seed → its indexed title and body as plain text."""
    ids = seed_ids(es, seeded_alias)
    docs = es.mget(index=seeded_alias, ids=list(ids.values()), source=["title_display", "body_display"])["docs"]
    by_id = {d["_id"]: d["_source"] for d in docs}
    return {s: _plain(f"{by_id[i].get('title_display')} {by_id[i].get('body_display')}") for s, i in ids.items()}


def test_each_seed_indexed_once(es, seeded_alias):
    assert set(seed_ids(es, seeded_alias)) == ALL_SEEDS


def test_erdogan_all_spellings(es, seeded_alias):
    assert _seeds(es, seeded_alias, "اردوغان") == ALL_SEEDS


@pytest.mark.parametrize("text", ["دميتري", "ديمتري", "دميتري بيسكوف"])
def test_spellings_of_a_transliterated_name_meet(es, seeded_alias, seed_text, text):
    assert {s for s, t in seed_text.items() if "دميتري" in t} == {"003"}
    assert {s for s, t in seed_text.items() if "ديمتري" in t} == {"002"}
    assert _seeds(es, seeded_alias, text) == {"002", "003"}


@pytest.mark.parametrize(
    ("text", "arabic"), [("Erdogan", "اردوغان"), ("Vladimir Putin", "بوتين"), ("peskov", "بيسكوف")]
)
def test_latin_name_finds_the_actor(es, seeded_alias, text, arabic):
    assert _seeds(es, seeded_alias, text) == _seeds(es, seeded_alias, arabic)
    result = fetch.run_search(es, seeded_alias, text, size=10)
    assert any("also finds the articles about" in n.en for n in result.notices)
    assert all("<mark>" in h.snippet + h.title_html for h in result.hits)  # the Arabic name is marked


def test_arabic_name_finds_its_actor_where_the_text_adds_a_clitic(es, seeded_alias):
    stemmed = {"multi_match": {"query": "جدة", "fields": ["title", "body"]}}
    clitic_only = helpers.scan(es, index=seeded_alias, query={"query": {"bool": {
        "filter": [{"term": {"actors": "جدة"}}], "must_not": [stemmed]}}})  # fmt: skip
    hidden = {d["_id"] for d in clitic_only}  # بجدة, لجدة: the analyzers keep these whole
    assert hidden
    found = {h.id for h in fetch.iter_all(es, seeded_alias, "جدة")}
    assert hidden <= found and not fetch.run_search(es, seeded_alias, "جدة", size=0).notices
    hits = [h for h in fetch.run_search(es, seeded_alias, "جدة", size=len(found)).hits if h.id in hidden]
    assert len(hits) == len(hidden) and all(re.search("<mark>[وفبلك]+جد", h.snippet + h.title_html) for h in hits)


@pytest.mark.parametrize("text", ["بيسكوف", '"بيسكوف"'])
def test_peskov(es, seeded_alias, seed_text, text):
    assert {s for s, t in seed_text.items() if "بيسكوف" in t} == {"002", "003"}
    assert _seeds(es, seeded_alias, text) == {"002", "003"}


def test_exact_phrase(es, seeded_alias, seed_text):
    expected = {s for s, t in seed_text.items() if "اللجنة الدستورية" in t}
    assert expected == {"000", "003", "004"}
    assert _seeds(es, seeded_alias, '"اللجنة الدستورية"') == expected  # not 001/002
    # the phrase is marked as one span in every snippet, never cut between two snippets
    hits = fetch.run_search(es, seeded_alias, '"اللجنة الدستورية"', size=10).hits
    assert hits and all("<mark>اللجنة الدستورية</mark>" in h.snippet for h in hits)


def test_a_quoted_phrase_is_found_behind_a_proclitic_and_marked_whole(es, tmp_path):
    """«لوقف إطلاق النار», «وللأمم المتحدة»: the phrase as typed with a conjunction or preposition joined
    to its first word; not another inflection, nor a letter joined to a later word."""
    alias = "akhbar-test-proclitics"
    mappings.drop(es, alias)
    bodies = {
        "typed": "أعلنت الأطراف وقف إطلاق النار في المدينة.",
        "for": "وقعت القبيلتان اتفاقا لوقف إطلاق النار في سبها.",
        "and-the": "وفي رسالة وللأمم المتحدة دور في وقف إطلاق النار.",
        "later-word": "طالبوا بوقف لإطلاق النار هناك.",
        "inflected": "أوقفوا إطلاق النار قالت الأمم.",
        "and-erdogan": "وكان بوتين وأردوغان قد أجريا مكالمة.",
        "three-apart": "اتفق الرئيسان الروسي فلاديمير بوتين، والتركي رجب طيب أردوغان على التهدئة.",
    }
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"title": f"خبر {key}", "body": body, "url": f"http://x.sa/{key}"},
                                       ensure_ascii=False) + "\n" for key, body in bodies.items()), encoding="utf-8")
    assert index_paths(es, alias, [path], tmp_path) == 0

    def found(query: str) -> dict[str, str]:
        return {h.url.rsplit("/", 1)[1]: h.snippet for h in fetch.run_search(es, alias, query, size=10).hits}

    ceasefire = found('"وقف إطلاق النار"')
    assert set(ceasefire) == {"typed", "for", "and-the"}
    assert "<mark>لوقف إطلاق النار</mark>" in ceasefire["for"]
    assert set(found('"الأمم المتحدة"')) == {"and-the"}  # وللأمم: و + ل in the alef's place
    assert set(found('"إطلاق النار"')) == set(bodies) - {"and-erdogan", "three-apart"}  # «لإطلاق النار»: behind a ل
    # words near each other, each as typed or behind a proclitic, in either order
    assert set(found('"بوتين أردوغان"~2')) == set(found('"أردوغان بوتين"~2')) == {"and-erdogan"}
    assert set(found('"بوتين أردوغان"~3')) == {"and-erdogan", "three-apart"}  # three words between
    assert "<mark>بوتين وأردوغان</mark>" in found('"بوتين أردوغان"~2')["and-erdogan"]
    # a word behind ب, ل, ك or ف, which the stemmer keeps («بمفاوضات»), when it has five letters or more
    es.index(index=alias, id="talks", document={"title": "خبر", "body": "رحبت الدول بمفاوضات السلام.",
                                                 "url": "http://x.sa/talks"}, refresh=True)
    assert "<mark>بمفاوضات</mark>" in found("مفاوضات")["talks"]
    # a prefix also starts the words behind ال: أطراف* finds «الأطراف»
    assert "<mark>الأطراف</mark>" in found("أطراف*")["typed"]
    # a hamza on the other seat: مسئول for مسؤول, الشئون for الشؤون
    es.index(index=alias, id="seat", document={"title": "خبر", "body": "قال مسئول في وزارة الشئون الإسلامية.",
                                                "url": "http://x.sa/seat"}, refresh=True)
    assert "<mark>مسئول</mark>" in found("مسؤول")["seat"]
    assert "<mark>الشئون الإسلامية</mark>" in found('"الشؤون الإسلامية"')["seat"]
    # a word's last hamza after the yeh, dotless or not: «الطوارىء» for الطوارئ, «شئ» for شيء
    es.index(index=alias, id="final", document={"title": "خبر", "body": "أعلنت حالة الطوارىء ولم يبق شئ على الشاطيء.",
                                                 "url": "http://x.sa/final"}, refresh=True)
    assert "<mark>الطوارىء</mark>" in found("الطوارئ")["final"]
    assert "<mark>حالة الطوارىء</mark>" in found('"حالة الطوارئ"')["final"]
    assert "<mark>شئ</mark>" in found("شيء")["final"] and "<mark>الشاطيء</mark>" in found("شاطئ")["final"]
    assert "and-the" not in found("مفاوضات") and "for" not in found("وقف")  # لوقف: four letters
    mappings.drop(es, alias)


def test_a_long_quote_finds_where_it_was_published(es, seeded_alias, seed_text):
    """A paragraph of 100 words pasted in quotes (more than the query's 64 terms): its first words as a
    phrase find the article, not every article."""
    text = re.sub(r'["()]', " ", seed_text["004"])  # as pasted, with its own «…»
    quote = " ".join(text.split()[40:140])
    assert "«" in quote and len(parse_query(f'"{quote}"').groups) == 1
    assert _seeds(es, seeded_alias, f'"{quote}"') == {"004"}


def test_prefix_marks_only_words_that_start_with_it(es, seeded_alias):
    hits = fetch.run_search(es, seeded_alias, "الأر*", size=20).hits
    marked = [w for h in hits for w in re.findall(r"<mark>(.*?)</mark>", h.title_html + h.snippet)]
    assert len(hits) > 3 and marked
    assert all(fold(w).startswith("الار") for w in marked), marked  # not ارتفاع, whose stem starts with ار
    doc = fetch.get_article(es, seeded_alias, hits[0].id, fetch.read_query("الأر*"))  # and in the reading view
    whole = re.findall(r"<mark>(.*?)</mark>", article_html(doc or {}))
    assert whole and all(fold(w).startswith("الار") for w in whole), whole


def test_stemming_plural_finds_singular(es, seeded_alias, seed_text):
    expected = {s for s, t in seed_text.items() if re.search(r"(^|\s)(ال)?مكالم(ة|ات)", t)}
    assert expected == {"001", "002", "004"}  # المكالمة
    assert _seeds(es, seeded_alias, "مكالمات") == expected


def test_typo_in_name(es, seeded_alias):
    result = fetch.run_search(es, seeded_alias, "أستانا", size=50)
    found = seeds_in(es, seeded_alias, [h.id for h in result.hits])
    assert "001" in found  # says أستانة


def test_actor_and_2020_range(es, seeded_alias):
    putin = _putin(es, seeded_alias)
    filters = Filters(actors=[putin], since=date(2020, 1, 1), until=date(2020, 12, 31))
    ids = {h.id for h in fetch.iter_all(es, seeded_alias, "", filters)}
    # the same set, computed here from every document of the alias
    every = helpers.scan(es, index=seeded_alias, query={"query": {"match_all": {}}}, _source=["published", "actors"])
    expected = {
        d["_id"]
        for d in every
        if str(d["_source"].get("published") or "").startswith("2020") and putin in (d["_source"].get("actors") or [])
    }
    assert ids == expected and expected
    result = fetch.run_search(es, seeded_alias, "", filters, size=100)
    assert result.total == len(expected)
    assert all(h.published and h.published.startswith("2020") and putin in h.actors for h in result.hits)
    assert seeds_in(es, seeded_alias, list(ids)) == {"004"}  # 003 is from 2020 but its date is unknown


def test_exclusion_and_or(es, seeded_alias):
    assert _seeds(es, seeded_alias, "اردوغان -بيسكوف") == {"000", "001", "004"}
    assert _seeds(es, seeded_alias, 'بيسكوف OR "اللجنة الدستورية"') == {"000", "002", "003", "004"}


def _ids(es, index, text) -> set[str]:
    return {h.id for h in fetch.iter_all(es, index, text, Filters())}


def test_and_not_and_parentheses_are_set_algebra_on_the_node(es, seeded_alias):
    """Each operator gives on the node what the sets of its parts give (short words: no typo
    tolerance, which exclusions leave out)."""
    a, b, c = (_ids(es, seeded_alias, w) for w in ("وزير", "الرياض", "أمير"))
    assert a & b and b & c and a - b  # the words overlap, not wholly
    assert _ids(es, seeded_alias, "وزير AND الرياض") == a & b == _ids(es, seeded_alias, "وزير الرياض")
    assert _ids(es, seeded_alias, "وزير NOT الرياض") == a - b
    assert _ids(es, seeded_alias, "(وزير OR أمير) AND الرياض") == (a | c) & b
    assert _ids(es, seeded_alias, "(وزير الرياض) OR أمير") == (a & b) | c
    assert _ids(es, seeded_alias, "أمير -(وزير الرياض)") == c - (a & b)
    assert _ids(es, seeded_alias, "أمير NOT (وزير OR الرياض)") == c - a - b


def test_stop_words_on_the_node(es, seeded_alias):
    """A stop word alone finds the articles where it is written (not all of them); among other words it
    is left out; excluded, it leaves out the articles that have it; as an alternative, it counts."""
    texts = {h["_id"]: h["_source"] for h in helpers.scan(es, index=seeded_alias, _source=["title", "body"])}
    having = {i for i, src in texts.items() if "هو" in re.findall(r"\w+", f"{src.get('title')} {src.get('body')}")}
    he, putin = _ids(es, seeded_alias, "هو"), _ids(es, seeded_alias, "بوتين")
    assert he == having and 0 < len(he) < len(texts)
    assert putin & he and putin - he  # some Putin articles have the word, some not
    assert _ids(es, seeded_alias, "بوتين هو") == putin
    assert _ids(es, seeded_alias, "بوتين -هو") == putin - he
    assert _ids(es, seeded_alias, "هو OR بوتين") == he | putin
    assert _ids(es, seeded_alias, "من هو") == he & _ids(es, seeded_alias, "من")
    # marked where it is written: whole words, not inside others (وهو, هوية)
    hits = fetch.run_search(es, seeded_alias, "هو", size=10).hits
    marked = [m for h in hits for m in re.findall(r"<mark>(.*?)</mark>", h.snippet)]
    assert marked and set(marked) == {"هو"}
    marked_hit = next(h for h in hits if "<mark>" in h.snippet)
    doc = fetch.get_article(es, seeded_alias, marked_hit.id, fetch.read_query("هو", es=es, index=seeded_alias))
    assert doc and "<mark>هو</mark>" in doc["highlight"]["body"][0]  # and in the reading view


def test_a_name_in_abd_is_found_written_joined_or_apart_on_the_node(es, seeded_alias):
    texts = {h["_id"]: f"{h['_source'].get('title')} {h['_source'].get('body')}"
             for h in helpers.scan(es, index=seeded_alias, _source=["title", "body"])}
    joined = {i for i, t in texts.items() if "عبدالعزيز" in re.findall(r"\w+", t)}
    apart = {i for i, t in texts.items() if re.search(r"(?<!\w)عبد العزيز(?!\w)", t)}
    assert joined - apart and apart - joined  # the sample writes it both ways
    assert _ids(es, seeded_alias, "عبدالعزيز") >= joined | apart
    assert _ids(es, seeded_alias, "عبد العزيز") >= joined | apart


def test_in_the_headline_only_on_the_node(es, seeded_alias):
    anywhere, in_title = _ids(es, seeded_alias, "بوتين"), _ids(es, seeded_alias, "title:بوتين")
    assert in_title and in_title < anywhere  # some name him in the body only
    hits = fetch.run_search(es, seeded_alias, "title:بوتين", size=len(in_title)).hits
    assert {h.id for h in hits} == in_title and all("بوتين" in fold(h.title) for h in hits)
    assert _ids(es, seeded_alias, "بوتين -title:بوتين") == anywhere - in_title


def test_in_the_byline_only_on_the_node(es, seeded_alias):
    """SaudiNewsNet's author field is the byline: a writer, an agency (واس, the Saudi Press Agency), a city."""
    wire = _ids(es, seeded_alias, "author:واس")
    hits = fetch.run_search(es, seeded_alias, "author:واس", size=len(wire)).hits
    assert wire and all("واس" in re.findall(r"\w+", fold(h.author or "")) for h in hits)
    saudi = _ids(es, seeded_alias, "السعودية")
    assert _ids(es, seeded_alias, "السعودية -author:واس") == saudi - wire and saudi & wire
    byline = next(h.author for h in hits if len(h.author.split()) >= 3)
    assert fetch.run_search(es, seeded_alias, f'author:"{byline}"', size=0).total >= 1
    # a stop word in a byline (the analyzer leaves it out) matches no article: it neither finds nor excludes all
    assert _ids(es, seeded_alias, "author:في") == set() and _ids(es, seeded_alias, "السعودية -author:في") == saudi


def test_words_near_each_other_on_the_node(es, seeded_alias):
    """Seed 004 has «فلاديمير بوتين، والتركي رجب طيب أردوغان»: the names three words apart."""
    exact = _ids(es, seeded_alias, '"بوتين أردوغان"')
    near = _ids(es, seeded_alias, '"بوتين أردوغان"~3')
    both = _ids(es, seeded_alias, "بوتين أردوغان")
    assert exact <= near <= both and near - exact
    assert "004" in seeds_in(es, seeded_alias, list(near)) - seeds_in(es, seeded_alias, list(exact))
    # its headline «بوتين وإردوغان يتفقان»: side by side, the second behind a و
    assert "004" in seeds_in(es, seeded_alias, list(_ids(es, seeded_alias, '"بوتين أردوغان"~1')))
    hit = next(h for h in fetch.run_search(es, seeded_alias, '"بوتين أردوغان"~3', size=20).hits if h.id in near - exact)
    assert "<mark>" in hit.snippet


def _inversions(es, index, parsed, *, near: bool = True) -> tuple[int, list[bool]]:
    """Pairs ranked the wrong way round (an article without the query's words together above one
    with them), and the ranking as ``together`` flags; ``near=False``: ranked without the phrases."""
    clauses = [near_clause(t) for t in parsed.near]
    together = {h["_id"] for h in es.search(index=index, size=1000, source=False,
                                             query={"bool": {"should": clauses}})["hits"]["hits"]}
    ranking = parsed if near else replace(parsed, near=())
    ranked = [h.id in together for h in fetch.search(es, index, ranking, size=200, facets=False, highlight=False).hits]
    return sum(ranked[i + 1 :].count(True) for i, flag in enumerate(ranked) if not flag), ranked


def test_words_typed_side_by_side_rank_articles_with_them_together_first(es, seeded_alias):
    """Without quotes the words need not be together, but articles with them together come first."""
    texts = ["وقف إطلاق النار", "الأمير محمد بن سلمان", "المملكة العربية السعودية", "مجلس الأمن", "وزير الخارجية"]
    with_near = without = 0
    for text in texts:
        parsed = fetch.read_query(text)
        assert fetch.search(es, seeded_alias, parsed, size=0).total == fetch.search(
            es, seeded_alias, replace(parsed, near=()), size=0).total  # the same articles match
        wrong, ranked = _inversions(es, seeded_alias, parsed)
        with_near += wrong
        without += _inversions(es, seeded_alias, parsed, near=False)[0]
        if text == "وقف إطلاق النار":
            assert ranked == sorted(ranked, reverse=True) and False in ranked  # all together first
    assert with_near < without / 2, (with_near, without)


@pytest.mark.parametrize("text", ['"اللجنة الدستورية', "OR", "-", "*", '"', "x" * 5000, "؟!..،"])
def test_malformed_queries_answer(es, seeded_alias, text):
    result = fetch.run_search(es, seeded_alias, text, size=5)
    assert result.total >= 0


def test_contextual_facets(es, seeded_alias):
    everything = fetch.run_search(es, seeded_alias, "", size=0)
    peskov = fetch.run_search(es, seeded_alias, "بيسكوف", size=0)
    assert sum(c for _, c in peskov.facets["sources"]) < sum(c for _, c in everything.facets["sources"])
    assert peskov.facets["published"] != everything.facets["published"]
    # multi-select: the actor facet ignores its own selection but the other facets follow it
    putin = _putin(es, seeded_alias)
    sel = fetch.run_search(es, seeded_alias, "", Filters(actors=[putin]), size=0)
    assert dict(sel.facets["actors"]) == dict(everything.facets["actors"])
    assert sum(c for _, c in sel.facets["published"]) == sel.total < everything.total
    assert sum(c for _, c in sel.facets["sources"]) <= sel.total
    undated = dict(everything.facets["published"]).get("none", 0)
    assert undated >= 3  # 000, 001, 003
    # the "no date" bucket, however it is computed, is the number of undated matches in its context
    no_date = {"bool": {"must_not": [{"exists": {"field": "published"}}]}}
    assert undated == es.count(index=seeded_alias, query=no_date)["count"]
    with_putin = {"bool": {"filter": [{"term": {"actors": putin}}], "must_not": no_date["bool"]["must_not"]}}
    assert dict(sel.facets["published"]).get("none", 0) == es.count(index=seeded_alias, query=with_putin)["count"]
    dated_only = fetch.run_search(es, seeded_alias, "", Filters(since=date(2020, 1, 1)), size=0)
    assert dict(dated_only.facets["published"]).get("none", 0) == undated  # the date facet ignores its own filter


def test_day_by_day_counts_are_the_month_facet_split_by_day(es, seeded_alias):
    parsed = fetch.read_query("السعودية")
    chosen = Filters(sources=["aawsat"], since=date(2015, 7, 21), until=date(2015, 7, 21))
    months = [(k, c) for k, c in fetch.search(es, seeded_alias, parsed, chosen, size=0).facets["published"]
              if k != "none"]
    days = fetch.day_counts(es, seeded_alias, parsed, chosen)
    assert len(days) >= 2 and sum(c for _, c in days) == sum(c for _, c in months)  # the range is context
    assert {k[:7] for k, _ in days} == {k for k, _ in months} and days == sorted(days)
    assert days == fetch.day_counts(es, seeded_alias, parsed, Filters(sources=["aawsat"]))


def test_facets_do_not_change_the_hits(es, seeded_alias):
    # with facets the filters apply after the text query (post_filter); without, inside it
    putin = _putin(es, seeded_alias)
    cases = [
        ("", Filters(actors=[putin])),
        ("", Filters(since=date(2020, 1, 1), until=date(2020, 12, 31))),
        ("روسيا OR تركيا", Filters(actors=[putin], since=date(2020, 1, 1))),
    ]
    for text, filters in cases:
        for sort in SORTS:
            full = fetch.run_search(es, seeded_alias, text, filters, size=50, sort=sort)
            bare = fetch.run_search(es, seeded_alias, text, filters, size=50, sort=sort, facets=False, highlight=False)
            assert 0 < full.total == bare.total < fetch.run_search(es, seeded_alias, text, size=0).total
            assert [(h.id, h.score) for h in full.hits] == [(h.id, h.score) for h in bare.hits]


def test_the_actor_facet_is_the_merged_top_of_people_organisations_and_places(es, seeded_alias):
    putin = _putin(es, seeded_alias)
    for text, filters in [("", Filters()), ("روسيا OR السعودية", Filters()), ("", Filters(actors=[putin])),
                          ("", Filters(topics=["sport"]))]:
        result = fetch.run_search(es, seeded_alias, text, filters, size=0)
        body = build_search(fetch.read_query(text), None, facets=False, highlight=False)  # as the search reads it
        others = filter_clauses(filters, skip="actors")  # the facet ignores its own filter
        direct = es.search(index=seeded_alias, size=0, query={"bool": {"must": [body["query"]], "filter": others}}
                           if others else body["query"], aggs={"a": {"terms": {"field": "actors", "size": FACET_SIZE}}})
        expected = [(b["key"], b["doc_count"]) for b in direct["aggregations"]["a"]["buckets"]]
        assert result.facets["actors"] == expected and len(expected) > 5, (text, filters)
        assert putin in dict(result.facets["persons"]) or text  # a person among however many places


def test_deep_paging_with_search_after(es, seeded_alias):
    parsed = parse_query("")
    total = fetch.run_search(es, seeded_alias, "", size=0).total
    size, window = 7, 21
    for sort in SORTS:
        cursors: dict = {}
        seen: list[str] = []
        page = 0
        while True:
            res = fetch.search_page(
                es, seeded_alias, parsed, None, page=page, size=size, sort=sort,
                cursors=cursors, max_window=window,
            )  # fmt: skip
            if not res.hits:
                break
            seen += [h.id for h in res.hits]
            page += 1
        assert len(seen) == len(set(seen)) == total
        # jumping straight to a deep page walks the cursors and gives the same page
        jump = fetch.search_page(es, seeded_alias, parsed, None, page=page - 2, size=size, sort=sort, max_window=window)
        assert [h.id for h in jump.hits] == seen[(page - 2) * size : (page - 1) * size]
        # a page far past the end (a stale bookmark) answers at once: no hits, the real total
        far = fetch.search_page(es, seeded_alias, parsed, None, page=10**12, size=size, sort=sort, max_window=window)
        assert far.hits == [] and far.total == total


@pytest.mark.parametrize(("sort", "newest_first"), [("date", True), ("oldest", False)])
def test_sort_by_date_both_ways_undated_last(es, seeded_alias, sort, newest_first):
    hits = list(fetch.iter_all(es, seeded_alias, "بوتين", sort=sort))
    published = [h.published for h in hits]
    dated = [p for p in published if p]
    assert len(set(dated)) > 3 and len(dated) < len(published)  # the sample has both
    assert dated == sorted(dated, reverse=newest_first) and published[: len(dated)] == dated


def test_sort_by_copies_puts_the_most_republished_stories_first(es, seeded_alias):
    hits = list(fetch.iter_all(es, seeded_alias, "", sort="copies", page=50))
    counts = [h.dup_count or 0 for h in hits]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2 and counts[-1] == 0
    groups = [h.dup_group for h in hits if h.dup_group]
    runs = [g for i, g in enumerate(groups) if i == 0 or g != groups[i - 1]]
    assert len(runs) == len(set(runs))  # a story's copies side by side: each group one run
    assert len(hits) == fetch.run_search(es, seeded_alias, "", size=0).total


def test_iter_all_small_pages_matches_total(es, seeded_alias):
    total = fetch.run_search(es, seeded_alias, "السعودية", size=0).total
    ids = [h.id for h in fetch.iter_all(es, seeded_alias, "السعودية", page=13)]
    assert len(ids) == len(set(ids)) == total > 13


def test_article_and_duplicates(es, seeded_alias):
    hit = fetch.run_search(es, seeded_alias, "بيسكوف", size=1).hits[0]
    doc = fetch.get_article(es, seeded_alias, hit.id)
    assert doc and doc["id"] == hit.id and doc.get("body_display")
    dups = fetch.get_duplicates(es, seeded_alias, doc.get("dup_group"), exclude_id=hit.id)
    assert all(d.id != hit.id and d.dup_group == doc.get("dup_group") for d in dups)
    grouped = es.search(index=seeded_alias, query={"range": {"dup_count": {"gte": 2}}}, size=1)["hits"]["hits"][0]
    copies = fetch.get_duplicates(es, seeded_alias, grouped["_source"]["dup_group"], exclude_id=grouped["_id"])
    assert copies and all(c.snippet and c.id != grouped["_id"] for c in copies)  # each with its lead
    assert fetch.get_article(es, seeded_alias, "no-such-article") is None
    assert doc["highlight"] == {}  # no query, nothing marked
    assert doc["index"] in es.indices.get_alias(name=seeded_alias)  # the concrete index behind the alias


def test_related_articles_are_on_the_same_subject_and_not_republications(es, seeded_alias):
    ids = seed_ids(es, seeded_alias)
    for name in ALL_SEEDS:  # the five seeds are all about Putin, Erdoğan and Syria
        doc = fetch.get_article(es, seeded_alias, ids[name])
        assert doc
        related = fetch.get_related(es, seeded_alias, doc)
        assert 0 < len(related) <= 5 and doc["id"] not in {h.id for h in related}
        assert all(h.snippet for h in related)  # each with its lead
        assert related[0].id in ids.values(), (name, [h.title for h in related])  # a seed first, not a Saudi story
        scores = [h.score for h in related]  # best first, in the search's stable order (a tie by ref)
        assert all(scores) and scores == sorted(scores, reverse=True)
        assert related == fetch.get_related(es, seeded_alias, doc)
        assert not doc.get("dup_group") or all(h.dup_group != doc["dup_group"] for h in related)


def test_reading_view_marks_the_query_in_the_whole_article(es, seeded_alias):
    query = '"اللجنة الدستورية" بيسكوف'
    hit = fetch.run_search(es, seeded_alias, query, size=1).hits[0]
    doc = fetch.get_article(es, seeded_alias, hit.id, fetch.read_query(query))
    assert doc and len(doc["highlight"]["body"]) == 1  # the whole body, not snippets
    body = article_html(doc).split('<div class="akh-body">', 1)[1]
    marked = re.findall(r"<mark>(.*?)</mark>", body)
    assert "اللجنة الدستورية" in marked and any("بيسكوف" in m for m in marked)
    assert re.sub(r"</?mark>", "", body) == paragraphs(doc["body_display"]) + "</div></div>"  # same text


@pytest.mark.parametrize("query", ["عودة الروح", "#جمعية_الثقافة_والفنون_بجدة_عودة_الروح"])
def test_a_hashtag_is_searched_as_its_words(es, seeded_alias, query):
    """An aawsat article of the sample ends with «(#جمعية_الثقافة_والفنون_بجدة_عودة_الروح)» and has
    those last two words nowhere else; in the reading view the marks sit on the hashtag as written."""
    hits = fetch.run_search(es, seeded_alias, query, size=20).hits
    hit = next(h for h in hits if "/408151/" in (h.url or ""))
    doc = fetch.get_article(es, seeded_alias, hit.id, fetch.read_query(query))
    assert doc and "#جمعية_الثقافة_والفنون_بجدة_عودة_الروح" in doc["body_display"]
    body = article_html(doc).split('<div class="akh-body">', 1)[1]
    assert "<mark>عودة</mark>_<mark>الروح</mark>" in body
    assert re.sub(r"</?mark>", "", body) == paragraphs(doc["body_display"]) + "</div></div>"


def test_an_address_finds_its_article_however_it_is_written(es, seeded_alias):
    """The sample holds aawsat 408151 as ``http://aawsat.com/…/مبادرة-…``; a journalist pastes it with
    https, www, its slug percent-encoded and a tracking parameter."""
    stored = next(h for h in fetch.run_search(es, seeded_alias, "عودة الروح", size=20).hits if "/408151/" in h.url)
    pasted = "https://www." + quote(stored.url.removeprefix("http://"), safe="/") + "?utm_source=twitter"
    result = fetch.run_search(es, seeded_alias, pasted)
    assert [h.id for h in result.hits] == [stored.id] and not result.notices
    other = fetch.run_search(es, seeded_alias, "بيسكوف", size=1).hits[0]
    assert other.url and other.url.startswith("http")
    both = fetch.run_search(es, seeded_alias, f"{pasted} OR {other.url}")
    assert {h.id for h in both.hits} == {stored.id, other.id}
    missing = fetch.read_query("https://aawsat.com/home/article/1")
    assert fetch.search(es, seeded_alias, missing, size=0).total == 0
    assert fetch.did_you_mean(es, seeded_alias, missing) is None  # no respelling of an address


def test_site_finds_an_outlets_articles_by_key_name_site_or_address(es, seeded_alias):
    sources = fetch.search(es, seeded_alias, fetch.read_query(""), size=0).facets["sources"]
    (key, count), (other, other_count) = sources[:2]
    address = fetch.run_search(es, seeded_alias, f"site:{key}", size=1).hits[0].url or ""
    host = address.split("/")[2]
    assert outlet_name(key) != key and "." in host
    for typed in (f"site:{key}", f'مصدر:"{outlet_name(key)}"', f"مصدر:{outlet_name(key)}", f"site:{host}",
                  f"site:{address}", f"source:www.{host.removeprefix('www.')}"):
        result = fetch.run_search(es, seeded_alias, typed, size=100)
        assert result.total == count and {h.source for h in result.hits} == {key}, typed
    word = fetch.run_search(es, seeded_alias, "السعودية", size=0).total
    there = fetch.run_search(es, seeded_alias, f"السعودية site:{key}", size=0).total
    elsewhere = fetch.run_search(es, seeded_alias, f"السعودية -site:{key}", size=0).total
    assert 0 < there < word and there + elsewhere == word
    assert fetch.run_search(es, seeded_alias, f"site:{key} OR site:{other}", size=0).total == count + other_count
    # a site the scrape named otherwise is found by its addresses
    alias = f"{seeded_alias}-site"
    mappings.drop(es, alias)
    index = mappings.ensure_index(es, alias)
    es.index(index=index, id="1", document={"title": "خبر", "source": "Another Name", "url": address}, refresh=True)
    try:
        assert fetch.run_search(es, alias, f"site:{host}", size=0).total == 1
        assert fetch.run_search(es, alias, f"site:{key}", size=0).total == 0  # its source is another name
    finally:
        mappings.drop(es, alias)


def test_clear_errors(es):
    with pytest.raises(fetch.IndexMissing, match="akhbar index"):
        fetch.run_search(es, "akhbar-test-does-not-exist", "x")
    from elasticsearch import Elasticsearch

    down = Elasticsearch("http://127.0.0.1:1", max_retries=0, request_timeout=2)
    with pytest.raises(EngineError, match="cannot reach"):
        fetch.run_search(down, "news", "x")


def test_csv_same_bytes_from_cli_and_ui(es, seeded_alias, tmp_path):
    from indexer.search_cmd import write_export
    from search_ui.export import csv_bytes

    hits = list(fetch.iter_all(es, seeded_alias, "بيسكوف"))
    out = tmp_path / "x.csv"
    assert write_export(hits, out, "csv") == len(hits) >= 2
    data = out.read_bytes()
    assert data == csv_bytes(hits)
    assert data.startswith(b"\xef\xbb\xbfid,ref,title,") and b"\r\n" in data


def test_export_shows_its_progress_on_a_terminal_only(es, seeded_alias):
    from rich.console import Console

    from indexer.search_cmd import counted

    hits = list(fetch.iter_all(es, seeded_alias, ""))
    assert len(hits) > 500  # the bar moves every 500
    terminal = Console(file=io.StringIO(), force_terminal=True, width=100)
    assert list(counted(iter(hits), len(hits), terminal)) == hits
    assert "exporting" in terminal.file.getvalue() and f"500/{len(hits)}" in terminal.file.getvalue()
    piped = Console(file=io.StringIO(), force_terminal=False)
    assert list(counted(iter(hits), len(hits), piped)) == hits and piped.file.getvalue() == ""


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_with_its_text_loads_into_another_archive_as_it_was(es, seeded_alias, tmp_path, fmt):
    """Moving articles to another archive: `akhbar export --text`, then `akhbar index` of the file.
    Their dates keep where they came from (a day found in the text, or the day of the fetch, is not
    taken for the scrape's own date), and their actors and topics come out the same."""
    out = tmp_path / f"all.{fmt}"
    assert akhbar("export", "", "--text", "--format", fmt, "-o", str(out), "--index", seeded_alias).returncode == 0
    alias = "akhbar-test-moved"
    mappings.drop(es, alias)
    assert index_paths(es, alias, [out], tmp_path) == 0

    def by_title(index: str) -> dict[str, tuple]:
        fields = ["title_display", "url", "published", "published_source", "actors", "topics"]
        docs = [h["_source"] for h in helpers.scan(es, index=index, _source=fields)]
        return {(d["title_display"], d.get("url")): (d.get("published"), d.get("published_source"),
                                                      sorted(d.get("actors") or []), sorted(d.get("topics") or []))
                for d in docs}

    before, after = by_title(seeded_alias), by_title(alias)
    assert after == before
    assert {v[1] for v in after.values()} >= {"text", "crawl"}  # each kind of date there came across
    mappings.drop(es, alias)


def test_cli_export_errors_are_one_line_and_leave_no_file(es, seeded_alias, tmp_path):
    run = akhbar("export", "بيسكوف", "--index", seeded_alias, "-o", str(tmp_path / "no-dir" / "x.csv"))
    assert run.returncode == 2 and "Traceback" not in run.stderr and "cannot write" in run.stderr
    out = tmp_path / "x.jsonl"
    run = akhbar("export", "بيسكوف", "--index", seeded_alias, "-o", str(out), "--format", "jsonl",
                 es_url="http://127.0.0.1:1")
    assert run.returncode == 2 and "cannot reach" in run.stderr and not list(tmp_path.iterdir())
    run = akhbar("export", "بيسكوف", "--index", seeded_alias, "-o", str(out), "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == fetch.run_search(es, seeded_alias, "بيسكوف", size=0).total >= 2
    assert not (tmp_path / "x.jsonl.part").exists()
    rows = [json.loads(line) for line in lines]
    for row in rows:  # where each date came from, as stored
        stored = es.get(index=seeded_alias, id=row["id"], source=["published_source"])["_source"]
        assert row["published_source"] == stored.get("published_source") in ("metadata", "text", "crawl", None)
    # a day also in the Hijri calendar (seed 002's 7 October 2021 is 1 Rabi al-Awwal 1443), none without a day
    assert {"2021-10-07": "1443-03-01"}.items() <= {r["published"]: r["published_hijri"] for r in rows}.items()
    assert all(r["published_hijri"] is None for r in rows if not r["published"])


@pytest.mark.parametrize(("name", "fmt", "expected"), [
    ("all.jsonl", None, "jsonl"), ("all.NDJSON", None, "jsonl"), ("all.csv", None, "csv"),
    ("all.jsonl.gz", None, "jsonl"), ("all.csv.gz", None, "csv"), ("-", None, "jsonl"), ("all.txt", None, "csv"),
    ("-", "csv", "csv"),
    ("all.csv", "jsonl", "jsonl"), ("all.json", "jsonl", "jsonl"),
])  # fmt: skip
def test_an_export_is_in_the_format_its_file_name_says(name, fmt, expected):
    assert export_format(name, fmt) == expected


def test_an_export_format_that_is_none_of_them_is_refused():
    with pytest.raises(ValueError, match="not a JSON document"):
        export_format("all.json")
    with pytest.raises(ValueError, match="choose csv or jsonl"):
        export_format("all.csv", "xml")


def test_cli_export_by_file_name_compressed_or_to_standard_output(es, seeded_alias, tmp_path):
    """`-o x.jsonl` is JSON Lines without --format, `.gz` compresses, `-o -` is for a pipe (no BOM,
    the count on stderr), and `-o x.json` is refused before anything is written."""
    runs = {name: akhbar("export", "بيسكوف", "--index", seeded_alias, "-o", str(tmp_path / name))
            for name in ("p.jsonl", "p.csv", "p.csv.gz")}
    assert all(run.returncode == 0 for run in runs.values()), runs
    total = fetch.run_search(es, seeded_alias, "بيسكوف", size=0).total
    rows = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == total >= 2
    plain = (tmp_path / "p.csv").read_bytes()
    assert gzip.decompress((tmp_path / "p.csv.gz").read_bytes()) == plain and plain.startswith(b"\xef\xbb\xbf")
    piped = akhbar("export", "بيسكوف", "--index", seeded_alias, "-o", "-")  # a pipe: JSON Lines
    assert piped.returncode == 0 and f"{total} articles written to standard output" in piped.stderr
    assert [json.loads(line) for line in piped.stdout.splitlines()] == rows
    csv_out = akhbar("export", "بيسكوف", "--index", seeded_alias, "-o", "-", "--format", "csv")
    assert csv_out.stdout == plain[3:].decode("utf-8").replace("\r\n", "\n")  # the file without the BOM
    refused = akhbar("export", "بيسكوف", "--index", seeded_alias, "-o", str(tmp_path / "p.json"))
    assert refused.returncode == 2 and "not a JSON document" in refused.stderr
    assert not (tmp_path / "p.json").exists()


def test_cli_export_to_a_pipe_closed_early_stops_quietly(seeded_alias):
    """`akhbar export '' -o - | head -1`: no traceback (click's exit code for a closed pipe, 1)."""
    cmd = [sys.executable, "-m", "indexer", "export", "", "--text", "--index", seeded_alias, "-o", "-"]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert json.loads(proc.stdout.readline())["id"]
        proc.stdout.close()  # far more than a pipe's buffer is still to come
        stderr = proc.stderr.read().decode()
        assert proc.wait(60) == 1 and stderr == ""


def test_cli_export_with_the_full_text(es, seeded_alias, tmp_path):
    for fmt in ("jsonl", "csv"):
        plain, full = tmp_path / f"plain.{fmt}", tmp_path / f"full.{fmt}"
        for out, extra in ((plain, []), (full, ["--text"])):
            run = akhbar("export", "بيسكوف", "--index", seeded_alias, "-o", str(out), "--format", fmt, *extra)
            assert run.returncode == 0, run.stderr
        if fmt == "jsonl":
            rows = [json.loads(line) for line in full.read_text(encoding="utf-8").splitlines()]
            assert all("text" not in json.loads(line) for line in plain.read_text(encoding="utf-8").splitlines())
        else:
            rows = list(csv.DictReader(io.StringIO(full.read_text(encoding="utf-8-sig"))))
            assert "text" not in next(csv.DictReader(io.StringIO(plain.read_text(encoding="utf-8-sig"))))
        assert len(rows) >= 2
        for row in rows:  # the article's display text, whole
            doc = fetch.get_article(es, seeded_alias, row["id"])
            assert doc and row["text"] == doc["body_display"]


def test_cli_dates_may_be_a_month_or_a_year(es, seeded_alias):
    def total(*args: str) -> int:
        run = akhbar("search", "", "--json", "--size", "0", "--index", seeded_alias, *args)
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)["total"]

    year = fetch.run_search(es, seeded_alias, "", Filters(since=date(2020, 1, 1), until=date(2020, 12, 31)), size=0)
    assert total("--since", "2020", "--until", "2020") == year.total > 0
    february = Filters(since=date(2020, 2, 1), until=date(2020, 2, 29))  # 2020 is a leap year
    assert total("--since", "2020-02", "--until", "2020-02") == fetch.run_search(
        es, seeded_alias, "", february, size=0).total >= 1  # seed 004, 2020-02-08
    for bad in ("2020-13", "2021-02-30", "20"):
        run = akhbar("search", "", "--index", seeded_alias, "--until", bad)
        assert run.returncode == 2 and "YYYY-MM or YYYY" in run.stderr and "Traceback" not in run.stderr


def test_cli_search_json(es, seeded_alias):
    run = akhbar("search", "اردوغان", "--json", "--size", "100", "--index", seeded_alias)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert set(result) == {"total", "hits", "facets"} and set(result["facets"]) == {"actors", "topics", "sources",
                                                                                   "published"}
    assert result["total"] == len(result["hits"]) >= 5
    assert set(result["hits"][0]) == {"id", "ref", "title", "published", "source", "url", "actors", "topics",
                                      "snippet", "score"}
    assert seeds_in(es, seeded_alias, [h["id"] for h in result["hits"]]) == ALL_SEEDS
    assert all(re.fullmatch(r"\d{4}-\d{2}|none", b["key"]) for b in result["facets"]["published"])


def test_cli_a_query_may_start_with_an_exclusion(es, seeded_alias):
    everything, peskov = (fetch.run_search(es, seeded_alias, q, size=0).total for q in ("", "بيسكوف"))
    options = ("--json", "--index", seeded_alias)
    for args in (("-بيسكوف", *options), ("-بيسكوف", "--size", "0", *options), (*options, "--", "-بيسكوف")):
        run = akhbar("search", *args)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["total"] == everything - peskov > 0
    wrong = akhbar("search", "بيسكوف", "--sorted", "date", "--index", seeded_alias)
    assert wrong.returncode == 2 and "--sorted" in wrong.stderr and "Traceback" not in wrong.stderr


def test_cli_filters_take_any_spelling_of_an_actor_and_topic_labels(es, seeded_alias):
    def keys(*args: str) -> tuple[set[str], str]:
        run = akhbar("search", "", "--json", "--size", "100", "--index", seeded_alias, *args)
        assert run.returncode == 0, run.stderr
        return {h["id"] for h in json.loads(run.stdout)["hits"]}, run.stderr

    canonical, _ = keys("--actor", "رجب طيب أردوغان", "--topic", "syria")
    assert seeds_in(es, seeded_alias, list(canonical)) >= {"002", "004"}
    for spelling in ("اردوغان", "إردوغان", "الرئيس التركي أردوغان", "Erdogan"):
        found, notes = keys("--actor", spelling, "--topic", "سوريا")
        assert found == canonical and "is 'رجب طيب أردوغان'" in notes
    unknown, notes = keys("--actor", "فلان الفلاني")
    assert unknown == set() and "names no known actor" in notes
    _, notes = keys("--actor", "Netanyahoo")
    assert "names no known actor (did you mean 'Netanyahu'?)" in notes
    blank, notes = keys("--actor", " ", "--source", "", "--topic", "syria")
    assert blank == keys("--topic", "syria")[0] and not notes  # an empty value filters on nothing
    assads, notes = keys("--actor", "Assad")  # a surname of two: either of them, as searching it
    assert "names several actors: any of 'بشار الأسد' or 'حافظ الأسد'" in notes
    assert assads == keys("--actor", "بشار الأسد", "--actor", "حافظ الأسد")[0]
    assert assads >= keys("--actor", "بشار الأسد")[0] and len(assads) > 0
    run = akhbar("search", "", "--topic", "nope", "--index", seeded_alias)
    assert run.returncode == 2 and "unknown topic 'nope'" in run.stderr and "Traceback" not in run.stderr


def test_cli_size_zero_prints_the_count_and_facets(es, seeded_alias):
    run = akhbar("search", "بوتين", "--size", "0", "--index", seeded_alias)
    assert run.returncode == 0, run.stderr
    result = fetch.run_search(es, seeded_alias, "بوتين", size=0)
    lines = [line for line in run.stdout.splitlines() if not line.startswith("note:")]  # how the query was read
    assert lines[0] == f"{result.total:,} article" + ("" if result.total == 1 else "s")
    for name in ("actors", "sources"):
        key, count = result.facets[name][0]
        shown = outlet_and_key(key) if name == "sources" else key  # an outlet by name and key
        assert re.search(rf"│ {re.escape(shown)}\s+│ {count:,}\s+│", run.stdout), name
    outlet = result.facets["sources"][0][0]
    by_name = akhbar("search", "بوتين", "--source", outlet_names()[outlet], "--json", "--index", seeded_alias)
    expected = fetch.run_search(es, seeded_alias, "بوتين", Filters(sources=[outlet]), size=0).total
    assert by_name.returncode == 0 and json.loads(by_name.stdout)["total"] == expected > 0
    # the actors as people, organisations and places, each in count order
    assert [t for t in ("people", "organisations", "places") if f"┃ {t} " in run.stdout] == [
        "people", "organisations", "places"]
    people = run.stdout.split("┃ people", 1)[1].split("┃ organisations", 1)[0]
    assert "فلاديمير بوتين" in people and "روسيا" not in people
    per_year = sum(n for m, n in result.facets["published"] if m.startswith("2015"))
    assert re.search(rf"│ 2015\s+│ {per_year:,}\s+│", run.stdout)


@pytest.mark.parametrize("columns", [80, 160])
def test_cli_search_table_keeps_titles_readable(es, seeded_alias, columns):
    expected = fetch.run_search(es, seeded_alias, "بيسكوف", size=5)
    run = akhbar("search", "بيسكوف", "--size", "5", "--index", seeded_alias, columns=columns)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert f"{expected.total} articles" in run.stdout and max(map(cell_len, lines)) <= columns
    cells = " ".join(line.split("│")[4] for line in lines if line.count("│") > 4)  # the title column
    for hit in expected.hits:
        assert hit.title.split()[0] in cells
    assert ("link" in run.stdout) == (columns >= 110)


def test_cli_search_table_prints_scraped_text_as_text(es, tmp_path):
    """Square brackets in a title are not console markup: nothing vanishes, nothing crashes."""
    alias = "akhbar-test-brackets"
    mappings.drop(es, alias)
    title = "[video] تسجيل مصور [/b] لمؤتمر صحفي [bold]"
    scrape = tmp_path / "brackets.jsonl"
    scrape.write_text(json.dumps({"title": title, "content": "نص الخبر عن المؤتمر الصحفي " * 10,
                                  "source": "[red]x", "url": "http://example.org/a"}, ensure_ascii=False))
    assert index_paths(es, alias, [scrape], tmp_path) == 0
    run = akhbar("search", "مؤتمر", "--index", alias, columns=200)
    mappings.drop(es, alias)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert title in run.stdout and "[red]x" in run.stdout


def test_cli_search_table_marks_crawl_dates(es, seeded_alias):
    crawled = fetch.run_search(es, seeded_alias, "السعودية", size=10, sort="date")
    assert any(h.published_source == "crawl" for h in crawled.hits)  # the SaudiNewsNet sample
    run = akhbar("search", "السعودية", "--sort", "date", "--index", seeded_alias, columns=160)
    assert re.search(r"│ ≈2015-\d\d-\d\d", run.stdout) and "≈ the day the page was fetched" in run.stdout
    seeds = akhbar("search", "بيسكوف", "--index", seeded_alias, columns=160)
    assert re.search(r"│ 2021-10-07\s+│", seeds.stdout)  # seed 002, dated from its text: no ≈


def test_cli_search_table_folds_a_republished_story_into_one_row(es, seeded_alias):
    grouped = es.search(index=seeded_alias, size=20, query={"range": {"dup_count": {"gte": 2}}},
                        sort=[{"dup_count": "desc"}, {"ref": "asc"}], _source=["title"])["hits"]["hits"]
    for doc in grouped:  # a duplicate group whose copies its title finds on one page
        title = doc["_source"]["title"]
        hits = fetch.run_search(es, seeded_alias, title, size=20).hits
        rows = fold_republications(hits)
        if len(rows) < len(hits):
            break
    else:
        pytest.fail("no duplicate group of the seeded archive is found by its title")
    run = akhbar("search", title, "--index", seeded_alias, columns=200)
    assert run.returncode == 0, run.stderr
    numbers = [int(m) for m in re.findall(r"^│\s+(\d+) │", run.stdout, re.M)]
    assert numbers == list(range(1, len(rows) + 1))
    folded = [also for _, also in rows if also]
    for also in folded:
        assert "also: " + "، ".join(outlet_name(h.source) if h.source else h.ref or "?" for h in also) in run.stdout
    copies = json.loads(akhbar("search", title, "--json", "--index", seeded_alias).stdout)
    assert len(copies["hits"]) == len(hits)  # --json lists every hit: folding is for the eye


def test_a_misspelt_query_is_offered_the_archives_spelling(es, seeded_alias):
    assert fetch.run_search(es, seeded_alias, "بوتبن OR لافرف OR ادلت", size=0).total == 0
    assert fetch.did_you_mean(es, seeded_alias, fetch.read_query("بوتبن OR لافرف OR ادلت")) == "بوتين OR لافروف OR إدلب"
    assert fetch.did_you_mean(es, seeded_alias, fetch.read_query("كلمةلاتوجدابدا")) is None
    assert fetch.did_you_mean(es, seeded_alias, fetch.read_query("f,jdk")) == "بوتين"  # a Latin keyboard layout
    assert fetch.did_you_mean(es, seeded_alias, fetch.read_query("Putn Erdogn")) == "Putin Erdoğan"  # Latin names
    # as close to اليوم (commoner) as to اليمن: the name is offered
    assert fetch.did_you_mean(es, seeded_alias, fetch.read_query("اليمم")) == "اليمن"
    assert fetch.did_you_mean(es, seeded_alias, fetch.read_query("qwxzqwxz")) is None
    narrowed = Filters(sources=["nowhere"])
    assert fetch.did_you_mean(es, seeded_alias, fetch.read_query("بوتبن"), narrowed) is None  # nothing there either
    run = akhbar("search", "بوتبن", "--index", seeded_alias)
    assert run.returncode == 0 and "no articles match" in run.stdout and "did you mean: بوتين" in run.stdout
    latin = akhbar("search", "Putin visit", "--index", seeded_alias)  # a Latin word that is no name
    assert "no articles match" in latin.stdout and "visit: no known actor has this name" in latin.stdout


def test_cli_search_engine_down_is_one_line(es):
    run = akhbar("search", "x", es_url="http://127.0.0.1:1")
    assert run.returncode == 2 and "Traceback" not in run.stderr and "cannot reach" in run.stderr
