"""Field maps: which field of a scrape's record is the title, the body, the date…

Other scrapers name their fields differently. A :class:`FieldMap` maps canonical keys
(``title, body, url, source, author, date, crawled, summary``) to the source field names tried in
order; the first present, non-empty value wins, a name matching whatever its case and its spaces,
``_`` or ``-`` (``Headline``, ``Opening Text``: monitoring services' exports). ``summary`` (a
``description``, an ``Opening Text``) is the body of an article that has no other, loaded as an
excerpt (only where the archive lacks the article). Dotted names reach into nested objects
(``meta.published``); list values are joined with ``"، "``. The defaults cover SaudiNewsNet
(``content`` → body, ``date_extracted`` → crawled) and common names (``text``, ``article``,
``headline``, ``link``, ``published``, ``pubDate``, ``site`` …), the JSON of news-please
(``maintext``, ``date_publish``, ``date_download``, ``source_domain``) and of trafilatura
(``text``, ``hostname``, its address as ``source``), and WordPress's REST API
(``title.rendered``, ``content.rendered``; its ``author`` is an account's number, left out, and
its name is in ``_embedded.author`` when the posts were asked for with ``?_embed``), and the Markdown
of Firecrawl and crawl4ai (``markdown``, read as its text; ``metadata.title``, ``metadata.sourceURL``). A field whose
value is an object with a ``name`` (``authors: [{"name": …}]``) gives that name. An object without
a title or body of its own is read from its ``_source`` when it has one (a hit of an Elasticsearch
dump). An akhbar export loads as it was: a ``published`` day its ``published_source`` says was
found in the text or was the day of the fetch is not taken for the scrape's own date (the text
gives it again; the fetch's day is ``crawled``).

A field-map file (YAML or JSON) looks like::

    # fields: canonical key -> list of source field names (or a single name), tried in order
    fields:
      body: [story_text, content]
      date: meta.published
      source: publisher
    inherit_defaults: true   # default: also try the built-in names after yours
    records: data.items      # optional: where a JSON object holds its list of articles

Load it with ``FieldMap.from_file(path)``. ``date`` is the publication date as given by the
source (kept raw); ``crawled`` is when the page was fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from indexer.data_files import checked, read_yaml

CANONICAL_KEYS = ("title", "body", "url", "source", "author", "date", "crawled", "summary")
TEXT_KEYS = frozenset({"title", "body"})  # an object with either is an article
DEFAULT_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "subject", "name", "title.rendered", "metadata.title"),
    "body": ("content", "body", "text", "article", "article_body", "articleBody", "full_text", "story",
             "maintext", "article_text", "content.rendered", "markdown", "markdown.raw_markdown"),
    # the start or a summary of the article, its body only when it has no other (an excerpt, then)
    "summary": ("summary", "description", "opening_text", "hit_sentence", "snippet", "lead", "teaser", "abstract"),
    "url": ("url", "link", "href", "permalink", "canonical_url", "uri", "metadata.sourceURL", "metadata.url"),
    "source": ("source", "source.name", "site", "site_name", "publisher", "outlet", "newspaper", "domain",
               "source_domain", "hostname", "source_name", "media_outlet", "publication"),
    "author": ("author", "authors", "byline", "writer", "creator", "author_name", "_embedded.author",
               "metadata.author"),
    "date": (
        "date",
        "published",
        "pubDate",
        "pub_date",
        "published_at",
        "publish_date",
        "date_published",
        "datePublished",
        "publication_date",
        "published_date",
        "publishedAt",
        "date_publish",
        "time",
        "metadata.publishedTime",
        "metadata.published_time",
    ),
    "crawled": ("date_extracted", "crawled", "crawled_at", "date_crawled", "scraped_at", "fetched_at",
                "date_download"),
}


@dataclass(frozen=True)
class FieldMap:
    """Canonical key → source field names tried in order (see module docstring)."""

    aliases: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_ALIASES))
    records: str | None = None  # where a JSON object holds its list of articles (``data.items``)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> FieldMap:
        """Build from ``{"fields": {...}, "inherit_defaults": bool, "records": path}`` (or a bare
        ``{key: names}``)."""
        fields_spec = data.get("fields", data) if isinstance(data, dict) else {}
        inherit = bool(data.get("inherit_defaults", True)) if isinstance(data, dict) else True
        records = data.get("records") if isinstance(data, dict) else None
        aliases = {k: v for k, v in DEFAULT_ALIASES.items()} if inherit else {}
        for key, names in fields_spec.items():
            if key in ("inherit_defaults", "records"):
                continue
            if key not in CANONICAL_KEYS:
                raise ValueError(f"unknown canonical field {key!r}; expected one of {CANONICAL_KEYS}")
            own = (names,) if isinstance(names, str) else tuple(str(n) for n in names)
            rest = tuple(n for n in aliases.get(key, ()) if n not in own)
            aliases[key] = own + rest
        return cls(aliases, str(records) if records else None)

    @classmethod
    def from_file(cls, path: str | Path) -> FieldMap:
        """Load a YAML or JSON field-map file (a :class:`DataFileError` says what is wrong with it)."""
        with checked(Path(path)):
            data = read_yaml(Path(path)) or {}
            if not isinstance(data, dict):
                raise ValueError("a field map must be a mapping")
            return cls.from_mapping(data)

    @cached_property
    def _names(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Each key's field names with the form they match in (none for a dotted name)."""
        return {key: tuple((n, "" if "." in n else _loose(n)) for n in names) for key, names in self.aliases.items()}

    def apply(self, obj: dict[str, Any]) -> dict[str, Any]:
        """Canonical fields of ``obj`` (only keys whose value is present and non-empty); those of its
        ``_source`` when it has none itself (a hit of an Elasticsearch dump: ``elasticdump``, a
        search's answer)."""
        out: dict[str, Any] = {}
        own: dict[str, str] | None = None  # the record's field names as matched: `Opening Text` = opening_text
        for key, names in self._names.items():
            for name, loose in names:
                found = obj.get(name) if loose else lookup(obj, name)
                if found is None and loose:  # `Headline`, `Opening Text` (monitoring exports)
                    own = own if own is not None else _own_names(obj)
                    found = obj.get(own.get(loose, name))
                value = _as_text(found)
                if value is not None and value.strip() and not (key == "author" and value.strip().isdigit()):
                    out[key] = value  # (an author that is a number is an account's id: WordPress's)
                    break
        if not out.keys() & TEXT_KEYS and isinstance(inner := obj.get("_source"), dict):
            return self.apply(inner)
        derived = obj.get("published_source")  # an akhbar export: where its ``published`` came from
        if derived in _DERIVED_DATES and "date" in out and out["date"] == _as_text(obj.get("published")):
            del out["date"]  # found in the text, or the day it was fetched: not the scrape's date
            if derived == "crawl":
                out.setdefault("crawled", obj["published"])
        return out


