"""The Elasticsearch requests of a search (pure functions, no I/O).

Shared by the CLI (``akhbar search``/``export``/``delete``) and the Streamlit UI: :func:`build_search`
turns a :class:`~search_ui.query_language.ParsedQuery` plus :class:`Filters` into a request body
with contextual facets, highlighting and a stable sort for ``search_after``; the smaller requests
(spelling suggestions, stop words, written forms, the day-by-day timeline, related articles) are
built here too. :mod:`search_ui.results` reads the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Literal

from indexer.outlets import outlet_key, site_host
from indexer.urls import url_variants
from search_ui.arabic_forms import arabic_word, other_writings, seats, with_proclitics, written_forms
from search_ui.query_language import ParsedQuery, Scope, Term, letter_count

FUZZY_MIN_LETTERS = 6  # not counting the article ال: shorter words have too many one-letter neighbours
SNIPPET_CHARS = 200
FACET_SIZE = 30
# The actor facet is counted as people, organisations and places (each actor is one of them): places
# lead any actor count, and people would hardly show. The actors facet is their merged top.
ACTOR_TYPE_FACETS = ("persons", "organizations", "places")
NO_DATE = "none"

Sort = Literal["relevance", "date", "oldest", "copies"]
SORTS: tuple[Sort, ...] = ("relevance", "date", "oldest", "copies")

FACET_FIELDS = {"actors": "actors", "topics": "topics", "sources": "source"}
SOURCE_FIELDS = [
    "ref",
    "url",
    "source",
    "author",
    "title_display",
    "body_display",
    "published",
    "published_source",
    "crawled",
    "actors",
    "topics",
    "dup_group",
    "dup_count",
    "excerpt",
]
EXPORT_FIELDS = [f for f in SOURCE_FIELDS if f != "body_display"]
# The result list never ships article bodies: its lead comes from the body highlight.
LIST_FIELDS = [*EXPORT_FIELDS, "title"]
# Weights: the title counts more than the body; the unstemmed form more than the stem.
_STEMMED = ["title^3", "body"]
_EXACT = ["title.exact^3", "body.exact"]
NEAR_SLOP = 2  # words typed side by side rank higher when at most this many moves apart


@dataclass
class Filters:
    """Facet selections: several values of one field are OR-ed, the fields AND-ed."""

    actors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    loaded_since: datetime | None = None  # written to the archive by a load from then on (UTC)

    def active(self, lang: Literal["en", "ar"] = "en", topic_labels: Mapping[str, str] | None = None,
               source_labels: Mapping[str, str] | None = None) -> list[str]:
        """Human-readable list of the active filters (for "no results" hints), in English or Arabic."""
        actor, topic, source, since, until, loaded = _FILTER_NAMES[lang]
        labels, outlets = topic_labels or {}, source_labels or {}
        out = [f"{actor}: {a}" for a in self.actors]
        out += [f"{topic}: {labels.get(t, t)}" for t in self.topics]
        out += [f"{source}: {outlets.get(s, s)}" for s in self.sources]
        if self.since:
            out.append(f"{since}: {self.since.isoformat()}")
        if self.until:
            out.append(f"{until}: {self.until.isoformat()}")
        if self.loaded_since:
            out.append(f"{loaded}: {self.loaded_since.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
        return out


_FILTER_NAMES = {
    "en": ("actor", "topic", "source", "since", "until", "loaded since"),
    "ar": ("الفاعل", "الموضوع", "المصدر", "من", "إلى", "أضيف منذ"),
}


def _fields(scope: Scope | None) -> tuple[list[str], list[str]]:
    """The stemmed and the unstemmed fields a term of ``scope`` is searched in (a byline has one)."""
    if scope == "title":
        return ["title"], ["title.exact"]
    return (["author"], ["author"]) if scope == "author" else (_STEMMED, _EXACT)


def _any_form(forms: list[str]) -> dict[str, Any]:
    """An intervals rule: any of ``forms`` (one word each)."""
    rules = [{"match": {"query": form}} for form in forms]
    return rules[0] if len(rules) == 1 else {"any_of": {"intervals": rules}}


def _intervals(rule: dict[str, Any], fields: list[str]) -> list[dict[str, Any]]:
    """An intervals query of ``rule`` on each of ``fields`` (``name^boost``)."""
    out = []
    for spec in fields:
        field, _, boost = spec.partition("^")
        out.append({"intervals": {field: {**rule, **({"boost": float(boost)} if boost else {})}}})
    return out


def _phrase_clause(term: Term, fields: list[str]) -> dict[str, Any]:
    """A quoted phrase on ``fields`` as typed (or with its hamza on the other seat: «شئون», «شؤون»), or
    behind a proclitic (:func:`with_proclitics`), its other words as typed: quotes keep out other
    inflections, not the letters Arabic joins to a word. Words near each other (``"…"~N``): each
    word so, in any order («بوتين وأردوغان» has Putin and Erdoğan side by side). The forms behind a
    proclitic are one intervals rule per field (their first word any of its forms), not a phrase
    query each. A byline's name as written."""
    near = {"slop": term.slop} if term.slop else {}
    if term.scope == "author":
        return {"multi_match": {"query": term.text, "type": "phrase", "fields": fields, **near}}
    texts = seats(term.text)
    clauses = [{"multi_match": {"query": text, "type": "phrase", "fields": fields, **near}} for text in texts]
    if near:
        rules = [_any_form(written_forms(word)) for word in term.text.split()]
        clauses += _intervals({"all_of": {"ordered": False, "max_gaps": term.slop, "intervals": rules}}, fields)
    else:
        for text in texts:
            words = text.split()
            if behind := [form.split(" ", 1)[0] for form in with_proclitics(text)]:
                first = _any_form(behind)
                rest = {"match": {"query": " ".join(words[1:]), "ordered": True, "max_gaps": 0}}
                rule = {"all_of": {"ordered": True, "max_gaps": 0, "intervals": [first, rest]}} if words[1:] else first
                clauses += _intervals(rule, fields)
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


