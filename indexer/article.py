"""Turn a read :class:`~indexer.readers.Record` into the base search document (no enrichment)."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from indexer.boilerplate import default_rules, strip_boilerplate
from indexer.fingerprints import fingerprints
from indexer.outlets import outlet_key, outlet_of
from indexer.pages import NoArticleText, NotAnArticle, page_fields
from indexer.text import clean_display, fold, normalize_for_search, split_joined_words
from indexer.urls import archived_copy, canonical_url

if TYPE_CHECKING:
    from indexer.readers import Record

LONG_FIRST_LINE = 200
MAX_TITLE_WORDS = 20

_SENTENCE_END = re.compile(r"[.!?؟،;؛](?=\s|$)|\.{2,}")
_QUOTES = re.compile(r"[\"'«»“”„‘’‹›()\[\]]")
# Particles a truncated title should not end with.
_TRAILING_PARTICLES = frozenset({"في", "من", "على", "إلى", "عن", "مع", "و", "أو", "ثم", "أن", "إن", "بين", "حول"})


class DocumentError(ValueError):
    """A record that cannot become a document (e.g. no title and no body text)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotADocument(DocumentError):
    """An input that is rightly no document (a web page that is no article): left out and counted,
    not a failure to fix."""


# --------------------------------------------------------------------------- headline


def _headline_key(line: str) -> str:
    return " ".join(_QUOTES.sub(" ", fold(line)).split())


def first_sentence(text: str, max_words: int = MAX_TITLE_WORDS) -> str:
    """First sentence of ``text`` (up to ``.``/``،``/``?`` …), at most ``max_words`` words."""
    line = next((ln for ln in text.split("\n") if ln.strip()), "").strip()
    match = _SENTENCE_END.search(line)
    sentence = line[: match.start()] if match else line
    words = sentence.split()
    if len(words) > max_words:
        words = words[:max_words]
        while len(words) > 1 and words[-1] in _TRAILING_PARTICLES:
            words.pop()
    return " ".join(words)


def split_headline(text: str) -> tuple[str, str]:
    """Split a raw article into ``(headline, body)`` after boilerplate stripping.

    The first non-banner line is the headline and later repeats of it are dropped. When the
    first line is very long there is no headline: the first sentence becomes the title and the
    whole text stays the body.
    """
    lines = strip_boilerplate(text).split("\n")
    banners = default_rules().drop_leading
    while lines and (not lines[0] or any(p.fullmatch(lines[0]) for p in banners)):
        lines.pop(0)
    if not lines:
        return "", ""
    first = lines[0]
    if len(first) > LONG_FIRST_LINE:
        return first_sentence(first), "\n".join(lines)
    key = _headline_key(first)
    body = [ln for ln in lines[1:] if not ln or _headline_key(ln) != key]
    return first, clean_display("\n".join(body))


def doc_id(url: str | None, title: str, body: str) -> str:
    """sha1 hex of the canonical URL, else of the folded title and body."""
    return _doc_id(canonical_url(url) if url else None, title, body)


def _doc_id(canon: str | None, title: str, body: str) -> str:
    """:func:`doc_id` given the canonical URL (already computed)."""
    key = canon if canon else fold(title) + "\n" + fold(body)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- documents


def normalize_timestamp(value: str | None) -> str | None:
    """``YYYY-MM-DD HH:MM:SS`` for an ISO-like timestamp (aware values converted to UTC), else None."""
    if not value:
        return None
    text = clean_display(value).replace("/", "-")
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC).replace(tzinfo=None)
    return stamp.strftime("%Y-%m-%d %H:%M:%S")


def _one_line(text: str) -> str:
    return " ".join(clean_display(text).split())


def _optional(value: Any) -> str | None:
    text = _one_line(str(value)) if value is not None else ""
    return text or None


def _outlet(source: str | None, url: str | None) -> str | None:
    """The outlet of an article: the key of the outlet its source field names by key, name, site or
    address (``Okaz``, ``عكاظ``, ``www.okaz.com.sa``: ``okaz``; an unknown site: its host), that field
    as it is when it names no known outlet, else the outlet of the article's address."""
    return outlet_key(source) if source else outlet_of(url)


def build_document(record: Record) -> dict[str, Any]:
    """Base document for the ES index (plus ``metadata_date`` when the record had a date).

    Raises :class:`DocumentError` when neither title nor body has text after cleaning.
    """
    fields = record.fields
    if record.page is not None:
        try:
            fields = {**fields, **page_fields(record.page, _optional(fields.get("url")))}  # its own URL first
        except NotAnArticle as exc:
            raise NotADocument(str(exc)) from None
        except NoArticleText as exc:
            raise DocumentError(str(exc)) from None
    source = _optional(fields.get("source"))
    address = source if source and source.lower().startswith(("http://", "https://")) else None  # trafilatura's
    raw_url = _optional(fields.get("url")) or address
    body_display = strip_boilerplate(str(fields.get("body") or ""))
    title_display = _one_line(str(fields.get("title") or ""))
    if not title_display and not body_display:
        raise DocumentError("no title or body text")
    if not title_display:
        title_display = first_sentence(body_display)
    canon = canonical_url(raw_url)
    body = normalize_for_search(body_display)
    body_hash, bands = fingerprints(body)
    doc: dict[str, Any] = {
        "_id": _doc_id(canon, title_display, body_display),
        "ref": raw_url or record.ref_hint,
        "url": canon or raw_url,
        "source": _outlet(source, canon or raw_url),
        "author": _optional(fields.get("author")),
        "title": split_joined_words(normalize_for_search(title_display)),
        "body": split_joined_words(body),
        "title_display": title_display,
        "body_display": body_display,
        "content_hash": body_hash,
        "minhash_bands": bands,
    }
    copy = archived_copy(raw_url) or archived_copy(_optional(record.fields.get("url")))  # a web archive's
    crawled = normalize_timestamp(copy.captured if copy and copy.captured else fields.get("crawled"))
    if crawled:
        doc["crawled"] = crawled
    if record.only_new:  # a feed's summary, the start of a cut text: not the whole article
        doc["excerpt"] = True
    date = _optional(fields.get("date"))
    if date:
        doc["metadata_date"] = date
    return doc
