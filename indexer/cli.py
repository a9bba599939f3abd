"""The `akhbar` command line: engine, index, stats, search, export, ui."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from indexer import engine
from indexer.es import EngineError
from indexer.search_cmd import register as register_search
from indexer.terminal import IndexOpt, err, fail, flag, out

app = typer.Typer(no_args_is_help=True, add_completion=False, help="akhbar: search an Arabic news archive.")
engine_app = typer.Typer(no_args_is_help=True, help="The local Elasticsearch node (no Docker needed).")
app.add_typer(engine_app, name="engine")


PortOption = typer.Option(9200, "--port", metavar="PORT", help="HTTP port of the local node.")


def _print_version(wanted: bool) -> None:
    if wanted:
        from importlib.metadata import version

        out.print(f"akhbar {version('akhbar')} (Elasticsearch client {version('elasticsearch')})", highlight=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", metavar="", callback=_print_version, is_eager=True,
                           help="Print the version and exit.")
    ] = False,
) -> None:
    """akhbar: search an Arabic news archive."""


def _print_status(st: engine.Status) -> None:
    out.print(f"running  {st.url}  Elasticsearch {st.version}  health {st.health}", highlight=False)


@engine_app.command("start")
def engine_start(port: int = PortOption) -> None:
    """Provision (first run: download, build the Arabic plugin) and start the local node."""
    layout = engine.Layout.default(port)
    try:
        if engine.status(layout).running:
            out.print("already running", highlight=False)
        else:
            with out.status("starting the local Elasticsearch node (the first run downloads ~130 MB)…"):
                engine.start(layout)
        _print_status(engine.status(layout))
    except EngineError as exc:
        raise fail(str(exc)) from None


@engine_app.command("stop")
def engine_stop(port: int = PortOption) -> None:
    """Stop the local node (no-op when it is not running)."""
    out.print("stopped" if engine.stop(engine.Layout.default(port)) else "not running", highlight=False)


@engine_app.command("status")
def engine_status(port: int = PortOption) -> None:
    """Print URL, version and health of the local node; exit 1 when it is not running."""
    layout = engine.Layout.default(port)
    st = engine.status(layout)
    if not st.running:
        out.print(f"not running  {st.url}  (files in {layout.home})", highlight=False)
        raise typer.Exit(1)
    _print_status(st)
    out.print(f"files    {layout.home}  cache {layout.cache}", highlight=False)


def _alias(index: str | None) -> str:
    from indexer.config import settings

    return index or settings().akhbar_index


def _connect():
    """A client that is known to answer, or a one-line error (exit 2)."""
    from elasticsearch import TransportError

    from indexer.config import settings
    from indexer.es import client, describe

    es = client()
    try:
        es.cluster.health()
    except TransportError as exc:
        raise fail(describe(exc, settings().es_url)) from None
    return es


@app.command("index")
def index_command(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH",
                       help="Files, directories (recursive) or globs: .txt .md .docx .doc .odt .rtf .pdf .eml .mbox "
                            ".html .htm .mhtml .mht .json .jsonl .jl .csv .tsv .xlsx .xls .warc .arc .rss .atom .xml "
                            "(also .gz .bz2 .xz), archives of them (.zip .7z .rar .tar .tar.gz .tgz .tar.bz2 .tar.xz); "
                            "- reads JSON Lines from standard input."),
    ],
    index: IndexOpt = None,
    recreate: Annotated[bool, flag(help="Build a fresh index; switch the alias to it when done.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=10000, metavar="N", help="Documents per bulk request.")] = 500,
    failed: Annotated[
        Path, typer.Option(metavar="FILE", help="Failures file (JSON Lines).")
    ] = Path("akhbar-failed.jsonl"),
    fields: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Field-map file (YAML/JSON) for other scrapers' names.")
    ] = None,
    enrich: Annotated[bool, flag(help="Extract dates, actors and topics while loading.")] = True,
    source: Annotated[
        str | None,
        typer.Option(metavar="OUTLET", help="The outlet of the articles that name none and have no address "
                     "(a folder of a ministry's statements): a name, or a known outlet's name, key or site."),
    ] = None,
    again: Annotated[
        bool,
        flag("--again", help="Read files loaded before even if unchanged (by default a load skips them)."),
    ] = False,
    workers: Annotated[
        int, typer.Option(metavar="N", show_default="one per core", help="Processes that build documents (0: none).")
    ] = -1,
    dry_run: Annotated[
        bool,
        flag("--dry-run", help="Read, clean and enrich, load nothing (no engine needed): documents, "
             "failures by kind, how many have each field."),
    ] = False,
) -> None:
    """Read, clean, enrich and load articles.

    Exit 0: all loaded; 1: some failed; 2: usage/connection error; 130: interrupted (Ctrl-C)."""
    from indexer.indexing import IndexJob, run_index

    job = IndexJob(paths=paths, alias=_alias(index), recreate=recreate, batch_size=batch_size,
                   failed=failed, field_map=fields, enrich=enrich, workers=workers, again=again,
                   source=" ".join(source.split()) or None if source else None)
    if dry_run:
        from indexer.dry_run import run_dry

        raise typer.Exit(run_dry(job, out, err))
    raise typer.Exit(run_index(job, _connect(), out, err))


@app.command("enrich")
def enrich_command(
    index: IndexOpt = None,
    every: Annotated[bool, flag("--all", help="Re-enrich every article, not only the outdated ones.")] = False,
) -> None:
    """Bring the stored articles' dates, actors and topics up to date, without re-reading the scrapes.

    After editing indexer/data/*.yaml or updating akhbar: the articles enriched by other rules are enriched again
    (and the duplicate groups follow their dates)."""
    from indexer.duplicates import group_duplicates
    from indexer.enrich import Enricher
    from indexer.mappings import upgrade
    from indexer.reenrich import outdated, reenrich

    es, alias = _connect(), _alias(index)
    try:
        upgrade(es, alias)
    except ValueError as exc:
        raise fail(str(exc)) from None
    enricher = Enricher()
    todo = es.count(index=alias)["count"] if every else outdated(es, alias, enricher.rules)
    if not todo:
        out.print("every article is enriched with the current rules (`--all` enriches them again anyway)",
                  highlight=False)
        raise typer.Exit(0)
    try:
        with out.status(f"re-enriching {todo:,} articles…") as status:
            done, failed = reenrich(es, alias, enricher, every=every,
                                    on_progress=lambda n: status.update(f"re-enriching… {n:,} of {todo:,}"))
            if done:  # a story's copies are grouped within days of publication: new dates, new groups
                status.update("grouping duplicates…")
                group_duplicates(es, alias)
    except KeyboardInterrupt:
        err.print("interrupted: the articles re-enriched so far keep their new fields; "
                  "run `akhbar enrich` again to do the rest", highlight=False)
        raise typer.Exit(130) from None
    out.print(f"re-enriched {done:,} articles" + (f", {failed:,} failed" if failed else ""), highlight=False)
    raise typer.Exit(1 if failed else 0)


@app.command("candidates")
def candidates_command(
    index: IndexOpt = None,
    top: Annotated[int, typer.Option(min=1, metavar="N", help="How many names to list.")] = 50,
    as_yaml: Annotated[
        bool, flag("--yaml", help="Print gazetteer entries to paste into indexer/data/actors.yaml (check them).")
    ] = False,
    spellings: Annotated[
        bool, flag("--spellings", help="List instead the names taken for a known actor by their consonants only "
                                       "(ديمتري/دميتري): a right one can become an alias, a wrong one an entry.")
    ] = False,
    around: Annotated[
        str | None, typer.Option("--around", metavar="ACTOR",
                                 help="List instead the words right before and after ACTOR's mentions: one that makes "
                                      "the name another's (مسقط رأسه) goes into a block list.")
    ] = None,
) -> None:
    """List frequent names missing from the gazetteer (add them to indexer/data/actors.yaml, then `akhbar enrich`)."""
    from rich.table import Table
    from rich.text import Text

    from indexer.actor_names import ActorNames
    from indexer.actors import Gazetteer, candidate_type
    from indexer.reenrich import Written, candidates_as_written, neighbours, skeleton_spellings, unknown_candidates

    if (spellings or around) and as_yaml:
        raise typer.BadParameter("--yaml prints new entries; these lists are checked by hand", param_hint="--yaml")
    if spellings and around:
        raise typer.BadParameter("one list at a time", param_hint="--around")
    es, alias, gazetteer = _connect(), _alias(index), Gazetteer.load()
    if around:
        actor = ActorNames(gazetteer).canonical(around)
        if actor is None:
            raise typer.BadParameter(f"{around!r} names no one actor of the gazetteer", param_hint="--around")
        table = Table("", "word", "articles", "e.g.", title=f"words around {actor}", title_justify="left")
        for n in neighbours(es, alias, gazetteer, actor, top):
            table.add_row(n.side, n.word, f"{n.articles:,}", n.example)
        out.print(table)
        return
    if spellings:
        other = skeleton_spellings(es, alias, gazetteer, top)
        as_written = candidates_as_written(es, alias, [s.form for s in other], field="actor_forms")
        table = Table("name (as written in an article)", "taken for", "articles",
                      title="names matched by their consonants only", title_justify="left")
        for s in other:
            table.add_row(as_written.get(s.form, Written(s.form, "")).form, s.actor, f"{s.articles:,}")
        out.print(table)
        return
    found = unknown_candidates(es, alias, gazetteer, top)
    forms = candidates_as_written(es, alias, [name for c in found for name in (c.name, *c.also)])

    def written(name: str) -> Written:
        return forms.get(name, Written(name, ""))

    if as_yaml:
        import yaml

        for c in found:
            first = written(c.name)
            aliases = list(dict.fromkeys(written(name).form for name in (c.name, *c.also)))
            entry = {"name": first.form, "type": candidate_type(first.after), "aliases": aliases}
            typer.echo(f"# {c.articles:,} articles; seen after: {first.after or '-'}")
            typer.echo("- " + yaml.safe_dump(entry, allow_unicode=True, default_flow_style=True, sort_keys=False,
                                             width=1000).strip())
        return
    table = Table("candidate (as written in an article)", "seen after", "articles", title="unknown actor candidates",
                  title_justify="left")
    for c in found:
        cell = Text(written(c.name).form)
        for name in c.also:  # the same name written otherwise (with or without بن)
            cell.append(f"\nalso {written(name).form}", style="dim")
        table.add_row(cell, written(c.name).after, f"{c.articles:,}")
    out.print(table)


@app.command("stats")
def stats_command(index: IndexOpt = None) -> None:
    """Document count, index size, date range and top sources."""
    from indexer.stats import print_stats

    print_stats(_connect(), _alias(index), out)

register_search(app)


def main() -> None:
    """Console entry point: Elasticsearch errors become one line and exit code 2, never a traceback."""
    from elasticsearch import ApiError, NotFoundError, TransportError

    from indexer.config import settings
    from indexer.data_files import DataFileError
    from indexer.es import describe

    try:
        app(prog_name="akhbar")
    except EngineError as exc:  # ES_URL that is no address
        raise SystemExit(fail(str(exc)).exit_code) from None
    except DataFileError as exc:  # a gazetteer or rules file edited into one akhbar cannot use
        raise SystemExit(fail(f"{exc} (fix the file, then run the command again)").exit_code) from None
    except NotFoundError as exc:
        message = f"{describe(exc, settings().es_url)}; load articles first: akhbar index PATH"
        raise SystemExit(fail(message).exit_code) from None
    except (ApiError, TransportError) as exc:
        raise SystemExit(fail(describe(exc, settings().es_url)).exit_code) from None
