"""Conversion between pyoxigraph terms and rdflib terms.

pyoxigraph parses and queries fast; rdflib and pySHACL need rdflib terms. Datatypes and language tags
are kept as they are (no lexical normalisation), so a round trip is lossless.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import IdentifiedNode, Identifier, Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

RdflibQuad = tuple[Node, Node, Node, IdentifiedNode | None]
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph | ox.Triple


def to_rdflib(term: OxTerm) -> Node | None:
    """Convert a pyoxigraph term to rdflib; the default graph becomes ``None``."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported pyoxigraph term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to pyoxigraph."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _RDF_LANG_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"unsupported rdflib term {term!r}")


def graph_name_to_rdflib(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> IdentifiedNode | None:
    """Convert a pyoxigraph graph name; the default graph becomes ``None``."""
    if isinstance(graph, ox.NamedNode):
        return URIRef(graph.value)
    if isinstance(graph, ox.BlankNode):
        return BNode(graph.value)
    return None


def quads_to_rdflib(quads: Iterable[ox.Quad]) -> Iterator[RdflibQuad]:
    """Convert pyoxigraph quads to rdflib ``(s, p, o, graph-or-None)`` tuples."""
    for quad in quads:
        s, p, o = to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)
        assert s is not None and p is not None and o is not None  # noqa: S101 - terms, not graphs
        yield s, p, o, graph_name_to_rdflib(quad.graph_name)


def quad_to_oxigraph(s: Node, p: Node, o: Node, g: Identifier | None) -> ox.Quad:
    """Convert one rdflib quad (graph ``None`` = default graph) to pyoxigraph."""
    graph = ox.DefaultGraph() if g is None else to_oxigraph(g)
    return ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph)  # type: ignore[arg-type]
