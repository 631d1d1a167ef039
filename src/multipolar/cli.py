"""The `multipolar` command line.

Exit codes: 0 all good; 1 some inputs failed (the rest were stored); 2 usage
error (bad option, unusable store). Errors are one line on stderr, never a
traceback (set MULTIPOLAR_DEBUG=1 to see one).
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__
from .ingest import ReadSummary, ingest, sample_corpus
from .metadata import parse_date
from .models import ReadError, ReadWarning
from .readers import ReadOptions
from .readers.base import DEFAULT_MAX_BYTES
from .schema import TABLES
from .store import DEFAULT_STORE, Store, StoreError

if TYPE_CHECKING:
    from .analysis.system import SystemReport

app = typer.Typer(
    name="multipolar",
    help="Read international news into an auditable record of who did and said what to whom.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class UsageError(Exception):
    """Bad arguments the parser could not catch: one line, exit 2."""


StoreOpt = Annotated[
    Path,
    typer.Option(
        "--store", envvar="MULTIPOLAR_STORE", show_envvar=True,
        help="Store directory.", show_default=True,
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option("--published", help="Date (YYYY-MM-DD) for documents whose metadata "
                 "and text give none; also resolves year-less datelines."),
]
PublicationOpt = Annotated[
    str | None, typer.Option("--publication", help="Publication name where the source gives none.")
]
MaxBytesOpt = Annotated[
    int, typer.Option("--max-bytes", min=1, help="Size limit per document (file, URL body, "
                      "JSONL line), refused before reading.")
]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds per URL request.")]


def _options(published: str | None, publication: str | None, max_bytes: int,
             timeout: float) -> ReadOptions:
    date = None
    if published:
        date = parse_date(published)
        if date is None:
            raise UsageError(f"--published: not a date: {published!r} (use YYYY-MM-DD)")
    return ReadOptions(published=date, publication=publication, max_bytes=max_bytes,
                       timeout=timeout)


def _report(problem: ReadError | ReadWarning) -> None:
    kind = "error" if isinstance(problem, ReadError) else "warning"
    style = "red" if kind == "error" else "yellow"
    err.print(f"[{style}]{kind}[/]: {escape(str(problem))}")


def _read_with_progress(inputs: list[str], store: Store, opts: ReadOptions) -> ReadSummary:
    progress = Progress(
        TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TextColumn("sources"),
        TimeRemainingColumn(), console=err, transient=True,
        disable=not err.is_terminal,
    )
    task_id = None

    def on_plan(total: int) -> None:
        nonlocal task_id
        task_id = progress.add_task("read", total=total, visible=total > 1)

    def on_done(_task: object) -> None:
        progress.advance(task_id)  # type: ignore[arg-type]

    with progress:
        return ingest(inputs, store, opts, on_problem=_report, on_plan=on_plan,
                      on_task_done=on_done)


def _print_read_summary(summary: ReadSummary) -> None:
    parts = [f"read {summary.read}", f"new {summary.new}",
             f"already stored {summary.already}", f"failed {summary.failed}"]
    if summary.non_english:
        parts.append(f"not English {summary.non_english} (stored, not coded)")
    if summary.skipped_files:
        parts.append(f"files skipped for their extension {summary.skipped_files}")
    style = "red" if summary.failed else "green"
    out.print(f"[{style}]" + ", ".join(parts) + "[/]")


@app.command()
def read(
    sources: Annotated[list[str], typer.Argument(help="Files, directories or http(s) URLs.",
                                                 show_default=False)],
    store: StoreOpt = Path(DEFAULT_STORE),
    published: PublishedOpt = None,
    publication: PublicationOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    timeout: TimeoutOpt = 10.0,
) -> None:
    """Read news into the store: text, HTML, JSON Lines, RSS/Atom, directories, URLs."""
    opts = _options(published, publication, max_bytes, timeout)
    st = Store(store)
    summary = _read_with_progress(sources, st, opts)
    _print_read_summary(summary)
    raise typer.Exit(summary.exit_code)


class DocsFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


@app.command()
def docs(
    store: StoreOpt = Path(DEFAULT_STORE),
    fmt: Annotated[DocsFormat, typer.Option("--format", help="Output format.")] = DocsFormat.table,
    limit: Annotated[int | None, typer.Option("--limit", min=1,
                                              help="At most this many (newest first).")] = None,
) -> None:
    """List stored documents."""
    st = Store(store, create=False)
    sql = ("SELECT doc_id, published, publication, title, language, is_english, n_chars, source "
           "FROM documents ORDER BY published DESC NULLS LAST, doc_id")
    if limit:
        sql += f" LIMIT {int(limit)}"
    rows = st.query(sql).to_pylist()
    if fmt is DocsFormat.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(rows)} documents in {st.root}", title_justify="left")
    for col in ("id", "published", "publication", "title", "lang", "chars"):
        table.add_column(col, overflow="fold" if col == "title" else "ellipsis",
                         no_wrap=col != "title")
    for row in rows:
        lang = (row["language"] or "?") + ("" if row["is_english"] else " (skipped)")
        title = row["title"] or Path(row["source"]).name
        table.add_row(row["doc_id"][:12], row["published"] or "-",
                      escape(row["publication"] or "-"), escape(title), lang, str(row["n_chars"]))
    out.print(table)


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique prefix).")],
    store: StoreOpt = Path(DEFAULT_STORE),
) -> None:
    """Show one document: its metadata and text."""
    st = Store(store, create=False)
    row = st.document(doc_id)
    if row is None:
        err.print(f"[red]error[/]: {escape(doc_id)}: no such document in {st.root}")
        raise typer.Exit(1)
    for key in ("doc_id", "title", "publication", "published", "published_source", "author",
                "url", "language", "is_english", "external_id", "source", "source_kind",
                "read_at", "n_chars"):
        if row.get(key) not in (None, ""):
            out.print(f"[bold]{key}[/]: {escape(str(row[key]))}")
    out.print()
    out.print(escape(row["text"]))


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"  # GDELT 2.0 event table (events only)
    plover = "plover"  # PLOVER JSON, one event a line (events only)


@app.command()
def export(
    table: Annotated[str, typer.Argument(help=f"One of: {', '.join(TABLES)}.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = (
        ExportFormat.jsonl
    ),
    output: Annotated[str, typer.Option("-o", "--output", help="File, or - for stdout.")] = "-",
    store: StoreOpt = Path(DEFAULT_STORE),
) -> None:
    """Export a table as JSON Lines, CSV or Parquet."""
    if table not in TABLES:
        raise UsageError(f"unknown table {table!r} (tables: {', '.join(TABLES)})")
    st = Store(store, create=False)
    if fmt in (ExportFormat.gdelt, ExportFormat.plover) and table != "events":
        raise UsageError(f"--format {fmt.value} exports the events table only")
    data = st.query(f"SELECT * FROM {table}")
    if output == "-" and fmt is ExportFormat.parquet and sys.stdout.isatty():
        raise UsageError("refusing to write Parquet to a terminal; use -o FILE")
    buffer = io.BytesIO()
    if fmt in (ExportFormat.gdelt, ExportFormat.plover):
        from . import interop

        docs = {r["doc_id"]: r for r in st.query("SELECT * FROM documents").to_pylist()}
        events = data.to_pylist()
        if fmt is ExportFormat.gdelt:
            text = io.StringIO()
            interop.write_gdelt(interop.to_gdelt_rows(events, docs), text)
            buffer.write(text.getvalue().encode("utf-8"))
        else:
            for e in events:
                record = interop.to_plover(e, docs.get(e["doc_id"]))
                buffer.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    elif fmt is ExportFormat.parquet:
        import pyarrow.parquet as pq

        pq.write_table(data, buffer, compression="zstd")
    elif fmt is ExportFormat.csv:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        # CSV has no lists: join list cells with "; " so the file stays one row per record.
        cols = []
        for name in data.column_names:
            col = data.column(name)
            if pa.types.is_list(col.type):
                col = pa.array(["; ".join(v) if v else None for v in col.to_pylist()], pa.string())
            cols.append(col)
        pacsv.write_csv(pa.table(cols, names=data.column_names), buffer)
    else:
        for row in data.to_pylist():
            buffer.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    if output == "-":
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.flush()
    else:
        target = Path(output)
        try:
            fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".",
                                       prefix=f".{target.name}.")
            with os.fdopen(fd, "wb") as fh:
                fh.write(buffer.getvalue())
            os.replace(tmp, target)
        except OSError as exc:
            raise UsageError(f"{output}: cannot write ({exc.strerror})") from None
        err.print(f"wrote {data.num_rows} {table} rows to {escape(output)}")
    if data.num_rows == 0:
        err.print(f"[yellow]note[/]: table {table} is empty")


def _store_summary(st: Store) -> None:
    stats = st.query(
        "SELECT count(*) AS docs, min(published) AS first, max(published) AS last, "
        "sum(n_chars) AS chars, count(*) FILTER (WHERE NOT is_english) AS non_english, "
        "count(DISTINCT publication) AS pubs FROM documents"
    ).to_pylist()[0]
    out.print(f"\n[bold]Store[/] {escape(str(st.root))}: {stats['docs']} documents"
              f" ({stats['chars'] or 0:,} characters) from {stats['pubs']} publications,"
              f" dated {stats['first'] or '?'} to {stats['last'] or '?'}"
              + (f"; {stats['non_english']} not in English (kept, not coded)"
                 if stats["non_english"] else ""))
    years = st.query(
        "SELECT coalesce(substr(published, 1, 4), 'undated') AS year, count(*) AS n "
        "FROM documents GROUP BY 1 ORDER BY 1"
    ).to_pylist()
    if years:
        table = Table(title="Documents by year", title_justify="left")
        table.add_column("year")
        table.add_column("documents", justify="right")
        table.add_column("")
        peak = max(r["n"] for r in years)
        for r in years:
            table.add_row(r["year"], str(r["n"]), "#" * max(1, round(20 * r["n"] / peak)))
        out.print(table)
    _events_summary(st)
    out.print("Next: [bold]multipolar docs[/] to list them, [bold]multipolar show ID[/] to read "
              "one, [bold]multipolar export events --format csv -o events.csv[/] to export.")


QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}


def _events_summary(st: Store) -> None:
    total = st.count("events")
    if not total:
        return
    quads = st.query("SELECT quad_class AS q, count(*) AS n FROM events GROUP BY 1 ORDER BY 1")
    parts = [f"{QUADS.get(r['q'], r['q'])} {r['n']}" for r in quads.to_pylist()]
    out.print(f"\n[bold]Events[/]: {total} ({', '.join(parts)}); "
              f"{st.count('quotes')} quotes, {st.count('citations')} citations")
    dyads = st.query(
        "SELECT coalesce(source_country, source_actor) AS src, "
        "coalesce(target_country, target_actor) AS tgt, count(*) AS n, "
        "count(*) FILTER (WHERE quad_class <= 2) AS coop, "
        "count(*) FILTER (WHERE quad_class >= 3) AS conflict, "
        "round(avg(goldstein), 1) AS goldstein, min(event_date) AS first, "
        "max(event_date) AS last FROM events GROUP BY 1, 2 ORDER BY n DESC, src, tgt LIMIT 12"
    ).to_pylist()
    table = Table(title="Most active directed dyads", title_justify="left")
    for col in ("source", "target", "events", "coop", "conflict", "mean Goldstein", "period"):
        table.add_column(col, justify="right" if col in ("events", "coop", "conflict",
                                                         "mean Goldstein") else "left")
    for r in dyads:
        table.add_row(r["src"], r["tgt"], str(r["n"]), str(r["coop"]), str(r["conflict"]),
                      f"{r['goldstein']:+.1f}",
                      f"{(r['first'] or '?')[:4]}-{(r['last'] or '?')[:4]}")
    out.print(table)
    example = st.query(
        "SELECT source_actor, cameo_code, target_actor, event_date, sentence FROM events "
        "ORDER BY confidence DESC, event_date LIMIT 1").to_pylist()
    if example:
        e = example[0]
        out.print(f"e.g. {e['event_date']} {e['source_actor']} -[{e['cameo_code']}]-> "
                  f"{e['target_actor']}: \"{escape(e['sentence'].strip())}\"")
    _blocs_summary(st)


def _blocs_summary(st: Store) -> None:
    """One line of the system picture, so the main job ends on the structure it found."""
    from .analysis.dyads import AnalysisError
    from .analysis.system import store_system

    try:
        pic = store_system(st).picture
    except AnalysisError:
        return
    if not pic.blocs:
        return
    blocs = "; ".join(f"[{', '.join(b)}] {w:.0%}"
                      for b, w in zip(pic.blocs, pic.bloc_weights, strict=True))
    balance = "" if pic.balance is None else f", {pic.balance:.0%} of triangles balanced"
    out.print(f"\n[bold]Blocs[/] {pic.start} to {pic.end}: {blocs}; effective number of "
              f"poles {pic.poles:.2f}{balance}. See [bold]multipolar poles --plot "
              "picture.png[/].")


ActorsOpt = Annotated[
    list[Path] | None,
    typer.Option("--actors", help="Extra actor file (TSV with our columns, or a PETRARCH/"
                 "Phoenix dictionary); repeatable."),
]
WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", min=1, help="Local engine: processes for parsing (default 1). Ray engine: "
    "coder workers (default one per CPU of the cluster).", show_default=False)]


class EngineChoice(StrEnum):
    local = "local"
    ray = "ray"


EngineOpt = Annotated[EngineChoice, typer.Option(
    "--engine", help="Where to code: this machine, or a Ray cluster (pip install "
    "'multipolar[ray]').")]
AddressOpt = Annotated[str | None, typer.Option(
    "--address", help="Ray cluster to code on: auto, HOST:PORT or ray://HOST:PORT (default: "
    "start Ray on this machine).", show_default=False)]


class NerChoice(StrEnum):
    rules = "rules"
    model = "model"


NerOpt = Annotated[NerChoice, typer.Option(
    "--ner", help="People's names by proper-noun rules (fast) or by spaCy's statistical "
    "recogniser (about twice as slow).")]


def _coder(actors: list[Path] | None, ner: str = "rules"):  # noqa: ANN202 - loads spaCy lazily
    for path in actors or []:
        if not path.is_file():
            raise UsageError(f"--actors {path}: no such file")
    from .coder.nlp import ModelMissing
    from .coder.pipeline import Coder

    try:
        return Coder(actor_files=actors or [], ner=str(ner))
    except ModelMissing as exc:
        raise UsageError(str(exc)) from None


def _check_engine(engine: EngineChoice, address: str | None) -> None:
    """Refuse a Ray run Ray cannot do before anything is read or loaded."""
    if engine is EngineChoice.local:
        if address is not None:
            raise UsageError("--address is for --engine ray")
        return
    from .engines.ray_engine import EngineError, check_address, require_ray

    try:
        require_ray(local=address is None)
        if address is not None:
            check_address(address)
    except EngineError as exc:
        raise UsageError(str(exc)) from None


def _code_with_progress(st: Store, coder, workers: int | None, recode: bool,  # noqa: ANN001, ANN202
                        engine: EngineChoice = EngineChoice.local, address: str | None = None,
                        actors: list[Path] | None = None, ner: str = "rules"):
    import time

    from .coding import code_store

    label = "coding" if engine is EngineChoice.local else "starting Ray workers"
    progress = Progress(
        TextColumn("{task.fields[label]}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("documents"), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
        console=err, transient=True, disable=not err.is_terminal,
    )
    state: dict = {"task": None, "done": 0, "start": 0.0}

    def on_total(total: int) -> None:
        state["task"] = progress.add_task("code", total=total, rate="", visible=total > 0,
                                          label=label)
        state["start"] = time.perf_counter()

    def on_document(_coded: object) -> None:
        state["done"] += 1
        elapsed = max(time.perf_counter() - state["start"], 1e-6)
        progress.update(state["task"], advance=1, rate=f"{state['done'] / elapsed:.1f} docs/s")

    def on_note(note: str) -> None:
        progress.console.print(f"[yellow]note[/]: {escape(note)}")

    def on_ready(n: int) -> None:
        progress.update(state["task"], label=f"coding on {n} Ray workers")

    start = time.perf_counter()
    with progress:
        if engine is EngineChoice.ray:
            from .engines.ray_engine import CoderSpec, EngineError, code_store_ray

            try:
                summary = code_store_ray(
                    st, coder, CoderSpec.of(actors or [], str(ner)), address=address,
                    workers=workers, recode=recode, on_total=on_total,
                    on_document=on_document, on_note=on_note, on_ready=on_ready)
            except EngineError as exc:
                raise UsageError(str(exc)) from None
        else:
            summary = code_store(st, coder, workers=workers or 1, recode=recode,
                                 on_total=on_total, on_document=on_document)
    seconds = time.perf_counter() - start
    for doc_id, reason in summary.failures:
        err.print(f"[red]error[/]: document {doc_id}: {escape(reason)}")
    parts = [f"coded {summary.coded} documents", f"{summary.events} events",
             f"{summary.quotes} quotes", f"{summary.citations} citations",
             f"{summary.stories} story events in the store"]
    if summary.skipped:
        parts.append(f"skipped {summary.skipped} not in English")
    if summary.failed:
        parts.append(f"failed {summary.failed}")
    where = f" on {summary.workers} Ray workers" if engine is EngineChoice.ray else ""
    parts.append(f"{summary.documents / max(seconds, 1e-6):.1f} documents/s{where}")
    if summary.documents == 0:
        parts = ["nothing to code: every English document is coded by this coder version"]
    out.print(("[red]" if summary.failed else "[green]") + ", ".join(parts) + "[/]")
    return summary


@app.command()
def code(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Parquet or JSON Lines files, folders or URIs (s3://, gs://, any fsspec scheme) "
        "to add to the store first.", show_default=False)] = None,
    store: StoreOpt = Path(DEFAULT_STORE),
    actors: ActorsOpt = None,
    workers: WorkersOpt = None,
    recode: Annotated[bool, typer.Option("--recode", help="Recode every document.")] = False,
    ner: NerOpt = NerChoice.rules,
    engine: EngineOpt = EngineChoice.local,
    address: AddressOpt = None,
) -> None:
    """Code stored documents into events, quotes and citations (English ones not yet coded
    by this coder version), on this machine or on a Ray cluster."""
    _check_engine(engine, address)
    read_failed = 0
    if inputs:
        from .readers.tables import read_tables

        st = Store(store)
        read = read_tables(inputs, st, ReadOptions(), on_problem=_report)
        _print_read_summary(read)
        read_failed = read.failed
    else:
        st = Store(store, create=False)
    summary = _code_with_progress(st, _coder(actors, ner), workers, recode, engine, address,
                                  actors, ner)
    raise typer.Exit(1 if summary.failed or read_failed else 0)


@app.command()
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL file(s) (gold/FORMAT.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Totals only.")] = False,
    actors: ActorsOpt = None,
    ner: NerOpt = NerChoice.rules,
) -> None:
    """Code the gold documents and score the result against the gold annotations."""
    from .evaluate import GoldFormatError, format_report, load_gold, report_to_json, score
    from .predictions import prediction_of

    docs = []
    for path in gold:
        try:
            docs.extend(load_gold(path))
        except GoldFormatError as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    coder = _coder(actors, ner)
    predictions = {}
    for g in docs:
        predictions[g.id] = prediction_of(coder, coder.code(g.text, g.published, g.id))
    report = score(docs, predictions, source_normaliser=coder.source_key)
    if as_json:
        sys.stdout.write(json.dumps(report_to_json(report), ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(escape(format_report(report, verbose=not quiet)))


@app.command()
def run(
    sources: Annotated[list[str] | None, typer.Argument(
        help="Files, directories or URLs; the bundled sample corpus when none.",
        show_default=False)] = None,
    store: StoreOpt = Path(DEFAULT_STORE),
    published: PublishedOpt = None,
    publication: PublicationOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    timeout: TimeoutOpt = 10.0,
    actors: ActorsOpt = None,
    workers: WorkersOpt = None,
    ner: NerOpt = NerChoice.rules,
    engine: EngineOpt = EngineChoice.local,
    address: AddressOpt = None,
) -> None:
    """The main job: read sources (or the bundled sample), code them, and summarise."""
    from .readers.tables import is_table_input, read_tables

    _check_engine(engine, address)
    opts = _options(published, publication, max_bytes, timeout)
    inputs = sources or [str(sample_corpus())]
    if not sources:
        out.print("Reading the bundled sample corpus (paraphrased reports written for "
                  "multipolar).")
    st = Store(store)
    tables = [s for s in inputs if is_table_input(s)]
    files = [s for s in inputs if not is_table_input(s)]
    summary = _read_with_progress(files, st, opts) if files else None
    if tables:
        read = read_tables(tables, st, opts, on_problem=_report)
        if summary is None:
            summary = read
        else:
            for name in ("read", "new", "already", "failed", "warnings", "non_english"):
                setattr(summary, name, getattr(summary, name) + getattr(read, name))
    assert summary is not None
    _print_read_summary(summary)
    coded = _code_with_progress(st, _coder(actors, ner), workers, recode=False, engine=engine,
                                address=address, actors=actors, ner=ner)
    _store_summary(st)
    raise typer.Exit(1 if summary.failed or coded.failed else 0)


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


FromOpt = Annotated[str | None, typer.Option("--from", help="First date (YYYY-MM-DD).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last date (YYYY-MM-DD).")]
CountOpt = Annotated[str, typer.Option(
    "--count", help="Count story events (one per happening) or mentions (one per report).")]


@app.command()
def dyads(
    actor: Annotated[str, typer.Option("--actor", help="Actor code at dyad level (RUS, NATO).")],
    with_: Annotated[str | None, typer.Option("--with", help="Only this counterpart.")] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    by: Annotated[str, typer.Option("--by", help="day, week, month or year.")] = "month",
    fmt: Annotated[TableFormat, typer.Option("--format", help="Output format.")] = (
        TableFormat.table),
    count: CountOpt = "stories",
    events: Annotated[bool, typer.Option("--events", help="List the story events behind each "
                                         "cell, with their evidence.")] = False,
    store: StoreOpt = Path(DEFAULT_STORE),
) -> None:
    """An actor's relations with each counterpart, period by period."""
    from .analysis.dyads import AnalysisError, dyad_series

    st = Store(store, create=False)
    try:
        rows = dyad_series(st, actor, with_=with_, start=start, end=end, by=by, count=count,
                           events=events)
    except AnalysisError as exc:
        raise UsageError(str(exc)) from None
    if fmt is TableFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt is TableFormat.csv:
        import csv as csvlib

        columns = [k for k in rows[0] if k != "stories"]
        writer = csvlib.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return
    title = f"{actor.upper()} and its counterparts by {by} ({count})"
    table = Table(title=title, title_justify="left")
    heads = ["period", "with", "events", "v.coop", "m.coop", "v.confl", "m.confl", "out", "in",
             "Goldstein", "mean", "net"]
    for h in heads:
        table.add_column(h, justify="left" if h in ("period", "with") else "right")
    for r in rows:
        table.add_row(r["period"], r["counterpart"], str(r["events"]), str(r["verbal_coop"]),
                      str(r["material_coop"]), str(r["verbal_conflict"]),
                      str(r["material_conflict"]), str(r["outgoing"]), str(r["incoming"]),
                      f"{r['goldstein_sum']:+.1f}", f"{r['goldstein_mean']:+.2f}",
                      f"{r['net_cooperation']:+.2f}")
    out.print(table)
    if events:
        for r in rows:
            out.print(f"\n[bold]{r['period']} {actor.upper()}-{r['counterpart']}[/]")
            for s_ in r["stories"]:
                cite = ", ".join(x for x in (s_["title"], s_["publication"], s_["published"])
                                 if x)
                out.print(f"  {s_['date']} {s_['source']}>{s_['target']} {s_['cameo_code']} "
                          f"(mentions {s_['n_mentions']}, documents {s_['n_docs']}): "
                          f"\"{escape(s_['sentence'].strip())}\" [dim]({escape(cite)})[/]")


