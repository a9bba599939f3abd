"""Enrichment of documents already in the index: re-apply it (new gazetteer, rules) and list unknown actors."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from elasticsearch import Elasticsearch, helpers

from indexer.actors import BREAK, STOP_WORDS, Gazetteer, found_after, name_groups, tokenize
from indexer.enrich import Enricher
from indexer.outlets import outlet_key, outlet_names
from indexer.text import fold

_FIELDS = ["title", "body", "url", "crawled", "published", "published_source"]


def outdated_query(rules: str) -> dict[str, Any]:
    """The articles enriched by other rules than ``rules`` (an edited gazetteer, an older akhbar),
    or not at all (a load with ``--no-enrich``, an interrupted ``akhbar enrich``)."""
    return {"bool": {"must_not": {"term": {"enriched_by": rules}}}}


def outdated(es: Elasticsearch, alias: str, rules: str) -> int:
    """How many stored articles :func:`reenrich` would bring up to date."""
    return int(es.count(index=alias, query=outdated_query(rules))["count"])


def outdated_note(count: int) -> str:
    """What the ``count`` articles :func:`outdated` finds are, and what to do about them."""
    return (f"{count:,} stored articles were enriched by other rules (an edited gazetteer or taxonomy, an "
            "earlier akhbar) or not at all: `akhbar enrich` brings them up to date")


def reenrich(es: Elasticsearch, alias: str, enricher: Enricher, *, every: bool = False, batch_size: int = 500,
             on_progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Recompute dates, actors and topics of the stored documents from their stored text: those
    enriched by other rules than ``enricher``'s (every one with ``every``).

    A date that came from the scrape's metadata is kept as metadata. Returns (updated, failed)."""
    query = {"match_all": {}} if every else outdated_query(enricher.rules)

    def updates() -> Iterator[dict[str, Any]]:
        for hit in helpers.scan(es, index=alias, query={"query": query}, _source=_FIELDS, size=1000):
            src = hit["_source"]
            metadata = src.get("published") if src.get("published_source") == "metadata" else None
            fields = enricher.fields(src.get("title") or "", src.get("body") or "", url=src.get("url"),
                                     metadata_date=metadata, crawled=src.get("crawled"))
            yield {"_op_type": "update", "_index": hit["_index"], "_id": hit["_id"], "doc": fields}

    done = failed = 0
    for ok, _ in helpers.streaming_bulk(es, updates(), chunk_size=batch_size, max_retries=5,
                                        raise_on_error=False, raise_on_exception=False):
        done, failed = done + ok, failed + (not ok)
        if on_progress and (done + failed) % batch_size == 0:
            on_progress(done + failed)
    es.indices.refresh(index=alias)
    return done, failed


_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Written:
    """A candidate as an article writes it, and the words before it in that sentence: the title,
    role or organisation word it was found after (``المدرب البرتغالي``, ``تنظيم``)."""

    form: str
    after: str


_BREAK = re.compile(r"[.!?؟،,:;؛()\[\]\n\"«»“”]")
_CONTEXT_WORDS = 3


def written_at(text: str, name: str) -> Written | None:
    """Where ``text`` writes the candidate ``name`` (a folded key: ``الذياب المنفرده``): its words as
    written there (``الذئاب المنفردة``; ``عبد الكريم`` for ``عبدالكريم``) and up to three words before
    them in their sentence, preferably after a title or an organisation word, as the candidate was
    found (:func:`found_after`); None when it has none."""
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    size = len(name.split())
    first = name.split()[0][:2] if name else ""
    seen: Written | None = None
    for i, (word, start, _) in enumerate(words):
        if not fold(word).startswith(first):
            continue
        for n in range(size, min(size + 2, len(words) - i) + 1):  # "عبد ال…" apart is one token
            form = text[start : words[i + n - 1][2]]
            if " ".join(tokenize(fold(form))) == name:
                head = text[max(0, start - 80) : start].rstrip(" «\"“'(")  # a quoted name: the word before the quote
                cut = max((m.end() for m in _BREAK.finditer(head)), default=0)
                here = Written(form, " ".join(head[cut:].split()[-_CONTEXT_WORDS:]))
                if found_after(here.after):
                    return here
                seen = seen or here
                break
    return seen


def written_in(text: str, name: str) -> str | None:
    """The candidate ``name`` as ``text`` writes it (:func:`written_at`), or None."""
    found = written_at(text, name)
    return found.form if found else None


def candidates_as_written(es: Elasticsearch, alias: str, names: list[str], field: str = "actor_candidates"
                          ) -> dict[str, Written]:
    """How each candidate (a folded key: ``القاعده``) is written in an article that has it (``القاعدة``),
    as it would go into the gazetteer, and what it came after; one request for all. ``field``: where
    the keys are stored (``actor_forms`` for the forms of known actors)."""
    if not names:
        return {}
    searches: list[dict[str, Any]] = []
    for name in names:
        searches += [{"index": alias}, {"size": 1, "_source": ["title", "body"],
                                        "query": {"term": {field: name}}}]
    forms: dict[str, Written] = {}
    for name, resp in zip(names, es.msearch(searches=searches)["responses"], strict=True):
        for hit in resp.get("hits", {}).get("hits") or []:
            src = hit.get("_source") or {}
            found = [w for w in (written_at(src.get(f) or "", name) for f in ("title", "body")) if w]
            if found:  # where it comes after a title, as it was found, else where it is
                forms[name] = next((w for w in found if found_after(w.after)), found[0])
    return forms


