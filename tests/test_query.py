"""Unit tests of the query language, the request builder and the response/JSON shape (no engine)."""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise

import pytest

from indexer.actor_names import default_names
from search_ui.arabic_forms import PROCLITICS, behind_a_preposition, other_writings, seats, with_proclitics
from search_ui.query import (
    FACET_SIZE,
    NO_DATE,
    SNIPPET_CHARS,
    Filters,
    build_search,
    related_query,
    site_clause,
    stop_word_candidates,
    stop_words_request,
    suggest_request,
    text_query,
    timeline_search,
    with_stop_words,
    written_forms_request,
)
from search_ui.query_language import (
    MAX_SLOP,
    MAX_TERMS,
    Notice,
    Term,
    from_latin_keyboard,
    parse_query,
    unnamed_latin,
    with_words_replaced,
)
from search_ui.render import (
    UIState,
    histogram_html,
    hit_html,
    meta_line,
    safe_highlight,
    state_from_params,
    state_to_params,
)
from search_ui.results import (
    SearchHit,
    fold_republications,
    highlights,
    parse_hit,
    parse_response,
    parse_timeline,
    project_marks,
    spelling_fixes,
    stop_words,
    title_markup,
    to_json,
    written_forms,
)

MALFORMED = ['"اللجنة الدستورية', "OR", "-", "*", '"', "x" * 5000, "؟!..،", '- OR * " -"" ((', "OR OR -", "a OR",
             ")(", "NOT", "-(", "((((a OR b) c) OR d) NOT (e OR (f -g)))", "(a b c d e) OR (f g h i j) OR (k l)",
             "site:", '-site:"', "site:(((", "site:...",
             "(" * 5000, "title:" * 1000, "NOT " * 1500, "-(" * 2500, "( " * 2500 + "x" + " )" * 2500]  # 5,000 deep


def test_words_all_required():
    q = parse_query("أردوغان بوتين")
    assert q.groups == ((Term("أردوغان"),), (Term("بوتين"),))
    must = build_search(q)["query"]["bool"]["must"]
    assert len(must) == 2


def test_phrase_uses_exact_fields():
    q = parse_query('"اللجنة الدستورية" سوريا')
    assert q.groups[0] == (Term("اللجنة الدستورية", phrase=True),)
    clause = build_search(q)["query"]["bool"]["must"][0]
    typed, *behind = clause["bool"]["should"]
    assert typed["multi_match"] == {
        "query": "اللجنة الدستورية", "type": "phrase", "fields": ["title.exact^3", "body.exact"]
    }
    # or behind a proclitic («واللجنة الدستورية», «للجنة الدستورية»), never another inflection: on
    # each field, its first word any of those forms, the next word right after it
    assert [next(iter(c["intervals"])) for c in behind] == ["title.exact", "body.exact"]
    phrase = behind[1]["intervals"]["body.exact"]["all_of"]
    assert (phrase["ordered"], phrase["max_gaps"]) == (True, 0)
    first, rest = phrase["intervals"]
    assert [r["match"]["query"] for r in first["any_of"]["intervals"]] == [
        f.split()[0] for f in with_proclitics("اللجنة الدستورية")
    ]
    assert rest == {"match": {"query": "الدستورية", "ordered": True, "max_gaps": 0}}


def test_a_word_may_stand_behind_a_preposition():
    """«بمفاوضات», «لمفاوضات»: the stemmer strips و and ال, not ب ل ك ف; a word of five letters or more
    is looked for behind them too, on the stemmed fields, and marked there."""
    assert behind_a_preposition("مفاوضات") == ["بمفاوضات", "لمفاوضات", "كمفاوضات", "فمفاوضات"]
    assert behind_a_preposition("بيرة") == []  # «كبيرة» is big
    assert behind_a_preposition("المفاوضات") == []  # بالمفاوضات, للمفاوضات: the stemmer's
    assert behind_a_preposition("Putin") == []
    should = build_search(parse_query("مفاوضات"))["query"]["bool"]["must"][0]["bool"]["should"]
    assert {"multi_match": {"query": "بمفاوضات لمفاوضات كمفاوضات فمفاوضات", "fields": ["title^3", "body"]}} in should
    assert len(build_search(parse_query("بيرة"))["query"]["bool"]["must"][0]["bool"]["should"]) == 2


def test_a_hamza_on_either_seat():
    """مسؤول and مسئول, شؤون and شئون: one word, its hamza on و (the Gulf's and the Levant's press) or
    on ي (Egypt's); each finds the other, as a word, behind a preposition, in a phrase."""
    assert other_writings("مسؤول") == ["مسئول", "بمسؤول", "لمسؤول", "كمسؤول", "فمسؤول",
                                        "بمسئول", "لمسئول", "كمسئول", "فمسئول"]
    assert other_writings("شئون") == ["شؤون"] and other_writings("سوريا")[0] == "بسوريا"
    phrase = build_search(parse_query('"شؤون المسلمين"'))["query"]["bool"]["must"][0]["bool"]["should"]
    assert [c["multi_match"]["query"] for c in phrase if "multi_match" in c] == ["شؤون المسلمين", "شئون المسلمين"]
    # a word's last hamza on its seat or after the yeh (dotless as often as not), each way; not within a word
    assert seats("شاطئ")[:2] == ["شاطئ", "شاطيء"] and seats("الطوارىء") == ["الطوارىء", "الطوارئ"]
    assert seats("شيء") == ["شيء", "شئ"] and seats("حالة الطوارئ ليلا")[1] == "حالة الطواريء ليلا"
    assert seats("هيئة") == ["هيئة", "هيؤة"] and seats("سوريا") == ["سوريا"]
    assert build_search(parse_query('author:"محمد المسؤول"'))["query"]["bool"]["must"][0] == {
        "multi_match": {"query": "محمد المسؤول", "type": "phrase", "fields": ["author"]}
    }


def test_a_phrase_may_stand_behind_a_proclitic():
    assert with_proclitics("وقف إطلاق النار") == [
        f"{c}وقف إطلاق النار" for c in ("و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل")
    ]
    assert with_proclitics("اللجنة الدستورية")[:5] == [
        "واللجنة الدستورية", "فاللجنة الدستورية", "باللجنة الدستورية", "كاللجنة الدستورية", "للجنة الدستورية"
    ]
    assert "وللجنة الدستورية" in with_proclitics("اللجنة الدستورية")
    assert {"للأمم المتحدة", "وللأمم المتحدة"} <= set(with_proclitics("الأمم المتحدة"))
    assert with_proclitics("بوتين") == [f"{c}بوتين" for c in PROCLITICS]  # a quoted word: that word
    assert with_proclitics("أن الحكومة") == []  # كأن, لأن: other words
    assert with_proclitics("عيد") == [] and with_proclitics("عيد الفطر")[2] == "بعيد الفطر"  # بعيد: far
    assert with_proclitics("Vladimir Putin") == []
    # in a byline, a name as written
    clause = build_search(parse_query('author:"محمد الشميري"'))["query"]["bool"]["must"][0]
    assert clause == {"multi_match": {"query": "محمد الشميري", "type": "phrase", "fields": ["author"]}}


def test_or_joins_neighbours():
    q = parse_query('بوتين OR "فلاديمير بوتين" إدلب')
    assert q.groups == ((Term("بوتين"), Term("فلاديمير بوتين", phrase=True)), (Term("إدلب"),))
    first = build_search(q)["query"]["bool"]["must"][0]
    assert first["bool"]["minimum_should_match"] == 1 and len(first["bool"]["should"]) == 2


def test_arabic_or_is_the_operator_between_terms_and_a_word_in_a_phrase():
    assert parse_query("بوتين أو أردوغان").groups == ((Term("بوتين"), Term("أردوغان")),)
    assert parse_query("بوتين او أردوغان").groups == parse_query("بوتين OR أردوغان").groups
    assert parse_query('"عاجلا أو آجلا"').groups == ((Term("عاجلا أو آجلا", phrase=True),),)
    alone = parse_query("أو بوتين")
    assert alone.groups == ((Term("بوتين"),),) and any("أو" in n.ar for n in alone.notices)


def test_exclusions_word_and_phrase():
    q = parse_query('سوريا -روسيا -"البيت الأبيض"')
    assert q.excludes == ((Term("روسيا"),), (Term("البيت الأبيض", phrase=True),))
    must_not = build_search(q)["query"]["bool"]["must_not"]
    assert len(must_not) == 2
    assert "fuzziness" not in json.dumps(must_not)  # no typo tolerance when excluding


