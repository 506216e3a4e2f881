"""Incremental SHACL validation of a write: only the nodes it can change, on a small data graph.

Validating the whole store after each write would cost seconds at a million quads; a write touches a
handful of nodes. The data of a check is a cached *context* (the model and reference graphs, read
from the store, with their ``sd:NamedGraph`` markers) plus the post-write neighbourhood of the nodes
the write can change (:mod:`graph.validation.scope`). The neighbourhood is put into the context for the
time of the check and taken out again (triples the write removes are hidden likewise), so the
context is never copied. The engines read their data graph whole at each check: they get only the
triples whose predicate some shape can read (``ShapeReach.readable``).

The check uses only the engines' public API (:mod:`graph.validation.engine`): the data, and the
nodes in scope as ``focus_nodes``. Its verdict equals a full validation of the dataset after the
write: ``tests/test_guard_equals_full.py`` applies every shape fixture as a write and compares.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, URIRef

from graph.namespaces import SD
from graph.resources import MODEL_GRAPHS, model_files, reference_files
from graph.store import Store
from graph.store.changes import Delta
from graph.store.reader import select, sparql_term
from graph.store.terms import to_ox_term
from graph.validation.engine import NQuadsData, make_engine, resolve
from graph.validation.full import ValidationReport, label_of, load_shapes, validate_graph
from graph.validation.scope import write_scope
from graph.validation.shape_reach import ShapeReach
from graph.validation.targets import TargetIndex

__all__ = ["ValidationContext", "validate_delta"]

Triple = tuple[Any, Any, Any]


class ValidationContext:
    """What incremental validation keeps between writes to one store.

    Args:
        shapes: the shapes graph (default: :func:`graph.validation.full.load_shapes`); owned from now on.
        context_graphs: graphs always in the data graph (default: model and reference graphs).
        engine: the SHACL engine (``turbo``, ``pyshacl``, ``auto``/``None``).

    The context is read from the store when first needed and again after :meth:`invalidate`, which
    the guard calls when a committed write touched one of the context graphs.
    """

    def __init__(
        self,
        *,
        shapes: Graph | None = None,
        context_graphs: Iterable[str] | None = None,
        engine: str | None = None,
    ) -> None:
        owned = shapes if shapes is not None else load_shapes()
        self.reach = ShapeReach.from_shapes(owned)
        self.targets = TargetIndex(owned)
        self.engine_name = resolve(engine)
        self.engine = make_engine(owned, self.engine_name)
        names = context_graphs or [str(f.graph) for f in model_files() + reference_files()]
        self.context_graphs = frozenset(URIRef(g) for g in names)
        self.model_graphs = frozenset(g for g in self.context_graphs if g.rsplit("/", 1)[-1] in MODEL_GRAPHS)
        self.generation = 0
        self.lock = threading.RLock()
        self._graph: Graph | None = None
        self._data: ox.Store | None = None  # the same triples, as the engines read them fastest
        self._text = ""  # ``_data`` written as N-Quads, for pyshacl-turbo (which would dump it each time)
        self._store: weakref.ref[Store] | None = None  # the store the context was read from
        self._model_terms: frozenset[Any] = frozenset()

    def invalidate(self) -> None:
        """Forget the context; it is read again from the store at the next validation."""
        with self.lock:
            self.generation += 1
            self._graph = None
            self._data = None
            self._text = ""

    def note_commit(self, delta: Delta) -> None:
        """Take note of a committed write (invalidates the context if it touched a context graph)."""
        if delta.graphs() & self.context_graphs:
            self.invalidate()

    def graph(self, store: Store) -> Graph:
        """The context as an rdflib graph (read from ``store`` if not cached)."""
        with self.lock:
            self._read(store)
            assert self._graph is not None  # noqa: S101 - _read fills it
            return self._graph

    def data(self, store: Store) -> ox.Store:
        """The context's triples a shape can read (:meth:`readable`), in a pyoxigraph store."""
        with self.lock:
            self._read(store)
            assert self._data is not None  # noqa: S101 - _read fills it
            return self._data

    def text(self, store: Store) -> str:
        """:meth:`data` written as N-Quads (what pyshacl-turbo reads)."""
        with self.lock:
            self._read(store)
            return self._text

    def _read(self, store: Store) -> None:
        if self._graph is not None and self._store is not None and self._store() is store:
            return
        graph, model_terms = Graph(), set()
        values = " ".join(sparql_term(g) for g in sorted(self.context_graphs))
        text = f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        filled = set()
        for row in select(store, text):
            graph.add((row["s"], row["p"], row["o"]))
            filled.add(row["g"])
            if row["g"] in self.model_graphs:
                model_terms.add(row["s"])
        for name in filled:
            graph.add((name, RDF.type, SD.NamedGraph))
        # The engines read the data whole at each check (~10 us a triple): they get only the triples
        # a shape can read (labels in other languages, definitions and notes are half the context).
        data = ox.Store()
        data.bulk_extend(_ox_quad(t) for t in graph if self.readable(t))
        self._graph, self._data, self._model_terms = graph, data, frozenset(model_terms)
        self._text = _nquads(data) if self.engine_name == "turbo" else ""
        self._store = weakref.ref(store)

    def readable(self, triple: Triple) -> bool:
        """Whether some shape can read ``triple`` (by its predicate: :attr:`ShapeReach.readable`)."""
        return self.reach.readable is None or triple[1] in self.reach.readable

    @property
    def model_terms(self) -> frozenset[Any]:
        """Subjects described in the model graphs (classes, properties, concepts)."""
        return self._model_terms


