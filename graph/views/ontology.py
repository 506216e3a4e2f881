"""The ontology document served at ``/ontology``: the file ``ontology/euus.ttl`` as it ships.

Its terms are fragments of the document (``/ontology#Meeting``); :func:`ontology_terms` lists them in
the order a page shows them (classes, then object properties, then datatype properties).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from graph.namespaces import EUUS
from graph.resources import ONTOLOGY_IRI, ontology_graph

#: Kinds of term, in the order the page lists them, with a heading for each.
TERM_KINDS: dict[URIRef, str] = {
    OWL.Class: "Classes",
    OWL.ObjectProperty: "Object properties",
    OWL.DatatypeProperty: "Datatype properties",
}


def version_iris() -> set[str]:
    """The version IRIs the ontology declares (each dereferences to the same document)."""
    return {str(v) for v in ontology_graph().objects(ONTOLOGY_IRI, OWL.versionIRI)}


@dataclass(frozen=True)
class Term:
    """One term of the ontology as the page shows it."""

    iri: URIRef
    kind: URIRef
    statements: list[tuple[URIRef, Node]]

    @property
    def fragment(self) -> str:
        """Its fragment identifier: ``Meeting`` for ``…/ontology#Meeting``."""
        return str(self.iri).rpartition("#")[2]

    def label(self, lang: str = "en") -> str:
        """Its ``rdfs:label`` in ``lang``, else its fragment."""
        for predicate, value in self.statements:
            if predicate == RDFS.label and isinstance(value, Literal) and value.language == lang:
                return str(value)
        return self.fragment

    def definition(self) -> str | None:
        """Its English ``skos:definition``."""
        for predicate, value in self.statements:
            if predicate == SKOS.definition and isinstance(value, Literal) and value.language in (None, "en"):
                return str(value)
        return None


def ontology_terms() -> list[Term]:
    """Every term the ontology declares in its own namespace, grouped by kind, by fragment within."""
    graph = ontology_graph()
    namespace = str(EUUS._NS)
    terms = []
    for kind in TERM_KINDS:
        subjects = sorted(
            {
                s
                for s in graph.subjects(RDF.type, kind)
                if isinstance(s, URIRef) and str(s).startswith(namespace)
            }
        )
        for subject in subjects:
            statements = sorted(
                ((p, o) for p, o in graph.predicate_objects(subject) if isinstance(p, URIRef)),
                key=lambda po: (str(po[0]), str(po[1])),
            )
            terms.append(Term(subject, kind, statements))
    return terms
