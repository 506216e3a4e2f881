"""The SHACL engines: pyshacl-turbo (the default) and pySHACL (the reference, or the fallback).

pyshacl-turbo is a Rust engine with pySHACL's API. On our shapes it gives the same results as pySHACL
(``tests/test_validation_engines.py`` compares them on every shape fixture and on generated data) and
validates the shipped data in about 0.07 s against pySHACL's 2 s. Where no wheel of it can be
installed, :func:`default_engine` falls back to pySHACL and says so in the log.

Both engines take the data either as an rdflib graph or as a pyoxigraph store (whose default graph is
then the data graph); both are given the shapes once and return the SHACL report graph.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, Protocol

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import InvalidInput
from graph.store.terms import ToRdflib

__all__ = [
    "ENGINES",
    "EngineName",
    "NQuadsData",
    "ShapesEngine",
    "default_engine",
    "make_engine",
    "turbo_available",
]

log = logging.getLogger("euus.validation")

EngineName = Literal["turbo", "pyshacl"]
#: The engine names the CLI and the settings accept; ``auto`` is turbo where it is installed.
ENGINES: tuple[str, ...] = ("auto", "turbo", "pyshacl")


@dataclass(frozen=True)
class NQuadsData:
    """Data already written as N-Quads (default graph only), as pyoxigraph writes a store's dump.

    The guard keeps its context written once and appends a write's neighbourhood: pyshacl-turbo reads
    a store by dumping it whole, which cost ~2-6 ms a check for the same text each time (issue 13).
    """

    text: str


#: Data the engines accept: an rdflib graph, a pyoxigraph store (its default graph), or N-Quads.
Data = Graph | ox.Store | NQuadsData


class ShapesEngine(Protocol):
    """Validates data against shapes it was given once; returns the SHACL validation report graph."""

    name: str

    def run(self, data: Data, *, focus_nodes: list[Any] | None = None) -> Graph:
        """Validate ``data`` (only ``focus_nodes`` among the shapes' targets, when given)."""
        ...


@cache
def turbo_available() -> bool:
    """True when the pyshacl-turbo wheel imports on this platform."""
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return False
    return True


def default_engine() -> EngineName:
    """``turbo`` where it is installed, else ``pyshacl`` (logged once)."""
    if turbo_available():
        return "turbo"
    _log_fallback()
    return "pyshacl"


@cache
def _log_fallback() -> None:
    log.warning("pyshacl-turbo is not installed for this platform: validating with pySHACL (slower)")


def resolve(name: str | None) -> EngineName:
    """The engine a name selects (``None`` and ``auto``: :func:`default_engine`).

    Raises:
        InvalidInput: an unknown name, or ``turbo`` where it is not installed.
    """
    if name in (None, "auto"):
        return default_engine()
    if name == "pyshacl":
        return "pyshacl"
    if name == "turbo":
        if not turbo_available():
            raise InvalidInput(
                "the SHACL engine 'turbo' (pyshacl-turbo) is not installed here; use 'pyshacl'"
            )
        return "turbo"
    raise InvalidInput(f"unknown SHACL engine {name!r} (known: {', '.join(ENGINES)})")


def make_engine(shapes: Graph, name: str | None = None) -> ShapesEngine:
    """An engine for ``shapes`` (which it owns from now on: pySHACL writes into its shapes graph)."""
    if resolve(name) == "turbo":
        return TurboEngine(shapes)
    return PyshaclEngine(shapes)


class TurboEngine:
    """pyshacl-turbo with the shapes compiled once; the compiled program is safe to share."""

    name = "turbo"

    def __init__(self, shapes: Graph) -> None:
        import pyshacl_turbo

        self._program = pyshacl_turbo.compile_shapes(shapes, advanced=True)

    def run(self, data: Data, *, focus_nodes: list[Any] | None = None) -> Graph:
        """Validate ``data`` with the compiled shapes (warnings and infos do not fail it)."""
        if focus_nodes is not None and not focus_nodes:
            return _empty_report()
        source: Any = data
        if isinstance(data, NQuadsData):
            from pyshacl_turbo.rdf import Input

            # what pyshacl-turbo makes of a pyoxigraph store itself (``rdf.input_graph``), minus the dump
            source = Input(data.text, "oxigraph-nquads", None, {}, preserve_ids=True)
        _, report, _ = self._program.validate(
            source, allow_warnings=True, allow_infos=True, focus_nodes=focus_nodes
        )
        assert isinstance(report, Graph)  # noqa: S101 - the engine returns an rdflib report graph
        return report


class PyshaclEngine:
    """pySHACL, the reference engine: it writes into the shapes graph, so one caller at a time."""

    name = "pyshacl"

    def __init__(self, shapes: Graph) -> None:
        self._shapes = shapes
        self._lock = threading.Lock()
        from graph.sparql import cache as sparql_cache  # rdflib's SPARQL engine: only pySHACL needs it

        sparql_cache.install()

    def run(self, data: Data, *, focus_nodes: list[Any] | None = None) -> Graph:
        """Validate ``data`` with pySHACL in advanced mode, no inference."""
        from pyshacl import validate

        if focus_nodes is not None and not focus_nodes:
            return _empty_report()
        if isinstance(data, NQuadsData):
            store = ox.Store()
            store.bulk_extend(ox.parse(data.text, ox.RdfFormat.N_QUADS))  # keeps blank node labels
            data = store
        graph = data if isinstance(data, Graph) else store_as_graph(data)
        with self._lock:
            _, report, _ = validate(
                graph,
                shacl_graph=self._shapes,
                inference="none",
                advanced=True,
                allow_warnings=True,
                allow_infos=True,
                abort_on_first=False,
                focus_nodes=focus_nodes,
            )
        assert isinstance(report, Graph)  # noqa: S101 - pyshacl returns a Graph unless asked not to
        return report


def store_as_graph(store: ox.Store) -> Graph:
    """The default graph of a pyoxigraph store as an rdflib graph (for pySHACL)."""
    graph = Graph()
    convert = ToRdflib()
    graph.addN(
        (convert(q.subject), convert(q.predicate), convert(q.object), graph)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    )
    return graph


def _empty_report() -> Graph:
    from rdflib import RDF, BNode, Literal
    from rdflib.namespace import SH

    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(True)))
    return report