def test_and_is_what_words_side_by_side_mean_and_not_excludes():
    assert parse_query("بوتين AND أردوغان") == replace(parse_query("بوتين أردوغان"), raw="بوتين AND أردوغان")
    assert parse_query("بوتين && أردوغان").groups == parse_query("بوتين أردوغان").groups
    q = parse_query('سوريا NOT روسيا NOT "البيت الأبيض"')
    assert q.excludes == parse_query('سوريا -روسيا -"البيت الأبيض"').excludes and not q.notices
    assert parse_query("and not").groups == ((Term("and"),), (Term("not"),))  # only the capitals are operators


def test_a_name_in_abd_or_abu_finds_it_written_joined_or_apart():
    assert parse_query("عبدالعزيز").groups == ((Term("عبدالعزيز", variants=("عبد العزيز",)),),)
    assert parse_query("أبوظبي").groups == ((Term("أبوظبي", variants=("أبو ظبي",)),),)
    assert parse_query("ابو ظبي").groups == ((Term("ابو ظبي", phrase=True, variants=("ابوظبي",)),),)
    named = parse_query("أبو ظبي", _names).groups[0][0]  # an actor's name typed apart finds its articles too
    assert named.actors == parse_query("أبوظبي", _names).groups[0][0].actors == ("أبوظبي",)
    assert parse_query('"أبو ظبي"', _names).groups[0][0].actors == ()  # quoted: the phrase as typed
    assert parse_query("عبدربه").groups == ((Term("عبدربه", variants=("عبد ربه",)),),)
    apart = parse_query("الملك عبد الله")
    assert apart.groups == ((Term("الملك"),), (Term("عبد الله", phrase=True, variants=("عبدالله",)),))
    assert apart.near == (Term("الملك عبد الله", phrase=True),)  # still ranks the words together
    assert parse_query("-عبدالله").excludes == ((Term("عبدالله", variants=("عبد الله",)),),)
    in_title = Term("عبد الله", phrase=True, variants=("عبدالله",), scope="title")
    assert parse_query("title:عبد الله").groups == ((in_title,),)  # the name in headlines
    for other in ("عبد", "عبدة", "عبدالل*", "عبد OR الله", "عبد -الله", "عبد title:الله", "أبواب", "أبوية", "أبو هم"):
        assert all(not t.variants for t in parse_query(other).positive), other


def test_stop_words_are_read_from_the_analyzers_answer():
    q = parse_query('من هو "لا بد" title:لا الرئيس* author:في')
    words = stop_word_candidates(q)
    assert words == ["لا", "من", "هو"]  # not phrases, prefixes or bylines
    request = stop_words_request(words)
    assert request == {"analyzer": "arabic_text", "text": "لا من هو"}
    assert stop_words(words, {"tokens": []}) == {"لا", "من", "هو"}
    assert stop_words(words, {"tokens": [{"token": "من", "start_offset": 3, "end_offset": 5}]}) == {"لا", "هو"}
    assert stop_words(["وهو", "ب"], {"tokens": [{"token": "هو", "start_offset": 1, "end_offset": 3}]}) == {"ب"}


def _must(parsed) -> list:
    return text_query(parsed)["bool"].get("must") or []


def test_a_stop_word_among_other_words_is_not_required_alone_it_is_as_written():
    mixed = with_stop_words(parse_query("بوتين في"), {"في"})
    assert mixed.groups[1] == (Term("في", stop=True),)
    assert _must(mixed) == _must(parse_query("بوتين"))  # web search: في is left out
    alone = with_stop_words(parse_query("من هو"), {"من", "هو"})
    assert len(_must(alone)) == 2  # both required: where they are written
    either = with_stop_words(parse_query("لا OR ليس بوتين"), {"لا"})
    assert len(_must(either)) == 2  # an alternative is required as written
    for parsed in (alone, either):
        stemmed = [m for c in _clauses(parsed) if "zero_terms_query" in (m := c.get("multi_match", {}))]
        # the stemmed clauses match nothing for a stop word, the unstemmed where it is written
        assert len(stemmed) >= 2 and all(m["zero_terms_query"] == "none" for m in stemmed)
    excluded = parse_query("بوتين -هو")  # an excluded stop word leaves out what has it, not everything
    assert '"zero_terms_query": "all"' not in json.dumps(text_query(excluded)["bool"]["must_not"])
    # stop words alone are marked where they are written, on the unstemmed sub-fields themselves
    spec = build_search(alone)["highlight"]["fields"]
    assert set(spec) == {"title.exact", "body.exact"} and "matched_fields" not in spec["body.exact"]
    assert spec["body.exact"]["highlight_query"]["bool"]["should"] == [{"match": {"body.exact": "من"}},
                                                                       {"match": {"body.exact": "هو"}}]
    hit = {"_source": {"title": "من هو", "body": "x"}, "highlight": {"body.exact": ["<mark>من</mark> هو"]}}
    assert highlights(hit) == {"body": ["<mark>من</mark> هو"]} and parse_hit(hit).snippet == "<mark>من</mark> هو"
    # among other words they are not marked (nor required): the fields themselves, as always
    for parsed in (mixed, either):
        spec = build_search(parsed)["highlight"]["fields"]
        assert set(spec) == {"title", "body"} and ".exact" not in json.dumps(spec["body"]["highlight_query"])


