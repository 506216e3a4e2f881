"""The description of the dataset (VoID and DCAT) from the store and the dumps as written.

The triple counts are those the dumps counted while being written (the dataset: the union of all
graphs, as in ``dataset.nt``; each graph: its quads in ``dataset.nq``), so they equal the dumps by
construction. Sizes and checksums are of the dumps' bytes. Class partitions, vocabularies, example
resources and dates come from queries on the same data version.

Where the facts come from: the title and description say what the README says; the licence is the one
the ontology declares (``dct:license``; the package is EUPL-1.2 too); the publisher is
``id/agent/euus-kg``, named as the ontology names its creator; issued and modified are the earliest
and latest ``dct:created``/``dct:modified`` of the ontology and the fact graphs.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, VOID, XSD

from graph.dataset.export import Dump, dump_file_name
from graph.formats import N_QUADS, N_TRIPLES, Format
from graph.namespaces import CV, EUUS, ID, PREFIXES, SD, mint
from graph.resources import dataset_licence
from graph.sparql.text import iri, string
from graph.store import SelectResult, Store

DATASET = mint("dataset/euus-kg")
PUBLISHER = mint("agent/euus-kg")
SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
TITLE = "euus-kg"
DESCRIPTION = (
    "The knowledge graph of EU-US cooperation in justice and home affairs: who met whom, where, when, "
    "under which Council presidency and about what, from press releases, with an ontology, a multilingual "
    "topic scheme, curated reference data and the provenance of every fact (one named graph per source)."
)
#: The classes whose first resource (by IRI) is given as an example.
EXAMPLE_CLASSES = (
    EUUS.Meeting,
    EUUS.CouncilPresidency,
    CV.PublicOrganisation,
    SKOS.Concept,
    EUUS.SourceDocument,
)
#: Named graphs listed one by one as subsets (by IRI); a store of press releases may hold thousands.
LISTED_GRAPHS = 1000
_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())


def _select(store: Store, query: str) -> list[dict[str, object]]:
    result = store.query(_PREFIXES + "\n" + query)
    assert isinstance(result, SelectResult)  # noqa: S101 - a SELECT query
    return [dict(row) for row in result]


def describe_dataset(store: Store, dumps: Sequence[Dump], graph_dumps: Sequence[Format], base: str) -> Graph:
    """VoID and DCAT for the dataset in ``store``, whose dumps (all of one version) are ``dumps``.

    Args:
        store: the store the dumps were written from.
        dumps: the dataset dumps, one per format; the N-Triples and N-Quads ones give the counts.
        graph_dumps: the formats each named graph can be downloaded in (listed, not checksummed; the
            first :data:`LISTED_GRAPHS` graphs by IRI are listed).
        base: the public base URL of the service (``EUUS_BASE_IRI``), for download and endpoint URLs.
    """
    by_format = {d.fmt: d for d in dumps}
    void = Graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF),
                              ("spdx", SPDX), ("xsd", XSD), ("sd", SD), ("id", ID)):  # fmt: skip
        void.bind(prefix, namespace)
    add = void.add
    add((DATASET, RDF.type, VOID.Dataset))
    add((DATASET, RDF.type, DCAT.Dataset))
    add((DATASET, DCTERMS.title, Literal(TITLE, lang="en")))
    add((DATASET, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    add((DATASET, DCTERMS.publisher, PUBLISHER))
    add((PUBLISHER, RDF.type, FOAF.Agent))
    add((PUBLISHER, FOAF.name, Literal("euus-kg developers")))
    licence = dataset_licence()
    if licence is not None:
        add((DATASET, DCTERMS.license, licence))
    _dates(store, void)
    add((DATASET, VOID.uriSpace, Literal(str(ID))))
    endpoint = URIRef(base + "sparql")
    add((DATASET, VOID.sparqlEndpoint, endpoint))
    service = BNode()
    add((DATASET, DCAT.accessService, service))
    add((service, RDF.type, DCAT.DataService))
    add((service, DCAT.endpointURL, endpoint))
    add((service, DCAT.servesDataset, DATASET))
    if N_TRIPLES in by_format:
        add((DATASET, VOID.triples, Literal(by_format[N_TRIPLES].counts.triples)))
    for dump in dumps:
        _distribution(void, DATASET, dump, base)
    _partitions(store, void)
    _vocabularies(store, void)
    _examples(store, void)
    if N_QUADS in by_format:
        named = sorted((g, n) for g, n in by_format[N_QUADS].counts.per_graph.items() if g)
        # the store's default graph (if it has triples) is in the dataset dumps only
        for graph, triples in named[:LISTED_GRAPHS]:
            subset = URIRef(graph)
            add((DATASET, VOID.subset, subset))
            add((subset, RDF.type, VOID.Dataset))
            add((subset, SD.name, subset))
            add((subset, VOID.triples, Literal(triples)))
            for fmt in graph_dumps:
                add((subset, VOID.dataDump, URIRef(base + "export/" + dump_file_name(fmt, graph))))
    return void


def _distribution(void: Graph, dataset: URIRef, dump: Dump, base: str) -> None:
    url = URIRef(base + "export/" + dump.file_name)
    distribution, checksum = BNode(), BNode()
    void.add((dataset, VOID.dataDump, url))
    void.add((dataset, DCAT.distribution, distribution))
    void.add((distribution, RDF.type, DCAT.Distribution))
    void.add(
        (distribution, DCTERMS.title, Literal(f"{dump.file_name}: the dataset as {dump.fmt.name}", lang="en"))
    )
    void.add((distribution, DCAT.downloadURL, url))
    void.add((distribution, DCAT.accessURL, url))
    void.add((distribution, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + dump.fmt.media_type)))
    void.add((distribution, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
    void.add((distribution, SPDX.checksum, checksum))
    void.add((checksum, RDF.type, SPDX.Checksum))
    void.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    void.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))


def _dates(store: Store, void: Graph) -> None:
    rows = _select(
        store,
        """SELECT (MIN(?day) AS ?first) (MAX(?day) AS ?last) WHERE {
  { ?g a euus:FactGraph } UNION { ?g a owl:Ontology }
  ?g dct:created|dct:modified ?date BIND(SUBSTR(STR(?date), 1, 10) AS ?day) }""",
    )
    for row in rows:
        if row.get("first") is not None:
            void.add((DATASET, DCTERMS.issued, Literal(str(row["first"]), datatype=XSD.date)))
        if row.get("last") is not None:
            void.add((DATASET, DCTERMS.modified, Literal(str(row["last"]), datatype=XSD.date)))


def _partitions(store: Store, void: Graph) -> None:
    total = _select(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?s)) }")
    void.add((DATASET, VOID.entities, Literal(int(str(total[0]["n"])))))
    rows = _select(
        store,
        """SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?s)) }
