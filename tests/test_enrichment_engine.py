"""Enrichment as indexed by the real pipeline: actor facets, dates, re-enrichment and unknown candidates."""

from __future__ import annotations

import json

import pytest
import yaml

from indexer import mappings
from indexer.actors import DEFAULT_PATH, Gazetteer, candidate_type, tokenize
from indexer.enrich import Enricher, current_rules
from indexer.reenrich import (
    Written,
    candidates_as_written,
    neighbours,
    outdated,
    reenrich,
    skeleton_spellings,
    unknown_candidates,
    written_at,
    written_in,
)
from indexer.text import fold
from indexer.topics import DEFAULT_PATH as TOPICS_PATH
from indexer.topics import TopicModel
from tests.conftest import akhbar, index_paths

pytestmark = pytest.mark.engine

ERDOGAN, PUTIN, PESKOV, LAVROV = "رجب طيب أردوغان", "فلاديمير بوتين", "دميتري بيسكوف", "سيرغي لافروف"


def seeds(es, alias) -> dict[str, dict]:
    resp = es.search(index=alias, size=10, query={"wildcard": {"ref": "00*.txt"}})
    return {hit["_source"]["ref"][:3]: hit["_source"] for hit in resp["hits"]["hits"]}


def test_seed_actors_are_canonical(es, seeded_alias):
    docs = seeds(es, seeded_alias)
    assert sorted(docs) == ["000", "001", "002", "003", "004"]
    peskov = Gazetteer.load().extract("", "دميتري بيسكوف").persons
    assert len(peskov) == 1
    for key, doc in docs.items():
        assert ERDOGAN in doc["actors"] and PUTIN in doc["actors"], key
        assert ERDOGAN in doc["persons"] and PUTIN in doc["persons"]
    assert peskov[0] in docs["002"]["persons"] and peskov[0] in docs["003"]["persons"]
    assert "ديمتري بيسكوف" in docs["002"]["body_display"] and "دميتري بيسكوف" in docs["003"]["body_display"]
    lavrov = Gazetteer.load().extract("", "سيرغي لافروف").persons[0]
    assert lavrov in docs["003"]["persons"] and lavrov in docs["004"]["persons"]


def test_actor_facet_over_seeds_has_one_key_per_person(es, seeded_alias):
    resp = es.search(index=seeded_alias, size=0, query={"wildcard": {"ref": "00*.txt"}},
                     aggs={"p": {"terms": {"field": "persons", "size": 100}}})
    keys = [b["key"] for b in resp["aggregations"]["p"]["buckets"]]
    surnames = [fold(k).split()[-1] for k in keys]
    assert len(surnames) == len(set(surnames)), keys
    counts = {b["key"]: b["doc_count"] for b in resp["aggregations"]["p"]["buckets"]}
    assert counts[ERDOGAN] == 5 and counts[PUTIN] == 5


def test_seed_publication_dates(es, seeded_alias):
    docs = seeds(es, seeded_alias)
    assert docs["004"]["published"] == "2020-02-08" and docs["004"]["published_source"] == "text"
    assert docs["002"]["published"] == "2021-10-07" and docs["002"]["published_precision"] == "day"
    assert docs["001"]["published"] is None  # no date that can be determined: left empty, never invented


