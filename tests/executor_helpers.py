"""Data and helpers of the query executor tests: a store of people and graphs, async helpers."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from graph.query.executor import (
    QueryExecutor,
    QueryOutcome,
)

EX = "http://example.org/"
GRAPHS = [f"{EX}graph/{n}" for n in range(5)]
PEOPLE = f"{EX}graph/people"
PER_GRAPH = 600
#: Counts every solution of a 3-way cross join (about 2.7e10): runs for hours, in constant memory.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: Streams a first chunk at once, then keeps going (millions of rows).
LONG = "SELECT ?a ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f }"
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
OX_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
ODD_LITERALS = [
    ox.Literal('comma, "quote"\nnew line\ttab'),
    ox.Literal(" padded "),
    ox.Literal("chat", language="fr"),
    ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ox.Literal("2.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
    ox.Literal("2020-01-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
    ox.Literal("<b>&amp;</b> 'x' é €"),
]

T = TypeVar("T")


def run(coroutine: Awaitable[T]) -> T:
    async def main() -> T:
        return await coroutine

    return asyncio.run(main())


def fill(store: ox.Store) -> None:
    p, name, typ = ox.NamedNode(f"{EX}p"), ox.NamedNode(f"{EX}name"), ox.NamedNode(f"{EX}type")
    quads = [
        ox.Quad(ox.NamedNode(f"{EX}r{g}-{i}"), p, ox.Literal(f"value {g}-{i}"), ox.NamedNode(graph))
        for g, graph in enumerate(GRAPHS)
        for i in range(PER_GRAPH)
    ]
    for i in range(50):
        person = ox.NamedNode(f"{EX}person/{i:02d}")
        quads.append(ox.Quad(person, typ, ox.NamedNode(f"{EX}Person"), ox.NamedNode(PEOPLE)))
        quads.append(ox.Quad(person, name, ODD_LITERALS[i % len(ODD_LITERALS)], ox.NamedNode(PEOPLE)))
    quads.append(ox.Quad(ox.BlankNode("b1"), name, ox.Literal("in the default graph"), ox.DefaultGraph()))
    store.extend(quads)


async def fetch(
    executor: QueryExecutor, query: str, result_format: str, **options: Any
) -> tuple[QueryOutcome, bytes]:
    outcome = await executor.run(query, result_format=result_format, **options)
    return outcome, await outcome.chunks.read()


def count(executor: QueryExecutor, query: str, **options: Any) -> int:
    _, body = run(fetch(executor, query, "application/sparql-results+json", **options))
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def gone(pid: int, within: float = 1.0) -> bool:
    """The process has exited and was reaped (or is a zombie about to be)."""
    stop = time.monotonic() + within
    while time.monotonic() < stop:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":
            return True
        time.sleep(0.02)
    return False