def _clauses(parsed) -> list[dict]:
    """Every clause of the text query, depth first."""
    found: list[dict] = []

    def walk(node):
        if isinstance(node, dict):
            found.append(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(text_query(parsed))
    return found


def test_parentheses_group():
    q = parse_query("(بوتين OR الكرملين) AND (إدلب OR حلب)")
    assert q.groups == ((Term("بوتين"), Term("الكرملين")), (Term("إدلب"), Term("حلب"))) and not q.notices
    # (a b) OR c is (a OR c) (b OR c); (a b) OR (c b) is b (a OR c)
    assert parse_query("(أردوغان بوتين) OR روحاني").groups == (
        (Term("أردوغان"), Term("روحاني")), (Term("بوتين"), Term("روحاني")))  # fmt: skip
    assert parse_query("(أردوغان بوتين) OR (روحاني بوتين)").groups == (
        (Term("أردوغان"), Term("روحاني")), (Term("بوتين"),))  # fmt: skip
    assert parse_query('("وقف إطلاق النار" OR هدنة) إدلب').groups == (
        (Term("وقف إطلاق النار", phrase=True), Term("هدنة")), (Term("إدلب"),))  # fmt: skip


def test_an_excluded_group_excludes_what_has_all_of_it():
    q = parse_query("سوريا -(روسيا تركيا)")
    assert q.excludes == ((Term("روسيا"), Term("تركيا")),) and str(q) == "سوريا -(روسيا تركيا)"
    must_not = build_search(q)["query"]["bool"]["must_not"]
    assert len(must_not) == 1 and len(must_not[0]["bool"]["must"]) == 2
    assert parse_query("سوريا NOT (روسيا OR تركيا)").excludes == ((Term("روسيا"),), (Term("تركيا"),))
    assert parse_query("سوريا NOT ((روسيا OR تركيا) إيران)").excludes == (
        (Term("روسيا"), Term("إيران")), (Term("تركيا"), Term("إيران")))  # fmt: skip
    assert parse_query("NOT -روسيا").groups == ((Term("روسيا"),),)  # twice excluded is wanted
    assert parse_query("سوريا -روسيا -(روسيا تركيا)").excludes == ((Term("روسيا"),),)  # the first holds the second
    inner = parse_query("سوريا NOT (روسيا -تركيا)")
    assert inner.excludes == ((Term("روسيا"),),) and any("(…)" in n.ar for n in inner.notices)


@pytest.mark.parametrize(
    ("text", "groups", "notice"),
    [
        ("(بوتين", (("بوتين",),), "غير مغلق"),
        ("بوتين)", (("بوتين",),), "بلا قوس"),
        ("()", (), "لا شيء"),
        ("بوتين NOT", (("بوتين",),), "NOT"),
        ("NOT OR بوتين", (("بوتين",),), "NOT"),
        ("بوتين OR -روسيا", (("بوتين",),), "OR"),
        ("(أ1 أ2 أ3 أ4 أ5) OR (ب1 ب2 ب3 ب4 ب5)", (("أ1",), ("أ2",), ("أ3",), ("أ4",), ("أ5", "ب1"), ("ب2",), ("ب3",),
                                                ("ب4",), ("ب5",)), "تركيبة"),
    ],
)
def test_malformed_parentheses_and_operators_are_repaired_with_a_notice(text, groups, notice):
    q = parse_query(text)
    assert tuple(tuple(t.text for t in g) for g in q.groups) == groups
    assert any(notice in n.ar for n in q.notices), q.notices
    json.dumps(build_search(q))


def test_words_near_each_other():
    q = parse_query('"بوتين أردوغان"~10 سوريا')
    assert q.groups[0] == (Term("بوتين أردوغان", phrase=True, slop=10),) and str(q) == '"بوتين أردوغان"~10 سوريا'
    clauses = build_search(q)["query"]["bool"]["must"][0]["bool"]["should"]
    clause = clauses[0]["multi_match"]
    assert clause["type"] == "phrase" and clause["slop"] == 10 and clause["fields"] == ["title.exact^3", "body.exact"]
    assert [c["multi_match"]["slop"] for c in clauses if "multi_match" in c] == [10]
    # each word also behind a proclitic («بوتين وأردوغان»), in any order, on each field
    intervals = [c["intervals"] for c in clauses if "intervals" in c]
    assert [next(iter(i)) for i in intervals] == ["title.exact", "body.exact"]
    assert intervals[0]["title.exact"]["boost"] == 3
    near = intervals[1]["body.exact"]["all_of"]
    assert near["max_gaps"] == 10 and near["ordered"] is False
    second = [rule["match"]["query"] for rule in near["intervals"][1]["any_of"]["intervals"]]
    assert second[:3] == ["أردوغان", "وأردوغان", "فأردوغان"] and len(second) == 1 + len(PROCLITICS)
    marked = build_search(q)["highlight"]["fields"]["body"]["highlight_query"]["bool"]["should"][0]
    assert marked == {"match_phrase": {"body": {"query": "بوتين أردوغان", "slop": 10}}}
    far = parse_query('"بوتين أردوغان"~500')
    assert far.groups[0][0].slop == MAX_SLOP and any("~" in n.en for n in far.notices)
    assert parse_query('"بوتين"~3').groups == ((Term("بوتين"),),)  # one word: nothing to be near
    assert parse_query("بوتين~2").groups == parse_query("بوتين~").groups == ((Term("بوتين"),),)
    assert parse_query('-"بوتين أردوغان"~3').excludes == ((Term("بوتين أردوغان", phrase=True, slop=3),),)


@pytest.mark.parametrize(
    ("text", "near"),
    [
        ("وقف إطلاق النار", ['"وقف إطلاق النار"']),
        ("الأمير محمد بن سلمان -ليبيا", ['"الأمير محمد بن سلمان"']),
        ('سوريا "اللجنة الدستورية" جنيف روسيا', ['"جنيف روسيا"']),
        ("سوق* الأسهم السعودية", ['"الأسهم السعودية"']),
        ("بوتين OR أردوغان إدلب", []),  # an OR operand is one of two, not a neighbour
        ("بوتين AND أردوغان إدلب", ['"بوتين أردوغان إدلب"']),
        ("(بوتين الكرملين) إدلب", ['"بوتين الكرملين"']),
        ("title:سوق الأسهم", []),  # one in the headline, one anywhere
        ("title:(سوق الأسهم)", ['title:"سوق الأسهم"']),
        ("بوتين", []),
    ],
)
def test_words_side_by_side_are_also_a_phrase_that_ranks(text, near):
    assert [str(t) for t in parse_query(text).near] == near


def test_words_side_by_side_rank_but_do_not_filter():
    q = parse_query("وقف إطلاق النار")
    body = text_query(q)["bool"]
    assert len(body["must"]) == 3 and "minimum_should_match" not in body  # the words decide what matches
    assert body["should"] == [{"bool": {"should": [
        {"multi_match": {"query": "وقف إطلاق النار", "type": "phrase", "fields": ["title.exact^3", "body.exact"]}},
        {"multi_match": {"query": "وقف إطلاق النار", "type": "phrase", "slop": 2, "fields": ["title^3", "body"]}},
    ]}}]
    in_title = text_query(parse_query("سوق الأسهم", in_title=True))["bool"]["should"][0]["bool"]["should"]
    assert [c["multi_match"]["fields"] for c in in_title] == [["title.exact"], ["title"]]
    assert "should" not in text_query(parse_query("بوتين -أردوغان"))["bool"]


@pytest.mark.parametrize(
    "typed",
    [
        "ﺑﻮﺗﻴﻦ وﻛﺮة",  # presentation forms, as a PDF gives them when copied
        "بوتین وکرة",  # Persian yeh and keheh
        "بـوتـين وكـرة",  # tatweel
        "بُوتِين وَكُرَة",  # tashkeel
        "بوتين\u200f وكرة\u200b",  # bidi and zero-width marks
        "#بوتين_وكرة",  # a hashtag
        "بوتين،وكرة",  # words a comma joins
        "بوتين,وكرة",
    ],
)
def test_a_query_is_normalised_as_articles_are(typed):
    q = parse_query(typed)
    assert q.groups == parse_query("بوتين وكرة").groups and q.near == parse_query("بوتين وكرة").near
    assert q.raw == typed  # what the user typed is kept (search box, URL)


def test_a_comma_in_a_number_or_an_address_stays():
    assert parse_query("1,500 دولار").groups == ((Term("1,500"),), (Term("دولار"),))
    assert parse_query("https://example.org/a,b").positive[0].link


def test_an_address_finds_the_article_at_it():
    q = parse_query("https://www.aawsat.com/home/article/408151/x?utm_source=tw")
    assert q.groups == ((Term("https://www.aawsat.com/home/article/408151/x", link=True),),) and not q.near
    clause = text_query(q)["bool"]["must"][0]
    assert clause == {"terms": {"url": [f"{s}://{h}aawsat.com/home/article/408151/x" for s in ("http", "https")
                                        for h in ("", "www.")]}}
    assert build_search(q)["highlight"]["fields"]["body"].get("highlight_query") is None  # a lead, no marks
    copy = parse_query("https://web.archive.org/web/20150721093015/http://aawsat.com/home/article/408151/x")
    assert text_query(copy)["bool"]["must"][0] == clause  # its copy in a web archive: the same article
    q = parse_query("سوريا www.alriyadh.com/10_71 OR http://x.com/a_b -https://y.com/c_d عاصفة_الحزم")
    assert [[t.text for t in g] for g in q.groups] == [
        ["سوريا"], ["http://www.alriyadh.com/10_71", "http://x.com/a_b"], ["عاصفة"], ["الحزم"]]
    assert q.excludes == ((Term("https://y.com/c_d", link=True),),)
    assert [str(t) for t in q.near] == ['"عاصفة الحزم"']


def test_site_keeps_the_articles_of_an_outlet_or_a_site():
    q = parse_query('site:okaz.com.sa بوتين -مصدر:سبق (source:عكاظ OR موقع:"الشرق الاوسط") site: -x site:')
    assert [[str(t) for t in g] for g in q.groups] == [
        ["site:okaz.com.sa"], ["بوتين"], ["site:عكاظ", "site:الشرق الاوسط"]]
    assert [[str(t) for t in e] for e in q.excludes] == [["site:سبق"], ["x"]]  # a bare site: before -x is dropped
    assert not q.near and not q.notices
    on_site = [{"prefix": {"url": f"{s}://{h}okaz.com.sa/"}} for s in ("http", "https") for h in ("", "www.")]
    assert site_clause("https://www.OKAZ.com.sa/a/b") == {
        "bool": {"should": [{"term": {"source": "okaz"}}, *on_site], "minimum_should_match": 1}}
    assert site_clause("عكاظ") == {"term": {"source": "okaz"}} == site_clause("Okaz")
    assert site_clause("الشرق الاوسط") == {"term": {"source": "aawsat"}}  # its name, hamza aside
    assert site_clause("nowhere") == {"term": {"source": "nowhere"}}  # a source the outlets file lacks
    unknown = site_clause("news.example.org")["bool"]["should"]
    assert unknown[0] == {"term": {"source": "news.example.org"}} and len(unknown) == 5
    request = build_search(q)
    assert request["query"]["bool"]["must"][0] == site_clause("okaz.com.sa")
    assert request["query"]["bool"]["must_not"][0] == site_clause("سبق") == {"term": {"source": "sabq"}}
    marked = json.dumps(request["highlight"], ensure_ascii=False)
    assert "بوتين" in marked and "okaz" not in marked and "سبق" not in marked  # nothing to mark
    assert suggest_request(q)["suggest"]["text"] == "بوتين"
    # an outlet's name written apart is one site term, the longest name its words make
    apart = parse_query("مصدر:الشرق الأوسط بوتين -مصدر:عين اليوم مصدر:اليوم السعودية")
    assert [[str(t) for t in g] for g in apart.groups] == [
        ["site:الشرق الأوسط"], ["بوتين"], ["site:اليوم"], ["السعودية"]]
    assert [[str(t) for t in e] for e in apart.excludes] == [["site:عين اليوم"]] and not apart.near
    assert site_clause(apart.groups[0][0].text) == {"term": {"source": "aawsat"}}
    # the outlet alone: its articles; not a name, not a word of the text
    alone = parse_query("site:okaz", default_names().query_names)
    assert alone.groups == ((Term("okaz", site=True),),) and not alone.notices


def test_latin_words_that_name_no_actor_are_told_apart():
    q = parse_query("Putin visit site:okaz.com.sa https://x.com/a iPho* بوتين", default_names().query_names)
    assert unnamed_latin(q) == ["visit"]  # not a name, an outlet, an address, a prefix or Arabic
    assert unnamed_latin(parse_query("visit")) == ["visit"] and unnamed_latin(parse_query("بوتين")) == []
    assert unnamed_latin(parse_query("Assad visit"), default_names().named) == ["visit"]  # Assad names two


def test_in_the_headline_only():
    q = parse_query('title:بوتين "وقف إطلاق النار" عنوان:اقتص*')
    assert [t.scope for g in q.groups for t in g] == ["title", None, "title"]
    assert str(q) == 'title:بوتين "وقف إطلاق النار" title:اقتص*'
    must = build_search(q)["query"]["bool"]["must"]
    fields = {f for c in must[0]["bool"]["should"] for f in c["multi_match"]["fields"]}
    assert fields == {"title", "title.exact"}
    assert [c["multi_match"]["fields"] for c in must[2]["bool"]["should"]] == [["title.exact"], ["title"]]
    body_marks = json.dumps(build_search(q)["highlight"]["fields"]["body"]["highlight_query"], ensure_ascii=False)
    assert "بوتين" not in body_marks and "وقف" in body_marks  # a headline-only word is not marked in the body
    assert parse_query('title: "وقف إطلاق النار"').groups[0][0] == Term("وقف إطلاق النار", phrase=True, scope="title")
    group = parse_query("title:(بوتين OR أردوغان) سوريا")
    assert [[t.scope for t in g] for g in group.groups] == [["title", "title"], [None]]
    inside = parse_query("(title:بوتين OR أردوغان) سوريا")  # a title: inside a group: its own term only
    assert [[t.scope for t in g] for g in inside.groups] == [["title", None], [None]]
    assert parse_query("-title:(روسيا تركيا) سوريا").excludes == (
        (Term("روسيا", scope="title"), Term("تركيا", scope="title")),)  # fmt: skip
    named = parse_query("title:Putin", _names).groups[0][0]
    assert named.actors == () and named.variants  # the actor is of the whole article: spellings only


def test_in_the_byline_only():
    q = parse_query('جدة -author:واس كاتب:"أحمد الشميري" author:(جدة OR فرانس) title:(سوريا author:البرقاوي)', _names)
    assert [[(t.scope, t.text) for t in g] for g in q.groups] == [
        [(None, "جدة")], [("author", "أحمد الشميري")], [("author", "جدة"), ("author", "فرانس")],
        [("title", "سوريا")], [("author", "البرقاوي")]]
    assert q.excludes == ((Term("واس", scope="author"),),)
    assert q.groups[0][0].actors and not q.groups[2][0].actors  # a byline names its writer, not an actor
    must = build_search(q)["query"]["bool"]["must"]
    assert must[1] == {"multi_match": {"query": "أحمد الشميري", "type": "phrase", "fields": ["author"]}}
    marks = json.dumps(build_search(q)["highlight"], ensure_ascii=False)
    assert "الشميري" not in marks and "رويترز" not in marks  # a byline is not marked in title or body
    assert str(parse_query("author:الشميري* byline:x")) == "author:الشميري* author:x"
    assert parse_query("author:الشميري", in_title=True).groups[0][0].scope == "author"  # not made a headline


def test_a_whole_query_in_headlines_only():
    """The UI's «في العناوين فقط»: as if every term had its title:."""
    q = parse_query('Putin OR "وقف إطلاق النار" سوريا -روسيا', _names, in_title=True)
    terms = [t for g in (*q.groups, *q.excludes) for t in g]
    assert all(t.scope == "title" for t in terms) and len(terms) == 4
    assert terms[0].actors == () and terms[0].variants  # a name: its spellings in headlines
    assert q.groups == parse_query('title:(Putin OR "وقف إطلاق النار" سوريا -روسيا)', _names).groups
    assert q.notices == parse_query('title:Putin', _names).notices  # says what it finds in headlines


def test_prefix():
    q = parse_query("اقتص*")
    assert q.groups == ((Term("اقتص", prefix=True),),)
    words, stems = build_search(q)["query"]["bool"]["must"][0]["bool"]["should"]
    # the words that start with it, and the stems: the words behind ال or a proclitic («الاقتصاد», «للاقتصاد»)
    assert words["multi_match"] == {"query": "اقتص", "type": "bool_prefix", "fields": ["title.exact^3", "body.exact"]}
    assert stems["multi_match"] == {"query": "اقتص", "type": "bool_prefix", "fields": ["title^3", "body"]}
    # with ال, as typed: its stem would be a shorter prefix («الأر*» is not «ارتفاع»); so a short one
    for typed in ("الأر*", "سع*"):
        assert "multi_match" in build_search(parse_query(typed))["query"]["bool"]["must"][0], typed
    assert parse_query("ا*").groups == ((Term("ا"),),) and parse_query("ا*").notices


def test_fuzzy_only_for_long_words_and_lower_weight():
    long_clause = json.dumps(build_search(parse_query("أستانا"))["query"])
    assert '"fuzziness": 1' in long_clause and '"prefix_length": 2' in long_clause
    fuzzy = next(
        c["multi_match"] for c in build_search(parse_query("أستانا"))["query"]["bool"]["must"][0]["bool"]["should"]
        if "fuzziness" in c["multi_match"]
    )  # fmt: skip
    assert fuzzy["boost"] < 1 and fuzzy["max_expansions"] <= 20
    assert fuzzy["fields"] == ["title.exact^3", "body.exact"]  # spelling, not stems
    for short in ("قمة", "ترامب", "الدوحة"):  # الدوحة: four letters after the article
        assert "fuzziness" not in json.dumps(build_search(parse_query(short))["query"])


def _names(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    """A stand-in gazetteer lookup."""
    return {
        "putin": (("فلاديمير بوتين",), ("فلاديمير بوتين", "بوتين"), ()),
        "vladimir putin": (("فلاديمير بوتين",), ("فلاديمير بوتين", "بوتين"), ()),
        "assad": (("بشار الأسد", "حافظ الأسد"), ("بشار الأسد", "حافظ الأسد", "الأسد"), ()),
        "دميتري": ((), ("ديمتري",), ()),
        "جدة": (("جدة",), (), ("بجدة", "لجدة")),
        "أبوظبي": (("أبوظبي",), (), ()),
    }.get(text.lower())


def test_latin_name_of_an_actor_also_matches_the_actor_and_its_arabic_names():
    q = parse_query("Putin", _names)
    assert q.groups == ((Term("Putin", actors=("فلاديمير بوتين",), variants=("فلاديمير بوتين", "بوتين")),),)
    assert q.notices == (Notice("'Putin' also finds the articles about فلاديمير بوتين",
                                "«Putin» يجد أيضًا المقالات عن فلاديمير بوتين"),)
    should = build_search(q)["query"]["bool"]["must"][0]["bool"]["should"]
    assert {"terms": {"actors": ["فلاديمير بوتين"]}} in should
    assert {"multi_match": {"query": "بوتين", "fields": ["title^3", "body"], "type": "phrase"}} in should
    marked = build_search(q)["highlight"]["fields"]["body"]["highlight_query"]["bool"]["should"]
    assert {"match_phrase": {"body": "بوتين"}} in marked
    # a run of Latin words naming one actor is one term; words of several actors stay apart
    assert parse_query("Vladimir Putin", _names).groups == (
        (Term("Vladimir Putin", phrase=True, actors=("فلاديمير بوتين",), variants=("فلاديمير بوتين", "بوتين")),),
    )
    assert [g[0].actors for g in parse_query("Putin Kremlin", _names).groups] == [("فلاديمير بوتين",), ()]
    excluded = build_search(parse_query("قمة -Putin", _names))["query"]["bool"]["must_not"]
    assert '"actors": ["فلاديمير بوتين"]' in json.dumps(excluded, ensure_ascii=False)
    # a surname of several actors finds the articles about any of them, and says so
    assad = parse_query("Assad", _names)
    assert assad.groups[0][0].actors == ("بشار الأسد", "حافظ الأسد")
    should = build_search(assad)["query"]["bool"]["must"][0]["bool"]["should"]
    assert {"terms": {"actors": ["بشار الأسد", "حافظ الأسد"]}} in should
    assert [str(n) for n in assad.notices] == [
        "'Assad' names several actors: it finds the articles about any of بشار الأسد, حافظ الأسد"]


def test_arabic_words_that_are_a_whole_name_together_are_its_phrase_and_its_actor():
    """Typed unquoted, ``الملك سلمان`` is the King: the phrase as written, or his articles (which may
    name him by his role alone); the words around it stay words, a quoted phrase stays exact."""
    names = default_names().query_names
    assert parse_query("زيارة الملك سلمان", names).groups == (
        (Term("زيارة"),), (Term("الملك سلمان", phrase=True, actors=("الملك سلمان بن عبدالعزيز",)),),
    )
    assert parse_query("زيارة الملك سلمان", names).notices == ()
    query = json.dumps(build_search(parse_query("محمد بن سلمان", names))["query"], ensure_ascii=False)
    assert '{"terms": {"actors": ["الأمير محمد بن سلمان"]}}' in query
    assert parse_query('"الملك سلمان"', names).groups == ((Term("الملك سلمان", phrase=True),),)
    assert [g[0].text for g in parse_query("وقف إطلاق النار", names).groups] == ["وقف", "إطلاق", "النار"]


def test_other_spellings_of_a_name_word_are_matched_too():
    q = parse_query("دميتري", _names)
    assert q.groups == ((Term("دميتري", variants=("ديمتري",)),),)
    assert [str(n) for n in q.notices] == ["'دميتري' also finds the spelling ديمتري"]
    assert '"actors"' not in json.dumps(build_search(q)["query"])
    # an Arabic name finds its actor's articles too (بجدة), without a notice
    q = parse_query("جدة", _names)
    assert q.groups == ((Term("جدة", actors=("جدة",), marks=("بجدة", "لجدة")),),) and q.notices == ()
    assert '"actors": ["جدة"]' in json.dumps(build_search(q)["query"], ensure_ascii=False)
    marked = build_search(q)["highlight"]["fields"]["title"]["highlight_query"]["bool"]["should"]
    assert {"match": {"title": "بجدة لجدة"}} in marked
    # an exact phrase and a prefix stay as typed; without a lookup nothing is added
    assert parse_query('"دميتري بيسكوف" دميتري*', _names).groups == (
        (Term("دميتري بيسكوف", phrase=True),), (Term("دميتري", prefix=True),),
    )
    assert parse_query("Putin دميتري").groups == ((Term("Putin"),), (Term("دميتري"),))


def test_empty_query_is_match_all_with_lead_highlight():
    body = build_search(parse_query(""))
    assert body["query"] == {"match_all": {}}
    assert body["highlight"]["fields"]["body"]["no_match_size"] == SNIPPET_CHARS  # the lead, without the body


def test_list_queries_never_fetch_bodies():
    for body in (build_search(parse_query("x")), build_search(parse_query(""), highlight=False, facets=False)):
        assert "body_display" not in body["_source"] and "body" not in body["_source"]
        assert {"title_display", "title", "published", "actors", "topics", "dup_count"} <= set(body["_source"])
    assert build_search(parse_query("x"), source=["ref"])["_source"] == ["ref"]


@pytest.mark.parametrize(
    ("fragment", "display", "indexed", "expected"),
    [
        (None, "عنوان <b>", "عنوان <b>", "عنوان &lt;b&gt;"),
        ("أ <mark>ب</mark> &lt;b&gt;", "أ ب <b>", "أ ب <b>", "أ <mark>ب</mark> &lt;b&gt;"),
        # the indexed title lost its tashkeel: the marks move to the display title, marks included
        ("يتحادثان <mark>هاتفيا</mark>", "يتحادثان هاتفياً", "يتحادثان هاتفيا", "يتحادثان <mark>هاتفياً</mark>"),
        ("<mark>مصر</mark> اليوم", "مـصـر  اليوم", "مصر اليوم", "<mark>مـصـر</mark>  اليوم"),
        # a hashtag's words were searched apart: the marks sit on the hashtag as written
        ("#<mark>عاصفة</mark> <mark>الحزم</mark> تبدأ", "#عاصفة_الحزم تبدأ", "#عاصفة الحزم تبدأ",
         "#<mark>عاصفة</mark>_<mark>الحزم</mark> تبدأ"),
        # cannot align (e.g. folded presentation forms): the normalised title, highlighted
        ("<mark>لا</mark> شيء", "ﻻ شيء", "لا شيء", "<mark>لا</mark> شيء"),
        # unrelated fragment: the display title, escaped
        ("<mark>x</mark>", "عنوان", "y", "عنوان"),
    ],
)
def test_title_markup(fragment, display, indexed, expected):
    assert title_markup(fragment, display, indexed) == expected


def test_project_marks_rejects_misaligned():
    assert project_marks("<mark>ab</mark>", "abc") is None
    assert project_marks("<mark>ab</mark>c", "aXbc") is None


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_never_raises(text):
    q = parse_query(text)
    body = build_search(q, Filters())
    json.dumps(body)
    assert sum(len(t.text.split()) for g in q.groups for t in g) + sum(map(len, q.excludes)) <= MAX_TERMS


def test_any_mix_of_operators_reads_without_error_and_within_bounds():
    """Seeded random queries over the whole syntax: never an exception, the request serialises, the
    expansion stays bounded."""
    rng = random.Random(11)
    pieces = ["بوتين", "أردوغان", "سوريا", "اقتص*", "OR", "أو", "AND", "NOT", "-", "(", ")", '"', '"~3', "~",
              "title:", "عنوان:(", "-(", "))", "«", "x" * 70, "؟", "*", "Putin"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "  "]) for _ in range(rng.randint(1, 24)))
        q = parse_query(text, _names)
        json.dumps(build_search(q, Filters()))
        assert len(q.groups) <= MAX_TERMS and all(g for g in q.groups) and all(e for e in q.excludes), text
        assert sum(map(len, q.groups)) + sum(map(len, q.excludes)) <= 2 * MAX_TERMS, text