def test_a_day_in_the_address_dates_the_article(es, tmp_path):
    """Al-Eqtisadiah writes its issue's day into the address: stored as the article's date (from the
    address, not shown as the crawl day), kept by `akhbar enrich --all`; an address without one
    leaves the article to the crawl day (a bare «أمس» in the text dates nothing)."""
    alias = "akhbar-test-url-dates"
    mappings.drop(es, alias)
    scrape = tmp_path / "scrape.jsonl"
    records = [{"source": source, "url": url, "date_extracted": "2015-07-21 02:47:05",
                "title": f"وزير المالية يعلن الميزانية {n}", "content": "أعلن وزير المالية أمس أرقام الميزانية."}
               for n, (source, url) in enumerate((("aleqtisadiya", "http://www.aleqt.com/2015/07/20/article_974922.html"),
                                                   ("alriyadh", "http://www.alriyadh.com/1066713")))]
    scrape.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert akhbar("index", str(scrape), "--index", alias, "--failed", str(tmp_path / "f")).returncode == 0

    def dates() -> dict[str, tuple[str, str]]:
        hits = es.search(index=alias, size=10)["hits"]["hits"]
        return {h["_source"]["source"]: (h["_source"]["published"], h["_source"]["published_source"]) for h in hits}

    expected = {"aleqtisadiya": ("2015-07-20", "url"), "alriyadh": ("2015-07-21", "crawl")}
    assert dates() == expected
    table = akhbar("search", "الميزانية", "--index", alias, "--sort", "oldest").stdout
    assert "≈2015-07-21" in table and " 2015-07-20 " in table and "≈2015-07-20" not in table, table
    assert "re-enriched 2 articles" in akhbar("enrich", "--index", alias, "--all").stdout
    assert dates() == expected
    mappings.drop(es, alias)


def test_a_role_names_its_holder_on_the_article_date_in_search_and_facets(es, tmp_path):
    """An article that names the King only as «خادم الحرمين الشريفين» is his by its date: his facet
    counts it, a filter on him and a search for his name (typed in Arabic or Latin) find it; one from
    2010 is King Abdullah's."""
    alias = "akhbar-test-offices"
    mappings.drop(es, alias)
    scrape = tmp_path / "scrape.jsonl"
    text = "وجه خادم الحرمين الشريفين بصرف راتب شهرين لموظفي الدولة."
    records = [{"url": f"http://x.sa/{n}", "date_extracted": f"{year}-07-21 09:00:00",
                "title": f"توجيه بصرف مكافأة {n}", "content": text} for n, year in enumerate((2015, 2010))]
    scrape.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert akhbar("index", str(scrape), "--index", alias, "--failed", str(tmp_path / "f")).returncode == 0
    for query in (("", "--actor", "الملك سلمان بن عبدالعزيز"), ("King Salman",), ("الملك سلمان",)):
        found = json.loads(akhbar("search", *query, "--index", alias, "--json").stdout)
        assert [h["url"] for h in found["hits"]] == ["http://x.sa/0"], query
        assert "الملك سلمان بن عبدالعزيز" in found["hits"][0]["actors"]
    facet = json.loads(akhbar("search", "", "--index", alias, "--json").stdout)["facets"]["actors"]
    assert {"key": "الملك سلمان بن عبدالعزيز", "count": 1} in facet
    assert {"key": "الملك عبدالله بن عبدالعزيز", "count": 1} in facet
    mappings.drop(es, alias)


def test_reenrich_restores_enrichment_from_stored_text(es, seeded_alias):
    docs = seeds(es, seeded_alias)
    hits = es.search(index=seeded_alias, query={"term": {"ref": "004_cfd70046b713ef0e.txt"}})["hits"]["hits"]
    target = hits[0]["_id"]
    es.update(index=seeded_alias, id=target, doc={"actors": [], "persons": [], "topics": [], "published": None},
              refresh=True)
    done, failed = reenrich(es, seeded_alias, Enricher(), every=True)  # the same rules: every article
    assert failed == 0 and done == es.count(index=seeded_alias)["count"]
    after = es.get(index=seeded_alias, id=target)["_source"]
    for field in ("actors", "persons", "topics", "published"):
        assert after[field] == docs["004"][field], field


def test_enrichment_rules_are_told_apart(tmp_path):
    """Each article stores which rules enriched it: the same files give the same fingerprint; a gazetteer
    or taxonomy edited (one alias more), another."""
    current = Enricher()
    assert current.fields("بوتين", "أردوغان")["enriched_by"] == current.rules == Enricher().rules == current_rules()
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["actors"][0]["aliases"].append("اسم آخر")
    edited = tmp_path / "actors.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert Enricher(gazetteer=Gazetteer.load(edited)).rules != current.rules
    taxonomy = tmp_path / "topics.yaml"
    taxonomy.write_bytes(TOPICS_PATH.read_bytes() + b"\n# edited\n")
    assert Enricher(topics=TopicModel.load(taxonomy)).rules != current.rules


