"""`akhbar search`, `akhbar export`, `akhbar delete` and `akhbar ui`: the command-line face of search_ui."""

from __future__ import annotations

import contextlib
import errno
import gzip
import io
import json
import os
import socket
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, cast

import typer
from elasticsearch import ApiError, Elasticsearch, TransportError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from indexer.actor_names import default_names
from indexer.config import settings
from indexer.es import EngineError, check_url, client, describe
from indexer.outlets import outlet_and_key, outlet_key, outlet_name
from indexer.terminal import IndexOpt, err, fail, flag, labelled, out
from indexer.topics import load_taxonomy, topic_id, topic_labels
from search_ui.export import CSV_ENCODING, export_format, write_csv, write_jsonl
from search_ui.periods import FORMS, LOADED_FORMS, period_day
from search_ui.query import NO_DATE, SORTS, Filters, Sort
from search_ui.query_language import unnamed_latin
from search_ui.results import SearchHit, SearchResult, fold_republications, to_json

WIDE_TABLE = 110  # terminal columns from which `akhbar search` shows each result's link
PREVIEW = 5  # matches `akhbar delete` shows before it asks

ActorOpt = Annotated[
    list[str] | None,
    typer.Option("--actor", metavar="NAME",
                 help="Only articles naming this actor, in any spelling or by Latin name (repeatable)."),
]
TopicOpt = Annotated[
    list[str] | None,
    typer.Option("--topic", metavar="TOPIC", help="Only articles of this topic: id or label (repeatable)."),
]
SourceOpt = Annotated[
    list[str] | None,
    typer.Option("--source", metavar="OUTLET",
                 help="Only articles of this outlet, by key, name or site: okaz, عكاظ, okaz.com.sa (repeatable)."),
]
SinceOpt = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE",
                 help="Published on or after YYYY-MM-DD (YYYY-MM, YYYY: from its first day; Hijri: 1436-09)."),
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE",
                 help="Published on or before YYYY-MM-DD (YYYY-MM, YYYY: to its last day; Hijri: 1436-09)."),
]
LoadedOpt = Annotated[
    str | None,
    typer.Option("--loaded-since", metavar="WHEN",
                 help=f"Only articles loaded (or loaded again) since WHEN: {LOADED_FORMS}. "
                 "last: the articles of the last load."),
]
SortOpt = Annotated[
    str,
    typer.Option("--sort", metavar="|".join(SORTS), help="date: newest first; oldest: oldest first (a chronology); "
                 "copies: the most republished stories first."),
]
_QUERY_HELP = ('Words (all must match, AND optional), "exact phrase", "words near"~N, title:word (headline only), '
               "site:okaz.com.sa or site:عكاظ (an outlet), OR, -exclude or NOT, prefix*, (groups).")
QueryArg = Annotated[str, typer.Argument(metavar="QUERY", help=f"{_QUERY_HELP} Empty: everything.")]
DeleteQueryArg = Annotated[str, typer.Argument(metavar="QUERY", help=f"{_QUERY_HELP} Empty: only with a filter.")]


def _date(value: str | None, name: str, *, end: bool = False) -> date | None:
    """The first (``end``: the last) day of the period typed for option ``name`` (:func:`period_day`)."""
    if not value:
        return None
    try:
        return period_day(value, end=end)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use {FORMS}", param_hint=name) from None


def _actor_keys(names: list[str]) -> list[str]:
    """The facet keys (canonical names) of actors typed in any spelling; what was resolved is noted."""
    if not names:
        return []
    lookup = default_names()
    keys = []
    for name in names:
        found = lookup.named(name)
        typed = repr(name)
        if len(found) > 1:  # as the query finds them: any of them (several --actor are any of them too)
            several = " or ".join(map(repr, found))
            err.print(f"note: --actor {typed} names several actors: any of {several}", highlight=False)
        elif not found:
            meant = f" (did you mean {close!r}?)" if (close := lookup.closest_latin(name)) else ""
            err.print(f"note: --actor {typed} names no known actor{meant}; filtered as typed", highlight=False)
        elif found[0] != name:
            err.print(f"note: --actor {typed} is {found[0]!r}", highlight=False)
        keys.extend(found or [name])
    return list(dict.fromkeys(keys))


def _topic_ids(values: list[str]) -> list[str]:
    """Topic ids for ids or labels (Arabic or English); an unknown topic is a usage error."""
    taxonomy = load_taxonomy() if values else {}
    ids = []
    for value in values:
        key = topic_id(value, taxonomy)
        if key is None:
            raise typer.BadParameter(f"unknown topic {value!r}; topics: {', '.join(taxonomy)}", param_hint="--topic")
        ids.append(key)
    return list(dict.fromkeys(ids))