def test_malformed_specifics():
    q = parse_query('"اللجنة الدستورية')
    assert q.groups == ((Term("اللجنة الدستورية", phrase=True),),) and q.notices
    for text in ("OR", "-", "*", '"', "؟!..،"):
        q = parse_query(text)
        assert q.is_empty and q.notices, text
        assert build_search(q)["query"] == {"match_all": {}}


def test_deep_nesting_is_read_without_its_parentheses_and_stacked_operators_as_one():
    deep = parse_query("(" * 40 + "بوتين OR أردوغان" + ")" * 40 + " سوريا")
    assert [[t.text for t in g] for g in deep.groups] == [["بوتين", "أردوغان"], ["سوريا"]]
    assert any("32" in n.en for n in deep.notices)
    assert parse_query("NOT " * 1500 + "بوتين").groups == parse_query("بوتين").groups  # NOT NOT x: x
    assert parse_query("NOT " * 1501 + "بوتين").excludes == parse_query("NOT بوتين").excludes
    assert parse_query("title:" * 1000 + "بوتين").groups == parse_query("title:بوتين").groups
    assert parse_query("title:author:بوتين").groups[0][0].scope == "author"  # the last one written


def test_long_query_truncated_with_notice():
    q = parse_query(" ".join(f"كلمة{i}" for i in range(2000)))
    assert len(q.groups) == MAX_TERMS and any("64" in n.en and "64" in n.ar for n in q.notices)
    q = parse_query("ب" * 5000)
    assert len(q.groups[0][0].text) <= 64 and q.notices
    # a passage pasted with its own «…» inside "…": one phrase (its «» are no quotes there)
    assert parse_query('"قال «لا يوجد» أمس" بوتين').groups == (
        (Term("قال لا يوجد أمس", phrase=True),), (Term("بوتين"),)
    )
    assert parse_query('"اللجنة الدستورية» سوريا').groups[1] == (Term("سوريا"),)  # no closing ": as before
    # a long quote pasted to find where it was published: its first words, still a phrase
    quote = [f"كلمة{i}" for i in range(150)]
    q = parse_query("إدلب " + '"' + " ".join(quote) + '"')
    assert q.groups[1] == (Term(" ".join(quote[: MAX_TERMS - 1]), phrase=True),) and q.notices


