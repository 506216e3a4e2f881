"""What the graph says about one resource.

Its statements, the labels of what they point to, the statements that point to it (a bounded number),
and the graphs (sources) each statement is in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

from graph.namespaces import PREFIXES
from graph.sparql.text import iri
from graph.store import GraphResult, SelectResult, Store

#: Statements pointing at a resource, listed at most (a topic may be the subject of thousands of meetings).
INCOMING_LIMIT = 200
_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
_LABELS = (SKOS.prefLabel, DCTERMS.title, RDFS.label)


def describe_resource(store: Store, resource: str) -> Graph:
    """The statements about ``resource`` (all graphs), plus English labels of the terms they use."""
    target = iri(resource)
    result = store.query(f"""{_PREFIXES}
CONSTRUCT {{ {target} ?p ?o . ?o ?lp ?label . ?p rdfs:label ?pl }} WHERE {{
  {target} ?p ?o .
  OPTIONAL {{ VALUES ?lp {{ skos:prefLabel dct:title rdfs:label }} ?o ?lp ?label
             FILTER(isLiteral(?label) && LANGMATCHES(LANG(?label), "en")) }}
  OPTIONAL {{ ?p rdfs:label ?pl FILTER(LANGMATCHES(LANG(?pl), "en")) }}
}}""")
    assert isinstance(result, GraphResult)  # noqa: S101 - a CONSTRUCT query
    graph = result.graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


@dataclass
class ResourceView:
    """A resource as a page shows it."""

    iri: str
    label: str | None
    statements: list[tuple[str, str, Node, str | None]] = field(default_factory=list)
    incoming: list[tuple[str, str | None, str]] = field(default_factory=list)
    sources: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        """Whether the graph says anything about the resource."""
        return bool(self.statements or self.incoming)


def resource_view(store: Store, resource: str) -> ResourceView:
    """The resource's statements with labels, what points to it, and where its statements come from."""
    description = describe_resource(store, resource)
    subject = URIRef(resource)
    statements = sorted(
        (
            (str(p), _label(description, p) or _short(str(p)), o, _label(description, o))
            for p, o in description.predicate_objects(subject)
        ),
        key=lambda s: (s[1], str(s[3] or s[2])),
    )
    view = ResourceView(resource, _label(description, subject), statements)
    target = iri(resource)
    incoming = store.query(f"""{_PREFIXES}
SELECT ?s ?p ?label WHERE {{ ?s ?p {target} .
  OPTIONAL {{ VALUES ?lp {{ skos:prefLabel dct:title rdfs:label }} ?s ?lp ?label FILTER(LANGMATCHES(LANG(?label), "en")) }}
}} LIMIT {INCOMING_LIMIT}""")
    assert isinstance(incoming, SelectResult)  # noqa: S101
    view.incoming = [
        (str(r["s"]), None if r.get("label") is None else str(r["label"]), _short(str(r["p"])))
        for r in incoming
    ]
    sources = store.query(f"""{_PREFIXES}
SELECT DISTINCT ?g ?title WHERE {{ GRAPH ?g {{ {target} ?p ?o }}
  OPTIONAL {{ ?g prov:wasDerivedFrom/dct:title ?title }} }}""")
    assert isinstance(sources, SelectResult)  # noqa: S101
    view.sources = [(str(r["g"]), None if r.get("title") is None else str(r["title"])) for r in sources]
    return view


def _label(graph: Graph, node: Node) -> str | None:
    """The label of ``node`` by the first labelling property it has: English first, then no language."""
    for predicate in _LABELS:
        values = [v for v in graph.objects(node, predicate) if isinstance(v, Literal)]
        if values:
            return str(min(values, key=_english_first))
    return None


def _english_first(value: Literal) -> tuple[int, str]:
    language = (value.language or "").lower()
    return (0 if language == "en" or language.startswith("en-") else 1 if not language else 2, str(value))


def _short(term: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if term.startswith(namespace) and prefix not in ("id",):
            return f"{prefix}:{term[len(namespace) :]}"
    return term
