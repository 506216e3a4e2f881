"""The JSON-LD ``@context`` published at ``/context.jsonld``: our prefixes and short keys for properties.

The short keys are the local names of the properties the model declares (``ontology/euus.ttl`` and the
reused terms in ``ontology/imports.ttl``): ``title`` for ``dct:title``, ``startDate`` for
``schema:startDate``. When two vocabularies share a local name the first in :data:`KEY_PRIORITY` gets the
short key; the other keeps its prefixed name (``schema:description``), which the prefixes expand. No key
coerces types, so compacting never changes what a value means.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph.namespaces import PREFIXES
from graph.resources import ONTOLOGY_DIR

#: Which vocabulary wins a shared local name.
KEY_PRIORITY = ("euus", "dct", "skos", "schema", "cv", "org", "prov", "dcat", "rdfs", "owl", "foaf")
_PROPERTY_TYPES = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
#: RDF Schema's own properties, which the model uses without declaring them.
_BUILT_IN = (RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy)
_JSON_LD_KEYWORDS = {"type", "id", "graph", "context", "value", "language", "list", "set", "reverse"}


def _prefix_of(term: str) -> tuple[str, str] | None:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if term.startswith(namespace) and term[len(namespace) :].isidentifier():
            return prefix, term[len(namespace) :]
    return None


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The context: ``{"@context": {prefix: namespace, ..., key: IRI, ...}}``."""
    model = Graph()
    for name in ("euus.ttl", "imports.ttl"):
        model.parse(ONTOLOGY_DIR / name, format="turtle")
    candidates: dict[str, set[tuple[int, str]]] = {}
    declared = [p for kind in _PROPERTY_TYPES for p in model.subjects(RDF.type, kind)]
    for prop in [*declared, *_BUILT_IN]:
        found = _prefix_of(str(prop)) if isinstance(prop, URIRef) else None
        if found is None or found[1] in _JSON_LD_KEYWORDS or found[1] in PREFIXES:
            continue
        prefix, local = found
        rank = KEY_PRIORITY.index(prefix) if prefix in KEY_PRIORITY else len(KEY_PRIORITY)
        candidates.setdefault(local, set()).add((rank, str(prop)))
    terms: dict[str, Any] = dict(PREFIXES)
    for local in sorted(candidates):
        terms[local] = min(candidates[local])[1]
    return {"@context": terms}