def _filters(
    actors: list[str] | None,
    topics: list[str] | None,
    sources: list[str] | None,
    since: str | None,
    until: str | None,
) -> Filters:
    def given(values: list[str] | None) -> list[str]:  # an empty --actor '' filters on nothing
        return [v.strip() for v in values or [] if v.strip()]

    f = Filters(
        actors=_actor_keys(given(actors)),
        topics=_topic_ids(given(topics)),
        sources=[outlet_key(s) for s in given(sources)],
        since=_date(since, "--since"),
        until=_date(until, "--until", end=True),
    )
    if f.since and f.until and f.since > f.until:
        raise typer.BadParameter("--since is after --until", param_hint="--since")
    return f


def _searching(actors: list[str] | None, topics: list[str] | None, sources: list[str] | None, since: str | None,
               until: str | None, loaded: str | None, index: str | None) -> tuple[Filters, str, Elasticsearch]:
    """What a searching command (search, export, delete) works with: its filters, its index, a client."""
    from search_ui.fetch import loaded_moment

    filters, index = _filters(actors, topics, sources, since, until), index or settings().akhbar_index
    es = client(retries=1)
    if loaded and loaded.strip():
        try:
            filters.loaded_since = loaded_moment(es, index, loaded)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--loaded-since") from None
        except EngineError as exc:
            raise fail(str(exc)) from None
    return filters, index, es


def _articles(count: int) -> str:
    return f"{count:,} article" + ("" if count == 1 else "s")


def _sort(value: str) -> Sort:
    if value not in SORTS:
        raise typer.BadParameter(f"choose {', '.join(SORTS)}", param_hint="--sort")
    return cast(Sort, value)


def _facet_tables(result: SearchResult, top: int = 10) -> list[Table]:
    """The most frequent people, organisations and places, topics and sources of the matches, and
    their count per year."""
    labels = topic_labels()
    years: dict[str, int] = {}
    for month, count in result.facets.get("published", []):
        year = "no date" if month == NO_DATE else month[:4]
        years[year] = years.get(year, 0) + count
    facets = {
        "people": result.facets.get("persons", [])[:top],
        "organisations": result.facets.get("organizations", [])[:top],
        "places": result.facets.get("places", [])[:top],
        "topics": [(f"{labels.get(k, k)} ({k})", n) for k, n in result.facets.get("topics", [])[:top]],
        "sources": [(outlet_and_key(k), n) for k, n in result.facets.get("sources", [])[:top]],
        "year": sorted(years.items()),
    }
    tables = []
    for name, rows in facets.items():
        table = Table(name, "articles", title_justify="left")
        for key, count in rows:
            table.add_row(key, f"{count:,}")
        tables.append(table)
    return tables