def test_enrich_brings_the_outdated_articles_up_to_date(es, tmp_path):
    """Articles loaded without enrichment, or enriched by other rules, are told apart: `akhbar index`
    and `akhbar stats` say how many, `akhbar enrich` enriches those (the others are left) and then none."""
    alias = "akhbar-test-outdated"
    mappings.drop(es, alias)
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for path, n in ((first, 3), (second, 2)):
        path.write_text("".join(json.dumps({"title": f"بوتين يلتقي أردوغان {path.stem}{i}", "body": "في سوتشي.",
                                            "url": f"http://x.sa/{path.stem}/{i}"}, ensure_ascii=False) + "\n"
                                for i in range(n)), encoding="utf-8")
    assert akhbar("index", str(first), "--index", alias, "--no-enrich", "--failed", str(tmp_path / "f")).returncode == 0
    rules = Enricher().rules
    assert outdated(es, alias, rules) == 3
    run = akhbar("index", str(second), "--index", alias, "--failed", str(tmp_path / "f"))
    assert run.returncode == 0 and "note: 3 stored articles were enriched by other rules" in run.stderr, run.stderr
    assert "\noutdated   3 stored articles" in akhbar("stats", "--index", alias).stdout
    run = akhbar("enrich", "--index", alias)
    assert run.returncode == 0 and "re-enriched 3 articles" in run.stdout, run.stderr
    assert outdated(es, alias, rules) == 0
    hits = es.search(index=alias, size=10)["hits"]["hits"]
    assert all(PUTIN in h["_source"]["actors"] and h["_source"]["enriched_by"] == rules for h in hits)
    again = akhbar("enrich", "--index", alias)
    assert again.returncode == 0 and "every article is enriched with the current rules" in again.stdout
    assert "\noutdated " not in akhbar("stats", "--index", alias).stdout
    # a gazetteer edited since: every article is outdated, and brought up to date again
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["actors"][0]["aliases"].append("اسم آخر")
    edited = tmp_path / "actors.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert reenrich(es, alias, Enricher(gazetteer=Gazetteer.load(edited))) == (5, 0)
    assert outdated(es, alias, rules) == 5
    assert "re-enriched 5 articles" in akhbar("enrich", "--index", alias).stdout
    assert "re-enriched 5 articles" in akhbar("enrich", "--index", alias, "--all").stdout
    mappings.drop(es, alias)


def test_unknown_candidates_exclude_gazetteer_names(es, seeded_alias):
    gazetteer = Gazetteer.load()
    found = unknown_candidates(es, seeded_alias, gazetteer, top=20)
    assert found and all(c.articles >= 1 for c in found)
    assert [c.articles for c in found] == sorted((c.articles for c in found), reverse=True)
    assert all(gazetteer.unknown([c.name, *c.also]) for c in found)


def test_a_candidate_is_found_as_written():
    """A candidate is a folded key: its hamza on a carrier (ئ, ؤ) and ta marbuta come back from the text,
    which the engine's normalisation does not fold (a phrase query for the key found nothing)."""
    assert written_in("قال إن «الذئاب المنفردة» تهدد", "الذياب المنفرده") == "الذئاب المنفردة"
    assert written_in("الشيخ عبد الكريم الخضير قال", "عبدالكريم الخضير") == "عبد الكريم الخضير"
    assert written_in("في ليبيا حفتر، وقال", "حفتر") == "حفتر"
    assert written_in("وزير الخارجية", "الذياب") is None and written_in("", "x") is None


