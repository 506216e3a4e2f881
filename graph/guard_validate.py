"""Incremental SHACL validation of a write: only the nodes it can change, on a small data graph.

pySHACL over the whole shipped dataset takes seconds; a write touches a handful of nodes. The
data graph of a check is a cached *context graph* (the model and reference graphs, read from the
store, with their ``sd:NamedGraph`` markers) plus the post-write neighbourhood of the nodes the
write can change (:mod:`graph.guard_scope`). The neighbourhood is put into the context graph for
the time of the check and taken out again (triples the write removes are hidden likewise), so the
context graph is never copied.

pySHACL's own ``focus_nodes=`` option would still evaluate every target over the whole data graph
(the SPARQL target of ``shapes:MintedIriShape`` scans every typed node) and harvest the shapes
again on each call. :class:`ShapeRunner` instead harvests the shapes once and asks each targeted
shape to validate exactly the nodes it targets among those in scope, through pySHACL's
``Shape.validate(focus=...)`` (pySHACL 0.40; other versions fall back to ``focus_nodes=``).

pySHACL writes into the shapes graph it is given (RDFLib/pySHACL#314): a :class:`ValidationContext`
owns its shapes graph and is used by one thread at a time (it has a lock).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyshacl
from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.namespace import SH

from graph import sparql_cache
from graph.guard_scope import write_scope
from graph.namespaces import SD
from graph.resources import MODEL_GRAPHS, model_files, reference_files
from graph.shape_reach import ShapeReach
from graph.store import Store
from graph.store_reader import select, sparql_term
from graph.update_overlay import Delta
from graph.validate import ValidationReport, _results, load_shapes

try:  # pySHACL internals, for validating chosen nodes against chosen shapes
    from pyshacl.graph_abstraction import DataGraph
    from pyshacl.pytypes import SHACLExecutor
    from pyshacl.shapes_graph import ShapesGraph
    from pyshacl.validator import Validator

    _INTERNALS = True
except ImportError:  # pragma: no cover - another pySHACL layout: use the public API
    _INTERNALS = False

__all__ = ["ShapeRunner", "ValidationContext", "validate_delta"]

#: Shapes features this module does not drive itself (rules, functions, custom target types): with
#: them, pySHACL validates the whole data graph (slower, same results).
_NEEDS_WHOLE_PYSHACL = [
    (SH.rule, None),
    (RDF.type, SH.SPARQLFunction),
    (RDF.type, SH.SPARQLTargetType),
    (RDF.type, SH.JSTargetType),
    (RDF.type, SH.JSTarget),
    (SH.js, None),
]


@dataclass(frozen=True)
class _Targets:
    nodes: frozenset[Any]
    classes: frozenset[Any]
    subjects_of: frozenset[Any]
    objects_of: frozenset[Any]
    selects: tuple[str, ...]
    opaque: bool  # a target kind we cannot test node by node: evaluate it on the whole graph


class ShapeRunner:
    """The shapes of a shapes graph, harvested once, validated on chosen focus nodes."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes_graph = shapes
        self._whole = not _INTERNALS or any(
            (None, predicate, value) in shapes for predicate, value in _NEEDS_WHOLE_PYSHACL
        )
        self._pristine = Graph() + shapes if self._whole else None
        if self._whole:  # pragma: no cover - not with our shapes
            return
        self._sg = ShapesGraph(shapes)
        self._shapes = list(self._sg.shapes)
        self._targets: dict[Any, _Targets] = {}
        # Advanced mode only adds sh:expression constraints here (targets are worked out below) and
        # makes pySHACL copy its parameter list on every shape evaluation: only when needed.
        advanced = (None, SH.expression, None) in shapes
        for shape in self._shapes:
            shape.set_advanced(advanced)
            targets = _targets_of(shape)
            if targets is not None:
                self._targets[shape] = targets

    def run(self, data: Graph, nodes: Iterable[Any]) -> Graph:
        """Validate ``nodes`` against every shape that targets them in ``data``; return the report."""
        focus = set(nodes)
        if self._whole:  # pragma: no cover - not with our shapes
            _, report, _ = pyshacl.validate(
                data,
                shacl_graph=Graph() + (self._pristine or Graph()),
                advanced=True,
                inplace=False,  # rules would write into the (shared) data graph
                allow_warnings=True,
                focus_nodes=[n for n in focus if isinstance(n, URIRef)],
            )
            assert isinstance(report, Graph)  # noqa: S101 - pyshacl returns a Graph unless asked not to
            return report
        types = {node: _classes_of(data, node) for node in focus}
        datagraph = DataGraph.from_rdflib(data)
        executor = SHACLExecutor(allow_warnings=True, max_validation_depth=15)
        conforms, reports = True, []
        for shape, targets in self._targets.items():
            chosen = _targeted(shape, targets, data, datagraph, focus, types)
            if chosen:
                ok, found = shape.validate(executor, datagraph, focus=sorted(chosen, key=str))
                conforms = conforms and ok
                reports.extend(found)
        report, _ = Validator.create_validation_report(self._sg, conforms or not reports, reports)
        return report


