"""Dereferenceable IRIs: every IRI in the data answers with its description, as a page or as RDF."""

from __future__ import annotations

import json
import warnings
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import FOAF, PROV, SKOS

from graph.namespaces import EUUS, ID
from tests.test_api.conftest import ClientFactory, assert_isomorphic, media_type, problem, rdf

EUROPOL = str(ID) + "org/europol"
SOFIA = str(ID) + "meeting/2018-02-26-eu-us-jha-senior-officials-sofia"
ONTOLOGY = str(EUUS._NS)
RDF_TYPES = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")


def url_of(iri: str) -> str:
    """Where the service answers for ``iri``: ours under /id, the ontology at /ontology, others /resource."""
    if iri.startswith(str(ID)):
        return "/id/" + iri[len(str(ID)) :]
    if iri.startswith(ONTOLOGY.rstrip("#")):
        return "/ontology"
    return "/resource?iri=" + quote(iri, safe="")


def subjects(dataset: Dataset) -> list[str]:
    return sorted({str(s) for s, _, _, _ in dataset.quads((None, None, None, None)) if isinstance(s, URIRef)})


def test_every_iri_subject_in_the_data_dereferences(
    shipped_client: TestClient, shipped_dataset: Dataset
) -> None:
    everything = subjects(shipped_dataset)
    assert len(everything) > 400
    failures = []
    for iri in everything:
        response = shipped_client.get(url_of(iri), headers={"Accept": "text/turtle"})
        if response.status_code != 200:
            failures.append(f"{iri}: {response.status_code}")
            continue
        graph = rdf(response)
        if iri.startswith(ONTOLOGY):
            assert (URIRef(iri), None, None) in graph, iri
        else:  # the description holds what the data says about it (blank nodes: the same predicates)
            expected = {(p, o) for _, p, o, _ in shipped_dataset.quads((URIRef(iri), None, None, None))}
            got = set(graph.predicate_objects(URIRef(iri)))
            assert {(p, o) for p, o in expected if not isinstance(o, BNode)} <= got, iri
            blank = {p for p, o in got if isinstance(o, BNode)}
            assert {p for p, o in expected if isinstance(o, BNode)} <= blank, iri
    assert failures == []


def test_every_iri_we_mint_resolves(shipped_client: TestClient, shipped_dataset: Dataset) -> None:
    ours = {
        str(term)
        for quad in shipped_dataset.quads((None, None, None, None))
        for term in quad
        if isinstance(term, URIRef) and str(term).startswith("https://w3id.org/euus-kg/")
    }
    ours |= {str(ID) + "dataset/euus-kg", str(ID) + "agent/euus-kg"}  # the dataset and its publisher
    assert any("/ontology/" in iri for iri in ours), "the version IRI of the ontology is in the data"
    for iri in sorted(ours):
        path = url_of(iri) if "/ontology/" not in iri else "/" + iri.removeprefix("https://w3id.org/euus-kg/")
        response = shipped_client.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code == 200, f"{iri}: {response.status_code}"


def test_same_description_in_every_rdf_format(shipped_client: TestClient) -> None:
    graphs = []
    for accept in RDF_TYPES:
        response = shipped_client.get("/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia",
                                      headers={"Accept": accept})  # fmt: skip
        assert media_type(response) == accept and "Accept" in response.headers["vary"]
        graph = rdf(response)
        document = graph.value(predicate=FOAF.primaryTopic, object=URIRef(SOFIA))
        assert document is not None
        graph.remove((document, None, None))  # the document IRI is the URL, which differs per format
        graphs.append(graph)
    for other in graphs[1:]:
        assert_isomorphic(other, graphs[0])