def _nquads(quads: Iterable[ox.Quad]) -> str:
    return (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").decode()


def _ox_quad(triple: Triple) -> ox.Quad:
    s, p, o = triple
    return ox.Quad(to_ox_term(s), to_ox_term(p), to_ox_term(o), ox.DefaultGraph())


def validate_delta(store: Store, delta: Delta, *, context: ValidationContext) -> ValidationReport:
    """Validate what ``delta`` would change in ``store``, as the store would be after it.

    Only the nodes the delta can make valid or invalid are validated (see :mod:`graph.validation.scope`),
    on the context plus their post-write neighbourhood. Results about other nodes that the
    neighbourhood happens to hold are not reported.
    """
    with context.lock:
        graph = context.graph(store)
        data = context.data(store)
        # the hubs, nodes with many incoming edges, are the reference data's (in the context graph)
        scope = write_scope(
            store, delta, context.reach, skip=context.model_terms, hub=lambda n: (n, None, None) in graph
        )
        extra = [t for t in scope.triples | scope.marker_triples() if t not in graph]
        hidden = [q for q in (_ox_quad(t) for t in scope.hidden if t in graph) if q in data]
        added = [_ox_quad(t) for t in extra if context.readable(t)]
        neighbourhood = Graph()
        neighbourhood += extra
        for quad in added:
            data.add(quad)
        for quad in hidden:
            data.remove(quad)
        try:
            # The engines name focus nodes by IRI. Blank nodes no shape can target (the rdf:Statement
            # nodes that record where an ingested fact was read) need no check; a write that brings
            # blank nodes a shape may target is checked over the whole (small) data graph, and only
            # the results about its nodes are kept.
            blank = [n for n in scope.nodes if isinstance(n, BNode)]
            targeted = context.targets.targeted(blank, data, graph, neighbourhood)
            named = None if targeted else sorted(n for n in scope.nodes if not isinstance(n, BNode))
            # what the write leaves of the context is the cached text plus the neighbourhood, unless the
            # write hides context triples (it changes the reference data): then the store, dumped
            engine_data: ox.Store | NQuadsData = data
            if context.engine_name == "turbo" and not hidden:
                engine_data = NQuadsData(context.text(store) + _nquads(added))
            report = validate_graph(
                engine_data,
                shapes=None,
                engine=context.engine_name,
                focus_nodes=named,
                label=lambda node: label_of(neighbourhood, node) or label_of(graph, node),
                runner=context.engine,
            )
        finally:
            for quad in added:
                data.remove(quad)
            for quad in hidden:
                data.add(quad)
    results = [r for r in report.results if _in_scope(r.focus, scope.nodes)]
    return ValidationReport(results=results, graph=report.graph)


def _in_scope(focus: str, nodes: set[Any]) -> bool:
    return URIRef(focus) in nodes or BNode(focus) in nodes
