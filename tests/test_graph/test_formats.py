"""The one format table: no other module of ``graph`` or ``api`` spells an RDF or results media type,
and ``euus export --format`` and the service's ``format=`` take the same names for the same format.
"""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest

from api.negotiation import GRAPH_FORMATS, negotiate
from api.routers.graph_store import DUMP_FORMATS as STORE_DUMPS
from api.routers.graph_store import TRIPLE_FORMATS
from graph import formats
from graph.cli import main
from graph.errors import NotAcceptable

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "graph" / "formats.py"
#: The media types of every RDF and results format of the table (not HTML, not generic JSON or text).
RDF_MEDIA_TYPES = {
    fmt.media_type for fmt in (*formats.FORMATS, *formats.RDF_FORMATS) if fmt.carries != "page"
}


def media_type_literals(source: str, media_types: set[str]) -> list[tuple[int, str]]:
    """(line, text) of each string constant that is one of ``media_types`` (parameters ignored)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        text = node.value if isinstance(node, ast.Constant) else None
        if isinstance(text, str) and text.split(";")[0].strip().lower() in media_types:
            found.append((node.lineno, text))
    return found


def test_the_table_knows_the_rdf_and_results_media_types() -> None:
    assert {"text/turtle", "application/n-quads", "application/sparql-results+json"} <= RDF_MEDIA_TYPES
    assert "text/html" not in RDF_MEDIA_TYPES


def test_a_media_type_spelled_out_is_found() -> None:
    source = 'ACCEPT = "text/turtle; charset=utf-8"\n"""Docs name text/turtle in prose."""\nx = f"{1}"\n'
    assert media_type_literals(source, RDF_MEDIA_TYPES) == [(1, "text/turtle; charset=utf-8")]


def test_only_the_format_table_spells_rdf_and_results_media_types() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for package in ("graph", "api")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != TABLE
        for line, text in media_type_literals(path.read_text(encoding="utf-8"), RDF_MEDIA_TYPES)
    ]
    assert offenders == [], "look these up in graph/formats.py instead:\n" + "\n".join(offenders)


def export_names() -> list[str]:
    """The choices of ``euus export --format``, read from the command itself."""
    export = main.commands["export"]
    option = next(p for p in export.params if p.name == "fmt_name")
    assert isinstance(option.type, click.Choice)
    return [str(choice) for choice in option.type.choices]


def test_export_format_names_come_from_the_dump_formats() -> None:
    names = export_names()
    assert {fmt.name for fmt in formats.DUMP_FORMATS} <= set(names)
    for name in names:
        assert formats.find_format(name, formats.DUMP_FORMATS).matches(name)


@pytest.mark.parametrize("name", export_names())
def test_every_export_name_is_a_service_format_name_for_the_same_format(name: str) -> None:
    exported = formats.find_format(name, formats.DUMP_FORMATS)
    # whole datasets from /store, one graph from /store?graph= and CONSTRUCT results from /sparql
    for table in (STORE_DUMPS, TRIPLE_FORMATS, GRAPH_FORMATS):
        if any(fmt.media_type == exported.media_type for fmt in table):
            assert negotiate(table, None, name).media_type == exported.media_type


@pytest.mark.parametrize(
    "table", [STORE_DUMPS, TRIPLE_FORMATS, GRAPH_FORMATS], ids=["dump", "graph", "construct"]
)
def test_every_service_name_of_an_exported_format_is_an_export_name(
    table: tuple[formats.Format, ...],
) -> None:
    names = export_names()
    exported = {fmt.media_type for fmt in formats.DUMP_FORMATS}
    for fmt in table:
        for name in fmt.names if fmt.media_type in exported else ():
            assert name in names, (
                f"format={name} gives {fmt.media_type} from the service, not from euus export"
            )


def test_a_name_the_service_does_not_know_is_not_acceptable() -> None:
    with pytest.raises(NotAcceptable) as caught:
        negotiate(STORE_DUMPS, None, "rdfxml")
    assert "nquads" in str(caught.value) and "application/trig" in str(caught.value)
