"""Reading a :class:`~graph.store.Store` pattern by pattern, in rdflib terms.

The guarded-write code reads the store through :class:`StoreReader`: the store's own
``quads_for_pattern`` when it has one (fast, in-process), else one SPARQL ``SELECT`` per pattern,
which every backend answers. Graph names are ``URIRef``, ``BNode`` or ``None`` (the default
graph), as in rdflib.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, TypeAlias

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD

from graph.store.protocol import Store
from graph.store.results import SelectResult
from graph.store.terms import to_ox_term

__all__ = [
    "GraphName",
    "Quad4",
    "StoreReader",
    "Triple3",
    "graph_arg",
    "norm_graph",
    "norm_term",
    "select",
    "sparql_term",
]

GraphName: TypeAlias = URIRef | BNode | None
Triple3: TypeAlias = tuple[Any, Any, Any]
Quad4: TypeAlias = tuple[Any, Any, Any, GraphName]

_VALUES_BATCH = 400


def norm_term(term: Any) -> Any:
    """Give ``"x"^^xsd:string`` the form the store hands out (no datatype), leave the rest alone."""
    if isinstance(term, Literal) and term.datatype == XSD.string and term.language is None:
        return Literal(str(term))
    return term


def norm_graph(graph: Any) -> GraphName:
    """A graph name as ``URIRef``/``BNode``/``None`` from a ``Graph``, ``str`` or rdflib's default id."""
    if isinstance(graph, Graph):
        graph = graph.identifier
    if graph is None or graph == DATASET_DEFAULT_GRAPH_ID:
        return None
    if isinstance(graph, BNode | URIRef):
        return graph
    name = str(graph)
    return BNode(name[2:]) if name.startswith("_:") else URIRef(name)


def sparql_term(term: Any) -> str:
    """A term in SPARQL (N-Triples) syntax; raises ``InvalidInput`` for invalid terms."""
    return str(to_ox_term(term))


def graph_arg(graph: GraphName) -> str | None:
    """A graph name as the store protocol takes it (``str`` IRI, ``"_:label"`` or ``None``)."""
    if graph is None:
        return None
    return f"_:{graph}" if isinstance(graph, BNode) else str(graph)


class StoreReader:
    """Pattern reads from a :class:`~graph.store.Store`, cached per write where that is safe.

    SPARQL cannot name a blank node of the store, so with the SPARQL fallback a pattern bound to a
    blank node is read with a variable in its place and filtered here by label; that is exact for
    the embedded store, whose labels are stable, and not for servers that relabel blank nodes.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._quads_for_pattern = getattr(store, "quads_for_pattern", None)
        self._exists: dict[GraphName, bool] = {}
        self._named: list[GraphName] | None = None

    def triples(self, s: Any, p: Any, o: Any, graph: GraphName) -> Iterator[Triple3]:
        """Triples of one graph (``None``: the default graph) that match; ``None`` matches anything."""
        if self._quads_for_pattern is not None:
            for quad in self._quads_for_pattern(s, p, o, graph_arg(graph)):
                yield quad[0], quad[1], quad[2]
            return
        pattern = (s, p, o)
        free = ["?s", "?p", "?o"]
        terms = " ".join(
            v if t is None or isinstance(t, BNode) else sparql_term(t)
            for v, t in zip(free, pattern, strict=True)
        )
        if graph is None:
            where = terms
        elif isinstance(graph, BNode):
            where = f"GRAPH ?g {{ {terms} }}"
        else:
            where = f"GRAPH {sparql_term(graph)} {{ {terms} }}"
        for row in select(self.store, f"SELECT * WHERE {{ {where} }}"):
            if isinstance(graph, BNode) and row.get("g") != graph:
                continue
            found = tuple(
                t if t is not None and not isinstance(t, BNode) else row.get(v[1:])
                for v, t in zip(free, pattern, strict=True)
            )
            if all(not isinstance(t, BNode) or t == f for t, f in zip(pattern, found, strict=True)):
                yield found[0], found[1], found[2]

    def graph_exists(self, graph: GraphName) -> bool:
        """Tell whether a named graph exists now (the default graph always does)."""
        if graph is None:
            return True
        if graph not in self._exists:
            self._exists[graph] = self.store.graph_exists(graph_arg(graph))
        return self._exists[graph]

    def named_graphs(self) -> list[GraphName]:
        """Names of the named graphs that exist now."""
        if self._named is None:
            self._named = [norm_graph(name) for name in self.store.named_graphs()]
        return self._named

    def graphs_matching(self, s: Any, p: Any, o: Any) -> set[GraphName]:
        """Named graphs holding a triple that matches (blank nodes and ``None`` match anything)."""
        terms = " ".join(
            v if t is None or isinstance(t, BNode) else sparql_term(t)
            for v, t in zip(("?s", "?p", "?o"), (s, p, o), strict=True)
        )
        rows = select(self.store, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {terms} }} }}")
        return {norm_graph(row["g"]) for row in rows}

    def existing(self, quads: Iterable[Quad4]) -> set[Quad4]:
        """Those of ``quads`` that are in the store now (one query per few hundred quads)."""
        found: set[Quad4] = set()
        by_graph: dict[GraphName, list[Quad4]] = defaultdict(list)
        for quad in quads:
            if self.graph_exists(quad[3]):
                by_graph[quad[3]].append(quad)
        for graph, members in by_graph.items():
            plain = [q for q in members if not any(isinstance(t, BNode) for t in q)]
            one_by_one = (
                [q for q in members if q not in plain] if self._quads_for_pattern is None else members
            )
            found.update(q for q in one_by_one if any(True for _ in self.triples(q[0], q[1], q[2], graph)))
            if self._quads_for_pattern is not None:
                continue
            for start in range(0, len(plain), _VALUES_BATCH):
                found.update(self._existing_batch(plain[start : start + _VALUES_BATCH], graph))
        return found

    def _existing_batch(self, quads: list[Quad4], graph: GraphName) -> set[Quad4]:
        rows = " ".join(f"({sparql_term(q[0])} {sparql_term(q[1])} {sparql_term(q[2])})" for q in quads)
        pattern = "?s ?p ?o" if graph is None else f"GRAPH {sparql_term(graph)} {{ ?s ?p ?o }}"
        text = f"SELECT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} {pattern} }}"
        present = {(row["s"], row["p"], row["o"]) for row in select(self.store, text)}
        return {q for q in quads if (q[0], q[1], q[2]) in present}


def select(store: Store, text: str) -> Iterator[dict[str, Any]]:
    """Rows of a ``SELECT`` over the store's real default graph (not the union) and named graphs."""
    result = store.query(text, union_default_graph=False)
    if not isinstance(result, SelectResult):
        raise TypeError(f"expected SELECT rows, got a {result.kind} result")
    return iter(result)