def _terms(es: Elasticsearch, alias: str, field: str) -> Iterator[tuple[str, int]]:
    """Every value of a keyword field with the articles that have it (composite aggregation pages)."""
    after: dict[str, Any] | None = None
    while True:
        composite: dict[str, Any] = {"size": 1000, "sources": [{"k": {"terms": {"field": field}}}]}
        if after:
            composite["after"] = after
        agg = es.search(index=alias, size=0, aggs={"c": {"composite": composite}})["aggregations"]["c"]
        yield from ((b["key"]["k"], b["doc_count"]) for b in agg["buckets"])
        after = agg.get("after_key")
        if not agg["buckets"] or not after:
            return


def _articles(es: Elasticsearch, alias: str, field: str, groups: list[list[str]]) -> list[int]:
    """The articles that have any value of each group in ``field``, one request for all."""
    searches: list[dict[str, Any]] = []
    for group in groups:
        searches += [{"index": alias}, {"size": 0, "track_total_hits": True, "query": {"terms": {field: group}}}]
    responses = es.msearch(searches=searches)["responses"] if groups else []
    return [r["hits"]["total"]["value"] for r in responses]


class Spelling(NamedTuple):
    """A name an article writes otherwise than the gazetteer, found by its skeleton (``بارك اوباما``):
    the form an article has (with its clitics, folded), the actor it was taken for, and the articles
    that write it so (with any clitic)."""

    form: str
    actor: str
    articles: int


def skeleton_spellings(es: Elasticsearch, alias: str, gazetteer: Gazetteer, top: int = 50) -> list[Spelling]:
    """The most frequent names the gazetteer matched by their skeleton only (:meth:`Gazetteer.by_skeleton`),
    to check: a right one can become an alias, a wrong one (``خميني`` taken for ``خامنئي``) an entry."""
    groups: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for form, count in _terms(es, alias, "actor_forms"):
        found = gazetteer.by_skeleton(form)
        if found:
            groups.setdefault((found[0].name, found[1]), []).append((form, count))
    several = [[form for form, _ in forms] for forms in groups.values() if len(forms) > 1]
    together = dict(zip((g[0] for g in several), _articles(es, alias, "actor_forms", several), strict=True))
    spellings = []
    for (name, bare), forms in groups.items():
        form = next((f for f, _ in forms if f == bare), max(forms, key=lambda fc: fc[1])[0])
        spellings.append(Spelling(form, name, together.get(forms[0][0], forms[0][1])))
    return sorted(spellings, key=lambda s: -s.articles)[:top]


class Candidate(NamedTuple):
    """An unknown name: its most frequent writing (a folded key), the articles that have it in any
    writing, and its other writings (with or without ``بن``: :func:`~indexer.actors.one_name`)."""

    name: str
    articles: int
    also: tuple[str, ...] = ()


def unknown_candidates(es: Elasticsearch, alias: str, gazetteer: Gazetteer, top: int = 50) -> list[Candidate]:
    """The most frequent unknown-name candidates (articles mentioning each) not resolved by the
    gazetteer, the writings of one name together (their articles counted once, one more request).
    An outlet akhbar knows, cited by name (صحيفة عكاظ, «سبق»), is a source, not a candidate."""
    resp = es.search(index=alias, size=0,
                     aggs={"c": {"terms": {"field": "actor_candidates", "size": max(4 * top, 200)}}})
    counts = {b["key"]: b["doc_count"] for b in resp["aggregations"]["c"]["buckets"]}
    outlets = outlet_names()
    groups = [g for g in name_groups(counts.items())
              if gazetteer.unknown(g) == g and not any(outlet_key(name) in outlets for name in g)]
    several = [g for g in groups if len(g) > 1]
    together = dict(zip((g[0] for g in several), _articles(es, alias, "actor_candidates", several), strict=True))
    found = [Candidate(g[0], together.get(g[0], counts[g[0]]), tuple(g[1:])) for g in groups]
    return sorted(found, key=lambda c: -c.articles)[:top]


class Neighbour(NamedTuple):
    """A word right before or after an actor's mentions (folded, as matching reads it), the articles
    that have it there, and one place where it is (the words around the mention)."""

    side: str  # "before" | "after"
    word: str
    articles: int
    example: str


def neighbours(es: Elasticsearch, alias: str, gazetteer: Gazetteer, actor: str, top: int = 50) -> list[Neighbour]:
    """The words an actor's mentions come after and before in the stored articles, the most frequent
    first (function words, titles and reporting verbs aside): a word that makes the name someone's or
    something else's shows here (``مسقط رأسه``, a birthplace; ``كوبا أميركا``, a tournament), to go
    into a block list of the gazetteer or to become an entry of its own."""
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for hit in helpers.scan(es, index=alias, query={"query": {"term": {"actors": actor}}}, _source=["title", "body"]):
        src = hit.get("_source") or {}
        tokens, mentions = gazetteer.mentions(src.get("title") or "", src.get("body") or "")
        here: set[tuple[str, str]] = set()
        for start, end in ((s, e) for entry, s, e in mentions if entry.name == actor):
            for side, i in (("before", start - 1), ("after", end)):
                if 0 <= i < len(tokens) and tokens[i] != BREAK and tokens[i] not in STOP_WORDS:
                    here.add((side, tokens[i]))
                    examples.setdefault((side, tokens[i]), " ".join(tokens[max(0, start - 3) : end + 3]))
        counts.update(here)
    return [Neighbour(side, word, n, examples[side, word]) for (side, word), n in counts.most_common(top)]