def _prefix_of_stems(term: Term) -> bool:
    """Whether the prefix ``term`` is also looked for at the start of the stems: the words behind ال
    or a proclitic (اقتص*: «الاقتصاد», «والاقتصادية», «للاقتصاد»). Not for a prefix with ال itself
    (its stem would be a shorter prefix: «الأر*» is not «ارتفاع»), of fewer than three letters, or
    in a byline."""
    text = term.text
    return term.scope != "author" and not text.startswith("ال") and letter_count(text) >= 3 and arabic_word(text)


def term_clause(term: Term, *, fuzzy: bool = True) -> dict[str, Any]:
    """The query of one term: phrase on the exact fields, prefix, or word (stem + form + typo); or any
    of these, its variants (on the stemmed fields, like a word) and its actor. A headline-only term
    is searched on the title fields alone, a byline-only term on the author field.

    A stop word (``هو``) matches where it is written: the stemmed fields, which leave it out, match
    nothing for it; in a byline, which has no other field, it matches nothing (``author:في``: no
    article; ``-author:في`` leaves none out)."""
    if term.link:  # the article at that address, however the scrape wrote it
        return {"terms": {"url": url_variants(term.text)}}
    if term.site:
        return site_clause(term.text)
    stemmed, exact = _fields(term.scope)
    if term.actors or term.variants:
        any_of = [term_clause(replace(term, actors=(), variants=(), marks=()), fuzzy=fuzzy)]
        any_of += [{"multi_match": {"query": v, "fields": stemmed, "type": "phrase"}} for v in term.variants]
        if term.actors:
            any_of.append({"terms": {"actors": list(term.actors)}})
        return {"bool": {"should": any_of, "minimum_should_match": 1}}
    if term.phrase:
        return _phrase_clause(term, exact)
    if term.prefix:
        clause = {"multi_match": {"query": term.text, "type": "bool_prefix", "fields": exact}}
        if not _prefix_of_stems(term):
            return clause
        stems = {"multi_match": {"query": term.text, "type": "bool_prefix", "fields": stemmed}}
        return {"bool": {"should": [clause, stems], "minimum_should_match": 1}}
    should: list[dict[str, Any]] = [
        # Stemmed: مكالمات finds المكالمة.
        {
            "multi_match": {
                "query": term.text,
                "fields": stemmed,
                "operator": "and",
                "zero_terms_query": "none",
            }
        },
        # The very form typed ranks above other forms of the stem.
        {"multi_match": {"query": term.text, "fields": exact, "operator": "and", "boost": 0.5}},
    ]
    if others := other_writings(term.text):
        should.append({"multi_match": {"query": " ".join(others), "fields": stemmed}})
    if fuzzy and letter_count(term.text.removeprefix("ال")) >= FUZZY_MIN_LETTERS:
        # A typo is a spelling matter: on the unstemmed fields (one letter off a short stem is
        # another word: الدوحة would find every document with a stem near دوح).
        should.append(
            {
                "multi_match": {
                    "query": term.text,
                    "fields": exact,
                    "operator": "and",
                    "fuzziness": 1,
                    "prefix_length": 2,
                    "max_expansions": 10,
                    "boost": 0.2,
                }
            }
        )
    return {"bool": {"should": should, "minimum_should_match": 1}}


