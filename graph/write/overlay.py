"""Pending changes over a store: what a write would change, recorded instead of applied.

:class:`PendingChanges` answers pattern reads from the real store merged with the changes recorded
so far, and records additions, removals and graph creation or removal. :class:`OverlayStore` shows
it to rdflib as a graph-aware rdflib ``Store``, so that rdflib's SPARQL engine can evaluate the
``WHERE`` clause of an update against "the store as it would be", one operation after the other.
:meth:`PendingChanges.delta` then gives the net :class:`Delta`.

Reads go through :class:`~graph.store.reader.StoreReader`.

Graph names are ``URIRef``, ``BNode`` or ``None`` (the default graph), as in rdflib; the store's
existence rules for named graphs are oxigraph's: inserting into a graph creates it, deleting its
last triple keeps it (empty), ``DROP`` removes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph
from rdflib.store import Store as RdflibStore

from graph.store.changes import Delta
from graph.store.reader import GraphName, Quad4, StoreReader, Triple3, norm_graph, norm_term

__all__ = ["Delta", "GraphName", "OverlayStore", "PendingChanges", "Quad4", "StoreReader", "Triple3"]


def _matches(triple: Triple3, s: Any, p: Any, o: Any) -> bool:
    return (s is None or triple[0] == s) and (p is None or triple[1] == p) and (o is None or triple[2] == o)


@dataclass
class PendingChanges:
    """The store as a write would leave it: reads see the changes recorded so far.

    ``_added`` holds triples asserted present, ``_removed`` triples asserted absent (both maybe
    already so in the store); :meth:`delta` keeps what really changes.
    """

    reader: StoreReader
    _added: dict[GraphName, set[Triple3]] = field(default_factory=lambda: defaultdict(set))
    _removed: dict[GraphName, set[Triple3]] = field(default_factory=lambda: defaultdict(set))
    _known: dict[GraphName, set[Triple3]] = field(default_factory=lambda: defaultdict(set))
    _exists: dict[GraphName, bool] = field(default_factory=dict)
    _reset: dict[GraphName, set[Triple3]] = field(default_factory=dict)
    #: Blank nodes read from the store: a write cannot name them again (see ``graph.write.guard``).
    store_bnodes: set[BNode] = field(default_factory=set)

    def triples(self, s: Any, p: Any, o: Any, graph: GraphName) -> Iterator[Triple3]:
        """Triples of ``graph`` matching the pattern, as they would be after the changes so far."""
        removed, added = self._removed.get(graph, set()), self._added.get(graph, set())
        if graph not in self._reset:
            for triple in self.reader.triples(s, p, o, graph):
                if triple not in removed and triple not in added:
                    self._note(triple)
                    yield triple
        for triple in list(added):
            if _matches(triple, s, p, o):
                yield triple

    def _note(self, triple: Triple3) -> None:
        for term in (triple[0], triple[2]):
            if isinstance(term, BNode):
                self.store_bnodes.add(term)

    def add(self, triple: Triple3, graph: GraphName) -> None:
        """Record that ``triple`` is in ``graph`` (which then exists)."""
        triple = (triple[0], triple[1], norm_term(triple[2]))
        self._removed[graph].discard(triple)
        self._added[graph].add(triple)
        if graph is not None:
            self._exists[graph] = True

    def remove(self, triple: Triple3, graph: GraphName, *, known: bool = False) -> None:
        """Record that ``triple`` is not in ``graph``; ``known``: it was read from the store."""
        triple = (triple[0], triple[1], norm_term(triple[2]))
        self._added[graph].discard(triple)
        self._removed[graph].add(triple)
        if known:
            self._known[graph].add(triple)

    def remove_matching(self, s: Any, p: Any, o: Any, graph: GraphName) -> None:
        """Remove every triple of ``graph`` matching the pattern."""
        for triple in list(self.triples(s, p, o, graph)):
            self.remove(triple, graph, known=triple not in self._added.get(graph, ()))

    def graph_exists(self, graph: GraphName) -> bool:
        """Tell whether a named graph would exist (the default graph always does)."""
        if graph is None:
            return True
        found = self._exists.get(graph)
        return self.reader.graph_exists(graph) if found is None else found

    def named_graphs(self) -> list[GraphName]:
        """The named graphs that would exist, store order first."""
        names = [g for g in self.reader.named_graphs() if self._exists.get(g, True)]
        seen = set(names)
        names += [g for g, exists in self._exists.items() if exists and g not in seen]
        return names

    def graphs_matching(self, s: Any, p: Any, o: Any) -> set[GraphName]:
        """Named graphs that may hold a matching triple after the changes so far (a superset)."""
        found = {g for g in self.reader.graphs_matching(s, p, o) if g not in self._reset}
        found |= {g for g, added in self._added.items() if any(_matches(t, s, p, o) for t in added)}
        return {g for g in found if g is not None}

    def clear(self, graph: GraphName, *, drop: bool = False) -> None:
        """Empty ``graph`` (``drop``: and remove it; the default graph is only emptied)."""
        if graph not in self._reset and self.reader.graph_exists(graph):
            base = set(self.reader.triples(None, None, None, graph))
            for triple in base:
                self._note(triple)
            self._reset[graph] = base
            self._known[graph] = set(base)
        self._removed[graph] = set(self._reset.get(graph, ()))
        self._added[graph] = set()
        if drop and graph is not None:
            self._exists[graph] = False

    def create(self, graph: GraphName) -> None:
        """Record that named graph ``graph`` exists, even if empty."""
        if graph is not None:
            self._exists[graph] = True

    def delta(self) -> Delta:
        """The net changes: what the store holds now is compared with what was recorded."""
        unknown: list[Quad4] = []
        for graph, triples in list(self._added.items()) + list(self._removed.items()):
            if graph in self._reset or not self.reader.graph_exists(graph):
                continue
            known = self._known.get(graph, set())
            unknown.extend((*t, graph) for t in triples if t not in known)
        present = self.reader.existing(unknown)

        def in_store(triple: Triple3, graph: GraphName) -> bool:
            if graph in self._reset:
                return triple in self._reset[graph]
            return triple in self._known.get(graph, ()) or (*triple, graph) in present

        added = frozenset((*t, g) for g, ts in self._added.items() for t in ts if not in_store(t, g))
        removed = frozenset((*t, g) for g, ts in self._removed.items() for t in ts if in_store(t, g))
        kept = frozenset((*t, g) for g in self._reset for t in self._added.get(g, ()) if in_store(t, g))
        names = {g for g in self._exists if g is not None}
        return Delta(
            removed=removed,
            added=added,
            reset_graphs=frozenset(self._reset),
            kept=kept,
            created_graphs=frozenset(
                g for g in names if self.graph_exists(g) and not self.reader.graph_exists(g)
            ),
            dropped_graphs=frozenset(
                g for g in names if not self.graph_exists(g) and self.reader.graph_exists(g)
            ),
        )


class OverlayStore(RdflibStore):
    """A graph-aware rdflib ``Store`` over :class:`PendingChanges`, for rdflib's SPARQL engine.

    A view may replace the dataset, as ``USING``/``USING NAMED``/``WITH`` do for a ``WHERE``
    clause: ``default_graphs`` (merged) stand for the default graph and only ``named_graphs``
    are visible by name. ``listed_graphs``, when given, is a superset of the named graphs that
    can match: only those are listed to rdflib's ``GRAPH ?g`` (which otherwise tries every graph
    of the store, one read each). Writes through rdflib's API are recorded in the pending changes.
    """

    context_aware = True
    formula_aware = False
    graph_aware = True
    transaction_aware = False

    def __init__(
        self,
        changes: PendingChanges,
        *,
        default_graphs: list[GraphName] | None = None,
        named_graphs: list[GraphName] | None = None,
        listed_graphs: set[GraphName] | None = None,
    ) -> None:
        super().__init__()
        self.changes = changes
        self._listed = listed_graphs
        self._default: list[GraphName] = [None] if default_graphs is None else list(default_graphs)
        self._named = None if named_graphs is None else set(named_graphs)

    def _graphs_for(self, context: Any) -> list[GraphName]:
        graph = norm_graph(context)
        if graph is None:
            return list(self._default)
        if self._named is not None and graph not in self._named:
            return []
        return [graph]

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[Triple3, Iterator[Any]]]:
        """Matching triples of one graph (rdflib's store API)."""
        s, p, o = (norm_term(term) for term in triple_pattern)
        graphs = self._graphs_for(context)
        seen: set[Triple3] = set()
        for graph in graphs:
            for triple in self.changes.triples(s, p, o, graph):
                if len(graphs) > 1:
                    if triple in seen:
                        continue
                    seen.add(triple)
                yield triple, iter([context])

    def __len__(self, context: Any = None) -> int:
        """Number of triples in one graph."""
        return sum(1 for _ in self.triples((None, None, None), context))

    def contexts(self, triple: Any = None) -> Iterator[Graph]:  # type: ignore[override]
        """The named graphs of the dataset (rdflib's store API)."""
        if self._named is None and self._listed is None:
            graphs = self.changes.named_graphs()
        else:  # a few graphs: no need to list the store's (there may be many thousands)
            chosen = set(self._named if self._named is not None else self._listed or ())
            if self._listed is not None:
                chosen &= self._listed
            graphs = sorted((g for g in chosen if g is not None and self.changes.graph_exists(g)), key=str)
        for graph in graphs:
            context = Graph(store=self, identifier=graph)
            if triple is None or any(True for _ in self.triples(triple, context)):
                yield context

    def add(self, triple: Triple3, context: Any, quoted: bool = False) -> None:
        """Record an addition (rdflib's store API)."""
        self.changes.add(triple, norm_graph(context))

    def addN(self, quads: Iterable[Any]) -> None:
        """Record additions (rdflib's store API)."""
        for s, p, o, context in quads:
            self.changes.add((s, p, o), norm_graph(context))

    def remove(self, triple: Any, context: Any = None) -> None:
        """Record the removal of every matching triple (rdflib's store API)."""
        s, p, o = (norm_term(t) for t in triple)
        self.changes.remove_matching(s, p, o, norm_graph(context))

    def add_graph(self, graph: Graph) -> None:
        """Record that a named graph exists (rdflib's store API)."""
        self.changes.create(norm_graph(graph))

    def remove_graph(self, graph: Graph) -> None:
        """Record that a graph is dropped (rdflib's store API)."""
        self.changes.clear(norm_graph(graph), drop=True)
