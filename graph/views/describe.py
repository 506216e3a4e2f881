"""What the graph says about one resource, for ``/id/...`` and ``/resource?iri=``.

A description holds the resource's statements (from every graph), the statements of the blank nodes
they point to, the labels of everything they link to (every language), one page of the statements that
point to it, and the named graphs its statements are in with the source each graph was derived from.
As RDF, the description document says which resource it is about (``foaf:primaryTopic``) and which
graphs it was derived from (``prov:wasDerivedFrom``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, VOID
from rdflib.term import Node

from graph.dataset.export import dump_file_name
from graph.formats import DUMP_FORMATS
from graph.namespaces import ID, PREFIXES
from graph.sparql.text import iri
from graph.store import GraphResult, SelectResult, Store

#: Statements pointing at a resource per page (a topic may be the subject of thousands of meetings).
INCOMING_PAGE_SIZE = 200
CANONICAL_BASE = str(ID).removesuffix("id/")
_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())
_LABELS = (SKOS.prefLabel, DCTERMS.title, RDFS.label)
_LABEL_VALUES = "VALUES ?lp { skos:prefLabel dct:title rdfs:label }"


def canonical_iri(resource: str, public_base: str) -> str:
    """The IRI in the data for ``resource`` as a deployment under ``public_base`` may spell it.

    >>> canonical_iri("https://kg.example.org/id/org/europol", "https://kg.example.org/")
    'https://w3id.org/euus-kg/id/org/europol'
    """
    if public_base != CANONICAL_BASE and resource.startswith(public_base):
        return CANONICAL_BASE + resource[len(public_base) :]
    return resource


@dataclass
class ResourceView:
    """A resource as a page shows it."""

    iri: str
    label: str | None
    statements: list[tuple[str, str, Node, str | None]] = field(default_factory=list)
    incoming: list[tuple[str, str | None, str]] = field(default_factory=list)
    sources: list[tuple[str, str | None]] = field(default_factory=list)
    page: int = 1
    more_incoming: bool = False

    @property
    def exists(self) -> bool:
        """Whether the graph says anything about the resource."""
        return bool(self.statements or self.incoming)


@dataclass
class Description:
    """A description as RDF, and whether more statements point to the resource than this page holds."""

    graph: Graph
    page: int
    more_incoming: bool
    exists: bool
    sources: list[Source]


def _construct(store: Store, query: str) -> Graph:
    result = store.query(_PREFIXES + "\n" + query)
    assert isinstance(result, GraphResult)  # noqa: S101 - a CONSTRUCT query
    return result.graph()


def _select(store: Store, query: str) -> list[dict[str, Node | None]]:
    result = store.query(_PREFIXES + "\n" + query)
    assert isinstance(result, SelectResult)  # noqa: S101 - a SELECT query
    return list(result)  # type: ignore[arg-type]


def describe(
    store: Store, resource: str, *, page: int = 1, document: str | None = None, dumps: str | None = None
) -> Description:
    """Describe ``resource``: its statements, linked labels, a page of incoming links and its graphs.

    Args:
        store: the store.
        resource: the IRI described.
        page: which page of incoming links (1 is the first).
        document: the IRI of the description document (its URL); ``None`` leaves the document out.
        dumps: the base URL of the dumps (``…/export/``): a named graph's description links its dumps.
    """
    target, subject = iri(resource), URIRef(resource)
    graph = _construct(
        store,
        f"""CONSTRUCT {{ {target} ?p ?o . ?o ?lp ?label . ?p rdfs:label ?pl . ?o ?bp ?bo }}