def test_filters_filter_the_hits_and_facets_exclude_their_own():
    f = Filters(actors=["بوتين"], sources=["aawsat"], since=date(2020, 1, 1), until=date(2020, 12, 31))
    body = build_search(parse_query("سوريا"), f)
    # the text query runs once: the facets count its matches, a post filter keeps the hits
    assert body["query"] == text_query(parse_query("سوريا"))
    clauses = body["post_filter"]["bool"]["filter"]
    assert {"terms": {"actors": ["بوتين"]}} in clauses and {"terms": {"source": ["aawsat"]}} in clauses
    assert {"range": {"published": {"format": "yyyy-MM-dd", "gte": "2020-01-01", "lte": "2020-12-31"}}} in clauses
    # each facet counts under every filter except its own (the actors' three kinds, the actor filter);
    # the facets counted under the same filters share one filter aggregation
    aggs = body["aggs"]
    assert set(aggs) == {"filtered:persons+organizations+places", "filtered:topics", "filtered:sources",
                         "filtered:published"}
    actors = aggs["filtered:persons+organizations+places"]
    for kind in ("persons", "organizations", "places"):
        assert actors["aggs"][kind]["terms"]["field"] == kind
    context = json.dumps(actors["filter"], ensure_ascii=False)
    assert '"actors"' not in context and "aawsat" in context and "2020-01-01" in context
    topics = json.dumps(aggs["filtered:topics"]["filter"], ensure_ascii=False)
    assert all(v in topics for v in ("بوتين", "aawsat", "2020-01-01"))
    pub = aggs["filtered:published"]
    assert "2020-01-01" not in json.dumps(pub["filter"]) and '"actors"' in json.dumps(pub["filter"])
    assert pub["aggs"]["published"]["date_histogram"]["format"] == "yyyy-MM"
    assert pub["aggs"]["published"]["date_histogram"]["min_doc_count"] == 1