GROUP BY ?c ORDER BY ?c""",
    )
    void.add((DATASET, VOID.classes, Literal(len(rows))))
    for row in rows:
        partition = BNode()
        void.add((DATASET, VOID.classPartition, partition))
        void.add((partition, VOID["class"], URIRef(str(row["c"]))))
        void.add((partition, VOID.entities, Literal(int(str(row["n"])))))


def _vocabularies(store: Store, void: Graph) -> None:
    rows = _select(
        store, "SELECT DISTINCT ?term WHERE { { ?s ?term ?o } UNION { ?s a ?term } FILTER(isIRI(?term)) }"
    )
    terms = [str(row["term"]) for row in rows]
    void.add(
        (DATASET, VOID.properties, Literal(len(_select(store, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"))))
    )
    known = sorted(PREFIXES.values(), key=len, reverse=True)
    namespaces = set()
    for term in terms:
        namespace = next((ns for ns in known if term.startswith(ns)), None)
        if namespace is None:
            cut = max(term.rfind("#"), term.rfind("/"))
            namespace = term[: cut + 1]
        if namespace != str(ID):
            namespaces.add(namespace)
    for namespace in sorted(namespaces):
        void.add((DATASET, VOID.vocabulary, URIRef(namespace)))


def _examples(store: Store, void: Graph) -> None:
    classes = " ".join(iri(str(c)) for c in EXAMPLE_CLASSES)
    rows = _select(
        store,
        f"""SELECT ?c (MIN(STR(?s)) AS ?example) WHERE {{ VALUES ?c {{ {classes} }}
  ?s a ?c FILTER(isIRI(?s) && STRSTARTS(STR(?s), {string(str(ID))})) }} GROUP BY ?c""",
    )
    for row in rows:
        if row.get("example") is not None:
            void.add((DATASET, VOID.exampleResource, URIRef(str(row["example"]))))
