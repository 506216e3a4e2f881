"""Which nodes the shapes can target: to leave out of a check the blank nodes no shape looks at.

The engines name focus nodes by IRI, so a write that brings blank nodes would be checked over the
whole data graph. Most such nodes are the ``rdf:Statement`` nodes that record where an ingested fact
was read, which no shape targets; :class:`TargetIndex` tells them apart from the blank nodes a shape
does target (by class, by ``sh:targetSubjectsOf``/``sh:targetObjectsOf``, or by a SPARQL target,
whose query is run on the data).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph
from rdflib.namespace import SH

__all__ = ["TargetIndex"]


class TargetIndex:
    """The targets of a shapes graph, read once."""

    def __init__(self, shapes: Graph) -> None:
        self.classes = set(shapes.objects(None, SH.targetClass))
        self.classes |= {
            s for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, RDF.type, RDFS.Class) in shapes
        }
        self.subjects_of = set(shapes.objects(None, SH.targetSubjectsOf))
        self.objects_of = set(shapes.objects(None, SH.targetObjectsOf))
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for d in shapes.objects(None, SH.declare)
        )
        self.queries = [
            prefixes + str(text)
            for target in shapes.objects(None, SH.target)
            for text in shapes.objects(target, SH.select)
        ]

    def targeted(self, blank: list[BNode], data: ox.Store, context: Graph, extra: Graph) -> list[BNode]:
        """Those of the blank nodes ``blank`` some shape targets in ``data`` (= ``context`` + ``extra``)."""
        found = []
        for node in blank:
            direct = {t for g in (extra, context) for t in g.objects(node, RDF.type)}
            types = direct | {c for t in direct for c in context.transitive_objects(t, RDFS.subClassOf)}
            if (
                types & self.classes
                or any((node, p, None) in extra for p in self.subjects_of)
                or any((None, p, node) in extra for p in self.objects_of)
            ):
                found.append(node)
        rest = {str(n): n for n in blank if n not in found}
        for query in self.queries if rest else ():
            for row in data.query(query):  # type: ignore[union-attr]
                this = row["this"]
                if isinstance(this, ox.BlankNode) and this.value in rest:
                    found.append(rest.pop(this.value))
        return found

    def __repr__(self) -> str:
        return f"TargetIndex({len(self.classes)} classes, {len(self.queries)} SPARQL targets)"
