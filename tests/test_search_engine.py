"""Search behaviour against a real Elasticsearch node (seeds + a SaudiNewsNet sample)."""

from __future__ import annotations

from datetime import date

import pytest
from search_fixtures import search_alias, search_es, seeds_in  # noqa: F401

from indexer.es import EngineError
from search_ui import fetch
from search_ui.query import Filters, parse_query

pytestmark = pytest.mark.engine

ALL_SEEDS = {"000", "001", "002", "003", "004"}


def _seeds(es, index, text, filters=None) -> set[str]:
    ids = [h.id for h in fetch.iter_all(es, index, text, filters or Filters())]
    return seeds_in(es, index, ids)


def _putin(es, index) -> str:
    facets = fetch.run_search(es, index, "بوتين", size=0).facets["actors"]
    return next(k for k, _ in facets if "بوتين" in k or "putin" in k.lower())


def test_erdogan_all_spellings(search_es, search_alias):  # noqa: F811
    assert _seeds(search_es, search_alias, "اردوغان") == ALL_SEEDS


def test_peskov(search_es, search_alias):  # noqa: F811
    assert _seeds(search_es, search_alias, "بيسكوف") == {"002", "003"}


def test_exact_phrase(search_es, search_alias):  # noqa: F811
    assert _seeds(search_es, search_alias, '"اللجنة الدستورية"') == {"000", "003", "004"}


def test_stemming_plural_finds_singular(search_es, search_alias):  # noqa: F811
    assert {"002", "004"} <= _seeds(search_es, search_alias, "مكالمات")


def test_typo_in_name(search_es, search_alias):  # noqa: F811
    result = fetch.run_search(search_es, search_alias, "أستانا", size=50)
    found = seeds_in(search_es, search_alias, [h.id for h in result.hits])
    assert "001" in found  # says أستانة


def test_actor_and_2020_range(search_es, search_alias):  # noqa: F811
    putin = _putin(search_es, search_alias)
    filters = Filters(actors=[putin], since=date(2020, 1, 1), until=date(2020, 12, 31))
    result = fetch.run_search(search_es, search_alias, "", filters, size=100)
    assert result.total >= 1
    assert all(h.published and h.published.startswith("2020") for h in result.hits)
    assert all(putin in h.actors for h in result.hits)
    found = seeds_in(search_es, search_alias, [h.id for h in result.hits])
    assert "004" in found and "003" not in found  # 003 is from 2020 but its date is unknown


def test_exclusion_and_or(search_es, search_alias):  # noqa: F811
    assert _seeds(search_es, search_alias, "اردوغان -بيسكوف") == {"000", "001", "004"}
    assert _seeds(search_es, search_alias, 'بيسكوف OR "اللجنة الدستورية"') == {"000", "002", "003", "004"}


@pytest.mark.parametrize("text", ['"اللجنة الدستورية', "OR", "-", "*", '"', "x" * 5000, "؟!..،"])
def test_malformed_queries_answer(search_es, search_alias, text):  # noqa: F811
    result = fetch.run_search(search_es, search_alias, text, size=5)
    assert result.total >= 0


def test_contextual_facets(search_es, search_alias):  # noqa: F811
    everything = fetch.run_search(search_es, search_alias, "", size=0)
    peskov = fetch.run_search(search_es, search_alias, "بيسكوف", size=0)
    assert sum(c for _, c in peskov.facets["sources"]) < sum(c for _, c in everything.facets["sources"])
    assert peskov.facets["published"] != everything.facets["published"]
    # multi-select: the actor facet ignores its own selection but the other facets follow it
    putin = _putin(search_es, search_alias)
    sel = fetch.run_search(search_es, search_alias, "", Filters(actors=[putin]), size=0)
    assert dict(sel.facets["actors"]) == dict(everything.facets["actors"])
    assert sum(c for _, c in sel.facets["published"]) == sel.total < everything.total
    assert sum(c for _, c in sel.facets["sources"]) <= sel.total
    undated = dict(everything.facets["published"]).get("none", 0)
    assert undated >= 3  # 000, 001, 003


def test_deep_paging_with_search_after(search_es, search_alias):  # noqa: F811
    parsed = parse_query("")
    total = fetch.run_search(search_es, search_alias, "", size=0).total
    size, window = 7, 21
    for sort in ("relevance", "date"):
        cursors: dict = {}
        seen: list[str] = []
        page = 0
        while True:
            res = fetch.search_page(
                search_es, search_alias, parsed, None, page=page, size=size, sort=sort,
                cursors=cursors, max_window=window,
            )  # fmt: skip
            if not res.hits:
                break
            seen += [h.id for h in res.hits]
            page += 1
        assert len(seen) == len(set(seen)) == total
        # jumping straight to a deep page walks the cursors and gives the same page
        jump = fetch.search_page(
            search_es, search_alias, parsed, None, page=page - 2, size=size, sort=sort, max_window=window
        )
        assert [h.id for h in jump.hits] == seen[(page - 2) * size : (page - 1) * size]


def test_iter_all_small_pages_matches_total(search_es, search_alias):  # noqa: F811
    total = fetch.run_search(search_es, search_alias, "السعودية", size=0).total
    ids = [h.id for h in fetch.iter_all(search_es, search_alias, "السعودية", page=13)]
    assert len(ids) == len(set(ids)) == total > 13


def test_article_and_duplicates(search_es, search_alias):  # noqa: F811
    hit = fetch.run_search(search_es, search_alias, "بيسكوف", size=1).hits[0]
    doc = fetch.get_article(search_es, search_alias, hit.id)
    assert doc and doc["id"] == hit.id and doc.get("body_display")
    dups = fetch.get_duplicates(search_es, search_alias, doc.get("dup_group"), exclude_id=hit.id)
    assert all(d.id != hit.id and d.dup_group == doc.get("dup_group") for d in dups)
    assert fetch.get_article(search_es, search_alias, "no-such-article") is None


def test_clear_errors(search_es):  # noqa: F811
    with pytest.raises(fetch.IndexMissing, match="akhbar index"):
        fetch.run_search(search_es, "dev-search-does-not-exist", "x")
    from elasticsearch import Elasticsearch

    down = Elasticsearch("http://127.0.0.1:1", max_retries=0, request_timeout=2)
    with pytest.raises(EngineError, match="cannot reach"):
        fetch.run_search(down, "news", "x")
