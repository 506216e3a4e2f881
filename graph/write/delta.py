"""What a SPARQL Update or a Graph Store Protocol write would change: a :class:`Delta`, not applied.

A request is a sequence of operations, each seeing the effects of those before it
(https://www.w3.org/TR/sparql11-update/#updateLanguage). Operations are evaluated against
:class:`~graph.write.overlay.PendingChanges`, which reads the store and records changes instead of
applying them; the result is the net delta.

* Requests made only of ``INSERT DATA``/``DELETE DATA`` are parsed by pyoxigraph
  (:mod:`graph.write.parse`).
* Other requests are parsed by rdflib and their ``WHERE`` clauses evaluated by rdflib's SPARQL
  engine over the overlay. The operations themselves are evaluated here rather than by rdflib's
  ``evalUpdate``, which does not implement ``CREATE``, lets ``USING NAMED`` see every graph,
  interleaves deletions and insertions per solution, and fetches URLs for ``USING`` when
  ``SPARQL_LOAD_GRAPHS`` is on. Where the standard leaves a choice the store's (oxigraph's)
  behaviour is followed: ``ADD`` and ``COPY`` from a missing graph copy nothing (``COPY`` still
  drops the target), ``MOVE`` from one fails, and emptying a graph does not remove it. One
  exception: ``CLEAR GRAPH`` of a missing graph succeeds (it has nothing to clear), as the W3C
  protocol test ``update_base_uri`` expects of a ``CLEAR GRAPH`` without ``SILENT``; oxigraph
  fails it.

Dataset. In an update the default graph is the store's real default graph, not the union that
queries see (rdflib#2019): ``INSERT DATA { … }`` without ``GRAPH`` writes there. ``USING``,
``USING NAMED`` and ``WITH``, or the protocol's ``using-graph-uri``/``using-named-graph-uri``
(not both: W3C protocol test ``bad_update_dataset_conflict``), set the dataset of a ``WHERE``.

``LOAD`` and ``SERVICE`` are refused (:class:`~graph.errors.Forbidden`): outbound requests are
an SSRF risk (https://owasp.org/www-community/attacks/Server_Side_Request_Forgery).
Nothing in this module fetches anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rdflib import BNode, Dataset, Literal, URIRef, Variable
from rdflib.plugins.sparql import algebra
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import QueryContext, SPARQLError

from graph.errors import Forbidden, InvalidQuery, NotFound
from graph.sparql.scan import refuse_outbound
from graph.store import Store
from graph.store.reader import GraphName, StoreReader, Triple3, norm_graph, norm_term
from graph.write.overlay import Delta, OverlayStore, PendingChanges
from graph.write.parse import SSRF_RULE, data_operations, parse_update

__all__ = ["Delta", "add_to_graph_delta", "delete_graph_delta", "replace_graph_delta", "update_delta"]

_CONFLICT_RULE = (
    "dataset conflict: the update has USING, USING NAMED or WITH and the request also gives "
    "using-graph-uri/using-named-graph-uri (https://www.w3.org/TR/sparql11-protocol/#update-dataset)"
)


def update_delta(
    store: Store,
    text: str,
    *,
    using_graphs: list[str] | None = None,
    using_named_graphs: list[str] | None = None,
    base_iri: str | None = None,
    prefixes: Mapping[str, str] | None = None,
    changes: PendingChanges | None = None,
) -> Delta:
    """Compute what the SPARQL Update ``text`` would change in ``store``, without changing it.

    Args:
        store: the store the update is for.
        text: the update request (operations separated by ``;``).
        using_graphs: the protocol's ``using-graph-uri`` values.
        using_named_graphs: the protocol's ``using-named-graph-uri`` values.
        base_iri: base for relative IRIs (a ``BASE`` in the text wins).
        prefixes: prefixes the text may use without declaring them.
        changes: record into these pending changes (the caller then reads blank node use).

    Raises:
        InvalidQuery: the text does not parse (line and column), an operation fails (``DROP``
            of a missing graph without ``SILENT``…), or the dataset is given twice.
        Forbidden: the update uses ``LOAD`` or ``SERVICE``.
    """
    refuse_outbound(text)
    prefix_map = dict(prefixes or {})
    pending = changes if changes is not None else PendingChanges(StoreReader(store))
    data_ops = data_operations(text, base_iri, prefix_map)
    if data_ops is not None:
        for insert, quads in data_ops:
            for s, p, o, g in quads:
                (pending.add if insert else pending.remove)((s, p, o), g)
        return pending.delta()
    operations = parse_update(text, base_iri, prefix_map)
    protocol = [URIRef(g) for g in using_graphs or ()], [URIRef(g) for g in using_named_graphs or ()]
    if (protocol[0] or protocol[1]) and any(op.using or op.withClause for op in operations):
        raise InvalidQuery(_CONFLICT_RULE)
    for operation in operations:
        try:
            _evaluate(pending, operation, protocol)
        except InvalidQuery:
            if not operation.silent:
                raise
    return pending.delta()


# -------------------------------------------------------------------------------- evaluation


def _evaluate(pending: PendingChanges, op: CompValue, protocol: tuple[list[URIRef], list[URIRef]]) -> None:
    name = op.name
    if name in ("InsertData", "DeleteData"):
        record = pending.add if name == "InsertData" else pending.remove
        for triple in op.triples or ():
            record(triple, None)
        for graph, triples in (op.quads or {}).items():
            for triple in triples:
                record(triple, norm_graph(graph))
    elif name in ("Modify", "DeleteWhere"):
        _modify(pending, op, protocol)
    elif name in ("Clear", "Drop"):
        for graph in _target_graphs(pending, op.graphiri, drop=name == "Drop"):
            pending.clear(graph, drop=name == "Drop")
    elif name == "Create":
        graph = norm_graph(op.graphiri)
        if pending.graph_exists(graph):
            raise InvalidQuery(f"update failed: the graph <{graph}> already exists")
        pending.create(graph)
    elif name in ("Add", "Copy", "Move"):
        source, target = (None if g == "DEFAULT" else norm_graph(g) for g in op.graph)
        if source == target:
            return
        if name == "Move" and not pending.graph_exists(source):
            raise InvalidQuery(f"update failed: the graph <{source}> does not exist")
        triples = list(pending.triples(None, None, None, source))
        if name != "Add":  # COPY and MOVE first drop the target, as the store does
            pending.clear(target, drop=True)
        for triple in triples:
            pending.add(triple, target)
        if name == "Move":
            pending.clear(source, drop=True)
    else:
        raise Forbidden(f"{name} is refused: {SSRF_RULE}")


def _target_graphs(pending: PendingChanges, which: Any, *, drop: bool) -> list[GraphName]:
    if which == "DEFAULT":
        return [None]
    if which == "NAMED":
        return pending.named_graphs()
    if which == "ALL":
        return [None, *pending.named_graphs()]
    graph = norm_graph(which)
    if not pending.graph_exists(graph):
        if not drop:  # clearing a graph that does not exist leaves nothing to do
            return []
        raise InvalidQuery(f"update failed: the graph <{graph}> does not exist")
    return [graph]


def _modify(pending: PendingChanges, op: CompValue, protocol: tuple[list[URIRef], list[URIRef]]) -> None:
    """``DELETE``/``INSERT … WHERE`` and ``DELETE WHERE``: all deletions, then all insertions."""
    with_graph = norm_graph(op.withClause) if op.withClause else None
    if op.name == "DeleteWhere":
        delete = CompValue("DeleteClause", triples=op.triples or [], quads=op.quads or {})
        insert = None
        where = algebra.BGP(list(delete.triples))
        for graph, triples in delete.quads.items():
            where = algebra.Join(where, algebra.Graph(graph, algebra.BGP(list(triples))))
    else:
        delete, insert, where = op.delete, op.insert, op.where
    using = [u.default for u in op.using or () if u.default is not None]
    using_named = [u.named for u in op.using or () if u.named is not None]
    if protocol[0] or protocol[1]:
        using, using_named = protocol
    listed = _graph_candidates(pending, where)
    if using or using_named:
        view = OverlayStore(
            pending,
            default_graphs=[norm_graph(g) for g in using],
            named_graphs=[norm_graph(g) for g in using_named],
            listed_graphs=listed,
        )
    elif with_graph is not None:
        view = OverlayStore(pending, default_graphs=[with_graph], listed_graphs=listed)
    else:
        view = OverlayStore(pending, listed_graphs=listed)
    dataset = Dataset(store=view, default_union=False)
    context = QueryContext(dataset, initBindings={})
    context.graph = dataset.default_graph  # not the union, whatever SPARQL_DEFAULT_GRAPH_UNION says
    context.prologue = op.prologue
    try:
        solutions = list(evalPart(context, where))
    except SPARQLError as error:
        raise InvalidQuery(f"update failed: {error}") from None
    if delete is not None:
        for quad in _instantiate(delete, solutions, with_graph):
            pending.remove(quad[:3], quad[3])
    if insert is not None:
        for quad in _instantiate(insert, solutions, with_graph):
            pending.add(quad[:3], quad[3])


def _graph_candidates(pending: PendingChanges, where: Any) -> set[GraphName] | None:
    """Named graphs in which some ``GRAPH ?g`` of ``where`` can match, or ``None`` for "any".

    Each ``GRAPH ?g { … }`` whose pattern needs at least one triple (a basic graph pattern, maybe
    joined, filtered or extended) can only match in graphs holding a triple for one of its
    patterns: the store is asked for those graphs once, instead of rdflib reading every graph.
    """
    parts: list[CompValue] = []
    _variable_graph_parts(where, parts)
    if not parts:
        return None
    found: set[GraphName] = set()
    for part in parts:
        triples = _required_triples(part.p)
        if not triples:
            return None
        s, p, o = max(triples, key=lambda t: sum(isinstance(x, URIRef | Literal) for x in t))
        constants = [x if isinstance(x, URIRef | Literal) else None for x in (s, p, o)]
        if constants == [None, None, None]:
            return None
        found |= pending.graphs_matching(*constants)
    return found


def _variable_graph_parts(node: Any, found: list[CompValue]) -> None:
    if isinstance(node, CompValue):
        if node.name == "Graph" and isinstance(node.term, Variable):
            found.append(node)
        for value in node.values():
            _variable_graph_parts(value, found)
    elif isinstance(node, list | tuple):
        for value in node:
            _variable_graph_parts(value, found)


def _required_triples(part: Any) -> list[Any]:
    """Triple patterns of which every solution of ``part`` matches one (empty: none known)."""
    if not isinstance(part, CompValue):
        return []
    if part.name == "BGP":
        return list(part.triples or ())
    if part.name == "Join":
        return _required_triples(part.p1) or _required_triples(part.p2)
    if part.name == "LeftJoin":
        return _required_triples(part.p1)
    if part.name == "Minus":
        return _required_triples(part.p1)
    if part.name in ("Filter", "Extend", "Project", "Distinct", "Reduced", "ToMultiSet", "OrderBy", "Slice"):
        return _required_triples(part.p)
    return []


def _instantiate(template: CompValue, solutions: Iterable[Any], default: GraphName) -> Iterator[Any]:
    """Quads of a template for each solution; blank nodes are fresh per solution.

    A quad with an unbound variable, a literal subject, a non-IRI predicate or a graph that is
    not an IRI is left out, as the standard says (https://www.w3.org/TR/sparql11-update/#deleteInsert).
    """
    parts: list[tuple[Any, list[Triple3]]] = [(default, list(template.triples or ()))]
    parts += [(graph, list(triples)) for graph, triples in (template.quads or {}).items()]
    for solution in solutions:
        fresh: dict[BNode, BNode] = {}
        for graph_term, triples in parts:
            graph = solution.get(graph_term) if isinstance(graph_term, Variable) else graph_term
            if isinstance(graph_term, Variable) and not isinstance(graph, URIRef):
                continue
            for triple in triples:
                terms = []
                for term in triple:
                    if isinstance(term, Variable):
                        term = solution.get(term)
                    elif isinstance(term, BNode):
                        term = fresh.setdefault(term, BNode())
                    terms.append(norm_term(term))
                s, p, o = terms
                if s is None or p is None or o is None or isinstance(s, Literal) or not isinstance(p, URIRef):
                    continue
                yield s, p, o, norm_graph(graph)


# ----------------------------------------------------------------------- Graph Store Protocol


def replace_graph_delta(store: Store, graph: str | None, new_triples: Iterable[Triple3]) -> Delta:
    """``PUT``: the graph (``None``: the default graph) holds exactly ``new_triples`` afterwards."""
    return replace_graphs_delta(store, {graph: new_triples})


def replace_graphs_delta(store: Store, graphs: Mapping[str | None, Iterable[Triple3]]) -> Delta:
    """Several ``PUT`` s in one change set: each graph holds exactly its triples afterwards."""
    pending = PendingChanges(StoreReader(store))
    for graph, new_triples in graphs.items():
        target = norm_graph(graph)
        pending.clear(target)
        pending.create(target)
        for triple in new_triples:
            pending.add(triple, target)
    return pending.delta()


def add_to_graph_delta(store: Store, graph: str | None, new_triples: Iterable[Triple3]) -> Delta:
    """``POST``: ``new_triples`` are merged into the graph, which is created if missing."""
    pending = PendingChanges(StoreReader(store))
    target = norm_graph(graph)
    pending.create(target)
    for triple in new_triples:
        pending.add(triple, target)
    return pending.delta()


def delete_graphs_delta(store: Store, graphs: Iterable[str]) -> Delta:
    """Several ``DELETE`` s of named graphs in one change set (those that do not exist are skipped)."""
    pending = PendingChanges(StoreReader(store))
    for graph in graphs:
        target = norm_graph(graph)
        if pending.graph_exists(target):
            pending.clear(target, drop=True)
    return pending.delta()


def delete_graph_delta(store: Store, graph: str | None) -> Delta:
    """``DELETE``: a named graph is removed; the default graph is emptied.

    Raises:
        NotFound: there is no such named graph.
    """
    pending = PendingChanges(StoreReader(store))
    target = norm_graph(graph)
    if not pending.graph_exists(target):
        raise NotFound(f"graph <{graph}> does not exist in the store")
    pending.clear(target, drop=True)
    return pending.delta()