def test_a_candidate_comes_with_the_words_it_was_found_after():
    assert written_at("وقال المدرب البرتغالي خورخي داسيلفا إن", "خورخي داسيلفا") == Written(
        "خورخي داسيلفا", "وقال المدرب البرتغالي")
    assert written_at("بيان. أعلن تنظيم «الدولة الإسلامية» أن", "الدوله الاسلاميه") == Written(
        "الدولة الإسلامية", "أعلن تنظيم")  # the quote aside, up to the sentence's start
    # of several places, the one after a title or an organisation word, as the candidate was found
    assert written_at("سبق أن نشرت صحيفة «سبق» الخبر", "سبق") == Written("سبق", "أن نشرت صحيفة")
    assert written_at("سبق أن قال", "سبق") == Written("سبق", "")  # else the first
    assert [candidate_type(after) for after in ("وقال المدرب البرتغالي", "أعلن تنظيم", "لصحيفة", "في منطقة")] == [
        "person", "organization", "organization", "place"]


def test_candidates_as_gazetteer_entries(es, seeded_alias, tmp_path):
    run = akhbar("candidates", "--index", seeded_alias, "--top", "20", "--yaml")
    assert run.returncode == 0, run.stderr
    entries = yaml.safe_load(run.stdout)
    found = unknown_candidates(es, seeded_alias, Gazetteer.load(), top=20)
    names = [name for c in found for name in (c.name, *c.also)]
    assert len(entries) == len(found) and all(set(e) == {"name", "type", "aliases"} for e in entries)
    assert all(e["aliases"][0] == e["name"] and e["type"] in ("person", "organization", "place") for e in entries)
    assert run.stdout.count("# ") == len(entries) and "articles; seen after: " in run.stdout
    # pasted into the gazetteer, they are known names
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["actors"] += entries
    extended = tmp_path / "actors.yaml"
    extended.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert Gazetteer.load(extended).unknown(names) == []


def test_candidates_are_listed_as_written(es, seeded_alias):
    names = [c.name for c in unknown_candidates(es, seeded_alias, Gazetteer.load(), top=20)]
    forms = {name: written.form for name, written in candidates_as_written(es, seeded_alias, names).items()}
    assert set(forms) == set(names)  # each is found written in an article
    assert all(" ".join(tokenize(fold(form))) == name for name, form in forms.items())  # the same name, unfolded
    assert any(form != name for name, form in forms.items())  # with its hamzas and ta marbutas back
    run = akhbar("candidates", "--index", seeded_alias, "--top", "20")
    assert run.returncode == 0 and all(form in run.stdout for form in forms.values()), run.stdout


def _load(es, alias: str, said: list[str], tmp_path) -> None:
    """Index one article per text of ``said`` into ``alias`` (afresh)."""
    mappings.drop(es, alias)
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"title": f"خبر {i}", "body": text, "url": f"http://x.sa/{i}"},
                                       ensure_ascii=False) + "\n" for i, text in enumerate(said)), encoding="utf-8")
    assert index_paths(es, alias, [path], tmp_path) == 0


def test_one_name_written_with_and_without_bin_is_one_candidate(es, tmp_path):
    """«سالم بن عبدالرحمن الفلاني» and «سالم عبدالرحمن الفلاني» (SaudiNewsNet writes names both ways,
    as it did Badr Al-Samhan's before he joined the gazetteer): one candidate,
    its articles counted once, both writings among the aliases of the entry to paste."""
    alias = "akhbar-test-candidates"
    said = ["قال الدكتور سالم بن عبدالرحمن الفلاني إن الحملة مستمرة",
            "وأوضح الدكتور سالم عبدالرحمن الفلاني أن الحملة مستمرة",
            "قال الدكتور سالم عبدالرحمن الفلاني ثم عاد الدكتور سالم بن عبدالرحمن الفلاني فأكد"]
    _load(es, alias, said, tmp_path)
    (found,) = [c for c in unknown_candidates(es, alias, Gazetteer.load()) if "الفلاني" in c.name]
    assert found.articles == 3 and {found.name, *found.also} == {"سالم بن عبدالرحمن الفلاني", "سالم عبدالرحمن الفلاني"}
    run = akhbar("candidates", "--index", alias, "--yaml")
    (entry,) = [e for e in yaml.safe_load(run.stdout) if "الفلاني" in e["name"]]
    assert sorted(entry["aliases"]) == ["سالم بن عبدالرحمن الفلاني", "سالم عبدالرحمن الفلاني"]
    mappings.drop(es, alias)