def test_description_holds_labels_incoming_links_and_source_graphs(shipped_client: TestClient) -> None:
    graph = rdf(shipped_client.get("/id/org/europol", headers={"Accept": "text/turtle"}))
    europol = URIRef(EUROPOL)
    assert (europol, SKOS.prefLabel, Literal("Europol", lang="en")) in graph
    participations = [s for s, p in graph.subject_predicates(europol) if "participation" in str(s)]
    assert participations, "the participations pointing to Europol are in the description"
    document = graph.value(predicate=FOAF.primaryTopic, object=europol)
    sources = set(graph.objects(document, PROV.wasDerivedFrom))
    assert URIRef(str(ID) + "graph/organisations") in sources
    # the labels of what it links to, in every language the data has
    sofia = rdf(shipped_client.get("/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia.ttl"))
    held = URIRef(str(ID) + "meeting-status/held")
    languages = {lit.language for lit in sofia.objects(held, SKOS.prefLabel) if isinstance(lit, Literal)}
    assert languages >= {"en", "fr", "nl", "de"}


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [(".ttl", "text/turtle"), (".jsonld", "application/ld+json"), (".nt", "application/n-triples"),
     (".rdf", "application/rdf+xml"), (".html", "text/html"), ("?format=nt", "application/n-triples"),
     ("?format=turtle", "text/turtle"), ("?format=html", "text/html")],
)  # fmt: skip
def test_file_ending_and_format_override_accept(
    shipped_client: TestClient, suffix: str, expected: str
) -> None:
    response = shipped_client.get("/id/org/europol" + suffix, headers={"Accept": "application/rdf+xml"})
    assert response.status_code == 200 and media_type(response) == expected
    query = "?iri=" + quote(EUROPOL, safe="")
    other = (
        shipped_client.get("/resource" + suffix + query.replace("?", "&"), headers={"Accept": "text/html"})
        if suffix.startswith("?")
        else shipped_client.get("/resource" + suffix + query, headers={"Accept": "text/html"})
    )
    assert other.status_code == 200 and media_type(other) == expected


def test_link_headers_name_every_alternate(shipped_client: TestClient) -> None:
    response = shipped_client.get("/id/org/europol", headers={"Accept": "text/turtle"})
    links = response.headers["link"]
    for ending, kind in ((".ttl", "text/turtle"), (".jsonld", "application/ld+json"), (".nt", "application/n-triples"),
                         (".rdf", "application/rdf+xml"), (".html", "text/html")):  # fmt: skip
        assert f'</id/org/europol{ending}>; rel="alternate"; type="{kind}"' in links
        alternate = shipped_client.get(f"/id/org/europol{ending}")
        assert alternate.status_code == 200 and media_type(alternate) == kind
    assert response.headers["content-location"] == "/id/org/europol.ttl"