def _targets_of(shape: Any) -> _Targets | None:
    nodes, classes, implicit, objects_of, subjects_of = (set(part) for part in shape.target())
    selects, opaque = [], False
    for target in shape.advanced_target().values():
        helper = target.get("qh")
        if helper is not None:
            selects.append(helper.apply_prefixes(helper.select_text))
        else:
            opaque = True
    if not (nodes or classes or implicit or objects_of or subjects_of or selects or opaque):
        return None
    return _Targets(
        frozenset(nodes),
        frozenset(classes | implicit),
        frozenset(subjects_of),
        frozenset(objects_of),
        tuple(selects),
        opaque,
    )


def _classes_of(data: Graph, node: Any) -> set[Any]:
    """The classes of ``node`` and all their superclasses (SHACL instance semantics)."""
    found: set[Any] = set()
    for cls in data.objects(node, RDF.type):
        found.update(data.transitive_objects(cls, RDFS.subClassOf))
    return found


def _targeted(
    shape: Any, targets: _Targets, data: Graph, datagraph: Any, focus: set[Any], types: dict[Any, set[Any]]
) -> set[Any]:
    if targets.opaque:  # pragma: no cover - no such targets in our shapes
        return focus & set(shape.focus_nodes(datagraph))
    chosen = {n for n in focus if n in targets.nodes or types[n] & targets.classes}
    chosen |= {n for n in focus for p in targets.subjects_of if (n, p, None) in data}
    chosen |= {n for n in focus for p in targets.objects_of if (None, p, n) in data}
    for text in targets.selects:
        for node in focus - chosen:
            if any(True for _ in data.query(text, initBindings={"this": node})):
                chosen.add(node)
    return chosen


class ValidationContext:
    """What incremental validation keeps between writes to one store.

    Args:
        shapes: the shapes graph (default: :func:`graph.validate.load_shapes`); owned from now on.
        context_graphs: graphs always in the data graph (default: model and reference graphs).

    The context graph is read from the store when first needed and again after :meth:`invalidate`,
    which :func:`graph.guard` calls when a committed write touched one of the context graphs.
    Writes that bypass the guard (``euus load``…) leave it stale: call :meth:`invalidate`.
    """

    def __init__(self, *, shapes: Graph | None = None, context_graphs: Iterable[str] | None = None) -> None:
        owned = shapes if shapes is not None else load_shapes()
        self.reach = ShapeReach.from_shapes(owned)
        self.runner = ShapeRunner(owned)
        names = context_graphs or [str(f.graph) for f in model_files() + reference_files()]
        self.context_graphs = frozenset(URIRef(g) for g in names)
        self.model_graphs = frozenset(g for g in self.context_graphs if g.rsplit("/", 1)[-1] in MODEL_GRAPHS)
        self.generation = 0
        self.lock = threading.RLock()
        self._graph: Graph | None = None
        self._store: weakref.ref[Store] | None = None  # the store the context graph was read from
        self._model_terms: frozenset[Any] = frozenset()

    def invalidate(self) -> None:
        """Forget the context graph; it is read again from the store at the next validation."""
        with self.lock:
            self.generation += 1
            self._graph = None

    def note_commit(self, delta: Delta) -> None:
        """Take note of a committed write (invalidates the context if it touched a context graph)."""
        if delta.graphs() & self.context_graphs:
            self.invalidate()

    def graph(self, store: Store) -> Graph:
        """The context graph (read from ``store`` if not cached)."""
        with self.lock:
            if self._graph is None or self._store is None or self._store() is not store:
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
                self._graph, self._model_terms = graph, frozenset(model_terms)
                self._store = weakref.ref(store)
            return self._graph

    @property
    def model_terms(self) -> frozenset[Any]:
        """Subjects described in the model graphs (classes, properties, concepts)."""
        return self._model_terms


def validate_delta(store: Store, delta: Delta, *, context: ValidationContext) -> ValidationReport:
    """Validate what ``delta`` would change in ``store``, as the store would be after it.

    Only the nodes the delta can make valid or invalid are validated (see :mod:`graph.guard_scope`),
    on the context graph plus their post-write neighbourhood. Results about other nodes that the
    neighbourhood happens to hold are not reported.
    """
    sparql_cache.install()
    with context.lock:
        graph = context.graph(store)
        scope = write_scope(store, delta, context.reach, skip=context.model_terms)
        extra = [t for t in scope.triples | scope.marker_triples() if t not in graph]
        hidden = [t for t in scope.hidden if t in graph]
        for triple in extra:
            graph.add(triple)
        for triple in hidden:
            graph.remove(triple)
        try:
            report_graph = context.runner.run(graph, scope.nodes)
            results = sorted(
                (r for r in _results(report_graph, graph) if _in_scope(r.focus, scope.nodes)),
                key=lambda r: (r.severity != "Violation", r.focus, r.path or ""),
            )
        finally:
            for triple in extra:
                graph.remove(triple)
            for triple in hidden:
                graph.add(triple)
    return ValidationReport(results=results, graph=report_graph)


def _in_scope(focus: str, nodes: set[Any]) -> bool:
    return URIRef(focus) in nodes or BNode(focus) in nodes