def site_clause(site: str) -> dict[str, Any]:
    """The articles of the outlet ``site`` names (by key, name, site or address), and, for a site,
    those with an address on it, whatever their scrape called the outlet."""
    source = {"term": {"source": outlet_key(site)}}
    host = site_host(site)
    if host is None:
        return source
    on_site = [{"prefix": {"url": root}} for root in url_variants(f"http://{host}/")]
    return {"bool": {"should": [source, *on_site], "minimum_should_match": 1}}


def text_query(parsed: ParsedQuery) -> dict[str, Any]:
    """The scoring part of the request (match_all when the query is empty).

    A stop word among other words is not required (``بوتين في`` is ``بوتين``, as in web search);
    alone, with other stop words or as an alternative (``لا OR ليس``) it is, as written."""
    must: list[dict[str, Any]] = []
    content = any(not t.stop for t in parsed.positive)
    for group in parsed.groups:
        if content and len(group) == 1 and group[0].stop:
            continue
        clauses = [term_clause(t) for t in group]
        if len(clauses) == 1:
            must.append(clauses[0])
        else:
            must.append({"bool": {"should": clauses, "minimum_should_match": 1}})
    must_not = [
        term_clause(e[0], fuzzy=False) if len(e) == 1 else {"bool": {"must": [term_clause(t, fuzzy=False) for t in e]}}
        for e in parsed.excludes
    ]
    if not must and not must_not:
        return {"match_all": {}}
    body: dict[str, Any] = {"must": must or [{"match_all": {}}]}
    if must_not:
        body["must_not"] = must_not
    if parsed.near:  # optional: they only rank articles with the words together above the rest
        body["should"] = [near_clause(t) for t in parsed.near]
    return {"bool": body}


def _plain_word(term: Term) -> bool:
    """A word searched as such (not a phrase, prefix, address, name or byline): it may be a stop word."""
    return not (term.phrase or term.prefix or term.link or term.site or term.actors or term.variants
                or term.scope == "author")


def stop_word_candidates(parsed: ParsedQuery) -> list[str]:
    """The query's plain positive words, which may be stop words (:func:`stop_words_request`)."""
    return sorted({t.text for t in parsed.positive if _plain_word(t)})


def stop_words_request(words: list[str]) -> dict[str, Any]:
    """An ``indices.analyze`` request (keyword arguments) that tells which of ``words`` are stop
    words, which the stemmed fields' analyzer leaves out (:func:`stop_words`)."""
    return {"analyzer": "arabic_text", "text": " ".join(words)}


def with_stop_words(parsed: ParsedQuery, stop: set[str]) -> ParsedQuery:
    """``parsed`` with its plain words among ``stop`` marked as stop words (see :func:`text_query`)."""
    if not stop:
        return parsed
    groups = tuple(tuple(replace(t, stop=t.text in stop and _plain_word(t)) for t in g) for g in parsed.groups)
    return replace(parsed, groups=groups)


