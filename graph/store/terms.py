"""Terms crossing the store boundary: pyoxigraph inside, rdflib outside, SPARQL text for writes.

Literals keep their lexical form both ways (``"01"^^xsd:integer`` stays ``"01"``), plain literals
are ``xsd:string`` in pyoxigraph and have no datatype in rdflib, and rdflib's
``urn:x-rdflib:default`` graph name means the default graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.errors import InvalidInput

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_CACHE_LIMIT = 65_536


class ToRdflib:
    """Convert pyoxigraph terms to rdflib terms, remembering recent ones.

    One converter serves one result: IRIs (predicates, classes, graph names) repeat a lot, and a
    cache hit is several times cheaper than building the rdflib term again.

    >>> ToRdflib()(ox.Literal("01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    rdflib.term.Literal('01', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """

    __slots__ = ("_cache", "_datatypes")

    def __init__(self) -> None:
        self._cache: dict[Any, Any] = {}
        self._datatypes: dict[str, URIRef] = {}

    def __call__(self, term: Any) -> Any:
        """Return the rdflib term for ``term`` (``None`` stays ``None``: an unbound variable)."""
        if term is None:
            return None
        found = self._cache.get(term)
        if found is not None:
            return found
        converted = self._convert(term)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[term] = converted
        return converted

    def _convert(self, term: Any) -> URIRef | BNode | Literal:
        cls = term.__class__
        if cls is ox.NamedNode:
            return URIRef(term.value)
        if cls is ox.Literal:
            if term.direction is not None:
                raise ValueError(f"{term}: rdflib has no directional language strings (RDF 1.2)")
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            if datatype == _XSD_STRING:
                return Literal(term.value)
            uri = self._datatypes.get(datatype)
            if uri is None:
                uri = self._datatypes[datatype] = URIRef(datatype)
            return Literal(term.value, datatype=uri, normalize=False)
        if cls is ox.BlankNode:
            return BNode(term.value)
        raise ValueError(f"{term}: rdflib has no RDF 1.2 triple terms; use query_serialized")


def to_ox_term(term: Any) -> Any:
    """Convert one rdflib term to pyoxigraph.

    Raises:
        InvalidInput: the term is not valid RDF (bad IRI, language tag or blank node label).
    """
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(term)
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(term, language=term.language)
            datatype = term.datatype
            if datatype is None or datatype == _XSD_STRING:
                return ox.Literal(term)
            return ox.Literal(term, datatype=ox.NamedNode(datatype))
        if isinstance(term, BNode):
            return ox.BlankNode(term)
    except ValueError as error:
        raise InvalidInput(f"{term!r} is not a valid RDF term: {error}") from None
    raise InvalidInput(f"{term!r} is not an rdflib URIRef, BNode or Literal")


def graph_node(graph: Any) -> Any:
    """Convert a graph name (``str`` IRI, ``"_:label"``, ``BNode``, ``Graph``, ``None``)."""
    if isinstance(graph, Graph):
        graph = graph.identifier
    if graph is None or graph == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(graph, BNode):
        return to_ox_term(graph)
    name = str(graph)
    if name.startswith("_:"):
        return to_ox_term(BNode(name[2:]))
    return to_ox_term(URIRef(name))


def graph_name(node: Any) -> str | None:
    """Convert a pyoxigraph graph name back to ``str`` (``"_:label"`` for blank nodes)."""
    if isinstance(node, ox.DefaultGraph):
        return None
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    return str(node.value)


def to_ox_quad(quad: Iterable[Any]) -> ox.Quad:
    """Convert an rdflib ``(s, p, o, g)`` quad (or ``(s, p, o)`` triple) to pyoxigraph.

    Raises:
        InvalidInput: a term is invalid or in the wrong place (a literal subject, for example).
    """
    subject, predicate, obj, *rest = quad
    graph = graph_node(rest[0] if rest else None)
    try:
        return ox.Quad(to_ox_term(subject), to_ox_term(predicate), to_ox_term(obj), graph)
    except TypeError:
        raise InvalidInput(
            f"{tuple(quad)!r} is not a valid quad: the subject must be an IRI or a blank node "
            "and the predicate an IRI"
        ) from None


def changes_update(
    removed: Iterable[Any], added: Iterable[Any], *, chunk: int = 0, blank_nodes_in_data: bool = True
) -> str:
    """Write ``DELETE DATA {…} ; INSERT DATA {…}``: one update, hence one transaction.

    Returns an empty string when there is nothing to change. ``chunk`` splits each block into
    operations of at most that many quads (an engine's compiler may not take more in one);
    ``blank_nodes_in_data=False`` writes the added quads holding blank nodes as one
    ``INSERT {…} WHERE {}`` instead (Virtuoso refuses blank nodes in ``INSERT DATA``).

    Raises:
        InvalidInput: a term is invalid, or a removed quad holds a blank node (SPARQL forbids
            them in ``DELETE DATA``: https://www.w3.org/TR/sparql11-update/#deleteData).
    """
    removed, added = list(removed), list(added)
    with_blank: list[Any] = []
    if not blank_nodes_in_data:
        with_blank = [q for q in added if any(isinstance(t, BNode) for t in q[:3])]
        added = [q for q in added if not any(isinstance(t, BNode) for t in q[:3])]
    step = chunk or max(len(removed), len(added), 1)
    parts = []
    for start in range(0, len(removed), step):
        if delete_block := data_block(removed[start : start + step], refuse_blank_nodes=True):
            parts.append(f"DELETE DATA {{\n{delete_block}}}")
    for start in range(0, len(added), step):
        if insert_block := data_block(added[start : start + step]):
            parts.append(f"INSERT DATA {{\n{insert_block}}}")
    if with_blank:
        parts.append(f"INSERT {{\n{data_block(with_blank)}}} WHERE {{}}")
    return " ;\n".join(parts)


def data_block(quads: Iterable[Any], *, refuse_blank_nodes: bool = False) -> str:
    """Write quads as the body of ``INSERT DATA``/``DELETE DATA``, grouped by graph."""
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        ox_quad = to_ox_quad(quad)
        if refuse_blank_nodes and any(
            isinstance(term, ox.BlankNode) for term in (ox_quad.subject, ox_quad.object, ox_quad.graph_name)
        ):
            raise InvalidInput(
                f"cannot delete {tuple(quad)!r}: blank nodes are not allowed in DELETE DATA "
                "(https://www.w3.org/TR/sparql11-update/#deleteData)"
            )
        key = "" if isinstance(ox_quad.graph_name, ox.DefaultGraph) else str(ox_quad.graph_name)
        by_graph.setdefault(key, []).append(f"{ox_quad.triple} .\n")
    blocks = []
    for graph, lines in by_graph.items():
        body = "".join(lines)
        blocks.append(f"GRAPH {graph} {{\n{body}}}\n" if graph else body)
    return "".join(blocks)