class BriefFormat(StrEnum):
    md = "md"
    html = "html"


@app.command()
def brief(
    actor: Annotated[str | None, typer.Option("--actor", help="Focus on one actor.")] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    fmt: Annotated[BriefFormat, typer.Option("--format", help="Markdown or HTML.")] = (
        BriefFormat.md),
    output: Annotated[str, typer.Option("-o", "--output", help="File, or - for stdout.")] = "-",
    store: StoreOpt = Path(DEFAULT_STORE),
) -> None:
    """A Monitor-style analytic brief: every sentence counted or quoted, and cited."""
    from .analysis.brief import build_brief
    from .analysis.dyads import AnalysisError

    st = Store(store, create=False)
    if actor and not st.query("SELECT 1 FROM stories WHERE source = ? OR target = ? LIMIT 1",
                              [actor.upper(), actor.upper()]).num_rows:
        raise UsageError(f"unknown actor code {actor.upper()!r}: no story events name it")
    try:
        result = build_brief(st, actor=actor, start=start, end=end)
    except AnalysisError as exc:
        raise UsageError(str(exc)) from None
    text = result.html() if fmt is BriefFormat.html else result.markdown()
    if output == "-":
        sys.stdout.write(text)
    else:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{output}: cannot write ({exc.strerror})") from None
        err.print(f"wrote the brief to {escape(output)}")