def near_clause(run: Term) -> dict[str, Any]:
    """Words typed side by side: as typed (the exact phrase) or in any inflection up to
    :data:`NEAR_SLOP` moves apart (``وقف إطلاق النار`` ranks «وقف فوري لإطلاق النار» above a
    shooting with a «وقف» elsewhere); both count, the exact phrase most."""
    stemmed, exact = _fields(run.scope)
    return {
        "bool": {
            "should": [
                {"multi_match": {"query": run.text, "type": "phrase", "fields": exact}},
                {"multi_match": {"query": run.text, "type": "phrase", "slop": NEAR_SLOP, "fields": stemmed}},
            ]
        }
    }


def filter_clauses(filters: Filters, *, skip: str | None = None) -> list[dict[str, Any]]:
    """Filter clauses for every active facet except ``skip`` (a facet name or "published")."""
    out: list[dict[str, Any]] = []
    for name, fld in FACET_FIELDS.items():
        values = getattr(filters, name)
        if values and name != skip:
            out.append({"terms": {fld: list(values)}})
    if (filters.since or filters.until) and skip != "published":
        rng: dict[str, str] = {"format": "yyyy-MM-dd"}
        if filters.since:
            rng["gte"] = filters.since.isoformat()
        if filters.until:
            rng["lte"] = filters.until.isoformat()
        out.append({"range": {"published": rng}})
    return out


def scoped_query(parsed: ParsedQuery, filters: Filters) -> dict[str, Any]:
    """The text query among the articles loaded since ``filters.loaded_since``, if given: a scope,
    not a facet (every facet counts within it)."""
    query = text_query(parsed)
    if filters.loaded_since is None:
        return query
    loaded = {"range": {"indexed_at": {"gte": filters.loaded_since.astimezone(UTC).isoformat()}}}
    return {"bool": {"must": [query], "filter": [loaded]}}


def sort_clause(sort: Sort) -> list[Any]:
    """Stable sort: relevance (score, newest, ref), date (newest first), oldest (oldest first: a
    chronology) or copies (the most republished stories first, a story's copies side by side, newest
    first), the undated last, then ref."""
    def by_date(order: str) -> dict[str, Any]:
        return {"published": {"order": order, "missing": "_last", "unmapped_type": "date"}}

    tiebreak = {"ref": {"order": "asc", "missing": "_last", "unmapped_type": "keyword"}}
    if sort == "oldest":
        return [by_date("asc"), tiebreak]
    if sort == "date":
        return [by_date("desc"), tiebreak]
    if sort == "copies":
        return [{"dup_count": {"order": "desc", "missing": "_last", "unmapped_type": "integer"}},
                {"dup_group": {"order": "asc", "missing": "_last", "unmapped_type": "keyword"}},
                by_date("desc"), tiebreak]
    return [{"_score": {"order": "desc"}}, by_date("desc"), tiebreak]


FILTERED = "filtered:"  # the name of a filter aggregation: the facets it counts, joined by +


def _histogram(interval: Literal["month", "day"]) -> dict[str, Any]:
    """Dated matches per month (keys ``YYYY-MM``) or per day (``YYYY-MM-DD``)."""
    key = "yyyy-MM" if interval == "month" else "yyyy-MM-dd"
    return {"date_histogram": {"field": "published", "calendar_interval": interval, "format": key, "min_doc_count": 1}}


def timeline_search(parsed: ParsedQuery, filters: Filters | None = None) -> dict[str, Any]:
    """The date facet day by day, for matches too close in time for months: the text query's matches
    under every filter but the date range (as the month facet counts them); no hits."""
    filters = filters or Filters()
    query = scoped_query(parsed, filters)
    clauses = filter_clauses(filters, skip="published")
    return {
        "size": 0,
        "track_total_hits": False,
        "query": {"bool": {"must": [query], "filter": clauses}} if clauses else query,
        "aggs": {"published": _histogram("day")},
    }