def test_a_facet_whose_filter_is_the_only_one_counts_every_match():
    aggs = build_search(parse_query("سوريا"), Filters(topics=["politics"]))["aggs"]
    assert aggs["topics"] == {"terms": {"field": "topics", "size": FACET_SIZE}}
    shared = aggs["filtered:sources+persons+organizations+places+published"]  # all under the topic filter
    assert shared["filter"] == {"bool": {"filter": [{"terms": {"topics": ["politics"]}}]}}
    assert set(aggs) == {"topics", "filtered:sources+persons+organizations+places+published"}
    # only a date filter: the date facet still counts its documents, to know how many are undated
    aggs = build_search(parse_query("سوريا"), Filters(since=date(2020, 1, 1)))["aggs"]
    assert aggs["filtered:published"]["filter"] == {"bool": {"filter": []}}
    assert "date_histogram" in aggs["filtered:published"]["aggs"]["published"]


def test_actors_are_counted_as_people_organisations_and_places_and_merged():
    aggs = build_search(parse_query("سوريا"))["aggs"]
    assert {"persons", "organizations", "places"} <= set(aggs) and "actors" not in aggs
    assert aggs["persons"] == {"terms": {"field": "persons", "size": FACET_SIZE}}

    def buckets(*pairs: tuple[str, int]) -> dict:
        return {"buckets": [{"key": k, "doc_count": n} for k, n in pairs]}

    places = [(f"مكان {i}", 100 - i) for i in range(FACET_SIZE)]
    resp = {"hits": {"total": {"value": 9}, "hits": []}, "aggregations": {
        "persons": buckets(("فلاديمير بوتين", 75), ("سيرغي لافروف", 2)),
        "organizations": buckets(("الأمم المتحدة", 80)),
        "places": buckets(*places)}}  # fmt: skip
    facets = parse_response(resp).facets
    assert facets["persons"] == [("فلاديمير بوتين", 75), ("سيرغي لافروف", 2)]  # people show, however many places
    actors = facets["actors"]  # the top of the three, as one facet on the actors field would count them
    assert len(actors) == FACET_SIZE and actors[:3] == [("مكان 0", 100), ("مكان 1", 99), ("مكان 2", 98)]
    assert ("الأمم المتحدة", 80) in actors and ("فلاديمير بوتين", 75) in actors
    assert ("سيرغي لافروف", 2) not in actors and actors == sorted(actors, key=lambda b: (-b[1], b[0]))


def test_facets_without_filters_are_plain_aggregations():
    aggs = build_search(parse_query("سوريا"))["aggs"]
    assert set(aggs) == {"persons", "organizations", "places", "topics", "sources", "published"}
    assert not any("filter" in agg for agg in aggs.values())
    assert aggs["published"]["date_histogram"]["field"] == "published"
    resp = {"hits": {"total": {"value": 3}, "hits": []}, "aggregations": {
        "filtered:persons": {"doc_count": 5, "persons": {"buckets": [{"key": "بوتين", "doc_count": 2}]}},
        "topics": {"buckets": [{"key": "politics", "doc_count": 3}]},
        "sources": {"buckets": []},
        "published": {"buckets": [{"key_as_string": "2020-02", "doc_count": 1}]},
    }}  # fmt: skip
    facets = parse_response(resp).facets
    assert facets == {
        "actors": [("بوتين", 2)],
        "persons": [("بوتين", 2)],
        "topics": [("politics", 3)],
        "sources": [],
        "published": [("2020-02", 1), (NO_DATE, 2)],
    }  # fmt: skip (undated: the hits less the dated)
    for name in ("published", "topics"):  # counted under filters: the undated are its documents less the dated
        del resp["aggregations"][name]
    resp["aggregations"]["filtered:topics+published"] = {
        "doc_count": 4, "topics": {"buckets": [{"key": "sport", "doc_count": 4}]},
        "published": {"buckets": [{"key_as_string": "2020-02", "doc_count": 1}]}}  # fmt: skip
    facets = parse_response(resp).facets
    assert facets["published"] == [("2020-02", 1), (NO_DATE, 3)] and facets["topics"] == [("sport", 4)]


def test_loaded_since_scopes_the_query_and_every_facet():
    """Articles loaded since a moment: a scope, not a facet (no facet is counted outside it)."""
    moment = datetime(2026, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=3)))
    f = Filters(loaded_since=moment)
    text = text_query(parse_query("سوريا"))
    scoped = {"bool": {"must": [text], "filter": [{"range": {"indexed_at": {"gte": "2026-11-24T06:30:00+00:00"}}}]}}
    body = build_search(parse_query("سوريا"), f)
    assert body["query"] == scoped and "post_filter" not in body
    assert set(body["aggs"]) == {"persons", "organizations", "places", "topics", "sources", "published"}
    assert build_search(parse_query("سوريا"), f, facets=False)["query"] == scoped
    assert timeline_search(parse_query("سوريا"), f)["query"] == scoped
    with_topic = build_search(parse_query("سوريا"), Filters(topics=["sport"], loaded_since=moment))
    assert with_topic["query"] == scoped and with_topic["post_filter"] == {"bool": {"filter": [
        {"terms": {"topics": ["sport"]}}]}}
    assert f.active() == ["loaded since: 2026-11-24 06:30 UTC"] and f.active("ar") == ["أضيف منذ: 2026-11-24 06:30 UTC"]


def test_without_facets_filters_go_to_query():
    body = build_search(parse_query("سوريا"), Filters(topics=["politics"]), facets=False, highlight=False)
    assert "post_filter" not in body and "aggs" not in body and "highlight" not in body
    assert body["query"]["bool"]["filter"] == [{"terms": {"topics": ["politics"]}}]