class PolesFormat(StrEnum):
    table = "table"
    json = "json"


@app.command()
def poles(
    start: FromOpt = None,
    end: ToOpt = None,
    window: Annotated[str | None, typer.Option(
        "--window", help="Window length: 90d, 12w, 3m, 1y (default: 90d over up to two years, "
        "else calendar years).")] = None,
    step: Annotated[str | None, typer.Option(
        "--step", help="Step between windows (default: 30d with 90d windows, 1y with yearly "
        "ones; a third of a given --window).")] = None,
    fmt: Annotated[PolesFormat, typer.Option("--format", help="Output format.")] = (
        PolesFormat.table),
    plot_file: Annotated[Path | None, typer.Option(
        "--plot", help="Write the network and the trend to FILE.png or FILE.svg.")] = None,
    min_events: Annotated[int | None, typer.Option(
        "--min-events", help="Fewest events a pair needs to count as a tie (default: 1 under "
        "100 dyadic events, 2 under 1,000, one more per tenfold).")] = None,
    weighting: Annotated[str, typer.Option(
        "--weighting", help="Tie score: goldstein (mean), net (cooperation share) or sum.")] = (
        "goldstein"),
    power: Annotated[Path | None, typer.Option(
        "--power", help="CSV of actor,value (e.g. CINC) to weigh blocs by power, not "
        "activity.")] = None,
    count: CountOpt = "stories",
    store: StoreOpt = Path(DEFAULT_STORE),
) -> None:
    """The system picture: blocs, structural balance and the effective number of poles."""
    from .analysis.dyads import AnalysisError
    from .analysis.poles import load_power_csv, plot
    from .analysis.system import store_system

    if plot_file is not None and plot_file.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--plot {plot_file}: the file must end in .png or .svg")
    try:
        weights = load_power_csv(power) if power is not None else None
    except ValueError as exc:
        raise UsageError(f"--power {exc}") from None
    st = Store(store, create=False)
    try:
        report = store_system(st, start=start, end=end, window=window, step=step, count=count,
                              min_events=min_events, weighting=weighting, power=weights)
    except (AnalysisError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    if plot_file is not None:
        try:
            plot(report.windows or [report.picture], plot_file, network=report.picture)
        except OSError as exc:
            raise UsageError(f"--plot {plot_file}: cannot write ({exc.strerror})") from None
        err.print(f"wrote the picture to {escape(str(plot_file))}")
    if fmt is PolesFormat.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    _print_system(report)


def _print_system(report: SystemReport) -> None:
    pic = report.picture
    balance = "n/a (no signed triangle)" if pic.balance is None else f"{pic.balance:.2f}"
    out.print(f"[bold]System picture {pic.start} to {pic.end}[/]: {pic.events} dyadic "
              f"{report.count}, {len(pic.actors)} actors with ties of at least "
              f"{report.min_events} events, {len(pic.edges)} ties")
    out.print(f"effective number of poles [bold]{pic.poles:.2f}[/] (1 / sum of squared bloc "
              f"shares of {report.weighed_by}); structural balance {balance} over "
              f"{pic.triangles} triangles; {pic.frustration} ties against the blocs")
    table = Table(title="Blocs", title_justify="left")
    for h in ("bloc", "share", "members"):
        table.add_column(h, justify="right" if h != "members" else "left",
                         no_wrap=h != "members")
    for i, (bloc, w) in enumerate(zip(pic.blocs, pic.bloc_weights, strict=True), start=1):
        table.add_row(str(i), f"{w:.0%}", ", ".join(bloc))
    out.print(table)
    if len(report.windows) > 1:
        trend = Table(title=f"Trend over {len(report.windows)} windows of "
                      f"{report.window_days} days, every {report.step_days}",
                      title_justify="left")
        for h in ("start", "end", "events", "actors", "blocs", "poles", "balance", "frustr."):
            trend.add_column(h, justify="left" if h in ("start", "end") else "right",
                             no_wrap=True, min_width=10 if h in ("start", "end") else len(h))
        for w in report.windows:
            trend.add_row(w.start, w.end, str(w.events), str(len(w.actors)), str(len(w.blocs)),
                          f"{w.poles:.2f}", "-" if w.balance is None else f"{w.balance:.2f}",
                          str(w.frustration))
        out.print(trend)


@app.command("import-gdelt")
def import_gdelt(
    files: Annotated[list[Path], typer.Argument(help="GDELT 2.0 (or 1.0) event export files.")],
    store: StoreOpt = Path(DEFAULT_STORE),
) -> None:
    """Import GDELT event files, so dyads, poles and briefs also run on GDELT data."""
    from .analysis.stories import rebuild_stories
    from .gdelt_import import import_rows
    from .interop import read_gdelt

    st = Store(store)
    failed = 0
    total = 0
    for path in files:
        if not path.is_file():
            err.print(f"[red]error[/]: {escape(str(path))}: no such file")
            failed += 1
            continue
        try:
            rows, problems = read_gdelt(path)
        except (OSError, ValueError) as exc:
            err.print(f"[red]error[/]: {escape(str(path))}: {escape(str(exc))}")
            failed += 1
            continue
        for problem in problems:
            err.print(f"[yellow]warning[/]: {escape(problem)}")
        total += import_rows(st, rows, source=str(path))
    n_stories = rebuild_stories(st) if total else st.count("stories")
    out.print(f"imported {total} GDELT events; {n_stories} story events in the store")
    raise typer.Exit(1 if failed else 0)


@app.command()
def serve(
    store: StoreOpt = Path(DEFAULT_STORE),
    host: Annotated[str, typer.Option("--host", help="Address to listen on; anything but "
                                      "loopback requires a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    token: Annotated[str | None, typer.Option(
        "--token", envvar="MULTIPOLAR_TOKEN", show_envvar=True,
        help="Access token every request must carry (Bearer header, or /?token= once in a "
        "browser).")] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Size limit of a "
                                           "document read through the API.")] = 10 * 1024 * 1024,
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI at /openapi.json, docs at /docs)."""
    from .web.app import ConfigError, create_app
    from .web.security import is_loopback

    if not is_loopback(host) and not token:
        raise UsageError(f"--host {host} is reachable from other machines: give --token or "
                         "set MULTIPOLAR_TOKEN")
    try:
        web = create_app(store, token=token, max_bytes=max_bytes)
    except ConfigError as exc:
        raise UsageError(f"--token: {exc}") from None
    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + ("?token=..." if token else "")
    err.print(f"serving {escape(str(store))} at {url} (API docs at /docs); Ctrl+C stops")
    uvicorn.run(web, host=host, port=port, log_level="warning")


def _version(value: bool) -> None:
    if value:
        out.print(f"multipolar {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Read international news into an auditable record of who did and said what to whom."""


def main() -> None:
    """Console entry point: every failure becomes one line on stderr."""
    try:
        app()  # click's standalone mode reports usage errors itself (exit 2)
    except (UsageError, StoreError) as exc:
        err.print(f"[red]error[/]: {escape(str(exc))}")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("[red]interrupted[/]: what was written before is kept; rerun to finish")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last guard against a traceback
        if os.environ.get("MULTIPOLAR_DEBUG"):
            raise
        msg = str(exc).splitlines()[0] if str(exc) else ""
        err.print(f"[red]internal error[/]: {type(exc).__name__}: {escape(msg)} "
                  "(set MULTIPOLAR_DEBUG=1 for details)")
        sys.exit(1)


if __name__ == "__main__":
    main()
