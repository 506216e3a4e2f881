"""The ``euus`` command: a thin layer over the library. Exit codes: 0 ok, 1 invalid data, 2 error."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.errors import EuusError
from graph.formats import DUMP_FORMATS, accepted_names
from graph.validation.engine import ENGINES

T = TypeVar("T")

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


def _or_exit(action: Callable[[], T]) -> T:
    """Run ``action``; turn a domain error into a message on stderr and exit code 2."""
    try:
        return action()
    except EuusError as error:
        click.echo(f"euus: error: {error}", err=True)
        sys.exit(EXIT_ERROR)


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        click.echo(f"euus: error: cannot write {output}: {error.strerror}", err=True)
        sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="euus-kg")
def main() -> None:
    """euus-kg: the knowledge graph of EU-US cooperation in justice and home affairs."""
    # rdflib logs a traceback for every ill-typed literal ("2018-02-30"^^xsd:date); validation reports
    # those to the user in its own words, so the traceback is noise.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


@main.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout).",
)
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads"]), default="trig", show_default=True)
def build(output: Path | None, fmt: str) -> None:
    """Assemble ontology, topics, reference data and sources into one validated dataset."""
    from graph.dataset.build import build_dataset
    from graph.dataset.export import dataset_store, dump_bytes
    from graph.formats import find_format
    from graph.validation.full import validate_dataset
    from graph.validation.report import render_text

    dataset = _or_exit(build_dataset)
    report = validate_dataset(dataset)
    if not report.conforms:
        click.echo(render_text(report), err=True)
        sys.exit(EXIT_INVALID)
    store = dataset_store(dataset.quads((None, None, None, None)))
    try:
        _write(dump_bytes(store, find_format(fmt, DUMP_FORMATS)), output)
    finally:
        store.close()
    if output is not None:
        click.echo(
            f"Wrote {len(dataset)} quads in {len(list(dataset.graphs())) - 1} graphs to {output}",
            err=True,
        )


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="auto",
    show_default=True,
    help="SHACL engine: pyshacl-turbo where installed (auto), or pySHACL, the reference.",
)
def validate(files: tuple[Path, ...], fmt: str, engine: str) -> None:
    """Validate the shipped data, or FILES together with it.

    A file that describes a shipped fact graph (an edited copy of a shipped source) replaces that graph.

    Exit code 0 when the data conforms (warnings allowed), 1 on violations, 2 when a file cannot be read.
    """
    from graph.resources import shipped_files
    from graph.validation.report import render_text
    from graph.validation.whole import MergedData, validate_merged

    def load() -> Any:
        merged = MergedData()
        for path in files:
            merged.add_file(path)
        replaced = merged.described_fact_graphs()
        merged.add_data_files(f for f in shipped_files() if str(f.graph) not in replaced)
        return merged.finish()

    report = _or_exit(lambda: validate_merged(_or_exit(load), engine=engine))
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2))
    elif fmt == "turtle":
        click.echo(report.graph.serialize(format="turtle"))
    else:
        click.echo(render_text(report))
    sys.exit(EXIT_OK if report.conforms else EXIT_INVALID)


@main.command()
@click.option("--format", "fmt_name", type=click.Choice(accepted_names(DUMP_FORMATS), case_sensitive=False),
              default=None, help="Dump format: nq, trig, ttl, nt, jsonld (or nquads, turtle, "
              "ntriples, json-ld). Required unless --directory, which writes every format if "
              "it is left out.")  # fmt: skip
@click.option("--graph", default=None, help="Only this named graph: its id (e.g. topics) or its IRI.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: stdout).")  # fmt: skip
@click.option("--directory", "-d", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the dump layout of the service: dataset.<ext> and graphs/<id>.<ext>.")  # fmt: skip
@click.option("--store", "store_path", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=None, help="Export this embedded store instead of the shipped dataset.")  # fmt: skip
@click.option("--endpoint", default=None, help="Export this remote SPARQL 1.1 server instead.")
def export(fmt_name: str | None, graph: str | None, output: Path | None, directory: Path | None,
           store_path: Path | None, endpoint: str | None) -> None:  # fmt: skip
    """Dump the shipped dataset (or a store) as the service does at /export.

    The quad formats (nq, trig, jsonld) keep the named graphs; ttl and nt hold the union of all graphs.
    """
    from graph.dataset.export import export_files, graph_iri, write_dump
    from graph.formats import find_format

    if fmt_name is None and directory is None:
        click.echo("euus: error: give --format, or --directory to write every format", err=True)
        sys.exit(EXIT_ERROR)
    if output is not None and directory is not None:
        click.echo("euus: error: give --output or --directory, not both", err=True)
        sys.exit(EXIT_ERROR)
    formats = DUMP_FORMATS if fmt_name is None else (find_format(fmt_name, DUMP_FORMATS),)
    store = _or_exit(lambda: _export_source(store_path, endpoint))
    try:
        graphs = None if graph is None else [graph_iri(graph)]
        if directory is not None:
            for path in _or_exit(lambda: export_files(store, directory, formats, graphs=graphs)):
                click.echo(f"Wrote {path}", err=True)
            return
        target = output.open("wb") if output is not None else sys.stdout.buffer
        try:
            _or_exit(lambda: write_dump(store, formats[0], target, graph=graphs[0] if graphs else None))
        finally:
            if output is not None:
                target.close()
            else:
                target.flush()
    except OSError as error:
        click.echo(f"euus: error: cannot write: {error}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        store.close()


def _export_source(store_path: Path | None, endpoint: str | None) -> Any:
    from graph.namespaces import PREFIXES
    from graph.store import open_store

    if store_path is not None or endpoint is not None:
        return open_store(path=str(store_path) if store_path else None, endpoint=endpoint, prefixes=PREFIXES)
    from graph.dataset.build import build_dataset
    from graph.dataset.export import dataset_store

    return dataset_store(build_dataset().quads((None, None, None, None)))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(fmt: str) -> None:
    """Count resources per class, meetings per topic and meetings per presidency."""
    from graph.dataset.build import build_dataset
    from graph.validation.checks import oxigraph_store
    from graph.views.stats import collect_stats

    store = oxigraph_store(_or_exit(build_dataset))

    def run_select(query: str) -> Iterator[dict[str, str]]:
        solutions = store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        for row in solutions:  # type: ignore[union-attr]
            yield {n: row[n].value for n in names if row[n] is not None}

    figures = collect_stats(run_select)
    if fmt == "json":
        click.echo(json.dumps(figures, indent=2))
        return
    from graph.validation.report import compact

    for name, rows in figures.items():
        click.echo(f"\n{name}:")
        for row in rows:
            click.echo(f"  {row['count']:>6}  {row.get('label') or compact(row['key'])}")


@main.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))  # fmt: skip
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Embedded store to load into (created if missing, with the shipped data).")  # fmt: skip
@click.option("--endpoint", default=None,
              help="Or a remote SPARQL server's base URL (its engine is detected).")  # fmt: skip
@click.option("--graph", default=None, help="Named graph for the triples of triple formats (default graph).")
@click.option("--trust", is_flag=True, help="Skip the shapes: load the files as they are (a dump of ours).")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True, help="SHACL engine.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="How a refused load's report is printed (json: on stdout).")  # fmt: skip
def load(files: tuple[Path, ...], store_path: Path | None, endpoint: str | None, graph: str | None,
         trust: bool, engine: str, fmt: str) -> None:  # fmt: skip
    """Bulk-load RDF files into an embedded or a remote store, through the write guard, with a progress bar.

    A remote store gets each file as one Graph Store POST, or as INSERT DATA updates of a few thousand
    quads (Virtuoso); both leave stored quads as they are, so running an interrupted load again
    completes it (blank nodes excepted). Other API processes on the store see the new data version.

    The store with the files added is validated against the shapes first, as every write is; if it
    does not conform, nothing is loaded (exit 1, with the report). --trust skips that check and says
    so. All the files go in one transaction: a crash or kill leaves none of them or all of them.
    Exit 0 when loaded, 2 when a file cannot be read.
    """
    from rich.console import Console  # here, not at the top: euus serve does not wait for rich (issue 10)
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn

    from graph.errors import ValidationFailed
    from graph.validation.report import render_text

    total_bytes = sum(path.stat().st_size for path in files)
    columns = ("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
               TransferSpeedColumn(), TimeRemainingColumn())  # fmt: skip
    if (store_path is None) == (endpoint is None):
        raise click.UsageError("give --store DIR or --endpoint URL (one of them)")
    store, guard = _open_with_shipped(store_path, endpoint, engine)
    try:
        if trust:
            click.echo("--trust: the files are loaded without validation against the shapes", err=True)
        else:
            click.echo(f"validating the store with the files added ({guard.engine} engine)...", err=True)
        with Progress(*columns, transient=False, console=Console(stderr=True)) as bar:
            task = bar.add_task("loading", total=total_bytes)

            def advance(read_in_file: int) -> None:
                bar.update(task, completed=read_in_file)

            try:
                result = guard.load_files(files, graph=graph, validate=not trust, progress=advance)
            except ValidationFailed as error:
                bar.stop()
                if fmt == "json":
                    click.echo(json.dumps(error.report.to_json(), indent=2))
                else:
                    click.echo(render_text(error.report), err=True)
                click.echo(f"euus: nothing was loaded: {error}", err=True)
                sys.exit(EXIT_INVALID)
            except EuusError as error:
                bar.stop()
                click.echo(f"euus: error: {error}", err=True)
                sys.exit(EXIT_ERROR)
            bar.update(task, completed=total_bytes)
    finally:
        store.close()
    checked = "not validated (--trust)" if trust else "validated"
    click.echo(
        f"Loaded {result.added} quads from {len(files)} file(s) into {store_path or endpoint}, {checked}",
        err=True,
    )


def _open_with_shipped(store_path: Path | None, endpoint: str | None, engine: str) -> tuple[Any, Any]:
    """Open a store and give it the shipped graphs (missing or outdated ones) through its guard."""
    from graph.namespaces import PREFIXES
    from graph.store import open_store
    from graph.write.guard import WriteGuard
    from graph.write.loading import ensure_shipped

    if store_path is not None:
        store_path.mkdir(parents=True, exist_ok=True)
    store = _or_exit(
        lambda: open_store(path=str(store_path) if store_path else None, endpoint=endpoint, prefixes=PREFIXES)
    )
    guard = WriteGuard(store, engine=engine)
    status = _or_exit(lambda: ensure_shipped(store, guard))
    if status.added or status.updated:
        click.echo(status.describe(), err=True)
    return store, guard


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Extract and validate only; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["json", "turtle"]), default="json", show_default=True,
              help="json: one summary per document; turtle: the extracted facts as TriG.")  # fmt: skip
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Embedded store to commit into (if a server holds it: POST /api/ingest).")  # fmt: skip
@click.option("--endpoint", default=None, help="Query URL of a remote SPARQL 1.1 server to commit into.")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True, help="SHACL engine.")
def ingest(
    inputs: tuple[Path, ...],
    dry_run: bool,
    fmt: str,
    store_path: Path | None,
    endpoint: str | None,
    engine: str,
) -> None:
    """Turn press releases (text files, or folders of .txt files) into validated facts with provenance.

    Prints a JSON array with one summary per document, in input order. Without --dry-run, each
    document is merged with what the store knows and committed through the write guard, as
    ``POST /api/ingest`` does (a document already stored changes nothing: "already present").
    Exit code 0 when every document conforms, 1 when some do not (they are not written), 2 on errors.
    """
    from rich.console import Console
    from rich.progress import Progress

    files = [p for path in inputs for p in (sorted(path.rglob("*.txt")) if path.is_dir() else [path])]
    if not files:
        click.echo("euus: error: no .txt files in the inputs", err=True)
        sys.exit(EXIT_ERROR)
    if not dry_run and store_path is None and endpoint is None:
        click.echo("euus: error: give --store DIR or --endpoint URL to commit into, or --dry-run", err=True)
        sys.exit(EXIT_ERROR)

    def documents() -> Iterator[tuple[str, str]]:
        for path in files:
            try:
                yield str(path), path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                click.echo(f"euus: error: cannot read {path}: {error}", err=True)
                sys.exit(EXIT_ERROR)

    store = None
    if dry_run:
        from graph.ingest.commit import IngestValidator
        from graph.ingest.lexicon import load_lexicon, model_and_reference
        from graph.ingest.pipeline import iter_ingest

        context = model_and_reference()
        results: Iterator[Any] = iter_ingest(
            documents(), lexicon=load_lexicon(context), validator=IngestValidator(context)
        )
    else:
        from graph.ingest.service import StoreIngest

        store, guard = _open_with_shipped(store_path, endpoint, engine)
        results = StoreIngest(guard).ingest(documents(), write=True)
    summaries, trig = [], []
    all_conform = True
    try:
        with Progress(transient=True, disable=len(files) < 5, console=Console(stderr=True)) as bar:
            task = bar.add_task("ingesting", total=len(files))
            for result in _or_exit(lambda: list(results)):
                summary = result.summary()
                summaries.append(summary)
                all_conform &= result.report.conforms
                for conflict in summary.get("conflicts", []):
                    click.echo(
                        f"euus: {summary.get('file', '')}: not stored: {conflict.get('message')}", err=True
                    )
                if fmt == "turtle":
                    trig.append(result.extraction.dataset().serialize(format="trig"))
                bar.advance(task)
    finally:
        if store is not None:
            store.close()
    click.echo(json.dumps(summaries, indent=2, ensure_ascii=False) if fmt == "json" else "\n".join(trig))
    sys.exit(EXIT_OK if all_conform else EXIT_INVALID)


from graph.store.backup_cli import backup, restore  # noqa: E402 - it reads the exit codes above

main.add_command(backup)
main.add_command(restore)