def test_outlets_cited_by_name_are_no_candidates(es, tmp_path):
    """A newspaper akhbar knows as an outlet, cited after «صحيفة» (عكاظ, سبق, الشرق الأوسط), is a source,
    not a name to add to the gazetteer; an unknown newspaper still is."""
    alias = "akhbar-test-outlet-candidates"
    said = ["ذكرت صحيفة «عكاظ» أن الحملة مستمرة", "وقالت صحيفة «سبق» إن الحملة مستمرة",
            "ونقلت صحيفة «الشرق الأوسط» عن مصادر", "ونقلت صحيفة «الفلانية» عن مصادر"]
    _load(es, alias, said, tmp_path)
    names = {name for c in unknown_candidates(es, alias, Gazetteer.load()) for name in (c.name, *c.also)}
    assert names == {"الفلانيه"}, names
    mappings.drop(es, alias)


def test_names_matched_by_their_consonants_only_are_listed_to_check(es, tmp_path):
    """``akhbar candidates --spellings``: each name an article writes otherwise than the gazetteer, the
    actor it was taken for and its articles (a clitic form counted with it), as written."""
    alias = "akhbar-test-spellings"
    said = ["قال الرئيس الأمريكي بارك أوباما إن الاتفاق قريب", "وأكد أن لقاءه وبارك أوباما كان مثمرا",
            "قال الرئيس فلادمير بوتين إن", "قال الرئيس باراك أوباما", "حكم على البريطانية أولواداميلولا أوبيمويا"]
    _load(es, alias, said, tmp_path)
    found = {(s.form, s.actor, s.articles) for s in skeleton_spellings(es, alias, Gazetteer.load())}
    assert found == {("بارك اوباما", "باراك أوباما", 2), ("فلادمير بوتين", PUTIN, 1)}
    run = akhbar("candidates", "--index", alias, "--spellings")
    assert run.returncode == 0 and "بارك أوباما" in run.stdout and "فلادمير بوتين" in run.stdout, run.stdout
    assert "أوبيمويا" not in run.stdout and "باراك أوباما" in run.stdout  # the actor, not as a spelling
    refused = akhbar("candidates", "--index", alias, "--spellings", "--yaml")
    assert refused.returncode == 2 and "--yaml" in refused.stderr and "Traceback" not in refused.stderr
    mappings.drop(es, alias)


def test_the_words_around_an_actor_are_listed_to_check(es, tmp_path):
    """``akhbar candidates --around``: the words right before and after an actor's mentions, by the
    articles that have them there (function words, titles and reporting verbs aside), with an
    example; a name that is no actor of the gazetteer is refused."""
    alias = "akhbar-test-around"
    said = ["فاز حزب أردوغان الحاكم في الانتخابات", "انتقدت المعارضة حزب أردوغان بشدة",
            "بدأت زيارة الرئيس أردوغان إلى موسكو"]
    _load(es, alias, said, tmp_path)
    found = {(n.side, n.word, n.articles): n.example for n in neighbours(es, alias, Gazetteer.load(), ERDOGAN)}
    assert found.keys() == {("before", "حزب", 2), ("after", "الحاكم", 1), ("after", "بشده", 1)}  # not الرئيس, إلى
    assert found[("after", "الحاكم", 1)] == "0 فاز حزب اردوغان الحاكم في الانتخابات"
    run = akhbar("candidates", "--index", alias, "--around", "Erdogan")
    assert run.returncode == 0 and "حزب" in run.stdout and ERDOGAN in run.stdout, run.stdout
    refused = akhbar("candidates", "--index", alias, "--around", "زيد عمرو")
    assert refused.returncode == 2 and "names no one actor" in refused.stderr and "Traceback" not in refused.stderr
    mappings.drop(es, alias)
