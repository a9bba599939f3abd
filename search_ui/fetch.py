"""The I/O edge of search: run a query, page past 10,000 hits, export everything, read one article.

Expected failures (engine down, index missing, bad request) become :class:`EngineError`
with a one-line message; :class:`IndexMissing` says the archive has not been indexed yet."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError

from indexer.actor_names import default_names
from indexer.es import EngineError, describe
from search_ui.periods import loaded_since
from search_ui.query import (
    EXPORT_FIELDS,
    LIST_FIELDS,
    Filters,
    Sort,
    build_search,
    highlight_spec,
    related_query,
    sort_clause,
    stop_word_candidates,
    stop_words_request,
    suggest_request,
    timeline_search,
    with_stop_words,
    written_forms_request,
)
from search_ui.query_language import ParsedQuery, from_latin_keyboard, parse_query, unnamed_latin, with_words_replaced
from search_ui.results import (
    SearchHit,
    SearchResult,
    highlights,
    parse_hit,
    parse_response,
    parse_timeline,
    spelling_fixes,
    stop_words,
    written_forms,
)

MAX_WINDOW = 10_000


class IndexMissing(EngineError):
    """The index (alias) does not exist: nothing has been indexed yet."""


def _missing(index: str) -> IndexMissing:
    return IndexMissing(f"the index {index!r} does not exist or is empty: run `akhbar index PATH` first")


def _url(es: Elasticsearch) -> str | None:
    try:
        node = es.transport.node_pool.get()
        return str(node.base_url)
    except Exception:
        return None


def _fail(es: Elasticsearch, index: str, exc: Exception) -> EngineError:
    if isinstance(exc, NotFoundError):
        return _missing(index)
    return EngineError(describe(exc, _url(es)))


def index_status(es: Elasticsearch, index: str) -> int:
    """Number of documents in ``index``; raises IndexMissing/EngineError."""
    try:
        return int(es.count(index=index)["count"])
    except (ApiError, TransportError) as exc:
        raise _fail(es, index, exc) from exc


def loaded_moment(es: Elasticsearch, index: str, value: str) -> datetime:
    """The moment a "loaded since" value names (:func:`search_ui.periods.loaded_since`): ``last`` is
    the start of the last load that wrote to ``index``. Raises ValueError for a value that names no
    moment, EngineError when the engine cannot say."""
    moment = loaded_since(value, datetime.now(UTC))
    if moment is not None:
        return moment
    try:
        resp = es.search(index=index, size=0, aggs={"last": {"max": {"field": "indexed_at"}}})
    except (ApiError, TransportError) as exc:
        raise _fail(es, index, exc) from exc
    last = resp["aggregations"]["last"].get("value_as_string")
    if not last:
        raise ValueError(f"no load has written to {index} yet")
    return datetime.fromisoformat(last).astimezone(UTC)


def search(
    es: Elasticsearch,
    index: str,
    parsed: ParsedQuery,
    filters: Filters | None = None,
    **options: Any,
) -> SearchResult:
    """Run :func:`build_search` (``options`` are its keyword arguments) and parse the answer."""
    body = build_search(parsed, filters, **options)
    try:
        resp = es.search(index=index, **body)
    except (ApiError, TransportError) as exc:
        raise _fail(es, index, exc) from exc
    return parse_response(resp, parsed.notices)


def day_counts(es: Elasticsearch, index: str, parsed: ParsedQuery, filters: Filters | None = None
               ) -> list[tuple[str, int]]:
    """The date facet day by day (:func:`search_ui.query.timeline_search`)."""
    try:
        return parse_timeline(es.search(index=index, **timeline_search(parsed, filters)))
    except (ApiError, TransportError) as exc:
        raise _fail(es, index, exc) from exc


def did_you_mean(es: Elasticsearch, index: str, parsed: ParsedQuery, filters: Filters | None = None) -> str | None:
    """For a query without results: the Arabic meant when it was typed on a Latin keyboard layout,
    the Latin names meant by misspelt ones (``Netanyahoo``), the query with its misspelt words
    written as the archive's articles write them; the first that finds articles (under the same
    filters)."""
    if any(t.link for t in parsed.positive):  # an address is found as written or not at all
        return None
    for suggestion in _respellings(es, index, parsed):
        found = search(es, index, read_query(suggestion, es=es, index=index), filters,
                       size=0, facets=False, highlight=False)
        if found.total:
            return suggestion
    return None


def _respellings(es: Elasticsearch, index: str, parsed: ParsedQuery) -> Iterator[str]:
    """What :func:`did_you_mean` tries, in order, each only if the one before found nothing."""
    if arabic := from_latin_keyboard(parsed.raw):
        yield arabic
    names = default_names()
    if fixes := {w: name for w in unnamed_latin(parsed, names_an_actor) if (name := names.closest_latin(w))}:
        yield with_words_replaced(parsed.raw, fixes)
    if respelt := _respelt(es, index, parsed):
        yield respelt


def _respelt(es: Elasticsearch, index: str, parsed: ParsedQuery) -> str | None:
    request = suggest_request(parsed)
    if request is None:
        return None
    try:
        fixes = spelling_fixes(request, es.search(index=index, **request), known=names_an_actor)
        if not fixes:
            return None
        words = sorted(set(fixes.values()))
        forms = written_forms(words, es.search(index=index, **written_forms_request(words)))
    except (ApiError, TransportError) as exc:
        raise _fail(es, index, exc) from exc
    return with_words_replaced(parsed.raw, {w: forms.get(f, f) for w, f in fixes.items()})


def names_an_actor(name: str) -> bool:
    """Whether ``name`` (any spelling or script) names one actor of the gazetteer or more."""
    return bool(default_names().named(name))


def read_query(text: str, *, in_title: bool = False, es: Elasticsearch | None = None,
               index: str | None = None) -> ParsedQuery:
    """:func:`parse_query` with the gazetteer's names (``جدة`` and ``Putin`` find their actors' articles,
    ``دميتري`` also ``ديمتري``); ``in_title``: in headlines only. Given the engine and the index, its
    stop words are marked (``هو`` alone finds the articles that have it, ``بوتين في`` is ``بوتين``)."""
    parsed = parse_query(text, default_names().query_names, in_title=in_title)
    if es is None or index is None:
        return parsed
    return with_stop_words(parsed, _stop_words(es, index, stop_word_candidates(parsed)))


_STOP_WORDS: dict[tuple[str, str], bool] = {}  # (index, word) -> is a stop word there


def _stop_words(es: Elasticsearch, index: str, words: list[str]) -> set[str]:
    """Which of ``words`` the index's stemmed fields leave out, asked once per word; none when the
    engine cannot say (the search that follows reports the engine down or the index missing)."""
    unknown = [w for w in words if (index, w) not in _STOP_WORDS]
    if unknown:
        try:
            stop = stop_words(unknown, es.indices.analyze(index=index, **stop_words_request(unknown)))
        except (ApiError, TransportError):
            return set()
        if len(_STOP_WORDS) > 100_000:
            _STOP_WORDS.clear()
        _STOP_WORDS.update({(index, w): w in stop for w in unknown})
    return {w for w in words if _STOP_WORDS.get((index, w))}


def run_search(
    es: Elasticsearch, index: str, text: str, filters: Filters | None = None, **options: Any
) -> SearchResult:
    """Read ``text`` and :func:`search` with the same options; raises EngineError (IndexMissing)."""
    return search(es, index, read_query(text, es=es, index=index), filters, **options)


def search_page(
    es: Elasticsearch,
    index: str,
    parsed: ParsedQuery,
    filters: Filters | None,
    *,
    page: int,
    size: int = 20,
    sort: Sort = "relevance",
    cursors: dict[int, list[Any]] | None = None,
    max_window: int = MAX_WINDOW,
) -> SearchResult:
    """Page ``page`` (0-based) of the results, also beyond ``max_window``.

    Pages inside the window use from/size; deeper pages use ``search_after`` from the
    cursor of the previous page (``cursors[p]`` = sort values of the last hit of page p),
    walking forward with bare requests from the deepest known cursor when needed.
    ``cursors`` is updated in place so the caller can keep it between requests."""
    cursors = {} if cursors is None else cursors
    page = max(0, page)
    if (page + 1) * size <= max_window:
        result = search(es, index, parsed, filters, sort=sort, size=size, from_=page * size)
    else:
        if page - 1 not in cursors:  # a page past the end (e.g. a stale bookmark) needs no walk
            past_end = _empty_page(es, index, parsed, filters, sort)
            if page * size >= past_end.total:
                return past_end
        last_in_window = max_window // size - 1
        known = [p for p in cursors if last_in_window <= p < page]
        start = max(known) if known else last_in_window
        bare = partial(search, es, index, parsed, filters, sort=sort, size=size, highlight=False, facets=False)
        if start not in cursors:
            res = bare(from_=start * size)
            if res.last_sort is None:
                return _empty_page(es, index, parsed, filters, sort)
            cursors[start] = res.last_sort
        for p in range(start + 1, page):
            res = bare(search_after=cursors[p - 1], source=[])
            if res.last_sort is None:
                return _empty_page(es, index, parsed, filters, sort)
            cursors[p] = res.last_sort
        result = search(es, index, parsed, filters, sort=sort, size=size, search_after=cursors[page - 1])
    if result.last_sort is not None:
        cursors[page] = result.last_sort
    return result


def _empty_page(
    es: Elasticsearch, index: str, parsed: ParsedQuery, filters: Filters | None, sort: Sort
) -> SearchResult:
    """Totals and facets without hits (a page past the end)."""
    return search(es, index, parsed, filters, sort=sort, size=0)


def iter_all(
    es: Elasticsearch,
    index: str,
    parsed: ParsedQuery | str,
    filters: Filters | None = None,
    *,
    pit_keep_alive: str = "2m",
    page: int = 1000,
    sort: Sort = "relevance",
    source: list[str] | None = None,
) -> Iterator[SearchHit]:
    """Every match, in a consistent snapshot (point in time + ``search_after``)."""
    if isinstance(parsed, str):
        parsed = read_query(parsed, es=es, index=index)
    try:
        pit_id = es.open_point_in_time(index=index, keep_alive=pit_keep_alive)["id"]
    except (ApiError, TransportError) as exc:
        raise _fail(es, index, exc) from exc
    after: list[Any] | None = None
    try:
        while True:
            body = build_search(
                parsed,
                filters,
                sort=sort,
                size=page,
                search_after=after,
                highlight=False,
                facets=False,
                source=source if source is not None else EXPORT_FIELDS,
            )
            body["track_total_hits"] = False
            body["pit"] = {"id": pit_id, "keep_alive": pit_keep_alive}
            try:
                resp = es.search(**body)
            except (ApiError, TransportError) as exc:
                raise _fail(es, index, exc) from exc
            hits = resp["hits"]["hits"]
            pit_id = resp.get("pit_id", pit_id)
            for hit in hits:
                yield parse_hit(hit)
            if len(hits) < page:
                break
            after = hits[-1]["sort"]
    finally:
        with contextlib.suppress(ApiError, TransportError):
            es.close_point_in_time(id=pit_id)


def get_article(
    es: Elasticsearch, index: str, doc_id: str, parsed: ParsedQuery | None = None
) -> dict[str, Any] | None:
    """The full ``_source`` of one article (plus ``id`` and the concrete ``index`` it is in), or None
    when it does not exist.

    With ``parsed``, ``highlight`` holds its title and body with the query's words marked
    (normalised text, see :func:`search_ui.results.project_marks`) where they occur."""
    body: dict[str, Any] = {"query": {"ids": {"values": [doc_id]}}, "size": 1}
    if parsed is not None and not parsed.is_empty:
        body["highlight"] = highlight_spec(parsed, whole=True)
    try:
        resp = es.search(index=index, **body)
    except (ApiError, TransportError) as exc:
        raise _fail(es, index, exc) from exc
    hits = resp["hits"]["hits"]
    if not hits:
        return None
    hit = hits[0]
    return {"id": hit["_id"], "index": hit["_index"], **hit["_source"], "highlight": highlights(hit)}


def get_related(es: Elasticsearch, index: str, doc: dict[str, Any], *, size: int = 5) -> list[SearchHit]:
    """Other articles on the same subject as ``doc`` (from :func:`get_article`; not its republications),
    best first."""
    query = related_query(doc["index"], doc["id"], doc.get("dup_group"))
    try:
        # the search's stable order: articles alike score alike, and a tie must not follow segment merges
        resp = es.search(index=index, query=query, size=size, sort=sort_clause("relevance"), track_scores=True,
                         source={"includes": LIST_FIELDS}, highlight=highlight_spec())  # the lead of each
    except (ApiError, TransportError) as exc:
        raise _fail(es, index, exc) from exc
    return [parse_hit(h) for h in resp["hits"]["hits"]]


def get_duplicates(
    es: Elasticsearch, index: str, dup_group: str | None, *, exclude_id: str | None = None, size: int = 50
) -> list[SearchHit]:
    """Other articles of the same duplicate group (republications), oldest first."""
    if not dup_group:
        return []
    query: dict[str, Any] = {"bool": {"filter": [{"term": {"dup_group": dup_group}}]}}
    if exclude_id:
        query["bool"]["must_not"] = [{"ids": {"values": [exclude_id]}}]
    try:
        resp = es.search(
            index=index,
            query=query,
            size=size,
            sort=[{"published": {"order": "asc", "missing": "_last"}}, {"ref": "asc"}],
            source={"includes": EXPORT_FIELDS},  # every field but the body
            highlight=highlight_spec(),  # the lead of each
        )
    except (ApiError, TransportError) as exc:
        raise _fail(es, index, exc) from exc
    return [parse_hit(h) for h in resp["hits"]["hits"]]