_OWN: dict[tuple[Any, ...], dict[str, str]] = {}  # field names -> as matched (a file's rows share theirs)


def _own_names(obj: dict[str, Any]) -> dict[str, str]:
    """``obj``'s field names by the form they match in (:func:`_loose`)."""
    names = tuple(obj)
    own = _OWN.get(names)
    if own is None:
        if len(_OWN) > 1_000:
            _OWN.clear()
        own = _OWN[names] = {_loose(k): k for k in names if isinstance(k, str)}
    return own


def _loose(name: str) -> str:
    """A field name as matched whatever its case and separators (``Opening Text``, ``opening_text``)."""
    return name.lower().replace(" ", "").replace("_", "").replace("-", "")


_DERIVED_DATES = ("url", "text", "crawl")  # published_source values of a date akhbar found, not the scrape's


def lookup(obj: dict[str, Any], name: str) -> Any:
    if name in obj:
        return obj[name]
    value: Any = obj
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _as_text(value: Any) -> str | None:
    if isinstance(value, dict):  # a person or an outlet as an object: {"name": …, "id": …}
        name = value.get("name")
        return name if isinstance(name, str) else None
    if value is None:
        return None
    if isinstance(value, list):
        parts = [t for t in (_as_text(v) for v in value) if t and t.strip()]
        return "، ".join(parts) if parts else None
    return value if isinstance(value, str) else str(value)
