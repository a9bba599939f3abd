"""News feeds (RSS 0.9x–2.0, RSS 1.0/RDF, Atom: ``.rss``, ``.atom``, and ``.xml`` that is one; JSON
Feed, a ``.json`` file), as a scraper or a feed reader saves them: each entry is an article,
numbered (1-based, in feed order) so that it is addressed as ``feed.rss:7`` and found again on a
re-run.

An entry's text is its full content (``content:encoded``, Atom ``content``) when the feed carries
it, else its summary (``description``), as plain text: paragraphs and line breaks kept, markup
dropped. A summary is loaded only where the archive has no such article yet: a feed's few lines
never replace the full text of an article scraped or saved before (``Record.only_new``). An
entry's outlet is that of its link, as for saved pages. An ``.xml`` file that is no feed (a site
mirror's sitemap) is left out and counted; an ``.rss`` or ``.atom`` one is a failure."""

from __future__ import annotations

from typing import Any, NamedTuple

import feedparser

from indexer.markup import text_of

FEED_SUFFIXES = (".rss", ".atom", ".xml")
NOT_A_FEED = "XML that is no news feed"  # an .xml file left out (sitemaps and the like)


class FeedError(ValueError):
    """The file is not an RSS or Atom feed."""


class Entry(NamedTuple):
    """One entry: the fields of an article (``title``, ``body``, ``url``, ``author``, ``date``; those
    it has), and whether its text is a summary (the feed carries no full content)."""

    fields: dict[str, str]
    summary: bool


def entries(data: bytes) -> list[Entry]:
    """The entries of a feed, in its order. Raises :class:`FeedError` for what is no feed."""
    parsed = feedparser.parse(data)
    if not parsed.get("version"):  # no feed element at all: other XML, or XML broken before it
        problem = parsed.get("bozo_exception")
        raise FeedError("not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    return [_entry(entry) for entry in parsed.entries]


def is_json_feed(data: Any) -> bool:
    """Whether a JSON value is a JSON Feed (jsonfeed.org, versions 1 and 1.1)."""
    return (isinstance(data, dict) and str(data.get("version") or "").startswith("https://jsonfeed.org/version/")
            and isinstance(data.get("items"), list))


def json_entries(feed: dict[str, Any]) -> list[Entry]:
    """The items of a JSON Feed (:func:`is_json_feed`) as entries: ``content_text``, else
    ``content_html`` as text, else the ``summary`` (an excerpt)."""
    found = []
    for item in feed["items"]:
        item = item if isinstance(item, dict) else {}
        full = str(item.get("content_text") or "") or text_of(str(item.get("content_html") or ""))
        authors = [a for a in (item.get("authors") or [item.get("author")]) if isinstance(a, dict)]  # 1.1, 1.0
        fields = {
            "title": text_of(str(item.get("title") or "")),
            "body": full or text_of(str(item.get("summary") or "")),
            "url": str(item.get("url") or item.get("external_url") or ""),
            "author": str(authors[0].get("name") or "") if authors else "",
            "date": str(item.get("date_published") or item.get("date_modified") or ""),
        }
        found.append(Entry({key: value.strip() for key, value in fields.items() if value.strip()}, not full))
    return found


def _entry(entry: Any) -> Entry:
    full = next((c.get("value") for c in entry.get("content") or [] if c.get("value")), None)
    fields = {
        "title": text_of(entry.get("title") or ""),
        "body": text_of(full or entry.get("summary") or ""),
        "url": entry.get("link") or "",
        "author": entry.get("author") or "",
        "date": entry.get("published") or entry.get("updated") or "",
    }
    return Entry({key: value.strip() for key, value in fields.items() if value and value.strip()}, full is None)
