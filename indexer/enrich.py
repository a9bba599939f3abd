"""Index-time enrichment for facets: publication date, actors and topics."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from indexer.actors import (
    BREAK,
    TOKEN_CACHE_LIMIT,
    Gazetteer,
    Heads,
    HeadsOf,
    strip_clitics,
    title_heads,
    tokenize,
)
from indexer.actors import DEFAULT_PATH as GAZETTEER_PATH
from indexer.data_files import digest
from indexer.dates import extract_published
from indexer.text import fold_letters
from indexer.topics import DEFAULT_PATH as TOPICS_PATH
from indexer.topics import Known, TopicInfo, TopicModel, default_model

# Per-token analysis: (alias heads, title heads, topic info), computed once per distinct token.
_Analysis = tuple[Heads, tuple[str, ...], TopicInfo]
PLAIN_CACHE_LIMIT = 400_000  # stems of tokens that are nothing else (~100 bytes each)


# The code and fixed data that decide the fields besides the gazetteer and the taxonomy.
_RULES_FILES = ("actors.py", "dates.py", "enrich.py", "offices.py", "text.py", "topics.py", "url_dates.py",
                "data/months.yaml")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    here = Path(__file__).parent
    return "/".join(digest(here / name) for name in _RULES_FILES)


def rules(gazetteer: str, topics: str) -> str:
    """A fingerprint of the rules enrichment applies: akhbar's code, and the gazetteer's and the
    taxonomy's digests. Stored with each article (``enriched_by``): an article enriched by other
    rules, before the gazetteer was edited or akhbar updated, is told apart (``akhbar enrich`` brings
    it up to date)."""
    return hashlib.sha1(f"{_code_digest()}/{gazetteer}/{topics}".encode()).hexdigest()[:16]


def current_rules() -> str:
    """The :func:`rules` of the default gazetteer and taxonomy, from their files (not parsed)."""
    return rules(digest(GAZETTEER_PATH), digest(TOPICS_PATH))


def _reference(crawled: str | None) -> date | None:
    try:
        return date.fromisoformat(crawled[:10]) if crawled else None
    except ValueError:
        return None


class Enricher:
    """Adds ``published*``, actor and ``topics`` fields to a base document."""

    def __init__(self, gazetteer: Gazetteer | None = None, topics: TopicModel | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.load()
        self.topics = topics or default_model()
        self.rules = rules(self.gazetteer.digest, self.topics.digest)
        # Every distinct token is analysed once: the few that start an alias or a title or carry
        # topic evidence keep their analysis; the many others only their stem (phrases read it).
        self._useful: dict[str, _Analysis] = {}
        self._plain: dict[str, str] = {}

    def _analyse(self, token: str) -> _Analysis:
        """Alias heads, title heads and topic info of a folded token (clitic readings computed once)."""
        readings = (token, *strip_clitics(token))
        return self.gazetteer.heads(readings), title_heads(readings), self.topics.token_info(token)

    def _analysed(self, distinct: set[str]) -> tuple[HeadsOf, set[str], Known]:
        """For an article's distinct tokens: alias heads of the alias starters, the title starters,
        and the topic ``known`` pair; only tokens never analysed before are analysed (and cached)."""
        useful_cache, plain_cache = self._useful, self._plain
        fresh_useful: dict[str, _Analysis] = {}
        fresh_plain: dict[str, str] = {}
        # chained, the big cache first: difference() with several dicts would walk each dict whole
        for tok in distinct.difference(plain_cache).difference(useful_cache):
            analysis = self._analyse(tok)
            heads, title, (stem, hits, starts_phrase) = analysis
            if heads or title or hits or starts_phrase:
                fresh_useful[tok] = analysis
            else:
                fresh_plain[tok] = stem
        if len(useful_cache) < TOKEN_CACHE_LIMIT:
            useful_cache.update(fresh_useful)
        if len(plain_cache) < PLAIN_CACHE_LIMIT:
            plain_cache.update(fresh_plain)
        # dict.keys() & set walks the smaller side; set.intersection(dict) would walk the whole dict
        useful = {tok: useful_cache[tok] for tok in useful_cache.keys() & distinct} | fresh_useful
        heads_of: HeadsOf = {}
        titles: set[str] = set()
        evidence: dict[str, TopicInfo] = {}
        for tok, (heads, title, info) in useful.items():
            if heads:
                heads_of[tok] = heads
            if title:
                titles.add(tok)
            if info[1] or info[2]:
                evidence[tok] = info

        def info_of(token: str) -> TopicInfo:
            analysis = useful.get(token)
            if analysis is not None:
                return analysis[2]
            stem = plain_cache.get(token)
            return (fresh_plain[token] if stem is None else stem), (), False

        return heads_of, titles, (info_of, evidence)

    def fields(self, title: str, body: str, *, url: str | None = None, metadata_date: str | None = None,
               crawled: str | None = None) -> dict[str, Any]:
        """The enrichment fields for one article (pure: same input, same output)."""
        published = extract_published(
            title, body, metadata_date=metadata_date, url=url, crawled=crawled, reference=_reference(crawled)
        )
        # fold and tokenize once for both actors and topics
        title_folded, body_folded = fold_letters(title), fold_letters(body)
        title_tokens, body_tokens = tokenize(title_folded), tokenize(body_folded)
        tokens = [*title_tokens, BREAK, *body_tokens]
        distinct = set(tokens)  # shared by actors and topics
        heads_of, title_starters, known = self._analysed(distinct)
        found = self.gazetteer.extract_folded(
            f"{title_folded}\n{body_folded}", tokens, distinct, heads_of=heads_of, title_starters=title_starters,
            on=published.span() if published else None,
        )
        return {
            "published": published.value if published else None,
            "published_source": published.source if published else None,
            "published_precision": published.precision if published else None,
            "actors": found.actors,
            "persons": found.persons,
            "organizations": found.organizations,
            "places": found.places,
            "actor_forms": found.forms,
            "actor_candidates": found.candidates,
            "topics": self.topics.assign_tokens(title_tokens, body_tokens, url, title, known=known),
            "enriched_by": self.rules,
        }

    def apply(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Enrich a document from ``build_document`` in place (consumes ``metadata_date``)."""
        metadata_date = doc.pop("metadata_date", None)
        doc.update(
            self.fields(doc.get("title") or "", doc.get("body") or "", url=doc.get("url"),
                        metadata_date=metadata_date, crawled=doc.get("crawled"))
        )
        return doc
