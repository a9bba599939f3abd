"""Index-time enrichment for facets: publication date, actors and topics."""

from __future__ import annotations

from datetime import date
from typing import Any

from indexer.actors import BREAK, Gazetteer, match_fold, tokenize
from indexer.dates import extract_published
from indexer.topics import TopicModel, default_model


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

    def fields(self, title: str, body: str, *, url: str | None = None, metadata_date: str | None = None,
               crawled: str | None = None) -> dict[str, Any]:
        """The enrichment fields for one article (pure: same input, same output)."""
        published = extract_published(
            title, body, metadata_date=metadata_date, crawled=crawled, reference=_reference(crawled)
        )
        # fold and tokenize once for both actors and topics
        title_folded, body_folded = match_fold(title), match_fold(body)
        title_tokens, body_tokens = tokenize(title_folded), tokenize(body_folded)
        tokens = [*title_tokens, BREAK, *body_tokens]
        distinct = set(tokens)  # shared by actors and topics
        found = self.gazetteer.extract_folded(f"{title_folded}\n{body_folded}", tokens, distinct)
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
            "topics": self.topics.assign_tokens(title_tokens, body_tokens, url, title, types=distinct),
        }

    def apply(self, doc: dict[str, Any]) -> dict[str, Any]:
        """Enrich a document from ``build_document`` in place (consumes ``metadata_date``)."""
        metadata_date = doc.pop("metadata_date", None)
        doc.update(
            self.fields(doc.get("title") or "", doc.get("body") or "", url=doc.get("url"),
                        metadata_date=metadata_date, crawled=doc.get("crawled"))
        )
        return doc