def test_sorts_and_search_after():
    rel = build_search(parse_query("x"))["sort"]
    assert list(rel[0]) == ["_score"] and rel[1]["published"]["order"] == "desc" and "ref" in rel[2]
    by_date = build_search(parse_query("x"), sort="date", search_after=[1, "a"])
    assert by_date["sort"][0]["published"]["missing"] == "_last"
    assert by_date["search_after"] == [1, "a"] and "from" not in by_date
    oldest = build_search(parse_query("x"), sort="oldest")["sort"]
    assert oldest[0]["published"] == {**by_date["sort"][0]["published"], "order": "asc"}  # the undated still last
    assert oldest[1] == by_date["sort"][1]
    copies = build_search(parse_query("x"), sort="copies")["sort"]  # the most republished, a story's copies together
    assert [next(iter(c)) for c in copies] == ["dup_count", "dup_group", "published", "ref"]
    assert copies[0]["dup_count"]["order"] == "desc" and copies[0]["dup_count"]["missing"] == "_last"
    assert copies[2] == by_date["sort"][0] and copies[3] == by_date["sort"][1]


def test_a_query_without_results_is_offered_its_words_spelt_as_the_archive_spells_them():
    q = parse_query('الرياص OR "بوتبن أردوغان" اقتص* -حماس author:الشميرى https://x.com/a')
    request = suggest_request(q)
    assert request is not None and request["suggest"]["text"] == "الرياص بوتبن أردوغان"  # words and phrases
    assert request["suggest"]["spelling"]["term"] == {"field": "body.exact", "suggest_mode": "missing", "size": 5}
    assert suggest_request(parse_query("اقتص* author:x https://x.com/a")) is None
    answer = {"suggest": {"spelling": [
        {"text": "الرياص", "offset": 0, "length": 6, "options": [{"text": "الرياض"}, {"text": "الرياح"}]},
        {"text": "بوتبن", "offset": 7, "length": 5, "options": [{"text": "ادلب"}]},
        {"text": "اردوغان", "offset": 13, "length": 7, "options": []},
    ]}}  # fmt: skip
    fixes = spelling_fixes(request, answer)
    assert fixes == {"الرياص": "الرياض", "بوتبن": "ادلب"} and spelling_fixes(request, {}) == {}
    # of the equally close spellings, the commonest; a name before it (people search for names)
    close = {"suggest": {"spelling": [{"text": "اليمم", "offset": 0, "length": 5, "options": [
        {"text": "اليوم", "score": 0.8, "freq": 8540}, {"text": "اليمن", "score": 0.8, "freq": 1484},
        {"text": "الامم", "score": 0.8, "freq": 892}]}]}}  # fmt: skip
    yemen = {"suggest": {"text": "اليمم"}}
    assert spelling_fixes(yemen, close) == {"اليمم": "اليوم"}
    assert spelling_fixes(yemen, close, known={"اليمن"}.__contains__) == {"اليمم": "اليمن"}
    further = {"suggest": {"spelling": [{"text": "اليمم", "offset": 0, "length": 5, "options": [
        {"text": "اليوم", "score": 0.8, "freq": 8540}, {"text": "اليمن", "score": 0.6, "freq": 1484}]}]}}  # fmt: skip
    assert spelling_fixes(yemen, further, known={"اليمن"}.__contains__) == {"اليمم": "اليوم"}  # a closer word wins
    # the engine's letters are normalised: the articles say how the word is written
    marked = {"hits": {"hits": [
        {"highlight": {"body.exact": ["في <mark>إدلب</mark> و<mark>ادلب</mark>", "<mark>إدلب</mark>"]}},
        {"highlight": {"body.exact": ["مدينة <mark>الرياض</mark>"]}}, {},
    ]}}  # fmt: skip
    words = ["ادلب", "الرياض", "غائبة"]
    assert written_forms_request(words)["query"]["bool"]["should"][0] == {"match": {"body.exact": "ادلب"}}
    forms = written_forms(words, marked)
    assert forms == {"ادلب": "إدلب", "الرياض": "الرياض"}
    assert with_words_replaced(q.raw, {w: forms.get(f, f) for w, f in fixes.items()}) == (
        'الرياض OR "إدلب أردوغان" اقتص* -حماس author:الشميرى https://x.com/a')
    assert with_words_replaced("الرياصي الرياص", {"الرياص": "الرياض"}) == "الرياصي الرياض"  # whole words


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("f,jdk", "بوتين"), ("F,JDK", "بوتين"), ("hgvdhq", "الرياض"), ("hgHll hgljp]m", "الأمم المتحدة"),
     ("Hv],yhk", "أردوغان"), ("hgbjtHr", "اللاتفأق"), ("بوتين", None), ("2015", None), ("f,jdk بوتين", None)],
)
def test_a_query_typed_on_a_latin_keyboard_layout_reads_as_the_arabic_meant(typed, meant):
    assert from_latin_keyboard(typed) == meant


def test_related_query_is_more_like_this_without_the_republications():
    plain = related_query("news", "abc")
    assert plain["more_like_this"]["like"] == [{"_index": "news", "_id": "abc"}]
    assert plain["more_like_this"]["fields"] == ["title", "body"]
    grouped = related_query("news", "abc", "g1")
    assert grouped["bool"]["must"] == [plain] and grouped["bool"]["must_not"] == [{"term": {"dup_group": "g1"}}]


def test_highlight_spec():
    hl = build_search(parse_query("سوريا"))["highlight"]
    assert hl["encoder"] == "html" and hl["pre_tags"] == ["<mark>"] and hl["post_tags"] == ["</mark>"]
    assert hl["fields"]["body"]["fragment_size"] == 160 and hl["fields"]["body"]["number_of_fragments"] <= 2


def test_highlight_query_marks_positive_terms_without_typo_expansion():
    fields = build_search(parse_query('سوريا "اللجنة الدستورية" OR تركي* -ليبيا'))["highlight"]["fields"]
    for name in ("title", "body"):  # each field is marked with a query on that field only
        assert fields[name]["highlight_query"]["bool"]["should"] == [
            {"match": {name: "سوريا بسوريا لسوريا كسوريا فسوريا"}},  # also behind a preposition
            {"match_phrase": {name: "اللجنة الدستورية"}},
            *({"match_phrase": {name: form}} for form in with_proclitics("اللجنة الدستورية")),
            {"match_bool_prefix": {f"{name}.exact": "تركي"}},  # as searched: words, and stems
            {"match_bool_prefix": {name: "تركي"}},
        ]
        assert fields[name]["matched_fields"] == [f"{name}.exact"]
    assert "matched_fields" not in build_search(parse_query("سوريا"))["highlight"]["fields"]["body"]
    assert not any("highlight_query" in f for f in build_search(parse_query(""))["highlight"]["fields"].values())


RESPONSE = {
    "hits": {
        "total": {"value": 2, "relation": "eq"},
        "hits": [
            {
                "_id": "a", "_score": 3.5, "sort": [3.5, 1, "a"],
                "_source": {"ref": "a", "title_display": "عنوان", "body_display": "نص <script>x</script>",
                            "published": "2020-02-08", "source": "s", "url": "http://e/x", "actors": ["بوتين"],
                            "topics": ["politics"], "dup_group": "g", "dup_count": 2},
                "highlight": {"body": ["نص <mark>مهم</mark>"]},
            },
            {"_id": "b", "_score": 1.0, "_source": {"title_display": "ب", "body_display": "<b>جسم</b> " + "ك " * 300}},
        ],
    },
    "aggregations": {
        "persons": {"buckets": [{"key": "بوتين", "doc_count": 1}]},
        "topics": {"buckets": []},
        "sources": {"buckets": [{"key": "s", "doc_count": 1}]},
        "published": {"buckets": [{"key_as_string": "2020-02", "key": 0, "doc_count": 1}]},
    },
}  # fmt: skip


def test_parse_response_and_exact_json_shape():
    result = parse_response(RESPONSE)
    assert result.total == 2 and result.last_sort is None
    assert result.hits[0].snippet == "نص <mark>مهم</mark>"
    lead = result.hits[1].snippet
    assert lead.startswith("&lt;b&gt;جسم&lt;/b&gt;") and len(lead) < 260
    assert result.facets["published"] == [("2020-02", 1), ("none", 1)]
    out = to_json(result)
    assert set(out) == {"total", "hits", "facets"}
    assert set(out["hits"][0]) == {
        "id", "ref", "title", "published", "source", "url", "actors", "topics", "snippet", "score",
    }  # fmt: skip
    assert set(out["facets"]) == {"actors", "topics", "sources", "published"}
    assert out["facets"]["published"] == [{"key": "2020-02", "count": 1}, {"key": "none", "count": 1}]
    assert out["facets"]["actors"] == [{"key": "بوتين", "count": 1}]
    assert out["hits"][1]["published"] is None and out["hits"][1]["actors"] == []
    json.dumps(out, ensure_ascii=False)