WHERE {{ {target} ?p ?o .
  OPTIONAL {{ {_LABEL_VALUES} ?o ?lp ?label FILTER(isLiteral(?label)) }}
  OPTIONAL {{ ?p rdfs:label ?pl }}
  OPTIONAL {{ FILTER(isBlank(?o)) ?o ?bp ?bo }} }}""",
    )
    exists = len(graph) > 0
    offset = (page - 1) * INCOMING_PAGE_SIZE
    rows = _select(
        store,
        f"""SELECT ?s ?p ?lp ?label WHERE {{
  {{ SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {target} }} ORDER BY ?s ?p
     LIMIT {INCOMING_PAGE_SIZE + 1} OFFSET {offset} }}
  OPTIONAL {{ {_LABEL_VALUES} ?s ?lp ?label FILTER(isLiteral(?label)) }} }}""",
    )
    pairs = sorted({(r["s"], r["p"]) for r in rows}, key=lambda sp: (str(sp[0]), str(sp[1])))
    more = len(pairs) > INCOMING_PAGE_SIZE
    kept = set(pairs[:INCOMING_PAGE_SIZE])
    for row in rows:
        s, p = row["s"], row["p"]
        if (s, p) not in kept or not isinstance(p, URIRef):
            continue
        graph.add((s, p, subject))  # type: ignore[arg-type]
        if row.get("lp") is not None and row.get("label") is not None:
            graph.add((s, row["lp"], row["label"]))  # type: ignore[arg-type]
        exists = True
    if store.graph_exists(resource):  # a named graph: how big it is, and where to download it
        graph.add((subject, RDF.type, VOID.Dataset))
        graph.add((subject, VOID.triples, Literal(store.graph_size(resource))))
        for fmt in DUMP_FORMATS if dumps is not None else ():
            graph.add((subject, VOID.dataDump, URIRef(f"{dumps}{dump_file_name(fmt, resource)}")))
        exists = True
    sources = _sources(store, target)
    if document is not None and exists:
        doc = URIRef(document)
        graph.add((doc, FOAF.primaryTopic, subject))
        for source in sources:
            graph.add((doc, PROV.wasDerivedFrom, source.graph))
            for s, p, o in ((source.graph, DCTERMS.title, source.title),
                            (source.graph, PROV.wasDerivedFrom, source.document),
                            (source.document, DCTERMS.title, source.document_title)):  # fmt: skip
                if s is not None and o is not None:
                    graph.add((s, p, o))
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return Description(graph, page, more, exists, sources)


@dataclass(frozen=True)
class Source:
    """A named graph a resource's statements are in, and the source document it was derived from."""

    graph: URIRef
    title: Node | None
    document: Node | None
    document_title: Node | None


def _sources(store: Store, target: str) -> list[Source]:
    rows = _select(
        store,
        f"""SELECT DISTINCT ?g ?title ?doc ?docTitle WHERE {{ GRAPH ?g {{ {target} ?p ?o }}
  OPTIONAL {{ ?g dct:title ?title }}
  OPTIONAL {{ ?g prov:wasDerivedFrom ?doc OPTIONAL {{ ?doc dct:title ?docTitle }} }} }} ORDER BY ?g""",
    )
    return [
        Source(r["g"], r.get("title"), r.get("doc"), r.get("docTitle"))
        for r in rows
        if isinstance(r["g"], URIRef)
    ]


def resource_view(store: Store, resource: str, *, page: int = 1) -> ResourceView:
    """The resource's statements with labels, what points to it, and where its statements come from."""
    return view_of(describe(store, resource, page=page), resource)


def view_of(description: Description, resource: str) -> ResourceView:
    """A description as a page shows it: labelled statements, incoming links, sources."""
    graph, subject = description.graph, URIRef(resource)
    statements = sorted(
        (
            (str(p), _label(graph, p) or _short(str(p)), o, _label(graph, o))
            for p, o in graph.predicate_objects(subject)
        ),
        key=lambda s: (s[1], str(s[3] or s[2])),
    )
    view = ResourceView(resource, _label(graph, subject), statements, page=description.page)
    view.more_incoming = description.more_incoming
    view.incoming = sorted(
        (str(s), _label(graph, s), _short(str(p)))
        for s, p in graph.subject_predicates(subject)
        if isinstance(s, URIRef) and p != FOAF.primaryTopic
    )
    for source in description.sources:
        title = source.document_title or source.title
        view.sources.append((str(source.graph), None if title is None else str(title)))
    return view


def _label(graph: Graph, node: Node) -> str | None:
    """The English label of ``node``, else one without a language, else any; a summary for a blank node."""
    if isinstance(node, BNode):
        parts = [f"{_short(str(p))} {o}" for p, o in sorted(graph.predicate_objects(node))]
        return "; ".join(parts) or None
    found: dict[str, str] = {}
    for predicate in _LABELS:
        for value in graph.objects(node, predicate):
            if isinstance(value, Literal):
                found.setdefault(value.language or "", str(value))
    return found.get("en") or found.get("") or next(iter(found.values()), None)


def _short(term: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if term.startswith(namespace) and prefix not in ("id",):
            return f"{prefix}:{term[len(namespace) :]}"
    return term


def describe_resource(store: Store, resource: str) -> Graph:
    """The description of ``resource`` as RDF (first page of incoming links, no document triples)."""
    return describe(store, resource).graph