def _table(total: int, hits: list[SearchHit], width: int) -> Table:
    """Results as a table for a terminal ``width`` columns wide; title and actors get the room, and
    the link (URL, or file and line) is shown when there is space for it. A story republished by
    other outlets among ``hits`` is one row naming them."""
    table = Table(title=_articles(total), show_lines=False, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("source", no_wrap=True, overflow="ellipsis", max_width=14)
    table.add_column("title", ratio=3, min_width=20)
    table.add_column("actors", ratio=2, min_width=12)
    wide = width >= WIDE_TABLE
    if wide:
        table.add_column("link", ratio=2, overflow="fold", style="dim")
    crawled = False
    for n, (hit, also) in enumerate(fold_republications(hits), 1):
        when = (hit.published or "—")[:10]
        if hit.published and hit.published_source == "crawl":
            when, crawled = f"≈{when}", True
        title = Text(hit.title)
        if hit.excerpt:
            title.append("\n(summary only: the full text is at the source)", "dim")
        if also:  # the same story from other outlets on this page: one row
            title.append("\nalso: " + "، ".join(_named(h) for h in also), "dim")
        row: list[str | Text] = [str(n), when, outlet_name(hit.source) if hit.source else "", title,
                                 "، ".join(hit.actors[:4])]
        table.add_row(*row, *([hit.url or hit.ref or ""] if wide else []))
    if crawled:
        table.caption = "≈ the day the page was fetched: its publication date is unknown"
    return table


def search_cmd(
    query: QueryArg = "",
    actor: ActorOpt = None,
    topic: TopicOpt = None,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    loaded_since: LoadedOpt = None,
    sort: SortOpt = "relevance",
    size: Annotated[
        int,
        typer.Option(
            "--size", min=0, max=10_000, metavar="N",
            help="Number of results (0: the count and the facets; every match: akhbar export).",
        ),
    ] = 20,
    index: IndexOpt = None,
    as_json: Annotated[bool, flag("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Search the archive and print the best matches (or JSON with --json)."""
    from search_ui.fetch import did_you_mean, names_an_actor, read_query, search

    filters, index, es = _searching(actor, topic, source, since, until, loaded_since, index)
    parsed = read_query(query, es=es, index=index)
    try:
        result = search(es, index, parsed, filters, sort=_sort(sort), size=size, highlight=as_json)
    except EngineError as exc:
        raise fail(str(exc)) from None
    if as_json:
        sys.stdout.write(json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n")
        return
    for notice in result.notices:
        out.print(labelled("note", "yellow", str(notice)), highlight=False)
    if not result.total:
        active = filters.active()
        hint = f" with filters {', '.join(active)}; try removing some" if active else ""
        out.print(f"no articles match{hint}.", highlight=False)
        if latin := unnamed_latin(parsed, names_an_actor):
            out.print(labelled("note", "yellow", f"{', '.join(latin)}: no known actor has this name, and Arabic "
                               "articles rarely have Latin words: write it in Arabic"), highlight=False)
        with contextlib.suppress(EngineError):
            if suggestion := did_you_mean(es, index, parsed, filters):
                out.print(f"did you mean: {suggestion}", highlight=False)
        return
    if size == 0:
        out.print(_articles(result.total), highlight=False)
        for table in _facet_tables(result):
            out.print(table)
        return
    out.print(_table(result.total, result.hits, out.width))


def export_cmd(
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="FILE", dir_okay=False,
                     help="File to write: .csv or .jsonl (the format, unless --format says), .gz after either "
                          "to compress it; - writes JSON Lines to standard output (for a pipe)."),
    ],
    query: QueryArg = "",
    actor: ActorOpt = None,
    topic: TopicOpt = None,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    loaded_since: LoadedOpt = None,
    sort: SortOpt = "relevance",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="csv|jsonl",
            help="csv (UTF-8 with BOM for Excel, CRLF, lists joined with '|'; the same bytes as the UI download) "
            "or jsonl (plain UTF-8, one JSON object per line). Default: what FILE ends with, else csv; "
            "jsonl for -.",
        ),
    ] = None,
    text: Annotated[bool, flag("--text", help="Add each article's full text (a last column, text).")] = False,
    index: IndexOpt = None,
) -> None:
    """Write EVERY matching article (consistent snapshot) to a CSV or JSON-lines file."""
    from search_ui.query import EXPORT_FIELDS, SOURCE_FIELDS

    try:
        fmt = export_format(output.name, fmt)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format" if fmt else "--output") from None
    from search_ui.fetch import iter_all, read_query, search

    filters, index, es = _searching(actor, topic, source, since, until, loaded_since, index)
    try:
        parsed = read_query(query, es=es, index=index)
        total = 0
        if err.is_terminal:  # how many, for the progress bar
            total = search(es, index, parsed, filters, size=0, facets=False, highlight=False).total
        hits = iter_all(es, index, parsed, filters, sort=_sort(sort), source=SOURCE_FIELDS if text else EXPORT_FIELDS)
        count = write_export(counted(hits, total, err), output, fmt, with_text=text)
    except EngineError as exc:
        raise fail(str(exc)) from None
    except BrokenPipeError:  # `-o - | head`: the reader has what it wanted; click exits quietly
        raise
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
    to_stdout = str(output) == "-"
    typer.echo(f"{_articles(count)} written to {'standard output' if to_stdout else output}", err=to_stdout)


def delete_cmd(
    query: DeleteQueryArg = "",
    actor: ActorOpt = None,
    topic: TopicOpt = None,
    source: SourceOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    loaded_since: LoadedOpt = None,
    index: IndexOpt = None,
    yes: Annotated[bool, flag("--yes", help="Delete without asking (needed when not on a terminal).")] = False,
) -> None:
    """Delete EVERY matching article from the archive (a scrape loaded by mistake, an outlet to drop).

    Shows the best matches, says how many, and asks first. `akhbar index` skips their files after; --again loads
    them again."""
    from indexer.remove import delete_hits
    from search_ui.fetch import iter_all, read_query, search

    filters, index, es = _searching(actor, topic, source, since, until, loaded_since, index)
    try:
        parsed = read_query(query, es=es, index=index)
        if parsed.is_empty and not parsed.excludes and not filters.active():
            raise fail("give a query or a filter: an empty one matches every article "
                       "(to start afresh, load with `akhbar index --recreate`)")
        first = search(es, index, parsed, filters, size=PREVIEW, facets=False, highlight=False)
        total = first.total
        if not total:
            typer.echo("no articles match: nothing deleted")
            return
        if not yes:
            if not sys.stdin.isatty():
                raise fail(f"{_articles(total)} match; nothing deleted: add --yes to delete them without asking")
            out.print(_table(total, first.hits, out.width))  # what is about to go, the best matches first
            if not typer.confirm(f"delete {_articles(total)} from {index}?", default=False):
                typer.echo("nothing deleted")
                return
        hits = iter_all(es, index, parsed, filters, source=["dup_count"])
        deleted = delete_hits(es, index, counted(hits, total, err, "deleting"))
    except EngineError as exc:
        raise fail(str(exc)) from None
    except (ApiError, TransportError) as exc:  # the engine lost while deleting
        raise fail(f"{describe(exc)}; some matches may be left: run the same command again") from None
    except KeyboardInterrupt:
        raise fail("interrupted: some matches may be left: run the same command again", code=130) from None
    typer.echo(f"{_articles(deleted)} deleted from {index}")


def counted(hits: Iterable[SearchHit], total: int, console: Console, label: str = "exporting") -> Iterator[SearchHit]:
    """``hits``, with a progress bar of the ``total`` expected on ``console`` when it is a terminal
    (and there is a total); otherwise as they are."""
    if not (total and console.is_terminal):
        yield from hits
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("export", total=total)
        for done, hit in enumerate(hits, 1):
            yield hit
            if done % 500 == 0:
                bar.update(task, completed=done)


def write_export(hits: Iterable[SearchHit], output: Path, fmt: str, *, with_text: bool = False) -> int:
    """Write hits to ``output`` via a temporary file (gzip-compressed when its name ends with ``.gz``;
    ``-``: standard output, plain UTF-8); returns how many were written.

    csv: UTF-8 with BOM (as the UI download); jsonl: plain UTF-8."""
    write = write_csv if fmt == "csv" else write_jsonl
    if str(output) == "-":
        sys.stdout.flush()
        stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            return write(hits, stdout, with_text)
        finally:
            stdout.flush()
            stdout.detach()  # sys.stdout keeps its buffer
    tmp = output.with_name(output.name + ".part")
    encoding = CSV_ENCODING if fmt == "csv" else "utf-8"
    try:
        if output.suffix.lower() == ".gz":
            with gzip.open(tmp, "wt", encoding=encoding, newline="") as fh:
                count = write(hits, fh, with_text)
        else:
            with tmp.open("w", encoding=encoding, newline="") as fh:
                count = write(hits, fh, with_text)
        tmp.replace(output)
    except BaseException:
        tmp.unlink(missing_ok=True)  # no half-written file is left behind (engine lost, disk full, Ctrl-C)
        raise
    return count


def ui_cmd(
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Port of the web UI.")] = 8501,
    address: Annotated[
        str,
        typer.Option("--address", metavar="ADDRESS", envvar="AKHBAR_UI_ADDRESS",
                     help="Interface to listen on (0.0.0.0: all)."),
    ] = "127.0.0.1",
    index: IndexOpt = None,
) -> None:
    """Open the search UI (Streamlit) on http://ADDRESS:PORT (this machine only, by default)."""
    check_url(settings().es_url)  # an address the page could not use is said here, once
    with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind((address, port))
        except OSError as exc:
            taken = exc.errno == errno.EADDRINUSE
            hint = ("another program has the port (an akhbar ui already running?): use --port N" if taken
                    else "an address of this machine is needed: check --address")
            raise fail(f"cannot serve on {address}:{port} ({exc.strerror}): {hint}") from None
    env = {**os.environ, "AKHBAR_INDEX": index or settings().akhbar_index}
    cmd = [
        sys.executable, "-m", "search_ui.serve",
        "--server.headless", "true", "--server.address", address, "--server.port", str(port),
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
    ]  # fmt: skip
    typer.echo(f"search UI on http://{address}:{port} (index {env['AKHBAR_INDEX']}); Ctrl-C to stop")
    sys.stdout.flush()
    os.execve(sys.executable, cmd, env)  # the server replaces this process: signals reach it directly


def register(app: typer.Typer) -> None:
    """Add the search, export, delete and ui commands to the main ``akhbar`` app."""
    # a query may start with an exclusion: `akhbar search '-روسيا سوريا'` is a query, not an option
    query_first = {"ignore_unknown_options": True}
    app.command("search", context_settings=query_first)(search_cmd)
    app.command("export", context_settings=query_first)(export_cmd)
    app.command("delete", context_settings=query_first)(delete_cmd)
    app.command("ui")(ui_cmd)


def _named(hit: SearchHit) -> str:
    """A copy of a story by its outlet's name, or, without one (a PDF, a text file), by what it was read from."""
    return outlet_name(hit.source) if hit.source else hit.ref or "?"
