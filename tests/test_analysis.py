"""The index's Arabic analyzers, through the _analyze API of the real node (mappings/news.json)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from elasticsearch import BadRequestError, Elasticsearch

from indexer import mappings
from tests.conftest import akhbar

pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def index(es: Elasticsearch) -> Iterator[str]:
    alias = "akhbar-test-analysis"
    mappings.drop(es, alias)
    yield mappings.ensure_index(es, alias)
    mappings.drop(es, alias)


def tokens(es: Elasticsearch, index: str, field: str, text: str) -> list[str]:
    return [t["token"] for t in es.indices.analyze(index=index, field=field, text=text)["tokens"]]


def test_light_stemmer_meets_plural_singular_and_prefixes(es, index):
    forms = ["الإتفاقيات", "والاتفاقية", "الاتفاقيه"]
    found = {tuple(tokens(es, index, "body", f)) for f in forms}
    assert len(found) == 1 and len(next(iter(found))) == 1, found


def test_hamza_variants_of_a_name_meet(es, index):
    found = {tuple(tokens(es, index, "title", f)) for f in ["أردوغان", "إردوغان", "اردوغان"]}
    assert len(found) == 1, found


def test_tashkeel_and_tatweel_dropped(es, index):
    assert tokens(es, index, "body", "الرئيسُ") == tokens(es, index, "body", "الرئيس")
    assert tokens(es, index, "body", "مـــباحثات") == tokens(es, index, "body", "مباحثات")
    assert tokens(es, index, "body.exact", "الرئيسُ") == tokens(es, index, "body.exact", "الرئيس") == ["الرئيس"]


def test_arabic_indic_digits_become_ascii(es, index):
    assert tokens(es, index, "body", "٢٠٢٠") == ["2020"]
    assert tokens(es, index, "body.exact", "عام ٢٠٢٠") == ["عام", "2020"]


def test_stop_words_removed_from_stemmed_field_only(es, index):
    assert "في" not in tokens(es, index, "body", "في إدلب")
    assert "في" in tokens(es, index, "body.exact", "في إدلب")


def test_exact_subfield_keeps_plural_and_singular_apart(es, index):
    plural = tokens(es, index, "body.exact", "الاتفاقيات")
    singular = tokens(es, index, "body.exact", "الاتفاقية")
    assert plural != singular
    # …but it still normalises spelling: hamza and teh marbuta variants meet.
    assert tokens(es, index, "body.exact", "الإتفاقية") == tokens(es, index, "body.exact", "الاتفاقيه")


def test_index_settings_from_mappings(es, index):
    body = mappings.index_body()
    settings = es.indices.get_settings(index=index)[index]["settings"]["index"]
    analyzer = settings["analysis"]["analyzer"]["arabic_text"]
    assert analyzer["tokenizer"] == "standard"
    assert analyzer["filter"] == ["decimal_digit", "lowercase", "arabic_stop", "arabic_normalization", "arabic_stem"]
    assert settings["analysis"]["filter"]["arabic_stop"] == {"type": "stop", "stopwords": "_arabic_"}
    mapping = es.indices.get_mapping(index=index)[index]["mappings"]
    assert mapping["dynamic"] == "strict"
    props = mapping["properties"]
    assert props["body"]["analyzer"] == "arabic_text"
    assert props["body"]["fields"]["exact"]["analyzer"] == "arabic_exact"
    assert props["published"]["type"] == "date"
    for facet in ("actors", "topics", "source"):
        assert props[facet]["type"] == "keyword"
    assert props["body_display"] == body["mappings"]["properties"]["body_display"]


def test_alias_fronts_a_versioned_index(es, index):
    assert index == "akhbar-test-analysis-v1"
    assert mappings.current_index(es, "akhbar-test-analysis") == index
    rebuilt = mappings.create_version(es, "akhbar-test-analysis")
    mappings.point_alias(es, "akhbar-test-analysis", rebuilt)
    assert mappings.current_index(es, "akhbar-test-analysis") == "akhbar-test-analysis-v2"
    assert not es.indices.exists(index=index)
    mappings.point_alias(es, "akhbar-test-analysis", rebuilt)  # idempotent


def test_an_archive_made_by_an_earlier_akhbar_takes_up_new_fields(es, tmp_path):
    """An index whose mapping lacks the fields added since (one made by an earlier akhbar) gets them
    when a load opens it: today's documents fit. One whose field changed type cannot be changed in
    place: a load and `akhbar enrich` refuse, saying to rebuild it (no traceback)."""
    alias, changed = "akhbar-test-upgrade", "akhbar-test-upgrade-changed"
    body = mappings.index_body()
    props = body["mappings"]["properties"]
    older = {k: v for k, v in props.items() if k not in ("indexed_at", "crawled")}
    try:
        for name, fields in ((alias, older), (changed, {**props, "topics": {"type": "text"}})):
            mappings.drop(es, name)
            es.indices.create(index=f"{name}-v1", settings=body["settings"],
                              mappings={**body["mappings"], "properties": fields})
            mappings.point_alias(es, name, f"{name}-v1")
        today = {"title": "عنوان", "indexed_at": "2026-11-24T09:00:00Z", "crawled": "2015-08-11 10:00:00"}
        with pytest.raises(BadRequestError):  # as it was, a document of today does not fit it
            es.index(index=alias, document=today)
        assert mappings.ensure_index(es, alias) == f"{alias}-v1"
        es.index(index=alias, document=today, refresh=True)
        now = es.indices.get_mapping(index=alias)[f"{alias}-v1"]["mappings"]["properties"]
        assert now["indexed_at"] == props["indexed_at"] and now["crawled"] == props["crawled"]
        with pytest.raises(ValueError, match=r"earlier akhbar .*akhbar index PATH --recreate"):
            mappings.ensure_index(es, changed)
        seeds = tmp_path / "a.txt"
        seeds.write_text("عنوان\nنص المقال", encoding="utf-8")
        for args in (("index", str(seeds)), ("enrich",)):
            refused = akhbar(*args, "--index", changed, cwd=tmp_path)
            assert refused.returncode == 2 and "Traceback" not in refused.stderr
            assert "was made by an earlier akhbar" in refused.stderr and "--recreate" in refused.stderr
    finally:
        mappings.drop(es, alias)
        mappings.drop(es, changed)
