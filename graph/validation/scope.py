"""Which nodes a write can make valid or invalid, and the data needed to check them again.

:func:`write_scope` follows the dependencies of :class:`~graph.validation.shape_reach.ShapeReach` from a
delta through the store (three hops at most: a presidency term's dates are read by its meetings through
the membership and the presidency): the subjects of changed triples, the objects when a
shape reads triples pointing to a node through that predicate, and the nodes whose constraints
read what changed.

The data of the check is the neighbourhood of those nodes after the write: their triples, the
triples that point to them through inverse paths, and the triples their values are read by (the
value's type for ``sh:class``, a concept's scheme for ``sh:node``…), each read from the union of
the store's graphs with the delta applied. Constraints that compare unrelated nodes (unique
organisation names, presidency terms that must not overlap) are checked from the changed node's
side only; the model and reference graphs they need are in the cached context graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, BNode, Literal, URIRef

from graph.namespaces import SD
from graph.store import Store
from graph.store.changes import Delta
from graph.store.reader import GraphName, Quad4, select, sparql_term
from graph.validation.shape_reach import ANY, ShapeReach

__all__ = ["Scope", "write_scope"]

_BATCH = 300
#: Up to this many graphs are asked one branch each (see ``_Fetcher.fetch``).
_FEW_GRAPHS = 32
_MAX_HOPS = 3


@dataclass
class Scope:
    """What to validate after a write, and the data to validate it on (post-write).

    Attributes:
        nodes: the nodes whose validity the write may change.
        triples: their neighbourhood after the write (see the module docstring).
        hidden: triples the write removes from the union of the graphs.
        graphs: named graphs, among those touched or checked, that hold triples after the write
            (they get the ``sd:NamedGraph`` marker of :func:`graph.validation.full.merged_graph`).
    """

    nodes: set[Any] = field(default_factory=set)
    triples: set[tuple[Any, Any, Any]] = field(default_factory=set)
    hidden: set[tuple[Any, Any, Any]] = field(default_factory=set)
    graphs: set[URIRef] = field(default_factory=set)

    def marker_triples(self) -> set[tuple[Any, Any, Any]]:
        """``(g rdf:type sd:NamedGraph)`` for each non-empty named graph of the scope."""
        return {(g, RDF.type, SD.NamedGraph) for g in self.graphs}


def write_scope(
    store: Store,
    delta: Delta,
    reach: ShapeReach,
    *,
    skip: frozenset[Any] = frozenset(),
    hub: Callable[[Any], bool] | None = None,
) -> Scope:
    """The nodes a write can change the validity of, and their post-write neighbourhood.

    Usually two queries: one follows the dependencies a hop out and reads the triples of the
    nodes known so far (and which of them are non-empty named graphs), one reads what their
    values are checked on. More nodes found by the first hop cost one more query each hop.

    Args:
        store: the store before the write.
        delta: the write.
        reach: the dependencies of the shapes.
        skip: nodes whose data need not be read from the store (model terms, in the context).
        hub: tells the nodes that may have many incoming edges (those of the reference data: every
            meeting points to its presidency, places and topics); ``None``: any node may.
    """
    fetch = _Fetcher(store, delta)
    changed: dict[Any, set[Any]] = defaultdict(set)
    scope = Scope()
    for s, p, o, _ in delta.removed | delta.added:
        changed[s].add(p)
        scope.nodes.add(s)
        if isinstance(o, URIRef | BNode):
            changed[o].add(("^", p))
            if reach.incoming == ANY or p in reach.incoming:
                scope.nodes.add(o)
    scope.nodes |= _cross_nodes(store, delta, reach)
    touched = {g for g in delta.graphs() if isinstance(g, URIRef)}
    scope.graphs = _filled_touched_graphs(fetch, delta, touched)
    frontier, hops = dict(changed), 0
    expanded: set[Any] = set()  # nodes whose dependants were followed already
    read: set[Any] = set()
    own: set[tuple[Any, Any, Any]] = set()
    predicates = reach.value_predicates
    reads_values = predicates is None or bool(predicates)
    # The values the written triples point to are read with the first query, not after the loop: for a
    # new node (an inserted meeting) they are all its values, and the write costs one round trip less.
    early = {o for _, _, o, _ in delta.added if isinstance(o, URIRef | BNode)} if reads_values else set()
    early -= scope.nodes | skip
    values_read: dict[Any, set[Quad4]] = {}
    while True:
        expanding = bool(frontier) and hops < _MAX_HOPS
        into, out = _expansion(reach, frontier) if expanding else ([], [])
        reading = (scope.nodes | touched) - read
        incoming = _incoming_pairs(reach, reading)
        specs = [*_edges_into([*into, *incoming], hub), _Spec("sp", out), _Spec("s", [(n,) for n in reading])]
        specs.append(_Spec("s", [(v,) for v in early], predicates or frozenset()))
        check = [n for n in reading if isinstance(n, URIRef) and n not in touched]
        (whole_in, paired_in, edges_out, own_edges, of_values), filled = fetch.fetch(specs, check)
        edges_in = _only(into, whole_in | paired_in)
        mine = [own_edges, _only(incoming, whole_in | paired_in)]
        for quad in of_values:
            values_read.setdefault(quad[0], set()).add(quad)
        values_read.update((v, values_read.get(v, set())) for v in early)
        early = set()
        read |= reading
        scope.graphs |= filled
        own |= {(s, p, o) for found in mine for s, p, o, _ in found}
        if not expanding:
            break
        expanded |= set(frontier)
        frontier = _reached(frontier, edges_in, edges_out, expanded)
        scope.nodes |= set(frontier)
        hops += 1
    scope.nodes |= scope.graphs
    values = {o for s, _, o in own if s in scope.nodes and not isinstance(o, Literal)}
    values |= {s for s, _, o in own if o in scope.nodes}
    values -= scope.nodes | skip
    own |= {(s, p, o) for v in values & values_read.keys() for s, p, o, _ in values_read[v]}
    values -= values_read.keys()
    if values and reads_values:
        (more,), _ = fetch.fetch([_Spec("s", [(v,) for v in values], predicates or frozenset())], [])
        own |= {(s, p, o) for s, p, o, _ in more}
    scope.triples = own
    scope.hidden = {(s, p, o) for s, p, o, _ in delta.removed} - own
    scope.hidden |= {(g, RDF.type, SD.NamedGraph) for g in touched - scope.graphs}
    return scope


def _incoming_pairs(reach: ShapeReach, reading: set[Any]) -> list[tuple[Any, Any]]:
    """The (node, predicate) pairs of the edges into ``reading`` that shapes read (``ANY``: any predicate)."""
    incoming = reach.incoming
    if incoming == ANY or isinstance(incoming, str):
        return [(n, ANY) for n in reading]
    return [(n, q) for n in reading for q in incoming]


def _edges_into(pairs: list[tuple[Any, Any]], hub: Callable[[Any], bool] | None) -> list[_Spec]:
    """Specs that read the edges ``(?s q n)`` of the (n, q) ``pairs``: whole for most nodes, paired for hubs.

    Asking for each (node, predicate) pair makes a long query: a new meeting's first hop had 276
    pairs, 35 KB of VALUES that Virtuoso took ~40 ms to answer, and 6 ms for all the edges into the
    same 11 nodes. So a node that is no hub has all its incoming edges read (:func:`_only` keeps the
    pairs afterwards); a hub keeps the pairs in the query, so that a write near an organisation does
    not read the thousands of edges into it (unless any predicate is wanted).
    """
    nodes = {n for n, _ in pairs}
    whole = {n for n, q in pairs if q == ANY}
    hubs = (nodes if hub is None else {n for n in nodes if hub(n)}) - whole
    return [_Spec("o", [(n,) for n in nodes - hubs]), _Spec("op", [(n, q) for n, q in pairs if n in hubs])]


def _only(pairs: list[tuple[Any, Any]], quads: set[Quad4]) -> set[Quad4]:
    """The quads whose (object, predicate) is one of ``pairs`` (``ANY`` as predicate: any)."""
    wanted = set(pairs)
    return {q for q in quads if (q[2], q[1]) in wanted or (q[2], ANY) in wanted}


def _cross_nodes(store: Store, delta: Delta, reach: ShapeReach) -> set[Any]:
    """Every instance of the classes whose cross-node rules (:class:`CrossRule`) the delta touches."""
    classes: set[URIRef] = set()
    for rule in reach.cross:
        if any(rule.triggered_by(p, o) for _, p, o, _ in delta.removed | delta.added):
            classes |= rule.classes
    if not classes:
        return set()
    values = " ".join(sparql_term(c) for c in sorted(classes))
    sub = sparql_term(RDFS.subClassOf)
    text = (
        f"SELECT DISTINCT ?x WHERE {{ VALUES ?c {{ {values} }} "
        f"{{ ?x a ?c }} UNION {{ GRAPH ?g {{ ?x a ?c }} }} UNION "
        f"{{ {{ ?x a ?t }} UNION {{ GRAPH ?g {{ ?x a ?t }} }} GRAPH ?h {{ ?t {sub}+ ?c }} }} }}"
    )
    return {row["x"] for row in select(store, text)}


def _expansion(reach: ShapeReach, frontier: dict[Any, set[Any]]) -> tuple[list[Any], list[Any]]:
    """The edges to follow from changed nodes: into them (forward paths), out of them (inverse)."""
    into = [(n, q) for n, c in frontier.items() for q in reach.readers(c)]
    out = [(n, q) for n, c in frontier.items() for q in reach.readers(c, inverse=True)]
    return into, out


def _reached(
    frontier: dict[Any, set[Any]], edges_in: set[Quad4], edges_out: set[Quad4], expanded: set[Any]
) -> dict[Any, set[Any]]:
    """The nodes one hop out whose constraints read what changed, with what changed.

    A node already in scope for another reason (a cross-node rule) is followed all the same; only a
    node whose dependants were followed before is not.
    """
    reached: dict[Any, set[Any]] = defaultdict(set)
    for s, _, o, _ in edges_in:
        if s not in expanded and o in frontier:
            reached[s] |= frontier[o]
    for s, _, o, _ in edges_out:
        if o not in expanded and s in frontier and not isinstance(o, Literal):
            reached[o] |= frontier[s]
    return reached


def _filled_touched_graphs(fetch: _Fetcher, delta: Delta, touched: set[URIRef]) -> set[URIRef]:
    """The named graphs touched by the delta that hold triples after the write."""
    inserted = {q[3] for q in delta.added | delta.kept}
    removed_per_graph: dict[GraphName, int] = defaultdict(int)
    for quad in delta.removed:
        removed_per_graph[quad[3]] += 1
    filled = set()
    for graph in touched:
        removed = removed_per_graph[graph]
        if graph in inserted or (
            graph not in delta.reset_graphs and removed and fetch.holds_more_than(graph, removed)
        ):
            filled.add(graph)
    return filled


@dataclass(frozen=True)
class _Spec:
    """Which quads to read: those whose positions ``keys`` (``s``, ``o``, ``sp``, ``op``) are a row."""

    keys: str
    rows: Iterable[tuple[Any, ...]]
    predicates: frozenset[Any] = frozenset()

    def wanted(self) -> set[tuple[Any, ...]]:
        return set(self.rows)

    def branches(self, wanted: set[tuple[Any, ...]], pattern: str) -> list[str]:
        named = sorted(
            (row for row in wanted if not any(isinstance(t, BNode) for t in row)),
            key=lambda r: [str(t) for t in r],
        )
        variables = " ".join(f"?{k}" for k in self.keys)
        # ``predicates`` is applied to what comes back (in ``fetch``), not in the query: a VALUES on ?p
        # beside the subjects' lets Oxigraph's planner scan every triple of those predicates (rdf:type,
        # startDate...), 0.3 s at a million quads instead of 3 ms.
        found = []
        for start in range(0, len(named), _BATCH):
            rows = " ".join(
                "(" + " ".join(sparql_term(t) for t in row) + ")" for row in named[start : start + _BATCH]
            )
            found.append(f"VALUES ({variables}) {{ {rows} }} {pattern}")
        return found


_POSITIONS = {"s": 0, "p": 1, "o": 2}
_ANY_GRAPH = "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"
#: Where the store has no default graph of its own (Virtuoso), every triple is in a named graph: the
#: default-graph branch would only make the engine plan and run an empty second half.
_NAMED_GRAPHS = "GRAPH ?g { ?s ?p ?o }"


class _Fetcher:
    """Post-write reads of the union of the store's graphs (the delta applied to what is read)."""

    def __init__(self, store: Store, delta: Delta) -> None:
        self.store = store
        self.delta = delta
        self.pattern = _ANY_GRAPH if store.has_default_graph else _NAMED_GRAPHS

    def holds_more_than(self, graph: URIRef, count: int) -> bool:
        """Tell whether ``graph`` holds more than ``count`` triples now."""
        text = f"SELECT * WHERE {{ GRAPH {sparql_term(graph)} {{ ?s ?p ?o }} }} LIMIT {count + 1}"
        return sum(1 for _ in select(self.store, text)) > count

    def fetch(self, specs: list[_Spec], graphs: list[URIRef]) -> tuple[list[set[Quad4]], set[URIRef]]:
        """Read the quads of each spec after the write, and which of ``graphs`` hold triples now.

        One ``SELECT`` whatever the number of specs: every spec is a branch of a ``UNION``.
        """
        wanted = [spec.wanted() for spec in specs]
        branches = [
            branch
            for spec, rows in zip(specs, wanted, strict=True)
            for branch in spec.branches(rows, self.pattern)
        ]
        # A few graphs: one LIMIT 1 branch each, not one VALUES ?ng ... FILTER EXISTS: Virtuoso took 27 ms
        # for the FILTER over nine graph names, 9 ms for this (Oxigraph 0.4 ms either way). ``GRAPH ?ng``,
        # not ``GRAPH <iri>``: Virtuoso's empty default graph pragma does not hold with a graph IRI in the
        # query. Many graphs (a large ingest): batches, so that the query stays one an engine compiles.
        names = [sparql_term(g) for g in graphs]
        if len(names) <= _FEW_GRAPHS:
            branches += [
                f"SELECT ?ng WHERE {{ VALUES ?ng {{ {n} }} GRAPH ?ng {{ ?s ?p ?o }} }} LIMIT 1" for n in names
            ]
        else:
            batches = (" ".join(names[start : start + _BATCH]) for start in range(0, len(names), _BATCH))
            branches += [
                f"VALUES ?ng {{ {b} }} FILTER EXISTS {{ GRAPH ?ng {{ ?s ?p ?o }} }}" for b in batches
            ]
        results: list[set[Quad4]] = [set() for _ in specs]
        filled: set[URIRef] = set()
        rows = (
            select(self.store, "SELECT * WHERE { " + " UNION ".join(f"{{ {b} }}" for b in branches) + " }")
            if branches
            else []
        )
        quads = set()
        for row in rows:
            if row.get("ng") is not None:
                filled.add(row["ng"])
            else:
                quads.add((row["s"], row["p"], row["o"], row.get("g")))
        quads -= self.delta.removed
        quads |= self.delta.added
        for quad in quads:
            for spec, rows_wanted, result in zip(specs, wanted, results, strict=True):
                if tuple(quad[_POSITIONS[k]] for k in spec.keys) in rows_wanted and (
                    not spec.predicates or quad[1] in spec.predicates
                ):
                    result.add(quad)
        return results, filled
