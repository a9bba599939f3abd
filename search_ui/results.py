"""The engine's answers, read back (pure functions, no I/O).

:func:`parse_response` gives a :class:`SearchResult` (hits ready for display, with safe HTML
snippets and titles; facets with their no-date count) and :func:`to_json` the documented JSON of
``akhbar search --json``; the answers to the smaller requests of :mod:`search_ui.query` are read
here too.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from indexer.text import fold
from search_ui.query import ACTOR_TYPE_FACETS, FACET_FIELDS, FACET_SIZE, FILTERED, NO_DATE, SNIPPET_CHARS
from search_ui.query_language import Notice


@dataclass
class SearchHit:
    """One result, ready for display (``snippet``/``title_html`` are safe HTML, the rest plain text)."""

    id: str
    ref: str | None
    title: str
    published: str | None
    source: str | None
    url: str | None
    actors: list[str]
    topics: list[str]
    snippet: str
    score: float | None
    title_html: str = ""
    author: str | None = None
    dup_group: str | None = None
    dup_count: int | None = None
    sort: list[Any] | None = None
    text: str | None = None  # the full display text, when it was fetched (export with text)
    published_source: str | None = None  # metadata | url | text | crawl (the day the page was fetched)
    crawled: str | None = None  # when the page was fetched, if known
    excerpt: bool = False  # a summary or the start of the text (a feed's, an API's), not the whole article


@dataclass
class SearchResult:
    """Hits, total and facets of one search, plus notices about how the query was read."""

    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)

    @property
    def last_sort(self) -> list[Any] | None:
        """Sort values of the last hit: the ``search_after`` cursor of the next page."""
        return self.hits[-1].sort if self.hits else None


def stop_words(words: list[str], resp: Any) -> set[str]:
    """The ``words`` of a :func:`stop_words_request` that left no token in its answer."""
    starts = list(itertools.accumulate((len(w) + 1 for w in words[:-1]), initial=0))
    kept = {bisect.bisect_right(starts, t["start_offset"]) - 1 for t in _body(resp).get("tokens") or []}
    return {w for i, w in enumerate(words) if i not in kept}


def _facet_results(aggs: dict[str, Any]) -> dict[str, tuple[dict[str, Any], int | None]]:
    """Each facet's aggregation in an answer, with the number of documents it was counted over
    when that was under filters (see :func:`facet_aggs`)."""
    out: dict[str, tuple[dict[str, Any], int | None]] = {}
    for key, value in aggs.items():
        if key.startswith(FILTERED):
            out |= {name: (value[name], int(value["doc_count"])) for name in key[len(FILTERED) :].split("+")}
        else:
            out[key] = (value, None)
    return out


def _body(resp: Any) -> dict[str, Any]:
    """An engine answer (dict or ObjectApiResponse) as a dict."""
    return resp.body if hasattr(resp, "body") else resp


def parse_timeline(resp: Any) -> list[tuple[str, int]]:
    """The ``(YYYY-MM-DD, count)`` pairs of a :func:`timeline_search` answer, in order."""
    body = _body(resp)
    buckets = ((body.get("aggregations") or {}).get("published") or {}).get("buckets") or []
    return [(b["key_as_string"], int(b["doc_count"])) for b in buckets]


def highlights(hit: dict[str, Any]) -> dict[str, list[str]]:
    """A hit's marked fragments by field (``title``, ``body``); a sub-field marked in its field's
    place (:func:`highlight_spec`) counts as the field: they hold the same text."""
    return {name.removesuffix(".exact"): fragments for name, fragments in (hit.get("highlight") or {}).items()}


def spelling_fixes(request: dict[str, Any], resp: Any, known: Callable[[str], bool] | None = None) -> dict[str, str]:
    """Each word of a :func:`suggest_request` the archive lacks -> its likeliest spelling there (in
    the engine's normalised letters: ``ادلب``; see :func:`written_forms`).

    The closest spelling wins, the commonest of the equally close, unless one of them is ``known``
    (a name: ``اليمم`` is ``اليمن``, not the commoner ``اليوم``): people search for names."""
    body = _body(resp)
    text = request["suggest"]["text"]
    fixes: dict[str, str] = {}
    for entry in (body.get("suggest") or {}).get("spelling") or []:
        options = entry.get("options") or []
        if not options:
            continue
        closest = [o["text"] for o in options if o.get("score") == options[0].get("score")]
        named = [o for o in closest if known and known(o)]
        fixes[text[entry["offset"] : entry["offset"] + entry["length"]]] = (named or closest)[0]
    return fixes


def written_forms(words: list[str], resp: Any) -> dict[str, str]:
    """Each of ``words`` (normalised) -> its commonest written form among the marked occurrences
    of a :func:`written_forms_request` answer (``ادلب`` -> ``إدلب``); a word without one is left out."""
    body = _body(resp)
    seen: dict[str, Counter[str]] = {fold(w): Counter() for w in words}
    for hit in (body.get("hits") or {}).get("hits") or []:
        for fragment in (hit.get("highlight") or {}).get("body.exact") or []:
            for form in re.findall(r"<mark>(.*?)</mark>", fragment):
                if (key := fold(html.unescape(form))) in seen:
                    seen[key][html.unescape(form)] += 1
    return {w: seen[fold(w)].most_common(1)[0][0] for w in words if seen[fold(w)]}


def fold_republications(hits: list[SearchHit]) -> list[tuple[SearchHit, list[SearchHit]]]:
    """The hits of one page, each with the later hits of the page from its duplicate group (the same
    story from other outlets), which are then not listed on their own."""
    folded: list[tuple[SearchHit, list[SearchHit]]] = []
    first_of: dict[str, list[SearchHit]] = {}
    for hit in hits:
        if hit.dup_group and hit.dup_group in first_of:
            first_of[hit.dup_group].append(hit)
            continue
        also: list[SearchHit] = []
        if hit.dup_group:
            first_of[hit.dup_group] = also
        folded.append((hit, also))
    return folded


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _lead(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    return html.escape(text)


_MARK_TAG = re.compile(r"(</?mark>)")


def _unmarked(fragment: str) -> str:
    return html.unescape(fragment.replace("<mark>", "").replace("</mark>", ""))


def project_marks(fragment: str, display: str) -> str | None:
    """Carry the ``<mark>``s of a highlighted normalised title over to its display form.

    ``display`` may only add characters the normaliser drops (tashkeel, tatweel, spaces…) and have
    ``_`` for a space (:func:`~indexer.text.split_joined_words`); an added mark joins the letter
    before it. None when the two texts do not align."""
    letters: list[tuple[str, bool]] = []
    marked = False
    for part in _MARK_TAG.split(fragment):
        if part in ("<mark>", "</mark>"):
            marked = part == "<mark>"
        else:
            letters += [(ch, marked) for ch in html.unescape(part)]
    out: list[str] = []
    j, open_ = 0, False
    for ch in display:
        if j < len(letters) and (letters[j][0] == ch or (ch == "_" and letters[j][0] == " ")):
            want = letters[j][1]
            j += 1
        elif ch.isspace() or ch == "ـ" or unicodedata.category(ch) in ("Mn", "Cf"):
            want = open_
        else:
            return None
        if want != open_:
            out.append("<mark>" if want else "</mark>")
            open_ = want
        out.append(html.escape(ch))
    if j != len(letters):
        return None
    return "".join(out) + ("</mark>" if open_ else "")


def title_markup(fragment: str | None, display: str, indexed: str | None) -> str:
    """Safe HTML of a result title: the display title, highlighted wherever the query matched.

    The highlight comes from the normalised ``title`` field; when it differs from the display
    title it is projected onto it, else the normalised title is shown highlighted."""
    if not fragment or "<mark>" not in fragment:
        return html.escape(display)
    plain = _unmarked(fragment)
    if plain == display:
        return fragment
    projected = project_marks(fragment, display)
    if projected is not None:
        return projected
    return fragment if indexed and plain == indexed else html.escape(display)


def parse_hit(hit: dict[str, Any]) -> SearchHit:
    """One ES hit as a :class:`SearchHit` (snippet: body highlight or lead, else the escaped lead)."""
    src = hit.get("_source") or {}
    hl = highlights(hit)
    title = src.get("title_display") or src.get("title") or ""
    snippet = " … ".join(hl.get("body") or []) or _lead(src.get("body_display") or src.get("body") or "")
    title_html = title_markup(next(iter(hl.get("title") or []), None), title, src.get("title"))
    published = src.get("published")
    return SearchHit(
        id=hit.get("_id", ""),
        ref=src.get("ref"),
        title=title,
        published=str(published) if published is not None else None,
        source=src.get("source"),
        url=src.get("url"),
        actors=_as_list(src.get("actors")),
        topics=_as_list(src.get("topics")),
        snippet=snippet,
        score=hit.get("_score"),
        title_html=title_html,
        author=src.get("author"),
        dup_group=src.get("dup_group"),
        dup_count=src.get("dup_count"),
        sort=hit.get("sort"),
        text=src.get("body_display"),
        published_source=src.get("published_source"),
        crawled=src.get("crawled"),
        excerpt=src.get("excerpt") is True,
    )


def parse_response(resp: Any, notices: list[Notice] | tuple[Notice, ...] = ()) -> SearchResult:
    """A search response (dict or ObjectApiResponse) as a :class:`SearchResult`."""
    body = _body(resp)
    hits_part = body.get("hits") or {}
    total = hits_part.get("total") or 0
    total = total.get("value", 0) if isinstance(total, dict) else int(total)
    facets: dict[str, list[tuple[str, int]]] = {}
    results = _facet_results(body.get("aggregations") or {})
    for name in (*FACET_FIELDS, *ACTOR_TYPE_FACETS, "published"):
        if name not in results:
            continue
        agg, counted_over = results[name]
        buckets = agg.get("buckets") or []
        if name != "published":
            facets[name] = [(str(b["key"]), int(b["doc_count"])) for b in buckets]
            continue
        months = [(b["key_as_string"], int(b["doc_count"])) for b in buckets]
        # the undated: the facet's documents (under its filters, or the hits) less the dated ones
        undated = (total if counted_over is None else counted_over) - sum(c for _, c in months)
        if undated:
            months.append((NO_DATE, undated))
        facets["published"] = months
    if any(name in facets for name in ACTOR_TYPE_FACETS):  # disjoint: their top holds the actors' top
        merged = [b for name in ACTOR_TYPE_FACETS for b in facets.get(name, [])]
        facets["actors"] = sorted(merged, key=lambda b: (-b[1], b[0]))[:FACET_SIZE]
    return SearchResult(
        total=total,
        hits=[parse_hit(h) for h in hits_part.get("hits") or []],
        facets=facets,
        notices=list(notices),
    )


def to_json(result: SearchResult) -> dict[str, Any]:
    """The documented JSON shape of ``akhbar search --json``."""
    return {
        "total": result.total,
        "hits": [
            {
                "id": h.id,
                "ref": h.ref,
                "title": h.title,
                "published": h.published,
                "source": h.source,
                "url": h.url,
                "actors": list(h.actors),
                "topics": list(h.topics),
                "snippet": h.snippet,
                "score": h.score,
            }
            for h in result.hits
        ],
        "facets": {
            name: [{"key": k, "count": c} for k, c in result.facets.get(name, [])]
            for name in ("actors", "topics", "sources", "published")
        },
    }
