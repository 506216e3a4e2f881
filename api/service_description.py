"""The SPARQL Service Description at ``GET /sparql``: live counts, features, formats, prefixes."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from graph.formats import GRAPH_FORMATS, RESULT_FORMATS
from graph.namespaces import PREFIXES, SD
from graph.store import Store

#: What a query may answer in (from the one format table), as W3C format IRIs.
RESULT_FORMAT_IRIS = tuple(dict.fromkeys(f.iri for f in (*RESULT_FORMATS, *GRAPH_FORMATS) if f.iri))
#: Named graphs listed one by one (with their sizes) before the description only counts them.
LISTED_GRAPHS = 1000


def describe_service(store: Store, endpoint: str, *, update_enabled: bool) -> Graph:
    """Describe the endpoint and the dataset it serves, with the store's current counts."""
    sd = Graph()
    sd.bind("sd", SD)
    sd.bind("void", VOID)
    sd.bind("dct", DCTERMS)
    service = URIRef(endpoint)
    sd.add((service, RDF.type, SD.Service))
    sd.add((service, SD.endpoint, service))
    sd.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if update_enabled:
        sd.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    sd.add((service, SD.feature, SD.UnionDefaultGraph))
    for iri in RESULT_FORMAT_IRIS:
        sd.add((service, SD.resultFormat, URIRef(iri)))
    prefixes = ", ".join(f"{p}: <{ns}>" for p, ns in PREFIXES.items())
    sd.add((service, DCTERMS.description, Literal(
        "euus-kg: the knowledge graph of EU-US cooperation in justice and home affairs. The default graph of "
        "a query is the union of all graphs; each source's facts stay in its own named graph (GRAPH ?g). "
        "Updates without a graph name write to the store's default graph. SERVICE and LOAD are refused. "
        f"Predeclared prefixes (no PREFIX line needed): {prefixes}.",
        lang="en",
    )))  # fmt: skip
    dataset, default_graph = BNode(), BNode()
    sd.add((service, SD.defaultDataset, dataset))
    sd.add((dataset, RDF.type, SD.Dataset))
    sd.add((dataset, SD.defaultGraph, default_graph))
    sd.add((default_graph, RDF.type, SD.Graph))
    # the default graph is the union of all graphs: it holds every quad of the store
    sd.add((default_graph, VOID.triples, Literal(store.quad_count())))
    names = store.named_graphs()
    for name in names[:LISTED_GRAPHS]:
        named, graph = BNode(), BNode()
        sd.add((dataset, SD.namedGraph, named))
        sd.add((named, RDF.type, SD.NamedGraph))
        sd.add((named, SD.name, URIRef(name)))
        sd.add((named, SD.graph, graph))
        sd.add((graph, RDF.type, SD.Graph))
        sd.add((graph, VOID.triples, Literal(store.graph_size(name))))
    return sd
