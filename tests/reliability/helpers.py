"""Helpers of the reliability tests: read a store directory after a run, validate it, count its graphs.

The stores are read straight from disk with pyoxigraph (read-only), never through the service that
wrote them, so a check cannot pass because the service answers from a cache.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import httpx
import pyoxigraph as ox

from graph.store.shared_version import VERSION_PREFIX
from graph.validation.full import ValidationReport
from graph.validation.whole import MergedData, validate_merged

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"
EUUS = str(Path(sys.executable).with_name("euus"))
TOKEN = "reliability-token-0123456789"  # noqa: S105 - the token of throwaway services
AUTH = {"Authorization": f"Bearer {TOKEN}"}
_FACT_GRAPH = """@prefix euus: <https://w3id.org/euus-kg/ontology#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{graph}> a euus:FactGraph ; dct:title "{title}"@en ;
    prov:wasDerivedFrom <https://w3id.org/euus-kg/id/source/2018-03-01-eu-us-jha-senior-officials-sofia> ;
    dct:created "2026-12-07"^^xsd:date .
"""


def fact_graph(graph: str, title: str) -> str:
    """Turtle of a graph that conforms on its own: a fact graph (4 triples) with ``title``."""
    return _FACT_GRAPH.format(graph=graph, title=title)


def put_turtle(client: httpx.Client, graph: str, turtle: str) -> httpx.Response:
    """A Graph Store ``PUT`` of ``turtle`` into ``graph``, with the write token."""
    headers = {**AUTH, "Content-Type": "text/turtle"}
    return client.put("/store", params={"graph": graph}, content=turtle, headers=headers)


def benchmark_module(name: str) -> ModuleType:
    """A module of benchmarks/ (they import each other by plain name, so that folder goes on the path)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


@contextmanager
def read_only(path: Path) -> Iterator[ox.Store]:
    """The store at ``path`` opened read-only (it must not be held by a process that writes it)."""
    store = ox.Store.read_only(str(path))
    try:
        yield store
    finally:
        del store


def graph_size(store: ox.Store, graph: str) -> int:
    """Triples in the named graph ``graph`` (0 when it does not exist)."""
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def subject_triples(store: ox.Store, subject: str) -> int:
    """Triples about ``subject`` in any graph."""
    return sum(1 for _ in store.quads_for_pattern(ox.NamedNode(subject), None, None, None))


def validate_store(store: ox.Store) -> ValidationReport:
    """Validate every quad of ``store`` against the shapes, as ``euus load`` validates a whole dataset.

    The data-version graph a remote store keeps for the API processes (``graph.store.shared_version``)
    is bookkeeping, not data: the library leaves it out of every read, and so does this.
    """
    merged = MergedData()
    merged.add_quads(
        quad
        for quad in store.quads_for_pattern(None, None, None, None)
        if not (
            isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value.startswith(VERSION_PREFIX)
        )
    )
    return validate_merged(merged.finish())


def nquads(store: ox.Store) -> set[str]:
    """Every quad as an N-Quads line (no blank nodes in these tests' data other than the shipped ones)."""
    return {str(quad) for quad in store.quads_for_pattern(None, None, None, None)}