def test_jsonld_uses_the_published_context(shipped_client: TestClient) -> None:
    context = shipped_client.get("/context.jsonld")
    assert context.status_code == 200 and media_type(context) == "application/ld+json"
    terms = json.loads(context.content)["@context"]
    assert terms["prefLabel"] == str(SKOS.prefLabel) and terms["euus"] == ONTOLOGY
    body = json.loads(shipped_client.get("/id/org/europol.jsonld").content)
    assert body["@context"] == terms
    assert "prefLabel" in json.dumps(body["@graph"]) and str(SKOS.prefLabel) not in json.dumps(body["@graph"])
    turtle = rdf(shipped_client.get("/id/org/europol.ttl"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        jsonld = Graph().parse(data=json.dumps(body), format="json-ld")
    for graph in (turtle, jsonld):
        graph.remove((None, FOAF.primaryTopic, None))
        for doc in list(graph.subjects(PROV.wasDerivedFrom, None)):
            if "org/europol." in str(doc):
                graph.remove((doc, None, None))
    assert_isomorphic(jsonld, turtle)


def test_foreign_iri_is_described_from_our_graph(shipped_client: TestClient) -> None:
    eurovoc = "http://eurovoc.europa.eu/c_3a9ccfe3"
    response = shipped_client.get("/resource", params={"iri": eurovoc}, headers={"Accept": "text/turtle"})
    graph = rdf(response)
    topics = list(graph.subjects(SKOS.exactMatch, URIRef(eurovoc)))
    assert topics and all(str(t).startswith(str(ID) + "topic/") for t in topics)
    page = shipped_client.get("/resource", params={"iri": eurovoc}, headers={"Accept": "text/html"})
    assert media_type(page) == "text/html" and 'href="/id/topic/' in page.text and "<script" not in page.text
    assert 'href="?format=ttl&amp;iri=http%3A%2F%2Feurovoc' in page.text


def test_browser_gets_a_page(shipped_client: TestClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for url in ("/id/org/europol", "/id/scheme/topics", "/id/dataset/euus-kg", "/ontology",
                "/resource?iri=" + quote("http://eurovoc.europa.eu/c_3a9ccfe3", safe="")):  # fmt: skip
        response = shipped_client.get(url, headers={"Accept": browser})
        assert response.status_code == 200 and media_type(response) == "text/html", url
        assert response.text.startswith("<!doctype html>") and "<script" not in response.text


def test_unknown_iris_and_bad_parameters(shipped_client: TestClient) -> None:
    problem(shipped_client.get("/id/org/nobody", headers={"Accept": "text/turtle"}), 404, "org/nobody")
    problem(shipped_client.get("/resource", params={"iri": "http://example.org/nothing"}), 404, "example.org")
    # a parameter the route declares is checked by the service's one rule for bad parameters (400 or 422)
    for response, word in ((shipped_client.get("/resource"), "iri"),
                           (shipped_client.get("/id/org/europol", params={"page": "0"}), "page")):  # fmt: skip
        problem(response, 422 if response.status_code == 422 else 400, word)
    # a parameter that is no IRI is refused like any malformed parameter: 422, naming it
    problem(shipped_client.get("/resource", params={"iri": "not an iri"}), 422, "not an absolute IRI")
    problem(shipped_client.get("/id/org/europol", headers={"Accept": "image/png"}), 406, "text/turtle")
    problem(shipped_client.get("/id/org/europol", params={"format": "yaml"}), 406, "format=yaml")


def test_incoming_links_are_paged(make_client: ClientFactory) -> None:
    client = make_client()
    target = "http://example.org/popular"
    body = "".join(
        f"<http://example.org/s{i:03d}> <http://example.org/points> <{target}> .\n" for i in range(450)
    )
    put = client.put("/store", params={"graph": "http://example.org/g"}, content=body,
                     headers={"Content-Type": "text/turtle", "Authorization": "Bearer test-token-0123456789"})  # fmt: skip
    assert put.status_code in (201, 204), put.text
    seen: set[str] = set()
    url: str | None = "/resource.ttl?iri=" + quote(target, safe="")
    pages = 0
    while url:
        response = client.get(url)
        graph = rdf(response)
        got = {str(s) for s in graph.subjects(URIRef("http://example.org/points"), URIRef(target))}
        assert got and not got & seen
        seen |= got
        pages += 1
        nxt = [part for part in response.headers["link"].split(", ") if 'rel="next"' in part]
        url = nxt[0].split(">")[0].lstrip("<") if nxt else None
    assert pages == 3 and len(seen) == 450


def test_deployment_base_maps_to_the_canonical_iris(make_client: ClientFactory) -> None:
    client = make_client(load_shipped_data=True, base_iri="https://kg.example.org/")
    response = client.get("/resource", params={"iri": "https://kg.example.org/id/org/europol"},
                          headers={"Accept": "text/turtle"})  # fmt: skip
    assert (URIRef(EUROPOL), SKOS.prefLabel, Literal("Europol", lang="en")) in rdf(response)
    void = rdf(client.get("/void.ttl"))
    endpoints = {str(o) for o in void.objects(None, URIRef("http://rdfs.org/ns/void#sparqlEndpoint"))}
    assert endpoints == {"https://kg.example.org/sparql"}