def facet_aggs(filters: Filters) -> dict[str, Any]:
    """Contextual facets over the text query's matches, each under every filter except its own
    (multi-select); the hits themselves are filtered by a ``post_filter`` (see :func:`build_search`).

    With no filter, the facets are plain aggregations. With filters, a facet is counted within a
    filter aggregation over the other filters, if any, which it shares with the facets counted
    under the same ones (each match is checked against them once); the date facet always is, since
    its undated are its documents less the dated."""
    active = bool(filter_clauses(filters))
    aggs: dict[str, Any] = {}
    fields = {**{n: f for n, f in FACET_FIELDS.items() if n != "actors"}, **{n: n for n in ACTOR_TYPE_FACETS}}
    facets = {name: {"terms": {"field": fld, "size": FACET_SIZE}} for name, fld in fields.items()}
    facets["published"] = _histogram("month")
    shared: dict[str, tuple[list[dict[str, Any]], dict[str, Any]]] = {}
    for name, agg in facets.items():
        others = filter_clauses(filters, skip="actors" if name in ACTOR_TYPE_FACETS else name)
        if others or (active and name == "published"):
            shared.setdefault(repr(others), (others, {}))[1][name] = agg
        else:
            aggs[name] = agg
    for others, counted in shared.values():
        aggs[FILTERED + "+".join(counted)] = {"filter": {"bool": {"filter": others}}, "aggs": counted}
    return aggs


def _stop_words_only(parsed: ParsedQuery | None) -> bool:
    """Whether every term the query looks for is a stop word (``من هو``): found where written, on
    the unstemmed sub-fields, and marked there (see :func:`highlight_spec`)."""
    return parsed is not None and bool(parsed.positive) and all(t.stop for t in parsed.positive)


def highlight_query(parsed: ParsedQuery, field: str) -> dict[str, Any] | None:
    """What to mark in ``field``'s snippets: every positive term on that stemmed field, without typo
    expansion; a phrase where its stems stand together; a prefix on the unstemmed sub-field, as it
    is searched (its stem would be a shorter prefix: «الأر*» is not «ارتفاع»), and so stop words
    when the query has nothing else (the stemmed field leaves them out; among other words they are
    not marked).

    Marking is much cheaper than with the scoring query (no fuzzy automata, one field, one analysis);
    the engine matches the query against every hit it marks."""
    clauses: list[dict[str, Any]] = []
    stop_only = _stop_words_only(parsed)
    for term in parsed.positive:
        if term.link or term.site or (term.scope and term.scope != field):
            continue
        if term.stop:
            if stop_only:
                clauses.append({"match": {f"{field}.exact": term.text}})
            continue
        if term.prefix:
            clauses.append({"match_bool_prefix": {f"{field}.exact": term.text}})
            if _prefix_of_stems(term):
                clauses.append({"match_bool_prefix": {field: term.text}})
        elif term.phrase:  # its stems: a proclitic the stemmer keeps (لوقف) is marked as searched
            forms = [term.text] if term.scope == "author" else written_forms(term.text)
            clauses += [{"match_phrase": {field: {"query": form, "slop": term.slop} if term.slop else form}}
                        for form in forms]
        else:
            clauses.append({"match": {field: " ".join([term.text, *other_writings(term.text)])}})
        clauses += [{"match_phrase": {field: v}} for v in term.variants]
        if term.marks:
            clauses.append({"match": {field: " ".join(term.marks)}})
    return {"bool": {"should": clauses}} if clauses else None


