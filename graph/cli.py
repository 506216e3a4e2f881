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
from graph.export import EXPORT_FORMATS

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
    from graph.build import build_dataset
    from graph.export import serialize
    from graph.report import render_text
    from graph.validate import validate_dataset

    dataset = _or_exit(build_dataset)
    report = validate_dataset(dataset)
    if not report.conforms:
        click.echo(render_text(report), err=True)
        sys.exit(EXIT_INVALID)
    _write(serialize(dataset, fmt), output)
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
def validate(files: tuple[Path, ...], fmt: str) -> None:
    """Validate the shipped data, or FILES together with the model and reference data.

    Exit code 0 when the data conforms (warnings allowed), 1 on violations, 2 when a file cannot be read.
    """
    from graph.build import add_user_files, build_dataset, context_dataset
    from graph.report import render_text
    from graph.validate import validate_dataset

    def load() -> Any:
        if not files:
            return build_dataset()
        dataset = context_dataset()
        add_user_files(dataset, files)
        return dataset

    report = validate_dataset(_or_exit(load))
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2))
    elif fmt == "turtle":
        click.echo(report.graph.serialize(format="turtle"))
    else:
        click.echo(render_text(report))
    sys.exit(EXIT_OK if report.conforms else EXIT_INVALID)


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), required=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout).",
)
def export(fmt: str, output: Path | None) -> None:
    """Export the shipped dataset. Turtle and N-Triples hold the union of all graphs."""
    from graph.build import build_dataset
    from graph.export import serialize

    _write(serialize(_or_exit(build_dataset), fmt), output)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(fmt: str) -> None:
    """Count resources per class, meetings per topic and meetings per presidency."""
    from graph.build import build_dataset
    from graph.checks import oxigraph_store
    from graph.stats import collect_stats

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
    from graph.report import compact

    for name, rows in figures.items():
        click.echo(f"\n{name}:")
        for row in rows:
            click.echo(f"  {row['count']:>6}  {row.get('label') or compact(row['key'])}")