def test_render_escapes_everything_but_mark():
    assert safe_highlight("a <mark>b</mark> <img src=x>") == "a <mark>b</mark> &lt;img src=x&gt;"
    hit = parse_response(RESPONSE).hits[1]
    hit.title = '<img src=x onerror="alert(1)">'
    hit.title_html = ""
    hit.actors = ["<script>"]
    html_out = hit_html(hit)
    assert "<img" not in html_out and "<script>" not in html_out


def _hit(doc_id: str, group: str | None = None, source: str | None = None) -> SearchHit:
    return SearchHit(doc_id, doc_id, doc_id, None, source, None, [], [], "", 1.0, dup_group=group, dup_count=2)


def test_republications_on_a_page_fold_into_the_first_card():
    page = [_hit("a", "g1"), _hit("b"), _hit("c", "g1", "okaz"), _hit("d", "g2"), _hit("e", "g1", "<x>")]
    folded = fold_republications(page)
    assert [(h.id, [a.id for a in also]) for h, also in folded] == [("a", ["c", "e"]), ("b", []), ("d", [])]
    card = hit_html(folded[0][0], also=folded[0][1])
    assert re.findall(r"<bdi>(.*?)</bdi>", card.split('class="akh-also"')[1]) == ["عكاظ", "&lt;x&gt;"]
    assert "akh-also" not in hit_html(folded[1][0], also=folded[1][1])


def test_meta_line_isolates_each_part():
    """A Latin outlet key, a date and an Arabic count would merge into one left-to-right run."""
    line = meta_line("example.org", "2015-08-03T00:00:00", "2 إعادة نشر")
    assert re.findall(r"<bdi>(.*?)</bdi>", line) == ["example.org", "2015-08-03", "2 إعادة نشر"]
    assert re.findall(r"<bdi>(.*?)</bdi>", meta_line("alweeam", None))[0] == "الوئام"  # a known outlet by name
    assert re.findall(r"<bdi>(.*?)</bdi>", meta_line(None, None)) == ["مصدر غير معروف", "بدون تاريخ"]


def _bars(chart: str) -> list[tuple[str, str, float]]:
    """(class, title, height %) of each bar of a histogram, in order."""
    found = re.findall(r'<div class="(akh-bar[^"]*)" style="height:([\d.]+)%" title="([^"]*)"', chart)
    return [(cls, title, float(height)) for cls, height, title in found]


def test_histogram_bars_in_order_scaled_and_range_highlighted():
    months = [("2020-03", 4), ("2019-12", 1), ("2020-01", 3)]
    bars = _bars(histogram_html(months, since=date(2020, 1, 15), until=date(2020, 2, 29)))
    assert [t for _, t, _ in bars] == ["2019-12: 1", "2020-01: 3", "2020-02: 0", "2020-03: 4"]  # a time axis
    assert [h for _, _, h in bars] == [20.0, 60.0, 0.0, 80.0]  # axis top: 5
    assert [c for c, _, _ in bars] == ["akh-bar", "akh-bar in", "akh-bar in", "akh-bar"]  # January, February
    assert all(c == "akh-bar in" for c, _, _ in _bars(histogram_html(months)))  # no range: all in
    assert histogram_html([]) == ""


def test_histogram_marks_a_long_gap_with_a_break_not_empty_years():
    chart = histogram_html([("1990-05", 1), ("2015-07", 5), ("2015-09", 2)])
    assert [t for _, t, _ in _bars(chart)] == ["1990-05: 1", "2015-07: 5", "2015-08: 0", "2015-09: 2"]
    assert chart.count('class="akh-break"') == 1
    assert chart.index("1990-05") < chart.index("akh-break") < chart.index("2015-07")
    assert len(re.findall(r'<span style="left:', chart)) >= 2  # labels on months, none on the break


def test_histogram_by_day_for_a_short_span():
    days = [("2015-08-10", 3), ("2015-07-21", 5), ("2015-07-23", 1), ("1990-05-28", 1)]
    chart = histogram_html(days, since=date(2015, 7, 22), until=date(2015, 7, 31))
    bars = _bars(chart)
    assert [t for _, t, _ in bars[:4]] == ["1990-05-28: 1", "2015-07-21: 5", "2015-07-22: 0", "2015-07-23: 1"]
    assert len(bars) == 22 and bars[-1][1] == "2015-08-10: 3"  # 21 July to 10 August, one bar a day
    assert chart.count('class="akh-break"') == 1  # 1990 to 2015
    assert [t[:10] for c, t, _ in bars if c == "akh-bar in"] == [f"2015-07-{d}" for d in range(22, 32)]
    labels = re.findall(r'<span style="left:[\d.]+%">([^<]*)</span>', chart)
    assert labels[0] == "28/05" and all(re.fullmatch(r"\d\d/\d\d", x) for x in labels)  # day/month
    assert 'aria-label="المقالات حسب اليوم"' in chart
    assert 'aria-label="المقالات حسب الشهر"' in histogram_html([("2015-07", 1)])
    assert [t for _, t, _ in _bars(histogram_html([("2015-07-01", 1), ("2015-08-15", 2)]))] == [
        "2015-07-01: 1", "2015-08-15: 2"]  # more than 31 empty days: a break


def test_the_day_by_day_timeline_counts_the_date_facets_matches():
    q = parse_query("بوتين")
    body = timeline_search(q, Filters(sources=["aawsat"], since=date(2015, 7, 22), until=date(2015, 7, 31)))
    assert body["size"] == 0 and body["query"]["bool"]["must"] == [text_query(q)]
    assert body["query"]["bool"]["filter"] == [{"terms": {"source": ["aawsat"]}}]  # not its own range
    assert body["aggs"]["published"]["date_histogram"] == {
        "field": "published", "calendar_interval": "day", "format": "yyyy-MM-dd", "min_doc_count": 1}
    assert timeline_search(q)["query"] == text_query(q)
    resp = {"aggregations": {"published": {"buckets": [{"key_as_string": "2015-07-21", "doc_count": 4}]}}}
    assert parse_timeline(resp) == [("2015-07-21", 4)] and parse_timeline({}) == []


def test_histogram_labels_never_crowd_and_text_is_escaped():
    months = [(f"{y}-{m:02d}", m) for y in range(2007, 2017) for m in range(1, 13)]
    chart = histogram_html(months)
    lefts = [float(x) for x in re.findall(r'<span style="left:([\d.]+)%">', chart)]
    assert 3 <= len(lefts) <= 7 and all(b - a > 14.9 for a, b in pairwise(lefts))  # 15 %, to the rounding
    assert len(_bars(chart)) == 120 and "gap:0px" in chart
    hostile = histogram_html([("<script>-<b", 2)])
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile


def test_date_range_given_backwards_is_read_the_right_way_round():
    state = UIState(since=date(2021, 1, 1), until=date(2020, 1, 1))
    assert state.range_reversed
    assert (state.filters().since, state.filters().until) == (date(2020, 1, 1), date(2021, 1, 1))
    assert not UIState(since=date(2020, 1, 1), until=date(2020, 1, 1)).range_reversed
    assert not UIState(since=date(2021, 1, 1)).range_reversed


def test_url_state_round_trip():
    state = UIState(q='"عبارة" x', actors=["أ", "ب"], since=date(2020, 1, 1), sort="date", page=3, article="id1")
    params = state_to_params(state)
    assert state_from_params(params) == state
    assert state_from_params({"page": "-2", "since": "bad", "sort": "nope"}) == UIState()
    assert state_from_params(state_to_params(UIState(sort="oldest"))).sort == "oldest"
    assert state_to_params(UIState(q="x", in_title=True)) == {"q": "x", "in": "title"}
    assert state_from_params({"q": "x", "in": "title"}).in_title and not state_from_params({"in": "body"}).in_title
    for loaded in ("last", "24h", "2026-11-24 09:30"):  # loaded since: kept as typed, a moment each time
        assert state_to_params(state_from_params({"loaded": loaded})) == {"loaded": loaded}
    assert state_from_params({"loaded": "soon"}).loaded == ""
    moment = datetime(2026, 11, 24, tzinfo=UTC)
    assert UIState(loaded="last", loaded_at=moment).filters().loaded_since == moment
    assert UIState(loaded_at=moment).filters().loaded_since is None  # not asked for