def highlight_spec(parsed: ParsedQuery | None = None, *, whole: bool = False) -> dict[str, Any]:
    """Highlight title and body, each with its own :func:`highlight_query`; article text is
    HTML-escaped, only ``<mark>`` is added.

    Snippets by default: a body without a match (or an empty query) still gives its first
    ``SNIPPET_CHARS`` as the lead. ``whole``: the entire title and body, marked (reading view)."""
    fields: dict[str, dict[str, Any]] = {
        "title": {"number_of_fragments": 0},
        "body": {"number_of_fragments": 0}
        if whole
        else {"fragment_size": 160, "number_of_fragments": 2, "no_match_size": SNIPPET_CHARS},
    }
    prefix = parsed is not None and any(t.prefix for t in parsed.positive)
    for name, options in fields.items():
        query = highlight_query(parsed, name) if parsed else None
        if query:
            options["highlight_query"] = query
        if prefix:  # its matches on the sub-field mark the field's text
            options["matched_fields"] = [f"{name}.exact"]
    if _stop_words_only(parsed):  # marked on the sub-fields themselves (no offsets to share): see highlights()
        fields = {f"{name}.exact": options for name, options in fields.items()}
    return {"encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"], "fields": fields}


def build_search(
    parsed: ParsedQuery,
    filters: Filters | None = None,
    *,
    sort: Sort = "relevance",
    size: int = 20,
    from_: int = 0,
    search_after: list[Any] | None = None,
    highlight: bool = True,
    facets: bool = True,
    source: list[str] | None = None,
) -> dict[str, Any]:
    """The search request body (keyword arguments of ``es.search``).

    Without facets, filters filter the query. With facets, the query is the text query alone, the
    facets count its matches under every filter but their own (:func:`facet_aggs`) and a
    ``post_filter`` keeps the hits that pass every filter: the text query runs once. ``source``
    defaults to :data:`LIST_FIELDS`: no article bodies, the lead comes from the body highlight."""
    filters = filters or Filters()
    query = scoped_query(parsed, filters)
    clauses = filter_clauses(filters)
    body: dict[str, Any] = {
        "size": max(0, size),
        "sort": sort_clause(sort),
        "track_total_hits": True,
        "_source": source if source is not None else LIST_FIELDS,
    }
    if facets:
        body["query"] = query
        body["aggs"] = facet_aggs(filters)
        if clauses:
            body["post_filter"] = {"bool": {"filter": clauses}}
    else:
        body["query"] = {"bool": {"must": [query], "filter": clauses}} if clauses else query
    if search_after is not None:
        body["search_after"] = list(search_after)
    elif from_:
        body["from"] = from_
    if highlight:
        body["highlight"] = highlight_spec(parsed)
    return body


SUGGESTIONS = 5  # spellings asked for each misspelt word: the equally close among them compete


def suggest_request(parsed: ParsedQuery) -> dict[str, Any] | None:
    """A request for the spellings the archive has of the query's words it has not (typos: ``بوتبن``,
    ``الرياص``); prefixes, addresses and bylines aside. None when there is no such word."""
    words = [w for t in parsed.positive if not (t.prefix or t.link or t.site or t.scope == "author")
             for w in t.text.split()]
    if not words:
        return None
    spelling = {"term": {"field": "body.exact", "suggest_mode": "missing", "size": SUGGESTIONS}}
    return {"size": 0, "track_total_hits": False, "suggest": {"text": " ".join(words), "spelling": spelling}}


def written_forms_request(words: list[str]) -> dict[str, Any]:
    """A few articles with each of ``words``, their marked occurrences (how articles write them)."""
    return {
        "size": 3 * len(words),
        "_source": False,
        "query": {"bool": {"should": [{"match": {"body.exact": w}} for w in words]}},
        "highlight": {"pre_tags": ["<mark>"], "post_tags": ["</mark>"],
                      "fields": {"body.exact": {"number_of_fragments": 3, "fragment_size": 20}}},
    }


def related_query(index: str, doc_id: str, dup_group: str | None = None) -> dict[str, Any]:
    """Articles like one article (more-like-this on its title and body terms), itself and its
    republications (``dup_group``) aside: they are shown as such."""
    like: dict[str, Any] = {"more_like_this": {"fields": ["title", "body"], "like": [{"_index": index, "_id": doc_id}],
                                               "min_term_freq": 1, "max_query_terms": 25}}
    if not dup_group:
        return like
    return {"bool": {"must": [like], "must_not": [{"term": {"dup_group": dup_group}}]}}
